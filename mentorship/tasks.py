from celery import shared_task

from .services import check_ins_send, requests_expire


@shared_task(acks_late=True, ignore_result=True)
def expire_mentorship_requests() -> int:
    """Daily: requests unanswered past their answer day expire; each trainee is told."""
    return requests_expire()


@shared_task(acks_late=True, ignore_result=True)
def send_mentorship_check_ins() -> int:
    """Daily: the monthly check-in reminders that are due and not sent yet."""
    return check_ins_send()
