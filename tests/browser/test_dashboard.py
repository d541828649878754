"""Staff with the dashboard permission sign in with their authenticator and find how the society
is doing on the admin index: charts with their tables, readable on a laptop and on a phone.
axe-core checks the page; a Content-Security-Policy violation would fail it. Screenshots go to
test-results/screenshots/ (dashboard-1280.png, dashboard-390.png)."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, Registration
from tests.browser.journeys import TOTP_SECRET, sign_in
from tests.conftest import enable_totp
from tests.factories import MeetingFactory, RegistrationCategoryFactory, UserFactory
from tests.site.dashboard.world import known_world

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def _registrations():
    """This year's meeting has had five registrations so far; last year's had eight in all."""
    today = timezone.localdate()
    current = MeetingFactory(
        name="Cytokines Next",
        start_date=today + timedelta(days=30),
        status=Meeting.Status.REGISTRATION_OPEN,
    )
    previous = MeetingFactory(
        name="Cytokines Last", start_date=today - timedelta(days=335), status=Meeting.Status.PAST
    )
    for meeting, count in ((current, 5), (previous, 8)):
        categories = [
            RegistrationCategoryFactory(meeting=meeting, name=name)
            for name in ("Member", "Trainee member")
        ]
        for n in range(count):
            when = min(meeting.start_date, today) - timedelta(days=3 + 9 * n)
            Registration.objects.create(
                meeting=meeting,
                category=categories[n % 2],
                user=UserFactory(),
                badge_name="A",
                affiliation="U",
                country="GB",
                status=Registration.Status.CONFIRMED,
                confirmed_at=datetime(when.year, when.month, when.day, 12, tzinfo=UTC),
            )


def test_staff_see_the_dashboard_on_a_laptop_and_a_phone(checked_page):
    known_world()
    _registrations()
    staff = UserFactory(is_staff=True, first_name="Office")
    staff.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    enable_totp(staff, TOTP_SECRET)
    page = checked_page.page
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in(checked_page, staff.email, totp_secret=TOTP_SECRET)
    checked_page.goto("/admin/")
    expect(page.get_by_role("heading", name="How the society is doing")).to_be_visible()
    members = page.get_by_role("img", name="Members by standing and type")
    expect(members).to_be_visible()
    expect(
        page.get_by_role("img", name="Registrations against the previous meeting")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Money received per month, in USD")).to_be_visible()
    expect(page.get_by_role("img", name="Money received per month, in GBP")).to_be_visible()
    # The table beside the chart, for anyone who cannot see it.
    panel = page.locator("#dash-members")
    panel.get_by_text("The figures as a table").click()
    table = panel.get_by_role("table", name="Members by standing and type")
    expect(table.get_by_role("row", name="All types 3 1 1")).to_be_visible()
    checked_page.check()
    expect(
        page.get_by_role("link", name=re.compile(r"Download CSV\s+for Members by standing"))
    ).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-1280.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    checked_page.goto("/admin/")
    box = page.locator(".dash").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    chart = members.bounding_box()
    assert chart["width"] <= 390 - box["x"]
    page.screenshot(path=str(SCREENSHOTS / "dashboard-390.png"), full_page=True)
