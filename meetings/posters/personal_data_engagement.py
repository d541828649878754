"""Attendees' questions and votes in the personal-data registry (`icis.accounts.personal_data`).

Export: the questions the person asked and the posters they voted for. Erasure: a question
stays on its poster (the presenter may have answered it) and a vote stays in the count; the
link to the account goes. Opens are counted without names (`PosterReader` holds a digest that
differs per poster), so nothing there belongs to a person.
"""

from datetime import datetime

from icis.accounts import personal_data

from .engagement_models import PosterQuestion, PosterVote


def account_export(*, user) -> dict:
    questions = PosterQuestion.objects.filter(asker=user).select_related("poster__meeting")
    votes = PosterVote.objects.filter(voter=user).select_related("category", "poster")
    return {
        "poster_questions": [
            {
                "meeting": question.poster.meeting.name,
                "poster": question.poster.title,
                "question": question.text,
                "asked_at": question.created_at.isoformat(),
            }
            for question in questions
        ],
        "poster_votes": [
            {"category": vote.category.name, "poster": vote.poster.title} for vote in votes
        ],
    }


def account_erase(*, user, now: datetime) -> None:
    PosterQuestion.objects.filter(asker=user).update(asker=None)
    PosterVote.objects.filter(voter=user).update(voter=None)


def register() -> None:
    personal_data.register(
        "poster_questions_and_votes",
        export=account_export,
        erase=account_erase,
        exported=["posters.PosterQuestion", "posters.PosterVote"],
        kept={
            "posters.PosterQuestion": "A question stays on its poster with its answer; the link "
            "to the account who asked is removed.",
            "posters.PosterVote": "A vote stays in its category's count; the link to the "
            "account is removed.",
        },
    )
