from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_email(email_id: int) -> None:
    # Retries are the outbox's own (next_attempt_at, attempts), visible in the admin.
    services.email_send(email_id=email_id)


@shared_task(acks_late=True, ignore_result=True)
def send_email_batch(email_ids: list[int]) -> None:
    for email_id in email_ids:
        services.email_send(email_id=email_id)


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    return services.email_sweep()
