"""The iPoster gallery: shown posters with their thumbnail or a text card, filters that never
fail, and a fixed number of queries however many posters and attendees the meeting has."""

import pytest
from django.urls import reverse

from tests.factories.posterqa import PosterWithFilesFactory
from tests.factories.virtual import PosterFactory, VirtualMeetingFactory, attendee_of
from tests.posters.helpers import attendees_many, posters_many
from tests.querycount import assert_queries_at_sizes


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory()


@pytest.fixture
def attendee_client(client, meeting):
    client.force_login(attendee_of(meeting))
    return client


def gallery(client, meeting, **params):
    return client.get(reverse("posters:gallery", args=[meeting.slug]), params)


def test_the_gallery_lists_shown_posters_with_thumbnail_or_text_card(attendee_client, meeting):
    ready = PosterWithFilesFactory(
        meeting=meeting, title="IFN-lambda in the gut", board_number="P1-1"
    )
    waiting = PosterFactory(
        meeting=meeting,
        title="IL-6 trans-signalling",
        board_number="P2-7",
        presenter_name="Ada Fictional",
        presenter_affiliation="Example University",
    )
    PosterFactory(meeting=meeting, title="A withdrawn poster", is_shown=False)

    page = gallery(attendee_client, meeting).content.decode()

    assert "IFN-lambda in the gut" in page and "IL-6 trans-signalling" in page
    assert "A withdrawn poster" not in page
    assert reverse("posters:thumbnail", args=[meeting.slug, ready.pk]) in page
    assert reverse("posters:thumbnail", args=[meeting.slug, waiting.pk]) not in page
    assert "Board P2-7 · Ada Fictional, Example University" in page
    assert reverse("posters:detail", args=[meeting.slug, waiting.pk]) in page


def test_filters_by_topic_board_presenter_and_words(attendee_client, meeting):
    PosterFactory(meeting=meeting, title="Alpha poster", topic="Interferons", board_number="A-1")
    PosterFactory(
        meeting=meeting,
        title="Beta poster",
        topic="Chemokines",
        board_number="B-2",
        presenter_name="Grace Example",
    )
    PosterFactory(meeting=meeting, title="Gamma poster", topic="Chemokines", board_number="C-3")

    def titles(**params):
        page = gallery(attendee_client, meeting, **params).content.decode()
        return {t for t in ("Alpha poster", "Beta poster", "Gamma poster") if t in page}

    assert titles(topic="Chemokines") == {"Beta poster", "Gamma poster"}
    assert titles(board="b-2") == {"Beta poster"}
    assert titles(presenter="grace") == {"Beta poster"}
    assert titles(q="gamma") == {"Gamma poster"}
    assert titles(q="poster", topic="Interferons") == {"Alpha poster"}
    assert titles(q="nothing-like-this") == set()


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "Not a topic"},
        {"q": "x" * 5000},
        {"q": "tab\there\x1fcontrol"},
        {"board": "\u2028"},
        {"presenter": "%' OR 1=1 --"},
        {"topic": ["a", "b"], "q": ["c", "d"]},
    ],
)
def test_bad_filters_show_an_error_in_place_never_a_server_error(attendee_client, meeting, params):
    PosterFactory(meeting=meeting, title="Alpha poster")

    response = gallery(attendee_client, meeting, **params)

    assert response.status_code == 200
    assert "poster" in response.content.decode()


def test_a_bad_topic_is_reported_and_left_out(attendee_client, meeting):
    PosterFactory(meeting=meeting, title="Alpha poster", topic="Interferons")

    page = gallery(attendee_client, meeting, topic="Not a topic").content.decode()

    assert "Select a valid choice" in page
    assert "Alpha poster" in page


def test_the_gallery_runs_the_same_queries_for_3_and_300_posters_and_1100_attendees(
    attendee_client, meeting
):
    PosterWithFilesFactory(meeting=meeting)
    attendees_many(meeting, 1100)
    url = reverse("posters:gallery", args=[meeting.slug])

    def action():
        response = attendee_client.get(url, {"topic": "Interferons", "q": "STAT1"})
        assert response.status_code == 200

    assert_queries_at_sizes(
        expected=6,
        grow=lambda n: posters_many(meeting, n),
        action=action,
        sizes=(2, 297),
    )
    assert attendee_client.get(url).content.decode().count('class="poster-card"') == 300
