"""The member rate's one rule, and the membership a registrant may buy in the same payment.

The member rate needs a membership that covers the meeting's dates; the grace period after a
term is not membership. Someone it does not cover (never a member, lapsed, in grace, or ending
before the meeting) may join, or renew, in the registration's payment, where the membership
type has a price in the meeting's currency; otherwise it is paid separately, first. The
register page, the checkout and the admin all ask `member_rate_holds` (or, for a list,
`member_rate_condition`)."""

from dataclasses import dataclass, field

from django.db.models import OuterRef

from members import selectors as member_selectors

from .models import Meeting


def member_rate_holds(*, user, meeting: Meeting) -> bool:
    return member_selectors.membership_covers(
        user=user, first_day=meeting.start_date, last_day=meeting.end_date
    )


def member_rate_condition():
    """`member_rate_holds` for every registration in a list, as one subquery."""
    return member_selectors.membership_covers_condition(
        user=OuterRef("user_id"),
        first_day=OuterRef("meeting__start_date"),
        last_day=OuterRef("meeting__end_date"),
    )


@dataclass(frozen=True)
class MembershipOffer:
    """What the registration form offers: "join", "renew" or "" (covered already: nothing)."""

    mode: str
    currency: str
    types: list = field(default_factory=list)  # membership types priced in `currency`
    paid_separately: list = field(default_factory=list)  # types not sold in it


def membership_offer(*, user, meeting: Meeting) -> MembershipOffer:
    currency = meeting.currency.upper()
    if user.is_authenticated and member_rate_holds(user=user, meeting=meeting):
        return MembershipOffer("", currency)
    standing = member_selectors.membership_standing(user=user) if user.is_authenticated else None
    mode = "renew" if standing and standing.status != "none" else "join"
    offered = member_selectors.membership_types_offered()
    return MembershipOffer(
        mode,
        currency,
        types=[t for t in offered if t.price_in(currency) is not None],
        paid_separately=[t for t in offered if t.price_in(currency) is None],
    )
