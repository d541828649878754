"""Mentorship: members who mentor (beyond the trainee stage) and trainees, each with an active
term, and a mentor profile; `mentors_bulk` adds many mentors at once for query counts."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import CareerStage, MemberProfile, Membership
from mentorship import services
from mentorship.models import (
    Feedback,
    Format,
    MentorProfile,
    MentorshipRequest,
    Offer,
    Pairing,
    SpeedSeat,
    SpeedSession,
    SpeedTable,
)

from .accounts import UserFactory
from .members import MembershipTypeFactory, member_with_term


def member(*, career_stage=CareerStage.SENIOR, institution="University of Example", **profile):
    """An active member (a term ending in 200 days) at this career stage."""
    user = UserFactory(
        first_name=profile.pop("first_name", "Ada"), last_name=profile.pop("last_name", "Member")
    )
    member_with_term(
        ends_on=timezone.localdate() + timedelta(days=200),
        user=user,
        career_stage=career_stage,
        institution=institution,
        **profile,
    )
    return user


def trainee(**profile):
    return member(career_stage=profile.pop("career_stage", CareerStage.POSTDOC), **profile)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    """A listed mentor offering career advice, either format, one place, in London."""

    class Meta:
        model = MentorProfile

    user = factory.LazyFunction(member)
    keywords = "interferon signalling"
    offers = factory.LazyFunction(lambda: [Offer.CAREER, Offer.SCIENCE])
    formats = factory.LazyFunction(lambda: [Format.CONVERSATION, Format.PAIRING])
    capacity = 1
    time_zone = "Europe/London"


def mentor(*, keywords="interferon signalling", research_interests="", **kwargs):
    user = member(
        first_name=kwargs.pop("first_name", "Mona"),
        last_name=kwargs.pop("last_name", "Mentor"),
        institution=kwargs.pop("institution", "Institute of Elsewhere"),
        research_interests=research_interests,
    )
    return MentorProfileFactory(user=user, keywords=keywords, **kwargs)


def mentors_bulk(count: int, *, start: int = 0) -> None:
    """`count` listed mentors with active terms, written in a few statements."""
    membership_type = MembershipTypeFactory()
    User = get_user_model()
    users = User.objects.bulk_create(
        User(
            email=f"bulk.mentor{start + number}@example.org",
            first_name="Bulk",
            last_name=f"Mentor {start + number}",
        )
        for number in range(count)
    )
    today = timezone.localdate()
    MemberProfile.objects.bulk_create(
        MemberProfile(
            user=user,
            institution=f"Institute {number % 40}",
            country="GB",
            career_stage=CareerStage.SENIOR,
            research_interests="cytokine receptors, macrophage biology, interferon",
        )
        for number, user in enumerate(users)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            membership_type=membership_type,
            source=Membership.Source.IMPORT,
            start_date=today - timedelta(days=100),
            end_date=today + timedelta(days=265),
            confirmed_at=datetime(today.year, 1, 1, tzinfo=UTC),
        )
        for user in users
    )
    MentorProfile.objects.bulk_create(
        MentorProfile(
            user=user,
            keywords="grant writing",
            offers=[Offer.CAREER],
            formats=[Format.PAIRING],
            capacity=2,
            time_zone="America/New_York",
        )
        for user in users
    )


@dataclass
class HarnessMentoring:
    kwargs: dict  # URL arguments: the trainee's request and pairing, a mentor, a table
    speed_session_id: int
    reviewer_request_id: int  # a third trainee's request to the reviewer, who may answer it
    ended_pairing_id: int  # the trainee's ended pairing with the reviewer (feedback)


def harness_mentoring(*, trainee, reviewer, third, meeting, goal: str) -> HarnessMentoring:
    """For the security harness: `trainee` (another member) has an ended pairing with the
    reviewer, a pairing under way with one mentor and a request waiting for another (both
    holding `goal`); a third trainee waits for the reviewer's answer; the meeting has a
    speed-mentoring table."""
    reviewer_mentor = services.mentor_profile_save(
        user=reviewer,
        keywords="harness",
        offers=[Offer.CAREER],
        formats=[Format.PAIRING, Format.CONVERSATION],
        capacity=3,
        languages="English",
        time_zone="UTC",
        is_paused=False,
    )
    pairing_mentor = mentor(first_name="Pia", last_name="Pairing", capacity=1)
    waiting_mentor = mentor(first_name="Mo", last_name="Waiting", capacity=1)

    def ask(asker, asked, goals):
        return services.request_send(
            trainee=asker, mentor_id=asked.pk, goals=goals, topics="", format=Format.PAIRING
        )

    ended = services.request_accept(
        request_id=ask(trainee, reviewer_mentor, "Harness goals").pk, user=reviewer
    )
    services.pairing_end(pairing_id=ended.pk, user=trainee)
    pairing = services.request_accept(
        request_id=ask(trainee, pairing_mentor, goal).pk, user=pairing_mentor.user
    )
    waiting = ask(trainee, waiting_mentor, goal)
    for_reviewer = ask(third, reviewer_mentor, "A third trainee's goals")
    session = SpeedSession.objects.create(meeting=meeting, title="Harness speed mentoring")
    starts = timezone.now() + timedelta(days=30)
    table = SpeedTable.objects.create(
        session=session,
        mentor=reviewer_mentor,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=20),
        capacity=2,
    )
    return HarnessMentoring(
        kwargs={
            "request_id": waiting.pk,
            "pairing_id": pairing.pk,
            "mentor_id": waiting_mentor.pk,
            "table_id": table.pk,
        },
        speed_session_id=session.pk,
        reviewer_request_id=for_reviewer.pk,
        ended_pairing_id=ended.pk,
    )


def mentoring_rows_add(user, meeting) -> None:
    """One of each mentorship row about `user` as a trainee (for the export's query count):
    an accepted request, its pairing, feedback, and a seat at a speed-mentoring table."""
    now = timezone.now()
    asked = MentorProfileFactory()
    request = MentorshipRequest.objects.create(
        trainee=user,
        mentor=asked,
        goals="Goals",
        format=Format.PAIRING,
        status=MentorshipRequest.Status.ACCEPTED,
        created_at=now,
        answer_by=now,
    )
    pairing = Pairing.objects.create(
        request=request, mentor=asked, trainee=user, format=Format.PAIRING, started_at=now
    )
    Feedback.objects.create(pairing=pairing, author=user, rating=4, created_at=now)
    session = SpeedSession.objects.create(meeting=meeting)
    table = SpeedTable.objects.create(session=session, mentor=asked, starts_at=now, ends_at=now)
    SpeedSeat.objects.create(table=table, trainee=user, created_at=now)
