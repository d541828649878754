"""A member finds last year's certificate of attendance under "My meetings"; a visitor writes to
the office from the contact page and signs up for Signals+ with the double opt-in. In Chromium,
every page checked by axe."""

import io
import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from icis.mail.models import OutboundEmail
from icis.site.models import ContactMessage
from meetings import cme_credits
from meetings.models import Meeting
from news.selectors import newsletter_recipients
from tests.browser.journeys import sign_in
from tests.factories import AccreditationFactory, MeetingFactory, UserFactory
from tests.factories.meetings import RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _last_years_meeting() -> Meeting:
    start = timezone.localdate() - timedelta(days=300)
    return MeetingFactory(
        name="Cytokines Last Year",
        slug="cytokines-last-year",
        start_date=start,
        end_date=start + timedelta(days=3),
        time_zone="Europe/London",
        format="virtual",
        status=Meeting.Status.PAST,
    )


def test_a_member_finds_last_years_certificate_under_my_meetings(checked_page):
    ada = UserFactory(email="ada@example.org", first_name="Ada", last_name="Lovelace")
    meeting = _last_years_meeting()
    AccreditationFactory(meeting=meeting, credits=Decimal(18))
    registration = RegistrationFactory(meeting=meeting, user=ada, badge_name="Ada Lovelace")
    after = datetime.combine(
        meeting.end_date + timedelta(days=2), datetime.min.time(), tzinfo=meeting.time_zone
    )
    cme_credits.cme_claim(
        registration_id=registration.pk, credits=Decimal(18), evaluation={}, now=after
    )

    page = checked_page.page
    sign_in(checked_page, "ada@example.org")
    page.get_by_role("link", name="My account").click()
    checked_page.check()
    page.get_by_role("navigation", name="Your membership").get_by_role(
        "link", name="My meetings"
    ).click()
    page.wait_for_url(re.compile(r"/my/meetings/$"))
    checked_page.check()
    card = page.get_by_role("region", name="Cytokines Last Year")
    expect(card).to_contain_text("Confirmed")
    expect(card).to_contain_text("18 CME credits claimed")
    link = card.get_by_role("link", name="Certificate of attendance (PDF)")
    pdf = page.request.get(checked_page.base_url + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Certificate of attendance" in text and "Ada Lovelace" in text


def test_a_visitor_writes_to_the_office_and_signs_up_for_signals_plus(checked_page, settings):
    settings.PUBLIC_FORM_MIN_SECONDS = 1
    page = checked_page.page
    checked_page.goto("/about/contact/")
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Your email address").fill("grace@example.org")
    page.get_by_label("What is it about?").select_option(label="Membership")
    page.get_by_label("Your message").fill("Can I pay by bank transfer?")
    page.wait_for_timeout(1200)  # a person takes longer than a second; a bot does not
    page.get_by_role("button", name="Send to the office").click()
    page.wait_for_url(re.compile(r"/about/contact/thanks/$"))
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    assert ContactMessage.objects.get().message == "Can I pay by bank transfer?"

    checked_page.goto("/newsletter/")
    page.get_by_role("main").get_by_role("link", name="subscribe").click()
    page.wait_for_url(re.compile(r"/newsletter/subscribe/$"))
    checked_page.check()
    page.get_by_label("Your email address").fill("grace@example.org")
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/newsletter/subscribe/sent/$"))
    checked_page.check()
    email = OutboundEmail.objects.get(dedupe_key__startswith="newsletter-confirm:")
    path = re.search(r"(/newsletter/subscribe/confirm/\S+/)", email.body_text)[1]
    checked_page.goto(path)
    page.get_by_role("button", name="Yes, subscribe me").click()
    checked_page.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed to Signals+")
    assert "grace@example.org" in [r.email for r in newsletter_recipients()]
