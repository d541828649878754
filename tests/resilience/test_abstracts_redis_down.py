"""Redis stops during the call for abstracts: authors still submit and see their abstracts,
reviewers their list, visitors the published ones; the "received" email waits in the outbox."""

import pytest
from django.urls import reverse

from icis.mail.models import OutboundEmail
from meetings.abstracts.models import Abstract
from tests.abstracts.test_pages import form_data
from tests.factories import AbstractCallFactory, AbstractTopicFactory, UserFactory

from .test_redis_down import own_redis as own_redis  # a fixture


@pytest.mark.django_db(transaction=True)
def test_abstracts_are_submitted_and_read_while_redis_is_down(client, own_redis):
    call = AbstractCallFactory(meeting__slug="cytokines-2027", meeting__name="Cytokines 2027")
    AbstractTopicFactory(call=call)
    author = UserFactory(email="ada@example.org")
    client.force_login(author)

    own_redis.stop()

    submitted = client.post(
        reverse("abstracts:submit", args=[call.meeting.slug]), form_data(call, action="submit")
    )
    pages = [
        reverse("abstracts:call", args=[call.meeting.slug]),
        reverse("abstracts:accepted", args=[call.meeting.slug]),
        reverse("abstracts:mine"),
        reverse("awards:reviews"),
    ]
    assert submitted.status_code == 302
    assert [client.get(page).status_code for page in pages] == [200, 200, 200, 200]
    assert Abstract.objects.get().status == Abstract.Status.SUBMITTED
    assert OutboundEmail.objects.filter(
        to_email="ada@example.org", status=OutboundEmail.Status.QUEUED
    ).exists()
