"""The dashboard's charts: each app's aggregate figures, turned into a chart, the table beside
it and its CSV. A fixed number of queries, whatever the number of members or registrations."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.safestring import SafeString

from icis.core.money import format_money, from_minor_units
from icis.payments.dashboard import SOURCES, revenue_by_month
from members.dashboard import (
    STANDINGS,
    members_by_standing,
    membership_flows,
    membership_type_names,
    renewal_pipeline,
)

from .charts import Series, bar_chart, legend, line_chart

FLOW_MONTHS = 24
REVENUE_MONTHS = 12
PIPELINE_DAYS = 60
CURVE_DAYS = 180  # how far before a meeting its registration curve starts, at most


@dataclass
class Chart:
    """One panel: its chart (empty when there is nothing to draw), the same figures as a table
    and as CSV rows, and what it says when there is no data."""

    slug: str
    title: str
    desc: str
    headers: list[str]
    rows: list[list]  # as the table shows them
    csv_header: list[str]
    csv_rows: list[list]  # as the CSV holds them (amounts as decimals with their currency)
    svg: SafeString | str = ""
    legend: SafeString | str = ""
    empty: str = ""  # shown instead of the chart and table when there is no data
    figures: list[tuple[str, str]] = field(default_factory=list)  # headline numbers


def _month_label(month: date) -> str:
    return f"{month:%b %Y}"


def members_chart(*, on: date) -> Chart:
    counts = members_by_standing(on=on)
    names = membership_type_names()
    type_ids = [pk for pk in names if any(counts.get((s, pk)) for s, _ in STANDINGS)]
    rows = [[names[pk]] + [counts.get((s, pk), 0) for s, _ in STANDINGS] for pk in type_ids]
    totals = [sum(row[i + 1] for row in rows) for i in range(len(STANDINGS))]
    series = [
        Series(label, [row[i + 1] for row in rows], f"dash-s{i + 1}")
        for i, (_, label) in enumerate(STANDINGS)
    ]
    desc = (
        ", ".join(
            f"{label}: {total:,}" for (_, label), total in zip(STANDINGS, totals, strict=True)
        )
        + f", across {len(rows)} membership type{'s' if len(rows) != 1 else ''}, on {on:%-d %B %Y}."
    )
    title = "Members by standing and type"
    return Chart(
        slug="members",
        title=title,
        desc=desc,
        headers=["Membership type"] + [label for _, label in STANDINGS],
        rows=rows + ([["All types", *totals]] if rows else []),
        csv_header=["membership type"] + [label.lower() for _, label in STANDINGS],
        csv_rows=rows,
        svg=bar_chart(
            chart_id="dash-members",
            title=title,
            desc=desc,
            labels=[row[0] for row in rows],
            series=series,
        )
        if rows
        else "",
        legend=legend(series),
        empty="" if rows else "No members yet.",
        figures=[
            (label, f"{total:,}") for (_, label), total in zip(STANDINGS, totals, strict=True)
        ],
    )


def flows_chart(*, on: date) -> Chart:
    flows = membership_flows(months=FLOW_MONTHS, on=on)
    keys = (("joins", "Joins"), ("renewals", "Renewals"), ("lapses", "Lapses"))
    series = [
        Series(label, [row[key] for row in flows], f"dash-s{i + 1}")
        for i, (key, label) in enumerate(keys)
    ]
    totals = {key: sum(row[key] for row in flows) for key, _ in keys}
    title = f"Joins, renewals and lapses per month, last {FLOW_MONTHS} months"
    desc = (
        f"Over {FLOW_MONTHS} months: {totals['joins']:,} joins, {totals['renewals']:,} renewals "
        f"and {totals['lapses']:,} lapses."
    )
    rows = [[_month_label(row["month"])] + [row[key] for key, _ in keys] for row in flows]
    anything = any(totals.values())
    return Chart(
        slug="joins-renewals-lapses",
        title=title,
        desc=desc,
        headers=["Month", "Joins", "Renewals", "Lapses"],
        rows=rows,
        csv_header=["month", "joins", "renewals", "lapses"],
        csv_rows=[[f"{row['month']:%Y-%m}"] + [row[key] for key, _ in keys] for row in flows],
        svg=line_chart(
            chart_id="dash-flows",
            title=title,
            desc=desc,
            labels=[f"{row['month']:%b %y}" for row in flows],
            series=series,
        )
        if anything
        else "",
        legend=legend(series),
        empty="" if anything else f"No joins, renewals or lapses in the last {FLOW_MONTHS} months.",
    )


def pipeline_chart(*, on: date) -> Chart:
    pipeline = renewal_pipeline(days=PIPELINE_DAYS, on=on)
    weeks = pipeline["weeks"]
    series = [
        Series("Renew automatically", [week["automatic"] for week in weeks], "dash-s1"),
        Series("Renew by hand", [week["by_hand"] for week in weeks], "dash-s2"),
    ]
    ending, automatic = pipeline["ending"], pipeline["automatic"]
    share = f"{automatic * 100 // ending}%" if ending else "none"
    title = f"Renewals due in the next {PIPELINE_DAYS} days"
    desc = (
        f"{ending:,} terms end in the next {PIPELINE_DAYS} days and are not renewed yet; "
        f"{automatic:,} of them ({share}) renew automatically. {pipeline['failed_charges']:,} "
        f"automatic charges failed in the last {pipeline['failed_since_days']} days."
    )
    rows = [
        [f"Week of {week['week']:%-d %b %Y}", week["automatic"], week["by_hand"]] for week in weeks
    ]
    return Chart(
        slug="renewal-pipeline",
        title=title,
        desc=desc,
        headers=["Ending", "Renew automatically", "Renew by hand"],
        rows=rows,
        csv_header=["week starting", "renew automatically", "renew by hand"],
        csv_rows=[
            [f"{week['week']:%Y-%m-%d}", week["automatic"], week["by_hand"]] for week in weeks
        ],
        svg=bar_chart(
            chart_id="dash-pipeline",
            title=title,
            desc=desc,
            labels=[f"{week['week']:%-d %b}" for week in weeks],
            series=series,
        )
        if weeks
        else "",
        legend=legend(series),
        empty="" if weeks else f"No terms end in the next {PIPELINE_DAYS} days.",
        figures=[
            ("Terms ending", f"{ending:,}"),
            ("On automatic renewal", share),
            (
                f"Failed charges, last {pipeline['failed_since_days']} days",
                f"{pipeline['failed_charges']:,}",
            ),
        ],
    )


def _revenue_months(on: date) -> list[date]:
    first = on.replace(day=1)
    months = [first]
    for _ in range(REVENUE_MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def revenue_charts(*, on: date) -> list[Chart]:
    """One chart per currency: amounts in different currencies are never added together."""
    months = _revenue_months(on)
    rows = revenue_by_month(since=months[0])
    labels = dict(SOURCES)
    for row in rows:
        labels.setdefault(row["source"], row["source"].replace("_", " ").capitalize())
    charts = []
    for currency in sorted({row["currency"] for row in rows}):
        amounts = {
            (row["month"], row["source"]): row["amount"]
            for row in rows
            if row["currency"] == currency
        }
        sources = [key for key in labels if any(source == key for _, source in amounts)]
        series = [
            Series(
                labels[source],
                [
                    float(from_minor_units(amounts.get((month, source), 0), currency))
                    for month in months
                ],
                f"dash-s{i % 4 + 1}",
            )
            for i, source in enumerate(sources)
        ]
        totals = {
            source: sum(a for (_, s), a in amounts.items() if s == source) for source in sources
        }
        title = f"Money received per month, in {currency}"
        desc = (
            f"Last {REVENUE_MONTHS} months, before refunds: "
            + ", ".join(
                f"{labels[s].lower()} {format_money(t, currency)}" for s, t in totals.items()
            )
            + "."
        )
        slug = f"revenue-{currency.lower()}"
        charts.append(
            Chart(
                slug=slug,
                title=title,
                desc=desc,
                headers=["Month"] + [labels[source] for source in sources],
                rows=[
                    [_month_label(month)]
                    + [
                        format_money(amounts.get((month, source), 0), currency)
                        for source in sources
                    ]
                    for month in months
                ],
                csv_header=["month", "source", "currency", "amount"],
                csv_rows=[
                    [
                        f"{month:%Y-%m}",
                        source,
                        currency,
                        from_minor_units(amounts[(month, source)], currency),
                    ]
                    for month in months
                    for source in sources
                    if (month, source) in amounts
                ],
                svg=bar_chart(
                    chart_id=f"dash-{slug}",
                    title=title,
                    desc=desc,
                    labels=[f"{month:%b %y}" for month in months],
                    series=series,
                ),
                legend=legend(series),
            )
        )
    if not charts:
        charts.append(
            Chart(
                slug="revenue",
                title="Money received per month",
                desc="",
                headers=[],
                rows=[],
                csv_header=["month", "source", "currency", "amount"],
                csv_rows=[],
                empty=f"No payments received in the last {REVENUE_MONTHS} months.",
            )
        )
    return charts
