"""The one lock helper: a row held too long answers "busy, try again", never waits for ever."""

import threading

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from icis import urls as site_urls
from icis.core.locks import LockBusy, lock_all, lock_one
from icis.core.models import AuditEntry


def _entry() -> AuditEntry:
    return AuditEntry.objects.create(action="test.lock", data={}, created_at=timezone.now())


@pytest.mark.django_db(transaction=True)
@override_settings(LOCK_TIMEOUT_MS=200)
def test_a_row_held_elsewhere_gives_busy_after_the_timeout_and_changes_nothing():
    entry = _entry()
    held = threading.Event()
    release = threading.Event()

    def hold():
        try:
            with transaction.atomic():
                lock_one(AuditEntry, pk=entry.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with pytest.raises(LockBusy, match="try again"), transaction.atomic():
            locked = lock_one(AuditEntry, pk=entry.pk)
            locked.action = "changed"
            locked.save()
    finally:
        release.set()
        holder.join(10)
    entry.refresh_from_db()
    assert entry.action == "test.lock"
    # Once the holder is done, the same lock is taken at once.
    with transaction.atomic():
        assert [row.pk for row in lock_all(AuditEntry.objects.filter(pk=entry.pk))] == [entry.pk]


@pytest.mark.django_db
def test_a_lock_outside_a_transaction_is_refused():
    entry = _entry()
    with pytest.raises(RuntimeError, match="inside transaction"):
        # pytest-django wraps the test in a transaction; step outside it on purpose.
        connection.in_atomic_block, saved = False, connection.in_atomic_block
        try:
            lock_one(AuditEntry, pk=entry.pk)
        finally:
            connection.in_atomic_block = saved


@pytest.mark.django_db
def test_a_missing_row_raises_does_not_exist_like_get():
    with transaction.atomic(), pytest.raises(AuditEntry.DoesNotExist):
        lock_one(AuditEntry, pk=0)


def _busy_view(request):
    raise LockBusy()


urlpatterns = [path("busy/", _busy_view), *site_urls.urlpatterns]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_busy_form_returns_to_its_page_with_the_message(client):
    response = client.post("/busy/?step=2", {"name": "x"}, follow=True)
    assert response.redirect_chain[0] == ("/busy/?step=2", 302)
    # The page it returns to is busy too here, so the second answer is the busy page itself.
    assert response.status_code == 503
    assert "try again" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_busy_page_answers_503_with_retry_after(client):
    response = client.get("/busy/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Busy for a moment" in response.content.decode()
