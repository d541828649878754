"""Signals+ on the site: the archive, an issue, and the unsubscribe page the emails link to."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from icis.accounts.staff import acts_as_staff
from icis.core.ratelimit import client_ip, rate_limit_hit

from . import selectors, services
from .newsletter_forms import SubscribeForm

# Sign-ups from one client address in an hour (each address gets one link per quarter hour
# whatever the number of sign-ups: news.services.subscription).
SUBSCRIBE_LIMIT_PER_IP = 10
SUBSCRIBE_LIMIT_PERIOD = 60 * 60


def issue_list(request):
    page = selectors.issues_page(page_number=request.GET.get("page", 1))
    return render(request, "news/newsletter/index.html", {"page": page})


def issue_detail(request, number: int):
    # Staff may open an issue before it is in the archive ("View on site" in the admin).
    as_staff = acts_as_staff(request)
    issue = selectors.issue_get(number=number, include_unpublished=as_staff)
    if issue is None:
        raise Http404("There is no issue of Signals+ with this number.")
    readable = selectors.issue_readable_by(issue=issue, user=request.user, as_staff=as_staff)
    entries = selectors.issue_entries(issue=issue) if readable else []
    return render(
        request,
        "news/newsletter/issue.html",
        {"issue": issue, "readable": readable, "entries": entries},
    )


# The one-click POST comes from the reader's mail client (RFC 8058), which has no CSRF token
# and no session; the signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    email = services.newsletter_unsubscribe_email(token=token)
    if email is None:
        return render(request, "news/newsletter/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.newsletter_unsubscribe(email=email, via="one-click" if one_click else "page")
        return render(request, "news/newsletter/unsubscribed.html", {"email": email})
    # GET only asks: link checkers and previews open links, and must not unsubscribe anyone.
    return render(request, "news/newsletter/unsubscribe.html", {"email": email})


def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect("newsletter:subscribe_sent")
        if rate_limit_hit(
            scope="newsletter-subscribe",
            key=client_ip(request),
            limit=SUBSCRIBE_LIMIT_PER_IP,
            period=SUBSCRIBE_LIMIT_PERIOD,
        ):
            form.add_error(None, "Too many sign-ups from here in a short time. Please try later.")
        else:
            services.newsletter_subscribe(
                email=form.cleaned_data["email"], name=form.cleaned_data["name"]
            )
            return redirect("newsletter:subscribe_sent")
    return render(request, "news/newsletter/subscribe.html", {"form": form})


def subscribe_sent(request):
    return render(request, "news/newsletter/subscribe_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_confirm(request, token: str):
    confirmation = services.newsletter_confirmation_read(token=token)
    if confirmation is None:
        return render(request, "news/newsletter/subscribe_invalid.html", status=400)
    # Opening the link only asks (mail scanners open links); the button (a POST) subscribes.
    if request.method == "POST":
        subscriber = services.newsletter_subscribe_confirm(confirmation=confirmation)
        if subscriber is None:
            return render(request, "news/newsletter/subscribe_invalid.html", status=400)
        return render(request, "news/newsletter/subscribed.html", {"email": confirmation.email})
    return render(
        request,
        "news/newsletter/subscribe_confirm.html",
        {"email": confirmation.email},
    )
