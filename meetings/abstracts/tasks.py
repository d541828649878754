from celery import shared_task

from . import review_services, services
from .book import book_build


@shared_task(acks_late=True, ignore_result=True)
def send_abstract_draft_reminders() -> int:
    """Daily: a reminder to each draft's submitter when the call closes within a few days."""
    return services.drafts_remind()


@shared_task(acks_late=True, ignore_result=True)
def send_presenter_registration_reminders() -> int:
    """Daily: accepted abstracts whose presenting author is not registered, shortly before
    the call's "registered by" day (once each)."""
    return review_services.presenters_remind()


@shared_task(acks_late=True, ignore_result=True)
def build_abstract_book(book_id: int) -> None:
    """Build a call's abstract book (queued by staff; see meetings/abstracts/book.py)."""
    book_build(book_id=book_id)
