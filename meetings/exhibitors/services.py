"""Writes of the exhibitor hall: a visit counted, a contact request sent or withdrawn, a
resource downloaded, contact requests exported."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.pdfs import pdf_check, pdf_display_name

from ..tournament.models import Action
from ..tournament.services.ledger import object_key, points_record
from . import selectors
from .audit import ExhibitorAction
from .models import (
    RESOURCE_MAX_MB,
    RESOURCE_MAX_PAGES,
    Booth,
    BoothResource,
    BoothVisitDay,
    Lead,
)


def consent_text(booth: Booth) -> str:
    """What the attendee reads above the contact form; stored with the request word for word."""
    name = booth.sponsor.name
    return (
        f"I ask {name} to contact me about its products and services. I agree that {name} "
        "and the people who staff its booth receive my name and email address, and the other "
        "details I tick below, as they are now. The society passes on nothing else. I can "
        "withdraw this request on this page while the meeting's platform is open."
    )


@transaction.atomic
def booth_visit(*, booth: Booth, user, attendee: bool, now: datetime | None = None) -> int:
    """An attendee opened the booth: one more visit on the day's counter (who is not kept),
    and the tournament's points for a first visit. Returns the points scored."""
    if not attendee:
        return 0
    now = now or timezone.now()
    meeting = booth.sponsor.meeting
    day = meeting.local_today(now)
    BoothVisitDay.objects.get_or_create(booth=booth, day=day)
    BoothVisitDay.objects.filter(booth=booth, day=day).update(visits=F("visits") + 1)
    return points_record(
        meeting=meeting, user=user, action=Action.BOOTH_VISIT, object_key=object_key(booth), now=now
    )


@dataclass(frozen=True)
class LeadSent:
    lead: Lead
    created: bool


@transaction.atomic
def lead_send(
    *,
    booth: Booth,
    user,
    share_institution: bool,
    share_country: bool,
    message: str,
    now: datetime | None = None,
) -> LeadSent:
    """Send (or update) the attendee's one contact request to the booth, with their name and
    email and only the details they chose, as they are at this moment."""
    now = now or timezone.now()
    details = selectors.contact_defaults(meeting=booth.sponsor.meeting, user=user)
    values = {
        "name": details["name"][:200],
        "email": details["email"],
        "institution": details["institution"][:300] if share_institution else "",
        "country": details["country"][:100] if share_country else "",
        "message": message.strip(),
        "consent_text": consent_text(booth),
        "updated_at": now,
    }
    try:
        with transaction.atomic():
            lead = Lead.objects.create(booth=booth, user=user, created_at=now, **values)
    except IntegrityError:  # sent before (perhaps a moment ago, from another tab): update it
        Lead.objects.filter(booth=booth, user=user).update(**values)
        return LeadSent(lead=Lead.objects.get(booth=booth, user=user), created=False)
    return LeadSent(lead=lead, created=True)


@transaction.atomic
def lead_withdraw(*, booth: Booth, user) -> bool:
    deleted, _ = Lead.objects.filter(booth=booth, user=user).delete()
    return bool(deleted)


def resource_downloaded(*, resource: BoothResource) -> None:
    BoothResource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)


LEAD_COLUMNS = [
    ("name", "Name"),
    ("email", "Email"),
    ("institution", "Institution"),
    ("country", "Country"),
    ("message", "Message"),
    ("updated_at", "Sent"),
]


@transaction.atomic
def leads_export(*, booth: Booth, actor, now: datetime | None = None) -> tuple[list, list]:
    """The booth's contact requests as a spreadsheet's header and rows (only what each
    attendee chose to share: a detail not shared is an empty cell); the export is audited."""
    leads = selectors.leads_for(booth=booth)
    audit_record(
        actor=actor,
        action=ExhibitorAction.LEADS_EXPORTED,
        target=booth,
        data={"rows": len(leads)},
        now=now,
    )
    header = [label for _, label in LEAD_COLUMNS]
    rows = [
        [
            lead.updated_at.isoformat(timespec="minutes")
            if field == "updated_at"
            else getattr(lead, field)
            for field, _ in LEAD_COLUMNS
        ]
        for lead in leads
    ]
    return header, rows


@transaction.atomic
def resource_pdf_add(*, booth: Booth, title: str, upload, ordering: int = 100) -> BoothResource:
    """Keep a PDF for the booth in private storage, once its content passed the check."""
    pdf_check(upload, max_pages=RESOURCE_MAX_PAGES, max_mb=RESOURCE_MAX_MB)
    name = pdf_display_name(upload.name, fallback="resource")
    resource = BoothResource(booth=booth, title=title, original_name=name, ordering=ordering)
    resource.file.save(name, upload, save=False)
    resource.save()
    return resource
