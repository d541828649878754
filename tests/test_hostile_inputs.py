"""Hostile values in every form the money and registration pages take: each is refused in
place (or ignored), never a server error, and nothing is written that should not be."""

import pytest
from django.urls import reverse

from icis.payments.models import Payment
from meetings.models import PromoCode, Registration
from members.models import CareerStage
from tests.factories import MemberProfileFactory, PromoCodeFactory, UserFactory
from tests.members.test_membership_prices import TYPES_URL, _type_form

pytestmark = pytest.mark.django_db

HOSTILE = [
    "x" * 301,
    "a\x00b",
    "\x00",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999",
    "1e309",
    "1e999999",
    "-1e999999",
    "NaN",
    "-Infinity",
    "²",
    "٢٠٢١",
    "１５０",
    "usd",
    "XXX",
    "GBPP",
    "€",
    "<b>bold</b><script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "' OR 1=1 --",
    "%00",
    "\ud7ff\ufeff",
    " ",
]


# Other scripts' digits are the number they write ("٢٠٢١" is 2021): an amount may use them.
def _in_place(*values: str) -> int:
    """A refused value is shown in its form (200), but one with a NUL byte never reaches the
    form: the site's one input guard answers 400 with its own page."""
    return 400 if any("\x00" in value for value in values) else 200


OTHER_SCRIPTS_REFUSED = [value for value in HOSTILE if value not in ("٢٠٢١", "１５０")]


def _no_server_error(client, method, url, data=None):
    client.raise_request_exception = False
    response = getattr(client, method)(url, data or {})
    assert response.status_code < 500, (url, data)
    return response


def _member():
    user = UserFactory(first_name="Grace", last_name="Hopper")
    MemberProfileFactory(
        user=user, institution="Navy", country="US", career_stage=CareerStage.SENIOR
    )
    return user


def test_the_registration_form_refuses_hostile_values_in_place(client, open_meeting):
    PromoCodeFactory(meeting=open_meeting, code="SAVE10", percent_off=10)
    person = UserFactory()  # no profile: joining asks for it in the same form
    client.force_login(person)
    url = reverse("meetings:register", args=[open_meeting.slug])
    good = {
        "category": "non-member",
        "badge_name": "Grace",
        "affiliation": "Navy",
        "country": "US",
        "join": "",
    }
    fields = [
        *good,
        "promo_code",
        "accessibility_needs",
        "list_consent",
        "profile-first_name",
        "profile-last_name",
        "profile-institution",
        "profile-country",
        "profile-career_stage",
    ]
    for name in fields:
        for value in HOSTILE:
            data = good | {name: value}
            if name.startswith("profile-"):
                data["join"] = "regular"
            _no_server_error(client, "post", url, data)
            _no_server_error(client, "get", url, {"category": value})
    held = Registration.objects.get(user=person)
    held.badge_name = HOSTILE[18]
    held.save(update_fields=["badge_name"])
    for page in (url, reverse("meetings:attend", args=[open_meeting.slug])):
        assert "<script>alert(1)" not in client.get(page).content.decode()


def test_the_waitlist_and_cancel_pages_refuse_hostile_values(client, open_meeting):
    client.force_login(_member())
    waitlist = reverse("meetings:waitlist", args=[open_meeting.slug])
    cancel = reverse("meetings:cancel", args=[open_meeting.slug])
    for value in HOSTILE:
        _no_server_error(client, "post", waitlist, {"category": value})
        _no_server_error(client, "post", cancel, {"confirm": value})


def test_the_membership_price_inline_refuses_hostile_values_in_place(
    admin_client_2fa, membership_types
):
    industry = membership_types["industry"]
    existing = industry.prices.get()
    url = f"{TYPES_URL}{industry.pk}/change/"
    for value in HOSTILE:
        for price in ({"currency": value, "amount": "10"}, {"currency": "USD", "amount": value}):
            prices = [{"id": existing.pk, "currency": "USD", "amount": "250.00"}, price]
            response = _no_server_error(admin_client_2fa, "post", url, _type_form(industry, prices))
            assert response.status_code == _in_place(*price.values()), price
    assert list(industry.prices.values_list("currency", "amount")) == [("USD", 25000)]


def test_the_largest_price_staff_can_type_is_refused_in_place(admin_client_2fa, membership_types):
    industry = membership_types["industry"]
    existing = industry.prices.get()
    prices = [{"id": existing.pk, "currency": "USD", "amount": "999999999.99"}]
    response = _no_server_error(
        admin_client_2fa, "post", f"{TYPES_URL}{industry.pk}/change/", _type_form(industry, prices)
    )
    assert response.status_code == 200
    assert list(industry.prices.values_list("currency", "amount")) == [("USD", 25000)]


def test_the_refund_and_manual_payment_forms_refuse_hostile_values(
    admin_client_2fa, trainee_payment
):
    refund = reverse("admin:payments_payment_refund", args=[trainee_payment.pk])
    record = reverse("admin:payments_payment_record", args=[trainee_payment.pk])
    for value in HOSTILE:
        _no_server_error(admin_client_2fa, "post", record, {"method": value, "reference": value})
    trainee_payment.refresh_from_db()
    assert trainee_payment.status == Payment.Status.PENDING
    admin_client_2fa.post(record, {"method": "cheque", "reference": "42"})
    for value in HOSTILE:
        _no_server_error(admin_client_2fa, "post", refund, {"amount": value, "reason": value})
    trainee_payment.refresh_from_db()
    assert (trainee_payment.status, trainee_payment.amount_refunded) == (Payment.Status.PAID, 0)


@pytest.mark.parametrize("currency", ["usd", "XXX", "NAN", "GPB", "€"])
def test_a_meeting_is_only_priced_in_a_currency_in_use(admin_client_2fa, open_meeting, currency):
    from tests.meetings.admin.test_registration import form_data

    url = reverse("admin:meetings_meeting_change", args=[open_meeting.pk])
    page = admin_client_2fa.get(url)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {
            f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
            f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
            f"{formset.prefix}-MIN_NUM_FORMS": 0,
            f"{formset.prefix}-MAX_NUM_FORMS": 1000,
        }
        for form in formset.initial_forms:
            data |= form_data(form)
    assert admin_client_2fa.post(url, data).status_code == 302  # unchanged, it saves

    response = admin_client_2fa.post(url, data | {"currency": currency})

    assert response.status_code == 200
    assert "currency" in response.context["adminform"].form.errors
    open_meeting.refresh_from_db()
    assert open_meeting.currency == "USD"


def test_a_price_in_a_zero_decimal_currency_is_sent_to_stripe_in_whole_units():
    from decimal import Decimal

    from icis.core.money import format_money, to_minor_units

    # Stripe counts VND and XOF in whole units: 100,000 dong is amount=100000, not 10000000.
    assert to_minor_units(Decimal("100000"), "VND") == 100000
    assert format_money(100000, "VND") == "VND 100,000"
    assert to_minor_units(Decimal("12.345"), "JOD") == 12345


def _category_form(category, fees: list[dict]) -> dict:
    data = {
        "meeting": category.meeting_id,
        "name": category.name,
        "slug": category.slug,
        "description": "",
        "requires_membership": "on" if category.requires_membership else "",
        "is_public": "on",
        "capacity": "",
        "ordering": "0",
        "fees-TOTAL_FORMS": len(fees),
        "fees-INITIAL_FORMS": sum(1 for fee in fees if fee.get("id")),
        "fees-MIN_NUM_FORMS": 0,
        "fees-MAX_NUM_FORMS": 1000,
    }
    for index, fee in enumerate(fees):
        data |= {f"fees-{index}-{key}": value for key, value in fee.items()}
        data[f"fees-{index}-category"] = category.pk
    return data


def test_staff_read_and_type_fees_as_decimals_in_the_meeting_s_currency(
    admin_client_2fa, open_meeting
):
    member = open_meeting.categories.get(slug="member")
    early, regular = member.fees.order_by("window__ends_on")
    url = reverse("admin:meetings_registrationcategory_change", args=[member.pk])

    page = admin_client_2fa.get(url).content.decode()
    assert 'value="450.00"' in page and 'value="550.00"' in page
    assert "45000" not in page

    fees = [
        {"id": early.pk, "window": early.window_id, "amount": "425.50"},
        {"id": regular.pk, "window": regular.window_id, "amount": "550"},
    ]
    assert admin_client_2fa.post(url, _category_form(member, fees)).status_code == 302
    assert list(member.fees.order_by("window__ends_on").values_list("amount", flat=True)) == [
        42550,
        55000,
    ]

    for value in [*OTHER_SCRIPTS_REFUSED, "425.505", "99999999999"]:
        fees[0]["amount"] = value
        response = _no_server_error(admin_client_2fa, "post", url, _category_form(member, fees))
        assert response.status_code == _in_place(value), value
    assert member.fees.get(pk=early.pk).amount == 42550


def test_staff_type_a_promo_code_s_amount_off_as_a_decimal(admin_client_2fa, open_meeting):
    add = reverse("admin:meetings_promocode_add")
    data = {"meeting": open_meeting.pk, "code": "TWENTYFIVE", "max_uses": "3", "is_active": "on"}

    for value in [*OTHER_SCRIPTS_REFUSED, "0", "25.001"]:
        response = _no_server_error(admin_client_2fa, "post", add, data | {"amount_off": value})
        assert response.status_code == _in_place(value), value
    assert not PromoCode.objects.exists()

    assert admin_client_2fa.post(add, data | {"amount_off": "25.00"}).status_code == 302
    promo = PromoCode.objects.get()
    assert promo.amount_off == 2500
    change = admin_client_2fa.get(reverse("admin:meetings_promocode_change", args=[promo.pk]))
    assert 'value="25.00"' in change.content.decode()
    # Listed as an amount with its currency code, as every amount in the admin is.
    assert (
        "25.00 USD"
        in admin_client_2fa.get(reverse("admin:meetings_promocode_changelist")).content.decode()
    )


def test_staff_read_a_refund_with_its_currency(admin_client_2fa, trainee_payment, staff_user_2fa):
    from icis.payments.refunds import payment_refund
    from icis.payments.services import payment_record_manual

    payment_record_manual(
        payment_id=trainee_payment.pk, method="cheque", reference="7", actor=staff_user_2fa
    )
    payment_refund(payment_id=trainee_payment.pk, amount=1250, reason="", actor=staff_user_2fa)

    page = admin_client_2fa.get(
        reverse("admin:payments_payment_change", args=[trainee_payment.pk])
    ).content.decode()

    assert "$12.50" in page
    assert ">1250<" not in page


def test_admin_lists_refuse_a_nul_or_a_superscript_in_their_filters(
    admin_client_2fa, trainee_payment, open_meeting
):
    lists = [
        "/admin/payments/payment/",
        "/admin/payments/webhookevent/",
        "/admin/meetings/registration/",
        "/admin/meetings/waitlistentry/",
        "/admin/meetings/promocode/",
        "/admin/members/membership/",
        "/admin/members/membershiptype/",
        "/admin/awards/application/",
    ]
    params = ["status", "currency", "disputed", "meeting__id__exact", "category", "cycle", "q"]
    for url in lists:
        for param in params:
            for value in ("\x00", "a\x00", "²", "٢", "9" * 30):
                response = _no_server_error(admin_client_2fa, "get", url, {param: value})
                assert response.status_code in (200, 302, _in_place(value)), (url, param, value)
    held = admin_client_2fa.get("/admin/meetings/registration/", {"meeting__id__exact": "²"})
    assert held.status_code in (200, 302)
