from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from icis.core import pagecache
from icis.core.images import picture_of
from icis.core.money import format_money
from icis.core.privatecache import private_page
from icis.payments.documents import pdf_from_template
from members import services as member_services
from members.forms import MembershipProfileForm

from . import cme_credits, fragments, registration, selectors
from .availability import categories_sold_out, next_place_freed
from .calendar import program_ics, session_ics
from .exceptions import RegistrationError, SoldOut
from .forms import CancelForm, CmeForm, RegistrationForm, WaitlistForm
from .member_rate import membership_offer
from .models import Fee, Registration, Session
from .virtual import selectors as virtual_selectors


def _meeting_or_404(slug: str, loader=selectors.meeting_get):
    meeting = loader(slug=slug)
    if meeting is None:
        raise Http404("There is no meeting at this address.")
    return meeting


def meeting_list(request):
    return render(request, "meetings/list.html", {"meetings": selectors.meetings_by_phase()})


def meeting_detail(request, slug: str):
    meeting = _meeting_or_404(slug, selectors.meeting_overview)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "sponsor_groups": selectors.sponsors_by_tier(meeting),
            "section": "overview",
            # base.html shares the page with the banner (Open Graph and Twitter card).
            "og_image": picture_of(meeting.hero_image),
        },
    )


def committees(request, slug: str):
    meeting = _meeting_or_404(slug)
    return render(
        request,
        "meetings/committees.html",
        {
            "meeting": meeting,
            # Read only when the list is not in the cache (meetings/fragments.py).
            "committees": SimpleLazyObject(lambda: selectors.committees_of(meeting=meeting)),
            "lists_version": fragments.lists_version(),
            "fragment_seconds": fragments.FRAGMENT_SECONDS,
            "section": "committees",
        },
    )


def sponsors(request, slug: str):
    meeting = _meeting_or_404(slug, selectors.meeting_with_sponsors)
    return render(
        request,
        "meetings/sponsors.html",
        {
            "meeting": meeting,
            "sponsor_groups": selectors.sponsors_by_tier(meeting),
            "partners": meeting.partners.all(),
            "section": "sponsors",
        },
    )


def cme(request, slug: str):
    meeting = _meeting_or_404(slug, selectors.meeting_cme)
    return render(request, "meetings/cme.html", {"meeting": meeting, "section": "cme"})


def _filters(request) -> tuple[str, str]:
    day, kind = request.GET.get("day", ""), request.GET.get("kind", "")
    try:
        day = date.fromisoformat(day).isoformat() if day else ""
    except ValueError:
        day = ""
    if kind not in Session.Kind.values:
        kind = ""
    return day, kind


def program(request, slug: str):
    meeting = _meeting_or_404(slug)
    day, kind = _filters(request)
    return render(
        request,
        "meetings/program.html",
        {
            "meeting": meeting,
            # Read only when the program is not in the cache (meetings/fragments.py).
            "program": SimpleLazyObject(
                lambda: selectors.program_page(meeting=meeting, day=day, kind=kind)
            ),
            "lists_version": fragments.lists_version(),
            "fragment_seconds": fragments.FRAGMENT_SECONDS,
            "kinds": Session.Kind.choices,
            "day": day,
            "kind": kind,
            "section": "program",
            "show_streams": registration.streams_visible_to(user=request.user, meeting=meeting),
        },
    )


def program_calendar(request, slug: str):
    meeting = _meeting_or_404(slug)
    days = selectors.program_days(meeting=meeting)
    response = HttpResponse(
        program_ics(meeting, days, site_url=settings.SITE_URL),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}-program.ics"'
    return response


def session_calendar(request, slug: str, session_id: int):
    meeting = _meeting_or_404(slug)
    session = selectors.session_get(meeting=meeting, session_id=session_id)
    if session is None:
        raise Http404("There is no such session in this meeting's program.")
    response = HttpResponse(
        session_ics(session, site_url=settings.SITE_URL),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{meeting.slug}-session-{session.pk}.ics"'
    )
    return response


# --- Registration --------------------------------------------------------------------------------


def _open_meeting(slug):
    return _meeting_or_404(slug)


def _price_table(meeting, *, user):
    """The fee windows, each public category's prices in them and whether it is sold out, and
    the categories."""
    windows = list(meeting.fee_windows.all())
    fees = {
        (fee.category_id, fee.window_id): fee.amount
        for fee in Fee.objects.filter(window__meeting=meeting)
    }
    categories = [category for category in meeting.categories.all() if category.is_public]
    sold_out = categories_sold_out(
        meeting, categories, now=timezone.now(), user=user if user.is_authenticated else None
    )
    rows = [
        (
            category,
            [
                format_money(fees[(category.pk, window.pk)], meeting.currency)
                if (category.pk, window.pk) in fees
                else "not offered"
                for window in windows
            ],
            category.pk in sold_out,
        )
        for category in categories
    ]
    return windows, rows, categories, sold_out


@private_page
def register(request, slug: str):
    meeting = _open_meeting(slug)
    windows, rows, categories, sold_out = _price_table(meeting, user=request.user)
    if sold_out:  # a place freed by a lapsing hold or offer shows without anyone writing
        pagecache.expires_at(request, next_place_freed(meeting, now=timezone.now()))
    current = registration.fee_window_current(meeting, windows=windows)
    context = {
        "meeting": meeting,
        "windows": windows,
        "rows": rows,
        "sold_out": [category for category in categories if category.pk in sold_out],
        "current_window": current,
        "section": "register",
        "refund_rules": list(meeting.refund_rules.all()),
    }
    if not request.user.is_authenticated:
        return render(request, "meetings/register.html", context)
    existing = (
        Registration.objects.filter(meeting=meeting, user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if existing and existing.status == Registration.Status.CONFIRMED:
        return redirect("meetings:attend", slug=meeting.slug)
    profile = member_services.profile_ensure(user=request.user)
    initial = {
        "badge_name": request.user.get_full_name(),
        "affiliation": profile.institution,
        "country": profile.country.code if profile.country else "",
        "category": request.GET.get("category", ""),
    }
    offer = membership_offer(user=request.user, meeting=meeting)
    waiting = selectors.waitlist_place(meeting=meeting, user=request.user)
    form = RegistrationForm(
        request.POST or None,
        categories=categories,
        sold_out=sold_out,
        initial=initial,
        offer=offer,
        waiting_for=waiting.category_id if waiting else None,
    )
    profile_form = _membership_profile_form(request, profile)
    if (
        request.method == "POST"
        and form.is_valid()
        and _membership_profile_saved(request, form, profile_form)
    ):
        data = form.cleaned_data
        attendee = registration.Attendee(
            badge_name=data["badge_name"],
            affiliation=data["affiliation"],
            country=data["country"],
            accessibility_needs=data["accessibility_needs"],
            list_consent=data["list_consent"],
        )
        try:
            held = registration.registration_checkout(
                user=request.user,
                meeting=meeting,
                category=data["category"],
                attendee=attendee,
                promo_code=data["promo_code"],
                join=data.get("join"),
            )
        except SoldOut as exc:  # taken in the moment since the page was shown
            if data["category"] not in context["sold_out"]:
                context["sold_out"].append(data["category"])
            form.add_error(
                "category",
                f"{exc} Join its waitlist above and we will email you if a place frees up.",
            )
        except RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            if held.status == Registration.Status.CONFIRMED:
                messages.success(request, "You are registered.")
                return redirect("meetings:attend", slug=meeting.slug)
            return redirect(held.payment.get_pay_url())
    context.update(
        form=form,
        pending=existing,
        hold_running=bool(
            existing and existing.hold_expires_at and existing.hold_expires_at > timezone.now()
        ),
        is_member=not offer.mode,
        membership_offer=offer,
        waiting=waiting,
        profile_form=profile_form,
    )
    return render(request, "meetings/register.html", context)


def _membership_profile_form(request, profile) -> MembershipProfileForm:
    """What joining needs to know, checked only when a membership is chosen (what was typed is
    kept either way)."""
    joining = request.method == "POST" and request.POST.get("join")
    form = MembershipProfileForm(
        request.POST if joining else None, instance=profile, user=request.user, prefix="profile"
    )
    form.use_required_attribute = False
    if request.method == "POST" and not joining:
        form.initial.update(
            (name, request.POST[form.add_prefix(name)])
            for name in form.fields
            if form.add_prefix(name) in request.POST
        )
    return form


def _membership_profile_saved(request, form, profile_form) -> bool:
    if not form.cleaned_data.get("join"):
        return True
    if not profile_form.is_valid():
        form.add_error(None, "Joining needs a few details about you: see below.")
        return False
    member_services.profile_update(
        user=request.user,
        first_name=profile_form.cleaned_data["first_name"],
        last_name=profile_form.cleaned_data["last_name"],
        **profile_form.profile_fields(),
    )
    return True


@login_required
@require_POST
def waitlist(request, slug: str):
    meeting = _open_meeting(slug)
    form = WaitlistForm(request.POST)
    category = (
        meeting.categories.filter(slug=form.cleaned_data["category"]).first()
        if form.is_valid()
        else None
    )
    if category is None:
        raise Http404("There is no such category.")
    try:
        entry = registration.waitlist_join(user=request.user, meeting=meeting, category=category)
    except RegistrationError as exc:
        messages.info(request, str(exc))
    else:
        # One place on a meeting's waitlist per person: name the one they hold.
        messages.success(
            request,
            f"You are on the waitlist for {entry.category.name}.",  # the page says what next
        )
    return redirect("meetings:register", slug=meeting.slug)


def _own_registration(request, meeting):
    found = (
        Registration.objects.filter(meeting=meeting, user=request.user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("category", "payment")
        .first()
    )
    return found


@login_required
def attend(request, slug: str):
    meeting = _open_meeting(slug)
    own = _own_registration(request, meeting)
    if own is None:
        messages.info(request, f"You are not registered for {meeting.name} yet.")
        return redirect("meetings:register", slug=meeting.slug)
    settings_ = registration.settings_for(meeting)
    show_access = selectors.access_details_shown(
        registration=own, meeting=meeting, access_published=settings_.access_published
    )
    return render(
        request,
        "meetings/attend.html",
        {
            "meeting": meeting,
            "registration": own,
            "access": settings_.access_details if show_access else "",
            "refund_percent": registration.refund_percent(meeting),
            "meeting_over": registration.meeting_today(meeting) > meeting.end_date,
            "claim": getattr(own, "cme_claim", None),
            "fee": format_money(own.amount, meeting.currency),
            "section": "register",
            "credits": cme_credits.cme_credits_available(meeting),
        },
    )


@login_required
def cancel(request, slug: str):
    meeting = _open_meeting(slug)
    own = _own_registration(request, meeting)
    if own is None:
        return redirect("meetings:register", slug=meeting.slug)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = registration.registration_cancel(registration_id=own.pk, actor=request.user)
        except RegistrationError as exc:
            messages.info(request, str(exc))
        else:
            refunded = cancelled.refunded_amount
            messages.success(
                request,
                "Your registration is cancelled."
                + (
                    f" {format_money(refunded, meeting.currency)} is being refunded "
                    f"{_refunded_how(own.payment)}."
                    if refunded
                    else ""
                ),
            )
        return redirect("meetings:detail", slug=meeting.slug)
    percent, refund = registration.refund_due(own)
    return render(
        request,
        "meetings/cancel.html",
        {
            "meeting": meeting,
            "registration": own,
            "form": form,
            "percent": percent,
            "refund": format_money(refund, meeting.currency),
            "refund_amount": refund,
            "refunded_how": _refunded_how(own.payment) if own.payment_id else "",
            "section": "register",
        },
    )


def _refunded_how(payment) -> str:
    return "by the society's office" if payment.manual_method else "to the card you paid with"


@login_required
def cme_claim(request, slug: str):
    meeting = _open_meeting(slug)
    own = _own_registration(request, meeting)
    if own is None or own.status != Registration.Status.CONFIRMED:
        return redirect("meetings:register", slug=meeting.slug)
    maximum = cme_credits.cme_credits_available(meeting)
    form = CmeForm(request.POST or None, maximum=maximum)
    if request.method == "POST" and form.is_valid():
        evaluation = {
            key: form.cleaned_data[key]
            for key in ("overall", "relevant", "free_of_bias", "comments")
        }
        try:
            cme_credits.cme_claim(
                registration_id=own.pk, credits=form.cleaned_data["credits"], evaluation=evaluation
            )
        except RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Thank you. Your certificate is ready.")
            return redirect("meetings:attend", slug=meeting.slug)
    return render(
        request,
        "meetings/cme_claim.html",
        {
            "meeting": meeting,
            "form": form,
            "maximum": maximum,
            "section": "register",
            "watched": virtual_selectors.sessions_watched(meeting=meeting, user=request.user),
        },
    )


@login_required
def certificate(request, slug: str):
    meeting = _open_meeting(slug)
    own = _own_registration(request, meeting)
    claim = getattr(own, "cme_claim", None) if own else None
    if claim is None:
        messages.info(request, "Complete the evaluation to receive your certificate.")
        return redirect("meetings:attend", slug=meeting.slug)
    pdf = pdf_from_template(
        "meetings/certificate.html",
        {
            "meeting": meeting,
            "registration": own,
            "claim": claim,
            "accreditation": meeting.accreditations.first(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{meeting.slug}-certificate.pdf"'
    return response
