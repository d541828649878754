"""Meetings' reads, each page in a fixed number of queries."""

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from icis.core.search import SearchSource

from .models import (
    Committee,
    CommitteeMember,
    Meeting,
    Partner,
    Phase,
    ProgramDay,
    Registration,
    RegistrationCategory,
    Session,
    Sponsor,
    Talk,
    TalkSpeaker,
    WaitlistEntry,
)


@dataclass(frozen=True)
class MeetingsByPhase:
    """The public meetings sorted by their dates (in each meeting's own time zone).

    `featured` is the meeting to lead with: one under way, else the upcoming one flagged
    current, else the soonest upcoming one. The flag never makes a past meeting current."""

    featured: Meeting | None
    upcoming: list[Meeting] = field(default_factory=list)  # the others not over, soonest first
    past: list[Meeting] = field(default_factory=list)  # newest first

    @property
    def latest_past(self) -> Meeting | None:
        return self.past[0] if self.past else None


def meetings_by_phase(*, now: datetime | None = None) -> MeetingsByPhase:
    """Every public meeting, as upcoming or past, in one query."""
    now = now or timezone.now()
    meetings = list(
        Meeting.objects.public()
        .defer("welcome_text", "welcome_letter", "signature_block")
        .order_by("start_date", "pk")
    )
    past = [meeting for meeting in meetings if meeting.phase(now) == Phase.PAST]
    coming = [meeting for meeting in meetings if meeting.phase(now) != Phase.PAST]
    featured = next(
        (meeting for meeting in coming if meeting.phase(now) == Phase.UNDER_WAY),
        next((meeting for meeting in coming if meeting.is_current), None),
    ) or (coming[0] if coming else None)
    return MeetingsByPhase(
        featured=featured,
        upcoming=[meeting for meeting in coming if meeting is not featured],
        past=past[::-1],
    )


def meeting_current(*, now: datetime | None = None) -> Meeting | None:
    """The meeting under way or coming next (see MeetingsByPhase.featured); None when none
    is announced."""
    return meetings_by_phase(now=now).featured


def meeting_get(*, slug: str) -> Meeting | None:
    return Meeting.objects.public().filter(slug=slug).first()


def attendee_confirmed(*, meeting: Meeting, user) -> bool:
    """A confirmed registration for the meeting: the one rule for who attends it."""
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        meeting=meeting, user=user, status=Registration.Status.CONFIRMED
    ).exists()


def access_details_shown(
    *, registration: Registration, meeting: Meeting, access_published: bool
) -> bool:
    """The stream and on-demand details are for a confirmed attendee of a meeting with a
    virtual part, once staff publish them: the one rule for the attend page and My meetings."""
    return (
        registration.status == Registration.Status.CONFIRMED
        and access_published
        and meeting.format != "in_person"
    )


def registrations_of(*, user) -> list[Registration]:
    """Every registration of the person, every meeting (cancelled ones too), newest meeting
    first, with what "My meetings" shows of each: the meeting and its registration settings,
    the category, the payment, the CME claim, and the meeting's accreditations. Two queries."""
    return list(
        Registration.objects.filter(user=user)
        .select_related("meeting", "meeting__registration", "category", "payment", "cme_claim")
        .prefetch_related("meeting__accreditations")
        .order_by("-meeting__start_date", "-created_at", "-pk")
    )


def cme_credits_available(meeting: Meeting) -> Decimal:
    return max(
        (accreditation.credits for accreditation in meeting.accreditations.all()),
        default=Decimal(0),
    )


def cme_claim_until(meeting: Meeting) -> date | None:
    """The last day credits may be claimed: the earliest end any accreditation sets (None:
    no end). Uses `meeting.accreditations.all()`, so a prefetch saves the query."""
    return min(
        (a.claim_until for a in meeting.accreditations.all() if a.claim_until is not None),
        default=None,
    )


def meeting_overview(*, slug: str) -> Meeting | None:
    """The meeting with what its overview shows: notices, committees, sponsors, grants."""
    return (
        Meeting.objects.public()
        .filter(slug=slug)
        .prefetch_related(
            "format_changes",
            "accreditations",
            "compliance_notices",
            "grants",
            Prefetch(
                "committees",
                queryset=Committee.objects.prefetch_related(
                    Prefetch("members", queryset=CommitteeMember.objects.select_related("person"))
                ),
            ),
            Prefetch(
                "sponsors",
                queryset=Sponsor.objects.select_related("tier").order_by(
                    "tier__rank", "ordering", "name"
                ),
            ),
            _shown_partners(),
        )
        .first()
    )


def committees_of(*, meeting: Meeting) -> list[Committee]:
    """The meeting's committees with their members and each member's person: two queries."""
    return list(
        meeting.committees.prefetch_related(
            Prefetch("members", queryset=CommitteeMember.objects.select_related("person"))
        )
    )


def meeting_cme(*, slug: str) -> Meeting | None:
    """The meeting with its accreditations and compliance notices, in three queries."""
    return (
        Meeting.objects.public()
        .filter(slug=slug)
        .prefetch_related("accreditations", "compliance_notices")
        .first()
    )


def sponsors_by_tier(meeting: Meeting) -> "OrderedDict[str, list[Sponsor]]":
    """Sponsors grouped under their tier's name, best tier first; untiered last."""
    # The sponsors come with their tier (select_related): no second query for the tiers.
    groups: OrderedDict[str, list[Sponsor]] = OrderedDict()
    ordered = sorted(
        meeting.sponsors.all(),
        key=lambda sponsor: (
            sponsor.tier.rank if sponsor.tier_id else 10_000,
            sponsor.ordering,
            sponsor.name,
        ),
    )
    for sponsor in ordered:
        name = sponsor.tier.name if sponsor.tier_id else "Sponsors"
        groups.setdefault(name, []).append(sponsor)
    return groups


def sponsor_groups_of(*, meeting: Meeting | None) -> "OrderedDict[str, list[Sponsor]]":
    """The meeting's sponsors by tier with their tiers (the home page): one query."""
    if meeting is None:
        return OrderedDict()
    prefetch_related_objects(
        [meeting], Prefetch("sponsors", queryset=Sponsor.objects.select_related("tier"))
    )
    return sponsors_by_tier(meeting)


def meeting_with_sponsors(*, slug: str) -> Meeting | None:
    return (
        Meeting.objects.public()
        .filter(slug=slug)
        .prefetch_related(
            "grants",
            Prefetch("sponsors", queryset=Sponsor.objects.select_related("tier")),
            _shown_partners(),
        )
        .first()
    )


def _shown_partners() -> Prefetch:
    """A meeting's `partners`: those tied to it that staff show, in their order."""
    return Prefetch("partners", queryset=Partner.objects.filter(is_active=True))


def partners_shown() -> list[Partner]:
    """The society's partners for /about/partners/: one query."""
    return list(Partner.objects.filter(is_active=True))


@dataclass(frozen=True)
class ProgramPage:
    days: list[ProgramDay]  # filtered by day and kind, with their sessions
    all_days: list  # the dates of all the meeting's days, for the day filter


def program_page(*, meeting: Meeting, day: str = "", kind: str = "") -> ProgramPage:
    """The program filtered by day and kind (as `program_days`) and the dates of all the
    meeting's days (for the day filter), from the same query of the days: five in all."""
    sessions = _program_sessions(kind=kind)
    if day:
        sessions = sessions.filter(day__date=day)
    every_day = list(meeting.days.prefetch_related(Prefetch("sessions", queryset=sessions)))
    shown = [
        program_day
        for program_day in every_day
        if (not day or program_day.date.isoformat() == day)
        and (not kind or program_day.sessions.all())
    ]
    return ProgramPage(days=shown, all_days=[program_day.date for program_day in every_day])


def _program_sessions(*, kind: str = ""):
    sessions = Session.objects.order_by("start_time", "track", "title").prefetch_related(
        "chairs",
        Prefetch(
            "talks",
            queryset=Talk.objects.prefetch_related(
                Prefetch("talkspeaker_set", queryset=TalkSpeaker.objects.select_related("person"))
            ),
        ),
    )
    if kind:
        sessions = sessions.filter(kind=kind)
    return sessions


def program_days(*, meeting: Meeting, day: str = "", kind: str = "") -> list[ProgramDay]:
    """The program: days with their sessions, chairs, talks and speakers, in four queries
    whatever its size, filtered by day (ISO date) and session kind."""
    sessions = _program_sessions(kind=kind)
    days = meeting.days.prefetch_related(Prefetch("sessions", queryset=sessions))
    if day:
        days = days.filter(date=day)
    if kind:
        days = days.filter(sessions__kind=kind).distinct()
    return list(days)


def session_get(*, meeting: Meeting, session_id: int) -> Session | None:
    return (
        Session.objects.filter(pk=session_id, day__meeting=meeting)
        .select_related("day", "day__meeting")
        .first()
    )


def waitlist_place(*, meeting: Meeting, user) -> WaitlistEntry | None:
    """The person's place on the meeting's waitlist, while still waiting for one."""
    return WaitlistEntry.objects.filter(
        meeting=meeting, user=user, status=WaitlistEntry.Status.WAITING
    ).first()


def meetings_search_source() -> SearchSource:
    """Public meetings. Names weigh most, then taglines and cities, then welcome texts (the
    stored document)."""
    return SearchSource(
        kind="Meeting",
        rows=Meeting.objects.public(),
        order_after_rank=("-start_date",),
        title="name",
        link="slug",
        snippet_fields=("tagline", "city", "welcome_text"),
        url=lambda pk, slug: reverse("meetings:detail", kwargs={"slug": slug}),
    )


def sessions_search_source() -> SearchSource:
    """Program sessions of public meetings, linking to the session in its meeting's program.
    Titles weigh more than descriptions (the stored document); the snippet names the meeting."""
    return SearchSource(
        kind="Session",
        rows=Session.objects.filter(day__meeting__in=Meeting.objects.public()),
        order_after_rank=("-day__date", "start_time", "pk"),
        title="title",
        link="day__meeting__slug",
        snippet_fields=("day__meeting__name", "description"),
        url=lambda pk, slug: reverse("meetings:program", kwargs={"slug": slug}) + f"#session-{pk}",
    )


def category_label(category: RegistrationCategory) -> str:
    return f"{category.name} ({category.meeting.name})"


def registration_categories():
    return RegistrationCategory.objects.select_related("meeting").order_by(
        "-meeting__start_date", "ordering", "name"
    )


def registration_counts_by_category(meeting: Meeting | None) -> dict:
    """Places per category (of one meeting, or of all), by status: one query."""
    Status = Registration.Status
    categories = registration_categories()
    if meeting is not None:
        categories = categories.filter(meeting=meeting)
    categories = categories.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED)),
        pending=Count("registrations", filter=Q(registrations__status=Status.PENDING)),
        cancelled=Count("registrations", filter=Q(registrations__status=Status.CANCELLED)),
    )
    rows = [
        {
            "label": category.name if meeting else category_label(category),
            "confirmed": category.confirmed,
            "pending": category.pending,
            "cancelled": category.cancelled,
        }
        for category in categories
    ]
    totals = {key: sum(row[key] for row in rows) for key in ("confirmed", "pending", "cancelled")}
    return {"rows": rows, "totals": totals}


def registration_counts_by_day(
    meeting: Meeting | None, *, days: int = 30, now: datetime | None = None
) -> dict:
    """Registrations created on each of the last `days` days (today included, in the site's
    time zone) that had any, newest first: one query."""
    zone = timezone.get_current_timezone()
    today = timezone.localdate(now or timezone.now(), zone)
    since = datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=zone)
    registrations = Registration.objects.filter(created_at__gte=since)
    if meeting is not None:
        registrations = registrations.filter(meeting=meeting)
    rows = list(
        registrations.annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("-day")
    )
    return {"rows": rows, "total": sum(row["count"] for row in rows), "days": days}


def meetings_for_sitemap() -> list[Meeting]:
    """Every meeting a visitor can see (drafts left out), for the sitemap: one query."""
    return list(Meeting.objects.public().only("slug", "updated_at").order_by("start_date", "pk"))
