"""Mentorship's pages: thin views over the selectors and services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services, speed_services
from .calendar import speed_table_ics
from .exceptions import MentorshipError
from .forms import (
    AnswerForm,
    FeedbackForm,
    FindMentorForm,
    GoalsForm,
    MentorProfileForm,
    MentorshipRequestForm,
)
from .models import SpeedTable


def index(request):
    return render(
        request,
        "mentorship/index.html",
        {
            "speed_sessions": selectors.speed_sessions_published(),
            "answer_days": settings.MENTORSHIP_ANSWER_DAYS,
        },
    )


@login_required
def mine(request):
    return render(
        request,
        "mentorship/mine.html",
        {
            "my": selectors.my_mentorship(user=request.user),
            "mentor_problem": selectors.mentor_eligibility_problem(user=request.user),
            "trainee_problem": selectors.trainee_eligibility_problem(user=request.user),
        },
    )


@login_required
def mentor_profile(request):
    problem = selectors.mentor_eligibility_problem(user=request.user)
    mentor = selectors.mentor_profile_for(user=request.user)
    if problem:
        return render(request, "mentorship/mentor_profile.html", {"problem": problem}, status=403)
    initial = (
        {
            "keywords": mentor.keywords,
            "offers": mentor.offers,
            "formats": mentor.formats,
            "capacity": mentor.capacity,
            "languages": mentor.languages,
            "time_zone": mentor.time_zone,
            "is_paused": mentor.is_paused,
        }
        if mentor
        else {"time_zone": "UTC", "capacity": 1}
    )
    form = MentorProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_profile_save(user=request.user, **form.cleaned_data)
        except MentorshipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your mentor profile is saved.")
            return redirect("mentorship:mine")
    return render(request, "mentorship/mentor_profile.html", {"form": form, "mentor": mentor})


@login_required
def find(request):
    problem = selectors.trainee_eligibility_problem(user=request.user)
    if problem:
        return render(request, "mentorship/find.html", {"problem": problem}, status=403)
    form = FindMentorForm(request.GET or None)
    suggestions = None
    if form.is_bound and form.is_valid():
        suggestions = selectors.mentor_suggestions(trainee=request.user, **form.cleaned_data)
    elif not form.is_bound:
        suggestions = selectors.mentor_suggestions(trainee=request.user)
    return render(request, "mentorship/find.html", {"form": form, "suggestions": suggestions})


@login_required
def ask(request, mentor_id: int):
    problem = selectors.trainee_eligibility_problem(user=request.user)
    if problem:
        return render(request, "mentorship/find.html", {"problem": problem}, status=403)
    mentor = selectors.mentor_for_request(mentor_id=mentor_id, trainee=request.user)
    if mentor is None or selectors.declined_before(trainee=request.user, mentor=mentor):
        raise Http404("No such mentor")
    form = MentorshipRequestForm(
        request.POST or None,
        formats=mentor.formats,
        initial={"topics": request.GET.get("topics", "")[:300]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.request_send(
                trainee=request.user, mentor_id=mentor.pk, **form.cleaned_data
            )
        except MentorshipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Your request is sent to {mentor.user.get_full_name()}. They have "
                f"{settings.MENTORSHIP_ANSWER_DAYS} days to answer; we will email you.",
            )
            return redirect(sent.get_absolute_url())
    return render(request, "mentorship/ask.html", {"form": form, "mentor": mentor})


@login_required
def request_page(request, request_id: int):
    """The request: the trainee follows it; the mentor asked reads the goals and answers."""
    mentorship_request = selectors.request_for_party(request_id=request_id, user=request.user)
    if mentorship_request is None:
        raise Http404("No such request")
    is_mentor = mentorship_request.mentor.user_id == request.user.pk
    form = AnswerForm(request.POST or None) if is_mentor else None
    if request.method == "POST":
        try:
            if not is_mentor:
                services.request_withdraw(request_id=request_id, user=request.user)
                messages.success(request, "Your request is withdrawn.")
                return redirect("mentorship:mine")
            if form.is_valid():
                note = form.cleaned_data["note"]
                if form.cleaned_data["answer"] == "accept":
                    pairing = services.request_accept(
                        request_id=request_id, user=request.user, note=note
                    )
                    messages.success(request, "You accepted: we have introduced you both.")
                    return redirect(pairing.get_absolute_url())
                services.request_decline(request_id=request_id, user=request.user, note=note)
                messages.success(request, "You declined; the trainee is told.")
                return redirect("mentorship:mine")
        except MentorshipError as exc:
            if form is None:
                messages.error(request, str(exc))
                return redirect(mentorship_request.get_absolute_url())
            form.add_error(None, str(exc))
    return render(
        request,
        "mentorship/request.html",
        {"mentorship_request": mentorship_request, "is_mentor": is_mentor, "form": form},
    )


@login_required
def pairing_page(request, pairing_id: int):
    pairing = selectors.pairing_for_party(pairing_id=pairing_id, user=request.user)
    if pairing is None:
        raise Http404("No such pairing")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    goals_form = GoalsForm(
        request.POST if action == "goals" else None, initial={"goals": pairing.goals}
    )
    feedback_form = FeedbackForm(request.POST if action == "feedback" else None)
    try:
        if action == "goals" and goals_form.is_valid():
            services.pairing_goals_save(
                pairing_id=pairing.pk, user=request.user, **goals_form.cleaned_data
            )
            messages.success(request, "Your agreed goals are saved.")
            return redirect(pairing.get_absolute_url())
        if action == "end":
            services.pairing_end(pairing_id=pairing.pk, user=request.user)
            messages.success(request, "The pairing has ended. Thank you! Tell us how it went.")
            return redirect(pairing.get_absolute_url())
        if action == "feedback" and feedback_form.is_valid():
            services.feedback_give(
                pairing_id=pairing.pk, user=request.user, **feedback_form.cleaned_data
            )
            messages.success(request, "Thank you for your feedback.")
            return redirect(pairing.get_absolute_url())
    except MentorshipError as exc:
        messages.error(request, str(exc))
    return render(
        request,
        "mentorship/pairing.html",
        {
            "pairing": pairing,
            "is_mentor": pairing.mentor.user_id == request.user.pk,
            "goals_form": goals_form,
            "feedback_form": feedback_form,
            "my_feedback": next(iter(pairing.feedback.all()), None),
        },
    )


def speed_session(request, session_id: int):
    session = selectors.speed_session_page(session_id=session_id, user=request.user)
    if session is None:
        raise Http404("No such session")
    return render(request, "mentorship/speed.html", {"session": session})


@login_required
@require_POST
def speed_seat(request, table_id: int):
    table = SpeedTable.objects.filter(pk=table_id, session__is_published=True).first()
    if table is None:
        raise Http404("No such table")
    try:
        if request.POST.get("action") == "give_up":
            speed_services.speed_seat_give_up(table_id=table_id, user=request.user)
            messages.success(request, "You gave up your place.")
        else:
            seat = speed_services.speed_seat_take(table_id=table_id, user=request.user)
            messages.success(
                request,
                "You are on the waitlist: we will email you if a seat comes free."
                if seat.waitlisted
                else "Your seat is booked.",
            )
    except MentorshipError as exc:
        messages.error(request, str(exc))
    return redirect("mentorship:speed", session_id=table.session_id)


def speed_calendar(request, table_id: int):
    table = (
        SpeedTable.objects.filter(pk=table_id, session__is_published=True)
        .select_related("session__meeting", "mentor__user")
        .first()
    )
    if table is None:
        raise Http404("No such table")
    response = HttpResponse(
        speed_table_ics(table, site_url=settings.SITE_URL), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="speed-mentoring-{table.pk}.ics"'
    return response
