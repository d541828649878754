"""The dashboard's award and abstract calls in progress: a call that has opened and is still
open, or has closed with decisions not yet released, with how many of its entries are
submitted, reviewed (a review in) and decided; drafts and withdrawals do not count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from awards.dashboard import award_calls_in_progress
from awards.models import Application
from meetings.abstracts.models import Abstract, AbstractReview
from meetings.dashboard import abstract_calls_in_progress
from tests.factories import AbstractCallFactory, AbstractFactory, UserFactory
from tests.factories.awards import (
    ApplicationFactory,
    AwardCycleFactory,
    AwardProgramFactory,
    ReviewFactory,
)
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


def _counted(function, now):
    """What the function gives, and that it took one query."""
    given = []
    queries, _ = count_queries(lambda: given.append(function(now=now)))
    assert queries == 1
    return given[0]


def _figures(calls):
    return [(c["name"], c["submitted"], c["reviewed"], c["decided"]) for c in calls]


def test_abstract_calls_in_progress():
    now = timezone.now()
    week = timedelta(days=7)
    open_call = AbstractCallFactory(meeting__name="Cytokines 2027", closes_at=now + week)
    held = AbstractCallFactory(
        meeting__name="Cytokines 2026", opens_at=now - 9 * week, closes_at=now - week
    )
    released = AbstractCallFactory(
        meeting__name="Cytokines 2025", opens_at=now - 9 * week, closes_at=now - week
    )
    AbstractCallFactory(meeting__name="Cytokines 2028", opens_at=now + week)  # not yet open
    submitted = Abstract.Status.SUBMITTED
    reviewed, decided, _plain = (AbstractFactory(call=open_call, status=submitted) for _ in "abc")
    AbstractReview.objects.create(abstract=reviewed, reviewer=UserFactory(), submitted_at=now)
    AbstractReview.objects.create(abstract=decided, reviewer=UserFactory())  # assigned only
    Abstract.objects.filter(pk=decided.pk).update(decision=Abstract.Decision.POSTER)
    AbstractFactory(call=open_call)  # a draft
    AbstractFactory(call=open_call, status=Abstract.Status.WITHDRAWN, decision="reject")
    AbstractFactory(call=held, status=submitted, decision=Abstract.Decision.ORAL)
    AbstractFactory(
        call=released, status=submitted, decision=Abstract.Decision.ORAL, decision_released_at=now
    )

    calls = _counted(abstract_calls_in_progress, now)
    assert _figures(calls) == [
        ("Abstracts, Cytokines 2026", 1, 0, 1),  # closed, its decision not yet released
        ("Abstracts, Cytokines 2027", 3, 1, 1),
    ]
    assert [c["id"] for c in calls] == [held.pk, open_call.pk]
    assert calls[1]["closes_at"] == open_call.closes_at


def test_award_calls_in_progress():
    now = timezone.now()
    week = timedelta(days=7)
    program = AwardProgramFactory(name="Milstein Award")
    open_cycle = AwardCycleFactory(program=program, year=2027, closes_at=now + week)
    held = AwardCycleFactory(
        program=program, year=2026, opens_at=now - 9 * week, closes_at=now - week
    )
    AwardCycleFactory(program=program, year=2025, opens_at=now - 9 * week, closes_at=now - week)
    submitted = Application.Status.SUBMITTED
    reviewed, decided = (ApplicationFactory(cycle=open_cycle, status=submitted) for _ in "ab")
    ReviewFactory(application=reviewed, submitted_at=now)
    Application.objects.filter(pk=decided.pk).update(decision=Application.Decision.AWARDED)
    ApplicationFactory(cycle=open_cycle)  # a draft
    ApplicationFactory(cycle=held, status=submitted, decision=Application.Decision.AWARDED)

    calls = _counted(award_calls_in_progress, now)
    assert _figures(calls) == [("Milstein Award 2026", 1, 0, 1), ("Milstein Award 2027", 2, 1, 1)]
