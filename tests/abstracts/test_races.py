"""Submitting at the same moment in several tabs, as double clicks do: the call's limits hold."""

import pytest

from meetings.abstracts import services
from meetings.abstracts.exceptions import Refused
from meetings.abstracts.models import Abstract
from tests.abstracts.conftest import content_for
from tests.concurrency import race
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_one_presenter_at_the_limit_in_five_tabs_at_once_presents_once(call):
    call.max_per_presenter = 1
    call.save()
    submitters = [UserFactory() for _ in range(5)]

    def submit(user, number):
        return services.abstract_save(
            call_id=call.pk,
            user=user,
            content=content_for(call, title=f"IL-1\u03b2 study {number}"),
            submit=True,
        )

    outcomes = race([lambda u=u, n=n: submit(u, n) for n, u in enumerate(submitters)])

    assert sum(isinstance(o, Abstract) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Refused) for o in outcomes) == 4, outcomes
    assert Abstract.objects.filter(status=Abstract.Status.SUBMITTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_title_saved_in_two_tabs_at_once_makes_one_abstract(call, submitter):
    outcomes = race(
        [
            lambda: services.abstract_save(
                call_id=call.pk, user=submitter, content=content_for(call)
            )
            for _ in range(2)
        ]
    )
    assert sum(isinstance(o, Abstract) for o in outcomes) == 1, outcomes
    assert Abstract.objects.filter(submitter=submitter).count() == 1
