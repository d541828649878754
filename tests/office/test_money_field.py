"""One amount field for the whole admin (icis/core/forms.py): staff type "450.00", "450" or
"1,234.50" in the currency's major unit; decimals are checked against the currency (none for
JPY), the value is bounded, and the box shows the currency code. Lists show "450.00 USD"."""

from decimal import Decimal

import pytest
from django import forms

from awards.models import AwardProgram
from icis.core.forms import MoneyAmountField, minor_units_or_error
from icis.core.money import format_amount
from tests.factories import AwardProgramFactory
from tests.members.test_membership_prices import TYPES_URL, _type_form


class PriceForm(forms.Form):
    price = MoneyAmountField(currency="usd")


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("450.00", 45000), ("450", 45000), ("1,234.50", 123450), (" 7.5 ", 750), ("0", 0)],
)
def test_amounts_are_typed_as_people_write_them(typed, minor):
    form = PriceForm({"price": typed})
    assert form.is_valid(), form.errors
    assert minor_units_or_error(form.cleaned_data["price"], "USD") == minor


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("45O.00", "Type the amount in figures"),
        ("-5", "greater than or equal to 0"),
        ("10000000.01", "less than or equal to 10000000"),
        # Decimal() takes these; an amount is typed in plain figures.
        ("1e9", "Type the amount in figures"),
        ("5e1", "Type the amount in figures"),
        ("+50", "Type the amount in figures"),
        ("1_000", "Type the amount in figures"),
        ("\uff11\uff15\uff10", "Type the amount in figures"),  # full-width 150
        ("\u0662\u0660\u0662\u0661", "Type the amount in figures"),  # Arabic-Indic 2021
        ("", "This field is required."),
    ],
)
def test_a_wrong_amount_is_refused(typed, error):
    form = PriceForm({"price": typed})
    assert not form.is_valid()
    assert error in str(form.errors["price"])


def test_decimals_follow_the_currency():
    assert minor_units_or_error(Decimal("4500"), "JPY") == 4500
    with pytest.raises(forms.ValidationError, match="JPY amounts have at most 0 decimal places"):
        minor_units_or_error(Decimal("4500.5"), "JPY")
    with pytest.raises(forms.ValidationError, match="USD amounts have at most 2 decimal places"):
        minor_units_or_error(Decimal("1.005"), "USD")


def test_the_box_shows_its_currency_code_and_says_it():
    html = str(PriceForm(auto_id="id_%s")["price"])
    assert 'aria-describedby="id_price_currency"' in html
    assert '<span class="money-currency" id="id_price_currency">USD</span>' in html
    assert 'inputmode="decimal"' in html


def test_amounts_are_shown_with_their_code():
    assert format_amount(45000, "usd") == "450.00 USD"
    assert format_amount(123450, "GBP") == "1,234.50 GBP"
    assert format_amount(4500, "JPY") == "4,500 JPY"


@pytest.mark.django_db
def test_staff_enter_a_membership_price_as_450_and_the_list_shows_450_usd(
    admin_client_2fa, membership_types
):
    regular = membership_types["regular"]
    usd = regular.prices.get(currency="USD")
    gbp = regular.prices.get(currency="GBP")
    response = admin_client_2fa.post(
        f"{TYPES_URL}{regular.pk}/change/",
        _type_form(
            regular,
            [
                {"id": usd.pk, "currency": "USD", "amount": "450.00"},
                {"id": gbp.pk, "currency": "GBP", "amount": "1,234.50"},
            ],
        ),
    )
    assert response.status_code == 302
    assert regular.prices.get(currency="USD").amount == 45000
    listing = admin_client_2fa.get(TYPES_URL).content.decode()
    assert "450.00 USD, 1,234.50 GBP" in listing
    assert "45000" not in listing


@pytest.mark.django_db
def test_an_award_s_prize_money_is_entered_and_listed_as_an_amount(admin_client_2fa):
    program = AwardProgramFactory(value_amount=None, currency="USD")
    url = f"/admin/awards/awardprogram/{program.pk}/change/"
    page = admin_client_2fa.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in (
            (name, form[name].value()) for name in form.fields if name != "career_stages"
        )
        if value is not None and value is not False
    }
    data.update(
        {"value_amount": "2,500", "currency": "jpy", "career_stages": program.career_stages}
    )
    data = {key: ("on" if value is True else value) for key, value in data.items()}
    response = admin_client_2fa.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    program.refresh_from_db()
    assert (program.value_amount, program.currency) == (2500, "JPY")
    assert "2,500 JPY" in admin_client_2fa.get("/admin/awards/awardprogram/").content.decode()

    data.update({"value_amount": "2,500.50"})
    refused = admin_client_2fa.post(url, data)
    assert refused.status_code == 200
    assert "JPY amounts have at most 0 decimal places" in refused.content.decode()
    assert 'value="2,500.50"' in refused.content.decode()  # what was typed is kept
    assert AwardProgram.objects.get(pk=program.pk).value_amount == 2500
