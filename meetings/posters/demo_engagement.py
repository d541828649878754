"""Demo engagement on the iPosters of Cytokines 2021 (a past, fully virtual meeting): two
closed best-poster categories with released results, and a few answered questions. Run after
the posters themselves are loaded; creates what is missing and never overwrites."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model

from meetings.models import Meeting

from .engagement_models import PosterQuestion, PosterVote, VoteCategory
from .models import Poster

CATEGORIES = ["Best trainee poster", "Best translational poster"]
QUESTIONS = [
    ("Did you see the same response in primary human cells?", "Yes, in two of three donors."),
    ("Which timepoint showed the peak of STAT1 phosphorylation?", "Thirty minutes."),
]
VOTER_EMAIL = "poster.voter{n}@example.org"


def _voters(count: int) -> list:
    users = []
    for n in range(count):
        user, _ = get_user_model().objects.get_or_create(
            email=VOTER_EMAIL.format(n=n),
            defaults={"first_name": "Demo", "last_name": f"Voter {n + 1}"},
        )
        users.append(user)
    return users


def load(meeting: Meeting) -> dict:
    posters = list(Poster.objects.filter(meeting=meeting, is_shown=True).order_by("pk")[:6])
    made = {"vote_categories": 0, "votes": 0, "questions": 0}
    if not posters:
        return made
    closed_at = meeting.at(meeting.end_date, time(16, 0))
    voters = _voters(5)
    for position, name in enumerate(CATEGORIES):
        category, created = VoteCategory.objects.get_or_create(
            meeting=meeting,
            name=name,
            defaults={"closes_at": closed_at, "results_released": True, "ordering": position},
        )
        if not created:
            continue
        made["vote_categories"] += 1
        for n, voter in enumerate(voters):
            PosterVote.objects.create(
                category=category,
                voter=voter,
                poster=posters[(n + position) % min(3, len(posters))],
                created_at=closed_at - timedelta(hours=n + 1),
            )
            made["votes"] += 1
    asked_at: datetime = meeting.at(meeting.start_date, time(11, 0))
    for (text, answer), poster in zip(QUESTIONS, posters, strict=False):
        _, created = PosterQuestion.objects.get_or_create(
            poster=poster,
            text=text,
            defaults={
                "asker": voters[0],
                "created_at": asked_at,
                "answer": answer,
                "answered_at": asked_at + timedelta(hours=2),
            },
        )
        made["questions"] += created
    return made
