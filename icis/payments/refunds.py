"""Refunds (by staff here, or in Stripe's dashboard) and disputes.

A refund asked for here is recorded as pending and committed before Stripe is asked, with the
refund's own id as the idempotency key and in Stripe's metadata; Stripe's answer is recorded
after. A refund made in Stripe's dashboard arrives as `charge.refunded`: the charge and its
refunds are fetched from Stripe, and every refund the site has not recorded yet is recorded,
never sent to Stripe again. Stripe's refunded total is the truth the payment keeps.

Every service here calls Stripe: call them outside any transaction."""

from datetime import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_one
from icis.core.money import format_money
from icis.mail.services import email_queue

from . import registry, services, stripe_gateway
from .audit import PaymentAction
from .exceptions import PaymentError
from .models import Payment, Refund

Status = Payment.Status
REFUNDABLE = (Status.PAID, Status.PARTIALLY_REFUNDED)
DASHBOARD_REASON = "Refunded in Stripe's dashboard"


def payment_refund(
    *, payment_id: int, amount: int | None, reason: str, actor, now: datetime | None = None
) -> Refund:
    """Refund all (amount=None) or part of a paid payment, through Stripe for card payments.
    The domain handlers hear about it (a fully refunded membership term ends).

    Call outside any transaction. Raises PaymentError when the payment cannot be refunded by
    that much (nothing changes) or when Stripe refuses or cannot be reached (the refund is kept
    as failed; if Stripe did make it after all, its webhook records it)."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = lock_one(Payment, pk=payment_id)
        if payment.status not in REFUNDABLE:
            raise PaymentError("Only a paid payment can be refunded.")
        pending = (
            payment.refunds.filter(status=Refund.Status.PENDING).aggregate(total=Sum("amount"))[
                "total"
            ]
            or 0
        )
        available = payment.refundable_amount - pending
        amount = available if amount is None else amount
        if not 0 < amount <= available:
            raise PaymentError(
                f"A refund must be between {format_money(1, payment.currency)} and "
                f"{format_money(max(available, 1), payment.currency)}."
                if available > 0
                else "A refund of everything left is already under way."
            )
        card = payment.provider == Payment.Provider.STRIPE
        refund = Refund.objects.create(
            payment=payment,
            amount=amount,
            reason=reason[:300],
            created_by=actor,
            status=Refund.Status.PENDING if card else Refund.Status.SUCCEEDED,
        )
        if not card:
            _refunds_apply(
                payment,
                total=payment.amount_refunded + amount,
                refunds=[refund],
                actor=actor,
                now=now,
            )
            return refund
    try:
        reference = stripe_gateway.refund_create(
            intent_id=payment.provider_reference,
            amount=amount,
            refund_id=refund.pk,
            idempotency_key=f"icis-refund-{refund.pk}",
        )
    except PaymentError:
        Refund.objects.filter(pk=refund.pk, status=Refund.Status.PENDING).update(
            status=Refund.Status.FAILED
        )
        raise
    with transaction.atomic():
        payment = lock_one(Payment, pk=payment_id)
        refund = Refund.objects.get(pk=refund.pk)
        if refund.status != Refund.Status.SUCCEEDED:  # the webhook may have recorded it first
            refund.status = Refund.Status.SUCCEEDED
            refund.provider_reference = reference
            refund.save(update_fields=["status", "provider_reference"])
            _refunds_apply(
                payment,
                total=payment.amount_refunded + refund.amount,
                refunds=[refund],
                actor=actor,
                now=now,
            )
    return refund


def _refunds_apply(
    payment: Payment, *, total: int, refunds: list[Refund], actor, now: datetime
) -> None:
    """The payment's refunded total becomes `total`; the domains and the payer hear about the
    new `refunds`. Runs under the payment's lock."""
    payment.amount_refunded = min(total, payment.amount)
    payment.status = (
        Status.REFUNDED if payment.amount_refunded == payment.amount else Status.PARTIALLY_REFUNDED
    )
    payment.save(update_fields=["amount_refunded", "status"])
    for item in payment.items.all():
        handler = registry.handler_for(item.kind)
        if handler.refund:
            handler.refund(
                item=item, payment=payment, fully=payment.status == Status.REFUNDED, now=now
            )
    for refund in refunds:
        email_queue(
            to=payment.payer_email,
            template="payments/email/payment_refunded",
            context={
                "name": payment.payer_name,
                "receipt_number": payment.receipt_number,
                "amount": format_money(refund.amount, payment.currency),
            },
            dedupe_key=f"payment:{payment.pk}:refund:{refund.pk}",
        )
        audit_record(
            actor=actor,
            action=PaymentAction.REFUND,
            target=payment,
            data={"amount": refund.amount, "reason": refund.reason, "refund": refund.pk},
        )


def _payment_for_intent(intent_id: str) -> Payment | None:
    if not intent_id:
        return None
    return Payment.objects.filter(
        provider=Payment.Provider.STRIPE, provider_reference=intent_id
    ).first()


def payment_refunds_sync(*, charge_id: str, now: datetime | None = None) -> str:
    """Record the refunds Stripe holds for a charge (made here or in Stripe's dashboard), once
    each. Call outside any transaction. Returns what happened, for the webhook's record."""
    now = now or timezone.now()
    truth = stripe_gateway.charge_refunds(charge_id)
    payment = _payment_for_intent(truth.intent_id)
    if payment is None:
        return "no payment on this site for this charge"
    with transaction.atomic():
        payment = lock_one(Payment, pk=payment.pk)
        if payment.status not in (*REFUNDABLE, Status.REFUNDED):
            return f"payment {payment.pk} is {payment.status}: refund left to staff"
        known = set(
            payment.refunds.exclude(provider_reference="").values_list(
                "provider_reference", flat=True
            )
        )
        recorded = []
        for reference, amount, own_id in truth.refunds:
            if reference in known:
                continue
            refund = (
                payment.refunds.filter(pk=own_id, provider_reference="").first() if own_id else None
            )
            if refund is None:
                refund = Refund(payment=payment, amount=amount, reason=DASHBOARD_REASON)
            refund.status = Refund.Status.SUCCEEDED
            refund.provider_reference = reference
            refund.save()
            recorded.append(refund)
        total = min(truth.amount_refunded, payment.amount)
        if not recorded and total == payment.amount_refunded:
            return f"payment {payment.pk}: refunds already recorded"
        _refunds_apply(payment, total=total, refunds=recorded, actor=None, now=now)
    return f"payment {payment.pk} is {payment.status}: {payment.amount_refunded_display} refunded"


def payment_dispute_sync(*, dispute_id: str, now: datetime | None = None) -> str:
    """Record a dispute (chargeback) as Stripe holds it, and tell the society's office once per
    change of its status. Call outside any transaction."""
    dispute = stripe_gateway.dispute_retrieve(dispute_id)
    payment = _payment_for_intent(dispute.intent_id)
    if payment is None:
        return "no payment on this site for this dispute"
    with transaction.atomic():
        payment = lock_one(Payment, pk=payment.pk)
        if (payment.dispute_reference, payment.dispute_status) == (dispute.id, dispute.status):
            return f"payment {payment.pk}: dispute {dispute.status} already recorded"
        payment.dispute_reference = dispute.id
        payment.dispute_status = dispute.status[:30]
        payment.dispute_amount = dispute.amount
        payment.save(update_fields=["dispute_reference", "dispute_status", "dispute_amount"])
        services.office_tell(
            payment=payment,
            template="payments/email/payment_dispute",
            dedupe_key=f"payment:{payment.pk}:dispute:{dispute.id}:{dispute.status}"[:200],
            dispute_id=dispute.id,
            dispute_amount=format_money(dispute.amount, dispute.currency or payment.currency),
            reason=dispute.reason,
            status=dispute.status,
        )
        audit_record(
            actor=None,
            action=PaymentAction.DISPUTE,
            target=payment,
            data={"dispute": dispute.id, "status": dispute.status, "amount": dispute.amount},
        )
    return f"payment {payment.pk}: dispute {dispute.status}"
