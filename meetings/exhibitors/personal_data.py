"""The exhibitor hall in the personal-data registry (`icis.accounts.personal_data`).

Export: the contact requests the person sent to booths (exactly what each shared, and the
consent text they agreed to), and the booths they staff. Erasure: both go. Visits to booths
were only ever counted, never tied to anyone."""

from datetime import datetime

from icis.accounts import personal_data

from .models import BoothStaff, Lead


def account_export(*, user) -> dict:
    leads = Lead.objects.filter(user=user).select_related("booth__sponsor__meeting")
    staffed = BoothStaff.objects.filter(user=user).select_related("booth__sponsor__meeting")
    return {
        "contact_requests": [
            {
                "meeting": lead.booth.sponsor.meeting.name,
                "booth": lead.booth.sponsor.name,
                "name": lead.name,
                "email": lead.email,
                "institution": lead.institution,
                "country": lead.country,
                "message": lead.message,
                "consent_text": lead.consent_text,
                "sent": lead.created_at.isoformat(),
                "updated": lead.updated_at.isoformat(),
            }
            for lead in leads
        ],
        "booth_staff_of": [
            {"meeting": link.booth.sponsor.meeting.name, "booth": link.booth.sponsor.name}
            for link in staffed
        ],
    }


def account_erase(*, user, now: datetime) -> None:
    Lead.objects.filter(user=user).delete()
    BoothStaff.objects.filter(user=user).delete()


def register() -> None:
    personal_data.register(
        "exhibitors",
        export=account_export,
        erase=account_erase,
        exported=["exhibitors.Lead", "exhibitors.BoothStaff"],
        erased=["exhibitors.Lead", "exhibitors.BoothStaff"],
    )
