"""The hall lists the booths by tier; a booth's page opens to attendees, staff and its own
booth staff; an attendee's visit is counted (never who) and scores once."""

import pytest
from django.urls import reverse

from meetings.exhibitors.models import BoothVisitDay
from meetings.tournament.models import Action, PointEvent
from tests.factories.accounts import UserFactory
from tests.factories.exhibitors import BoothFactory, booth_staff_of
from tests.factories.meetings import SponsorTierFactory
from tests.factories.virtual import PointRuleFactory, TournamentFactory, attendee_of
from tests.querycount import assert_queries_at_sizes

from .conftest import attendees_add

pytestmark = pytest.mark.django_db

HALL_QUERIES = 5


def _hall(meeting):
    return reverse("exhibitors:hall", kwargs={"slug": meeting.slug})


def _booth(booth):
    return reverse(
        "exhibitors:booth", kwargs={"slug": booth.sponsor.meeting.slug, "booth_id": booth.pk}
    )


def test_the_hall_lists_booths_by_tier_rank_with_their_short_text(client, meeting, attendee):
    gold = SponsorTierFactory(meeting=meeting, name="Gold", rank=10)
    platinum = SponsorTierFactory(meeting=meeting, name="Platinum", rank=1)
    BoothFactory(meeting=meeting, tier=gold, name="Gold Example (fictional)")
    BoothFactory(
        meeting=meeting,
        tier=platinum,
        name="Platinum Example (fictional)",
        description="Antibodies and assays.",
    )
    BoothFactory(meeting=meeting, tier=gold, name="Hidden (fictional)", is_listed=False)
    client.force_login(attendee)

    page = client.get(_hall(meeting)).content.decode()

    assert page.index("Platinum") < page.index("Platinum Example") < page.index("Gold")
    assert page.index("Gold") < page.index("Gold Example (fictional)")
    assert "Antibodies and assays." in page
    assert "Hidden (fictional)" not in page


def test_the_hall_runs_the_same_queries_for_2_and_20_booths_among_1100_attendees(
    client, meeting, attendee
):
    attendees_add(meeting, 1100)
    tiers = [SponsorTierFactory(meeting=meeting, rank=rank) for rank in (1, 2, 3)]
    client.force_login(attendee)

    def grow(n: int) -> None:
        BoothFactory.create_batch(n // 2, meeting=meeting, tier=tiers[n % 3])
        BoothFactory.create_batch(n - n // 2, meeting=meeting, tier=None)

    def action():
        response = client.get(_hall(meeting))
        assert response.status_code == 200

    assert_queries_at_sizes(expected=HALL_QUERIES, grow=grow, action=action, sizes=(2, 18))
    assert client.get(_hall(meeting)).content.decode().count('class="card"') == 20


def test_each_open_is_counted_but_points_score_once_and_no_visitor_is_kept(client, meeting, booth):
    PointRuleFactory(tournament=TournamentFactory(meeting=meeting), action=Action.BOOTH_VISIT)
    first, second = attendee_of(meeting), attendee_of(meeting)
    for person, opens in ((first, 3), (second, 1)):
        client.force_login(person)
        for _ in range(opens):
            assert client.get(_booth(booth)).status_code == 200

    assert BoothVisitDay.objects.get(booth=booth).visits == 4
    assert [f.name for f in BoothVisitDay._meta.get_fields()] == ["id", "booth", "day", "visits"]
    events = PointEvent.objects.filter(action=Action.BOOTH_VISIT)
    assert sorted(events.values_list("user", flat=True)) == sorted([first.pk, second.pk])
    assert set(events.values_list("object_key", flat=True)) == {f"exhibitors.booth:{booth.pk}"}


def test_staff_look_without_counting_or_scoring(admin_client_2fa, meeting, booth):
    PointRuleFactory(tournament=TournamentFactory(meeting=meeting), action=Action.BOOTH_VISIT)
    assert admin_client_2fa.get(_booth(booth)).status_code == 200
    assert not BoothVisitDay.objects.exists()
    assert not PointEvent.objects.exists()


def test_booth_staff_enter_their_own_booth_only(client, meeting, booth):
    other = BoothFactory(meeting=meeting)
    staffer = booth_staff_of(booth)
    client.force_login(staffer)

    own = client.get(_booth(booth))
    assert own.status_code == 200
    assert b"Contact requests for this booth" in own.content
    assert b"Ask to be contacted" not in own.content
    assert client.get(_booth(other)).status_code == 403
    assert client.get(_hall(meeting)).status_code == 403
    assert not BoothVisitDay.objects.exists()


def test_people_without_a_place_are_refused_and_unknown_booths_are_not_found(
    client, meeting, booth, attendee
):
    client.force_login(UserFactory())
    assert client.get(_booth(booth)).status_code == 403
    client.force_login(attendee)
    missing = reverse("exhibitors:booth", kwargs={"slug": meeting.slug, "booth_id": 999999})
    assert client.get(missing).status_code == 404
    elsewhere = BoothFactory()  # a booth of another meeting
    wrong = reverse("exhibitors:booth", kwargs={"slug": meeting.slug, "booth_id": elsewhere.pk})
    assert client.get(wrong).status_code == 404


def test_a_video_is_embedded_only_from_an_approved_host(client, meeting, attendee):
    from meetings.virtual.models import EmbedHost

    EmbedHost.objects.create(host="player.example.org", name="Example player")
    approved = BoothFactory(meeting=meeting, video_url="https://player.example.org/v/1")
    other = BoothFactory(meeting=meeting, video_url="https://video.example.com/v/2")
    client.force_login(attendee)

    embedded = client.get(_booth(approved))
    assert b'<iframe class="video-frame" src="https://player.example.org/v/1"' in embedded.content
    assert "https://player.example.org" in embedded["Content-Security-Policy"]
    linked = client.get(_booth(other))
    assert b"<iframe" not in linked.content
    assert b'href="https://video.example.com/v/2"' in linked.content
    assert "video.example.com" not in linked["Content-Security-Policy"]
