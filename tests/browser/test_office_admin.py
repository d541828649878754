"""The admin as the society's office runs it, in Chromium with axe on every page: a staff
member of each role (icis/accounts/roles.py) signs in with two-factor and sees their own
sections; the treasurer enters a price as 450.00 and the list says "450.00 USD"; the office
previews a page's Markdown (beside the editor with JavaScript, in a new tab without) and builds
a meeting section by section; the awards chair's ranking page keeps its title clear of its
buttons; list pages fit a 1280 px screen."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from icis.accounts.roles import roles_install
from icis.site.models import Page
from meetings.models import FeeWindow, Meeting
from members.models import MembershipPrice
from tests.awards.conftest import open_cycle_for
from tests.browser.conftest import CheckedPage
from tests.browser.journeys import TOTP_SECRET, sign_in
from tests.conftest import enable_totp
from tests.factories import AwardProgramFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Installing the roles caches content types whose rows the next test's flush removes:
    forget them, so the tests after these do not use their stale ids."""
    yield
    ContentType.objects.clear_cache()


def _staff(role: str, email: str):
    # The migration's groups (a flushed test database lost them).
    roles_install(apps, create_permissions=False)
    user = UserFactory(email=email, is_staff=True, is_superuser=False)
    user.groups.add(Group.objects.get(name=role))
    enable_totp(user, TOTP_SECRET)
    return user


def _open_admin(checked_page, user):
    sign_in(checked_page, user.email, totp_secret=TOTP_SECRET)
    checked_page.page.get_by_role("link", name="Staff area").click()
    checked_page.check()


def _click(checked_page, locator):
    locator.click()
    checked_page.check()


def _sections(page) -> set[str]:
    return {text.strip() for text in page.locator("#content-main caption a").all_text_contents()}


def _fits(page, selector: str) -> None:
    """The element ends inside the window and the page does not scroll sideways."""
    width = page.evaluate("document.documentElement.clientWidth")
    assert width == 1280
    box = page.locator(selector).first.bounding_box()
    assert box["x"] + box["width"] <= width, (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_treasurer_enters_a_price_as_450_and_reads_450_usd(checked_page, membership_types):
    page = checked_page.page
    treasurer = _staff("Treasurer", "treasurer@example.org")
    _open_admin(checked_page, treasurer)
    sections = _sections(page)
    assert {"Members", "Payments", "Meetings"} <= sections
    assert not sections & {"Society pages", "Periodic Tasks", "Social Accounts", "Awards"}

    _click(checked_page, page.get_by_role("link", name="Membership types"))
    _click(checked_page, page.get_by_role("link", name="Regular", exact=True))
    usd_row = page.locator("tr.form-row").filter(has=page.locator("input[value='USD']"))
    amount = usd_row.locator("input[name$='-amount']")
    expect(amount).to_have_value("150.00")
    expect(usd_row.locator(".money-currency")).to_have_text("USD")
    amount.fill("450.5O")  # a slip: the letter O
    _click(checked_page, page.get_by_role("button", name="Save", exact=True).first)
    expect(usd_row.locator(".errorlist")).to_contain_text("Type the amount in figures")
    expect(amount).to_have_value("450.5O")  # what was typed is kept
    amount.fill("450.00")
    _click(checked_page, page.get_by_role("button", name="Save", exact=True).first)
    expect(page.locator("#result_list")).to_contain_text("450.00 USD")
    assert (
        MembershipPrice.objects.get(membership_type__slug="regular", currency="USD").amount == 45000
    )

    # The terms list: its end date and status columns inside a 1280 px window, with a long
    # name and email in it.
    MembershipFactory(
        user=UserFactory(
            first_name="Maria Antonietta",
            last_name="Rodríguez-Villalobos de la Fuente",
            email="maria.antonietta.rodriguez-villalobos@universidad-de-ejemplo.example.org",
        ),
        membership_type=MembershipPrice.objects.get(
            membership_type__slug="regular", currency="USD"
        ).membership_type,
    )
    checked_page.goto("/admin/members/membership/")
    expect(page.locator("#result_list")).to_contain_text("Maria Antonietta")
    _fits(page, "#result_list th.column-state")
    _fits(page, "#result_list th.column-end_date")


def test_the_office_previews_a_page_and_builds_a_meeting_section_by_section(
    checked_page, live_server
):
    page = checked_page.page
    office = _staff("Office", "office@example.org")
    _open_admin(checked_page, office)
    sections = _sections(page)
    assert {"Society pages", "Meetings", "Members", "News"} <= sections
    assert not sections & {"Periodic Tasks", "Social Accounts", "Multi-factor Authentication"}

    # A page's Markdown, previewed beside the editor (the script fetches the server's preview).
    _click(checked_page, page.get_by_role("link", name="Pages", exact=True))
    _click(checked_page, page.get_by_role("link", name="Add page"))
    page.locator("#id_title").fill("Our history")
    page.locator("#id_body").fill("## Founded in 1983\n\nThe **society** began in Florence.")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#id_body_preview")
    expect(preview.get_by_role("heading", name="Founded in 1983")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("society")
    checked_page.check()

    # Without the script the same button posts the form to the preview in a new tab (the
    # script is bypassed here by submitting through the button, as a browser without it does).
    with page.context.expect_page() as new_tab:
        page.locator("#id_body").evaluate(
            "box => { const b = box.closest('.markdown-editor').querySelector('button');"
            " b.form.requestSubmit(b); }"
        )
    tab = new_tab.value
    tab.wait_for_load_state()
    CheckedPage(tab, live_server.url).check()
    expect(tab.locator(".markdown-preview-page h2")).to_have_text("Founded in 1983")
    tab.close()
    expect(page.locator("#id_body")).to_have_value(
        "## Founded in 1983\n\nThe **society** began in Florence."
    )
    assert not Page.objects.filter(title="Our history").exists()  # nothing saved

    # A meeting, one section at a time.
    checked_page.goto("/admin/meetings/meeting/add/")
    page.locator("#id_name").fill("Cytokines 2031")
    page.locator("#id_slug").fill("cytokines-2031")
    page.locator("#id_edition").fill("19")
    page.locator("#id_start_date").fill("2031-10-12")
    page.locator("#id_end_date").fill("2031-10-15")
    page.locator("#id_city").fill("Lisbon")
    _click(checked_page, page.get_by_role("button", name="Save and continue editing").first)
    nav = page.get_by_role("navigation", name="Sections of this meeting")
    for name in ("Details", "Content", "Program", "Registration", "Sponsors", "Virtual platform"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    checked_page.check()
    meeting = Meeting.objects.get(pk=int(page.url.split("/meeting/")[1].split("/")[0]))
    assert (meeting.name, meeting.city) == ("Cytokines 2031", "Lisbon")
    _fits(page, "#meeting_form")

    _click(checked_page, nav.get_by_role("link", name="Content"))
    expect(page.get_by_role("heading", name="Content", exact=True)).to_be_visible()
    page.locator("#id_welcome_text").fill("Welcome to **Lisbon**.")
    _click(checked_page, page.get_by_role("button", name="Save and continue editing").first)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    checked_page.check()
    assert "section=content" in page.url

    _click(checked_page, nav.get_by_role("link", name="Registration"))
    page.get_by_role("button", name="Add another Fee window").click()
    page.locator("#id_fee_windows-0-name").fill("Early bird")
    page.locator("#id_fee_windows-0-ends_on").fill("2031-07-31")
    _click(checked_page, page.get_by_role("button", name="Save and continue editing").first)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(page.locator("#id_fee_windows-0-name")).to_have_value("Early bird")
    checked_page.check()

    _click(checked_page, nav.get_by_role("link", name="Sponsors"))
    expect(page.get_by_role("link", name="Sponsors", exact=True).last).to_be_visible()

    meeting.refresh_from_db()
    assert meeting.welcome_text == "Welcome to **Lisbon**."
    assert meeting.city == "Lisbon"
    assert list(FeeWindow.objects.filter(meeting=meeting).values_list("name", flat=True)) == [
        "Early bird"
    ]


def test_the_awards_chair_s_ranking_keeps_its_title_clear(checked_page, open_meeting):
    page = checked_page.page
    cycle = open_cycle_for(AwardProgramFactory(name="Trainee Travel Award"), meeting=open_meeting)
    chair = _staff("Awards chair", "awards.chair@example.org")
    _open_admin(checked_page, chair)
    assert _sections(page) == {"Awards", "Users"}

    checked_page.goto(f"/admin/awards/awardcycle/{cycle.pk}/ranking/")
    title = page.locator("#content h1").bounding_box()
    for button in page.locator(".object-tools li").all():
        box = button.bounding_box()
        overlaps = not (
            box["x"] >= title["x"] + title["width"]
            or title["x"] >= box["x"] + box["width"]
            or box["y"] >= title["y"] + title["height"]
            or title["y"] >= box["y"] + box["height"]
        )
        assert not overlaps, (button.inner_text(), box, title)
    _fits(page, "#ranking")


def test_the_program_committee_sees_the_program_and_not_the_money(checked_page):
    page = checked_page.page
    member = _staff("Program committee", "program@example.org")
    _open_admin(checked_page, member)
    sections = _sections(page)
    assert {"Meetings", "Abstracts"} <= sections
    assert not sections & {"Members", "Payments", "Awards", "Periodic Tasks"}
    _click(checked_page, page.get_by_role("link", name="Sessions"))
    # Payments are not theirs: the address answers 403 (asked with the browser's session).
    response = page.request.get(f"{checked_page.base_url}/admin/payments/payment/")
    assert response.status == 403
