"""A held, unpaid place when the attendee sends the registration form again, or when what
pays for it is cancelled elsewhere: the attendee keeps what they had until a new choice is
valid, and can always go on."""

import pytest

from icis.payments.models import Payment
from icis.payments.services import payment_cancel
from meetings.exceptions import SoldOut
from meetings.models import Registration, RegistrationSettings
from meetings.registration import (
    Attendee,
    holds_release_expired,
    registration_checkout,
    waitlist_join,
)
from members.exceptions import MembershipError
from members.models import CareerStage
from members.services import membership_checkout
from tests.factories import MemberProfileFactory, PromoCodeFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status
ATTENDEE = Attendee(badge_name="Ada Lovelace", affiliation="Analytical Engines", country="GB")


def _person():
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    MemberProfileFactory(
        user=user, institution="Analytical Engines", country="GB", career_stage=CareerStage.SENIOR
    )
    return user


# What joining in the registration form asks about the person.
PROFILE = {
    "profile-first_name": "Ada",
    "profile-last_name": "Lovelace",
    "profile-institution": "Analytical Engines",
    "profile-country": "GB",
    "profile-career_stage": CareerStage.SENIOR,
}


def _form(**changes) -> dict:
    return {
        "category": "non-member",
        "badge_name": "Ada Lovelace",
        "affiliation": "Analytical Engines",
        "country": "GB",
        **changes,
    }


def _send(client, meeting, **changes):
    return client.post(f"{meeting.get_absolute_url()}register/", _form(**changes))


def _held(user) -> Registration:
    return Registration.objects.exclude(status=Status.CANCELLED).get(user=user)


def test_a_mistyped_promo_code_keeps_the_held_place_and_its_payment(client, open_meeting):
    user = _person()
    client.force_login(user)
    first = _send(client, open_meeting)
    held = _held(user)
    assert first.url == held.payment.get_pay_url()

    response = _send(client, open_meeting, promo_code="NO-SUCH-CODE")

    assert "That promo code is not valid for this meeting." in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.PENDING
    assert Payment.objects.get(pk=held.payment_id).status == Payment.Status.PENDING
    assert Registration.objects.filter(user=user).count() == 1


def test_a_code_for_another_category_keeps_the_held_place(client, open_meeting):
    code = PromoCodeFactory(meeting=open_meeting, code="TRAINEES", percent_off=50)
    code.categories.add(open_meeting.categories.get(slug="trainee-non-member"))
    user = _person()
    client.force_login(user)
    _send(client, open_meeting)

    response = _send(client, open_meeting, promo_code="trainees")

    assert "That promo code does not apply to Non-member." in response.content.decode()
    held = _held(user)
    assert held.status == Status.PENDING
    assert held.payment.status == Payment.Status.PENDING


def test_a_valid_code_swaps_the_hold_for_the_cheaper_one(client, open_meeting):
    PromoCodeFactory(meeting=open_meeting, code="TENOFF", percent_off=10)
    user = _person()
    client.force_login(user)
    _send(client, open_meeting)
    old = _held(user)

    response = _send(client, open_meeting, promo_code="tenoff")

    new = _held(user)
    assert new.pk != old.pk and new.amount == 67500
    assert response.url == new.payment.get_pay_url()
    old.refresh_from_db()
    assert old.status == Status.CANCELLED
    assert Payment.objects.get(pk=old.payment_id).status == Payment.Status.CANCELLED


def test_a_corrected_badge_name_sent_again_is_saved_on_the_same_hold(client, open_meeting):
    user = _person()
    client.force_login(user)
    _send(client, open_meeting, badge_name="Ada Lovelase")
    held = _held(user)

    response = _send(
        client,
        open_meeting,
        badge_name="Ada Lovelace",
        affiliation="University of London",
        accessibility_needs="Captions, please",
        list_consent="on",
    )

    assert response.url == held.payment.get_pay_url()  # the same hold, the same payment
    again = _held(user)
    assert again.pk == held.pk and again.payment_id == held.payment_id
    assert (
        again.badge_name,
        again.affiliation,
        again.accessibility_needs,
        again.list_consent,
    ) == ("Ada Lovelace", "University of London", "Captions, please", True)


def test_joining_separately_while_a_place_is_held_with_a_membership_leaves_it_payable(
    client, open_meeting, membership_types
):
    """Register at the member rate joining as Regular, do not pay, then choose 'Regular,
    three years' on the membership page: the membership page refuses to cancel the combined
    payment, and the held place can still be paid."""
    user = _person()
    client.force_login(user)
    _send(client, open_meeting, category="member", join="regular", **PROFILE)
    held = _held(user)
    assert held.payment.amount == 60000

    with pytest.raises(MembershipError, match="cancel that registration first"):
        membership_checkout(user=user, membership_type=membership_types["regular-3-years"])

    assert Payment.objects.get(pk=held.payment_id).status == Payment.Status.PENDING
    page = client.get(f"{open_meeting.get_absolute_url()}register/").content.decode()
    assert held.payment.get_pay_url() in page
    assert client.get(held.payment.get_pay_url()).status_code == 200


def test_sending_the_same_form_after_staff_cancelled_the_payment_holds_a_place_again(
    client, open_meeting, staff_user
):
    user = _person()
    client.force_login(user)
    _send(client, open_meeting)
    held = _held(user)
    payment_cancel(payment_id=held.payment_id, actor=staff_user)

    response = _send(client, open_meeting)

    again = _held(user)
    assert again.pk != held.pk and again.payment.status == Payment.Status.PENDING
    assert response.url == again.payment.get_pay_url()


def test_a_hold_whose_payment_was_cancelled_is_released_by_the_beat_before_it_expires(
    open_meeting, staff_user
):
    from meetings.models import WaitlistEntry

    RegistrationSettings.objects.filter(meeting=open_meeting).update(capacity=1)
    holder, waiting = _person(), _person()
    non_member = open_meeting.categories.get(slug="non-member")
    held = registration_checkout(
        user=holder, meeting=open_meeting, category=non_member, attendee=ATTENDEE
    )
    with pytest.raises(SoldOut):
        registration_checkout(
            user=waiting, meeting=open_meeting, category=non_member, attendee=ATTENDEE
        )
    waitlist_join(user=waiting, meeting=open_meeting, category=non_member)
    payment_cancel(payment_id=held.payment_id, actor=staff_user)

    assert holds_release_expired() == 1  # well within the hold's time

    held.refresh_from_db()
    assert held.status == Status.CANCELLED
    assert WaitlistEntry.objects.get(user=waiting).status == WaitlistEntry.Status.OFFERED


def test_changing_to_a_sold_out_category_keeps_the_held_place(
    client, open_meeting, membership_types
):
    open_meeting.categories.filter(slug="member").update(capacity=0)
    user = _person()
    client.force_login(user)
    _send(client, open_meeting)
    held = _held(user)

    response = _send(client, open_meeting, category="member", join="regular")

    assert response.status_code == 200
    html = response.content.decode()
    assert "The Member rate is sold out." in html, html[
        html.find("form-errors") : html.find("form-errors") + 500
    ]
    held.refresh_from_db()
    assert held.status == Status.PENDING
    assert held.payment.status == Payment.Status.PENDING


def test_a_used_up_code_keeps_the_held_place(client, open_meeting):
    PromoCodeFactory(meeting=open_meeting, code="ONCE", percent_off=10, max_uses=1)
    registration_checkout(
        user=_person(),
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
        promo_code="ONCE",
    )
    user = _person()
    client.force_login(user)
    _send(client, open_meeting)
    held = _held(user)

    response = _send(client, open_meeting, promo_code="once")

    assert "That promo code has been used as often as it may be." in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.PENDING
    assert held.payment.status == Payment.Status.PENDING
