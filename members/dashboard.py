"""Membership figures for the staff dashboard: aggregate queries only, so their cost does not
grow with the number of members in queries (each is one statement, whatever the size).

Standing is the rule of `selectors.membership_standing`, counted in SQL for every member at
once: a member is active on a day when a confirmed term covers it, in grace until
`grace_days()` after the last term begun by then ends, lapsed after that. tests/site/dashboard
checks both give the same answer for the same people.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from .models import MemberProfile, Membership, MembershipType, RenewalCharge
from .selectors import grace_days

STANDINGS = (("active", "Active"), ("grace", "In grace"), ("lapsed", "Lapsed"))

# Per member, the confirmed term begun by the day that ends last (a lifetime one first): a
# term covers the day exactly when this one does, and its end is when the membership ended.
# The type shown is this term's: the one covering the day, or the last one.
_STANDING_SQL = """
    WITH latest AS (
        SELECT DISTINCT ON (m.user_id) m.end_date, m.membership_type_id
        FROM members_membership m
        WHERE m.confirmed_at IS NOT NULL AND m.cancelled_at IS NULL
          AND m.start_date <= %(on)s
        ORDER BY m.user_id, m.end_date DESC NULLS FIRST, m.start_date DESC, m.id DESC
    )
    SELECT CASE WHEN end_date IS NULL OR end_date >= %(on)s THEN 'active'
                WHEN end_date + %(grace)s >= %(on)s THEN 'grace'
                ELSE 'lapsed' END AS standing,
           membership_type_id,
           count(*)
    FROM latest
    GROUP BY 1, 2
"""


def members_by_standing(*, on: date | None = None) -> dict[tuple[str, int], int]:
    """How many people stand active, in grace and lapsed on `on`, by the type of their
    current term: {(standing, type id): count}. One query."""
    on = on or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(_STANDING_SQL, {"on": on, "grace": grace_days()})
        return {(standing, type_id): count for standing, type_id, count in cursor.fetchall()}


def membership_type_names() -> dict[int, str]:
    """Every membership type's name by id, in the order staff gave them. One query."""
    return dict(MembershipType.objects.values_list("pk", "name"))


def _month_starts(*, months: int, on: date) -> list[date]:
    first = on.replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def membership_flows(*, months: int = 24, on: date | None = None) -> list[dict]:
    """Joins, renewals and lapses in each of the last `months` months (this one included), as
    [{"month": date, "joins": n, "renewals": n, "lapses": n}], oldest first. Joins and renewals
    count terms by the month they were paid or recorded; a lapse is the day a member's grace
    ended with no term after it, counted in that month. Two queries."""
    on = on or timezone.localdate()
    starts = _month_starts(months=months, on=on)
    zone = timezone.get_current_timezone()
    since = datetime.combine(starts[0], time.min, tzinfo=zone)
    flows = {start: {"month": start, "joins": 0, "renewals": 0, "lapses": 0} for start in starts}
    paid = (
        Membership.objects.confirmed()
        .filter(
            confirmed_at__gte=since, source__in=[Membership.Source.JOIN, Membership.Source.RENEW]
        )
        .annotate(month=TruncMonth("confirmed_at", tzinfo=zone))
        .values("month", "source")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in paid:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        if month in flows:
            key = "joins" if row["source"] == Membership.Source.JOIN else "renewals"
            flows[month][key] += row["count"]
    # A term's grace ends `grace_days()` after its end; the member lapses the day after, unless
    # a confirmed term goes on beyond its end and has begun by then.
    lapse_after = timedelta(days=grace_days() + 1)
    first_end = starts[0] - lapse_after
    followed = Membership.objects.confirmed().filter(
        Q(end_date__isnull=True) | Q(end_date__gt=OuterRef("end_date")),
        # The same, in constants the planner can use an index for.
        Q(end_date__isnull=True) | Q(end_date__gt=first_end),
        user=OuterRef("user_id"),
        start_date__lte=OuterRef("lapsed_on"),
    )
    lapses = (
        Membership.objects.confirmed()
        .filter(end_date__gte=first_end, end_date__lte=on - lapse_after)
        .annotate(
            lapsed_on=ExpressionWrapper(F("end_date") + lapse_after, output_field=DateField())
        )
        .filter(~Exists(followed))
        .annotate(month=TruncMonth("lapsed_on"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in lapses:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        if month in flows:
            flows[month]["lapses"] += row["count"]
    return list(flows.values())


def renewal_pipeline(*, days: int = 60, on: date | None = None, failed_since_days: int = 30):
    """Terms ending in the next `days` days that nothing renews yet, by the week they end and
    whether the member renews automatically; and the automatic charges that failed from
    `failed_since_days` days before `on`. Two queries."""
    on = on or timezone.localdate()
    renewed = Membership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=OuterRef("end_date")),
        # The same, in a constant the planner can use an index for.
        Q(end_date__isnull=True) | Q(end_date__gt=on),
        user=OuterRef("user_id"),
        confirmed_at__isnull=False,
        cancelled_at__isnull=True,
    )
    automatic = MemberProfile.objects.filter(user=OuterRef("user_id"), auto_renew=True)
    rows = (
        Membership.objects.confirmed()
        .filter(end_date__gte=on, end_date__lte=on + timedelta(days=days))
        .filter(~Exists(renewed))
        .annotate(week=TruncWeek("end_date"), automatic=Exists(automatic))
        .values("week", "automatic")
        .annotate(count=Count("pk"))
        .order_by("week")
    )
    weeks: dict[date, dict] = defaultdict(lambda: {"automatic": 0, "by_hand": 0})
    for row in rows:
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        weeks[week]["automatic" if row["automatic"] else "by_hand"] += row["count"]
    zone = timezone.get_current_timezone()
    since = datetime.combine(on - timedelta(days=failed_since_days), time.min, tzinfo=zone)
    failed = RenewalCharge.objects.filter(
        outcome=RenewalCharge.Outcome.FAILED, created_at__gte=since
    ).count()
    ending = sum(week["automatic"] + week["by_hand"] for week in weeks.values())
    automatic_count = sum(week["automatic"] for week in weeks.values())
    return {
        "days": days,
        "weeks": [{"week": week, **counts} for week, counts in sorted(weeks.items())],
        "ending": ending,
        "automatic": automatic_count,
        "failed_charges": failed,
        "failed_since_days": failed_since_days,
    }
