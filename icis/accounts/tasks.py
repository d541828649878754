from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(ignore_result=True)
def sessions_clear_expired() -> int:
    """Sessions live in the database (so signing in works with Redis down): expired ones are
    removed once a day instead of piling up."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
