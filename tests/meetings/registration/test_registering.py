"""Registering for the meeting through the services and pages (cards are tested elsewhere:
here payments are recorded by staff so no card is needed)."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from icis.payments.models import Payment
from meetings import cme_credits, communications
from meetings import registration as reg
from meetings.exceptions import RegistrationError
from meetings.models import Meeting, Registration
from members.models import CareerStage, Membership
from tests.factories import (
    AccreditationFactory,
    AnnouncementFactory,
    MemberProfileFactory,
    ProgramDayFactory,
    SessionFactory,
    UserFactory,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db
# The session, the price table, categories, what is sold out (3), the visitor's profile, the
# member-rate rule, their standing, the memberships on offer with their prices and their place
# on the waitlist; the attendee's registration. Register lowered from 17: the current fee window
# is found among the windows the price table fetched, not by a second query.
EXPECTED_REGISTER, EXPECTED_ATTEND = 16, 8
ATTENDEE = reg.Attendee(badge_name="Ada Lovelace", affiliation="Analytical Engines", country="GB")


def _person(stage=CareerStage.SENIOR):
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    MemberProfileFactory(user=user, institution="X", country="GB", career_stage=stage)
    return user


def _category(meeting, slug):
    return meeting.categories.get(slug=slug)


def _paid(registration):
    payment_services.payment_record_manual(
        payment_id=registration.payment_id, method="bank_transfer", reference="", actor=None
    )
    registration.refresh_from_db()
    return registration


def test_the_price_follows_the_fee_windows(open_meeting):
    early = reg.registration_checkout(
        user=_person(),
        meeting=open_meeting,
        category=_category(open_meeting, "non-member"),
        attendee=ATTENDEE,
    )
    later = timezone.now() + timedelta(days=40)
    regular = reg.registration_checkout(
        user=_person(),
        meeting=open_meeting,
        now=later,
        category=_category(open_meeting, "non-member"),
        attendee=ATTENDEE,
    )
    assert (early.fee_window, early.amount) == ("Early bird", 75000)
    assert (regular.fee_window, regular.amount) == ("Regular", 85000)
    with pytest.raises(RegistrationError, match="Registration has closed"):
        reg.registration_checkout(
            user=_person(),
            meeting=open_meeting,
            now=timezone.now() + timedelta(days=100),
            category=_category(open_meeting, "non-member"),
            attendee=ATTENDEE,
        )


def test_the_member_rate_needs_a_membership_on_the_meeting_s_dates(open_meeting, membership_types):
    member_category = _category(open_meeting, "member")
    user = _person()
    with pytest.raises(RegistrationError, match="member rate needs a membership"):
        reg.registration_checkout(
            user=user, meeting=open_meeting, category=member_category, attendee=ATTENDEE
        )

    registration = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=member_category,
        attendee=ATTENDEE,
        join=membership_types["regular"],
    )
    payment = Payment.objects.get(pk=registration.payment_id)
    assert sorted(payment.items.values_list("kind", "amount")) == [
        ("membership", 15000),
        ("registration", 45000),
    ]
    assert payment.amount == 60000

    _paid(registration)
    assert registration.status == "confirmed"
    term = Membership.objects.confirmed().get(user=user)
    assert term.payment_id == payment.pk and term.end_date > open_meeting.end_date
    templates = set(
        OutboundEmail.objects.filter(to_email=user.email).values_list("template", flat=True)
    )
    assert {
        "members/email/welcome",
        "payments/email/payment_received",
        "meetings/email/registration_confirmed",
    } <= templates


def test_trainee_rates_need_a_trainee_career_stage(open_meeting):
    with pytest.raises(RegistrationError, match="students and postdoctoral researchers"):
        reg.registration_checkout(
            user=_person(),
            meeting=open_meeting,
            category=_category(open_meeting, "trainee-non-member"),
            attendee=ATTENDEE,
        )
    trainee = reg.registration_checkout(
        user=_person(CareerStage.GRADUATE_STUDENT),
        meeting=open_meeting,
        category=_category(open_meeting, "trainee-non-member"),
        attendee=ATTENDEE,
    )
    assert trainee.amount == 30000


def test_checking_out_again_keeps_one_hold_and_a_registered_person_cannot_register_twice(
    open_meeting,
):
    user = _person()
    category = _category(open_meeting, "non-member")
    first = reg.registration_checkout(
        user=user, meeting=open_meeting, category=category, attendee=ATTENDEE
    )
    again = reg.registration_checkout(
        user=user, meeting=open_meeting, category=category, attendee=ATTENDEE
    )
    assert first.pk == again.pk and Payment.objects.count() == 1
    _paid(first)
    with pytest.raises(RegistrationError, match="already registered"):
        reg.registration_checkout(
            user=user, meeting=open_meeting, category=category, attendee=ATTENDEE
        )


def test_closed_meetings_and_hidden_categories_take_no_registrations(open_meeting):
    category = _category(open_meeting, "non-member")
    category.is_public = False
    category.save()
    with pytest.raises(RegistrationError, match="not offered"):
        reg.registration_checkout(
            user=_person(), meeting=open_meeting, category=category, attendee=ATTENDEE
        )
    Meeting.objects.filter(pk=open_meeting.pk).update(status=Meeting.Status.CLOSED)
    open_meeting.refresh_from_db()
    with pytest.raises(RegistrationError, match="not open"):
        reg.registration_checkout(
            user=_person(),
            meeting=open_meeting,
            category=_category(open_meeting, "member"),
            attendee=ATTENDEE,
        )


@pytest.mark.parametrize(
    ("days_later", "refunded", "status"),
    [(1, 75000, "refunded"), (45, 37500, "partially_refunded"), (70, 0, "paid")],
)
def test_cancelling_refunds_by_the_policy(open_meeting, staff_user, days_later, refunded, status):
    registration = _paid(
        reg.registration_checkout(
            user=_person(),
            meeting=open_meeting,
            category=_category(open_meeting, "non-member"),
            attendee=ATTENDEE,
        )
    )

    reg.registration_cancel(
        registration_id=registration.pk,
        actor=staff_user,
        now=timezone.now() + timedelta(days=days_later),
    )

    registration.refresh_from_db()
    assert (registration.status, registration.refunded_amount) == ("cancelled", refunded)
    assert Payment.objects.get(pk=registration.payment_id).status == status


def test_an_unpaid_hold_is_released_and_its_payment_cancelled(open_meeting):
    held = reg.registration_checkout(
        user=_person(),
        meeting=open_meeting,
        category=_category(open_meeting, "non-member"),
        attendee=ATTENDEE,
    )
    assert reg.holds_release_expired(now=timezone.now() + timedelta(minutes=10)) == 0
    assert reg.holds_release_expired(now=timezone.now() + timedelta(minutes=31)) == 1
    held.refresh_from_db()
    assert held.status == "cancelled"
    assert Payment.objects.get(pk=held.payment_id).status == "cancelled"


def _confirmed(meeting, **kwargs):
    return reg.registration_grant(
        user=_person(),
        meeting=meeting,
        category=_category(meeting, "non-member"),
        attendee=ATTENDEE,
        actor=None,
        **kwargs,
    )


def test_announcements_reach_each_confirmed_registrant_once(open_meeting, staff_user):
    for _ in range(3):
        _confirmed(open_meeting)
    reg.registration_checkout(
        user=_person(),
        meeting=open_meeting,
        category=_category(open_meeting, "non-member"),
        attendee=ATTENDEE,
    )
    announcement = AnnouncementFactory(
        meeting=open_meeting,
        subject="We are going virtual",
        body="The meeting will be **fully virtual**.",
    )

    first = communications.announcement_send(announcement_id=announcement.pk, actor=staff_user)
    second = communications.announcement_send(announcement_id=announcement.pk, actor=staff_user)

    assert (first, second) == (3, 0)
    email = OutboundEmail.objects.filter(
        dedupe_key__startswith=f"announcement:{announcement.pk}:"
    ).first()
    assert email.subject == "[Cytokines Test Meeting] We are going virtual"
    assert "<strong>fully virtual</strong>" in email.body_html


def test_the_reminder_goes_once_with_the_access_details(open_meeting):
    _confirmed(open_meeting)
    settings_ = open_meeting.registration
    settings_.access_published = True
    settings_.save()
    start = datetime.combine(
        open_meeting.start_date, datetime.min.time(), tzinfo=open_meeting.time_zone
    )

    assert communications.meeting_reminders_queue(now=start - timedelta(days=5)) == 0
    assert communications.meeting_reminders_queue(now=start - timedelta(days=2)) == 1
    assert communications.meeting_reminders_queue(now=start - timedelta(days=1)) == 0
    email = OutboundEmail.objects.get(template="meetings/email/meeting_reminder")
    assert "https://stream.example.org/live" in email.body_text


def test_cme_credits_are_claimed_after_the_meeting_up_to_the_maximum(client, open_meeting):
    AccreditationFactory(
        meeting=open_meeting,
        body="EACCME®",
        credits=18,
        statement="Accredited with 18 European CME credits (ECMEC®s).",
    )
    registration = _confirmed(open_meeting)
    after = datetime.combine(
        open_meeting.end_date + timedelta(days=1),
        datetime.min.time(),
        tzinfo=open_meeting.time_zone,
    ) + timedelta(hours=12)
    evaluation = {"overall": "5"}
    with pytest.raises(RegistrationError, match="once the meeting has ended"):
        cme_credits.cme_claim(
            registration_id=registration.pk, credits=Decimal(10), evaluation=evaluation
        )
    with pytest.raises(RegistrationError, match=r"between 0\.5 and 18"):
        cme_credits.cme_claim(
            registration_id=registration.pk, credits=Decimal(19), evaluation=evaluation, now=after
        )
    claim = cme_credits.cme_claim(
        registration_id=registration.pk, credits=Decimal("12.5"), evaluation=evaluation, now=after
    )
    assert claim.credits == Decimal("12.5")

    client.force_login(registration.user)
    pdf = client.get(f"{open_meeting.get_absolute_url()}attend/certificate.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Certificate of attendance" in text and "12.5" in text and "Ada Lovelace" in text


def test_the_attendee_page_shows_access_details_only_when_published(client, open_meeting):
    registration = _confirmed(open_meeting)
    client.force_login(registration.user)
    url = f"{open_meeting.get_absolute_url()}attend/"
    assert "stream.example.org" not in client.get(url).content.decode()
    settings_ = open_meeting.registration
    settings_.access_published = True
    settings_.save()
    assert "https://stream.example.org/live" in client.get(url).content.decode()


def test_the_register_form_reports_errors_in_place(client, open_meeting):
    user = _person()
    client.force_login(user)
    response = client.post(
        f"{open_meeting.get_absolute_url()}register/",
        {"category": "member", "badge_name": "", "affiliation": "X", "country": "GB"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    response = client.post(
        f"{open_meeting.get_absolute_url()}register/",
        {
            "category": "member",
            "badge_name": "Ada",
            "affiliation": "X",
            "country": "GB",
            "promo_code": "NOPE",
        },
    )
    assert "member rate needs a membership" in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_and_attendee_pages_keep_their_query_counts(client, open_meeting):
    attendee = _confirmed(open_meeting)
    visitor = _person()
    measured = []
    for others in (1, 25):
        for _ in range(others):
            _confirmed(open_meeting)
        url = open_meeting.get_absolute_url()
        client.force_login(visitor)
        register = count_queries(lambda url=url: client.get(f"{url}register/"))[0]
        client.force_login(attendee.user)
        attend = count_queries(lambda url=url: client.get(f"{url}attend/"))[0]
        measured.append((register, attend))
    assert measured[0] == measured[1] == (EXPECTED_REGISTER, EXPECTED_ATTEND)


def test_stream_links_are_for_confirmed_attendees_once_published(client, open_meeting):
    from datetime import time

    day = ProgramDayFactory(meeting=open_meeting, date=open_meeting.start_date)
    SessionFactory(
        day=day,
        title="Keynote",
        start_time=time(9),
        end_time=time(10),
        stream_url="https://stream.example.org/keynote",
    )
    attendee = _confirmed(open_meeting)
    url = f"{open_meeting.get_absolute_url()}program/"
    settings_ = open_meeting.registration
    settings_.access_published = True
    settings_.save()

    assert "stream.example.org/keynote" not in client.get(url).content.decode()
    client.force_login(_person())
    assert "stream.example.org/keynote" not in client.get(url).content.decode()
    client.force_login(attendee.user)
    assert "https://stream.example.org/keynote" in client.get(url).content.decode()


def test_a_changed_choice_replaces_the_hold_and_the_same_choice_keeps_it(
    open_meeting, membership_types
):
    user = _person()
    non_member = _category(open_meeting, "non-member")
    first = reg.registration_checkout(
        user=user, meeting=open_meeting, category=non_member, attendee=ATTENDEE
    )
    same = reg.registration_checkout(
        user=user, meeting=open_meeting, category=non_member, attendee=ATTENDEE
    )
    changed = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=_category(open_meeting, "member"),
        attendee=ATTENDEE,
        join=membership_types["regular"],
    )
    assert same.pk == first.pk
    first.refresh_from_db()
    assert (
        first.status == "cancelled"
        and Payment.objects.get(pk=first.payment_id).status == "cancelled"
    )
    assert changed.amount == 45000 and Payment.objects.get(pk=changed.payment_id).amount == 60000


def test_the_waitlist_is_for_full_categories_and_joined_once(open_meeting):
    user = _person()
    non_member = _category(open_meeting, "non-member")
    with pytest.raises(RegistrationError, match="still has places"):
        reg.waitlist_join(user=user, meeting=open_meeting, category=non_member)
    settings_ = open_meeting.registration
    settings_.capacity = 0
    settings_.save()
    first = reg.waitlist_join(user=user, meeting=open_meeting, category=non_member)
    again = reg.waitlist_join(user=user, meeting=open_meeting, category=non_member)
    assert first.pk == again.pk


def test_the_confirmation_and_the_receipt_email_carry_the_receipt_pdf(open_meeting):
    from django.core import mail

    from icis.mail.services import email_send

    registration = _paid(
        reg.registration_checkout(
            user=_person(),
            meeting=open_meeting,
            category=_category(open_meeting, "non-member"),
            attendee=ATTENDEE,
        )
    )
    receipt_number = registration.payment.receipt_number
    for template in ("meetings/email/registration_confirmed", "payments/email/payment_received"):
        email_send(email_id=OutboundEmail.objects.get(template=template).pk)

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        ((name, content, mimetype),) = message.attachments
        assert (name, mimetype) == (f"{receipt_number}.pdf", "application/pdf")
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert receipt_number in text and "$750.00" in text


def _cancellation_email(user) -> str:
    return OutboundEmail.objects.get(
        to_email=user.email, template="meetings/email/registration_cancelled"
    ).body_text


def test_the_cancellation_email_promises_no_refund_for_a_free_place(open_meeting, staff_user):
    user = _person()
    granted = reg.registration_grant(
        user=user,
        meeting=open_meeting,
        category=_category(open_meeting, "non-member"),
        attendee=ATTENDEE,
        actor=staff_user,
    )

    reg.registration_cancel(registration_id=granted.pk, actor=staff_user)

    body = _cancellation_email(user)
    assert "is cancelled." in body
    assert "refund" not in body.lower()


def test_the_cancellation_email_does_not_claim_the_refund_is_already_made(open_meeting, staff_user):
    """The email is written when the place is cancelled, before the card processor is asked
    for the refund: it says the refund is on its way; the refund's own email confirms it."""
    registration = _paid(
        reg.registration_checkout(
            user=_person(),
            meeting=open_meeting,
            category=_category(open_meeting, "non-member"),
            attendee=ATTENDEE,
        )
    )

    reg.registration_cancel(registration_id=registration.pk, actor=staff_user)

    body = _cancellation_email(registration.user)
    assert "We have refunded" not in body
    assert "$750.00 (100%) is being refunded to you" in body
    assert OutboundEmail.objects.filter(
        to_email=registration.user.email, template="payments/email/payment_refunded"
    ).exists()
