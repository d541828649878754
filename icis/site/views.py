from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import selectors
from .health import health_report


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
