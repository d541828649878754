""" "My meetings": every meeting a person is registered for, or sent an abstract or an award
application to, newest first, with what they can do next and by when.

Each rule comes from the app that owns it (the access rule and the registrations from
`meetings.selectors`, the CME credits and their last day too, an abstract's deadline from
the abstract, an award call's window from the call); this module only puts them side by side.
Four queries whatever the number of meetings."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from awards import selectors as award_selectors
from meetings import selectors as meeting_selectors
from meetings.abstracts import selectors as abstract_selectors


@dataclass(frozen=True)
class NextStep:
    text: str
    url: str = ""
    on: date | datetime | None = None  # the date the step names, if any
    word: str = "by"  # "by" a deadline, "on" a day something happens


@dataclass
class MeetingEntry:
    meeting: object
    registration: object | None = None
    abstracts: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)
    platform_url: str = ""  # the virtual platform, for a confirmed attendee
    access_url: str = ""  # the published stream and on-demand details
    certificate_url: str = ""
    claim: object | None = None
    is_past: bool = False

    @property
    def place(self) -> str:
        meeting = self.meeting
        return ", ".join(part for part in (meeting.venue, meeting.city) if part)


def _entry_for_registration(entry: MeetingEntry, now: datetime) -> None:
    registration, meeting = entry.registration, entry.meeting
    confirmed = registration.status == "confirmed"
    settings = getattr(meeting, "registration", None)
    access_published = bool(settings and settings.access_published)
    if confirmed and meeting.has_virtual_platform:
        entry.platform_url = reverse("virtual:on_demand", kwargs={"slug": meeting.slug})
    if meeting_selectors.access_details_shown(
        registration=registration, meeting=meeting, access_published=access_published
    ):
        entry.access_url = reverse("meetings:attend", kwargs={"slug": meeting.slug})
    entry.claim = getattr(registration, "cme_claim", None)
    if entry.claim is not None:
        entry.certificate_url = reverse("meetings:certificate", kwargs={"slug": meeting.slug})
    payment = registration.payment
    if registration.status == "pending" and payment and payment.status == "pending":
        hold = registration.hold_expires_at
        if hold is None or hold > now:
            entry.next_steps.append(NextStep("Complete your payment", payment.get_pay_url(), hold))
    if confirmed and entry.is_past and entry.claim is None:
        credits = meeting_selectors.cme_credits_available(meeting)
        until = meeting_selectors.cme_claim_until(meeting)
        if credits and (until is None or meeting.local_today(now) <= until):
            entry.next_steps.append(
                NextStep(
                    f"Claim your CME credits (up to {credits.normalize()}) and your certificate",
                    reverse("meetings:cme_claim", kwargs={"slug": meeting.slug}),
                    until,
                )
            )


def _abstract_steps(entry: MeetingEntry, now: datetime) -> None:
    for abstract in entry.abstracts:
        if abstract.status == "draft" and abstract.is_editable(now):
            entry.next_steps.append(
                NextStep(
                    f"Submit your abstract {abstract}",
                    abstract.get_absolute_url(),
                    abstract.deadline(now),
                )
            )
        elif abstract.status == "submitted" and abstract.decision_released_at is None:
            decisions_on = abstract.call.decisions_on
            if decisions_on and decisions_on >= entry.meeting.local_today(now):
                entry.next_steps.append(NextStep("Abstract decisions", "", decisions_on, "on"))


def _application_steps(entry: MeetingEntry, now: datetime) -> None:
    for application in entry.applications:
        cycle = application.cycle
        if application.status == "draft" and cycle.is_open(now):
            entry.next_steps.append(
                NextStep(
                    f"Submit your {application.get_kind_display().lower()} for the "
                    f"{cycle.program.name}",
                    reverse("awards:application", kwargs={"application_id": application.pk}),
                    cycle.closes_at,
                )
            )


def _shown_registration(registrations: list) -> object:
    """A meeting's registration to show: the one not cancelled, else the latest cancelled."""
    live = [r for r in registrations if r.status != "cancelled"]
    return (live or registrations)[0]


def my_meetings(*, user, now: datetime | None = None) -> list[MeetingEntry]:
    now = now or timezone.now()
    registrations = meeting_selectors.registrations_of(user=user)
    abstracts = abstract_selectors.abstracts_of(user=user)
    applications = award_selectors.applications_with_meetings_of(user=user)

    meetings: dict[int, object] = {}
    by_meeting: dict[int, list] = {}
    for registration in registrations:
        meetings.setdefault(registration.meeting_id, registration.meeting)
        by_meeting.setdefault(registration.meeting_id, []).append(registration)
    for abstract in abstracts:
        meetings.setdefault(abstract.call.meeting_id, abstract.call.meeting)
    for application in applications:
        meetings.setdefault(application.cycle.meeting_id, application.cycle.meeting)

    entries = []
    for meeting_id, meeting in meetings.items():
        entry = MeetingEntry(
            meeting=meeting,
            abstracts=[a for a in abstracts if a.call.meeting_id == meeting_id],
            applications=[a for a in applications if a.cycle.meeting_id == meeting_id],
            is_past=meeting.phase(now) == "past",
        )
        if meeting_id in by_meeting:
            entry.registration = _shown_registration(by_meeting[meeting_id])
            _entry_for_registration(entry, now)
        _abstract_steps(entry, now)
        _application_steps(entry, now)
        entries.append(entry)
    entries.sort(key=lambda entry: (entry.meeting.start_date, entry.meeting.pk), reverse=True)
    return entries
