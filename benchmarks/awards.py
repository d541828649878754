"""How long a year of trainee travel awards takes to judge and release at the society's scale.

Creates a travel-award call tied to a meeting with a complimentary "Award recipient" place,
A submitted applications (default 300) from trainees with profiles, and a panel of R reviewers
(default 30), in a database of its own (icis_benchmark_awards). Then it times, each through the
real services and selectors:

- `reviews_assign_automatic`: three reviewers for every application, conflicts checked, and
  one email queued to each reviewer;
- `cycle_ranking`, once every review is scored;
- `decisions_release` for W awards (default 100, "about 100 trainee travel awards in a recent
  year"), 50 on the waiting list and the rest not selected: every decision email queued, every
  recipient listed and registered for the meeting under its capacity lock;
- a second release, which must send nothing.

    .venv/bin/python benchmarks/awards.py [--applications 300] [--reviewers 30] [--awards 100]

Needs the local services (`scripts/stack.sh start`). Target on a 2-core machine: the release,
which runs in the staff member's request, under 30 s for 100 awards and 300 decisions.
"""

import argparse
import time
from datetime import timedelta
from decimal import Decimal

import own_database

DATABASE = "icis_benchmark_awards"
own_database.use(DATABASE, redis_db=12)


def populate(*, applications: int, reviewers: int):
    """The call, closed yesterday; its applicants (each at an institution of their own) and
    its panel. Returns the call."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from awards.models import (
        Application,
        AwardCycle,
        AwardProgram,
        Criterion,
        Level,
        PanelMember,
    )
    from meetings.models import Meeting, RegistrationCategory, RegistrationSettings
    from members.models import CareerStage, MemberProfile

    now = timezone.now()
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        edition=99,
        name="Cytokines Benchmark",
        slug="cytokines-benchmark",
        currency="USD",
        start_date=today + timedelta(days=120),
        end_date=today + timedelta(days=123),
        time_zone="Europe/London",
        status=Meeting.Status.REGISTRATION_OPEN,
    )
    RegistrationSettings.objects.create(meeting=meeting, capacity=1_100)
    category = RegistrationCategory.objects.create(
        meeting=meeting, slug="award-recipient", name="Award recipient", is_public=False
    )
    program = AwardProgram.objects.create(
        name="Trainee Travel Award",
        slug="trainee-travel",
        level=Level.TRAVEL,
        summary="Brings trainees to the annual meeting.",
        career_stages=[CareerStage.GRADUATE_STUDENT, CareerStage.POSTDOC],
        grants_registration=True,
    )
    cycle = AwardCycle.objects.create(
        program=program,
        year=today.year,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        meeting=meeting,
        registration_category=category,
        awards_available=100,
        reviews_per_application=3,
    )
    for ordering, (name, weight) in enumerate([("Science", 2), ("Promise", 1)]):
        Criterion.objects.create(cycle=cycle, name=name, weight=weight, ordering=ordering)

    User = get_user_model()
    people = User.objects.bulk_create(
        User(email=f"trainee{n}@example.org", first_name=f"Given{n}", last_name=f"Family{n}")
        for n in range(applications)
    )
    panel = User.objects.bulk_create(
        User(email=f"reviewer{n}@example.org", first_name="Reviewer", last_name=f"R{n}")
        for n in range(reviewers)
    )
    MemberProfile.objects.bulk_create(
        [
            *(
                MemberProfile(
                    user=person,
                    institution=f"Trainee Institute {n}",
                    country="GB",
                    career_stage=CareerStage.POSTDOC,
                )
                for n, person in enumerate(people)
            ),
            *(
                MemberProfile(
                    user=reviewer,
                    institution=f"Reviewer Institute {n}",
                    country="DE",
                    career_stage=CareerStage.SENIOR,
                )
                for n, reviewer in enumerate(panel)
            ),
        ]
    )
    PanelMember.objects.bulk_create(PanelMember(cycle=cycle, reviewer=r) for r in panel)
    Application.objects.bulk_create(
        Application(
            cycle=cycle,
            created_by=person,
            candidate=person,
            candidate_name=person.get_full_name(),
            candidate_email=person.email,
            candidate_institution=f"Trainee Institute {n}",
            candidate_career_stage=CareerStage.POSTDOC,
            title=f"Work {n}",
            summary="A summary of the work.",
            status=Application.Status.SUBMITTED,
            submitted_at=now - timedelta(days=2),
        )
        for n, person in enumerate(people)
    )
    return cycle


def score_every_review(cycle) -> None:
    """Every reviewer submits: a weighted score from 1 to 5, spread so the ranking has ties."""
    from django.utils import timezone

    from awards.models import Review

    reviews = list(Review.objects.filter(application__cycle=cycle))
    for review in reviews:
        review.weighted_score = Decimal(100 + review.pk * 37 % 401) / 100  # 1.00 to 5.00
        review.submitted_at = timezone.now()
    Review.objects.bulk_update(reviews, ["weighted_score", "submitted_at"])


def decide(ranking, awards: int, waitlisted: int, actor) -> None:
    """The best `awards` awarded, the next `waitlisted` on the waiting list, the rest not
    selected, as staff record them on the ranking page."""
    from awards import services
    from awards.models import Application

    for position, row in enumerate(ranking):
        if position < awards:
            decision = Application.Decision.AWARDED
        elif position < awards + waitlisted:
            decision = Application.Decision.WAITLISTED
        else:
            decision = Application.Decision.DECLINED
        services.decision_record(application_id=row.application.pk, decision=decision, actor=actor)


def timed(label: str, function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s, {len(queries):,} queries")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--reviewers", type=int, default=30)
    parser.add_argument("--awards", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)

    from awards import selectors, services
    from awards.models import Application, Recipient, Review
    from icis.mail.models import OutboundEmail
    from meetings.models import Registration

    own_database.broker_emptied()
    started = time.perf_counter()
    cycle = populate(applications=args.applications, reviewers=args.reviewers)
    print(
        f"created {args.applications:,} submitted applications and a panel of "
        f"{args.reviewers} in {time.perf_counter() - started:.1f} s"
    )

    result, _ = timed(
        "reviews_assign_automatic",
        lambda: services.reviews_assign_automatic(cycle=cycle, actor=None),
    )
    per_reviewer = Review.objects.filter(application__cycle=cycle).count() / args.reviewers
    told = OutboundEmail.objects.filter(template="awards/email/reviews_assigned").count()
    print(
        f"  {result.created:,} reviews, {per_reviewer:.1f} per reviewer, "
        f"{len(result.short)} applications short; {told} reviewers emailed"
    )

    score_every_review(cycle)
    ranking, _ = timed("cycle_ranking", lambda: selectors.cycle_ranking(cycle=cycle))
    decide(ranking, args.awards, 50, actor=None)

    release, elapsed = timed(
        "decisions_release", lambda: services.decisions_release(cycle=cycle, actor=None)
    )
    print(
        f"  {release.sent:,} decisions sent ({release.awarded} awarded) = "
        f"{release.sent / elapsed:,.0f} a second; {len(release.notes)} notes for staff"
    )
    decisions = OutboundEmail.objects.filter(template__startswith="awards/email/decision_")
    registered = Registration.objects.filter(
        meeting=cycle.meeting, is_complimentary=True, status=Registration.Status.CONFIRMED
    ).count()
    print(
        f"  {decisions.count():,} decision emails queued, {registered} complimentary "
        f"registrations, {Recipient.objects.filter(program=cycle.program).count()} recipients "
        "listed"
    )
    again, _ = timed("second release", lambda: services.decisions_release(cycle=cycle, actor=None))
    unsent = Application.objects.filter(cycle=cycle, decision_released_at__isnull=True).exclude(
        decision=""
    )
    print(
        f"  {again.sent} more sent; {decisions.count():,} decision emails in all; "
        f"{unsent.count()} decisions unsent"
    )
    own_database.finish(DATABASE, keep=args.keep)


if __name__ == "__main__":
    main()
