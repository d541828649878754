"""A poster's page: the preview (zoomable with the static script, linked at full size without
it), the abstract, the narration, meet-the-presenter times, and files only for attendees and
staff, never cached by a shared cache."""

from datetime import date
from urllib.request import urlopen

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from meetings.posters.engagement_models import PosterOpenDay, PosterReader
from meetings.tournament.models import Action, PointEvent
from meetings.virtual.models import EmbedHost
from tests.conftest import sign_in_with_two_factor
from tests.factories import UserFactory
from tests.factories.abstracts import AbstractFactory
from tests.factories.posterqa import PDF_BYTES, PosterWithFilesFactory, PresenterSlotFactory
from tests.factories.virtual import (
    PointRuleFactory,
    PosterFactory,
    TournamentFactory,
    VirtualMeetingFactory,
    attendee_of,
)


@pytest.fixture
def meeting(db):
    return VirtualMeetingFactory()


@pytest.fixture
def poster(meeting):
    return PosterWithFilesFactory(meeting=meeting, title="IFN-lambda in the gut")


@pytest.fixture
def attendee(meeting):
    return attendee_of(meeting)


def page(client, poster):
    return client.get(reverse("posters:detail", args=[poster.meeting.slug, poster.pk]))


def test_without_javascript_the_preview_is_shown_and_linked_at_full_size(client, attendee, poster):
    client.force_login(attendee)
    html = page(client, poster).content.decode()

    preview = reverse("posters:preview", args=[poster.meeting.slug, poster.pk, "png"])
    assert f'<a href="{preview}" data-zoom-link><img src="{preview}"' in html
    assert "Open the poster at full size" in html
    assert reverse("posters:file", args=[poster.meeting.slug, poster.pk]) in html
    # The zoom buttons are hidden until the script shows them, and no script is inline.
    assert 'aria-label="Zoom the poster" hidden' in html
    assert "<script>" not in html and "<script " + "src" in html
    assert "/static/js/poster-zoom.js" in html


def test_the_zoom_script_is_served_with_its_keys(live_server):
    assert finders.find("js/poster-zoom.js")
    with urlopen(f"{live_server.url}/static/js/poster-zoom.js") as response:
        assert response.status == 200
        script = response.read().decode()
    for key in ('"+"', '"-"', '"0"', '"ArrowLeft"', '"ArrowUp"', "aria-label"):
        assert key in script


def test_a_poster_without_a_preview_says_so(client, attendee, meeting):
    poster = PosterFactory(meeting=meeting)
    client.force_login(attendee)

    html = page(client, poster).content.decode()

    assert "image is not ready yet" in html
    assert "data-zoom-image" not in html


def test_the_abstract_is_shown_with_its_markup_else_the_summary(client, attendee, meeting):
    abstract = AbstractFactory(title="Ca^{2+} flux", body="CD4^{+} cells rose.")
    with_abstract = PosterFactory(meeting=meeting, abstract=abstract)
    by_hand = PosterFactory(meeting=meeting, summary="A summary written by staff.")
    client.force_login(attendee)

    assert "CD4<sup>+</sup> cells rose." in page(client, with_abstract).content.decode()
    assert "A summary written by staff." in page(client, by_hand).content.decode()


def test_a_narration_is_a_player_only_from_an_approved_host(client, attendee, meeting):
    EmbedHost.objects.create(host="player.example.org", name="Example player")
    played = PosterFactory(meeting=meeting, narration_url="https://player.example.org/v/1")
    linked = PosterFactory(meeting=meeting, narration_url="https://elsewhere.example.com/a")
    client.force_login(attendee)

    response = page(client, played)
    assert '<iframe src="https://player.example.org/v/1"' in response.content.decode()
    assert "https://player.example.org" in response["Content-Security-Policy"]

    response = page(client, linked)
    html = response.content.decode()
    assert "<iframe" not in html
    assert 'href="https://elsewhere.example.com/a"' in html
    assert "elsewhere.example.com" not in response["Content-Security-Policy"]


def test_meet_the_presenter_times_are_listed(client, attendee, poster):
    PresenterSlotFactory(poster=poster, where="Video room Fictional")
    client.force_login(attendee)

    assert "Video room Fictional" in page(client, poster).content.decode()


def test_an_attendee_opening_a_poster_scores_once_and_is_counted_without_a_name(
    client, attendee, poster
):
    PointRuleFactory(
        tournament=TournamentFactory(meeting=poster.meeting), action=Action.POSTER_OPEN
    )
    client.force_login(attendee)

    page(client, poster)
    page(client, poster)

    assert PointEvent.objects.filter(user=attendee, action=Action.POSTER_OPEN).count() == 1
    day = PosterOpenDay.objects.get(poster=poster)
    assert (day.day, day.opens) == (date.today(), 2)
    # One reader row, holding a digest that differs from poster to poster: no account.
    reader = PosterReader.objects.get(poster=poster).reader
    other = PosterFactory(meeting=poster.meeting)
    page(client, other)
    assert PosterReader.objects.get(poster=other).reader != reader
    assert {f.name for f in PosterReader._meta.get_fields()} == {"id", "poster", "reader"}


def test_staff_looking_at_a_poster_score_and_count_nothing(client, poster, staff_user_2fa):
    sign_in_with_two_factor(client, staff_user_2fa)

    assert page(client, poster).status_code == 200
    assert not PosterOpenDay.objects.exists()
    assert not PointEvent.objects.exists()


FILES = [
    ("posters:preview", ["png"]),
    ("posters:thumbnail", []),
    ("posters:file", []),
]


@pytest.mark.parametrize("name,extra", FILES)
def test_files_are_refused_to_anyone_not_attending(client, poster, name, extra):
    url = reverse(name, args=[poster.meeting.slug, poster.pk, *extra])

    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("name,extra", FILES)
def test_files_reach_attendees_privately(client, attendee, poster, name, extra):
    client.force_login(attendee)

    response = client.get(reverse(name, args=[poster.meeting.slug, poster.pk, *extra]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    if name == "posters:file":
        assert body == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert 'attachment; filename="my-poster.pdf"' in response["Content-Disposition"]
    else:
        assert body.startswith(b"\x89PNG")
        assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("name,extra", FILES)
def test_a_missing_file_is_not_found(client, attendee, meeting, name, extra):
    poster = PosterFactory(meeting=meeting)
    client.force_login(attendee)

    assert client.get(reverse(name, args=[meeting.slug, poster.pk, *extra])).status_code == 404


def test_a_preview_asked_with_another_extension_is_not_found(client, attendee, poster):
    client.force_login(attendee)

    url = reverse("posters:preview", args=[poster.meeting.slug, poster.pk, "jpeg"])
    assert client.get(url).status_code == 404


def test_a_hidden_poster_or_one_of_another_meeting_is_not_found(client, attendee, meeting):
    hidden = PosterFactory(meeting=meeting, is_shown=False)
    elsewhere = PosterWithFilesFactory()
    client.force_login(attendee)

    assert page(client, hidden).status_code == 404
    url = reverse("posters:file", args=[meeting.slug, elsewhere.pk])
    assert client.get(url).status_code == 404
