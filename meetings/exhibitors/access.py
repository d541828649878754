"""Who enters a booth's pages: the platform's one rule (`meetings.virtual.access`: confirmed
attendees and staff), and besides it the booth's own staff, who need not attend the meeting."""

import functools
from dataclasses import dataclass

from django.http import Http404

from ..virtual.access import VirtualAccess, platform_meeting_or_404, refused, virtual_access
from . import selectors
from .models import Booth


@dataclass(frozen=True)
class BoothAccess:
    platform: VirtualAccess
    booth: Booth
    booth_staff: bool  # staffs this booth: reads its contact requests

    @property
    def meeting(self):
        return self.platform.meeting

    @property
    def attendee(self) -> bool:
        return self.platform.attendee

    @property
    def staff(self) -> bool:
        return self.platform.staff

    @property
    def reads_leads(self) -> bool:
        return self.booth_staff or self.platform.staff


def booth_staff_or_attendees(view):
    """For `view(request, access: BoothAccess, *args)` under
    /meetings/<slug>/exhibitors/<booth_id>/: attendees and staff enter any booth in the hall
    (404 for one not there); a booth's staff enter their own booth; everyone else is refused
    as on every page of the platform."""

    @functools.wraps(view)
    def wrapper(request, slug: str, booth_id: int, *args, **kwargs):
        meeting = platform_meeting_or_404(slug)
        platform = virtual_access(request, meeting)
        if platform.allowed:
            booth = selectors.booth_get(meeting=meeting, booth_id=booth_id)
            if booth is None:
                raise Http404("No such booth.")
            booth_staff = selectors.is_booth_staff(booth=booth, user=request.user)
        else:
            booth = selectors.booth_staffed_by(
                meeting=meeting, booth_id=booth_id, user=request.user
            )
            if booth is None:
                return refused(request, meeting)
            booth_staff = True
        access = BoothAccess(platform=platform, booth=booth, booth_staff=booth_staff)
        return view(request, access, *args, **kwargs)

    return wrapper
