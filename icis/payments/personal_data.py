"""Payments in the personal-data registry (`icis.accounts.personal_data`): payments are
financial records and stay, anonymised; the card a member saved for automatic renewal is
theirs and goes. The payments themselves are in the member's export under "payments"."""

from datetime import datetime

from icis.accounts import personal_data

from .models import SavedCard, StripeCustomer
from .services import payer_anonymise


def account_export(*, user) -> dict:
    card = SavedCard.objects.filter(user=user).first()
    return {
        "saved_card": {
            "brand": card.brand,
            "last4": card.last4,
            "expires": f"{card.exp_month:02d}/{card.exp_year}"
            if card.exp_month and card.exp_year
            else None,
            "saved": card.saved_at.isoformat(),
        }
        if card
        else None,
    }


def account_erase(*, user, now: datetime) -> None:
    """The saved card's name and the Stripe customer's id go (Stripe keeps the card itself
    until the customer is removed there); payments stay as financial records without the
    payer's name or address."""
    SavedCard.objects.filter(user=user).delete()
    StripeCustomer.objects.filter(user=user).delete()
    payer_anonymise(user=user)


def register() -> None:
    personal_data.register(
        "payment_card",
        export=account_export,
        erase=account_erase,
        # The payments themselves are listed by the member's export (members.services).
        exported=["payments.Payment", "payments.SavedCard"],
        erased=["payments.SavedCard", "payments.StripeCustomer"],
        kept={
            "payments.Payment": "A financial record the society must keep for its accounts "
            "and receipts: it stays, its payer, payer_name and payer_email replaced "
            "(payer_anonymise).",
            "payments.Refund": "Who made a refund is staff's act on a financial record; the "
            "link goes with the staff account (SET_NULL).",
        },
    )
