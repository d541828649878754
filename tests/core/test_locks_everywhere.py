"""Row locks go through the one helper: a worker skipping rows another holds is served by it
too, and no app takes a lock of its own."""

import pathlib
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from icis.core.locks import lock_all, lock_one
from icis.core.models import AuditEntry

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ["icis", "members", "meetings", "awards", "news"]
HELPER = ROOT / "icis" / "core" / "locks.py"


@pytest.mark.django_db(transaction=True)
def test_a_row_held_elsewhere_is_skipped_at_once_with_skip_locked():
    entry = AuditEntry.objects.create(action="test.lock", data={}, created_at=timezone.now())
    held, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic():
                lock_one(AuditEntry, pk=entry.pk)
                held.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        with transaction.atomic():
            assert lock_all(AuditEntry.objects.filter(pk=entry.pk), skip_locked=True) == []
            with pytest.raises(AuditEntry.DoesNotExist):
                lock_one(AuditEntry, skip_locked=True, pk=entry.pk)
    finally:
        release.set()
        holder.join(30)
    with transaction.atomic():
        assert lock_one(AuditEntry, skip_locked=True, pk=entry.pk).pk == entry.pk


@pytest.mark.parametrize("app", APPS)
def test_no_lock_is_taken_around_the_helper(app):
    offenders = [
        str(file.relative_to(ROOT))
        for file in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in file.parts
        and file != HELPER
        and "select_for_update" in file.read_text()
    ]
    assert offenders == []
