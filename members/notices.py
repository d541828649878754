"""Renewal notices: which are due on a day, and queuing them, in bulk, exactly once.

Each notice has a window of end dates, relative to the day the schedule runs. A term is due a
notice when its end date falls in the window and that notice has not been sent for it yet (no
`RenewalNoticeSent` row for the term and notice). A day the scheduler missed is caught up the
next day, as long as the window is still open; a notice whose window has passed is not sent
late, because a newer one has taken its place.

Queuing records the notice and queues its email in one transaction; the record's unique (term,
notice) decides which of two runs at once sends it, and the outbox's unique dedupe key
`renewal:<term>:<notice>` is the second guard. Once recorded, a notice is not sent again, even
when its email has since been pruned from the outbox.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import escape

from icis.mail.services import Message, emails_queue_bulk

from .models import Membership, RenewalNoticeSent


@dataclass(frozen=True)
class Notice:
    key: str
    template: str
    ends_after: int  # the window: end_date - today is greater than this ...
    ends_by: int  # ... and at most this (days; negative is in the past)
    for_auto_renew: bool | None  # None: every member; True/False: only those who do (not)


def notice_dedupe_key(membership_id: int, notice: str) -> str:
    """The outbox's dedupe key of a renewal email: one per term and notice."""
    return f"renewal:{membership_id}:{notice}"


def notices() -> list[Notice]:
    """The notices in force, from the settings (reminder offsets are configurable)."""
    offsets = sorted(settings.MEMBERSHIP_REMINDER_DAYS, reverse=True)
    grace = settings.MEMBERSHIP_GRACE_DAYS
    winback = settings.MEMBERSHIP_WINBACK_DAYS
    lapsed_on = grace + 1  # the first day after the grace period, counted from the end date
    found = []
    for index, days in enumerate(offsets):
        next_days = offsets[index + 1] if index + 1 < len(offsets) else 0
        found.append(
            Notice(
                f"reminder-{days}",
                "members/email/renewal_reminder",
                ends_after=next_days,
                ends_by=days,
                for_auto_renew=False,
            )
        )
    found += [
        Notice(
            "autorenew-notice",
            "members/email/autorenew_notice",
            ends_after=settings.AUTO_RENEW_CHARGE_DAYS_BEFORE,
            ends_by=settings.AUTO_RENEW_NOTICE_DAYS,
            for_auto_renew=True,
        ),
        Notice(
            "ended",
            "members/email/renewal_ended",
            ends_after=-grace,
            ends_by=0,
            for_auto_renew=None,
        ),
        Notice(
            "lapsed",
            "members/email/renewal_lapsed",
            ends_after=-(lapsed_on + winback),
            ends_by=-lapsed_on,
            for_auto_renew=None,
        ),
        Notice(
            "winback",
            "members/email/renewal_winback",
            ends_after=-(lapsed_on + 2 * winback),
            ends_by=-(lapsed_on + winback),
            for_auto_renew=None,
        ),
    ]
    return found


def _latest_terms():
    """Confirmed terms with no later confirmed term: the only ones whose end matters."""
    later = (
        Membership.objects.confirmed()
        .filter(user=OuterRef("user"))
        .filter(Q(end_date__gt=OuterRef("end_date")) | Q(end_date__isnull=True))
    )
    return Membership.objects.confirmed().filter(end_date__isnull=False).exclude(Exists(later))


def due(notice: Notice, *, today: date):
    """Terms due this notice today and not sent it yet, as plain rows for rendering."""
    already = RenewalNoticeSent.objects.filter(membership=OuterRef("pk"), notice=notice.key)
    terms = (
        _latest_terms()
        .filter(
            end_date__gt=today + timedelta(days=notice.ends_after),
            end_date__lte=today + timedelta(days=notice.ends_by),
            user__is_active=True,
            user__member_profile__reminders_opt_in=True,
        )
        .exclude(Exists(already))
    )
    if notice.for_auto_renew is not None:
        terms = terms.filter(user__member_profile__auto_renew=notice.for_auto_renew)
    return (
        terms.annotate(
            email=F("user__email"),
            first_name=F("user__first_name"),
            type_name=F("membership_type__name"),
        )
        .values("pk", "email", "first_name", "type_name", "end_date")
        .order_by("pk")
    )


# Stands in for the member's name while a notice is rendered once for everyone it goes to with
# the same dates and type; each member's copy then gets their own name (escaped for HTML).
_NAME = "ICISMEMBERNAME0X7F"


def _context(row: dict, notice: Notice, today: date) -> dict:
    end = row["end_date"]
    charge_on = end - timedelta(days=settings.AUTO_RENEW_CHARGE_DAYS_BEFORE)
    return {
        "membership_type": row["type_name"],
        "end_date": f"{end:%-d %B %Y}",
        "days_left": (end - today).days,
        "grace_until": f"{end + timedelta(days=settings.MEMBERSHIP_GRACE_DAYS):%-d %B %Y}",
        "charge_on": f"{charge_on:%-d %B %Y}",
        "notice": notice.key,
    }


class _Renderer:
    """Renders a notice once per distinct (type, end date) and reuses it: a run of thousands
    of notices renders a few hundred templates, not thousands."""

    def __init__(self, notice: Notice, today: date):
        self.notice, self.today = notice, today
        self.site = {
            "site_url": settings.SITE_URL,
            "society_name": settings.SOCIETY_NAME,
            "society_short_name": settings.SOCIETY_SHORT_NAME,
        }
        self.templates = [
            get_template(f"{notice.template}{suffix}")
            for suffix in ("_subject.txt", ".txt", ".html")
        ]
        self.rendered: dict[tuple, tuple[str, str, str]] = {}

    def message(self, row: dict) -> Message:
        context = _context(row, self.notice, self.today)
        key = (row["type_name"], row["end_date"])
        if key not in self.rendered:
            subject, text, html = (
                template.render({**self.site, **context, "name": _NAME})
                for template in self.templates
            )
            self.rendered[key] = (" ".join(subject.split()), text.strip() + "\n", html)
        subject, text, html = self.rendered[key]
        name = row["first_name"] or "member"
        return Message(
            to=row["email"],
            subject=subject.replace(_NAME, name),
            body_text=text.replace(_NAME, name),
            body_html=html.replace(_NAME, escape(name)),
            template=self.notice.template,
            dedupe_key=notice_dedupe_key(row["pk"], self.notice.key),
            context={**context, "name": name},
        )


def _due_claimed(
    notice: Notice, *, today: date, after_pk: int, limit: int, now: datetime
) -> list[dict]:
    """The next `limit` terms due `notice` after `after_pk`, each recorded as sent in the same
    statement: one query, whatever the number. Each row says whether this run `claimed` it; a
    term another run recorded a moment before is not (the insert waits for that run to commit,
    then skips the term). Call inside the transaction that queues the claimed emails."""
    sql, params = due(notice, today=today).filter(pk__gt=after_pk)[:limit].query.sql_with_params()
    table = connection.ops.quote_name(RenewalNoticeSent._meta.db_table)
    with connection.cursor() as cursor:
        # The query is Django's own, compiled with its parameters kept apart; the table name is
        # the model's.
        cursor.execute(
            f"WITH due AS MATERIALIZED ({sql}), "  # noqa: S608  # nosec B608
            f"claimed AS (INSERT INTO {table} (membership_id, notice, queued_at) "
            "SELECT pk, %s, %s FROM due ORDER BY pk "
            "ON CONFLICT (membership_id, notice) DO NOTHING RETURNING membership_id) "
            "SELECT due.*, claimed.membership_id IS NOT NULL AS claimed "
            "FROM due LEFT JOIN claimed ON claimed.membership_id = due.pk ORDER BY due.pk",
            [*params, notice.key, now],
        )
        columns = [column.name for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class RunReport:
    scanned_chunks: int = 0
    queued: int = 0
    by_notice: dict | None = None


def notices_queue(*, now: datetime | None = None, chunk_size: int = 1000) -> RunReport:
    """Queue every notice due today. Each chunk records its notices and queues their emails in
    one transaction, so a worker killed halfway keeps what it queued and the next run queues
    the rest, none twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = RunReport(by_notice={})
    for notice in notices():
        renderer = _Renderer(notice, today)
        queued_for_notice = 0
        last_pk = 0
        while True:
            with transaction.atomic():
                rows = _due_claimed(
                    notice, today=today, after_pk=last_pk, limit=chunk_size, now=now
                )
                messages = [renderer.message(row) for row in rows if row["claimed"]]
                if messages:
                    queued_for_notice += emails_queue_bulk(messages, now=now)
            if rows:
                last_pk = rows[-1]["pk"]
                report.scanned_chunks += 1
            if len(rows) < chunk_size:
                break  # a short chunk is the last
        report.by_notice[notice.key] = queued_for_notice
        report.queued += queued_for_notice
    return report
