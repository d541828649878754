"""Members' writes: profiles, joining, renewing, complimentary terms, extensions, erasure."""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from icis.core.audit import audit_record
from icis.core.locks import lock_all, lock_one
from icis.mail.services import email_queue
from icis.payments import services as payment_services
from icis.payments.models import Payment

from .audit import MemberAction
from .dates import term_end
from .exceptions import MembershipError
from .models import PROFILE_FIELDS, MemberProfile, Membership, MembershipType
from .selectors import (
    eligibility_problem,
    membership_next_start,
    membership_standing,
    payment_with_registration,
)

User = get_user_model()
logger = logging.getLogger(__name__)


def profile_ensure(*, user) -> MemberProfile:
    profile, _ = MemberProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, user, first_name: str, last_name: str, **fields) -> MemberProfile:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {', '.join(sorted(unknown))}")
    profile = profile_ensure(user=user)
    changed = [name for name, value in fields.items() if getattr(profile, name) != value]
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if (user.first_name, user.last_name) != (first_name, last_name):
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
        changed.append("name")
    if changed:
        audit_record(
            actor=user,
            action=MemberAction.PROFILE_UPDATE,
            target=profile,
            data={"fields": sorted(changed)},
        )
    return profile


@transaction.atomic
def newsletter_subscription_set(
    *, user, subscribed: bool, actor, now: datetime | None = None
) -> bool:
    """Whether `user` is sent Signals+, changed on its own (an issue's unsubscribe link turns it
    off); the profile form changes it with the rest of the profile. The audit entry names the
    member and the change. Returns whether anything changed."""
    profile = lock_one(
        MemberProfile.objects.select_related("user"), of=("self",), pk=profile_ensure(user=user).pk
    )
    if profile.newsletter_opt_in == subscribed:
        return False
    profile.newsletter_opt_in = subscribed
    profile.save(update_fields=["newsletter_opt_in", "updated_at"])
    audit_record(
        actor=actor,
        action=MemberAction.NEWSLETTER_OPT_IN if subscribed else MemberAction.NEWSLETTER_OPT_OUT,
        target=profile,
        data={"fields": ["newsletter_opt_in"], "newsletter_opt_in": subscribed},
        now=now,
    )
    return True


@transaction.atomic
def newsletter_unsubscribe_address(*, email: str, now: datetime | None = None) -> list:
    """Signals+ stopped for every member whose account address is `email` (any case): each
    opt-in turned off and audited as the member's own act. Returns the profiles changed, locked
    until the caller's transaction ends."""
    profiles = lock_all(
        MemberProfile.objects.select_related("user").filter(
            user__email__iexact=email, newsletter_opt_in=True
        ),
        of=("self",),
    )
    for profile in profiles:
        newsletter_subscription_set(
            user=profile.user, subscribed=False, actor=profile.user, now=now
        )
    return profiles


@transaction.atomic
def membership_checkout(
    *, user, membership_type: MembershipType, now: datetime | None = None
) -> Payment:
    """Start joining or renewing: one pending term and its payment. Opening it again (another
    tab, a double click) returns the same payment; choosing another type replaces it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # One checkout at a time per member: the user row is the lock.
    lock_one(User, pk=user.pk)
    profile = profile_ensure(user=user)
    missing = profile.missing_for_membership()
    if missing:
        raise MembershipError(f"Please complete your profile first: {', '.join(missing)}.")
    problem = eligibility_problem(profile=profile, membership_type=membership_type)
    if problem:
        raise MembershipError(f"{membership_type.name}: {problem}")

    standing = membership_standing(user=user, on=today)
    if standing.is_lifetime:
        raise MembershipError("You have a lifetime membership: there is nothing to renew.")
    if standing.current is not None and not standing.can_renew:
        raise MembershipError(
            f"Your membership runs until {standing.ends_on:%d %B %Y}. Renewal opens "
            f"{settings.MEMBERSHIP_RENEWAL_OPENS_DAYS} days before that, on "
            f"{standing.renewal_opens_on:%d %B %Y}."
        )

    pending = standing.pending
    if payment_with_registration(standing) is not None:
        # Bought with a meeting registration whose place is still held for payment.
        raise MembershipError(
            "Your membership is part of a payment awaiting you, with your meeting "
            "registration: pay it there, or cancel that registration first."
        )
    if (
        pending is not None
        and pending.payment is not None
        and pending.payment.status == Payment.Status.PENDING
        and pending.membership_type_id == membership_type.pk
        and pending.payment.currency == membership_type.currency
    ):
        return pending.payment

    currency = membership_type.currency
    term, item = membership_term_start(
        user=user,
        membership_type=membership_type,
        renewing=standing.status != "none",
        currency=currency,
        now=now,
    )
    verb = "renewal" if term.source == Membership.Source.RENEW else "membership"
    payment = payment_services.payment_create(
        payer=user,
        currency=currency,
        description=f"{membership_type.name} {verb} ({membership_type.term_display})",
        items=[item],
        next_url="/my/",
    )
    term.payment = payment
    term.save(update_fields=["payment"])
    return payment


def price_problem(*, membership_type: MembershipType, currency: str) -> str:
    """Why the type cannot be paid for in `currency` ("" when it can)."""
    if membership_type.price_in(currency) is None:
        return (
            f"The {membership_type.name} membership is not sold in {currency.upper()}: "
            "it must be paid separately, on the membership pages."
        )
    return ""


def membership_term_start(
    *,
    user,
    membership_type: MembershipType,
    renewing: bool,
    currency: str,
    now: datetime | None = None,
):
    """A pending term and the line item that pays for it, priced in `currency` (the currency
    of the payment the caller creates: joining and registering for the meeting in one payment
    is charged in the meeting's currency). Any other term the member left unpaid is replaced,
    with its payment, so a member has one term awaiting payment. The caller holds the user
    lock and has checked eligibility."""
    amount = membership_type.price_in(currency)
    if amount is None:
        raise MembershipError(price_problem(membership_type=membership_type, currency=currency))
    for earlier in Membership.objects.pending().filter(user=user).select_related("payment"):
        _pending_cancel(earlier, actor=user, now=now or timezone.now())
    source = Membership.Source.RENEW if renewing else Membership.Source.JOIN
    term = Membership.objects.create(user=user, membership_type=membership_type, source=source)
    audit_record(
        actor=user,
        action=MemberAction.RENEW_STARTED if renewing else MemberAction.JOIN_STARTED,
        target=term,
    )
    item = payment_services.Item(
        kind="membership",
        object_id=term.pk,
        amount=amount,
        description=f"{membership_type.name} membership, {membership_type.term_display}",
    )
    return term, item


def _pending_cancel(term: Membership, *, actor, now: datetime) -> None:
    term.cancelled_at = now
    term.save(update_fields=["cancelled_at"])
    if term.payment and term.payment.status == Payment.Status.PENDING:
        payment_services.payment_cancel(payment_id=term.payment_id, actor=actor)


def _confirm_term(term: Membership, *, now: datetime) -> Membership:
    term.start_date = membership_next_start(user=term.user, on=timezone.localdate(now))
    term.end_date = term_end(term.start_date, term.membership_type.term_months)
    term.confirmed_at = now
    term.save(update_fields=["start_date", "end_date", "confirmed_at"])
    return term


def membership_fulfil(*, item, payment, now: datetime) -> None:
    """The payments registry calls this when a membership term is paid for."""
    term = (
        Membership.objects.select_related("membership_type", "user")
        .filter(pk=item.object_id)
        .first()
    )
    if term is None:  # its person erased their account meanwhile
        logger.error("Payment %s paid for membership %s, which no longer exists", payment.pk,
                     item.object_id)  # fmt: skip
        return
    lock_one(User, pk=term.user_id)
    if term.confirmed_at is not None:
        return
    if term.cancelled_at is not None:
        # Paid after it was replaced (two tabs): the payment still buys this term.
        term.cancelled_at = None
    _confirm_term(term, now=now)
    template = (
        "members/email/welcome"
        if term.source == Membership.Source.JOIN
        else "members/email/renewed"
    )
    email_queue(
        to=term.user.email,
        template=template,
        context={
            "name": term.user.get_short_name(),
            "membership_type": term.membership_type.name,
            "start_date": f"{term.start_date:%d %B %Y}",
            "end_date": f"{term.end_date:%d %B %Y}" if term.end_date else "",
        },
        dedupe_key=f"membership:{term.pk}:confirmed",
    )
    audit_record(
        actor=None,
        action=MemberAction.MEMBERSHIP_CONFIRMED,
        target=term,
        data={"payment": payment.pk, "end_date": str(term.end_date)},
    )


def membership_refunded(*, item, payment, fully: bool, now: datetime) -> None:
    """A fully refunded term no longer counts; a partial refund leaves it as it is."""
    if not fully:
        return
    term = Membership.objects.filter(pk=item.object_id).first()
    if term is not None and term.cancelled_at is None:
        term.cancelled_at = now
        term.save(update_fields=["cancelled_at"])
        audit_record(actor=None, action=MemberAction.MEMBERSHIP_CANCELLED_BY_REFUND, target=term)


@transaction.atomic
def membership_grant(
    *, user, membership_type: MembershipType, actor, note: str = "", now: datetime | None = None
) -> Membership:
    """Staff give a term without payment (honorary, lifetime, a prize, a correction)."""
    now = now or timezone.now()
    lock_one(User, pk=user.pk)
    profile_ensure(user=user)
    term = Membership.objects.create(
        user=user,
        membership_type=membership_type,
        source=Membership.Source.COMPLIMENTARY,
        note=note[:300],
    )
    _confirm_term(term, now=now)
    audit_record(
        actor=actor, action=MemberAction.MEMBERSHIP_GRANTED, target=term, data={"note": note}
    )
    return term


@transaction.atomic
def membership_extend(*, membership_id: int, months: int, actor) -> Membership:
    if not 1 <= months <= 120:
        raise MembershipError("Extend by 1 to 120 months.")
    term = lock_one(Membership, pk=membership_id)
    if not term.is_confirmed or term.end_date is None:
        raise MembershipError("Only a confirmed term with an end date can be extended.")
    later = Membership.objects.confirmed().filter(user=term.user, start_date__gt=term.end_date)
    if later.exists():
        raise MembershipError("A later term follows this one: extend the last term instead.")
    old_end = term.end_date
    term.end_date = term_end(old_end + timedelta(days=1), months)
    term.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        action=MemberAction.MEMBERSHIP_EXTENDED,
        target=term,
        data={"from": str(old_end), "to": str(term.end_date)},
    )
    return term


@transaction.atomic
def member_import_row(
    *,
    email: str,
    first_name: str,
    last_name: str,
    membership_type: MembershipType,
    start_date: date,
    end_date: date | None,
    actor,
) -> Membership:
    """One existing member moved in from the old system: an account (no password: they set one
    with "forgot password"), a profile and their current term, exactly as it was."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_ensure(user=user)
    if Membership.objects.confirmed().filter(user=user, start_date=start_date).exists():
        raise MembershipError(f"{email} already has a term starting {start_date:%d %B %Y}.")
    term = Membership.objects.create(
        user=user,
        membership_type=membership_type,
        source=Membership.Source.IMPORT,
        start_date=start_date,
        end_date=end_date,
        confirmed_at=timezone.now(),
    )
    audit_record(actor=actor, action=MemberAction.MEMBERSHIP_IMPORTED, target=term)
    return term


def member_export(*, user) -> dict:
    """Everything the society holds about the member, for "export my data": the membership
    record here, and what other parts of the site hold (`icis.accounts.personal_data`)."""
    from icis.accounts import personal_data

    profile = profile_ensure(user=user)
    return {
        "account": {
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "joined": user.date_joined.isoformat(),
        },
        "profile": {
            field: (str(getattr(profile, field)) if field == "country" else getattr(profile, field))
            for field in PROFILE_FIELDS
        },
        "memberships": [
            {
                "type": term.membership_type.name,
                "start": str(term.start_date),
                "end": str(term.end_date) if term.end_date else None,
                "status": "confirmed" if term.is_confirmed else "pending or cancelled",
                "source": term.source,
                "renewal_notices": [
                    {"notice": sent.notice, "queued": sent.queued_at.isoformat()}
                    for sent in term.renewal_notices.all()
                ],
            }
            for term in user.memberships.select_related("membership_type").prefetch_related(
                "renewal_notices"
            )
        ],
        "payments": [
            {
                "description": payment.description,
                "amount": payment.amount_display,
                "status": payment.status,
                "receipt": payment.receipt_number,
                "date": (payment.paid_at or payment.created_at).isoformat(),
            }
            for payment in user.payments.all()
        ],
        **personal_data.export_everywhere(user=user),
    }


@transaction.atomic
def account_delete(*, user, actor) -> None:
    """Erase a member: the account, profile and terms go, with what other parts of the site
    hold of them (`icis.accounts.personal_data`); payments stay as anonymous financial records;
    the audit log keeps the acts but no longer names the person."""
    from icis.accounts import personal_data
    from icis.core.audit import audit_actor_forget
    from icis.mail.services import emails_forget

    address = user.email
    personal_data.erase_everywhere(user=user, now=timezone.now())
    audit_record(
        actor=None,
        action=MemberAction.ACCOUNT_DELETED,
        data={"user_id": user.pk, "by_self": actor == user},
    )
    payment_services.payer_anonymise(user=user)
    Membership.objects.filter(user=user).update(payment=None)
    audit_actor_forget(user=user)
    emails_forget(address=address)
    user.delete()
