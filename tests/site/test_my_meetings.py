""" "My meetings" (/my/meetings/): every registration of the signed-in person, newest meeting
first, with its receipt, access, certificate, CME claim, abstracts, award applications and
what to do next, in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from icis.payments import services as payment_services
from meetings import registration as reg
from meetings.models import CmeClaim, Meeting
from tests.factories import (
    AbstractCallFactory,
    AbstractFactory,
    AccreditationFactory,
    ApplicationFactory,
    AwardCycleFactory,
    MeetingFactory,
    RegistrationSettingsFactory,
    UserFactory,
)
from tests.factories.meetings import RegistrationFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db
URL = "/my/meetings/"
ATTENDEE = reg.Attendee(badge_name="Ada Lovelace", affiliation="Cardiff University", country="GB")


def _past_meeting(years_ago: int, **kwargs) -> Meeting:
    start = timezone.localdate().replace(month=10, day=17) - timedelta(days=365 * years_ago)
    if start >= timezone.localdate():
        start -= timedelta(days=365)
    return MeetingFactory(
        name=f"Cytokines {start.year}",
        start_date=start,
        end_date=start + timedelta(days=3),
        status=Meeting.Status.PAST,
        **kwargs,
    )


def test_a_member_finds_each_meeting_newest_first_with_what_to_do_next(client, open_meeting):
    ada = UserFactory(first_name="Ada", last_name="Lovelace")
    # Two years ago: attended, credits claimed: the certificate is there.
    older = _past_meeting(2, format="virtual")
    AccreditationFactory(meeting=older, credits=Decimal(18))
    attended = RegistrationFactory(meeting=older, user=ada)
    CmeClaim.objects.create(registration=attended, credits=Decimal(18), evaluation={})
    # Last year: attended, credits not claimed yet, claims close in ten days.
    last = _past_meeting(1, format="in_person", venue="City Hall", city="Cardiff")
    until = timezone.localdate() + timedelta(days=10)
    AccreditationFactory(meeting=last, credits=Decimal(12), claim_until=until)
    RegistrationFactory(meeting=last, user=ada)
    # This year: a place on hold, not paid yet, and an abstract waiting for its decision.
    held = reg.registration_checkout(
        user=ada,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    call = AbstractCallFactory(
        meeting=open_meeting, decisions_on=open_meeting.start_date - timedelta(days=30)
    )
    abstract = AbstractFactory(call=call, submitter=ada, status="submitted")
    # Someone else's registration is not shown.
    RegistrationFactory(meeting=_past_meeting(3), user=UserFactory())

    client.force_login(ada)
    html = client.get(URL).content.decode()

    positions = [html.index(f">{meeting.name}</a></h2>") for meeting in (open_meeting, last, older)]
    assert positions == sorted(positions)
    assert html.count('class="card my-meeting"') == 3
    assert f'<a href="{held.payment.get_pay_url()}">Complete your payment</a> by' in html
    decisions = call.decisions_on
    assert (
        f'Abstract decisions on <time datetime="{decisions:%Y-%m-%d}">'
        f"{decisions.day} {decisions:%B %Y}</time>" in html
    )
    assert f"{abstract.number} " in html
    assert (
        f'href="/meetings/{last.slug}/attend/cme/">Claim your CME credits (up to 12) and your '
        f'certificate</a> by <time datetime="{until:%Y-%m-%d}">' in html
    )
    assert "City Hall, Cardiff" in html
    assert f'href="/meetings/{older.slug}/attend/certificate.pdf"' in html
    assert f'href="/meetings/{older.slug}/on-demand/">The virtual meeting</a>' in html
    # The certificate of two years ago is claimed: nothing left to do there.
    older_card = html[html.index(f">{older.name}</a></h2>") :]
    assert "What to do next" not in older_card


def test_a_paid_registration_links_its_receipt_and_the_published_access(client, open_meeting):
    ada = UserFactory()
    registration = reg.registration_checkout(
        user=ada,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    client.force_login(ada)
    html = client.get(URL).content.decode()
    assert "Complete your payment" in html and "The virtual meeting" not in html

    payment_services.payment_record_manual(
        payment_id=registration.payment_id, method="bank_transfer", reference="", actor=None
    )
    registration.payment.refresh_from_db()
    html = client.get(URL).content.decode()
    assert "Complete your payment" not in html
    assert f'<a href="{registration.payment.get_receipt_url()}">Receipt ' in html
    # Hybrid: the platform is open to confirmed attendees; the stream details once published.
    assert f'href="/meetings/{open_meeting.slug}/on-demand/">The virtual meeting</a>' in html
    assert "how to join the live streams" not in html
    open_meeting.registration.access_published = True
    open_meeting.registration.save(update_fields=["access_published"])
    html = client.get(URL).content.decode()
    assert f'href="/meetings/{open_meeting.slug}/attend/">how to join the live streams' in html


def test_credits_are_not_offered_after_their_last_day(client):
    ada = UserFactory()
    last = _past_meeting(1)
    AccreditationFactory(
        meeting=last, credits=Decimal(12), claim_until=timezone.localdate() - timedelta(days=1)
    )
    RegistrationFactory(meeting=last, user=ada)
    client.force_login(ada)
    assert "Claim your CME credits" not in client.get(URL).content.decode()


def test_award_applications_and_draft_abstracts_show_under_their_meeting(client, open_meeting):
    ada = UserFactory()
    cycle = AwardCycleFactory(meeting=open_meeting, program__name="Trainee Travel Award")
    ApplicationFactory(cycle=cycle, created_by=ada)
    call = AbstractCallFactory(meeting=open_meeting)
    AbstractFactory(call=call, submitter=ada)
    client.force_login(ada)
    html = client.get(URL).content.decode()
    assert "Not registered yet" in html
    assert "Submit your application for the Trainee Travel Award</a> by" in html
    assert "Submit your abstract" in html
    assert f"Trainee Travel Award {cycle.year}</a> (application): Draft" in html


def test_my_meetings_is_for_signed_in_people_and_linked_from_the_portal(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert "You have no meetings yet." in client.get(URL).content.decode()
    portal = client.get(reverse("members:portal")).content.decode()
    assert f'href="{URL}"' in portal


def test_my_meetings_runs_the_same_queries_for_one_meeting_or_ten(client):
    ada = UserFactory()
    client.force_login(ada)

    def grow(n):
        for _ in range(n):
            meeting = _past_meeting(1, format="hybrid")
            RegistrationSettingsFactory(meeting=meeting, access_published=True)
            AccreditationFactory(meeting=meeting)
            registration = RegistrationFactory(meeting=meeting, user=ada)
            CmeClaim.objects.create(registration=registration, credits=Decimal(1), evaluation={})
            call = AbstractCallFactory(meeting=meeting)
            AbstractFactory(call=call, submitter=ada, status="submitted")
            ApplicationFactory(cycle=AwardCycleFactory(meeting=meeting), created_by=ada)

    # Session and user, the registrations (with meeting, settings, category, payment and
    # claim), the meetings' accreditations, the abstracts, the award applications.
    assert_queries_at_sizes(expected=6, grow=grow, action=lambda: client.get(URL), sizes=(1, 10))
