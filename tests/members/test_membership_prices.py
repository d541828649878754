"""A membership type has a price per currency; a payment holds one currency, and every line
item in it is priced in that currency."""

from datetime import timedelta

import pytest
from django.utils import timezone

from icis.payments import registry
from icis.payments.models import Payment
from meetings import registration as reg
from meetings.models import Fee, Registration
from members.models import CareerStage, Membership, MembershipPrice
from members.services import membership_checkout, membership_grant
from tests.factories import MemberProfileFactory, UserFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db
ATTENDEE = reg.Attendee(badge_name="Ada", affiliation="Example U", country="GB")
TYPES_URL = "/admin/members/membershiptype/"


def _person():
    user = UserFactory()
    MemberProfileFactory(
        user=user, institution="Example U", country="GB", career_stage=CareerStage.SENIOR
    )
    return user


def _expected_amount(item, payment) -> int:
    """What the item should cost, read from the price list in the payment's currency."""
    if item.kind == "membership":
        term = Membership.objects.select_related("membership_type").get(pk=item.object_id)
        price = term.membership_type.price_in(payment.currency)
        assert price is not None, f"{term.membership_type} has no {payment.currency} price"
        return price
    if item.kind == "registration":
        registration = Registration.objects.select_related("meeting").get(pk=item.object_id)
        assert registration.meeting.currency == payment.currency
        fee = Fee.objects.get(
            category=registration.category_id, window__name=registration.fee_window
        )
        return fee.amount - registration.discount
    raise AssertionError(f"No price rule in this test for line items of kind {item.kind!r}")


def test_every_line_item_kind_is_priced_in_its_payment_s_currency(open_meeting, membership_types):
    """Walks every kind the payments registry knows, through the real services: joining,
    renewing, registering, and registering with a membership in pounds and in dollars."""
    regular = membership_types["regular"]
    kinds_seen = set()
    membership_prices = set()

    def check(payment):
        payment = Payment.objects.prefetch_related("items").get(pk=payment.pk)
        items = list(payment.items.all())
        for item in items:
            kinds_seen.add(item.kind)
            assert item.amount == _expected_amount(item, payment), (payment.currency, item)
            if item.kind == "membership":
                membership_prices.add((payment.currency, item.amount))
        assert payment.amount == sum(item.amount for item in items)

    check(membership_checkout(user=_person(), membership_type=regular))  # join, USD

    renewing = _person()
    term = membership_grant(user=renewing, membership_type=regular, actor=None)
    check(  # renew, once renewal has opened
        membership_checkout(
            user=renewing,
            membership_type=regular,
            now=timezone.now() + (term.end_date - timezone.localdate()) - timedelta(days=10),
        )
    )
    for currency in ("USD", "GBP"):
        open_meeting.currency = currency
        open_meeting.save(update_fields=["currency"])
        for category, join in (("non-member", None), ("member", regular)):
            registration = reg.registration_checkout(
                user=_person(),
                meeting=open_meeting,
                category=open_meeting.categories.get(slug=category),
                attendee=ATTENDEE,
                join=join,
            )
            check(registration.payment)

    assert kinds_seen == set(registry._handlers)  # every kind a domain registered
    assert membership_prices == {("USD", 15000), ("GBP", 12000)}


def test_joining_on_the_membership_page_charges_the_default_currency(membership_types):
    payment = membership_checkout(user=_person(), membership_type=membership_types["regular"])
    assert (payment.currency, payment.amount) == ("USD", 15000)


def test_a_type_without_a_price_in_its_default_currency_cannot_be_bought(membership_types):
    from members.exceptions import MembershipError

    MembershipPrice.objects.filter(membership_type=membership_types["industry"]).delete()
    with pytest.raises(MembershipError, match="not sold in USD"):
        membership_checkout(user=_person(), membership_type=membership_types["industry"])
    assert not Payment.objects.exists()


def test_the_membership_page_shows_each_price_with_its_currency_in_fixed_queries(
    client, membership_types
):
    html = client.get("/membership/").content.decode()
    assert "$150.00 (also £120.00)" in html
    first = count_queries(lambda: client.get("/membership/"))[0]
    for currency in ("EUR", "CHF", "JPY"):
        MembershipPrice.objects.create(
            membership_type=membership_types["trainee"], currency=currency, amount=4000
        )
    assert count_queries(lambda: client.get("/membership/"))[0] == first
    assert "¥4,000" in client.get("/membership/").content.decode()


# --- The admin: prices are entered and read as decimals with their currency ---------------------


def _type_form(membership_type, prices, **changes):
    data = {
        "name": membership_type.name,
        "slug": membership_type.slug,
        "description": membership_type.description,
        "currency": membership_type.currency,
        "term_months": membership_type.term_months or "",
        "is_purchasable": "on" if membership_type.is_purchasable else "",
        "is_active": "on" if membership_type.is_active else "",
        "ordering": membership_type.ordering,
        "prices-TOTAL_FORMS": len(prices),
        "prices-INITIAL_FORMS": sum(1 for price in prices if price.get("id")),
        "prices-MIN_NUM_FORMS": 0,
        "prices-MAX_NUM_FORMS": 1000,
    }
    for index, price in enumerate(prices):
        for key, value in price.items():
            data[f"prices-{index}-{key}"] = value
        data[f"prices-{index}-membership_type"] = membership_type.pk
    data.update(changes)
    return data


def test_staff_read_and_enter_prices_as_decimals_in_their_currency(
    admin_client_2fa, membership_types
):
    regular = membership_types["regular"]
    usd, gbp = (regular.prices.get(currency=code) for code in ("USD", "GBP"))
    url = f"{TYPES_URL}{regular.pk}/change/"

    page = admin_client_2fa.get(url).content.decode()
    assert 'value="150.00"' in page and 'value="120.00"' in page
    assert "15000" not in page and "12000" not in page
    # The admin list shows each price with its currency code, the default currency first.
    assert "150.00 USD, 120.00 GBP" in admin_client_2fa.get(TYPES_URL).content.decode()

    response = admin_client_2fa.post(
        url,
        _type_form(
            regular,
            [
                {"id": usd.pk, "currency": "USD", "amount": "155.50"},
                {"id": gbp.pk, "currency": "GBP", "amount": "125"},
                {"currency": "eur", "amount": "140.00"},
            ],
        ),
    )
    assert response.status_code == 302
    assert dict(regular.prices.values_list("currency", "amount")) == {
        "USD": 15550,
        "GBP": 12500,
        "EUR": 14000,
    }


@pytest.mark.parametrize(
    ("prices", "message"),
    [
        ([{"currency": "GBP", "amount": "120.00"}], "needs a price in its default currency (USD)"),
        ([{"currency": "USD", "amount": "150.005"}], "USD amounts have at most 2 decimal places"),
        ([{"currency": "JPY", "amount": "10.5"}], "JPY amounts have at most 0 decimal places"),
        ([{"currency": "US$", "amount": "150"}], "three capital letters"),
        ([{"currency": "USD", "amount": "-1"}], "greater than or equal to 0"),
        (
            [{"currency": "USD", "amount": "150"}, {"currency": "usd", "amount": "160"}],
            "Please correct the duplicate data",
        ),
    ],
)
def test_a_wrong_price_is_refused_in_place(admin_client_2fa, membership_types, prices, message):
    industry = membership_types["industry"]
    existing = industry.prices.get()
    prices = [
        {"id": existing.pk, "currency": "USD", "amount": "250.00", "DELETE": "on"},
        *prices,
    ]
    response = admin_client_2fa.post(
        f"{TYPES_URL}{industry.pk}/change/", _type_form(industry, prices)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(industry.prices.values_list("currency", "amount")) == [("USD", 25000)]
