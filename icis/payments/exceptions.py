class PaymentError(Exception):
    """A payment request that cannot be carried out.

    The message is written for the payer or staff."""


class CardError(PaymentError):
    """The card was declined or could not be authenticated; the payment stays pending and the
    payer can try again."""


class GatewayError(PaymentError):
    """Stripe could not be reached or answered with an error that is not the payer's."""


class NotAtStripe(GatewayError):
    """Stripe holds no object with that id (a signed event about another account's charge, or
    from the other mode, test or live)."""


class SignatureError(Exception):
    """A webhook whose signature does not verify."""
