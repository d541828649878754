"""Registering for the annual meeting in Chromium, every page checked by axe: a non-member joins
the society and registers at the member rate in one card payment on localstripe, a sold-out
category offers its waitlist, and an attendee cancels and is refunded under the meeting's policy."""

import io
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from pypdf import PdfReader

from icis.mail.models import OutboundEmail
from icis.payments.models import Payment
from meetings import registration
from meetings.models import Registration, WaitlistEntry
from members.models import CareerStage, Membership
from tests.browser.journeys import sign_in
from tests.factories import MemberProfileFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REGISTER_PATH = "/meetings/cytokines-test/register/"
ATTEND_PATH = "/meetings/cytokines-test/attend/"
MEMBER_RATE_ERROR = "The member rate needs a membership that covers the meeting's dates"
REGISTRATION_ITEM = "Cytokines Test Meeting registration: {} (Early bird)"


def _senior(**kwargs):
    """A signed-up researcher with a complete profile and no membership."""
    user = UserFactory(**kwargs)
    MemberProfileFactory(
        user=user,
        institution="Cardiff University",
        country="GB",
        career_stage=CareerStage.SENIOR,
    )
    return user


def _open_registration(checked_page):
    """The meeting's page, then "Registration" in its tabs."""
    page = checked_page.page
    checked_page.goto("/meetings/cytokines-test/")
    tabs = page.get_by_role("navigation", name="Cytokines Test Meeting")
    tabs.get_by_role("link", name="Registration", exact=True).click()
    page.wait_for_url(re.compile(re.escape(REGISTER_PATH) + "$"))
    checked_page.check()
    expect(page.get_by_role("heading", name="Registration", level=1)).to_be_visible()


def _fill_attendee(page, category: str, badge_name: str):
    page.get_by_role("radio", name=category, exact=True).check()
    page.get_by_label(re.compile(r"^Badge name:?$")).fill(badge_name)
    page.get_by_label(re.compile(r"^Affiliation:?$")).fill("Cardiff University")
    country = page.get_by_label(re.compile(r"^Country:?$"))
    if country.input_value() != "GB":
        country.select_option("GB")


def _continue_to_payment(checked_page, total: str):
    page = checked_page.page
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url(re.compile(r"/payments/[0-9a-f-]+/pay/$"))
    checked_page.check()
    expect(page.get_by_role("heading", name=f"Pay {total}")).to_be_visible()


def _fill_card(page, number):
    # localstripe's fake card element takes the 16 digits only (real Stripe.js accepts spaces).
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Expiry month (MM)").fill("12")
    page.get_by_label("Expiry year (YY)").fill("30")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_label("Postal code").fill("CF10 1AA")


def _pay_and_land_on_attend(checked_page, total: str) -> str:
    """Pays with a card that works; the attendee page says thank you. Returns the receipt."""
    page = checked_page.page
    _fill_card(page, "4242424242424242")
    page.get_by_role("button", name=f"Pay {total}").click()
    try:
        page.wait_for_url(re.compile(re.escape(ATTEND_PATH) + "$"), timeout=20_000)
    except PlaywrightTimeoutError:
        card_errors = page.locator("#card-errors").text_content()
        pytest.fail(f"still on {page.url}: {card_errors!r}, {checked_page.problems}")
    checked_page.check()
    thanks = re.compile(
        rf"Thank you: your payment of {re.escape(total)} is confirmed\. Receipt (ICIS-\d{{4}}-\d+)"
    )
    message = page.get_by_role("status").get_by_text(thanks)
    expect(message).to_be_visible()
    expect(page.get_by_role("heading", name="Your registration")).to_be_visible()
    return thanks.search(message.inner_text()).group(1)


def _fact(page, term: str):
    """The <dd> after the <dt> naming `term` on the attendee page."""
    return page.locator("dl.facts").locator(f'dt:text-is("{term}") + dd')


def test_a_non_member_joins_and_registers_at_the_member_rate_in_one_payment(
    checked_page, open_meeting, membership_types
):
    user = _senior(first_name="Isaac", last_name="Alick", email="isaac.alick@example.org")
    page = checked_page.page
    sign_in(checked_page, user.email)
    _open_registration(checked_page)

    prices = page.get_by_role("table", name=re.compile(r"^Registration fees"))
    expect(prices).to_contain_text("$450.00")
    expect(prices).to_contain_text("$750.00")
    expect(prices.locator("caption")).to_contain_text("the current price is Early bird")
    member_row = prices.get_by_role("row", name=re.compile(r"^Member "))
    expect(member_row.get_by_role("cell").first).to_have_text("$450.00")

    # The member rate without a membership: refused on the same page, and nothing charged.
    _fill_attendee(page, "Member", "Isaac Alick")
    page.get_by_role("button", name="Continue to payment").click()
    checked_page.check()
    assert page.url.endswith(REGISTER_PATH)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(MEMBER_RATE_ERROR)
    assert page.get_by_role("radio", name="Member", exact=True).is_checked()
    assert page.get_by_label(re.compile(r"^Badge name:?$")).input_value() == "Isaac Alick"
    assert not Payment.objects.filter(payer=user).exists()
    assert not Registration.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()

    # Joining in the same payment makes the member rate available.
    join = page.get_by_label("Join the society in the same payment")
    join.select_option(label="Regular: $150.00 for 1 year")
    _continue_to_payment(checked_page, "$600.00")
    items = page.get_by_role("table", name="What you are paying for")
    membership_row = items.get_by_role("row", name=re.compile(r"^Regular membership, 1 year"))
    expect(membership_row).to_have_count(1)
    expect(membership_row.get_by_role("cell").nth(1)).to_have_text("$150.00")
    registration_row = items.get_by_role("row", name=REGISTRATION_ITEM.format("Member"))
    expect(registration_row).to_have_count(1)
    expect(registration_row.get_by_role("cell").nth(1)).to_have_text("$450.00")
    expect(items.locator("tfoot")).to_contain_text("Total")
    expect(items.locator("tfoot")).to_contain_text("$600.00")

    receipt_number = _pay_and_land_on_attend(checked_page, "$600.00")
    expect(_fact(page, "Status")).to_have_text("Confirmed")
    expect(_fact(page, "Category")).to_have_text("Member")
    receipt_link = page.get_by_role("link", name=f"receipt {receipt_number} (PDF)")
    expect(receipt_link).to_be_visible()

    response = page.request.get(receipt_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert receipt_number in text
    assert "Regular membership, 1 year" in text
    assert REGISTRATION_ITEM.format("Member") in text
    assert "$150.00" in text
    assert "$450.00" in text
    assert "$600.00" in text

    payment = Payment.objects.get(payer=user)
    assert payment.status == Payment.Status.PAID
    assert payment.receipt_number == receipt_number
    assert payment.amount == 60000
    held = Registration.objects.get(user=user)
    assert held.status == Registration.Status.CONFIRMED
    assert held.amount == 45000
    assert held.category.slug == "member"
    assert held.payment_id == payment.pk
    terms = Membership.objects.filter(user=user).confirmed()
    assert terms.count() == 1
    assert terms.get().membership_type.slug == "regular"
    assert terms.get().payment_id == payment.pk

    emails = OutboundEmail.objects.filter(to_email=user.email)
    assert (
        emails.filter(subject__contains="You are registered for Cytokines Test Meeting").count()
        == 1
    )
    assert emails.filter(template="meetings/email/registration_confirmed").count() == 1
    assert emails.filter(template="members/email/welcome").count() == 1
    assert emails.filter(template="payments/email/payment_received").count() == 1
    assert (
        emails.filter(subject__contains=f"Payment received: receipt {receipt_number}").count() == 1
    )


def test_sold_out_offers_the_waitlist(checked_page, open_meeting, membership_types):
    open_meeting.registration.capacity = 1
    open_meeting.registration.save()
    other = _senior(email="first.in.line@example.org")
    registration.registration_checkout(
        user=other,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="non-member"),
        attendee=registration.Attendee(
            badge_name="First In Line", affiliation="Example University", country="GB"
        ),
    )

    user = _senior(first_name="Jean", last_name="Lindenmann", email="jean.l@example.org")
    page = checked_page.page
    sign_in(checked_page, user.email)
    _open_registration(checked_page)

    # Sold out is shown before anything is typed: on the price table, and in the choices.
    expect(page.get_by_role("row").filter(has_text="Non-member").first).to_contain_text(
        "(sold out)"
    )
    expect(
        page.get_by_role("radio", name="Non-member (sold out: join the waitlist above)", exact=True)
    ).to_be_disabled()
    assert not Registration.objects.filter(user=user).exists()
    assert not Payment.objects.filter(payer=user).exists()

    page.get_by_role("button", name="Join the waitlist for Non-member").click()
    checked_page.check()
    assert page.url.endswith(REGISTER_PATH)
    expect(
        page.get_by_role("status").get_by_text("You are on the waitlist for Non-member.")
    ).to_be_visible()

    entry = WaitlistEntry.objects.get(user=user, meeting=open_meeting)
    assert entry.status == WaitlistEntry.Status.WAITING
    assert entry.category.slug == "non-member"


def test_the_attendee_cancels_and_is_refunded_by_the_policy(
    checked_page, open_meeting, membership_types
):
    user = _senior(first_name="Alick", last_name="Isaacs", email="alick.isaacs@example.org")
    page = checked_page.page
    sign_in(checked_page, user.email)
    _open_registration(checked_page)

    _fill_attendee(page, "Non-member", "Alick Isaacs")
    _continue_to_payment(checked_page, "$750.00")
    items = page.get_by_role("table", name="What you are paying for")
    expect(items.get_by_role("row", name=REGISTRATION_ITEM.format("Non-member"))).to_have_count(1)
    expect(items.get_by_role("row", name=re.compile("membership"))).to_have_count(0)
    _pay_and_land_on_attend(checked_page, "$750.00")
    expect(_fact(page, "Status")).to_have_text("Confirmed")
    expect(_fact(page, "Category")).to_have_text("Non-member")
    payment = Payment.objects.get(payer=user)
    assert payment.status == Payment.Status.PAID

    page.get_by_role("link", name="Cancel my registration").click()
    checked_page.check()
    expect(page.get_by_role("heading", name="Cancel your registration")).to_be_visible()
    expect(page.get_by_text("you will get 100% back")).to_contain_text("$750.00")
    page.get_by_label("Yes, cancel my registration").check()
    page.get_by_role("button", name="Cancel my registration").click()
    checked_page.check()
    assert page.url.endswith("/meetings/cytokines-test/")
    expect(
        page.get_by_role("status").get_by_text("Your registration is cancelled.")
    ).to_be_visible()

    cancelled = Registration.objects.get(user=user)
    assert cancelled.status == Registration.Status.CANCELLED
    assert cancelled.refunded_amount == 75000
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert payment.amount_refunded == 75000
    assert not Membership.objects.filter(user=user).exists()
