"""Renewal reminders through real Celery workers on the real Redis broker, including one that is
killed halfway through the daily run: every member is reminded once, nobody twice."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from icis.accounts.models import User
from icis.celery import app as celery_app
from icis.mail.models import OutboundEmail
from icis.mail.services import email_sweep
from members.models import CareerStage, MemberProfile, Membership
from members.tasks import send_renewal_notices
from tests.waiting import wait_for

SENT = OutboundEmail.Status.SENT
REMINDER = "reminder-7"


def _members_ending_in_a_week(membership_types, count: int) -> dict[int, str]:
    """`count` members who want reminders and whose only term ends seven days from today, the
    day the task's `timezone.now()` will see. Returns {term id: email address}."""
    end = timezone.localdate() + timedelta(days=7)
    users = User.objects.bulk_create(
        User(email=f"member{n}@example.org", first_name=f"Member{n}", password="!")
        for n in range(count)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            institution="X",
            country="GB",
            career_stage=CareerStage.SENIOR,
            reminders_opt_in=True,
        )
        for user in users
    )
    terms = Membership.objects.bulk_create(
        Membership(
            user=user,
            membership_type=membership_types["regular"],
            source=Membership.Source.IMPORT,
            start_date=end - timedelta(days=364),
            end_date=end,
            confirmed_at=timezone.now() - timedelta(days=364),
        )
        for user in users
    )
    return {term.pk: user.email for term, user in zip(terms, users, strict=True)}


def _reminders():
    return OutboundEmail.objects.filter(
        dedupe_key__startswith="renewal:", dedupe_key__endswith=f":{REMINDER}"
    )


def _everyone_reminded(terms: dict[int, str]) -> bool:
    keys = set(_reminders().filter(status=SENT).values_list("dedupe_key", flat=True))
    return keys == {f"renewal:{pk}:{REMINDER}" for pk in terms}


def _empty_the_queue() -> None:
    """No task message left over from an earlier test reaches this test's workers."""
    celery_app.control.purge()
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("unacked", "unacked_index")
    client.close()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_every_due_reminder_once(membership_types):
    """The daily task, sent through Redis to a worker, queues a reminder for each member whose
    term ends in a week and the worker delivers each of them, once."""
    _empty_the_queue()
    terms = _members_ending_in_a_week(membership_types, 30)

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        send_renewal_notices.apply_async()
        assert wait_for(lambda: _everyone_reminded(terms), timeout=30), (
            f"{_reminders().filter(status=SENT).count()} of 30 reminders sent"
        )

    rows = list(_reminders().values_list("dedupe_key", "to_email", "status"))
    assert sorted(rows) == sorted(
        (f"renewal:{pk}:{REMINDER}", address, SENT) for pk, address in terms.items()
    )
    assert len(mail.outbox) == 30
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        terms.values()
    )
    assert all("Your membership ends on" in message.subject for message in mail.outbox)


def _database_url() -> str:
    """The database pytest created for this run. TEST_DATABASE_NAME alone would not do: it only
    names the database the test runner creates, and a worker started with it would connect to
    DATABASE_URL's database (the development one)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def _start_worker_process(name: str, log: Path) -> subprocess.Popen:
    """A real `celery worker` process, as production runs it, on this test's database and
    Redis database. Emails go to Django's in-memory backend (the test settings): delivery is
    judged by the outbox rows' status."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icis.settings.test",
        "DATABASE_URL": _database_url(),
        "TEST_DATABASE_NAME": connection.settings_dict["NAME"],
        "TEST_REDIS_URL": settings.CELERY_BROKER_URL,
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        "-A",
        "icis",
        "worker",
        "--pool=solo",
        "--loglevel=INFO",
        f"--hostname={name}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=environment, stdout=output, stderr=subprocess.STDOUT
        )


def _stop(worker: subprocess.Popen | None) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=5)


def _held_for_redelivery() -> list[str]:
    """Task names of the messages Redis holds as delivered but not acknowledged: it gives them
    to a worker again once the visibility timeout has passed."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    held = client.hvals("unacked")
    client.close()
    return [json.loads(entry)[0]["headers"]["task"] for entry in held]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_no_reminder_unsent_and_none_twice(
    membership_types, tmp_path
):
    """A worker is killed (SIGKILL: no clean-up at all) while the daily task is queuing
    reminders for 3,000 members, a thousand at a time. The chunks it committed stay queued;
    the task's message stays in Redis unacknowledged (acks_late), so Redis redelivers it after
    the visibility timeout. Without waiting an hour for that, the next daily run on a new
    worker catches up, and the outbox sweep sends what the dead worker had not handed over:
    in the end every member has exactly one reminder, sent, and nobody has two."""
    members = 3000
    _empty_the_queue()
    first = second = None
    try:
        # The worker starts while the members are created: it takes a few seconds to boot.
        first = _start_worker_process("first", tmp_path / "first.log")
        terms = _members_ending_in_a_week(membership_types, members)
        send_renewal_notices.apply_async()
        assert wait_for(lambda: _reminders().exists(), timeout=30, interval=0.01), (
            "the first worker queued nothing:\n" + (tmp_path / "first.log").read_text()[-3000:]
        )
        first.kill()
        first.wait(timeout=10)
        killed_at = timezone.now()

        queued_when_killed = _reminders().count()
        assert 0 < queued_when_killed < members, f"killed with {queued_when_killed} queued"
        # acks_late: the killed run's message is not lost; Redis holds it for redelivery.
        assert "members.tasks.send_renewal_notices" in _held_for_redelivery()

        # The next daily run, on a new worker, queues the reminders the killed run had not...
        second = _start_worker_process("second", tmp_path / "second.log")
        send_renewal_notices.apply_async()
        caught_up = _reminders().filter(created_at__gt=killed_at)
        assert wait_for(
            lambda: _reminders().count() == members and not caught_up.exclude(status=SENT).exists(),
            timeout=60,
            interval=0.5,
        ), f"{_reminders().count()} of {members} reminders queued, " + (
            f"{caught_up.exclude(status=SENT).count()} of them unsent:\n"
            + (tmp_path / "second.log").read_text()[-3000:]
        )
        # ... and the sweep (every minute; a row is stuck once two minutes old) sends those the
        # killed worker queued but may not have handed over. One call with room for all of them
        # stands in for the minutes of sweeps that would follow.
        email_sweep(now=timezone.now() + timedelta(minutes=10), limit=members)
        assert wait_for(lambda: _everyone_reminded(terms), timeout=60, interval=0.5), (
            f"{_reminders().filter(status=SENT).count()} of {members} reminders sent:\n"
            + (tmp_path / "second.log").read_text()[-3000:]
        )
    finally:
        _stop(first)
        _stop(second)
        _empty_the_queue()

    assert _reminders().count() == members
    assert sorted(_reminders().values_list("to_email", flat=True)) == sorted(terms.values())
    assert not _reminders().values("to_email").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert set(_reminders().values_list("status", flat=True)) == {SENT}
    # Each reminder went to the mail server once: nothing the dead worker held was sent again.
    assert set(_reminders().values_list("attempts", flat=True)) == {1}
