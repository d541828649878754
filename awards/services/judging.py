"""Judging: assigning reviewers (by hand or automatically), conflicts of interest, and
scoring."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.mail.services import email_queue
from members import selectors as member_selectors

from ..audit import AwardAction
from ..exceptions import AwardError
from ..models import (
    Application,
    AwardCycle,
    Conflict,
    Criterion,
    PanelMember,
    Review,
    Score,
    weighted_mean,
)
from ._common import User, _locked_or_none, _site


def _normalised(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


def conflict_reason(
    application: Application,
    reviewer,
    *,
    institution: str,
    declared: set,
    nominated: frozenset = frozenset(),
) -> str:
    """Why `reviewer` must not judge `application`, or "" when they may. `nominated` holds
    (reviewer id, candidate email) for every nomination in the call: someone who nominated a
    candidate judges none of that candidate's applications or nominations."""
    if reviewer.pk == application.created_by_id:
        return "their nomination" if application.is_nomination else "their own application"
    candidate_email = application.candidate_email.lower()
    if reviewer.pk == application.candidate_id or reviewer.email.lower() == candidate_email:
        return "their own candidacy"
    if (reviewer.pk, candidate_email) in nominated:
        return "they nominated this candidate"
    if institution.strip() and _normalised(institution) == _normalised(
        application.candidate_institution
    ):
        return f"the same institution ({application.candidate_institution})"
    if (application.pk, reviewer.pk) in declared:
        return "a declared conflict"
    return ""


def _nominations_by_reviewer(cycle_id: int) -> frozenset[tuple[int, str]]:
    return frozenset(
        (created_by_id, email.lower())
        for created_by_id, email in Application.objects.filter(
            cycle_id=cycle_id, kind=Application.Kind.NOMINATION
        )
        .exclude(status=Application.Status.WITHDRAWN)
        .values_list("created_by_id", "candidate_email")
    )


def _declared(cycle: AwardCycle) -> set[tuple[int, int]]:
    return set(
        Conflict.objects.filter(application__cycle=cycle).values_list(
            "application_id", "reviewer_id"
        )
    )


@transaction.atomic
def review_assign(*, application_id: int, reviewer, actor, now: datetime | None = None) -> Review:
    """Staff assign one application to one panel member by hand; conflicts are refused."""
    now = now or timezone.now()
    application = lock_one(Application.objects.select_related("cycle"), pk=application_id)
    if application.status != Application.Status.SUBMITTED:
        raise AwardError("Only submitted applications are reviewed.")
    if not PanelMember.objects.filter(cycle=application.cycle, reviewer=reviewer).exists():
        raise AwardError(f"{reviewer} is not on the panel for {application.cycle}.")
    reason = conflict_reason(
        application,
        reviewer,
        institution=member_selectors.institutions_by_user(user_ids=[reviewer.pk]).get(
            reviewer.pk, ""
        ),
        declared=_declared(application.cycle),
        nominated=_nominations_by_reviewer(application.cycle_id),
    )
    if reason:
        raise AwardError(f"{reviewer} cannot review {application.candidate_name}: {reason}.")
    review, created = Review.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_at": now}
    )
    if created:
        audit_record(actor=actor, action=AwardAction.REVIEW_ASSIGNED, target=review, now=now)
        _reviewers_tell(application.cycle, [review], now=now)
    return review


def _reviewers_tell(cycle: AwardCycle, new_reviews: list[Review], *, now: datetime) -> None:
    """One email to each reviewer for each assignment run, however many applications it gave
    them, naming the candidates so a conflict can be declared before reading. Keyed by the
    first of those reviews, so each assignment is announced once."""
    by_reviewer = defaultdict(list)
    for review in new_reviews:
        by_reviewer[review.reviewer_id].append(review)
    if not by_reviewer:
        return
    reviewers = User.objects.in_bulk(list(by_reviewer))
    assigned = dict(
        Review.objects.filter(application__cycle=cycle, reviewer_id__in=by_reviewer)
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    for reviewer_id, reviews in by_reviewer.items():
        reviewer = reviewers[reviewer_id]
        email_queue(
            to=reviewer.email,
            template="awards/email/reviews_assigned",
            context={
                "name": reviewer.get_full_name() or reviewer.email,
                "award": str(cycle),
                "candidates": sorted(review.application.candidate_name for review in reviews),
                "assigned": assigned.get(reviewer_id, len(reviews)),
                "reviews_url": _site(reverse("awards:reviews")),
            },
            dedupe_key=f"award-reviews-assigned:{min(review.pk for review in reviews)}",
            now=now,
        )


@dataclass(frozen=True)
class AssignmentResult:
    created: int
    short: list[tuple[Application, int]]  # applications left with fewer reviewers, and how many


@transaction.atomic
def reviews_assign_automatic(
    *, cycle: AwardCycle, actor, now: datetime | None = None
) -> AssignmentResult:
    """Give every submitted application `reviews_per_application` reviewers, spreading the
    load evenly and never assigning a conflict. Assignments already made are kept; running it
    again only fills gaps (after a withdrawal or a declared conflict, say)."""
    now = now or timezone.now()
    cycle = lock_one(AwardCycle, pk=cycle.pk)  # one run at a time
    wanted = cycle.reviews_per_application
    applications = list(cycle.applications.filter(status=Application.Status.SUBMITTED))
    reviewers = [member.reviewer for member in cycle.panel.select_related("reviewer")]
    institutions = member_selectors.institutions_by_user(
        user_ids=[reviewer.pk for reviewer in reviewers]
    )
    declared = _declared(cycle)
    nominated = _nominations_by_reviewer(cycle.pk)
    existing = set(
        Review.objects.filter(application__cycle=cycle).values_list("application_id", "reviewer_id")
    )
    load = {reviewer.pk: 0 for reviewer in reviewers}
    load.update(
        Review.objects.filter(application__cycle=cycle, reviewer_id__in=load)
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    eligible = {
        application.pk: [
            reviewer
            for reviewer in reviewers
            if not conflict_reason(
                application,
                reviewer,
                institution=institutions.get(reviewer.pk, ""),
                declared=declared,
                nominated=nominated,
            )
        ]
        for application in applications
    }
    # The most constrained applications choose first, so they are not left without reviewers.
    applications.sort(key=lambda application: (len(eligible[application.pk]), application.pk))
    new_reviews, short = [], []
    for application in applications:
        have = sum(1 for reviewer in reviewers if (application.pk, reviewer.pk) in existing)
        choices = sorted(
            (r for r in eligible[application.pk] if (application.pk, r.pk) not in existing),
            key=lambda reviewer: (load[reviewer.pk], reviewer.pk),
        )
        for reviewer in choices[: max(wanted - have, 0)]:
            new_reviews.append(Review(application=application, reviewer=reviewer, assigned_at=now))
            load[reviewer.pk] += 1
            have += 1
        if have < wanted:
            short.append((application, have))
    Review.objects.bulk_create(new_reviews)
    _reviewers_tell(cycle, new_reviews, now=now)
    audit_record(
        actor=actor,
        action=AwardAction.REVIEWS_ASSIGNED,
        target=cycle,
        data={"created": len(new_reviews), "short": [a.pk for a, _ in short]},
        now=now,
    )
    return AssignmentResult(created=len(new_reviews), short=short)


def _conflict_add(
    application: Application, reviewer, *, reason: str, actor, action: AwardAction, now: datetime
) -> Conflict:
    """The one way a conflict is set: recorded once, the reviewer's unsubmitted assignment
    removed with it, audited. Callers have refused a submitted review already."""
    conflict, created = Conflict.objects.get_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"reason": reason.strip()[:300], "declared_at": now},
    )
    Review.objects.filter(
        application=application, reviewer=reviewer, submitted_at__isnull=True
    ).delete()
    if created:
        audit_record(
            actor=actor, action=action, target=application, now=now, data={"reviewer": reviewer.pk}
        )
    return conflict


@transaction.atomic
def conflict_declare(
    *, review_id: int, reviewer, reason: str, now: datetime | None = None
) -> Conflict:
    """A reviewer steps aside from an application; the assignment goes, and automatic
    assignment will never give it back to them."""
    now = now or timezone.now()
    review = _locked_or_none(
        Review.objects.select_related("application"), pk=review_id, reviewer=reviewer
    )
    if review is None:
        raise AwardError("There is no such assignment.")
    if review.is_submitted:
        raise AwardError("You have already submitted this review; ask the office to remove it.")
    return _conflict_add(
        review.application,
        reviewer,
        reason=reason.strip() or "Declared by the reviewer",
        actor=reviewer,
        action=AwardAction.CONFLICT_DECLARED,
        now=now,
    )


@transaction.atomic
def conflict_record(
    *, application_id: int, reviewer, reason: str, actor, now: datetime | None = None
) -> Conflict:
    """Staff record a conflict they learn of: an unsubmitted assignment goes at once; a review
    already submitted must be dealt with first, so it is refused."""
    now = now or timezone.now()
    application = lock_one(Application, pk=application_id)
    review = Review.objects.filter(application=application, reviewer=reviewer).first()
    if review is not None and review.is_submitted:
        raise AwardError(
            f"{reviewer} has already submitted a review of {application.candidate_name}."
        )
    return _conflict_add(
        application,
        reviewer,
        reason=reason.strip() or "Recorded by staff",
        actor=actor,
        action=AwardAction.CONFLICT_RECORDED,
        now=now,
    )


@transaction.atomic
def review_save(
    *,
    review_id: int,
    reviewer,
    scores: dict[int, int],
    comment: str,
    submit: bool,
    now: datetime | None = None,
) -> Review:
    """Save scores as a draft, or submit them; a submitted review is final."""
    now = now or timezone.now()
    review = _locked_or_none(
        Review.objects.select_related("application__cycle"),
        of=("self",),
        pk=review_id,
        reviewer=reviewer,
    )
    if (
        review is None
        or Conflict.objects.filter(application_id=review.application_id, reviewer=reviewer).exists()
    ):
        raise AwardError("There is no such assignment.")
    if review.is_submitted:
        raise AwardError("You have already submitted this review; it can no longer be changed.")
    application = review.application
    if application.status != Application.Status.SUBMITTED:
        raise AwardError("This application was withdrawn.")
    if application.decision_released_at:
        raise AwardError("The decision on this application has been sent; reviews are closed.")
    criteria = {
        criterion.pk: criterion
        for criterion in Criterion.objects.filter(cycle_id=application.cycle_id)
    }
    given = {}
    for criterion_id, value in scores.items():
        if criterion_id not in criteria:
            raise AwardError("A score was given for a criterion this call does not have.")
        if value is None:
            continue
        if not 1 <= int(value) <= 5:
            raise AwardError("Scores run from 1 to 5.")
        given[criterion_id] = int(value)
    if submit and (not criteria or set(given) != set(criteria)):
        missing = [c.name for pk, c in criteria.items() if pk not in given]
        raise AwardError("Score every criterion before submitting: " + ", ".join(missing) + ".")
    Score.objects.filter(review=review).exclude(criterion_id__in=given).delete()
    for criterion_id, value in given.items():
        Score.objects.update_or_create(
            review=review, criterion_id=criterion_id, defaults={"value": value}
        )
    review.comment = comment.strip()[:5000]
    fields = ["comment"]
    if submit:
        review.weighted_score = weighted_mean(
            [(value, criteria[criterion_id].weight) for criterion_id, value in given.items()]
        )
        review.submitted_at = now
        fields += ["weighted_score", "submitted_at"]
        audit_record(actor=reviewer, action=AwardAction.REVIEW_SUBMITTED, target=review, now=now)
    review.save(update_fields=fields)
    return review
