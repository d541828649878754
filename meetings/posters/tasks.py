from celery import shared_task

from . import qa_services


@shared_task(acks_late=True, ignore_result=True)
def send_question_batches() -> int:
    """Every 15 minutes: one email per poster to its presenter with the new questions."""
    return qa_services.question_batches_send()
