"""The daily question: answered once, scored for the right answer (or for answering when staff
set no right answer), refused in place once the tournament has closed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.tournament.models import Action, DailyAnswer, PointEvent
from meetings.tournament.services import daily_answer
from tests.concurrency import race
from tests.conftest import sign_in_with_two_factor
from tests.factories.tournament import question_with_choices
from tests.factories.virtual import PointRuleFactory, TournamentFactory, attendee_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tournament():
    tournament = TournamentFactory()
    PointRuleFactory(tournament=tournament, action=Action.DAILY_ANSWER, points=7)
    return tournament


def _today(tournament, **kwargs):
    return question_with_choices(
        tournament=tournament, day=tournament.meeting.local_today(), **kwargs
    )


def _answer(client, question, choice_text: str | None = None, value: str | None = None):
    if value is None:
        value = str(question.choices.get(text=choice_text).pk)
    url = reverse("tournament:board", args=[question.tournament.meeting.slug])
    return client.post(url, {"answer": "1", "choice": value})


def _points(user) -> int:
    return sum(PointEvent.objects.filter(user=user).values_list("points", flat=True))


def test_a_right_answer_scores_once_and_a_second_answer_is_refused_in_place(client, tournament):
    question = _today(tournament, right=0)
    you = attendee_of(tournament.meeting)
    client.force_login(you)

    first = _answer(client, question, "Interferon")
    again = _answer(client, question, "TNF")

    assert first.status_code == 302
    assert again.status_code == 200
    assert "You answered “Interferon” and scored 7 points" in again.content.decode()
    assert DailyAnswer.objects.get(user=you).choice.text == "Interferon"
    assert _points(you) == 7


def test_the_second_answer_of_a_race_is_refused(transactional_db):
    tournament = TournamentFactory()
    PointRuleFactory(tournament=tournament, action=Action.DAILY_ANSWER, points=7)
    question = _today(tournament, right=0)
    you = attendee_of(tournament.meeting)
    choice = question.choices.get(text="Interferon")

    outcomes = race([lambda: daily_answer(question=question, user=you, choice=choice)] * 2)

    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "DailyAnswer",
        "TournamentError",
    ]
    assert DailyAnswer.objects.count() == 1
    assert _points(you) == 7


def test_a_wrong_answer_scores_nothing(client, tournament):
    question = _today(tournament, right=0)
    you = attendee_of(tournament.meeting)
    client.force_login(you)

    _answer(client, question, "TNF")

    assert DailyAnswer.objects.get(user=you).points == 0
    assert _points(you) == 0


def test_without_a_right_answer_answering_scores(client, tournament):
    question = _today(tournament, right=None)
    you = attendee_of(tournament.meeting)
    client.force_login(you)

    _answer(client, question, "TNF")

    assert _points(you) == 7


def test_a_closed_tournament_refuses_the_answer_in_place(client, tournament):
    tournament.closes_at = timezone.now() - timedelta(minutes=1)
    tournament.save()
    question = _today(tournament, right=0)
    you = attendee_of(tournament.meeting)
    client.force_login(you)

    response = _answer(client, question, "Interferon")

    assert response.status_code == 200
    page = response.content.decode()
    assert "The tournament has closed: answers no longer count." in page
    assert 'type="radio"' in page  # the form is still there
    assert not DailyAnswer.objects.exists()
    assert _points(you) == 0


@pytest.mark.parametrize("value", ["", "0", "abc", "99999999999999999999", "1; DROP"])
def test_a_choice_not_offered_is_refused_in_place(client, tournament, value):
    question = _today(tournament, right=0)
    you = attendee_of(tournament.meeting)
    client.force_login(you)

    response = _answer(client, question, value=value)

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not DailyAnswer.objects.exists()


def test_an_answer_to_another_day_s_question_is_refused(tournament):
    question = question_with_choices(tournament=tournament, day=tournament.meeting.start_date)
    you = attendee_of(tournament.meeting)
    morning = tournament.meeting.at(question.day, timezone.datetime.min.time())

    answer = daily_answer(question=question, user=you, choice=question.choices.first(), now=morning)
    assert answer.points == 7
    with pytest.raises(Exception, match="not today's"):
        daily_answer(
            question=question,
            user=attendee_of(tournament.meeting),
            choice=question.choices.first(),
            now=morning + timedelta(days=1),
        )


def test_staff_see_the_question_and_its_answer_but_do_not_answer(
    client, tournament, staff_user_2fa
):
    question = _today(tournament, right=0)
    sign_in_with_two_factor(client, staff_user_2fa)

    page = client.get(reverse("tournament:board", args=[tournament.meeting.slug]))
    posted = _answer(client, question, "Interferon")

    assert "Interferon (right)" in page.content.decode()
    assert posted.status_code == 200
    assert not DailyAnswer.objects.exists()


def test_staff_set_a_question_with_its_choices_on_a_meeting_day_only(admin_client_2fa, tournament):
    meeting = tournament.meeting
    url = reverse("admin:tournament_dailyquestion_add")
    form = {
        "tournament": tournament.pk,
        "text": "Which came first?",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-0-text": "Interferon",
        "choices-0-is_right": "on",
        "choices-1-text": "Interleukin-1",
    }

    refused = admin_client_2fa.post(
        url, {**form, "day": (meeting.end_date + timedelta(days=1)).isoformat()}
    )
    added = admin_client_2fa.post(url, {**form, "day": meeting.start_date.isoformat()})

    assert "Choose a day of the meeting" in refused.content.decode()
    assert added.status_code == 302
    question = tournament.daily_questions.get()
    assert [(c.text, c.is_right) for c in question.choices.all()] == [
        ("Interferon", True),
        ("Interleukin-1", False),
    ]
