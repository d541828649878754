"""The dashboard's figures for a small society whose numbers are known."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from icis.site.dashboard import dashboard_panels
from members.dashboard import members_by_standing, membership_type_names
from members.selectors import membership_standing
from tests.factories import MembershipFactory, UserFactory
from tests.site.dashboard.world import known_world, member

pytestmark = pytest.mark.django_db


def _panel(slug):
    return next(panel for panel in dashboard_panels() if panel.slug == slug)


def test_members_by_standing_and_type():
    known_world()
    panel = _panel("members")
    assert panel.headers == ["Membership type", "Active", "In grace", "Lapsed"]
    assert panel.rows == [["Regular", 2, 1, 1], ["Trainee", 1, 0, 0], ["All types", 3, 1, 1]]
    assert ("Active", "3") in panel.figures and ("Lapsed", "1") in panel.figures


def test_standing_counted_in_sql_agrees_with_the_one_rule():
    """Every person's standing as `membership_standing` gives it is what the dashboard counts,
    for terms that end, renew early, renew in grace, lapse, start later and last for life."""
    today = timezone.localdate()
    year = timedelta(days=364)
    known_world()
    renewed = member(starts=today - timedelta(days=300), ends=today - timedelta(days=2))
    MembershipFactory(
        user=renewed.user,
        start_date=today - timedelta(days=1),
        end_date=today - timedelta(days=1) + year,
    )
    early = member(starts=today - timedelta(days=300), ends=today + timedelta(days=20))
    MembershipFactory(
        user=early.user,
        start_date=today + timedelta(days=21),
        end_date=today + timedelta(days=21) + year,
    )
    member(starts=today + timedelta(days=3), ends=today + timedelta(days=3) + year)  # later
    member(starts=today - timedelta(days=900), ends=None)  # lifetime
    back = member(starts=today - timedelta(days=900), ends=today - timedelta(days=536))
    MembershipFactory(
        user=back.user,
        start_date=today - timedelta(days=100),
        end_date=today - timedelta(days=100) + year,
    )
    member(starts=today - timedelta(days=394), ends=today - timedelta(days=30))  # grace's last day
    member(starts=today - timedelta(days=395), ends=today - timedelta(days=31))  # lapsed today
    expected: dict[tuple[str, str], int] = {}
    names = membership_type_names()
    for user in UserFactory._meta.model.objects.filter(memberships__isnull=False).distinct():
        standing = membership_standing(user=user, on=today)
        if standing.status != "none":
            key = (standing.status, standing.current.membership_type.name)
            expected[key] = expected.get(key, 0) + 1
    counted = {(status, names[pk]): n for (status, pk), n in members_by_standing(on=today).items()}
    assert counted == expected


def test_renewal_pipeline():
    known_world()
    panel = _panel("renewal-pipeline")
    assert dict(panel.figures) == {
        "Terms ending": "2",
        "On automatic renewal": "50%",
        "Failed charges, last 30 days": "1",
    }
    assert sum(row[1] for row in panel.rows) == 1 and sum(row[2] for row in panel.rows) == 1


def test_revenue_is_kept_per_currency():
    known_world()
    panels = {panel.slug: panel for panel in dashboard_panels()}
    usd, gbp = panels["revenue-usd"], panels["revenue-gbp"]
    assert usd.headers == ["Month", "Membership", "Manual"]
    assert usd.rows[-1][1:] == ["$150.00", "$50.00"]
    assert gbp.headers == ["Month", "Registration"]
    assert gbp.rows[-1][1:] == ["£300.00"]
    # Nothing adds dollars and pounds together.
    for panel in (usd, gbp):
        text = panel.desc + str(panel.rows) + str(panel.csv_rows) + panel.svg
        assert "450" not in text and "500" not in text and "350" not in text


def test_flows_count_joins_and_lapses():
    known_world()
    panel = _panel("joins-renewals-lapses")
    assert len(panel.rows) == 24
    assert sum(row[1] for row in panel.rows) == 1  # the one joined online
    # The member whose term ended 200 days ago lapsed 169 days ago (after 30 days' grace).
    assert sum(row[3] for row in panel.rows) == 1


def test_email_health():
    known_world()
    panel = _panel("email")
    assert panel.csv_rows == [["failed", 1], ["waiting", 2]]


def test_empty_society_says_so():
    panels = {panel.slug: panel for panel in dashboard_panels()}
    assert panels["members"].empty == "No members yet."
    assert panels["registrations"].empty == "No registrations yet."
    assert panels["revenue"].empty.startswith("No payments received")
    assert panels["award-calls"].empty == "No award calls in progress."


def test_charts_have_title_and_desc_and_no_style_or_script():
    known_world()
    drawn = [panel for panel in dashboard_panels() if panel.svg]
    assert len(drawn) >= 5
    for panel in drawn:
        svg = str(panel.svg)
        assert re.search(r"<title id=\"[^\"]+-title\">[^<]+</title><desc id=\"[^\"]+-desc\">", svg)
        assert "style" not in svg and "<script" not in svg and "on" + "load" not in svg
        assert 'viewBox="0 0 480 230"' in svg


def test_csv_cells_are_safe():
    """A membership type named like a formula reaches the CSV as text."""
    today = timezone.localdate()
    member(starts=today - timedelta(days=10), ends=today + timedelta(days=300), type_slug="x")
    from members.models import MembershipType

    MembershipType.objects.filter(slug="x").update(name="=HYPERLINK(1)")
    from icis.core.spreadsheets import csv_response

    panel = _panel("members")
    response = csv_response("m.csv", panel.csv_header, panel.csv_rows)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["membership type", "active", "in grace", "lapsed"],
        ["'=HYPERLINK(1)", "1", "0", "0"],
    ]
