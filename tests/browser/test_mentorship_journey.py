"""A trainee finds a mentor and asks; the mentor accepts from the email's link (signing in on
the way); both see their pairing; a month on, the check-in reminder arrives once. In Chromium,
every page checked by axe."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from icis.mail.models import OutboundEmail
from meetings.registration import Attendee, registration_grant
from mentorship import services
from mentorship.models import SpeedSession, SpeedTable
from tests.browser.journeys import credentials_enter, sign_in, sign_out
from tests.factories.mentorship import member, mentor, trainee

pytestmark = pytest.mark.django_db(transaction=True)

GOALS = "Choose between a second postdoc and a fellowship; a draft research plan reviewed."


def test_a_trainee_finds_a_mentor_who_accepts_from_the_email(checked_page):
    asker = trainee(
        first_name="Tara",
        last_name="Trainee",
        research_interests="interferon lambda in the gut",
    )
    asked = mentor(
        first_name="Mona",
        last_name="Mentor",
        keywords="interferon lambda, fellowships",
        research_interests="mucosal immunity",
    )
    mentor(first_name="Otto", last_name="Other", keywords="bone", research_interests="osteoclasts")
    page = checked_page.page

    # The trainee reads about the programme, then finds a mentor.
    sign_in(checked_page, asker.email, start="/mentorship/")
    checked_page.goto("/mentorship/")
    expect(page.get_by_role("heading", name="Mentorship", level=1)).to_be_visible()
    page.get_by_role("link", name="Find a mentor").click()
    checked_page.check()
    page.get_by_label("Topics").fill("fellowships")
    page.get_by_role("button", name="Find mentors").click()
    checked_page.check()
    suggestions = page.get_by_role("listitem").filter(has_text="Ask")
    expect(suggestions.first).to_contain_text("Mona Mentor")
    expect(suggestions.first).to_contain_text("In common: fellowships, interferon, lambda")
    page.get_by_role("link", name="Ask Mona Mentor to mentor you").click()
    checked_page.check()

    page.get_by_label("Your goals").fill(GOALS)
    page.get_by_label("A six-month pairing").check()
    page.get_by_role("button", name="Send my request").click()
    checked_page.check()
    expect(page.get_by_role("status")).to_contain_text("Your request is sent to Mona Mentor")
    expect(page.get_by_text("Waiting for an answer")).to_be_visible()
    sign_out(checked_page)

    # The mentor follows the email's link, signs in on the way and accepts.
    email = OutboundEmail.objects.get(to_email=asked.user.email)
    link = re.search(
        re.escape(settings.SITE_URL) + r"(/my/mentorship/requests/\d+/)", email.body_text
    )
    checked_page.goto(link.group(1))
    credentials_enter(checked_page, asked.user.email)
    expect(page.get_by_role("heading", name="Tara Trainee asks you to mentor them")).to_be_visible()
    expect(page.get_by_text(GOALS)).to_be_visible()
    page.get_by_label("Accept").check()
    page.get_by_label("A note for the trainee (optional)").fill("Gladly: let us talk next week.")
    page.get_by_role("button", name="Send my answer").click()
    checked_page.check()
    expect(page.get_by_role("heading", name="Mentoring Tara Trainee")).to_be_visible()
    expect(page.get_by_role("textbox", name="Agreed goals")).to_have_value(GOALS)
    sign_out(checked_page)

    # Each was introduced once; the trainee sees the pairing from their account.
    assert OutboundEmail.objects.filter(template="mentorship/email/introduction").count() == 2
    sign_in(checked_page, asker.email)
    checked_page.goto("/my/mentorship/")
    page.get_by_role("link", name="With your mentor Mona Mentor").click()
    checked_page.check()
    expect(page.get_by_role("heading", name="Mentored by Mona Mentor")).to_be_visible()

    # A month and a day on, the daily task sends the check-in reminder, once.
    later = timezone.now() + timedelta(days=32)
    services.check_ins_send(now=later)
    services.check_ins_send(now=later)
    reminders = OutboundEmail.objects.filter(template="mentorship/email/check_in")
    assert sorted(reminders.values_list("to_email", flat=True)) == sorted(
        [asker.email, asked.user.email]
    )


def test_a_senior_member_offers_to_mentor_and_a_trainee_books_speed_mentoring(
    checked_page, open_meeting
):
    senior = member(first_name="Sam", last_name="Senior")
    page = checked_page.page

    # The mentor profile: a mistake is shown in place, nothing typed is lost.
    sign_in(checked_page, senior.email)
    checked_page.goto("/my/mentorship/")
    page.get_by_role("link", name="Offer to mentor").click()
    checked_page.check()
    page.get_by_label("Keywords").fill("JAK-STAT, grant writing")
    page.get_by_label("Career advice").check()
    page.get_by_label("Mentees at once").fill("12")
    page.get_by_role("button", name="Save mentor profile").click()
    checked_page.check()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the 2 fields")
    expect(page.get_by_label("Keywords")).to_have_value("JAK-STAT, grant writing")
    page.get_by_label("A six-month pairing").check()
    page.get_by_label("Mentees at once").fill("2")
    page.get_by_label("Your time zone").select_option("Europe/Madrid")
    page.get_by_role("button", name="Save mentor profile").click()
    checked_page.check()
    expect(page.get_by_role("status")).to_contain_text("Your mentor profile is saved")
    sign_out(checked_page)

    # Speed mentoring at the meeting: a registered trainee takes the table's last seat.
    session = SpeedSession.objects.create(meeting=open_meeting, location="Foyer")
    starts = datetime.combine(open_meeting.start_date, time(12), tzinfo=open_meeting.time_zone)
    SpeedTable.objects.create(
        session=session,
        mentor=senior.mentor_profile,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        capacity=1,
        topic="Grant writing",
    )
    attendee = trainee(first_name="Ana", last_name="Attendee")
    registration_grant(
        user=attendee,
        meeting=open_meeting,
        category=open_meeting.categories.get(slug="trainee-member"),
        attendee=Attendee(badge_name="Ana", affiliation="Lab", country="GB"),
        actor=None,
    )
    sign_in(checked_page, attendee.email)
    checked_page.goto(session.get_absolute_url())
    page.get_by_role("button", name=re.compile("^Book a seat with Sam Senior")).click()
    checked_page.check()
    expect(page.get_by_role("status")).to_contain_text("Your seat is booked")
    row = page.get_by_role("row").filter(has_text="Sam Senior")
    expect(row).to_contain_text("0 of 1")
    expect(row.get_by_role("link", name=re.compile("^Add to calendar"))).to_be_visible()
