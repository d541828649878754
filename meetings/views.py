from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from . import selectors
from .calendar import program_ics, session_ics
from .models import Session


def _meeting_or_404(slug: str, loader=selectors.meeting_get):
    meeting = loader(slug=slug)
    if meeting is None:
        raise Http404("There is no meeting at this address.")
    return meeting


def meeting_list(request):
    current, others = selectors.meetings_archive()
    by_year: dict[int, list] = {}
    for meeting in others:
        by_year.setdefault(meeting.start_date.year, []).append(meeting)
    return render(request, "meetings/list.html", {"current": current, "by_year": by_year})


def meeting_detail(request, slug: str):
    meeting = _meeting_or_404(slug, selectors.meeting_overview)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "sponsor_groups": selectors.sponsors_by_tier(meeting),
            "section": "overview",
        },
    )


def committees(request, slug: str):
    meeting = _meeting_or_404(slug, selectors.meeting_overview)
    return render(
        request, "meetings/committees.html", {"meeting": meeting, "section": "committees"}
    )


def sponsors(request, slug: str):
    meeting = _meeting_or_404(slug, selectors.meeting_with_sponsors)
    return render(
        request,
        "meetings/sponsors.html",
        {
            "meeting": meeting,
            "sponsor_groups": selectors.sponsors_by_tier(meeting),
            "partners": selectors.partners_shown(),
            "section": "sponsors",
        },
    )


def cme(request, slug: str):
    meeting = _meeting_or_404(slug, selectors.meeting_overview)
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
            "days": selectors.program_days(meeting=meeting, day=day, kind=kind),
            "all_days": list(meeting.days.values_list("date", flat=True)),
            "kinds": Session.Kind.choices,
            "day": day,
            "kind": kind,
            "section": "program",
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
