"""The member rate's one rule (a membership covering the meeting's dates), joining or renewing
in the registration's payment in the meeting's currency, and the details joining needs."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from icis.payments import services as payment_services
from icis.payments.models import Payment
from meetings import registration as reg
from meetings.exceptions import RegistrationError
from meetings.member_rate import member_rate_holds
from meetings.models import Registration
from members.dates import term_end
from members.models import CareerStage, MemberProfile, Membership
from members.services import membership_checkout
from tests.factories import MemberProfileFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
ATTENDEE = reg.Attendee(badge_name="Ada Lovelace", affiliation="Analytical Engines", country="GB")


def _person(stage=CareerStage.SENIOR, **profile):
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    MemberProfileFactory(
        user=user,
        **{"institution": "X", "country": "GB", "career_stage": stage, **profile},
    )
    return user


@pytest.fixture
def gbp_meeting(open_meeting):
    open_meeting.currency = "GBP"
    open_meeting.save(update_fields=["currency"])
    return open_meeting


def _member_until(user, membership_types, end):
    MembershipFactory(user=user, membership_type=membership_types["regular"], end_date=end)


# --- Item: a membership bought with a registration is charged in the meeting's currency -----


def test_joining_with_a_gbp_meeting_charges_the_membership_s_gbp_price(
    gbp_meeting, membership_types
):
    registration = reg.registration_checkout(
        user=_person(),
        meeting=gbp_meeting,
        category=gbp_meeting.categories.get(slug="member"),
        attendee=ATTENDEE,
        join=membership_types["regular"],
    )

    payment = Payment.objects.get(pk=registration.payment_id)
    assert payment.currency == "GBP"
    assert sorted(payment.items.values_list("kind", "amount")) == [
        ("membership", 12000),  # £120.00, not the $150.00 price written as pounds
        ("registration", 45000),
    ]
    assert payment.amount == 57000
    assert "£120.00" in [item.amount_display for item in payment.items.all()]


def test_a_type_without_a_price_in_the_meeting_s_currency_must_be_paid_separately(
    client, gbp_meeting, membership_types
):
    user = _person()
    with pytest.raises(RegistrationError, match="not sold in GBP: it must be paid separately"):
        reg.registration_checkout(
            user=user,
            meeting=gbp_meeting,
            category=gbp_meeting.categories.get(slug="member"),
            attendee=ATTENDEE,
            join=membership_types["industry"],
        )
    assert not Payment.objects.exists() and not Membership.objects.exists()

    client.force_login(user)
    html = client.get(f"{gbp_meeting.get_absolute_url()}register/").content.decode()
    assert "Regular: £120.00 for 1 year" in html
    assert '<option value="industry">Industry:' not in html  # not offered in pounds
    assert "Not sold in GBP: Regular, three years, Trainee, Emeritus, Industry." in html
    assert '<a href="/membership/join/">join on the membership page</a>' in html


# --- Item: an unpaid join is replaced when the member joins with a registration ---------------


def test_an_unpaid_join_is_replaced_by_the_registration_s_join(
    client, open_meeting, membership_types
):
    user = _person()
    unpaid = membership_checkout(user=user, membership_type=membership_types["regular"])
    client.force_login(user)

    response = _register_post(
        client, open_meeting, affiliation="X", **_profile(**{"profile-institution": "X"})
    )

    assert response.status_code == 302
    registration = Registration.objects.get(user=user)
    unpaid.refresh_from_db()
    assert unpaid.status == "cancelled"
    assert list(Payment.objects.filter(payer=user, status="pending")) == [registration.payment]
    pending = Membership.objects.pending().get(user=user)
    assert pending.payment_id == registration.payment_id


def test_a_join_held_in_a_registration_s_payment_is_not_cancelled_from_the_join_page(
    open_meeting, membership_types
):
    from members.exceptions import MembershipError

    user = _person()
    registration = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="member"),
        attendee=ATTENDEE,
        join=membership_types["regular"],
    )
    with pytest.raises(MembershipError, match="pay it there, or cancel that registration"):
        membership_checkout(user=user, membership_type=membership_types["regular"])
    assert Payment.objects.get(pk=registration.payment_id).status == "pending"


# --- Item: one member-rate rule for the page, the checkout and the admin -----------------------


def test_a_member_in_grace_is_offered_a_renewal_and_the_checkout_agrees(
    client, open_meeting, membership_types, settings
):
    settings.MEMBERSHIP_GRACE_DAYS = 30
    user = _person()
    ended = timezone.localdate() - timedelta(days=5)  # in grace today
    _member_until(user, membership_types, ended)
    member_category = open_meeting.categories.get(slug="member")
    assert not member_rate_holds(user=user, meeting=open_meeting)

    client.force_login(user)
    html = client.get(f"{open_meeting.get_absolute_url()}register/").content.decode()
    assert "Renew your membership in the same payment (for the member rate)" in html
    assert "Yours does not: renew above" in html

    with pytest.raises(RegistrationError, match="covers the meeting's dates"):
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
    payment_services.payment_record_manual(
        payment_id=registration.payment_id, method="bank_transfer", reference="", actor=None
    )
    renewal = Membership.objects.get(payment_id=registration.payment_id)
    starts = ended + timedelta(days=1)
    assert renewal.source == "renew"
    assert (renewal.start_date, renewal.end_date) == (starts, term_end(starts, 12))
    assert member_rate_holds(user=user, meeting=open_meeting)


def test_a_member_covered_for_the_meeting_is_not_asked_to_join(
    client, open_meeting, membership_types
):
    user = _person()
    _member_until(user, membership_types, open_meeting.end_date + timedelta(days=30))
    client.force_login(user)

    html = client.get(f"{open_meeting.get_absolute_url()}register/").content.decode()

    assert 'name="join"' not in html
    assert "Member rates need a membership" not in html
    registration = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="member"),
        attendee=ATTENDEE,
    )
    assert registration.amount == 45000


def test_a_membership_ending_during_the_meeting_does_not_give_the_member_rate(
    open_meeting, membership_types
):
    user = _person()
    _member_until(user, membership_types, open_meeting.start_date)

    with pytest.raises(RegistrationError, match="covers the meeting's dates"):
        reg.registration_checkout(
            user=user,
            meeting=open_meeting,
            category=open_meeting.categories.get(slug="member"),
            attendee=ATTENDEE,
        )


# --- Item: joining through registration asks for the profile joining needs --------------------


def _profile(**changes) -> dict:
    """The profile fields joining asks for, as the registration form sends them."""
    return {
        "profile-first_name": "Ada",
        "profile-last_name": "Lovelace",
        "profile-institution": "Example U",
        "profile-country": "GB",
        "profile-career_stage": CareerStage.SENIOR,
        **changes,
    }


def _register_post(client, meeting, **extra):
    return client.post(
        f"{meeting.get_absolute_url()}register/",
        {
            "category": "member",
            "badge_name": "Ada",
            "affiliation": "Analytical Engines",
            "country": "GB",
            "join": "regular",
            **extra,
        },
    )


def test_joining_in_the_registration_form_asks_for_the_profile_and_shows_errors_in_place(
    client, open_meeting, membership_types
):
    user = UserFactory(first_name="Ada", last_name="Lovelace")  # no profile yet
    client.force_login(user)

    page = client.get(f"{open_meeting.get_absolute_url()}register/").content.decode()
    assert '<label for="id_profile-institution">' in page
    assert '<label for="id_profile-career_stage">' in page

    response = _register_post(client, open_meeting, **{"profile-institution": "Example U"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Joining needs a few details about you" in html
    assert 'id="id_profile-country_error"' in html or "profile-country" in html
    assert html.count("This field is required.") >= 2  # country and career stage
    assert 'value="Example U"' in html  # what was typed is kept
    assert not Payment.objects.exists() and not Registration.objects.exists()

    response = _register_post(client, open_meeting, **_profile())
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=user)
    assert (profile.institution, profile.country.code, profile.career_stage) == (
        "Example U",
        "GB",
        CareerStage.SENIOR,
    )
    assert Registration.objects.get(user=user).payment.amount == 60000


def test_the_profile_fields_are_not_required_without_a_membership(client, open_meeting):
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    client.force_login(user)

    response = _register_post(client, open_meeting, category="non-member", join="")

    assert response.status_code == 302
    assert Registration.objects.get(user=user).amount == 75000


def test_the_checkout_refuses_a_join_without_the_profile_joining_needs(
    open_meeting, membership_types
):
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    with pytest.raises(RegistrationError, match="complete your profile first"):
        reg.registration_checkout(
            user=user,
            meeting=open_meeting,
            category=open_meeting.categories.get(slug="member"),
            attendee=ATTENDEE,
            join=membership_types["regular"],
        )


# --- The refund on cancelling: one function for the page, the cancellation and the admin -------


@pytest.mark.parametrize("complimentary", [True, False])
def test_the_cancel_page_the_cancellation_and_the_admin_agree_on_the_refund(
    admin_client_2fa, open_meeting, complimentary
):
    user = _person()
    category = open_meeting.categories.get(slug="non-member")
    if complimentary:
        registration = reg.registration_grant(
            user=user, meeting=open_meeting, category=category, attendee=ATTENDEE, actor=None
        )
        page_says, admin_says, refunded = (
            "Nothing was paid, so there is nothing to refund.",
            "No refund: nothing was paid.",
            0,
        )
    else:
        registration = reg.registration_checkout(
            user=user, meeting=open_meeting, category=category, attendee=ATTENDEE
        )
        payment_services.payment_record_manual(
            payment_id=registration.payment_id, method="cheque", reference="", actor=None
        )
        page_says, admin_says, refunded = (
            "you will get 100% back: <strong>$750.00</strong>",
            # The admin writes amounts with their code; the site with the symbol.
            "Refund 750.00 USD (100% under the policy).",
            75000,
        )
    attendee = Client()
    attendee.force_login(user)
    page = attendee.get(f"{open_meeting.get_absolute_url()}attend/cancel/").content.decode()
    assert page_says in page
    admin_page = admin_client_2fa.post(
        "/admin/meetings/registration/",
        {"action": "cancel_by_policy", "_selected_action": [registration.pk]},
    ).content.decode()
    assert admin_says in admin_page

    reg.registration_cancel(registration_id=registration.pk, actor=user)
    registration.refresh_from_db()
    assert registration.refunded_amount == refunded


def test_the_attendee_page_shows_the_registration_fee_not_the_whole_payment(
    client, open_meeting, membership_types
):
    """Joined in the same payment: the page names the registration's own fee (what a
    cancellation refunds from) and the payment's total, each for what it is."""
    user = _person()
    registration = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="member"),
        attendee=ATTENDEE,
        join=membership_types["regular"],
    )
    payment_services.payment_record_manual(
        payment_id=registration.payment_id, method="bank_transfer", reference="", actor=None
    )
    registration.refresh_from_db()
    total = Payment.objects.get(pk=registration.payment_id)
    assert total.amount > registration.amount
    client.force_login(user)

    html = client.get(f"{open_meeting.get_absolute_url()}attend/").content.decode()

    fee = html.split("<dt>Payment</dt><dd>")[1].split("</dd>")[0]
    assert fee.startswith(f"${registration.amount // 100:,}.00 (paid together with your membership")
    assert f"{total.amount_display} in all" in fee


def test_switching_to_a_rate_without_joining_leaves_no_membership_awaiting_payment(
    client, open_meeting, membership_types
):
    """Member rate with a membership held, then the non-member rate chosen instead: the first
    payment is cancelled, and the account page no longer asks to pay it."""
    user = _person()
    first = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="member"),
        attendee=ATTENDEE,
        join=membership_types["regular"],
    )
    second = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=ATTENDEE,
    )
    assert Payment.objects.get(pk=first.payment_id).status == Payment.Status.CANCELLED
    client.force_login(user)

    html = client.get("/my/").content.decode()

    assert "Awaiting payment" not in html
    assert Payment.objects.get(pk=first.payment_id).get_pay_url() not in html
    assert Payment.objects.get(pk=second.payment_id).get_pay_url() in html  # in recent payments


def test_the_join_page_points_to_the_payment_that_already_holds_a_membership(
    client, open_meeting, membership_types
):
    """A membership chosen with a registration and not paid yet: the join page links to that
    payment instead of a choice that could only be refused."""
    user = _person()
    registration = reg.registration_checkout(
        user=user,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="member"),
        attendee=ATTENDEE,
        join=membership_types["regular"],
    )
    payment = Payment.objects.get(pk=registration.payment_id)
    client.force_login(user)

    html = client.get("/membership/join/").content.decode()

    assert f'<a href="{payment.get_pay_url()}">pay {payment.amount_display}</a>' in html
    assert 'name="membership_type"' not in html
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.PENDING
