"""A member shares news of a paper from their account; a member of staff approves it in the
admin; it appears in the news and the Atom feed. In Chromium, every page of the public site
checked by axe (the admin is Django's own, opened in a second tab of the same browser)."""

import re

import pytest
from playwright.sync_api import expect

from icis.mail.models import OutboundEmail
from icis.payments import services as payment_services
from members.models import CareerStage
from members.services import membership_checkout
from news.models import Post, ResearchNews
from tests.browser.journeys import TOTP_SECRET, sign_in, sign_out
from tests.conftest import enable_totp
from tests.factories import MemberProfileFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Interferon lambda guards the gut barrier"
SUMMARY = "We show that interferon lambda keeps rotavirus out of the intestinal epithelium."
PAPER = "https://www.nature.com/articles/s41590-021-01012-3"


def _active_member(membership_types):
    user = UserFactory(first_name="Sergei", last_name="Kotenko", email="kotenko@example.org")
    MemberProfileFactory(
        user=user, institution="Rutgers", country="US", career_stage=CareerStage.SENIOR
    )
    payment = membership_checkout(user=user, membership_type=membership_types["regular"])
    payment_services.payment_record_manual(
        payment_id=payment.pk, method="waived", reference="", actor=None
    )
    return user


def test_a_member_shares_research_news_and_staff_publish_it(checked_page, membership_types):
    member = _active_member(membership_types)
    staff = UserFactory(email="editor@example.org", is_staff=True, is_superuser=True)
    enable_totp(staff, TOTP_SECRET)
    page = checked_page.page

    # The member shares a paper from their account.
    sign_in(checked_page, member.email)
    page.get_by_role("link", name="My account").click()
    checked_page.check()
    nav = page.get_by_role("navigation", name="Your membership")
    nav.get_by_role("link", name="Share research news").click()
    checked_page.check()
    expect(page.get_by_role("heading", name="Share research news", level=1)).to_be_visible()
    expect(nav.get_by_role("link", name="Share research news")).to_have_attribute(
        "aria-current", "page"
    )

    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill(SUMMARY)
    page.get_by_label("Link to the paper").fill(PAPER)
    doi = page.get_by_label("DOI")
    doi.fill("11.1038/oops")
    page.get_by_role("button", name="Send research news").click()
    checked_page.check()

    # A mistyped DOI is pointed out at the field, and nothing typed is lost.
    expect(page.get_by_role("alert")).to_contain_text("Please correct the 1 field")
    expect(doi).to_have_attribute("aria-invalid", "true")
    expect(doi).to_have_accessible_description(re.compile("This does not look like a DOI"))
    expect(page.get_by_label("Summary")).to_have_value(SUMMARY)
    assert not ResearchNews.objects.exists()

    doi.fill("https://doi.org/10.1038/s41590-021-01012-3")
    page.get_by_role("button", name="Send research news").click()
    checked_page.check()
    expect(page.get_by_role("status")).to_contain_text("Thank you: your research news is sent.")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Awaiting review")

    sign_out(checked_page)

    # A member of staff signs in, with their authenticator's code.
    sign_in(checked_page, staff.email, start=None, totp_secret=TOTP_SECRET)
    expect(page.get_by_role("link", name="Staff area")).to_be_visible()

    # The admin is Django's own: a second tab, same cookies, not checked by axe.
    admin = page.context.new_page()
    admin.set_default_timeout(10_000)
    admin.goto(f"{checked_page.base_url}/admin/news/researchnews/?status=submitted")
    admin.get_by_role("link", name=TITLE).click()
    admin.get_by_role("link", name="Approve and publish").click()
    expect(admin.get_by_label("Title")).to_have_value(TITLE)
    admin.get_by_role("button", name="Approve and publish").click()
    expect(admin.locator(".messagelist")).to_contain_text(
        f"“{TITLE}” is published in Members' news"
    )
    expect(admin.get_by_role("link", name="Approve and publish")).to_have_count(0)
    admin.close()

    # The news list shows it, and the feed carries it.
    checked_page.goto("/news/")
    link = page.get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    link.click()
    checked_page.check()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Read the paper")).to_have_attribute("href", PAPER)

    feed = page.request.get(f"{checked_page.base_url}/news/feed/")
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    assert f"<title>{TITLE}</title>" in feed.text()

    post = Post.objects.get(category=Post.Category.MEMBERS)
    assert post.author == member
    email = OutboundEmail.objects.get(
        to_email=member.email, template="news/email/research_published"
    )
    assert f"/news/{post.slug}/" in email.body_text
