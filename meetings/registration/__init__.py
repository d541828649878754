"""Registration for the annual meeting: prices, places, promo codes, the waitlist,
cancellations, announcements and CME claims.

Every path that uses up a place (checkout, a waitlist offer taken up, a staff registration, an
award's free place) locks the meeting's row first and counts and writes inside that one lock,
so the last place is sold once and a promo code is never used more often than it may be.

The parts live in their own modules: ``_common`` (shared helpers, the meeting lock, eligibility,
promo codes), ``places`` (taking a place), ``checkout``, ``fulfilment`` (paid or refunded),
``cancellation`` (refunds, holds released), ``grant`` (free places) and ``waitlist``. Every
name the rest of the project uses is importable from here.
"""

from ._common import (
    PROMO_USED_UP,
    Attendee,
    eligibility_problem,
    fee_window_current,
    meeting_today,
    settings_for,
    streams_visible_to,
)
from .cancellation import holds_release_expired, refund_due, refund_percent, registration_cancel
from .checkout import registration_checkout
from .fulfilment import registration_fulfil, registration_refunded
from .grant import registration_grant
from .waitlist import waitlist_expire_offers, waitlist_join, waitlist_offer_next

__all__ = [
    "PROMO_USED_UP",
    "Attendee",
    "eligibility_problem",
    "fee_window_current",
    "holds_release_expired",
    "meeting_today",
    "refund_due",
    "refund_percent",
    "registration_cancel",
    "registration_checkout",
    "registration_fulfil",
    "registration_grant",
    "registration_refunded",
    "settings_for",
    "streams_visible_to",
    "waitlist_expire_offers",
    "waitlist_join",
    "waitlist_offer_next",
]
