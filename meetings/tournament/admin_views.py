"""Staff pages of a prize draw: run it (once) and verify it from its recorded seed.

Each view takes the request and the ModelAdmin that serves it; the ModelAdmin's `get_urls`
wraps them in `admin_site.admin_view`, so staff sign-in, two-factor and permissions apply.
Winners who asked to be hidden from the board are named here, to staff only."""

from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from icis.core.admin import staff_page

from . import selectors, services
from .exceptions import TournamentError
from .models import BoardHiding, PrizeDraw


def _draw(request, model_admin, draw_id: int) -> PrizeDraw:
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    return get_object_or_404(PrizeDraw.objects.select_related("tournament__meeting"), pk=draw_id)


def _people(draw: PrizeDraw, user_ids: list[int]) -> list[dict]:
    users = get_user_model().objects.in_bulk(user_ids)
    hidden = set(
        BoardHiding.objects.filter(tournament=draw.tournament, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    return [
        {"user": users.get(user_id), "user_id": user_id, "hidden": user_id in hidden}
        for user_id in user_ids
    ]


def _rows(draw: PrizeDraw, verification) -> list[tuple]:
    recorded = _people(draw, verification.recorded)
    redone = _people(draw, verification.recomputed)
    return list(zip_longest(recorded, redone))


def run_view(request, model_admin, draw_id: int):
    """GET: who is eligible and what running does. POST: draw the winners, once."""
    draw = _draw(request, model_admin, draw_id)
    if request.method == "POST":
        try:
            services.prize_draw_run(draw_id=draw.pk, actor=request.user)
        except TournamentError as exc:
            model_admin.message_user(request, str(exc), messages.ERROR)
        else:
            model_admin.message_user(
                request, f"“{draw.name}” is drawn; each winner is emailed once.", messages.SUCCESS
            )
        return redirect("admin:tournament_prizedraw_verify", draw.pk)
    eligible = selectors.draw_eligible(draw)
    return staff_page(
        request,
        model_admin,
        "admin/tournament/prizedraw/run.html",
        title=f"Draw “{draw.name}”",
        draw=draw,
        eligible_count=len(eligible.user_ids),
    )


def verify_view(request, model_admin, draw_id: int):
    """The recorded draw next to the same draw redone from its stored seed."""
    draw = _draw(request, model_admin, draw_id)
    verification = services.prize_draw_verify(draw) if draw.drawn_at else None
    return staff_page(
        request,
        model_admin,
        "admin/tournament/prizedraw/verify.html",
        title=f"Verify “{draw.name}”",
        draw=draw,
        verification=verification,
        rows=_rows(draw, verification) if verification else [],
    )
