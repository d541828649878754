"""Questions on a poster: asked by attendees (once per form, bounded, errors in place), sent
to the presenter in batches (one email per poster per batch, never twice), answered by the
presenter only, hidden by staff (audited)."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from meetings.posters import tasks
from meetings.posters.engagement_models import PosterQuestion
from meetings.tournament.models import Action, PointEvent
from tests.concurrency import race
from tests.conftest import sign_in_with_two_factor
from tests.factories.posterqa import PosterQuestionFactory
from tests.factories.virtual import (
    ConfirmedRegistrationFactory,
    PointRuleFactory,
    PosterFactory,
    TournamentFactory,
    VirtualMeetingFactory,
    attendee_of,
)
from tests.querycount import assert_queries_at_sizes


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory()


@pytest.fixture
def poster(meeting):
    return PosterFactory(meeting=meeting, title="IFN-lambda in the gut")


def url(poster):
    return reverse("posters:detail", args=[poster.meeting.slug, poster.pk])


def ask(client, poster, text, token=None):
    return client.post(
        url(poster), {"action": "ask", "text": text, "token": str(token or uuid.uuid4())}
    )


def presenter_emails(poster):
    return list(OutboundEmail.objects.filter(to_email=poster.presenter.email).order_by("pk"))


def test_an_attendee_asks_and_sees_the_question_in_place(client, meeting, poster):
    client.force_login(attendee_of(meeting))

    response = ask(client, poster, "Did you see the same in mice?")

    assert response.status_code == 302
    assert "Did you see the same in mice?" in client.get(url(poster)).content.decode()


def test_a_double_submit_stores_the_question_once(client, meeting, poster):
    client.force_login(attendee_of(meeting))
    token = uuid.uuid4()

    ask(client, poster, "Same question twice?", token)
    ask(client, poster, "Same question twice?", token)

    assert PosterQuestion.objects.filter(poster=poster).count() == 1


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001])
def test_a_bad_question_is_refused_in_place_and_kept(client, meeting, poster, text):
    client.force_login(attendee_of(meeting))

    response = ask(client, poster, text)

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    if text.strip():
        assert text in response.content.decode()  # nothing typed is lost
    assert not PosterQuestion.objects.exists()


def test_asking_scores_once_per_poster(client, meeting, poster):
    PointRuleFactory(tournament=TournamentFactory(meeting=meeting), action=Action.QUESTION_ASKED)
    attendee = attendee_of(meeting)
    client.force_login(attendee)

    ask(client, poster, "First?")
    ask(client, poster, "Second?")

    assert PosterQuestion.objects.count() == 2
    assert PointEvent.objects.filter(user=attendee, action=Action.QUESTION_ASKED).count() == 1


def test_questions_reach_the_presenter_in_batches_never_twice(client, meeting, poster):
    client.force_login(attendee_of(meeting))
    ask(client, poster, "What about IL-22?")
    ask(client, poster, "Which mouse strain?")

    tasks.send_question_batches()
    tasks.send_question_batches()

    (first,) = presenter_emails(poster)
    assert "What about IL-22?" in first.body_text and "Which mouse strain?" in first.body_text
    assert url(poster) in first.body_text

    ask(client, poster, "Any human data?")
    tasks.send_question_batches()
    tasks.send_question_batches()

    first, second = presenter_emails(poster)
    assert "Any human data?" in second.body_text
    assert "What about IL-22?" not in second.body_text


def test_a_hidden_or_answered_question_is_not_sent(meeting, poster):
    PosterQuestionFactory(poster=poster, is_hidden=True)
    PosterQuestionFactory(poster=poster, answer="Yes.", answered_at=timezone.now())

    assert tasks.send_question_batches() == 0
    assert presenter_emails(poster) == []


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_one_email():
    poster = PosterFactory()
    PosterQuestionFactory(poster=poster)
    PosterQuestionFactory(poster=poster)

    outcomes = race([tasks.send_question_batches, tasks.send_question_batches])

    assert sorted(outcomes) == [0, 1]
    assert len(presenter_emails(poster)) == 1


def test_only_the_presenter_answers(client, meeting, poster):
    question = PosterQuestionFactory(poster=poster)
    data = {"action": "answer", "question": question.pk, "answer": "We did, in BALB/c."}

    client.force_login(attendee_of(meeting))
    assert client.post(url(poster), data).status_code == 403

    ConfirmedRegistrationFactory(meeting=meeting, user=poster.presenter)
    client.force_login(poster.presenter)
    assert client.post(url(poster), data).status_code == 302

    question.refresh_from_db()
    assert question.answer == "We did, in BALB/c."
    assert "We did, in BALB/c." in client.get(url(poster)).content.decode()


def test_the_presenter_sees_an_answer_form_others_do_not(client, meeting, poster):
    PosterQuestionFactory(poster=poster)
    client.force_login(attendee_of(meeting))
    assert 'value="answer"' not in client.get(url(poster)).content.decode()


def test_staff_hide_a_question_and_it_is_audited(client, meeting, poster, staff_user_2fa):
    question = PosterQuestionFactory(poster=poster, text="An off-topic advert")
    attendee = attendee_of(meeting)
    client.force_login(attendee)
    assert client.post(url(poster), {"action": "hide", "question": question.pk}).status_code == 403

    sign_in_with_two_factor(client, staff_user_2fa)
    response = client.post(url(poster), {"action": "hide", "question": question.pk})

    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="poster.question_hidden", actor=staff_user_2fa).exists()
    client.force_login(attendee)
    assert "An off-topic advert" not in client.get(url(poster)).content.decode()


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999", "²"])
def test_a_bad_question_id_is_never_a_server_error(client, meeting, poster, value, staff_user_2fa):
    sign_in_with_two_factor(client, staff_user_2fa)

    response = client.post(url(poster), {"action": "hide", "question": value})

    assert response.status_code == 404


def test_the_poster_page_runs_the_same_queries_for_few_and_many_questions(client, meeting, poster):
    client.force_login(attendee_of(meeting))

    def grow(n):
        PosterQuestion.objects.bulk_create(
            PosterQuestion(poster=poster, text=f"Question {i}?", created_at=timezone.now())
            for i in range(n)
        )

    def action():
        assert client.get(url(poster)).status_code == 200

    action()  # the first open of the day creates its counter
    assert_queries_at_sizes(expected=13, grow=grow, action=action, sizes=(3, 297))
