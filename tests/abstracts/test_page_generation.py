"""Anonymous pages show only published abstracts, so the page cache keeps them while authors
write drafts: a draft's save (its authors, its affiliations) moves only the number signed-in
pages follow. Whatever an anonymous page can show moves the public number too: a release, an
edit of a published abstract or its authors, a withdrawal, a delete, a TRUNCATE."""

import pytest
from django.db import connection
from django.utils import timezone

from icis.core import pagegeneration
from meetings.abstracts import review_services, services
from meetings.abstracts.models import Abstract, Affiliation, Author
from tests.abstracts.conftest import content_for
from tests.abstracts.published import published_abstract
from tests.abstracts.reviewing import submitted

pytestmark = pytest.mark.django_db(transaction=True)


class Moves:
    """How far each number moved since it was made."""

    def __init__(self):
        self.start = pagegeneration.current_pair()

    @property
    def now(self) -> tuple[int, int]:
        n, p = pagegeneration.current_pair()
        return n - self.start[0], p - self.start[1]


def test_a_draft_save_keeps_the_public_pages_and_moves_the_private_number(call, submitter):
    moves = Moves()
    draft = services.abstract_save(
        call_id=call.pk, user=submitter, content=content_for(call, title="First words")
    )
    assert moves.now == (0, 1)
    for title in ("Second words", "Third words"):  # the authors and affiliations are rewritten
        services.abstract_save(
            call_id=call.pk,
            user=submitter,
            abstract_id=draft.pk,
            content=content_for(call, title=title),
        )
    assert moves.now == (0, 3)
    Author.objects.filter(abstract=draft).update(name="Ada O.")
    Affiliation.objects.filter(abstract=draft).delete()
    assert moves.now == (0, 5)


def test_a_bulk_update_of_drafts_keeps_the_public_pages(call):
    drafts = [submitted(call) for _ in range(3)]
    submitted(call)  # submitted, not decided: not public either
    Abstract.objects.filter(pk__in=[d.pk for d in drafts]).update(status=Abstract.Status.DRAFT)
    moves = Moves()
    assert Abstract.objects.filter(status=Abstract.Status.DRAFT).update(title="Renamed") == 3
    assert Abstract.objects.filter(call=call).update(keywords="interferon") == 4
    assert moves.now == (0, 2)


def test_releasing_an_acceptance_moves_the_public_number_recording_it_does_not(
    call, staff_user_2fa
):
    abstract = submitted(call)
    moves = Moves()
    review_services.decision_record(
        abstract_id=abstract.pk, decision=Abstract.Decision.POSTER, actor=staff_user_2fa
    )
    assert moves.now == (0, 1)  # held: only the office sees it
    review_services.decisions_release(call=call, actor=staff_user_2fa)
    assert moves.now[0] >= 1


def test_editing_a_published_abstract_or_its_authors_moves_the_public_number(call):
    abstract = published_abstract(call)
    moves = Moves()
    Abstract.objects.filter(pk=abstract.pk).update(title="A clearer title")
    assert moves.now == (1, 1)
    Author.objects.filter(abstract=abstract, position=2).update(name="Bram de Vries-Okafor")
    assert moves.now == (2, 2)
    Affiliation.objects.filter(abstract=abstract, number=2).update(name="Cytokine Unit, Utrecht")
    assert moves.now == (3, 3)
    Author.objects.filter(abstract=abstract, position=2).delete()
    assert moves.now == (4, 4)


def test_recording_a_reminder_keeps_the_public_pages(call):
    abstract = published_abstract(call)
    draft = submitted(call)
    moves = Moves()
    Abstract.objects.filter(pk=abstract.pk).update(presenter_reminded_at=timezone.now())
    Abstract.objects.filter(pk=draft.pk).update(reminder_sent_at=timezone.now())
    assert moves.now == (0, 2)  # the private number follows every column (IGNORED_UPDATES)
    Abstract.objects.filter(pk=abstract.pk).update(title="Still public, renamed")
    assert moves.now == (1, 3)


def test_a_published_abstract_leaving_the_public_list_moves_the_public_number(call):
    withdrawn, unreleased, deleted = (published_abstract(call) for _ in range(3))
    moves = Moves()
    services.abstract_withdraw(abstract_id=withdrawn.pk, user=withdrawn.submitter)
    assert moves.now[0] == 1
    Abstract.objects.filter(pk=unreleased.pk).update(decision_released_at=None)
    assert moves.now[0] == 2
    Abstract.objects.filter(pk=deleted.pk).delete()
    assert moves.now[0] == 3
    # A withdrawn abstract is on no public page: staff correcting it later move nothing public.
    Abstract.objects.filter(pk=withdrawn.pk).update(title="Withdrawn, renamed")
    assert moves.now[0] == 3


def test_a_truncate_moves_the_public_number(call):
    submitted(call)
    moves = Moves()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Author._meta.db_table}")
    assert moves.now[0] == 1


def test_an_install_over_the_trigger_that_moved_both_numbers_for_every_draft_replaces_it(call):
    """A database made before drafts kept the public pages gets the new trigger on migrate."""
    table = Author._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {pagegeneration.TRIGGER} ON {table}")
        cursor.execute(
            f"CREATE CONSTRAINT TRIGGER {pagegeneration.TRIGGER} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION {pagegeneration.FUNCTION}()"
        )
    draft = submitted(call)
    Abstract.objects.filter(pk=draft.pk).update(status=Abstract.Status.DRAFT)
    moves = Moves()
    Author.objects.filter(abstract=draft).update(name="Ada O.")
    assert moves.now[0] == 1  # the old trigger
    assert pagegeneration.install() == [table]
    Author.objects.filter(abstract=draft).update(name="Ada Okafor")
    assert moves.now[0] == 2  # install itself starts a new generation, the save does not
