import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from icis.accounts.staff import acts_as_staff
from icis.core.privatecache import private_page
from icis.payments.documents import pdf_from_template

from . import selectors, services
from .exceptions import MembershipError
from .forms import DeleteAccountForm, DirectorySearchForm, MembershipChoiceForm, ProfileForm


def membership_index(request):
    return render(
        request,
        "members/index.html",
        {
            "membership_types": selectors.membership_types_offered(),
            "standing": selectors.membership_standing(user=request.user)
            if request.user.is_authenticated
            else None,
        },
    )


@login_required
def membership_choose(request, mode: str):
    """Join (mode "join") or renew ("renew"): choose a type, then pay."""
    profile = services.profile_ensure(user=request.user)
    missing = profile.missing_for_membership()
    if missing:
        messages.info(
            request, f"Before you {mode}, please complete your profile: {', '.join(missing)}."
        )
        next_url = reverse(f"members:{mode}")
        return redirect(f"{reverse('members:profile')}?{urlencode({'next': next_url})}")

    standing = selectors.membership_standing(user=request.user)
    if mode == "join" and standing.status != "none":
        return redirect("members:renew")
    if mode == "renew" and standing.status == "none":
        return redirect("members:join")

    if mode == "renew" and not standing.can_renew:
        # Not yet (or never, for a lifetime membership): say when, instead of a form that can
        # only be refused.
        return render(
            request,
            "members/choose.html",
            {
                "mode": mode,
                "standing": standing,
                "profile": profile,
                "renewal_closed": True,
                "renewal_opens_days": settings.MEMBERSHIP_RENEWAL_OPENS_DAYS,
            },
        )

    form = MembershipChoiceForm(
        request.POST or None,
        initial={
            "membership_type": standing.current.membership_type.slug if standing.current else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.membership_checkout(
                user=request.user, membership_type=form.cleaned_data["membership_type"]
            )
        except MembershipError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(payment.get_pay_url())
    return render(
        request,
        "members/choose.html",
        {
            "form": form,
            "mode": mode,
            "standing": standing,
            "profile": profile,
            "choices": selectors.membership_types_for(profile=profile),
            "payment_with_registration": selectors.payment_with_registration(standing),
        },
    )


@private_page
@login_required
def portal(request):
    from icis.payments.selectors import payments_for

    return render(
        request,
        "members/portal.html",
        {
            "standing": selectors.membership_standing(user=request.user),
            "profile": services.profile_ensure(user=request.user),
            "payments": payments_for(user=request.user)[:5],
        },
    )


@login_required
def profile_edit(request):
    profile = services.profile_ensure(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        services.profile_update(
            user=request.user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            **data,
        )
        messages.success(request, "Your profile is saved.")
        next_url = request.GET.get("next", "")
        allowed = {reverse("members:join"), reverse("members:renew")}
        return redirect(next_url if next_url in allowed else "members:portal")
    return render(request, "members/profile.html", {"form": form})


@private_page
@login_required
def payment_list(request):
    from icis.payments.selectors import payments_for

    return render(request, "members/payments.html", {"payments": payments_for(user=request.user)})


@login_required
def export_data(request):
    data = services.member_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, default=str), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="icis-my-data.json"'
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user, actor=user)
        messages.success(
            request, "Your account has been deleted. Thank you for having been part of the society."
        )
        return redirect("home")
    return render(request, "members/delete.html", {"form": form})


@login_required
def certificate(request):
    standing = selectors.membership_standing(user=request.user)
    if standing.status != "active":
        messages.info(request, "The membership certificate is for active members.")
        return redirect("members:portal")
    pdf = pdf_from_template(
        "members/certificate.html",
        {
            "member": request.user,
            "standing": standing,
            "issued": timezone.localdate(),
            "profile": services.profile_ensure(user=request.user),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="icis-membership-certificate.pdf"'
    return response


@private_page
@login_required
def directory(request):
    if not (acts_as_staff(request) or selectors.member_is_active(user=request.user)):
        raise PermissionDenied(
            "The member directory is open to members of the society. Join or renew to see it."
        )
    form = DirectorySearchForm(request.GET or None)
    query, country = "", ""
    if form.is_valid():
        query, country = form.cleaned_data["q"], form.cleaned_data["country"]
    page = selectors.directory_page(
        query=query, country=country, page_number=request.GET.get("page", 1)
    )
    params = urlencode({key: value for key, value in (("q", query), ("country", country)) if value})
    return render(request, "members/directory.html", {"form": form, "page": page, "params": params})


@login_required
def auto_renew(request):
    """Automatic renewal: the saved card, turning it off, and the form to save a card. Opening
    the page asks Stripe nothing and writes nothing; the card form's script asks for a
    SetupIntent (`auto_renew_setup`) when the member presses Save."""
    from icis.payments import services as payment_services
    from icis.payments.selectors import saved_card_for

    from .autorenew import autorenew_disable, autorenew_refusal

    if request.method == "POST" and "turn_off" in request.POST:
        autorenew_disable(user=request.user)
        messages.success(
            request,
            "Automatic renewal is off and your saved card is removed. "
            "We will remind you by email before your membership ends.",
        )
        return redirect("members:auto_renew")
    standing = selectors.membership_standing(user=request.user)
    refusal = autorenew_refusal(standing=standing)
    return render(
        request,
        "members/auto_renew.html",
        {
            "profile": selectors.profile_for(user=request.user),
            "card": saved_card_for(user=request.user),
            "standing": standing,
            "refusal": refusal,
            "checkout": None if refusal else payment_services.card_form(),
        },
    )


def _card_refused(message: str, status: int):
    from django.http import JsonResponse

    return JsonResponse({"status": "error", "message": message}, status=status)


def auto_renew_setup(request):
    """The card form's script posts here when the member presses Save, before Stripe.js
    collects the card: a SetupIntent (and, once, Stripe's customer), for a current member only.
    Every refusal is JSON with a sentence the page shows beside the form."""
    from django.http import JsonResponse

    from icis.payments.exceptions import GatewayError, PaymentError

    from .autorenew import autorenew_card_setup

    if not request.user.is_authenticated:
        return _card_refused(
            "You are no longer signed in. Please sign in again; nothing was saved.", 403
        )
    if request.method != "POST":
        return _card_refused("Save a card with the form on the automatic renewal page.", 405)
    try:
        setup = autorenew_card_setup(user=request.user)
    except MembershipError as exc:
        return _card_refused(str(exc), 403)
    except GatewayError as exc:
        return _card_refused(str(exc), 502)
    except PaymentError as exc:
        return _card_refused(str(exc), 409)
    return JsonResponse(
        {"status": "ok", "client_secret": setup.setup_client_secret, "setup_id": setup.setup_id}
    )


@login_required
def auto_renew_card(request):
    """The card form's script sends the card Stripe.js saved; automatic renewal turns on."""
    from django.http import JsonResponse

    from icis.payments.exceptions import PaymentError
    from icis.payments.forms import CollectedCardForm

    from .autorenew import autorenew_enable

    if request.method != "POST":
        return JsonResponse(
            {"status": "error", "message": "Send the card with the form."}, status=405
        )
    form = CollectedCardForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"status": "error", "message": form.MISSING}, status=400)
    try:
        autorenew_enable(
            user=request.user,
            setup_id=form.cleaned_data["setup_intent"],
            payment_method=form.cleaned_data["payment_method"],
        )
    except PaymentError as exc:
        return JsonResponse({"status": "error", "message": str(exc)}, status=409)
    messages.success(request, "Your card is saved and automatic renewal is on.")
    return JsonResponse({"status": "ok"})
