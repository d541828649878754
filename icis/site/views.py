from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from icis.core.addresses import absolute_url
from icis.core.privatecache import private_page
from icis.core.ratelimit import client_ip, rate_limit_hit

from . import selectors, services
from .forms import OfficeContactForm
from .health import health_report

# Messages from the contact page: per client address and per sender's address, an hour.
CONTACT_LIMIT_PER_IP = 5
CONTACT_LIMIT_PER_EMAIL = 3
CONTACT_LIMIT_PERIOD = 60 * 60


def home(request):
    from meetings.selectors import meetings_by_phase, sponsor_groups_of
    from news.selectors import post_featured, posts_latest

    meetings = meetings_by_phase()
    shown = meetings.featured or meetings.latest_past
    return render(
        request,
        "site/home.html",
        {
            "about_pages": selectors.about_pages(),
            "next_meeting": meetings.featured,
            "last_meeting": None if meetings.featured else meetings.latest_past,
            "latest_news": posts_latest(count=3),
            "featured_post": post_featured(),
            "sponsors_meeting": shown,
            "sponsor_groups": sponsor_groups_of(meeting=shown),
        },
    )


def about(request):
    menu = selectors.about_pages()
    page = menu and selectors.page_get_published(slug=menu[0].slug)
    if not page:
        raise Http404("No About page has been published yet.")
    return _render_page(request, page, menu=menu, is_index=True)


def leadership(request):
    return render(
        request,
        "site/leadership.html",
        {
            "leadership": selectors.leadership_on(today=timezone.localdate()),
            "about_pages": selectors.about_pages(),
            "current": "leadership",
        },
    )


def partners(request):
    from meetings.selectors import partners_shown

    return render(
        request,
        "site/partners.html",
        {
            "partners": partners_shown(),
            "about_pages": selectors.about_pages(),
            "current": "partners",
        },
    )


def page_detail(request, slug: str):
    menu = selectors.about_pages()
    if menu and menu[0].slug == slug:
        # One address per page: the first About page lives at /about/.
        return redirect("site:about", permanent=False)
    page = selectors.page_get_published(slug=slug)
    if page is None:
        raise Http404("There is no page at this address.")
    return _render_page(request, page, menu=menu, is_index=False)


def _render_page(request, page, *, menu, is_index: bool):
    return render(
        request, "site/page.html", {"page": page, "about_pages": menu, "is_index": is_index}
    )


@never_cache
def healthz(request):
    report = health_report()
    healthy = all(status == "ok" for status in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": report},
        status=200 if healthy else 503,
    )


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", {"reason": _reason(exception)}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered with the request so the page keeps the site's navigation; if even that fails,
    # a plain message is better than a second error.
    try:
        return render(request, "500.html", status=500)
    except Exception:
        return HttpResponseServerError("Something went wrong on our side. Please try again later.")


def _reason(exception) -> str:
    message = str(exception or "")
    # Only messages written for people are shown; Django's internal ones are not.
    return message if message.endswith(".") else ""


def search(request):
    from .search import site_search

    results = site_search(q=request.GET.get("q", ""), page_number=request.GET.get("page"))
    return render(request, "site/search.html", {"results": results})


def contact(request):
    form = OfficeContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return redirect("site:contact_thanks")  # a bot is told nothing
        data = form.cleaned_data
        limited = rate_limit_hit(
            scope="contact-ip",
            key=client_ip(request),
            limit=CONTACT_LIMIT_PER_IP,
            period=CONTACT_LIMIT_PERIOD,
        ) or rate_limit_hit(
            scope="contact-email",
            key=data["email"],
            limit=CONTACT_LIMIT_PER_EMAIL,
            period=CONTACT_LIMIT_PERIOD,
        )
        if limited:
            form.add_error(
                None,
                "You have sent several messages in a short time. Please try again in an hour, "
                f"or write to {settings.SOCIETY_OFFICE_EMAIL}.",
            )
        else:
            services.contact_message_send(
                name=data["name"], email=data["email"], topic=data["topic"], message=data["message"]
            )
            return redirect("site:contact_thanks")
    return render(
        request,
        "site/contact.html",
        {
            "form": form,
            "about_pages": selectors.about_pages(),
            "office": settings.SOCIETY_OFFICE_EMAIL,
        },
    )


def contact_thanks(request):
    return render(request, "site/contact_thanks.html", {"about_pages": selectors.about_pages()})


@private_page
@login_required
def my_meetings(request):
    from .my_meetings import my_meetings as entries_of

    return render(request, "site/my_meetings.html", {"entries": entries_of(user=request.user)})


# Staff, account and personal addresses: nothing there is for search engines.
ROBOTS_DISALLOWED = ("/admin/", "/my/", "/accounts/")


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    lines.append(f"Sitemap: {absolute_url(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request):
    from .sitemaps import SITEMAPS

    return sitemap_view(request, sitemaps=SITEMAPS)
