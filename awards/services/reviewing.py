"""Award applications as a kind of reviewed thing: the adapter `icis.review` judges them
through (panel, conflicts, rubric, scores, ranking, decisions held then released once), and
the decision emails it sends when a cycle's decisions are released."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from icis.mail.services import email_queue
from icis.review.algorithms import Interest, ItemFacts, ReviewerFacts
from icis.review.kinds import Actions, ReviewKind
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
)
from ._common import _site
from .benefits import _benefits_apply, grants_registration


class AwardReviews(ReviewKind):
    name = "award"
    item_model = Application
    round_model = AwardCycle
    panel_model = PanelMember
    conflict_model = Conflict
    review_model = Review
    score_model = Score
    criterion_model = Criterion
    item_field = "application"
    round_field = "cycle"
    actions = Actions(
        review_assigned=AwardAction.REVIEW_ASSIGNED,
        reviews_assigned=AwardAction.REVIEWS_ASSIGNED,
        conflict_declared=AwardAction.CONFLICT_DECLARED,
        conflict_recorded=AwardAction.CONFLICT_RECORDED,
        review_submitted=AwardAction.REVIEW_SUBMITTED,
        decision_recorded=AwardAction.DECISION_RECORDED,
        decision_released=AwardAction.DECISION_RELEASED,
        decisions_released=AwardAction.DECISIONS_RELEASED,
    )
    error = AwardError
    under_review = {"status": Application.Status.SUBMITTED}
    decisions = tuple(Application.Decision.values)
    release_fields = ("benefits_note",)
    decide_related = ("cycle__program",)
    release_related = ("cycle__program", "cycle__meeting", "created_by")
    not_under_review = "Only submitted applications are reviewed."
    not_decidable = "Only submitted applications can be decided."
    no_such_item = "There is no such application."
    decision_invalid = "Choose awarded, waiting list or not selected."

    def label(self, item: Application) -> str:
        return item.candidate_name

    def reviews_wanted(self, round: AwardCycle) -> int:
        return round.reviews_per_application

    def item_facts(self, items: list[Application], *, round: AwardCycle) -> dict[int, ItemFacts]:
        """The author, the candidate, and everyone who nominated the candidate in this call:
        someone who nominated a candidate judges none of that candidate's applications or
        nominations."""
        nominators = {}
        for created_by_id, email in (
            Application.objects.filter(cycle=round, kind=Application.Kind.NOMINATION)
            .exclude(status=Application.Status.WITHDRAWN)
            .values_list("created_by_id", "candidate_email")
        ):
            nominators.setdefault(email.lower(), []).append(created_by_id)
        return {
            application.pk: application_facts(
                application, nominators=nominators.get(application.candidate_email.lower(), [])
            )
            for application in items
        }

    def reviewer_facts(self, reviewers: list, *, round: AwardCycle) -> list[ReviewerFacts]:
        institutions = member_selectors.institutions_by_user(
            user_ids=[reviewer.pk for reviewer in reviewers]
        )
        return [
            reviewer_facts(reviewer, institutions.get(reviewer.pk, "")) for reviewer in reviewers
        ]

    def review_closed(self, item: Application) -> str:
        if item.status != Application.Status.SUBMITTED:
            return "This application was withdrawn."
        if item.decision_released_at:
            return "The decision on this application has been sent; reviews are closed."
        return ""

    def assignment_email(self, round, reviewer, reviews, *, assigned: int) -> tuple[str, dict]:
        """Naming the candidates, so a conflict can be declared before reading."""
        return "awards/email/reviews_assigned", {
            "name": reviewer.get_full_name() or reviewer.email,
            "award": str(round),
            "candidates": sorted(review.application.candidate_name for review in reviews),
            "assigned": assigned,
            "reviews_url": _site(reverse("awards:reviews")),
        }

    def decision_reopens(self, item: Application, decision: str) -> bool:
        """Sent decisions are final, except that someone on the waiting list can still be
        given an award that became free; releasing again then sends that news."""
        return (
            item.decision == Application.Decision.WAITLISTED
            and decision == Application.Decision.AWARDED
        )

    def decision_final(self, item: Application) -> str:
        return (
            f"The decision on {item.candidate_name} was sent on "
            f"{timezone.localtime(item.decision_released_at):%d %B %Y}; it is final "
            "(only someone on the waiting list can still be awarded)."
        )

    def decision_details(self, item: Application, *, citation: str = "") -> list[str]:
        item.citation = citation.strip()[:300]
        return ["citation"]

    def decision_release(self, item: Application, *, actor, now: datetime) -> str:
        """What an award grants, and the decision emails: each once, whoever releases."""
        notes, granted = [], set()
        if item.decision == Application.Decision.AWARDED:
            notes, granted = _benefits_apply(item, actor=actor, now=now)
        item.benefits_note = " ".join(notes)[:500]
        for to in decision_recipients(item):
            email_queue(
                to=to,
                template=f"awards/email/decision_{item.decision}",
                context=decision_email_context(item, to=to, granted=granted),
                dedupe_key=f"award-decision:{item.pk}:{item.decision}:{to}",
                now=now,
            )
        return item.benefits_note


award_reviews = AwardReviews()


def application_facts(application: Application, *, nominators=()) -> ItemFacts:
    """Who may not judge an application, in the order the reviewer is told why."""
    own = "their nomination" if application.is_nomination else "their own application"
    return ItemFacts(
        pk=application.pk,
        interests=(
            Interest(own, user_id=application.created_by_id),
            Interest(
                "their own candidacy",
                user_id=application.candidate_id,
                email=application.candidate_email,
            ),
            *(Interest("they nominated this candidate", user_id=pk) for pk in nominators),
        ),
        institutions=(application.candidate_institution,),
    )


def reviewer_facts(reviewer, institution: str) -> ReviewerFacts:
    return ReviewerFacts(pk=reviewer.pk, email=reviewer.email, institution=institution)


def decision_recipients(application: Application) -> list[str]:
    """Who hears the decision: the applicant or nominator, and an awarded nominee as well."""
    recipients = {application.created_by.email}
    if (
        application.is_nomination
        and application.candidate_email
        and application.decision == Application.Decision.AWARDED
    ):
        recipients.add(application.candidate_email)
    return sorted(recipients)


def decision_email_context(
    application: Application, *, to: str, granted: set[str] | None = None
) -> dict:
    """The decision email's context: what is sent, and what the release preview shows.

    `granted` is what the release actually gave ("membership", "registration"); the preview,
    before anything is given, shows what the program promises. Only the candidate is told
    what is in their account: never the nominator."""
    cycle = application.cycle
    program = cycle.program
    if granted is None:
        granted = set()
        if grants_registration(application):
            granted.add("registration")
        if program.grants_membership_type_id:
            granted.add("membership")
    to_candidate = not application.is_nomination or to == application.candidate_email
    return {
        "candidate_name": application.candidate_name,
        "is_nomination": application.is_nomination,
        "to_candidate": to == application.candidate_email,
        "award": str(cycle),
        "program_url": _site(program.get_absolute_url()),
        "meeting_name": cycle.meeting.name if cycle.meeting else "",
        "registration_granted": to_candidate and "registration" in granted,
        "membership_granted": to_candidate and "membership" in granted,
        "citation": application.citation,
        "note": getattr(cycle, f"decision_note_{application.decision}", ""),
    }
