"""What the attendee side keeps of a person (export and erasure), and its demo."""

import pytest

from icis.accounts import personal_data
from meetings.posters import demo_engagement
from meetings.posters.engagement_models import PosterQuestion, PosterVote, VoteCategory
from tests.factories.posterqa import PosterQuestionFactory, PosterVoteFactory
from tests.factories.virtual import PosterFactory, VirtualMeetingFactory

pytestmark = pytest.mark.django_db


def test_questions_and_votes_are_exported_and_unlinked_on_erasure():
    question = PosterQuestionFactory(text="Is it the same in mice?")
    vote = PosterVoteFactory(voter=question.asker)
    user = question.asker

    exported = personal_data.export_everywhere(user=user)
    text = str(exported)
    assert "Is it the same in mice?" in text and vote.category.name in text

    personal_data.erase_everywhere(user=user, now=question.created_at)
    question.refresh_from_db()
    vote.refresh_from_db()
    assert question.asker is None and question.text == "Is it the same in mice?"
    assert vote.voter is None


def test_the_demo_loads_once():
    meeting = VirtualMeetingFactory(slug="cytokines-2021")
    for _ in range(3):
        PosterFactory(meeting=meeting)

    first = demo_engagement.load(meeting)
    second = demo_engagement.load(meeting)

    assert first == {"vote_categories": 2, "votes": 10, "questions": 2}
    assert second == {"vote_categories": 0, "votes": 0, "questions": 0}
    assert VoteCategory.objects.filter(meeting=meeting, results_released=True).count() == 2
    assert PosterVote.objects.count() == 10 and PosterQuestion.objects.count() == 2
