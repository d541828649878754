"""The registration page: what is sold out shows before anyone types, errors show once, and
hold times name their time zone."""

import re
from datetime import date

import pytest
from django.utils import timezone

from icis.payments.services import payment_record_manual
from meetings.availability import categories_sold_out
from meetings.models import Meeting, Registration, RegistrationSettings, WaitlistEntry
from meetings.registration import Attendee, registration_checkout, registration_grant
from members.models import CareerStage
from tests.factories import MemberProfileFactory, UserFactory
from tests.querycount import assert_queries_at_sizes

pytestmark = pytest.mark.django_db
ATTENDEE = Attendee(badge_name="Grace Hopper", affiliation="Navy", country="US")


def _person():
    user = UserFactory(first_name="Grace", last_name="Hopper")
    MemberProfileFactory(
        user=user, institution="Navy", country="US", career_stage=CareerStage.SENIOR
    )
    return user


def _register_url(meeting) -> str:
    return f"{meeting.get_absolute_url()}register/"


def _non_member_full(meeting, staff_user):
    """The non-member rate has one place, taken by a speaker."""
    non_member = meeting.categories.get(slug="non-member")
    non_member.capacity = 1
    non_member.save(update_fields=["capacity"])
    registration_grant(
        user=_person(), meeting=meeting, category=non_member, attendee=ATTENDEE, actor=staff_user
    )
    return non_member


def _row(html: str, name: str) -> str:
    return re.search(rf'<tr><th scope="row">{re.escape(name)}\b.*?</tr>', html).group(0)


def _radio(html: str, value: str) -> str:
    return re.search(rf'<input type="radio" name="category" value="{value}"[^>]*>', html).group(0)


def test_a_sold_out_category_shows_on_the_price_table_before_signing_in(
    client, open_meeting, staff_user
):
    _non_member_full(open_meeting, staff_user)

    html = client.get(_register_url(open_meeting)).content.decode()

    assert "(sold out)" in _row(html, "Non-member")
    assert "(sold out)" not in _row(html, "Member")


def test_a_sold_out_category_cannot_be_chosen_and_offers_the_waitlist(
    client, open_meeting, staff_user
):
    non_member = _non_member_full(open_meeting, staff_user)
    person = _person()
    client.force_login(person)

    html = client.get(_register_url(open_meeting)).content.decode()

    assert "disabled" in _radio(html, "non-member")
    assert "disabled" not in _radio(html, "member")
    assert "Non-member (sold out: join the waitlist above)" in html
    assert "Join the waitlist for Non-member" in html

    # Sent anyway (an old tab): the error is on the category, and nothing was held.
    response = client.post(
        _register_url(open_meeting),
        {"category": "non-member", "badge_name": "G", "affiliation": "Navy", "country": "US"},
    )
    assert response.status_code == 200
    assert response.content.decode().count("The Non-member rate is sold out.") == 1
    assert not Registration.objects.filter(user=person).exists()

    client.post(
        f"{open_meeting.get_absolute_url()}waitlist/", {"category": non_member.slug}, follow=True
    )
    assert WaitlistEntry.objects.filter(user=person, category=non_member).exists()


def test_each_error_is_shown_once(client, open_meeting):
    client.force_login(_person())

    missing = client.post(
        _register_url(open_meeting), {"category": "member", "affiliation": "X", "country": "GB"}
    ).content.decode()
    refused = client.post(
        _register_url(open_meeting),
        {"category": "member", "badge_name": "Grace", "affiliation": "X", "country": "GB"},
    ).content.decode()

    assert missing.count("This field is required.") == 1
    assert refused.count("The member rate needs a membership") == 1


def test_the_hold_time_names_its_time_zone(client, open_meeting):
    person = _person()
    client.force_login(person)
    held = registration_checkout(
        user=person,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    until = timezone.localtime(held.hold_expires_at, open_meeting.time_zone)

    html = client.get(_register_url(open_meeting)).content.decode()

    assert f"on hold until {until:%H:%M} {until.tzname()} (Europe/London time)" in html


def test_the_sold_out_selector_keeps_its_query_count(open_meeting, staff_user):
    categories = list(open_meeting.categories.all())
    RegistrationSettings.objects.filter(meeting=open_meeting).update(capacity=500)
    member = open_meeting.categories.get(slug="member")

    def grow(count: int) -> None:
        for _ in range(count):
            registration_grant(
                user=_person(),
                meeting=open_meeting,
                category=member,
                attendee=ATTENDEE,
                actor=staff_user,
            )

    assert_queries_at_sizes(
        expected=3,
        grow=grow,
        action=lambda: categories_sold_out(open_meeting, categories, now=timezone.now()),
    )
    RegistrationSettings.objects.filter(meeting=open_meeting).update(capacity=22)
    assert categories_sold_out(open_meeting, categories, now=timezone.now()) == {
        category.pk for category in categories
    }


def test_a_hold_that_ran_out_offers_no_payment(client, open_meeting):
    person = _person()
    client.force_login(person)
    held = registration_checkout(
        user=person,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    Registration.objects.filter(pk=held.pk).update(hold_expires_at=timezone.now())

    html = client.get(_register_url(open_meeting)).content.decode()

    assert held.payment.get_pay_url() not in html
    assert "The time your place was held for has run out." in html


def _field_group(html: str, field_id: str) -> str:
    """The block that holds one field: its label, help, errors and input."""
    return re.search(rf'<div><label for="{field_id}".*?</div>', html, re.S).group(0)


def test_each_field_sits_in_its_own_group(client, open_meeting):
    """The attendee-list checkbox is under its own question, not beside "Promo code"."""
    client.force_login(_person())

    html = client.get(_register_url(open_meeting)).content.decode()

    consent = _field_group(html, "id_list_consent")
    assert 'name="list_consent"' in consent
    assert "Promo code" not in consent
    assert 'name="promo_code"' in _field_group(html, "id_promo_code")


def test_someone_on_the_waitlist_is_told_so_not_offered_it_again(client, open_meeting, staff_user):
    non_member = _non_member_full(open_meeting, staff_user)
    client.force_login(_person())

    joined = client.post(
        f"{open_meeting.get_absolute_url()}waitlist/", {"category": non_member.slug}, follow=True
    ).content.decode()

    assert "You are on the waitlist for Non-member." in joined
    assert "Join the waitlist for Non-member" not in joined
    assert "You are on its waitlist" in joined
    assert "Non-member (sold out: you are on its waitlist)" in joined
    assert "join the waitlist above" not in joined
    assert joined.count("if a place frees up we will email you") == 1


def test_cancelling_says_how_much_is_refunded_and_how(client, open_meeting):
    person = _person()
    held = registration_checkout(
        user=person,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    payment_record_manual(
        payment_id=held.payment_id, method="bank_transfer", reference="", actor=None
    )
    client.force_login(person)

    cancel_url = f"{open_meeting.get_absolute_url()}attend/cancel/"
    # Paid by bank transfer: the office pays it back, not a card.
    page = client.get(cancel_url).content.decode()
    assert "$750.00</strong>, by the society&#x27;s office." in page

    html = client.post(cancel_url, {"confirm": "on"}, follow=True).content.decode()

    assert (
        "Your registration is cancelled. $750.00 is being refunded by the society&#x27;s office."
        in html
    )


def test_cancelling_without_ticking_the_box_says_what_to_do(client, open_meeting):
    person = _person()
    held = registration_checkout(
        user=person,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    payment_record_manual(
        payment_id=held.payment_id, method="bank_transfer", reference="", actor=None
    )
    client.force_login(person)

    # The box left unticked: the browser sends the form without it.
    html = client.post(
        f"{open_meeting.get_absolute_url()}attend/cancel/", {"csrfmiddlewaretoken": "x"}
    ).content.decode()

    assert "Tick the box to confirm that you want to cancel." in html
    assert "This field is required." not in html
    held.refresh_from_db()
    assert held.status == Registration.Status.CONFIRMED


def test_an_unpaid_place_promises_no_refund_on_the_attendee_page(client, open_meeting):
    person = _person()
    registration_checkout(
        user=person,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    client.force_login(person)

    html = client.get(f"{open_meeting.get_absolute_url()}attend/").content.decode()

    assert "Cancel my registration</a> (not paid yet: your place on hold is released)" in html
    assert "refunded if you cancel" not in html


@pytest.mark.parametrize(
    ("category", "status"),
    [("a\x00b", 400), ("x" * 500, 404), ("", 404)],
    ids=["nul-byte-refused-by-the-input-guard", "too-long", "empty"],
)
def test_a_malformed_waitlist_request_is_refused_not_an_error(
    client, open_meeting, category, status
):
    client.force_login(_person())

    response = client.post(f"{open_meeting.get_absolute_url()}waitlist/", {"category": category})

    assert response.status_code == status
    assert not WaitlistEntry.objects.exists()


def test_a_meeting_across_new_year_names_both_years_where_the_member_rate_is_explained(
    client, open_meeting
):
    year = timezone.localdate().year + 1
    Meeting.objects.filter(pk=open_meeting.pk).update(
        start_date=date(year, 12, 30), end_date=date(year + 1, 1, 2)
    )
    user = UserFactory(first_name="Grace", last_name="Hopper")  # not a member
    MemberProfileFactory(
        user=user, institution="Navy", country="US", career_stage=CareerStage.SENIOR
    )
    client.force_login(user)
    dates = f"30 December {year} – 2 January {year + 1}"

    page = client.get(_register_url(open_meeting)).content.decode()
    refused = client.post(
        _register_url(open_meeting),
        {"category": "member", "badge_name": "Grace", "affiliation": "Navy", "country": "US"},
    ).content.decode()

    assert f"covers the meeting's dates ({dates})." in page
    assert f"covers the meeting&#x27;s dates ({dates}). Join or renew" in refused
