"""Saving, submitting, changing and withdrawing abstracts; the rules the server holds them to;
the received email and the reminder before the deadline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from meetings.abstracts import services
from meetings.abstracts.exceptions import CallClosed, NotEditable, Refused
from meetings.abstracts.models import Abstract
from meetings.abstracts.services import AuthorEntry
from tests.abstracts.conftest import content_for
from tests.factories import AbstractFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _save(call, user, *, submit=False, abstract=None, now=None, **changes):
    return services.abstract_save(
        call_id=call.pk,
        user=user,
        content=content_for(call, **changes),
        abstract_id=abstract.pk if abstract else None,
        submit=submit,
        now=now,
    )


def _fields(refused: Refused) -> dict:
    found: dict = {}
    for field, message in refused.problems:
        found.setdefault(field, []).append(message)
    return found


def test_a_draft_keeps_greek_letters_markup_and_authors_in_order(call, submitter):
    account = UserFactory(email="bram@example.org")
    abstract = _save(
        call,
        submitter,
        authors=(
            AuthorEntry(name="Ada Okafor", email="ADA@example.org", is_presenting=True),
            AuthorEntry(name="Bram de Vries", email="bram@EXAMPLE.org", affiliation_numbers=(2,)),
        ),
    )
    abstract.refresh_from_db()
    assert abstract.status == Abstract.Status.DRAFT
    assert abstract.title == "IL-1\u03b2 drives IFN-\u03b3 in T_{H}1 cells"
    assert abstract.body == "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+}."
    authors = list(abstract.authors.all())
    assert [(a.position, a.name, a.is_presenting) for a in authors] == [
        (1, "Ada Okafor", True),
        (2, "Bram de Vries", False),
    ]
    assert (authors[0].user, authors[1].user) == (submitter, account)
    assert authors[1].affiliation_numbers == [2]
    assert [a.name for a in abstract.affiliations.all()] == [
        "Institute of Immunology, Cardiff",
        "Virology Unit, Leiden",
    ]
    assert not OutboundEmail.objects.exists()


def test_a_draft_may_be_incomplete_and_over_the_limit(call, submitter):
    abstract = _save(call, submitter, title="", body="x" * 150, authors=(), topic_id=None)
    assert abstract.status == Abstract.Status.DRAFT
    assert len(abstract.body) == 150


def test_submitting_queues_one_received_email_with_a_copy_of_the_abstract(
    call, submitter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        abstract = _save(call, submitter, submit=True)
    assert abstract.status == Abstract.Status.SUBMITTED
    email = OutboundEmail.objects.get()
    assert email.dedupe_key == f"abstract-received:{abstract.pk}"
    assert email.to_email == "ada@example.org"
    assert "IL-1\u03b2 drives IFN-\u03b3 in T_{H}1 cells" in email.body_text
    assert "TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M Ca^{2+}." in email.body_text
    assert "Virology Unit, Leiden" in email.body_text
    _save(call, submitter, abstract=abstract, title="IL-1\u03b2 revised")
    assert OutboundEmail.objects.count() == 1
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["abstract.started", "abstract.submitted", "abstract.revised"]


def test_over_the_limit_says_by_how_much(call, submitter):
    with pytest.raises(Refused) as refused:
        _save(call, submitter, submit=True, body="\u03b2" * 90 + "^{" + "x" * 22 + "}")
    assert _fields(refused.value)["body"] == [
        "The abstract is 112 characters long: 12 over the limit of 100. "
        "Shorten it by 12 characters."
    ]
    assert not Abstract.objects.exists()


def test_exactly_at_the_limit_is_accepted(call, submitter):
    abstract = _save(call, submitter, submit=True, body="\u03b1" * 98 + "^{ok}")
    assert abstract.body_length == 100


def test_submitting_needs_a_presenting_author_with_an_email(call, submitter):
    with pytest.raises(Refused) as refused:
        _save(call, submitter, submit=True, authors=(AuthorEntry(name="Ada Okafor"),))
    assert _fields(refused.value)["authors"] == ["Mark the author who will present the abstract."]
    with pytest.raises(Refused) as refused:
        _save(call, submitter, submit=True, authors=(AuthorEntry(name="Ada", is_presenting=True),))
    assert _fields(refused.value)["authors"] == ["Give the presenting author's email address."]


def test_submitting_needs_the_declarations_the_call_asks_for(call, submitter):
    with pytest.raises(Refused) as refused:
        _save(call, submitter, submit=True, conflicts=" ", publication_consent=False)
    assert set(_fields(refused.value)) == {"conflicts", "publication_consent"}


def test_the_same_title_twice_in_a_call_is_refused_for_the_same_submitter(call, submitter):
    _save(call, submitter, title="IL-1\u03b2  in sepsis")
    with pytest.raises(Refused) as refused:
        _save(call, submitter, title="il-1\u03b2 in SEPSIS")
    assert _fields(refused.value) == {
        "title": ["You already have an abstract with this title in this call."]
    }
    _save(call, UserFactory(), title="IL-1\u03b2 in sepsis")  # someone else may


def test_a_withdrawn_abstracts_title_may_be_used_again(call, submitter):
    first = _save(call, submitter, title="IL-6 in sepsis")
    services.abstract_withdraw(abstract_id=first.pk, user=submitter)
    assert _save(call, submitter, title="IL-6 in sepsis").pk != first.pk


def test_a_presenting_author_presents_at_most_the_calls_number(call, submitter):
    call.max_per_presenter = 1
    call.save()
    other = UserFactory()
    _save(call, other, submit=True, title="First")
    with pytest.raises(Refused) as refused:
        _save(call, submitter, submit=True, title="Second")
    assert (
        "already presents 1 submitted abstract in this call"
        in (_fields(refused.value)["authors"][0])
    )
    # A draft does not count, and saving a draft is not refused.
    assert _save(call, submitter, title="Second").status == Abstract.Status.DRAFT


def test_nothing_is_saved_or_submitted_after_the_call_closes(call, submitter):
    abstract = _save(call, submitter)
    later = call.closes_at + timedelta(seconds=1)
    with pytest.raises(CallClosed):
        _save(call, submitter, abstract=abstract, submit=True, now=later)
    with pytest.raises(CallClosed):
        _save(call, submitter, now=later)
    with pytest.raises(CallClosed):
        _save(call, submitter, now=call.opens_at - timedelta(seconds=1))
    abstract.refresh_from_db()
    assert abstract.status == Abstract.Status.DRAFT


def test_the_late_breaking_window_takes_new_abstracts_marked_late_breaking(call, submitter):
    call.late_breaking_opens_at = call.closes_at + timedelta(days=10)
    call.late_breaking_closes_at = call.closes_at + timedelta(days=20)
    call.save()
    on_time = _save(call, submitter, submit=True, title="On time")
    late = call.late_breaking_opens_at + timedelta(hours=1)
    abstract = _save(call, submitter, submit=True, title="Late", now=late)
    assert abstract.is_late_breaking
    with pytest.raises(CallClosed):  # the regular abstract closed with the regular call
        _save(call, submitter, abstract=on_time, title="On time, changed", now=late)


def test_withdraw_at_any_time_and_then_no_more_changes(call, submitter):
    abstract = _save(call, submitter, submit=True)
    after = call.closes_at + timedelta(days=1)
    services.abstract_withdraw(abstract_id=abstract.pk, user=submitter, now=after)
    abstract.refresh_from_db()
    assert (abstract.status, abstract.withdrawn_at) == (Abstract.Status.WITHDRAWN, after)
    with pytest.raises(NotEditable):
        _save(call, submitter, abstract=abstract)


def test_only_the_submitter_changes_or_withdraws(call, submitter):
    abstract = _save(call, submitter)
    stranger = UserFactory()
    with pytest.raises(NotEditable):
        _save(call, stranger, abstract=abstract)
    with pytest.raises(NotEditable):
        services.abstract_withdraw(abstract_id=abstract.pk, user=stranger)


def test_drafts_are_reminded_once_when_the_call_closes_soon(call, submitter):
    draft = AbstractFactory(call=call, submitter=submitter)
    AbstractFactory(call=call, status=Abstract.Status.SUBMITTED)
    early = call.closes_at - timedelta(days=10)
    assert services.drafts_remind(now=early) == 0
    due = call.closes_at - timedelta(days=2)
    assert services.drafts_remind(now=due) == 1
    assert services.drafts_remind(now=due + timedelta(days=1)) == 0
    email = OutboundEmail.objects.get()
    assert email.to_email == submitter.email
    assert email.dedupe_key.startswith(f"abstract-reminder:{draft.pk}:")
    assert "not submitted" in email.subject
    assert services.drafts_remind(now=call.closes_at + timedelta(minutes=1)) == 0


def test_the_reminder_is_scheduled_on_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="meetings.abstracts.tasks.send_abstract_draft_reminders")
    assert task.enabled and task.crontab is not None


def test_an_erased_account_loses_its_abstracts_but_stays_named_on_others(call, submitter):
    from meetings.abstracts import personal_data

    own = _save(call, submitter)
    theirs = AbstractFactory(call=call)
    AuthorFactory(abstract=theirs, name="Ada Okafor", email="ada@example.org", user=submitter)
    exported = personal_data.account_export(user=submitter)
    assert [a["number"] for a in exported["abstracts"]] == [own.number]
    assert exported["named_as_author"][0]["name"] == "Ada Okafor"

    personal_data.account_erase(user=submitter, now=timezone.now())

    assert not Abstract.objects.filter(pk=own.pk).exists()
    kept = theirs.authors.get()
    assert (kept.name, kept.email, kept.user) == ("Ada Okafor", "", None)


def test_the_beat_task_sends_the_reminders_due(call, submitter):
    from meetings.abstracts.tasks import send_abstract_draft_reminders

    call.closes_at = timezone.now() + timedelta(days=1)
    call.save()
    AbstractFactory(call=call, submitter=submitter)
    assert send_abstract_draft_reminders() == 1
    assert OutboundEmail.objects.get().template == "abstracts/email/reminder"
