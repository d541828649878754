"""The demo's tournament: Cytokines 2021 (17-20 October 2021, fully virtual) played and closed.

Forty fictional attendees (example.org addresses, no password: nobody signs in as them) with
confirmed places score through the real ledger during the meeting, answer a question each day,
two of them asked to be hidden from the board, and two prizes are drawn after closing, each with
its recorded seed (no email is sent for a draw made years ago). Running it again creates
nothing: `load(meeting)` returns what it created."""

import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Meeting, Registration, RegistrationCategory
from .exceptions import TournamentError
from .models import Action, DailyChoice, DailyQuestion, PointRule, PrizeDraw, Tournament
from .services import board_hiding_set, daily_answer, points_record, prize_draw_run

FIRST_NAMES = ["Avery", "Bramwell", "Celestine", "Dorian", "Esmeralda", "Fenwick", "Griselda"]
FIRST_NAMES += ["Horatio"]
LAST_NAMES = ["Playwright", "Scoresby", "Pointsworth", "Leaderton", "Quizzley"]

RULES = [
    (Action.POSTER_OPEN, 5, 20),
    (Action.BOOTH_VISIT, 3, 10),
    (Action.QUESTION_ASKED, 10, 5),
    (Action.RECORDING_WATCHED, 4, None),
    (Action.LIVE_ATTENDED, 8, None),
    (Action.DAILY_ANSWER, 15, None),
]

QUESTIONS = [
    (
        "Which family of cytokines was named for 'interfering' with viral replication?",
        ["Interferons", "Interleukins", "Chemokines"],
        0,
    ),
    (
        "Which receptor chain do IL-2, IL-4, IL-7, IL-9, IL-15 and IL-21 share?",
        ["The common gamma chain", "gp130", "The IL-17 receptor A"],
        0,
    ),
    (
        "Which kinases sit directly under most cytokine receptors?",
        ["JAKs", "MAP kinases", "Src kinases", "PI3 kinases"],
        0,
    ),
    (
        "Which session did you enjoy most? (every answer scores)",
        ["Interferons in infection", "Cytokines in cancer", "Inflammation and autoimmunity"],
        None,
    ),
]

DRAWS = [
    ("A year's society membership", 1, PrizeDraw.Rule.TOP, 10),
    ("Registration for Cytokines 2022", 3, PrizeDraw.Rule.AT_LEAST, 100),
]


def _attendees(meeting: Meeting) -> list:
    User = get_user_model()
    category = RegistrationCategory.objects.filter(meeting=meeting).order_by("ordering").first()
    if category is None:
        category = RegistrationCategory.objects.create(
            meeting=meeting, slug="virtual-attendee", name="Virtual attendee", ordering=1
        )
    confirmed_at = meeting.at(meeting.start_date - timedelta(days=10), time(12))
    people = []
    for n, (first, last) in enumerate((f, la) for la in LAST_NAMES for f in FIRST_NAMES):
        email = f"{first}.{last}.tournament@example.org".lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, first_name=first, last_name=last
            )
        Registration.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={
                "category": category,
                "status": Registration.Status.CONFIRMED,
                "confirmed_at": confirmed_at,
                "badge_name": f"{first} {last}",
                "affiliation": "Institute of Example Studies",
                "country": ["GB", "US", "DE", "JP", "BR"][n % 5],
            },
        )
        people.append(user)
    return people


@transaction.atomic
def load(meeting: Meeting) -> dict:
    created = {"attendees": 0, "point_events": 0, "answers": 0, "draws": 0}
    tournament, _ = Tournament.objects.get_or_create(
        meeting=meeting, defaults={"leaderboard_size": 10}
    )
    for action, points, cap in RULES:
        PointRule.objects.get_or_create(
            tournament=tournament, action=action, defaults={"points": points, "daily_cap": cap}
        )
    before = get_user_model().objects.count()
    people = _attendees(meeting)
    created["attendees"] = get_user_model().objects.count() - before
    days = [meeting.start_date + timedelta(days=n) for n in range(4)]
    # The same demo every time: not a secret.
    rng = random.Random(2021)  # noqa: S311  # nosec B311
    for day, (text, choices, right) in zip(days, QUESTIONS, strict=True):
        question, made = DailyQuestion.objects.get_or_create(
            tournament=tournament, day=day, defaults={"text": text}
        )
        if made:
            for n, choice in enumerate(choices):
                DailyChoice.objects.create(question=question, text=choice, is_right=n == right)
        for n, user in enumerate(people):
            keen = n % 7 + 1  # some play a lot, some a little
            at = meeting.at(day, time(9 + n % 8, (n * 7) % 60))
            for k in range(keen * 3):
                action = rng.choice(RULES[:5])[0]
                created["point_events"] += bool(
                    points_record(
                        meeting=meeting,
                        user=user,
                        action=action,
                        object_key=f"demo.{action}:{day:%d}-{k}",
                        now=at + timedelta(minutes=k),
                    )
                )
            if n % 3:
                choice = question.choices.all()[rng.randrange(len(choices))]
                try:
                    daily_answer(question=question, user=user, choice=choice, now=at)
                    created["answers"] += 1
                except TournamentError:
                    pass  # answered on an earlier run
    for user in people[5:7]:
        board_hiding_set(tournament=tournament, user=user, hidden=True)
    after = meeting.at(meeting.end_date + timedelta(days=2), time(10))
    for name, winners, rule, threshold in DRAWS:
        draw, _ = PrizeDraw.objects.get_or_create(
            tournament=tournament,
            name=name,
            defaults={"winners_count": winners, "rule": rule, "threshold": threshold},
        )
        if not draw.drawn_at:
            prize_draw_run(draw_id=draw.pk, actor=None, now=after, email_winners=False)
            created["draws"] += 1
    return created
