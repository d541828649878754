from .models import Payment


def payments_for(*, user):
    """A member's payments, newest first, without their pending attempts that were abandoned."""
    return Payment.objects.filter(payer=user).exclude(status=Payment.Status.CANCELLED)


def saved_card_for(*, user):
    from .models import SavedCard

    return SavedCard.objects.filter(user=user).first()
