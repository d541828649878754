"""An attendee opens the tournament, answers the day's question and hides from the
leaderboard, with the keyboard-reachable forms of the page; every page checked by axe."""

import pytest
from playwright.sync_api import expect

from meetings.tournament.models import Action, PointRule
from tests.browser.journeys import sign_in
from tests.factories import UserFactory
from tests.factories.tournament import question_with_choices
from tests.factories.virtual import ConfirmedRegistrationFactory, TournamentFactory, attendee_of
from tests.tournament.helpers import players_add

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_attendee_answers_the_question_and_hides_from_the_board(checked_page):
    from django.utils import timezone

    tournament = TournamentFactory()
    meeting = tournament.meeting
    PointRule.objects.create(tournament=tournament, action=Action.DAILY_ANSWER, points=15)
    question_with_choices(tournament=tournament, day=meeting.local_today())
    players_add(tournament, 3, points=5, at=timezone.now())
    you = UserFactory(first_name="Grace", last_name="Hopper")
    ConfirmedRegistrationFactory(meeting=meeting, user=you, badge_name="Grace Hopper")
    attendee_of(meeting)
    page = checked_page.page

    sign_in(checked_page, you.email)
    checked_page.goto(f"/meetings/{meeting.slug}/tournament/")
    expect(page.get_by_role("heading", name="Tournament", level=1)).to_be_visible()
    expect(page.get_by_text("You have no points yet.")).to_be_visible()

    page.get_by_role("button", name="Answer").click()  # nothing chosen
    checked_page.check()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("Interferon").check()
    page.get_by_role("button", name="Answer").click()
    checked_page.check()
    expect(page.get_by_text("Answer recorded: 15 points scored.")).to_be_visible()
    board = page.get_by_role("table").first
    expect(board.get_by_role("row").nth(1)).to_contain_text("Grace Hopper")

    page.get_by_label("Hide me from the leaderboard").check()
    page.get_by_role("button", name="Save").click()
    checked_page.check()
    expect(page.get_by_text("You are hidden from the leaderboard.")).to_be_visible()
    expect(page.get_by_role("table").first).not_to_contain_text("Grace Hopper")
    expect(page.get_by_text("(hidden from the board: only you see this)")).to_be_visible()
