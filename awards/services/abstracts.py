"""Travel awards tied to the meeting's abstracts: the application names the applicant's
abstract, and staff may enter every eligible presenting author at once."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from icis.core.audit import audit_record
from meetings.abstracts import selectors as abstract_selectors

from .. import selectors
from ..audit import AwardAction
from ..exceptions import AwardError
from ..models import Application, AwardCycle
from ._common import User, _candidate_snapshot

ABSTRACT_MISSING = "Choose the abstract this application is for."


def abstract_choices(*, application: Application) -> list:
    """The applicant's abstracts this call accepts (none when it asks for none)."""
    cycle = application.cycle
    if not cycle.abstract_required or application.is_nomination:
        return []
    return abstract_selectors.abstracts_for_award(
        user=application.created_by,
        meeting_id=cycle.meeting_id,
        accepted_only=cycle.abstract_required == AwardCycle.AbstractRule.ACCEPTED,
    )


def abstract_problem(application: Application) -> str:
    """Why the application's abstract does not do (it was withdrawn, or is not accepted), or
    "" when it does or the call asks for none."""
    cycle = application.cycle
    if not cycle.abstract_required or application.is_nomination:
        return ""
    qualifies = abstract_selectors.abstract_qualifies_for_award(
        abstract_id=application.abstract_id,
        user=application.created_by,
        meeting_id=cycle.meeting_id,
        accepted_only=cycle.abstract_required == AwardCycle.AbstractRule.ACCEPTED,
    )
    return "" if qualifies else ABSTRACT_MISSING


def abstract_checked(*, application: Application, abstract_id: int | None) -> int | None:
    """The abstract chosen on the form, refused unless it is one of the applicant's own that
    the call accepts."""
    if abstract_id is None:
        return None
    if abstract_id not in {abstract.pk for abstract in abstract_choices(application=application)}:
        raise AwardError("Choose one of your abstracts listed.")
    return abstract_id


@dataclass(frozen=True)
class Entered:
    entered: int  # applications made for presenting authors
    already: int  # presenting authors who had applied (or been entered) before
    not_eligible: int  # presenting authors the award's rules leave out


def trainee_abstracts_enter(*, cycle: AwardCycle, actor, now: datetime | None = None) -> Entered:
    """An application for every presenting author (with an account) of an abstract the call
    accepts who is eligible for the award and has not applied: its title and summary are the
    abstract's. Judged like any other; running it again enters only the new ones."""
    now = now or timezone.now()
    if not (cycle.enter_trainee_abstracts and cycle.abstract_required):
        raise AwardError("This call does not enter abstracts.")
    pairs = abstract_selectors.abstracts_with_presenters(
        meeting_id=cycle.meeting_id,
        accepted_only=cycle.abstract_required == AwardCycle.AbstractRule.ACCEPTED,
    )
    people = User.objects.select_related("member_profile").in_bulk(
        [presenter.pk for _abstract, presenter in pairs]
    )
    applied = set(
        Application.objects.filter(cycle=cycle, kind=Application.Kind.APPLICATION).values_list(
            "created_by_id", flat=True
        )
    )
    entered = already = not_eligible = 0
    for abstract, presenter in pairs:
        person = people[presenter.pk]
        if person.pk in applied:
            already += 1
            continue
        if selectors.candidate_problems(program=cycle.program, cycle=cycle, user=person):
            not_eligible += 1
            continue
        if _enter(cycle=cycle, person=person, abstract=abstract, actor=actor, now=now):
            entered += 1
            applied.add(person.pk)
        else:
            already += 1
    return Entered(entered, already, not_eligible)


def _enter(*, cycle: AwardCycle, person, abstract, actor, now: datetime) -> bool:
    try:
        with transaction.atomic():
            application = Application.objects.create(
                cycle=cycle,
                kind=Application.Kind.APPLICATION,
                created_by=person,
                abstract=abstract,
                title=str(abstract)[:300],
                summary=abstract_selectors.abstract_plain_text(abstract=abstract)[:3000],
                status=Application.Status.SUBMITTED,
                submitted_at=now,
                **_candidate_snapshot(person),
            )
            audit_record(
                actor=actor,
                action=AwardAction.APPLICATION_ENTERED_FROM_ABSTRACT,
                target=application,
                data={"abstract": abstract.pk},
                now=now,
            )
    except IntegrityError:  # the person applied in the meantime
        return False
    return True
