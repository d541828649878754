"""The dashboard on the admin index: who sees it, its CSV files and its fixed query count."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from icis.mail.models import OutboundEmail
from icis.payments.models import LineItem, Payment
from icis.site.dashboard import dashboard_panels
from meetings.models import Meeting, Registration
from members.models import MemberProfile, Membership
from tests.conftest import enable_totp, sign_in_with_two_factor
from tests.factories import (
    MeetingFactory,
    MembershipTypeFactory,
    RegistrationCategoryFactory,
    UserFactory,
)
from tests.querycount import assert_queries_at_sizes
from tests.site.dashboard.world import known_world

pytestmark = pytest.mark.django_db

HEADING = "How the society is doing"


def _staff(client, *, permitted: bool):
    user = UserFactory(is_staff=True)
    enable_totp(user)
    if permitted:
        user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    return sign_in_with_two_factor(client, user)


def test_staff_with_the_permission_see_the_dashboard_above_the_apps(client):
    known_world()
    body = _staff(client, permitted=True).get("/admin/").content.decode()
    assert HEADING in body
    assert body.index(HEADING) < body.index('id="content-main"')
    assert "<svg" in body and "<title id=" in body and "<desc id=" in body
    assert "style=" not in body[body.index(HEADING) : body.index('id="content-main"')]
    assert 'href="/admin/dashboard/members.csv"' in body
    assert "css/dashboard.css" in body


def test_staff_without_the_permission_see_the_ordinary_index(client):
    known_world()
    staff = _staff(client, permitted=False)
    response = staff.get("/admin/")
    assert response.status_code == 200
    assert HEADING not in response.content.decode()
    assert staff.get("/admin/dashboard/members.csv").status_code == 403


def test_csv_download(client):
    known_world()
    response = _staff(client, permitted=True).get("/admin/dashboard/revenue-gbp.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="icis-revenue-gbp.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    month = f"{timezone.localdate():%Y-%m}"
    assert rows == [
        ["month", "source", "currency", "amount"],
        [month, "registration", "GBP", "300.00"],
    ]


def test_unknown_chart_is_404(client):
    assert _staff(client, permitted=True).get("/admin/dashboard/nothing.csv").status_code == 404


def test_registrations_against_the_previous_meeting_by_category():
    today = timezone.localdate()
    current = MeetingFactory(
        start_date=today + timedelta(days=30), status=Meeting.Status.REGISTRATION_OPEN
    )
    previous = MeetingFactory(
        start_date=today - timedelta(days=335), status=Meeting.Status.PAST, name="Cytokines Last"
    )
    for meeting, days_before in ((current, [40, 35]), (previous, [45, 31, 20, 2])):
        category = RegistrationCategoryFactory(meeting=meeting, name="Member")
        for n, before in enumerate(days_before):
            when = meeting.start_date - timedelta(days=before)
            Registration.objects.create(
                meeting=meeting,
                category=category,
                user=UserFactory(),
                badge_name=f"P{n}",
                affiliation="U",
                country="GB",
                status=Registration.Status.CONFIRMED,
                confirmed_at=datetime(when.year, when.month, when.day, 12, tzinfo=UTC),
            )
    panel = next(p for p in dashboard_panels() if p.slug == "registrations")
    # 30 days before the meeting: 2 so far; the last meeting had 2 at that point and 4 in all.
    assert panel.rows == [["Member", 2, 2, 4]]
    assert panel.headers[2] == "Cytokines Last at the same point"
    assert "dash-previous" in panel.svg


def _grow(n: int):
    """n more members with a year's term (some ended, some renewing automatically), n/10
    registrations, paid line items and emails."""
    today = timezone.localdate()
    regular = MembershipTypeFactory()
    users = UserFactory._meta.model.objects.bulk_create(
        UserFactory.build(email=f"grow{_grow.count + i}@example.org") for i in range(n)
    )
    _grow.count += n
    MemberProfile.objects.bulk_create(
        MemberProfile(user=user, auto_renew=i % 3 == 0) for i, user in enumerate(users)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            membership_type=regular,
            source=Membership.Source.JOIN,
            start_date=today - timedelta(days=i % 700),
            end_date=today - timedelta(days=i % 700) + timedelta(days=364),
            confirmed_at=timezone.now() - timedelta(days=i % 700),
        )
        for i, user in enumerate(users)
    )
    meeting = Meeting.objects.filter(slug="grow-meeting").first() or MeetingFactory(
        slug="grow-meeting", status=Meeting.Status.REGISTRATION_OPEN
    )
    category = RegistrationCategoryFactory(meeting=meeting)
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            category=category,
            user=user,
            badge_name="B",
            affiliation="U",
            country="GB",
            status=Registration.Status.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        for user in users[: n // 10]
    )
    payments = Payment.objects.bulk_create(
        Payment(
            payer_name="P",
            payer_email="p@example.org",
            description="d",
            currency=("USD", "GBP")[i % 2],
            amount=100,
            status=Payment.Status.PAID,
            paid_at=timezone.now() - timedelta(days=i % 300),
        )
        for i in range(n // 10)
    )
    LineItem.objects.bulk_create(
        LineItem(payment=p, kind="membership", object_id=1, description="d", amount=100)
        for p in payments
    )
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to_email="x@example.org",
            from_email="o@example.org",
            subject="s",
            body_text="b",
            dedupe_key=f"grow:{_grow.count}:{i}",
            status="queued",
        )
        for i in range(n // 10)
    )


_grow.count = 0


def test_query_count_does_not_grow_with_the_society():
    """Twelve queries: standing by type, the types' names, joins and renewals, lapses, terms
    ending, failed charges, money, meetings, registrations, award calls, abstract calls and
    the outbox."""
    known_world()
    assert_queries_at_sizes(expected=12, grow=_grow, action=dashboard_panels, sizes=(100, 1000))


def test_demo_staff_account_sees_the_dashboard_of_the_demo(client, demo_content):
    from icis.site.demo import STAFF_EMAIL

    staff = UserFactory._meta.model.objects.get(email=STAFF_EMAIL)
    assert staff.user_permissions.filter(codename="view_dashboard").exists()
    panels = {panel.slug: panel for panel in dashboard_panels()}
    assert panels["members"].rows and not panels["members"].empty
