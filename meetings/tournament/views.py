"""The tournament page: the leaderboard, your place, the rules, the day's question and
"hide me from the board". Staff see the page and never score."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from icis.core.privatecache import private_page

from ..virtual.access import attendees_only
from . import selectors, services
from .exceptions import TournamentError
from .forms import BoardVisibilityForm, DailyAnswerForm


@private_page
@attendees_only
def board(request, access):
    meeting = access.meeting
    tournament = selectors.tournament_for(meeting)
    context = {"meeting": meeting, "access": access, "section": "tournament"}
    if tournament is None:
        return render(request, "tournament/board.html", context)
    now = timezone.now()
    question = selectors.question_of_the_day(tournament, now=now)
    answer_form = DailyAnswerForm(question=question) if question else None
    hidden = access.attendee and selectors.is_hidden(tournament, request.user)
    visibility_form = BoardVisibilityForm(initial={"hidden": hidden})
    if request.method == "POST" and access.attendee:
        if "answer" in request.POST and question:
            answer_form = DailyAnswerForm(request.POST, question=question)
            if answer_form.is_valid():
                try:
                    answer = services.daily_answer(
                        question=question,
                        user=request.user,
                        choice=answer_form.cleaned_data["choice"],
                        now=now,
                    )
                except TournamentError as exc:
                    answer_form.add_error(None, str(exc))
                else:
                    messages.success(request, f"Answer recorded: {answer.points} points scored.")
                    return redirect("tournament:board", meeting.slug)
        elif "visibility" in request.POST:
            visibility_form = BoardVisibilityForm(request.POST)
            if visibility_form.is_valid():
                hidden = services.board_hiding_set(
                    tournament=tournament,
                    user=request.user,
                    hidden=visibility_form.cleaned_data["hidden"],
                )
                messages.success(
                    request,
                    "You are hidden from the leaderboard."
                    if hidden
                    else "You are shown on the leaderboard.",
                )
                return redirect("tournament:board", meeting.slug)
    context.update(
        tournament=tournament,
        closes_at=services.ledger.tournament_closes_at(tournament),
        is_open=selectors.is_open(tournament, now=now),
        board=selectors.board(tournament),
        own=selectors.own_standing(tournament, request.user) if access.attendee else None,
        hidden=hidden,
        question=question,
        answer=selectors.answer_of(question, request.user)
        if question and access.attendee
        else None,
        answer_form=answer_form,
        visibility_form=visibility_form,
    )
    return render(request, "tournament/board.html", context)
