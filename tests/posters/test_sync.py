"""Posters from accepted abstracts: one per released poster decision, made once however
often the sync runs; held, rejected and oral decisions get none; a withdrawn abstract's poster
leaves the gallery and frees its board."""

import pytest

from meetings.abstracts import services as abstract_services
from meetings.abstracts.models import Abstract
from meetings.posters import syncing
from meetings.posters.models import Poster, PosterSettings
from tests.abstracts.published import published_abstract
from tests.factories import UserFactory
from tests.factories.virtual import PosterFactory

Decision = Abstract.Decision


@pytest.mark.django_db
def test_released_poster_abstracts_become_posters_once(call):
    ada = UserFactory(email="ada.okafor@example.org")
    accepted = published_abstract(
        call,
        title="IL-1\u03b2 drives IFN-\u03b3 in T_{H}1 cells",
        board_number="P1-3",
        authors=(("Bram de Vries", [2], False), ("Ada Okafor", [2, 1], True)),
    )
    accepted.authors.filter(is_presenting=True).update(user=ada)
    held = published_abstract(call, title="Held back", board_number="P1-4")
    Abstract.objects.filter(pk=held.pk).update(decision_released_at=None)
    published_abstract(call, title="Rejected", decision=Decision.REJECT)
    published_abstract(call, title="A talk", decision=Decision.ORAL)

    first = syncing.posters_sync(meeting_id=call.meeting_id)
    again = syncing.posters_sync(meeting_id=call.meeting_id)

    assert (first.created, again.created) == (1, 0)
    poster = Poster.objects.get(meeting=call.meeting)
    assert poster.abstract == accepted
    assert poster.title == "IL-1\u03b2 drives IFN-\u03b3 in TH1 cells"
    assert poster.topic == "Interferons and antiviral immunity"
    assert poster.board_number == "P1-3"
    assert poster.presenter == ada
    assert poster.presenter_name == "Ada Okafor"
    assert poster.presenter_affiliation == "Cytokine Unit, Leiden"  # her first affiliation
    assert poster.is_shown
    assert PosterSettings.objects.filter(meeting=call.meeting).exists()


@pytest.mark.django_db
def test_without_a_presenting_account_the_submitter_uploads(call):
    abstract = published_abstract(call, board_number="P1-1")

    syncing.posters_sync(meeting_id=call.meeting_id)

    assert Poster.objects.get(abstract=abstract).presenter == abstract.submitter


@pytest.mark.django_db
def test_staff_changes_are_kept_when_the_sync_runs_again(call):
    published_abstract(call, board_number="P1-1")
    syncing.posters_sync(meeting_id=call.meeting_id)
    Poster.objects.update(title="Shorter title, as staff set it")

    syncing.posters_sync(meeting_id=call.meeting_id)

    assert Poster.objects.get().title == "Shorter title, as staff set it"


@pytest.mark.django_db
def test_a_withdrawn_abstract_hides_its_poster_and_frees_the_board(call):
    abstract = published_abstract(call, board_number="P1-1")
    syncing.posters_sync(meeting_id=call.meeting_id)

    abstract_services.abstract_withdraw(abstract_id=abstract.pk, user=abstract.submitter)
    result = syncing.posters_sync(meeting_id=call.meeting_id)
    # The call gives the freed board to the next poster it accepts.
    published_abstract(call, title="Next on the board", board_number="P1-1")
    later = syncing.posters_sync(meeting_id=call.meeting_id)

    assert result.hidden == 1 and later.created == 1
    withdrawn = Poster.objects.get(abstract=abstract)
    assert (withdrawn.is_shown, withdrawn.board_number) == (False, "")
    assert Poster.objects.get(title="Next on the board").board_number == "P1-1"


@pytest.mark.django_db
def test_a_board_a_hand_made_poster_holds_is_not_taken_twice(call):
    PosterFactory(meeting=call.meeting, board_number="P1-1", title="Added by hand")
    abstract = published_abstract(call, board_number="P1-1")

    result = syncing.posters_sync(meeting_id=call.meeting_id)

    assert result.created == 1
    assert Poster.objects.get(abstract=abstract).board_number == ""
    assert f"Board P1-1 is taken, so {abstract.number} was added without one." in str(result)


@pytest.mark.django_db
def test_the_periodic_task_syncs_virtual_meetings_with_released_posters(call):
    published_abstract(call, board_number="P1-1")
    from meetings.posters.tasks import sync_posters

    assert sync_posters() == 1
    assert sync_posters() == 0


@pytest.mark.django_db
def test_the_schedule_is_installed():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="meetings.posters.tasks.sync_posters")
    assert task.interval.every == 15 and task.enabled


@pytest.mark.django_db
def test_staff_make_the_posters_from_the_admin(call, admin_client_2fa):
    published_abstract(call, board_number="P1-2", title="Made by staff")

    page = admin_client_2fa.get("/admin/posters/poster/")
    assert "Make posters from accepted abstracts" in page.content.decode()
    response = admin_client_2fa.post(
        "/admin/posters/poster/sync/", {"meeting": call.meeting_id}, follow=True
    )

    assert "1 poster(s) added" in response.content.decode()
    assert Poster.objects.get().title == "Made by staff"
