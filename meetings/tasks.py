from celery import shared_task

from . import communications, registration


@shared_task(acks_late=True, ignore_result=True)
def release_expired_holds() -> int:
    """Every few minutes: unpaid places past their hold go back (and to the waitlist)."""
    return registration.holds_release_expired()


@shared_task(acks_late=True, ignore_result=True)
def expire_waitlist_offers() -> int:
    """Hourly: offers nobody took in time pass to the next person on the waitlist."""
    return registration.waitlist_expire_offers()


@shared_task(acks_late=True, ignore_result=True)
def send_meeting_reminders() -> int:
    """Daily: the reminder with the access details, some days before each meeting."""
    return communications.meeting_reminders_queue()
