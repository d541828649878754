"""How many point events a second the ledger takes, that nothing scores twice, and how long the
leaderboard takes at full size.

Creates a virtual meeting under way with its tournament and 1,100 confirmed attendees (default)
in a database of its own (icis_benchmark_tournament). Every attendee opens E posters (default
10) and visits booths (capped at 5 a day); a share of those calls (default 25%) is replayed from
ANOTHER process at the same time, as a double click, a second tab or a retried request would.
P worker processes (default 4, as a site runs several web workers) call `points_record` for
their share, released together. Afterwards it counts, straight from the ledger:

- double-scored: rows beyond one per (attendee, action, object) (the unique key), plus rows
  beyond the daily cap per (attendee, action, day): both must be 0;
- that the points the calls said they scored equal the points in the ledger;
- the leaderboard selector (`selectors.board` + `selectors.own_standing`, what the page runs)
  at that size: the median of R runs (default 15).

    .venv/bin/python benchmarks/tournament.py [--attendees 1100] [--events 10]
        [--replays 0.25] [--processes 4] [--runs 15] [--keep]

Needs the local services (`scripts/stack.sh start`). Target on a 2-core machine: at least 500
point events a second, and none double-scored.
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta

import own_database

DATABASE = "icis_benchmark_tournament"
own_database.use(DATABASE, redis_db=7)

BOOTH_CAP = 5


def populate(*, attendees: int, slug: str = "cytokines-benchmark-tournament"):
    """A fully virtual meeting under way, its tournament with rules, and `attendees` people
    with a confirmed place. Returns the meeting and the people's ids."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from meetings.models import Format, Meeting, Registration, RegistrationCategory
    from meetings.tournament.models import Action, PointRule, Tournament

    today = timezone.localdate()
    meeting = Meeting.objects.create(
        edition=98,
        name=f"Cytokines Benchmark {slug}",
        slug=slug,
        currency="USD",
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=2),
        time_zone="UTC",
        format=Format.VIRTUAL,
        status=Meeting.Status.REGISTRATION_OPEN,
    )
    tournament = Tournament.objects.create(meeting=meeting)
    PointRule.objects.create(tournament=tournament, action=Action.POSTER_OPEN, points=5)
    PointRule.objects.create(
        tournament=tournament, action=Action.BOOTH_VISIT, points=2, daily_cap=BOOTH_CAP
    )
    category = RegistrationCategory.objects.create(
        meeting=meeting, slug="attendee", name="Attendee", ordering=1
    )
    User = get_user_model()
    people = User.objects.bulk_create(
        User(email=f"{slug}-{n}@example.org", first_name=f"Given{n}", last_name=f"Family{n}")
        for n in range(attendees)
    )
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            user=person,
            category=category,
            status=Registration.Status.CONFIRMED,
            badge_name=f"Given{n} Family{n}",
            affiliation="Example Institute",
            country="GB",
        )
        for n, person in enumerate(people)
    )
    return meeting, [person.pk for person in people]


def plan(people: list[int], *, events: int, replays: float, processes: int, seed: int = 16):
    """Each process's list of (user id, action, object key). Every call is made once; a share
    is made a second time by the next process, in a shuffled order so the two land close."""
    from meetings.tournament.models import Action

    calls = []
    for user_id in people:
        for n in range(events):
            if n % 2:
                calls.append((user_id, Action.BOOTH_VISIT.value, f"exhibitors.booth:{n}"))
            else:
                calls.append((user_id, Action.POSTER_OPEN.value, f"posters.poster:{n}"))
    rng = random.Random(seed)  # noqa: S311  (a repeatable plan, not a secret)
    shares: list[list] = [[] for _ in range(processes)]
    replayed = 0
    for index, call in enumerate(calls):
        shares[index % processes].append(call)
        if rng.random() < replays:
            shares[(index + 1) % processes].append(call)
            replayed += 1
    for share in shares:
        rng.shuffle(share)
    return shares, len(calls), replayed


def run_share(meeting_id: int, share: list, ready, outbox) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from meetings.models import Meeting
    from meetings.tournament.services import points_record

    meeting = Meeting.objects.get(pk=meeting_id)
    users = get_user_model().objects.in_bulk({user_id for user_id, _, _ in share})
    scored = errors = 0
    ready.wait()
    began = time.perf_counter()
    for user_id, action, key in share:
        try:
            scored += points_record(
                meeting=meeting, user=users[user_id], action=action, object_key=key
            )
        except Exception:  # counted and reported, never hidden
            errors += 1
    outbox.put((len(share), scored, errors, time.perf_counter() - began))
    connection.close()


def drive(meeting, shares: list[list]):
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(len(shares) + 1)
    outbox = context.Queue()
    children = [
        context.Process(target=run_share, args=(meeting.pk, share, ready, outbox))
        for share in shares
    ]
    for child in children:
        child.start()
    ready.wait()
    began = time.perf_counter()
    results = [outbox.get() for _ in children]
    wall = time.perf_counter() - began
    for child in children:
        child.join()
    return wall, results


def double_scored(meeting) -> tuple[int, int]:
    """(rows beyond one per unique key, rows beyond the daily cap), counted in the ledger."""
    from django.db.models import Count

    from meetings.tournament.models import Action, PointEvent

    events = PointEvent.objects.filter(tournament__meeting=meeting)
    keys = events.values("user", "action", "object_key").annotate(n=Count("pk"))
    beyond_key = sum(row["n"] - 1 for row in keys.filter(n__gt=1))
    per_day = (
        events.filter(action=Action.BOOTH_VISIT)
        .values("user", "day")
        .annotate(n=Count("pk"))
        .filter(n__gt=BOOTH_CAP)
    )
    beyond_cap = sum(row["n"] - BOOTH_CAP for row in per_day)
    return beyond_key, beyond_cap


def board_time(meeting, *, runs: int) -> tuple[float, int]:
    """The median seconds of the page's two ranking queries, and how many players there are."""
    from django.contrib.auth import get_user_model

    from meetings.tournament import selectors
    from meetings.tournament.models import PointEvent

    tournament = meeting.tournament
    viewer = get_user_model().objects.filter(point_events__tournament=tournament).last()
    players = PointEvent.objects.filter(tournament=tournament).values("user").distinct().count()
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        selectors.board(tournament)
        selectors.own_standing(tournament, viewer)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings), players


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=1100)
    parser.add_argument("--events", type=int, default=10, help="distinct scorings per attendee")
    parser.add_argument("--replays", type=float, default=0.25, help="share replayed elsewhere")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--runs", type=int, default=15, help="leaderboard timings")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)
    from django.db import connection
    from django.db.models import Sum

    from meetings.tournament.models import PointEvent

    meeting, people = populate(attendees=args.attendees)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    shares, unique, replayed = plan(
        people, events=args.events, replays=args.replays, processes=args.processes
    )
    wall, results = drive(meeting, shares)

    calls = sum(result[0] for result in results)
    said = sum(result[1] for result in results)
    errors = sum(result[2] for result in results)
    events = PointEvent.objects.filter(tournament__meeting=meeting)
    in_ledger = events.aggregate(total=Sum("points"))["total"] or 0
    beyond_key, beyond_cap = double_scored(meeting)
    median, players = board_time(meeting, runs=args.runs)

    print(f"{args.attendees} attendees, {args.processes} processes, {os.cpu_count()} CPUs")
    print(f"calls to points_record:  {calls} ({unique} distinct, {replayed} replayed elsewhere)")
    print(f"point events written:    {events.count()}")
    print(f"errors:                  {errors}")
    print(f"wall time:               {wall:.3f} s")
    print(f"calls/s:                 {calls / wall:.0f}")
    print(f"double-scored:           {beyond_key} (unique key) + {beyond_cap} (daily cap)")
    print(f"points said = in ledger: {said} = {in_ledger} ({'yes' if said == in_ledger else 'NO'})")
    print(f"leaderboard at {players} players: median {median * 1000:.1f} ms of {args.runs} runs")
    own_database.finish(DATABASE, keep=args.keep)
    ok = beyond_key == 0 and beyond_cap == 0 and said == in_ledger and not errors
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
