"""Who may enter the virtual meeting: the one rule for every page and file of the platform
(on demand, live streams, posters, exhibitors, the tournament).

A meeting has a virtual platform when it is fully virtual or hybrid. Inside it, a confirmed
attendee may do everything (and scores tournament points); staff acting as staff (two-factor
passed) may look at everything but never score. Everyone else gets one page that says what the
platform offers and how to register, with status 403, for pages and files alike.
"""

import functools
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render

from icis.accounts.staff import acts_as_staff

from .. import selectors as meeting_selectors
from ..models import Meeting


@dataclass(frozen=True)
class VirtualAccess:
    meeting: Meeting
    attendee: bool  # a confirmed registration: may ask, vote, leave contact details, score
    staff: bool  # acting as staff: sees everything, moderates, scores nothing

    @property
    def allowed(self) -> bool:
        return self.attendee or self.staff


def virtual_access(request, meeting: Meeting) -> VirtualAccess:
    user = request.user
    return VirtualAccess(
        meeting=meeting,
        attendee=meeting_selectors.attendee_confirmed(meeting=meeting, user=user),
        staff=acts_as_staff(request),
    )


def platform_meeting_or_404(slug: str) -> Meeting:
    meeting = meeting_selectors.meeting_get(slug=slug)
    if meeting is None or not meeting.has_virtual_platform:
        raise Http404("This meeting has no virtual platform.")
    return meeting


def refused(request, meeting: Meeting):
    """The page everyone without access gets, for every page and file of the platform."""
    return render(request, "virtual/refused.html", {"meeting": meeting}, status=403)


def attendees_only(view):
    """For a view `view(request, access, *args, **kwargs)` under /meetings/<slug>/: finds the
    meeting (404 if it has no virtual platform) and refuses everyone but confirmed attendees
    and staff. The view receives the `VirtualAccess` in place of the slug."""

    @functools.wraps(view)
    def wrapper(request, slug: str, *args, **kwargs):
        meeting = platform_meeting_or_404(slug)
        access = virtual_access(request, meeting)
        if not access.allowed:
            return refused(request, meeting)
        return view(request, access, *args, **kwargs)

    return wrapper
