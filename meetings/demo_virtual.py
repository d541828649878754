"""The demo's virtual meeting for Cytokines 2021: an attendee account to walk through it, and
each part's own demo (recordings, posters, booths, the finished tournament)."""

import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import Meeting, Registration, RegistrationCategory

ATTENDEE_EMAIL = "attendee@example.org"
# A demo password, documented in the README; ICIS_DEMO_ATTENDEE_PASSWORD replaces it.
ATTENDEE_PASSWORD_DEFAULT = "cytokines-attendee-2021"  # noqa: S105


def _attendee(meeting: Meeting) -> bool:
    """The account a newcomer signs in with to see the platform as an attendee."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=ATTENDEE_EMAIL).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=ATTENDEE_EMAIL,
            password=os.environ.get("ICIS_DEMO_ATTENDEE_PASSWORD", ATTENDEE_PASSWORD_DEFAULT),
            first_name="Demo",
            last_name="Attendee",
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    category, _ = RegistrationCategory.objects.get_or_create(
        meeting=meeting,
        slug="demo-attendee",
        defaults={"name": "Demo attendee", "is_public": False},
    )
    Registration.objects.get_or_create(
        meeting=meeting,
        user=user,
        defaults={
            "category": category,
            "status": Registration.Status.CONFIRMED,
            "fee_window": "Complimentary",
            "is_complimentary": True,
            "confirmed_at": timezone.now(),
            "badge_name": "Demo Attendee",
            "affiliation": "Example University",
            "country": "GB",
        },
    )
    return created


@transaction.atomic
def load(meeting: Meeting) -> dict:
    """Each part in the order they build on: the tournament's demo attendees play, posters come
    from the judged 2021 abstracts and are then asked about and voted on, booths get requests
    from the demo attendees."""
    from .exhibitors import demo as exhibitors_demo
    from .posters import demo as posters_demo
    from .posters import demo_engagement as poster_engagement_demo
    from .tournament import demo as tournament_demo
    from .virtual import demo as virtual_demo

    return {
        "attendee_created": _attendee(meeting),
        "recordings": virtual_demo.load(meeting),
        "tournament": tournament_demo.load(meeting),
        "posters": posters_demo.load(meeting),
        "poster_engagement": poster_engagement_demo.load(meeting),
        "booths": exhibitors_demo.load(meeting),
    }
