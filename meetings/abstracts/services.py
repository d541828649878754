"""Writing abstracts: save a draft, submit, change before the deadline, withdraw; the
reminder before the deadline for drafts. Every rule the server holds an abstract to is here,
checked with the server's clock (whatever a tab opened earlier shows)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue

from . import markup
from .audit import AbstractAction
from .exceptions import CallClosed, NotEditable, Refused
from .models import Abstract, AbstractCall, Affiliation, Author

Status = Abstract.Status


@dataclass(frozen=True)
class AuthorEntry:
    name: str
    email: str = ""
    affiliation_numbers: tuple[int, ...] = ()
    is_presenting: bool = False


@dataclass(frozen=True)
class AbstractContent:
    """What the submitter writes: already bounded by the form (lengths, numbers of rows)."""

    title: str = ""
    topic_id: int | None = None
    preference: str = ""
    body: str = ""
    keywords: str = ""
    conflicts: str = ""
    publication_consent: bool = False
    authors: tuple[AuthorEntry, ...] = ()
    affiliations: tuple[str, ...] = ()


def title_key(title: str) -> str:
    """Two titles are the same when they differ only in case, spacing or markup."""
    return " ".join(markup.plain(title).casefold().split())


def _grouped(number: int) -> str:
    return f"{number:,}"


def body_limit_problem(call: AbstractCall, body: str) -> str | None:
    length = markup.text_length(body)
    if length <= call.body_limit:
        return None
    return (
        f"The abstract is {_grouped(length)} characters long: {_grouped(length - call.body_limit)} "
        f"over the limit of {_grouped(call.body_limit)}. Shorten it by "
        f"{_grouped(length - call.body_limit)} characters."
    )


def _presenter(content: AbstractContent) -> AuthorEntry | None:
    return next((author for author in content.authors if author.is_presenting), None)


def _duplicate_title(call: AbstractCall, *, user, title: str, abstract_id: int | None) -> bool:
    key = title_key(title)
    if not key:
        return False
    others = Abstract.objects.filter(call=call, submitter=user).exclude(status=Status.WITHDRAWN)
    if abstract_id is not None:
        others = others.exclude(pk=abstract_id)
    return any(title_key(other) == key for other in others.values_list("title", flat=True))


def _presenting_count(call: AbstractCall, *, email: str, abstract_id: int | None) -> int:
    """Submitted abstracts of the call that this email presents (other than this one)."""
    found = Author.objects.filter(
        abstract__call=call,
        abstract__status=Status.SUBMITTED,
        is_presenting=True,
        email__iexact=email,
    )
    if abstract_id is not None:
        found = found.exclude(abstract_id=abstract_id)
    return found.count()


def submission_problems(
    call: AbstractCall, content: AbstractContent, *, user, abstract_id: int | None
) -> list[tuple[str | None, str]]:
    """What stops the content from being submitted: each problem with its field."""
    problems: list[tuple[str | None, str]] = []
    if not markup.plain(content.title):
        problems.append(("title", "Give the abstract a title."))
    if content.topic_id is None:
        problems.append(("topic", "Choose the topic the abstract belongs to."))
    if not content.preference:
        problems.append(("preference", "Choose how you would like to present it."))
    if not markup.plain(content.body):
        problems.append(("body", "Write the abstract."))
    over = body_limit_problem(call, content.body)
    if over:
        problems.append(("body", over))
    if call.conflicts_required and not content.conflicts.strip():
        problems.append(("conflicts", 'Declare any conflicts of interest, or write "None".'))
    if call.publication_consent_required and not content.publication_consent:
        problems.append(
            ("publication_consent", "Consent to publication is needed to submit to this call.")
        )
    if not content.authors:
        problems.append(("authors", "List the authors."))
    presenter = _presenter(content)
    if presenter is None:
        problems.append(("authors", "Mark the author who will present the abstract."))
    elif not presenter.email:
        problems.append(("authors", "Give the presenting author's email address."))
    elif (
        _presenting_count(call, email=presenter.email, abstract_id=abstract_id)
        >= call.max_per_presenter
    ):
        problems.append(
            (
                "authors",
                f"{presenter.name} already presents {call.max_per_presenter} submitted "
                f"abstract{'s' if call.max_per_presenter != 1 else ''} in this call, the most "
                "one person may present. Choose another presenting author.",
            )
        )
    return problems


def _accounts_by_email(emails: list[str]) -> dict[str, object]:
    emails = [email for email in emails if email]
    if not emails:
        return {}
    match = Q()
    for email in emails:
        match |= Q(email__iexact=email)
    return {user.email.casefold(): user for user in get_user_model().objects.filter(match)}


def _content_write(abstract: Abstract, content: AbstractContent) -> None:
    abstract.title = markup.text_normalise(content.title)
    abstract.topic_id = content.topic_id
    abstract.preference = content.preference
    abstract.body = markup.text_normalise(content.body)
    abstract.keywords = content.keywords.strip()
    abstract.conflicts = markup.text_normalise(content.conflicts)
    abstract.publication_consent = content.publication_consent
    abstract.save()
    abstract.authors.all().delete()
    abstract.affiliations.all().delete()
    Affiliation.objects.bulk_create(
        Affiliation(abstract=abstract, number=number, name=name)
        for number, name in enumerate(content.affiliations, start=1)
    )
    accounts = _accounts_by_email([author.email for author in content.authors])
    Author.objects.bulk_create(
        Author(
            abstract=abstract,
            position=position,
            name=author.name,
            email=author.email,
            user=accounts.get(author.email.casefold()) if author.email else None,
            affiliation_numbers=list(author.affiliation_numbers),
            is_presenting=author.is_presenting,
        )
        for position, author in enumerate(content.authors, start=1)
    )


def _closed_message(call: AbstractCall, abstract: Abstract | None, now: datetime) -> str:
    if not call.has_opened(now):
        return "The call for abstracts is not open yet. Nothing was saved."
    return (
        "The call for abstracts has closed, so this abstract can no longer be changed. "
        "Nothing was saved; your text is still below to copy."
    )


@transaction.atomic
def abstract_save(
    *,
    call_id: int,
    user,
    content: AbstractContent,
    abstract_id: int | None = None,
    submit: bool = False,
    now: datetime | None = None,
) -> Abstract:
    """Save a draft (new when `abstract_id` is None) or, with `submit`, submit it; a
    submitted abstract is saved again only complete. Raises `Refused` with every problem, and
    then nothing is written."""
    now = now or timezone.now()
    # One submission at a time per call: the presenting-author count cannot race.
    call = lock_one(AbstractCall.objects.select_related("meeting"), of=("self",), pk=call_id)
    abstract = None
    if abstract_id is not None:
        abstract = lock_one(Abstract, pk=abstract_id)
        if abstract.submitter_id != user.pk or abstract.call_id != call.pk:
            raise NotEditable("This is not your abstract.")
        if abstract.status == Status.WITHDRAWN:
            raise NotEditable("This abstract was withdrawn and can no longer be changed.")
        abstract.call = call
        if not abstract.is_editable(now):
            raise CallClosed(_closed_message(call, abstract, now))
    elif not call.is_open(now):
        raise CallClosed(_closed_message(call, None, now))
    problems: list[tuple[str | None, str]] = []
    if _duplicate_title(call, user=user, title=content.title, abstract_id=abstract_id):
        problems.append(("title", "You already have an abstract with this title in this call."))
    complete = submit or (abstract is not None and abstract.status == Status.SUBMITTED)
    if complete:
        problems += submission_problems(call, content, user=user, abstract_id=abstract_id)
    if problems:
        raise Refused(problems)

    created = abstract is None
    if created:
        abstract = Abstract(call=call, submitter=user)
    was_submitted = abstract.status == Status.SUBMITTED
    if abstract.status == Status.DRAFT:
        abstract.is_late_breaking = call.window(now) == "late_breaking"
    if submit and not was_submitted:
        abstract.status = Status.SUBMITTED
        abstract.submitted_at = now
    _content_write(abstract, content)
    if created:
        audit_record(actor=user, action=AbstractAction.STARTED, target=abstract, now=now)
    if submit and not was_submitted:
        audit_record(actor=user, action=AbstractAction.SUBMITTED, target=abstract, now=now)
        _received_email(abstract, user=user, now=now)
    elif was_submitted:
        audit_record(actor=user, action=AbstractAction.REVISED, target=abstract, now=now)
    return abstract


@transaction.atomic
def abstract_withdraw(*, abstract_id: int, user, now: datetime | None = None) -> Abstract:
    """The submitter withdraws, at any time (until decisions exist)."""
    now = now or timezone.now()
    abstract = lock_one(Abstract, pk=abstract_id)
    if abstract.submitter_id != user.pk:
        raise NotEditable("This is not your abstract.")
    if abstract.status == Status.WITHDRAWN:
        return abstract
    abstract.status = Status.WITHDRAWN
    abstract.withdrawn_at = now
    abstract.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_record(actor=user, action=AbstractAction.WITHDRAWN, target=abstract, now=now)
    from .review_services import slot_free  # reviewing builds on this module

    slot_free(abstract, actor=user, now=now)  # an accepted one frees its talk or board
    return abstract


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _when(moment: datetime | None, call: AbstractCall) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment, call.meeting.time_zone)
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname()}"


def abstract_text(abstract: Abstract) -> str:
    """The abstract as plain text, as the received email carries it (markup as typed)."""
    affiliations = list(abstract.affiliations.all())
    lines = [abstract.title, ""]
    lines.append(
        ", ".join(
            f"{author.name}{('^' + author.affiliation_marks) if author.affiliation_numbers else ''}"
            f"{' (presenting)' if author.is_presenting else ''}"
            for author in abstract.authors.all()
        )
    )
    lines += [f"{affiliation.number}. {affiliation.name}" for affiliation in affiliations]
    lines += ["", f"Topic: {abstract.topic or ''}"]
    lines.append(f"Preference: {abstract.get_preference_display()}")
    if abstract.keywords:
        lines.append(f"Keywords: {abstract.keywords}")
    lines += ["", abstract.body, ""]
    if abstract.conflicts:
        lines.append(f"Conflicts of interest: {abstract.conflicts}")
    return "\n".join(lines)


def _received_email(abstract: Abstract, *, user, now: datetime) -> None:
    call = abstract.call
    email_queue(
        to=user.email,
        template="abstracts/email/received",
        context={
            "name": user.get_full_name() or user.email,
            "number": abstract.number,
            "meeting": call.meeting.name,
            "title": markup.plain(abstract.title),
            "deadline": _when(abstract.deadline(now), call),
            "abstract_url": _site(abstract.get_absolute_url()),
            "copy": abstract_text(abstract),
        },
        dedupe_key=f"abstract-received:{abstract.pk}",
        now=now,
    )


def reminder_dedupe_key(abstract: Abstract, deadline: datetime) -> str:
    return f"abstract-reminder:{abstract.pk}:{deadline:%Y%m%d%H%M}"


def drafts_remind(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Remind each draft's submitter once before the window it is in closes: due when the
    close is within `ABSTRACT_REMINDER_DAYS` and no reminder was sent for this draft. A run
    the scheduler missed catches up while the window is still open."""
    now = now or timezone.now()
    soon = now + timedelta(days=settings.ABSTRACT_REMINDER_DAYS)
    in_regular = Q(call__opens_at__lte=now, call__closes_at__gt=now, call__closes_at__lte=soon)
    in_late = Q(
        call__late_breaking_opens_at__lte=now,
        call__late_breaking_closes_at__gt=now,
        call__late_breaking_closes_at__lte=soon,
    )
    due = (
        Abstract.objects.filter(status=Status.DRAFT, reminder_sent_at__isnull=True)
        .filter(in_regular | in_late)
        .select_related("call__meeting", "submitter")
        .order_by("pk")[:limit]
    )
    sent = 0
    for abstract in due:
        with transaction.atomic():
            # The conditional update decides which of two runs at once sends it; the
            # outbox's dedupe key is the second guard.
            updated = Abstract.objects.filter(
                pk=abstract.pk, status=Status.DRAFT, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not updated:
                continue
            deadline = abstract.call.next_close(now)
            email_queue(
                to=abstract.submitter.email,
                template="abstracts/email/reminder",
                context={
                    "name": abstract.submitter.get_full_name() or abstract.submitter.email,
                    "meeting": abstract.call.meeting.name,
                    "title": markup.plain(abstract.title) or "(no title yet)",
                    "deadline": _when(deadline, abstract.call),
                    "abstract_url": _site(abstract.get_absolute_url()),
                },
                dedupe_key=reminder_dedupe_key(abstract, deadline),
                now=now,
            )
            sent += 1
    return sent


def abstracts_erase(*, submitter) -> int:
    """The account is being erased: its abstracts go, with their authors and affiliations."""
    abstracts = Abstract.objects.filter(submitter=submitter)
    count = abstracts.count()
    Author.objects.filter(abstract__in=abstracts).delete()
    Affiliation.objects.filter(abstract__in=abstracts).delete()
    abstracts.delete()
    return count
