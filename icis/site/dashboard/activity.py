"""The dashboard's meeting, review and email panels (members and money are in figures.py)."""

from collections import defaultdict
from datetime import datetime

from django.utils import timezone

from awards.dashboard import award_calls_in_progress
from icis.mail.dashboard import outbox_health
from meetings.dashboard import abstract_calls_in_progress, meetings_compared, registrations_by_day

from .charts import Series, bar_chart, legend, line_chart
from .figures import CURVE_DAYS, Chart


def _cumulative(counts: dict[int, int], offsets: list[int]) -> list[int]:
    """The running total at each offset, counting what came before the first one shown."""
    total = sum(n for offset, n in counts.items() if offsets and offset < offsets[0])
    values = []
    for offset in offsets:
        total += counts.get(offset, 0)
        values.append(total)
    return values


def registrations_chart(*, now: datetime) -> Chart:
    """Confirmed registrations of the meeting on sale, day by day against the meeting before it,
    counted from each meeting's first day (day 0), so the two curves line up."""
    current, previous = meetings_compared(now=now)
    title = "Registrations against the previous meeting"
    meetings = [meeting for meeting in (current, previous) if meeting is not None]
    rows = registrations_by_day(meetings=meetings) if meetings else []
    by_day: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_category: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    starts = {meeting.pk: meeting.start_date for meeting in meetings}
    for row in rows:
        offset = (row["day"] - starts[row["meeting_id"]]).days
        by_day[row["meeting_id"]][offset] += row["count"]
        category = by_category[row["meeting_id"]][row["category__name"]]
        category[offset] = category.get(offset, 0) + row["count"]
    if current is None or not rows:
        return Chart(
            slug="registrations",
            title=title,
            desc="",
            headers=[],
            rows=[],
            csv_header=["meeting", "category", "day", "days from the first day", "registrations"],
            csv_rows=[],
            empty="No registrations yet.",
        )
    today = timezone.localdate(now)
    today_offset = (today - current.start_date).days
    all_offsets = [offset for days in by_day.values() for offset in days]
    first = max(min(all_offsets), -CURVE_DAYS)
    last = max(max(all_offsets), min(today_offset, (current.end_date - current.start_date).days))
    offsets = list(range(first, last + 1))
    current_offsets = [offset for offset in offsets if offset <= today_offset]
    series = [Series(current.name, _cumulative(by_day[current.pk], current_offsets), "dash-s1")]
    if previous is not None:
        series.append(
            Series(
                previous.name, _cumulative(by_day[previous.pk], offsets), "dash-s2 dash-previous"
            )
        )
    # A category is compared by its name (each meeting has its own categories).
    names = sorted(
        {name for meeting in meetings for name in by_category[meeting.pk]},
        key=lambda name: -sum(by_category[current.pk].get(name, {}).values()),
    )
    table = []
    for name in names:
        now_count = sum(
            n for o, n in by_category[current.pk].get(name, {}).items() if o <= today_offset
        )
        row = [name, now_count]
        if previous is not None:
            earlier = by_category[previous.pk].get(name, {})
            row += [
                sum(n for o, n in earlier.items() if o <= today_offset),
                sum(earlier.values()),
            ]
        table.append(row)
    headers = ["Category", f"{current.name} so far"]
    if previous is not None:
        headers += [f"{previous.name} at the same point", f"{previous.name} in all"]
    total_now = sum(row[1] for row in table)
    desc = f"{current.name}: {total_now:,} confirmed registrations so far"
    if previous is not None:
        desc += (
            f"; {previous.name} had {sum(row[2] for row in table):,} at the same point "
            f"and {sum(row[3] for row in table):,} in all"
        )
    desc += ". Days are counted from each meeting's first day (0)."
    names_by_pk = {meeting.pk: meeting.name for meeting in meetings}
    return Chart(
        slug="registrations",
        title=title,
        desc=desc,
        headers=headers,
        rows=table,
        csv_header=["meeting", "category", "day", "days from the first day", "registrations"],
        csv_rows=[
            [
                names_by_pk[row["meeting_id"]],
                row["category__name"],
                f"{row['day']:%Y-%m-%d}",
                (row["day"] - starts[row["meeting_id"]]).days,
                row["count"],
            ]
            for row in rows
        ],
        svg=line_chart(
            chart_id="dash-registrations",
            title=title,
            desc=desc,
            labels=[f"{offset:+d}" if offset else "0" for offset in offsets],
            series=series,
        ),
        legend=legend(series),
    )


def _closes(when: datetime) -> str:
    return f"{timezone.localtime(when):%-d %b %Y}"


def calls_chart(*, slug: str, what: str, calls: list[dict]) -> Chart:
    """Award or abstract calls in progress: submitted, reviewed and decided for each."""
    keys = (("submitted", "Submitted"), ("reviewed", "Reviewed"), ("decided", "Decided"))
    series = [
        Series(label, [call[key] for call in calls], f"dash-s{i + 1}")
        for i, (key, label) in enumerate(keys)
    ]
    title = f"{what} in progress"
    desc = "; ".join(
        f"{call['name']}: {call['submitted']:,} submitted, {call['reviewed']:,} reviewed, "
        f"{call['decided']:,} decided"
        for call in calls
    )
    return Chart(
        slug=slug,
        title=title,
        desc=(desc + ".") if desc else "",
        headers=["Call", "Closes", "Submitted", "Reviewed", "Decided"],
        rows=[
            [call["name"], _closes(call["closes_at"])] + [call[k] for k, _ in keys]
            for call in calls
        ],
        csv_header=["call", "closes", "submitted", "reviewed", "decided"],
        csv_rows=[
            [call["name"], f"{timezone.localtime(call['closes_at']):%Y-%m-%d}"]
            + [call[k] for k, _ in keys]
            for call in calls
        ],
        svg=bar_chart(
            chart_id=f"dash-{slug}",
            title=title,
            desc=desc,
            labels=[call["name"] for call in calls],
            series=series,
        )
        if calls
        else "",
        legend=legend(series),
        empty="" if calls else f"No {what.lower()} in progress.",
    )


def award_calls_chart(*, now: datetime) -> Chart:
    return calls_chart(
        slug="award-calls", what="Award calls", calls=award_calls_in_progress(now=now)
    )


def abstract_calls_chart(*, now: datetime) -> Chart:
    return calls_chart(
        slug="abstract-calls", what="Abstract calls", calls=abstract_calls_in_progress(now=now)
    )


def email_chart(*, now: datetime) -> Chart:
    health = outbox_health()
    oldest = health["oldest_waiting"]
    waiting_since = f"{timezone.localtime(oldest):%-d %b %Y %H:%M}" if oldest else "none waiting"
    desc = (
        f"{health['failed']:,} emails failed after their retries; {health['waiting']:,} wait to "
        f"be sent (oldest queued: {waiting_since})."
    )
    rows = [["Failed", health["failed"]], ["Waiting to be sent", health["waiting"]]]
    return Chart(
        slug="email",
        title="Email health",
        desc=desc,
        headers=["Emails", "Count"],
        rows=rows,
        csv_header=["emails", "count"],
        csv_rows=[["failed", health["failed"]], ["waiting", health["waiting"]]],
        figures=[
            ("Failed", f"{health['failed']:,}"),
            ("Waiting", f"{health['waiting']:,}"),
            ("Oldest waiting since", waiting_since),
        ],
    )
