"""Automatic renewal: a saved card charged before the term ends, retried on a dunning
schedule, never extending a term it was not paid for."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.mail.services import email_queue
from icis.payments import services as payment_services
from icis.payments.models import Payment
from icis.payments.services import Checkout

from .audit import MemberAction
from .exceptions import MembershipError
from .models import MemberProfile, Membership, RenewalCharge, RenewalNoticeSent
from .notices import _latest_terms, notice_dedupe_key
from .selectors import Standing, membership_standing
from .services import membership_checkout, profile_ensure

logger = logging.getLogger(__name__)
Outcome = RenewalCharge.Outcome
# A claimed attempt with no outcome after this long belongs to a worker that died mid-charge.
ABANDONED_AFTER = timedelta(minutes=30)


def autorenew_refusal(*, standing: Standing) -> str:
    """Why this person cannot save a card for automatic renewal now, or "" when they can. It
    renews a current membership: an active term that has an end (a lifetime one is never
    renewed); a lapsed or grace membership is renewed by hand first."""
    if standing.is_lifetime:
        return "Your membership is for life: there is nothing to renew."
    if standing.status != "active":
        return (
            "Automatic renewal renews a current membership. Once your membership is active, "
            "you can save a card for it here."
        )
    return ""


def autorenew_card_setup(*, user, now: datetime | None = None) -> Checkout:
    """A member starts saving a card (presses Save on the automatic renewal page): Stripe's
    customer, made once, and a SetupIntent for the card. Only for someone who may renew
    automatically; raises MembershipError otherwise. Call outside any transaction."""
    on = timezone.localdate(now) if now else None
    refusal = autorenew_refusal(standing=membership_standing(user=user, on=on))
    if refusal:
        raise MembershipError(refusal)
    return payment_services.card_setup(user=user)


def autorenew_enable(*, user, setup_id: str, payment_method: str) -> MemberProfile:
    """Keep the card saved on `setup_id` and renew automatically. Call outside any transaction
    (the card is checked with Stripe first)."""
    payment_services.card_save(user=user, setup_id=setup_id, payment_method=payment_method)
    return autorenew_card_saved(user=user)


@transaction.atomic
def autorenew_card_saved(*, user, now: datetime | None = None) -> MemberProfile:
    """The member kept a card to renew automatically: on the saved-card form, or by ticking
    "renew automatically" when paying for a membership (payments calls this then)."""
    profile = profile_ensure(user=user)
    if not profile.auto_renew:
        profile.auto_renew = True
        profile.save(update_fields=["auto_renew"])
        audit_record(actor=user, action=MemberAction.AUTORENEW_ON, target=profile)
    return profile


@transaction.atomic
def autorenew_disable(*, user) -> MemberProfile:
    profile = profile_ensure(user=user)
    profile.auto_renew = False
    profile.save(update_fields=["auto_renew"])
    payment_services.card_forget(user=user)
    audit_record(actor=user, action=MemberAction.AUTORENEW_OFF, target=profile)
    return profile


def attempt_days() -> list[int]:
    """Days after the charge day on which each attempt is made: [0, 3, 7] by default."""
    return [0, *settings.AUTO_RENEW_RETRY_DAYS]


@dataclass
class AutoRenewReport:
    paid: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)


def autorenewals_due(*, today):
    """Latest terms of members who renew automatically, from their first charge day until the
    last retry."""
    first_charge = settings.AUTO_RENEW_CHARGE_DAYS_BEFORE
    last_retry = max(attempt_days())
    return (
        _latest_terms()
        .filter(
            user__member_profile__auto_renew=True,
            user__is_active=True,
            end_date__lte=today + timedelta(days=first_charge),
            end_date__gte=today + timedelta(days=first_charge - last_retry),
        )
        .select_related("user", "membership_type")
        .order_by("end_date", "pk")
    )


def autorenewals_run(*, now: datetime | None = None) -> AutoRenewReport:
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = AutoRenewReport()
    for term in autorenewals_due(today=today):
        charge_day = term.end_date - timedelta(days=settings.AUTO_RENEW_CHARGE_DAYS_BEFORE)
        attempt = _next_attempt(term, days_since_charge_day=(today - charge_day).days, now=now)
        if attempt is None:
            continue
        outcome = _attempt_charge(term, attempt, now=now)
        {Outcome.PAID: report.paid, Outcome.FAILED: report.failed}.get(
            outcome, report.skipped
        ).append(term.pk)
    return report


def _next_attempt(term: Membership, *, days_since_charge_day: int, now: datetime) -> int | None:
    """The attempt due today, if any, claimed for this run. Earlier attempts must have
    failed; a claimed attempt with no outcome is run again (with the same idempotency key, so
    Stripe charges once) only after it was clearly abandoned."""
    previous = {charge.attempt: charge for charge in term.renewal_charges.all()}
    if any(charge.outcome in (Outcome.PAID, Outcome.SKIPPED) for charge in previous.values()):
        return None
    due = [n for n, day in enumerate(attempt_days()) if day <= days_since_charge_day]
    if not due:
        return None
    attempt = due[-1] if due[-1] not in previous else None
    if attempt is None:
        stale = previous.get(due[-1])
        if stale and stale.outcome == Outcome.CLAIMED and now - stale.created_at > ABANDONED_AFTER:
            return stale.attempt
        return None
    try:
        with transaction.atomic():
            RenewalCharge.objects.create(membership=term, attempt=attempt)
    except IntegrityError:
        return None  # another worker claimed it a moment ago
    return attempt


def _attempt_charge(term: Membership, attempt: int, *, now: datetime) -> str:
    charge = RenewalCharge.objects.get(membership=term, attempt=attempt)
    # A renewal the member started and left unpaid is their choice of type: charge for that.
    pending = (
        Membership.objects.pending()
        .filter(user=term.user)
        .select_related("membership_type")
        .first()
    )
    membership_type = pending.membership_type if pending else term.membership_type
    try:
        payment = membership_checkout(user=term.user, membership_type=membership_type, now=now)
    except MembershipError as exc:
        _record(charge, Outcome.SKIPPED, str(exc))
        _email_failed(
            term, charge, message=str(exc), pay_url="/membership/renew/", last=True, now=now
        )
        return Outcome.SKIPPED
    if payment.status != Payment.Status.PENDING:
        _record(charge, Outcome.SKIPPED, "already paid", payment=payment)
        return Outcome.SKIPPED
    result = payment_services.payment_charge_saved_card(
        payment_id=payment.pk, attempt_key=str(attempt), now=now
    )
    if result.status == "succeeded":
        _record(charge, Outcome.PAID, "", payment=payment)
        audit_record(
            actor=None,
            action=MemberAction.AUTORENEW_PAID,
            target=term,
            data={"attempt": attempt, "payment": payment.pk},
        )
        return Outcome.PAID
    _record(charge, Outcome.FAILED, result.message, payment=payment)
    last = attempt == len(attempt_days()) - 1
    _email_failed(
        term, charge, message=result.message, pay_url=payment.get_pay_url(), last=last, now=now
    )
    audit_record(
        actor=None,
        action=MemberAction.AUTORENEW_FAILED,
        target=term,
        data={"attempt": attempt, "message": result.message},
    )
    return Outcome.FAILED


def _record(charge: RenewalCharge, outcome: str, message: str, payment=None) -> None:
    charge.outcome = outcome
    charge.message = message[:300]
    charge.payment = payment
    charge.save(update_fields=["outcome", "message", "payment"])


def _email_failed(term, charge, *, message: str, pay_url: str, last: bool, now: datetime) -> None:
    """Tell the member the charge did not go through: once per attempt, recorded with the term's
    other renewal notices."""
    days = attempt_days()
    charge_day = term.end_date - timedelta(days=settings.AUTO_RENEW_CHARGE_DAYS_BEFORE)
    next_try = "" if last else f"{charge_day + timedelta(days=days[charge.attempt + 1]):%-d %B %Y}"
    notice = f"autorenew-failed-{charge.attempt}"
    with transaction.atomic():
        RenewalNoticeSent.objects.bulk_create(
            [RenewalNoticeSent(membership=term, notice=notice, queued_at=now)],
            ignore_conflicts=True,
        )
        email_queue(
            to=term.user.email,
            template="members/email/autorenew_failed",
            context={
                "name": term.user.get_short_name(),
                "membership_type": term.membership_type.name,
                "end_date": f"{term.end_date:%-d %B %Y}",
                "reason": message,
                "pay_path": pay_url,
                "next_try": next_try,
            },
            dedupe_key=notice_dedupe_key(term.pk, notice),
        )
