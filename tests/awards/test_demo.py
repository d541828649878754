"""The awards demo: what a newcomer finds after loading the demo content, and that loading it
again changes nothing."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from awards import selectors, services
from awards.exceptions import AwardError, NotEligible
from awards.models import (
    Application,
    AwardCycle,
    AwardProgram,
    Criterion,
    Level,
    PanelMember,
    RequiredDocument,
    Review,
)
from icis.core.models import AuditEntry
from icis.mail.models import OutboundEmail
from icis.site.demo import STAFF_EMAIL
from meetings.models import Registration
from members.models import CareerStage, MemberProfile
from tests.factories import ApplicationFactory, PanelMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_content):
    """The demo content, there when the test starts."""


def _user(email):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=email)


def _travel_cycle() -> AwardCycle:
    return AwardCycle.objects.select_related("program", "meeting").get(
        program__slug="trainee-travel", year=2021
    )


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            AwardProgram,
            AwardCycle,
            RequiredDocument,
            Criterion,
            Application,
            PanelMember,
            Review,
            AuditEntry,
        )
    }


def test_loading_twice_creates_the_awards_once_and_keeps_staff_edits():
    first = _load()
    assert "5 award program(s), 5 call(s) and 4 application(s) created" in first
    AwardProgram.objects.filter(slug="trainee").update(summary="Edited by the office.")
    counts = _counts()

    second = _load()

    assert "0 award program(s), 0 call(s) and 0 application(s) created" in second
    assert _counts() == counts
    assert AwardProgram.objects.get(slug="trainee").summary == "Edited by the office."


def test_the_programs_carry_the_rules_the_society_asked_for(demo):
    programs = {program.level: program for program in AwardProgram.objects.all()}
    assert set(programs) == {
        Level.SENIOR,
        Level.MID_CAREER,
        Level.YOUNG_INVESTIGATOR,
        Level.TRAINEE,
        Level.TRAVEL,
    }

    young = programs[Level.YOUNG_INVESTIGATOR]
    assert young.membership_required and young.max_years_since_degree == 10

    trainee = programs[Level.TRAINEE]
    assert trainee.membership_required
    assert set(trainee.career_stages) == {CareerStage.GRADUATE_STUDENT, CareerStage.POSTDOC}

    travel = _travel_cycle()
    assert travel.program.level == Level.TRAVEL and travel.program.grants_registration
    assert travel.meeting.slug == "cytokines-2021"
    assert travel.closes_at.date() < travel.meeting.start_date

    senior = programs[Level.SENIOR]
    assert senior.cycles.exists()
    assert all(cycle.intake == AwardCycle.Intake.NOMINATIONS for cycle in senior.cycles.all())
    assert not any(program.value_amount for program in programs.values())


def test_the_rules_decide_who_may_apply(demo):
    now = timezone.now()
    year = now.year
    postdoc = _user("amara.okafor@example.org")  # a member, postdoctoral researcher
    mid_career = _user("mei.tanaka@example.org")  # a member, mid-career investigator
    young = AwardCycle.objects.get(program__slug="young-investigator", year=year)
    trainee = AwardCycle.objects.get(program__slug="trainee", year=year)
    senior = AwardCycle.objects.get(program__slug="senior-lifetime", year=year)

    MemberProfile.objects.filter(user=postdoc).update(degree_year=year - 11)
    postdoc.refresh_from_db()
    with pytest.raises(NotEligible, match="within 10 years"):
        services.application_start(cycle=young, user=postdoc, now=now)
    MemberProfile.objects.filter(user=postdoc).update(degree_year=year - 4)
    postdoc.refresh_from_db()
    assert services.application_start(cycle=young, user=postdoc, now=now).pk

    assert services.application_start(cycle=trainee, user=postdoc, now=now).pk
    with pytest.raises(NotEligible, match="Graduate student"):
        services.application_start(cycle=trainee, user=mid_career, now=now)

    with pytest.raises(AwardError, match="nomination only"):
        services.application_start(cycle=senior, user=mid_career, now=now)
    nomination = services.nomination_start(
        cycle=senior,
        user=mid_career,
        nominee=services.Nominee(name="A Colleague", email="colleague@example.org", institution=""),
        now=now,
    )
    assert nomination.is_nomination


def test_calls_are_open_right_after_loading(client, demo):
    now = timezone.now()
    listings = selectors.programs_listing(now=now)
    open_calls = {listing.program.slug: listing.open_cycle for listing in listings}

    for slug in ("senior-lifetime", "mid-career", "young-investigator", "trainee"):
        cycle = open_calls[slug]
        assert cycle is not None and cycle.is_open(now), slug
        assert cycle.closes_at > now + timedelta(days=30)
        assert cycle.documents.exists() and cycle.criteria.exists()
    assert open_calls["trainee-travel"] is None  # its 2021 call closed long ago
    assert RequiredDocument.objects.filter(
        cycle__program__slug="senior-lifetime", kind="nomination"
    ).exists()

    html = client.get("/awards/").content.decode()
    for name in ("Young Investigator Award", "Trainee Award", "Senior Investigator Lifetime"):
        assert name in html


def test_the_travel_call_is_ready_to_rank_with_no_conflicted_reviewer(demo):
    cycle = _travel_cycle()
    applications = list(cycle.applications.all())
    panel = {member.reviewer_id for member in cycle.panel.all()}
    staff = _user(STAFF_EMAIL)

    assert cycle.has_closed()
    assert len(applications) == 4
    assert all(a.status == Application.Status.SUBMITTED and not a.decision for a in applications)
    assert staff.pk in panel and len(panel) == 4

    institutions = dict(MemberProfile.objects.values_list("user_id", "institution"))
    excluded = 0
    for application in applications:
        reviews = list(application.reviews.select_related("reviewer"))
        assert len(reviews) == cycle.reviews_per_application
        for review in reviews:
            assert review.reviewer_id in panel
            assert review.reviewer_id != application.created_by_id
            assert not services.conflict_reason(
                application,
                review.reviewer,
                institution=institutions.get(review.reviewer_id, ""),
                declared=set(),
            )
        excluded += any(
            services.conflict_reason(
                application,
                member.reviewer,
                institution=institutions.get(member.reviewer_id, ""),
                declared=set(),
            )
            for member in cycle.panel.select_related("reviewer")
        )
    assert excluded == 1  # one applicant shares an institution with a panel member

    ranking = selectors.cycle_ranking(cycle=cycle)
    means = [row.mean for row in ranking]
    assert None not in means and means == sorted(means, reverse=True)
    assert Review.objects.filter(
        application__cycle=cycle, reviewer=staff, submitted_at__isnull=True
    ).exists()


def test_a_panel_member_s_own_application_is_never_assigned_to_them(demo):
    """The demo's assignment runs through the real service: a reviewer who applies too is
    kept off their own application when the panel is filled again."""
    cycle = _travel_cycle()
    reviewer = UserFactory()
    PanelMemberFactory(cycle=cycle, reviewer=reviewer)
    own = ApplicationFactory(
        cycle=cycle,
        created_by=reviewer,
        candidate=reviewer,
        candidate_name="Panel Member",
        candidate_email=reviewer.email,
        status=Application.Status.SUBMITTED,
        submitted_at=cycle.closes_at - timedelta(days=1),
    )

    services.reviews_assign_automatic(cycle=cycle, actor=_user(STAFF_EMAIL))

    assert own.reviews.count() == cycle.reviews_per_application
    assert not own.reviews.filter(reviewer=reviewer).exists()


def test_releasing_the_demo_travel_award_registers_the_recipient_for_the_meeting(client, demo):
    cycle = _travel_cycle()
    staff = _user(STAFF_EMAIL)
    best = selectors.cycle_ranking(cycle=cycle)[0].application
    services.decision_record(
        application_id=best.pk, decision=Application.Decision.AWARDED, actor=staff
    )

    result = services.decisions_release(cycle=cycle, actor=staff)

    assert (result.sent, result.awarded, result.notes) == (1, 1, [])
    registration = Registration.objects.get(meeting=cycle.meeting, user=best.candidate)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.is_complimentary and registration.category.name == "Award recipient"
    email = OutboundEmail.objects.get(
        template="awards/email/decision_awarded", to_email=best.candidate_email
    )
    assert "A complimentary registration for Cytokines 2021" in email.body_text
    # The place is given by staff, never sold: the meeting's price list does not show it.
    response = client.get(f"{cycle.meeting.get_absolute_url()}register/")
    assert "Award recipient" not in response.content.decode()
