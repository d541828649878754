"""Ten trainees ask a mentor with one place and the mentor's acceptances arrive at the same
moment (ten tabs, ten threads): one pairing, nine told the places are taken."""

import time

import pytest

from mentorship import services
from mentorship.exceptions import MentorshipError
from mentorship.models import MentorshipRequest, Pairing
from tests.concurrency import race
from tests.factories.mentorship import mentor, trainee


@pytest.mark.django_db(transaction=True)
def test_ten_acceptances_at_once_for_one_place_make_one_pairing(monkeypatch):
    asked = mentor(capacity=1)
    # Widen the moment between counting the places and taking one, so that without the lock on
    # the mentor every acceptance would count a free place (ten pairings); with it, they queue.
    create = Pairing.objects.create

    def slow_create(**fields):
        time.sleep(0.1)
        return create(**fields)

    monkeypatch.setattr(Pairing.objects, "create", slow_create)
    requests = [
        services.request_send(
            trainee=trainee(first_name=f"T{number}", institution=f"Lab {number}"),
            mentor_id=asked.pk,
            goals="Advice",
            topics="",
            format="pairing",
        )
        for number in range(10)
    ]

    outcomes = race(
        [
            lambda pk=request.pk: services.request_accept(request_id=pk, user=asked.user)
            for request in requests
        ]
    )

    assert sum(isinstance(outcome, Pairing) for outcome in outcomes) == 1, outcomes
    assert sum(isinstance(outcome, MentorshipError) for outcome in outcomes) == 9, outcomes
    assert Pairing.objects.filter(mentor=asked).count() == 1
    assert MentorshipRequest.objects.filter(status="accepted").count() == 1
    assert MentorshipRequest.objects.filter(status="pending").count() == 9
