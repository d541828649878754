"""The registration row a checkout writes holds every answer the attendee gave and the price
they pay, and every other column as the model would set it: a column added to the model later
is written too, with nothing to remember."""

from datetime import timedelta

import pytest
from django.utils import timezone

from icis.payments.models import LineItem
from meetings.models import PromoCode, Registration
from meetings.registration import Attendee, registration_checkout
from members.models import CareerStage, MemberProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status
ATTENDEE = Attendee(
    badge_name="Ada Lovelace",
    affiliation="Analytical Engines",
    country="GB",
    accessibility_needs="Step-free access to the lecture theatre",
    list_consent=True,
)
STAMPED = {"id", "created_at", "updated_at"}  # set by the database and the model on writing


def _person():
    user = UserFactory(first_name="Ada", last_name="Lovelace")
    MemberProfile.objects.create(
        user=user, institution="Analytical Engines", country="GB", career_stage=CareerStage.SENIOR
    )
    return user


def _written_as(registration: Registration, given: dict) -> dict:
    """Each column of the stored row that is neither what `given` names nor what the model
    would default it to: {column: (stored, expected)}."""
    row = Registration.objects.get(pk=registration.pk)
    wrong = {}
    for field in Registration._meta.concrete_fields:
        stored = getattr(row, field.attname)
        if field.attname in STAMPED:
            if stored is None:
                wrong[field.attname] = (stored, "a value")
            continue
        expected = given[field.attname] if field.attname in given else field.get_default()
        if stored != expected:
            wrong[field.attname] = (stored, expected)
        if getattr(registration, field.attname) != stored:  # what the caller is handed back
            wrong[f"{field.attname} (returned)"] = (getattr(registration, field.attname), stored)
    return wrong


def _answers() -> dict:
    return {
        "badge_name": ATTENDEE.badge_name,
        "affiliation": ATTENDEE.affiliation,
        "country": "GB",
        "accessibility_needs": ATTENDEE.accessibility_needs,
        "list_consent": True,
    }


def test_a_held_place_is_written_with_every_answer_and_the_model_s_defaults(open_meeting):
    user = _person()
    category = open_meeting.categories.get(slug="non-member")
    now = timezone.now()

    registration = registration_checkout(
        user=user, meeting=open_meeting, category=category, attendee=ATTENDEE, now=now
    )

    item = LineItem.objects.get(kind="registration", object_id=registration.pk)
    assert (
        _written_as(
            registration,
            {
                **_answers(),
                "meeting_id": open_meeting.pk,
                "user_id": user.pk,
                "category_id": category.pk,
                "status": Status.PENDING,
                "fee_window": "Early bird",
                "list_price": 75000,
                "amount": 75000,
                "payment_id": item.payment_id,
                "hold_expires_at": now + timedelta(minutes=open_meeting.registration.hold_minutes),
            },
        )
        == {}
    )


def test_a_free_place_is_written_with_every_answer_and_the_model_s_defaults(open_meeting):
    user = _person()
    category = open_meeting.categories.get(slug="non-member")
    code = PromoCode.objects.create(meeting=open_meeting, code="SPEAKER", percent_off=100)
    now = timezone.now()

    registration = registration_checkout(
        user=user,
        meeting=open_meeting,
        category=category,
        attendee=ATTENDEE,
        promo_code="speaker",
        now=now,
    )

    assert (
        _written_as(
            registration,
            {
                **_answers(),
                "meeting_id": open_meeting.pk,
                "user_id": user.pk,
                "category_id": category.pk,
                "status": Status.CONFIRMED,
                "fee_window": "Early bird",
                "list_price": 75000,
                "discount": 75000,
                "amount": 0,
                "promo_code_id": code.pk,
                "confirmed_at": now,
            },
        )
        == {}
    )
