"""The presenter's pages (/my/posters/): upload or replace the poster, its narration link and
meet-the-presenter times, and see its preview being made; and the times as .ics for
attendees. Only the poster's presenter, or staff acting as staff, may open a poster here:
to anyone else it does not exist."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from icis.accounts.staff import acts_as_staff

from ..virtual.access import attendees_only
from . import presenter_selectors as selectors
from . import presenting
from .calendar import meet_ics
from .exceptions import PosterError
from .forms import NarrationForm, PosterUploadForm, SlotFormSet, slot_entries


@login_required
def mine(request):
    return render(
        request,
        "posters/mine.html",
        {"posters": selectors.posters_presented(user=request.user)},
    )


def _slot_initial(poster) -> list[dict]:
    return [
        {"starts_at": slot.starts_at, "ends_at": slot.ends_at, "where": slot.where}
        for slot in selectors.slots_of(poster)
    ]


def _handle(request, poster, as_staff: bool, forms: dict):
    """The POST of one of the page's three forms; a redirect when it saved, else None."""
    action = request.POST.get("action")
    user = request.user
    try:
        if action == "upload":
            form = forms["upload"] = PosterUploadForm(
                request.POST, request.FILES, settings=forms["settings"]
            )
            if form.is_valid():
                presenting.poster_upload(
                    poster_id=poster.pk,
                    user=user,
                    as_staff=as_staff,
                    upload=form.cleaned_data["file"],
                    checked=form.checked,
                )
                messages.success(request, "The poster is uploaded; its preview is being made.")
                return redirect("poster_presenter:detail", poster_id=poster.pk)
        elif action == "narration":
            form = forms["narration"] = NarrationForm(request.POST)
            if form.is_valid():
                presenting.narration_save(
                    poster_id=poster.pk,
                    user=user,
                    as_staff=as_staff,
                    narration_url=form.cleaned_data["narration_url"],
                )
                messages.success(request, "The narration link is saved.")
                return redirect("poster_presenter:detail", poster_id=poster.pk)
        elif action == "slots":
            form = forms["slots"] = SlotFormSet(
                request.POST, prefix="slots", form_kwargs={"meeting": poster.meeting}
            )
            if form.is_valid():
                presenting.slots_replace(
                    poster_id=poster.pk, user=user, as_staff=as_staff, slots=slot_entries(form)
                )
                messages.success(request, "The meet-the-presenter times are saved.")
                return redirect("poster_presenter:detail", poster_id=poster.pk)
    except PosterError as exc:  # shown in place, above the form that was sent
        forms["problems"][action] = str(exc)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, poster_id: int):
    as_staff = acts_as_staff(request)
    poster = selectors.poster_to_edit(poster_id=poster_id, user=request.user, as_staff=as_staff)
    if poster is None:
        raise Http404("No such poster.")
    meeting = poster.meeting
    poster_settings = presenting.settings_for(meeting)
    with timezone.override(meeting.time_zone):  # times are typed and shown in the meeting's
        forms = {
            "settings": poster_settings,
            "problems": {},
            "upload": PosterUploadForm(settings=poster_settings),
            "narration": NarrationForm(initial={"narration_url": poster.narration_url}),
            "slots": SlotFormSet(
                prefix="slots",
                initial=_slot_initial(poster),
                form_kwargs={"meeting": meeting},
            ),
        }
        if request.method == "POST":
            done = _handle(request, poster, as_staff, forms)
            if done is not None:
                return done
        response = render(
            request,
            "posters/presenter.html",
            {
                "poster": poster,
                "meeting": meeting,
                "poster_settings": poster_settings,
                "uploads_closed": not poster_settings.uploads_open and not as_staff,
                "as_staff": as_staff,
                "upload_form": forms["upload"],
                "narration_form": forms["narration"],
                "slot_formset": forms["slots"],
                "slots": selectors.slots_of(poster),
                "working": poster.preview_state in ("queued", "making"),
                "problems": forms["problems"],
            },
        )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def thumbnail(request, poster_id: int):
    """The presenter's own look at the preview made of their poster."""
    poster = selectors.poster_to_edit(
        poster_id=poster_id, user=request.user, as_staff=acts_as_staff(request)
    )
    if poster is None or not poster.thumbnail:
        raise Http404("No such preview.")
    response = FileResponse(poster.thumbnail.open("rb"), content_type="image/webp")
    response["Cache-Control"] = "private, no-store"
    return response


@attendees_only
def meet_calendar(request, access, poster_id: int):
    """The poster's meet-the-presenter times, for one's own calendar."""
    poster = selectors.poster_with_slots(meeting=access.meeting, poster_id=poster_id)
    if poster is None:
        raise Http404("No such poster.")
    response = HttpResponse(
        meet_ics(poster, site_url=settings.SITE_URL.rstrip("/")),
        content_type="text/calendar; charset=utf-8",
    )
    name = re.sub(r"[^A-Za-z0-9-]", "", poster.board_number) or f"poster-{poster.pk}"
    response["Content-Disposition"] = f'attachment; filename="meet-the-presenter-{name}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
