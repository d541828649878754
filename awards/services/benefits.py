"""What an award grants: the public list of recipients, a complimentary membership and a
complimentary registration."""

from datetime import datetime

from django.db import transaction

from meetings import registration as meeting_registration
from meetings.exceptions import RegistrationError
from members import services as member_services

from ..models import Application, Recipient


def grants_registration(application: Application) -> bool:
    cycle = application.cycle
    return bool(
        cycle.program.grants_registration and cycle.meeting_id and cycle.registration_category_id
    )


def _benefits_apply(
    application: Application, *, actor, now: datetime
) -> tuple[list[str], set[str]]:
    """The public list, a complimentary membership and a complimentary registration. What
    cannot be applied is returned as notes for staff, and what was given ("membership",
    "registration") for the email; the rest is still granted."""
    cycle = application.cycle
    program = cycle.program
    notes, granted = [], set()
    Recipient.objects.update_or_create(
        application=application,
        defaults={
            "program": program,
            "year": cycle.year,
            "name": application.candidate_name,
            "institution": application.candidate_institution,
            "citation": application.citation,
        },
    )
    candidate = application.candidate
    needs_account = program.grants_membership_type_id or grants_registration(application)
    if needs_account and candidate is None:
        return [
            f"No account for {application.candidate_email}: the complimentary membership or "
            "registration must be given by hand once they sign up."
        ], granted
    if program.grants_membership_type_id:
        member_services.membership_grant(
            user=candidate,
            membership_type=program.grants_membership_type,
            actor=actor,
            note=f"{cycle}",
            now=now,
        )
        granted.add("membership")
    if grants_registration(application):
        profile = getattr(candidate, "member_profile", None)
        try:
            with transaction.atomic():
                meeting_registration.registration_grant(
                    user=candidate,
                    meeting=cycle.meeting,
                    category=cycle.registration_category,
                    attendee=meeting_registration.Attendee(
                        badge_name=application.candidate_name,
                        affiliation=application.candidate_institution,
                        country=str(getattr(profile, "country", "") or ""),
                    ),
                    actor=actor,
                    now=now,
                    reason=str(cycle),
                )
        except RegistrationError as exc:
            notes.append(f"Registration not granted: {exc}")
        else:
            granted.add("registration")
    return notes, granted
