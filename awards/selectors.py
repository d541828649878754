"""Awards' reads: what visitors, applicants, reviewers and staff see, each in a fixed number
of queries, and who may open what."""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from icis.core.search import SearchSource
from icis.review import selectors as engine
from meetings.abstracts import selectors as abstract_selectors
from members import selectors as member_selectors

from .models import (
    Application,
    AwardCycle,
    AwardProgram,
    Document,
    DocumentKind,
    PanelMember,
    Recipient,
    Review,
)
from .services.reviewing import award_reviews

# --- Eligibility ------------------------------------------------------------------------------


def candidate_problems(
    *, program: AwardProgram, cycle: AwardCycle, user, nominee: bool = False
) -> list[str]:
    """Why `user` cannot be a candidate for `program` this cycle, read from their profile and
    membership; empty when they can. Addressed to the applicant, or with `nominee`, about the
    candidate to the member nominating them. The self-declared statement is checked at submit."""
    profile = getattr(user, "member_profile", None)
    your, yours = ("their", "theirs") if nominee else ("your", "yours")
    problems = []
    if program.membership_required and not member_selectors.member_is_active(user=user):
        problems.append(
            f"This award is for members of the society; {your} membership is not active."
        )
    if program.career_stages:
        stages = "; ".join(program.career_stage_labels())
        if profile is None or not profile.career_stage:
            missing = (
                "Their profile does not give a career stage."
                if nominee
                else "Add yours to your profile."
            )
            problems.append(f"It is open to these career stages: {stages}. {missing}")
        elif profile.career_stage not in program.career_stages:
            problems.append(
                f"It is open to these career stages: {stages}. {your.capitalize()} profile says "
                f"{profile.get_career_stage_display()}."
            )
    if program.max_years_since_degree is not None:
        limit = program.max_years_since_degree
        if profile is None or not profile.degree_year:
            missing = (
                "their profile does not give the year of it."
                if nominee
                else "add the year of your highest degree to your profile."
            )
            problems.append(
                f"It is for those within {limit} years of their highest degree: {missing}"
            )
        elif cycle.year - profile.degree_year > limit:
            problems.append(
                f"It is for those within {limit} years of their highest degree; {yours} was in "
                f"{profile.degree_year}, {cycle.year - profile.degree_year} years before "
                f"{cycle.year}."
            )
    return problems


def nominator_problems(*, user) -> list[str]:
    if not member_selectors.member_is_active(user=user):
        return ["Nominations are made by members of the society; your membership is not active."]
    return []


# --- Public pages -----------------------------------------------------------------------------


@dataclass
class ProgramListing:
    program: AwardProgram
    open_cycle: AwardCycle | None
    next_cycle: AwardCycle | None


def programs_listing(*, now: datetime | None = None) -> list[ProgramListing]:
    """Every shown program, those with an open call first (soonest deadline first). 2 queries."""
    now = now or timezone.now()
    upcoming = AwardCycle.objects.filter(closes_at__gt=now).order_by("opens_at")
    programs = AwardProgram.objects.filter(is_active=True).prefetch_related(
        Prefetch("cycles", queryset=upcoming, to_attr="upcoming_cycles")
    )
    listings = []
    for program in programs:
        open_cycle = next((c for c in program.upcoming_cycles if c.opens_at <= now), None)
        next_cycle = next((c for c in program.upcoming_cycles if c.opens_at > now), None)
        listings.append(ProgramListing(program, open_cycle, next_cycle))
    listings.sort(
        key=lambda listing: (
            listing.open_cycle is None,
            listing.open_cycle.closes_at if listing.open_cycle else now,
            listing.program.ordering,
            listing.program.name,
        )
    )
    return listings


@dataclass
class ProgramPage:
    program: AwardProgram
    open_cycle: AwardCycle | None
    next_cycle: AwardCycle | None
    recipients_by_year: list[tuple[int, list[Recipient]]] = field(default_factory=list)


def program_page(*, slug: str, now: datetime | None = None) -> ProgramPage | None:
    """The program, its open or next call with the documents it asks for, and its recipients
    by year. 4 queries however many years of recipients there are."""
    now = now or timezone.now()
    upcoming = (
        AwardCycle.objects.filter(closes_at__gt=now)
        .select_related("meeting")
        .prefetch_related("documents")
        .order_by("opens_at")
    )
    program = (
        AwardProgram.objects.filter(slug=slug, is_active=True)
        .select_related("grants_membership_type")
        .prefetch_related(Prefetch("cycles", queryset=upcoming, to_attr="upcoming_cycles"))
        .first()
    )
    if program is None:
        return None
    recipients = Recipient.objects.filter(program=program, is_public=True).order_by("-year", "name")
    by_year = [(year, list(group)) for year, group in groupby(recipients, key=lambda r: r.year)]
    return ProgramPage(
        program=program,
        open_cycle=next((c for c in program.upcoming_cycles if c.opens_at <= now), None),
        next_cycle=next((c for c in program.upcoming_cycles if c.opens_at > now), None),
        recipients_by_year=by_year,
    )


def program_is_shown(*, slug: str) -> bool:
    return AwardProgram.objects.filter(slug=slug, is_active=True).exists()


def cycle_open_get(*, slug: str, now: datetime | None = None) -> AwardCycle | None:
    now = now or timezone.now()
    return (
        AwardCycle.objects.filter(
            program__slug=slug, program__is_active=True, opens_at__lte=now, closes_at__gt=now
        )
        .select_related("program", "meeting")
        .first()
    )


def award_programs_search_source() -> SearchSource:
    """Shown award programs: names, then summaries, then descriptions (the stored document)."""
    return SearchSource(
        kind="Award",
        rows=AwardProgram.objects.filter(is_active=True),
        order_after_rank=("ordering", "name"),
        title="name",
        link="slug",
        snippet_fields=("summary", "description"),
        url=lambda pk, slug: reverse("awards:program", kwargs={"slug": slug}),
    )


# --- Applicants -------------------------------------------------------------------------------


def applications_of(*, user) -> list[Application]:
    """The portal's list: the person's own applications and nominations. 1 query."""
    return list(
        Application.objects.filter(created_by=user)
        .select_related("cycle__program")
        .order_by("-cycle__year", "-created_at")
    )


def applications_with_meetings_of(*, user) -> list[Application]:
    """The person's own applications and nominations for calls tied to a meeting, with the
    call, its program and the meeting (for "My meetings"). 1 query."""
    return list(
        Application.objects.filter(created_by=user, cycle__meeting__isnull=False)
        .select_related("cycle__program", "cycle__meeting")
        .order_by("-cycle__year", "-created_at")
    )


def account_export(*, user) -> dict:
    """For "export my data": the person's applications and nominations with the files they
    uploaded (never referees' letters), and how many reviews they wrote. A decision shows only
    once it has been sent."""
    applications = Application.objects.filter(created_by=user).prefetch_related("files")
    return {
        "applications": [
            {
                "award": str(application.cycle),
                "kind": application.kind,
                "candidate": application.candidate_name,
                "title": application.title,
                "summary": application.summary,
                "status": application.status,
                "submitted": application.submitted_at.isoformat()
                if application.submitted_at
                else None,
                "decision": application.decision if application.decision_released_at else None,
                "files": [
                    document.original_name
                    for document in application.files.all()
                    if document.kind != DocumentKind.LETTER
                ],
            }
            for application in applications.select_related("cycle__program").order_by("pk")
        ],
        "reviews_written": Review.objects.filter(reviewer=user).count(),
    }


def application_own_for_cycle(*, cycle: AwardCycle, user) -> Application | None:
    """The person's own application to this call, if they have begun one."""
    return Application.objects.filter(
        cycle=cycle, created_by=user, kind=Application.Kind.APPLICATION
    ).first()


def application_for_owner(*, application_id: int, user) -> Application | None:
    """An application its author may open (a draft to edit, or a submitted one to read)."""
    return (
        Application.objects.filter(pk=application_id, created_by=user)
        .select_related("cycle__program", "cycle__meeting")
        .prefetch_related("files", "referees", "cycle__documents")
        .first()
    )


# --- Reviewers --------------------------------------------------------------------------------


def is_assigned(*, application_id: int, user) -> bool:
    """Assigned to review it and not in conflict with it."""
    return engine.is_assigned(kind=award_reviews, item_id=application_id, user=user)


def document_for(*, document_id: int, user, as_staff: bool = False) -> Document | None:
    """The file if `user` may read it: staff (`as_staff`: icis.accounts.staff.acts_as_staff for
    the request); an assigned reviewer without a conflict; the applicant or nominator for their
    own uploads (never a referee's letter). 1 query."""
    document = Document.objects.filter(pk=document_id).select_related("application").first()
    if document is None:
        return None
    if as_staff:
        return document
    application = document.application
    if application.created_by_id == user.pk and document.kind != DocumentKind.LETTER:
        return document
    if is_assigned(application_id=application.pk, user=user):
        return document
    return None


def is_reviewer(*, user) -> bool:
    return Review.objects.filter(reviewer=user).exists()


def reviews_of(*, user) -> list[Review]:
    """The reviewer's assignments, open cycles' first. 1 query at any size."""
    return list(
        Review.objects.filter(reviewer=user, application__status=Application.Status.SUBMITTED)
        .select_related("application__cycle__program")
        .order_by("submitted_at", "-application__cycle__year", "application__candidate_name")
    )


def review_for(*, review_id: int, user) -> Review | None:
    return engine.review_for(
        kind=award_reviews,
        review_id=review_id,
        user=user,
        select_related=("application__cycle__program",),
        prefetch_related=("application__files__referee", "scores__criterion"),
    )


def peer_reviews(*, review: Review) -> list[Review]:
    """Other reviewers' submitted scores, shown only once this reviewer has submitted theirs."""
    return engine.peer_reviews(kind=award_reviews, review=review)


# --- Staff ------------------------------------------------------------------------------------


class RankedApplication(engine.RankedItem):
    @property
    def application(self) -> Application:
        return self.item


def cycle_ranking(*, cycle: AwardCycle) -> list[RankedApplication]:
    """Submitted applications, best mean first, with the median, number of reviews and the
    spread of scores. 1 query."""
    return engine.ranking(
        kind=award_reviews,
        items=award_reviews.items_under_review(cycle),
        tiebreak=("candidate_name", "pk"),
        row=RankedApplication,
    )


def panel_load(*, cycle: AwardCycle) -> list[PanelMember]:
    """The panel with each reviewer's number of assignments and how many they have submitted."""
    return engine.panel_load(kind=award_reviews, round=cycle)


AssignmentCounts = engine.AssignmentCounts


def assignment_counts(*, cycle: AwardCycle) -> AssignmentCounts:
    """What automatic assignment starts from: the submitted applications, the reviews they
    have, and the panel's size."""
    return engine.assignment_counts(kind=award_reviews, round=cycle)


def release_counts(*, cycle: AwardCycle) -> tuple[int, int]:
    """The submitted applications still undecided, and those awarded (sent or not)."""
    counts = engine.decision_counts(kind=award_reviews, round=cycle)
    return counts[""], counts[Application.Decision.AWARDED]


def abstract_presenters_count(*, cycle: AwardCycle) -> int:
    """How many presenting authors with an account the call's abstracts have."""
    return len(
        abstract_selectors.abstracts_with_presenters(
            meeting_id=cycle.meeting_id,
            accepted_only=cycle.abstract_required == AwardCycle.AbstractRule.ACCEPTED,
        )
    )


def abstract_scores_for(*, cycle: AwardCycle, ranking) -> dict:
    """On a call tied to the meeting's abstracts: each ranked application's abstract score,
    keyed by abstract (1 query); nothing, and no query, on any other call."""
    if not cycle.abstract_required:
        return {}
    ids = [ranked.application.abstract_id for ranked in ranking if ranked.application.abstract_id]
    return abstract_selectors.abstract_scores(abstract_ids=ids)


def abstract_score(*, abstract_id: int):
    """One abstract's review score (`.mean`, `.reviews`), or None. 1 query."""
    return abstract_selectors.abstract_scores(abstract_ids=[abstract_id]).get(abstract_id)


def programs_for_sitemap() -> list[AwardProgram]:
    """The award programs shown on the site, for the sitemap: one query."""
    return list(
        AwardProgram.objects.filter(is_active=True).only("slug", "updated_at").order_by("pk")
    )
