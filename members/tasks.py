from celery import shared_task

from .autorenew import autorenewals_run
from .notices import notices_queue


@shared_task(acks_late=True, ignore_result=True)
def send_renewal_notices() -> dict:
    """Daily: reminders, end-of-term, lapse and "we'd like you back" notices that are due."""
    report = notices_queue()
    return report.by_notice or {}


@shared_task(acks_late=True, ignore_result=True)
def charge_automatic_renewals() -> dict:
    """Daily: charge saved cards of members who renew automatically, retrying failures."""
    report = autorenewals_run()
    return {"paid": len(report.paid), "failed": len(report.failed), "skipped": len(report.skipped)}
