"""A small society whose figures are known, for the dashboard's tests."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from icis.mail.models import OutboundEmail
from icis.payments.models import LineItem, Payment
from members.models import Membership, RenewalCharge
from tests.factories import (
    MemberProfileFactory,
    MembershipFactory,
    MembershipTypeFactory,
    UserFactory,
)


def member(*, starts, ends, type_slug="regular", source=Membership.Source.IMPORT, auto=False):
    user = UserFactory()
    MemberProfileFactory(user=user, auto_renew=auto)
    return MembershipFactory(
        user=user,
        membership_type=MembershipTypeFactory(slug=type_slug),
        start_date=starts,
        end_date=ends,
        source=source,
        confirmed_at=datetime(starts.year, starts.month, starts.day, 12, tzinfo=UTC),
    )


def paid(*, currency, amount, kind, provider=Payment.Provider.STRIPE, paid_at=None):
    payment = Payment.objects.create(
        payer_name="A Member",
        payer_email="member@example.org",
        description=kind,
        currency=currency,
        amount=amount,
        status=Payment.Status.PAID,
        provider=provider,
        paid_at=paid_at or timezone.now(),
    )
    LineItem.objects.create(
        payment=payment, kind=kind, object_id=1, description=kind, amount=amount
    )
    return payment


def known_world():
    """Three active members (two Regular, one Trainee), one in grace and one lapsed; two of
    the active terms end within 60 days, one of them renewing automatically, whose last charge
    failed; money in two currencies; one failed and two waiting emails."""
    today = timezone.localdate()
    year = timedelta(days=364)
    ends_soon = today + timedelta(days=10)
    member(
        starts=today - timedelta(days=30),
        ends=today - timedelta(days=30) + year,
        source=Membership.Source.JOIN,
    )
    auto = member(starts=ends_soon - year, ends=ends_soon, auto=True)
    member(
        starts=today + timedelta(days=40) - year,
        ends=today + timedelta(days=40),
        type_slug="trainee",
    )
    member(starts=today - timedelta(days=5) - year, ends=today - timedelta(days=5))
    member(starts=today - timedelta(days=200) - year, ends=today - timedelta(days=200))
    RenewalCharge.objects.create(
        membership=auto, attempt=1, outcome=RenewalCharge.Outcome.FAILED, message="Declined"
    )
    paid(currency="USD", amount=15000, kind="membership")
    paid(currency="USD", amount=5000, kind="membership", provider=Payment.Provider.MANUAL)
    paid(currency="GBP", amount=30000, kind="registration")
    for n, status in enumerate(["failed", "queued", "sending", "sent"]):
        OutboundEmail.objects.create(
            to_email=f"p{n}@example.org",
            from_email="office@example.org",
            subject="Hello",
            body_text="Hello",
            dedupe_key=f"test:{n}",
            status=status,
        )
