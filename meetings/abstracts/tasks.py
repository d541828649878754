from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_abstract_draft_reminders() -> int:
    """Daily: a reminder to each draft's submitter when the call closes within a few days."""
    return services.drafts_remind()
