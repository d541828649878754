"""A member saves a card for automatic renewal on localstripe's fake Stripe.js, turns it on and
off, and the scheduled run charges the saved card before the term ends, retrying a declined card
without ever extending an unpaid term. In Chromium, every page checked by axe."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from icis.payments.models import Payment, SavedCard, StripeCustomer
from members.autorenew import attempt_days, autorenewals_run
from members.dates import term_end
from members.models import CareerStage, MemberProfile, Membership, RenewalCharge
from members.selectors import membership_standing
from tests.browser.journeys import sign_in
from tests.factories import MemberProfileFactory, UserFactory, member_with_term

pytestmark = pytest.mark.django_db(transaction=True)

GOOD_CARD = "4242424242424242"
# localstripe accepts this card when it is saved, and declines it when it is charged.
DECLINED_AT_CHARGE = "4000000000000341"
RECEIPT = re.compile(r"ICIS-\d{4}-\d{5}")
PAY_PATH = re.compile(
    r"/payments/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/pay/"
)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _member(membership_types, email: str) -> tuple:
    """A Regular member whose term ends in about 200 days: too early to renew by hand."""
    user = UserFactory(email=email, first_name="Ada", last_name="Lovelace")
    end = timezone.localdate() + timedelta(days=200)
    member_with_term(ends_on=end, membership_type=membership_types["regular"], user=user)
    return user, end


def _open_auto_renew(checked_page):
    """From anywhere: My account, then "Automatic renewal" in the account menu."""
    page = checked_page.page
    page.get_by_role("link", name="My account").click()
    checked_page.check()
    menu = page.get_by_role("navigation", name="Your membership")
    menu.get_by_role("link", name="Automatic renewal").click()
    page.wait_for_url(re.compile(r"/my/auto-?renew"))
    checked_page.check()
    expect(page.get_by_role("heading", name="Automatic renewal", level=1)).to_be_visible()
    expect(menu.get_by_role("link", name="Automatic renewal")).to_have_attribute(
        "aria-current", "page"
    )


def _fill_card(page, number):
    # localstripe's fake card element takes the 16 digits only (real Stripe.js accepts spaces).
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Expiry month (MM)").fill("12")
    page.get_by_label("Expiry year (YY)").fill("30")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_label("Postal code").fill("CF10 1AA")


def _save_card(checked_page, number):
    """On the automatic renewal page: enter a card, save it, and see the page come back with
    automatic renewal on."""
    page = checked_page.page
    _fill_card(page, number)
    with page.expect_event("load", timeout=20_000):
        page.get_by_role("button", name="Save card and renew automatically").click()
    checked_page.check()
    saved = page.get_by_role("status").get_by_text(
        "Your card is saved and automatic renewal is on."
    )
    try:
        expect(saved).to_be_visible()
    except AssertionError:
        card_errors = page.locator("#card-errors").text_content()
        pytest.fail(f"card not saved on {page.url}: {card_errors!r}, {checked_page.problems}")


def _sign_in_and_save_card(checked_page, user, number):
    sign_in(checked_page, user.email)
    _open_auto_renew(checked_page)
    expect(checked_page.page.get_by_text("Automatic renewal is off")).to_be_visible()
    _save_card(checked_page, number)


def test_a_member_saves_a_card_and_turns_automatic_renewal_on_and_off(
    checked_page, membership_types
):
    user, end = _member(membership_types, "ada.lovelace@example.org")
    page = checked_page.page
    sign_in(checked_page, user.email)
    _open_auto_renew(checked_page)
    expect(page.get_by_text("Automatic renewal is off")).to_be_visible()
    expect(page.get_by_role("button", name="Turn automatic renewal off")).to_have_count(0)
    # Opening the page asked Stripe for nothing: the customer is made when the card is saved.
    assert not StripeCustomer.objects.filter(user=user).exists()

    _save_card(checked_page, GOOD_CARD)

    expect(
        page.get_by_text("Automatic renewal is on, with your Visa ending 4242 (expires 12/2030).")
    ).to_be_visible()
    expect(page.get_by_text(f"Your membership ends on {_long(end)}.")).to_be_visible()
    # Another card can still be saved in its place.
    expect(page.get_by_role("heading", name="Use another card")).to_be_visible()
    expect(page.get_by_role("button", name="Save card and renew automatically")).to_be_enabled()

    card = SavedCard.objects.get(user=user)
    assert (card.last4, card.brand, card.exp_month, card.exp_year) == ("4242", "visa", 12, 2030)
    assert card.payment_method.startswith("pm_")
    assert MemberProfile.objects.get(user=user).auto_renew is True
    assert AuditEntry.objects.filter(actor=user, action="autorenew.on").count() == 1

    page.get_by_role("button", name="Turn automatic renewal off").click()
    checked_page.check()
    expect(
        page.get_by_role("status").get_by_text(
            "Automatic renewal is off and your saved card is removed. "
            "We will remind you by email before your membership ends."
        )
    ).to_be_visible()
    expect(page.get_by_text("Automatic renewal is off.")).to_be_visible()
    expect(page.get_by_text("Visa ending 4242")).to_have_count(0)

    assert not SavedCard.objects.filter(user=user).exists()
    assert MemberProfile.objects.get(user=user).auto_renew is False
    assert AuditEntry.objects.filter(actor=user, action="autorenew.off").count() == 1


def test_the_saved_card_renews_the_membership_before_it_ends(checked_page, membership_types):
    user, end = _member(membership_types, "alan.turing@example.org")
    page = checked_page.page
    _sign_in_and_save_card(checked_page, user, GOOD_CARD)

    charge_day = end - timedelta(days=settings.AUTO_RENEW_CHARGE_DAYS_BEFORE)
    # The day before, nothing is charged.
    assert autorenewals_run(now=at(charge_day - timedelta(days=1))).paid == []
    assert not RenewalCharge.objects.exists()
    report = autorenewals_run(now=at(charge_day))
    assert len(report.paid) == 1 and report.failed == []
    # The same day again: already paid, nothing more.
    assert autorenewals_run(now=at(charge_day)).paid == []

    new_end = term_end(end + timedelta(days=1), 12)
    charge = RenewalCharge.objects.get()
    assert (charge.attempt, charge.outcome) == (0, "paid")
    payment = Payment.objects.get(payer=user)
    assert payment.status == Payment.Status.PAID
    assert RECEIPT.fullmatch(payment.receipt_number)
    renewal = Membership.objects.confirmed().get(user=user, source="renew")
    assert (renewal.start_date, renewal.end_date, renewal.payment) == (
        end + timedelta(days=1),
        new_end,
        payment,
    )

    checked_page.goto("/my/")
    membership = page.get_by_role("region", name="Your membership")
    expect(membership).to_contain_text(f"Active: Regular, until {_long(new_end)}.")
    payments = page.get_by_role("region", name="Recent payments")
    row = payments.get_by_role("row").filter(has_text="Regular renewal")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("$150.00")
    expect(row.get_by_role("cell").nth(3)).to_have_text("Paid")
    receipt = row.get_by_role("link", name=f"{payment.receipt_number} (PDF)")
    expect(receipt).to_be_visible()
    response = page.request.get(receipt.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"

    assert (
        OutboundEmail.objects.filter(to_email=user.email, template="members/email/renewed").count()
        == 1
    )


def test_a_card_declined_at_renewal_is_retried_and_never_extends_unpaid(
    checked_page, membership_types
):
    user, end = _member(membership_types, "grace.hopper@example.org")
    page = checked_page.page
    _sign_in_and_save_card(checked_page, user, DECLINED_AT_CHARGE)
    assert SavedCard.objects.get(user=user).last4 == "0341"

    charge_day = end - timedelta(days=settings.AUTO_RENEW_CHARGE_DAYS_BEFORE)
    days = attempt_days()
    assert days == [0, 3, 7]

    assert len(autorenewals_run(now=at(charge_day)).failed) == 1
    # Run again the same day: the attempt was made, nothing new happens.
    report = autorenewals_run(now=at(charge_day) + timedelta(hours=6))
    assert (report.paid, report.failed) == ([], [])
    assert RenewalCharge.objects.count() == 1
    for offset in days[1:]:
        assert len(autorenewals_run(now=at(charge_day + timedelta(days=offset))).failed) == 1

    charges = RenewalCharge.objects.filter(membership__user=user).order_by("attempt")
    assert list(charges.values_list("attempt", "outcome")) == [
        (0, "failed"),
        (1, "failed"),
        (2, "failed"),
    ]
    assert all(charge.message for charge in charges)
    for offset in (0, days[-1]):
        assert membership_standing(user=user, on=charge_day + timedelta(days=offset)).ends_on == end
    assert membership_standing(user=user).ends_on == end
    assert not Membership.objects.confirmed().filter(user=user, source="renew").exists()
    payment = Payment.objects.get(payer=user)
    assert payment.status == Payment.Status.PENDING

    failures = OutboundEmail.objects.filter(template="members/email/autorenew_failed")
    assert failures.count() == 3
    assert set(failures.values_list("to_email", flat=True)) == {user.email}
    pay_path = f"/payments/{payment.public_id}/pay/"
    for email in failures:
        assert PAY_PATH.search(email.body_text).group(0) == pay_path

    # The member follows the email's link and pays with another card.
    checked_page.goto(pay_path)
    expect(page.get_by_role("heading", name="Pay $150.00")).to_be_visible()
    _fill_card(page, GOOD_CARD)
    page.get_by_role("button", name="Pay $150.00").click()
    try:
        page.wait_for_url(re.compile(r"/my/$"), timeout=20_000)
    except PlaywrightTimeoutError:
        card_errors = page.locator("#card-errors").text_content()
        pytest.fail(f"still on {page.url}: {card_errors!r}, {checked_page.problems}")
    checked_page.check()
    expect(
        page.get_by_role("status").get_by_text(
            re.compile(r"Thank you: your payment of \$150\.00 is confirmed\. Receipt ICIS-")
        )
    ).to_be_visible()

    new_end = term_end(end + timedelta(days=1), 12)
    expect(page.get_by_role("region", name="Your membership")).to_contain_text(
        f"Active: Regular, until {_long(new_end)}."
    )
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    renewals = Membership.objects.confirmed().filter(user=user, source="renew")
    assert renewals.count() == 1
    assert (renewals.get().start_date, renewals.get().end_date) == (
        end + timedelta(days=1),
        new_end,
    )
    assert Membership.objects.confirmed().filter(user=user).count() == 2
    assert membership_standing(user=user).ends_on == new_end

    # The schedule, run again on the last retry day, finds nothing left to charge.
    report = autorenewals_run(now=at(charge_day + timedelta(days=days[-1])))
    assert (report.paid, report.failed) == ([], [])
    assert RenewalCharge.objects.count() == 3
    assert Payment.objects.filter(payer=user).count() == 1


def test_ticking_renew_automatically_when_joining_keeps_the_card(checked_page, membership_types):
    user = UserFactory(email="barbara.mcclintock@example.org")
    MemberProfileFactory(user=user, institution="X", country="US", career_stage=CareerStage.POSTDOC)
    page = checked_page.page
    sign_in(checked_page, user.email)
    checked_page.goto("/membership/join/")
    page.get_by_role("radio", name=re.compile(r"^Trainee: \$50\.00 for 1 year")).check()
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url(PAY_PATH)
    checked_page.check()

    page.get_by_role("checkbox", name="Keep this card and renew automatically").check()
    _fill_card(page, GOOD_CARD)
    page.get_by_role("button", name="Pay $50.00").click()
    try:
        page.wait_for_url(re.compile(r"/my/$"), timeout=20_000)
    except PlaywrightTimeoutError:
        card_errors = page.locator("#card-errors").text_content()
        pytest.fail(f"still on {page.url}: {card_errors!r}, {checked_page.problems}")
    checked_page.check()

    _open_auto_renew(checked_page)
    expect(
        page.get_by_text("Automatic renewal is on, with your Visa ending 4242 (expires 12/2030).")
    ).to_be_visible()
    assert MemberProfile.objects.get(user=user).auto_renew is True
    assert Payment.objects.get(payer=user).status == Payment.Status.PAID


def test_an_error_page_from_the_site_is_told_as_a_sentence_and_the_form_stays_usable(
    checked_page, membership_types
):
    user, _ = _member(membership_types, "dorothy.hodgkin@example.org")
    page = checked_page.page
    sign_in(checked_page, user.email)
    _open_auto_renew(checked_page)
    # The site will answer with its "forbidden" page, not JSON.
    page.context.clear_cookies(name="csrftoken")

    _fill_card(page, GOOD_CARD)
    page.get_by_role("button", name="Save card and renew automatically").click()

    expect(page.locator("#card-errors")).to_have_text(
        "The site could not take your card just now (error 403). Nothing was charged or saved; "
        "please try again in a minute."
    )
    expect(page.get_by_role("button", name="Save card and renew automatically")).to_be_enabled()
    expect(page.get_by_label("Card number")).to_have_value(GOOD_CARD)
    forbidden = "the server responded with a status of 403"
    checked_page.problems[:] = [p for p in checked_page.problems if forbidden not in p]
    checked_page.check()
    assert not SavedCard.objects.filter(user=user).exists()
