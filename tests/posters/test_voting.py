"""Best-poster voting: one final vote per attendee and category, none after closing, results
to staff until released; and the staff's engagement counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.posters import qa_services
from meetings.posters.engagement_models import PosterVote
from meetings.posters.qa_exceptions import PosterQAError
from tests.concurrency import race
from tests.conftest import sign_in_with_two_factor
from tests.factories.posterqa import PosterQuestionFactory, PosterVoteFactory, VoteCategoryFactory
from tests.factories.virtual import PosterFactory, VirtualMeetingFactory, attendee_of
from tests.posters.helpers import posters_many
from tests.querycount import assert_queries_at_sizes


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory()


@pytest.fixture
def category(meeting):
    return VoteCategoryFactory(meeting=meeting, name="Best trainee poster")


def vote_url(meeting):
    return reverse("posters:vote", args=[meeting.slug])


def cast(client, category, poster):
    return client.post(vote_url(category.meeting), {"category": category.pk, "poster": poster.pk})


def test_an_attendee_votes_once_and_the_vote_is_final(client, meeting, category):
    first, second = PosterFactory(meeting=meeting), PosterFactory(meeting=meeting)
    attendee = attendee_of(meeting)
    client.force_login(attendee)

    assert cast(client, category, first).status_code == 302
    response = cast(client, category, second)

    assert "You have already voted in this category." in response.content.decode()
    assert list(PosterVote.objects.values_list("poster", flat=True)) == [first.pk]
    page = client.get(vote_url(meeting)).content.decode()
    assert f"You voted for {first.board_number}" in page


def test_a_vote_in_each_category(client, meeting, category):
    other = VoteCategoryFactory(meeting=meeting, name="Best translational poster")
    poster = PosterFactory(meeting=meeting)
    client.force_login(attendee_of(meeting))

    cast(client, category, poster)
    cast(client, other, poster)

    assert PosterVote.objects.count() == 2


def test_only_chosen_posters_compete(client, meeting, category):
    chosen, left_out = PosterFactory(meeting=meeting), PosterFactory(meeting=meeting)
    category.posters.add(chosen)
    client.force_login(attendee_of(meeting))

    response = cast(client, category, left_out)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not PosterVote.objects.exists()


def test_a_closed_category_refuses_votes_in_place(client, meeting):
    closed = VoteCategoryFactory(meeting=meeting, closes_at=timezone.now() - timedelta(minutes=1))
    poster = PosterFactory(meeting=meeting)
    client.force_login(attendee_of(meeting))

    page = client.get(vote_url(meeting)).content.decode()
    assert "Voting has closed." in page and 'name="category"' not in page

    response = cast(client, closed, poster)
    assert response.status_code == 200
    assert "Voting in this category has closed." in response.content.decode()
    assert not PosterVote.objects.exists()


def test_staff_do_not_vote(client, meeting, category, staff_user_2fa):
    sign_in_with_two_factor(client, staff_user_2fa)

    assert cast(client, category, PosterFactory(meeting=meeting)).status_code == 403


@pytest.mark.parametrize(
    "data", [{}, {"category": "x"}, {"category": "99999999"}, {"category": "²", "poster": "1"}]
)
def test_a_bad_vote_is_never_a_server_error(client, meeting, category, data):
    client.force_login(attendee_of(meeting))

    assert client.post(vote_url(meeting), data).status_code == 404


def test_results_only_to_staff_until_released(client, meeting, category, staff_user_2fa):
    poster = PosterFactory(meeting=meeting, title="The winning poster")
    PosterVoteFactory(category=category, poster=poster)
    PosterVoteFactory(category=category, poster=poster)
    attendee = attendee_of(meeting)

    client.force_login(attendee)
    assert "<h3>Results" not in client.get(vote_url(meeting)).content.decode()

    sign_in_with_two_factor(client, staff_user_2fa)
    page = client.get(vote_url(meeting)).content.decode()
    assert "Results (staff only until released)" in page
    assert "The winning poster</td><td>2</td>" in page

    category.results_released = True
    category.save()
    client.force_login(attendee)
    page = client.get(vote_url(meeting)).content.decode()
    assert "The winning poster</td><td>2</td>" in page


@pytest.mark.django_db(transaction=True)
def test_two_votes_at_the_same_moment_store_one():
    category = VoteCategoryFactory()
    first = PosterFactory(meeting=category.meeting)
    second = PosterFactory(meeting=category.meeting)
    voter = attendee_of(category.meeting)

    outcomes = race(
        [
            lambda: qa_services.vote_cast(category=category, voter=voter, poster=first),
            lambda: qa_services.vote_cast(category=category, voter=voter, poster=second),
        ]
    )

    assert sum(isinstance(o, PosterVote) for o in outcomes) == 1
    assert sum(isinstance(o, PosterQAError) for o in outcomes) == 1
    assert PosterVote.objects.count() == 1


def test_the_vote_page_runs_the_same_queries_for_few_and_many_posters(client, meeting, category):
    VoteCategoryFactory(meeting=meeting)
    client.force_login(attendee_of(meeting))

    def action():
        assert client.get(vote_url(meeting)).status_code == 200

    assert_queries_at_sizes(
        expected=9, grow=lambda n: posters_many(meeting, n), action=action, sizes=(3, 297)
    )


def test_staff_see_engagement_counts_attendees_do_not(client, meeting, category, staff_user_2fa):
    poster = PosterFactory(meeting=meeting, title="A much-read poster")
    PosterQuestionFactory(poster=poster)
    PosterVoteFactory(category=category, poster=poster)
    engagement = reverse("posters:engagement", args=[meeting.slug])
    for attendee in (attendee_of(meeting), attendee_of(meeting)):
        client.force_login(attendee)
        client.get(reverse("posters:detail", args=[meeting.slug, poster.pk]))
    client.get(reverse("posters:detail", args=[meeting.slug, poster.pk]))

    assert client.get(engagement).status_code == 403

    sign_in_with_two_factor(client, staff_user_2fa)
    page = client.get(engagement).content.decode()
    # 3 opens, 2 attendees, 1 question, 1 vote.
    assert "A much-read poster</a></td><td>3</td><td>2</td><td>1</td><td>1</td>" in page


def test_the_engagement_page_runs_the_same_queries_for_few_and_many_posters(
    client, meeting, staff_user_2fa
):
    sign_in_with_two_factor(client, staff_user_2fa)
    url = reverse("posters:engagement", args=[meeting.slug])

    def action():
        assert client.get(url).status_code == 200

    assert_queries_at_sizes(
        expected=5, grow=lambda n: posters_many(meeting, n), action=action, sizes=(3, 297)
    )
