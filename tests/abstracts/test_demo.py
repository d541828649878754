"""After the demo loads, the example meeting has an open call and Cytokines 2021 a closed one
with its fictional abstracts reviewed, decided and released: oral abstracts are talks in the
program, posters have boards on the public list. Loading it again changes nothing."""

from collections import Counter

import pytest
from django.core.management import call_command

from icis.mail.models import OutboundEmail
from meetings.abstracts.models import (
    Abstract,
    AbstractCall,
    AbstractReview,
    AbstractScore,
    AbstractTopic,
)
from meetings.models import Talk, TalkSpeaker
from tests.conftest import sign_in_with_two_factor

pytestmark = pytest.mark.django_db


def _load():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _snapshot():
    return (
        AbstractCall.objects.count(),
        AbstractTopic.objects.count(),
        Abstract.objects.count(),
        AbstractReview.objects.count(),
        AbstractScore.objects.count(),
        Talk.objects.count(),
        TalkSpeaker.objects.count(),
        OutboundEmail.objects.count(),
        sorted(Abstract.objects.exclude(board_number="").values_list("board_number", flat=True)),
    )


def test_the_demo_has_an_open_call_and_the_2021_call_closed(client, demo_content):
    open_page = client.get("/meetings/example-meeting/abstracts/").content.decode()
    assert "The call is open until" in open_page
    assert "Interferons and antiviral immunity" in open_page
    closed_page = client.get("/meetings/cytokines-2021/abstracts/").content.decode()
    assert "The call for abstracts is closed." in closed_page
    assert "Friday 16 July 2021, 23:59 BST" in closed_page

    _load()
    assert (AbstractCall.objects.count(), AbstractTopic.objects.count()) == (2, 8)


def test_the_2021_call_is_judged_decided_and_released(demo_content):
    call = AbstractCall.objects.get(meeting__slug="cytokines-2021")
    abstracts = list(call.abstracts.select_related("topic"))

    assert len(abstracts) == 30
    assert len({abstract.topic_id for abstract in abstracts}) == 4
    assert all(abstract.status == Abstract.Status.SUBMITTED for abstract in abstracts)
    reviews = AbstractReview.objects.filter(abstract__call=call)
    assert reviews.count() == 30 * call.reviews_per_abstract
    assert not reviews.filter(submitted_at__isnull=True).exists()
    assert all(abstract.decision_released_at for abstract in abstracts)
    assert Counter(abstract.decision for abstract in abstracts) == {
        "oral": 6,
        "poster": 18,
        "reject": 4,
        "waitlist": 2,
    }
    # The scores differ, so the ranking means something.
    assert len(set(reviews.values_list("weighted_score", flat=True))) > 5
    # Each reviewer judged only abstracts of their topics.
    for review in reviews.select_related("abstract"):
        member = call.panel.get(reviewer_id=review.reviewer_id)
        assert review.abstract.topic_id in set(member.topics.values_list("pk", flat=True))
    # One decision email to each submitter, waiting in the outbox like any other.
    decided = OutboundEmail.objects.filter(template="abstracts/email/decision")
    assert sorted(decided.values_list("to_email", flat=True)) == sorted(
        abstract.submitter.email for abstract in abstracts
    )


def test_oral_abstracts_are_talks_in_the_program_with_their_presenter(client, demo_content):
    orals = Abstract.objects.filter(decision="oral").select_related("talk__session")
    program = client.get("/meetings/cytokines-2021/program/").content.decode()

    assert len(orals) == 6
    for abstract in orals:
        presenter = abstract.authors.get(is_presenting=True)
        assert abstract.talk.session == abstract.oral_session
        assert [person.name for person in abstract.talk.speakers.all()] == [presenter.name]
        assert abstract.talk.title in program
        assert presenter.name in program
    assert "Tonic IFN-β primes lung epithelium for a faster IFN-λ response" in program


def test_posters_have_unique_boards_on_the_public_list(client, demo_content):
    posters = list(Abstract.objects.filter(decision="poster"))
    boards = [abstract.board_number for abstract in posters]
    page = client.get("/meetings/cytokines-2021/abstracts/accepted/").content.decode()

    assert len(posters) == 18
    assert all(boards) and len(set(boards)) == 18
    for board in boards:
        assert board in page
    assert "NLRP3 activation and IL-1β release by K<sup>+</sup> efflux" in page
    for abstract in Abstract.objects.filter(decision__in=["reject", "waitlist"]):
        assert abstract.board_number == "" and abstract.talk_id is None


def test_the_ranking_page_ranks_the_2021_call(client, staff_user_2fa, demo_content):
    call = AbstractCall.objects.get(meeting__slug="cytokines-2021")
    sign_in_with_two_factor(client, staff_user_2fa)
    page = client.get(f"/admin/abstracts/abstractcall/{call.pk}/ranking/").content.decode()

    topics = [topic.name for topic in call.topics.all()]
    assert [page.index(name) for name in topics] == sorted(page.index(name) for name in topics)
    # In its topic, the best-scored abstract (an oral) is above the worst (not accepted).
    best = page.index("Tonic IFN-β primes lung epithelium for a faster IFN-λ response")
    worst = page.index("Interferon signatures in nasal swabs: a pilot comparison")
    assert page.index(topics[0]) < best < worst < page.index(topics[1])


def test_loading_the_demo_twice_changes_nothing(demo_content):
    before = _snapshot()
    _load()

    assert _snapshot() == before
