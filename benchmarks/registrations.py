"""How many registrations a second the service layer takes when a meeting opens, and that the
last place is sold once.

Creates a meeting with N places (default 150) and U people (default 200) in a database of its own
(icis_benchmark_registrations), then has P worker processes (default 4, as a site runs several
web workers) with T threads each (default 1), each with its own PostgreSQL connection, put every
person through `registration_checkout` at once for the paid non-member rate. That is the real
paid path up to the card: the place is held and a pending Payment row is written; Stripe is not
called. Every call takes the meeting's row lock, so the calls queue on it. Each worker makes a
few registrations on a meeting of its own first, so first-use costs are not counted.

    .venv/bin/python benchmarks/registrations.py [--users 200] [--capacity 150]
        [--processes 4] [--threads 1]

Needs the local services (`scripts/stack.sh start`). Target on a 2-core machine: at least 100
registrations a second, and no place held beyond capacity.
"""

import argparse
import os
import queue
import sys
import threading
import time
from datetime import timedelta

import own_database

# Nothing is queued on the paid path; a Redis database of its own all the same.
DATABASE = "icis_benchmark_registrations"
own_database.use(DATABASE, redis_db=11)

PRICE = 75000


def populate(*, users: int, capacity: int, slug: str = "cytokines-benchmark"):
    """A meeting open for registration with `capacity` places (None: unlimited), its
    non-member category at $750.00, and `users` people who each have a profile. Returns the
    meeting, the category and the people."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from meetings.models import (
        Fee,
        FeeWindow,
        Meeting,
        RegistrationCategory,
        RegistrationSettings,
    )
    from members.models import CareerStage, MemberProfile

    today = timezone.localdate()
    meeting = Meeting.objects.create(
        edition=99,
        name=f"Cytokines Benchmark {slug}",
        slug=slug,
        currency="USD",
        start_date=today + timedelta(days=90),
        end_date=today + timedelta(days=93),
        time_zone="Europe/London",
        status=Meeting.Status.REGISTRATION_OPEN,
    )
    RegistrationSettings.objects.create(meeting=meeting, capacity=capacity)
    window = FeeWindow.objects.create(
        meeting=meeting, name="Early bird", ends_on=today + timedelta(days=30)
    )
    category = RegistrationCategory.objects.create(
        meeting=meeting, slug="non-member", name="Non-member"
    )
    Fee.objects.create(category=category, window=window, amount=PRICE)
    User = get_user_model()
    people = User.objects.bulk_create(
        User(email=f"{slug}-{n}@example.org", first_name=f"Given{n}", last_name=f"Family{n}")
        for n in range(users)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(
            user=person, institution="Institute", country="GB", career_stage=CareerStage.SENIOR
        )
        for person in people
    )
    return meeting, category, people


def drive(*, meeting, category, people, threads: int):
    """Every person registers once, through `threads` workers released together. Returns the
    wall time, this process's CPU time (all threads share one GIL) and, per call, (latency in
    seconds, outcome)."""
    from django.db import connection

    from meetings.exceptions import SoldOut
    from meetings.registration import Attendee, registration_checkout

    attendee = Attendee(badge_name="Benchmark Attendee", affiliation="Institute", country="GB")
    work: queue.SimpleQueue = queue.SimpleQueue()
    for person in people:
        work.put(person)
    results: list[tuple[float, str]] = []
    lock = threading.Lock()
    start = threading.Barrier(threads + 1)

    def worker() -> None:
        mine = []
        try:
            connection.ensure_connection()  # connecting is not part of what is measured
            start.wait()
            while True:
                try:
                    person = work.get_nowait()
                except queue.Empty:
                    break
                began = time.perf_counter()
                try:
                    registration_checkout(
                        user=person, meeting=meeting, category=category, attendee=attendee
                    )
                    outcome = "held"
                except SoldOut:
                    outcome = "sold out"
                except Exception as exc:  # reported, not hidden
                    outcome = f"error: {type(exc).__name__}: {exc}"
                mine.append((time.perf_counter() - began, outcome))
        finally:
            connection.close()
            with lock:
                results.extend(mine)

    pool = [threading.Thread(target=worker, name=f"buyer-{n}") for n in range(threads)]
    for thread in pool:
        thread.start()
    start.wait()
    began, cpu_began = time.perf_counter(), time.process_time()
    for thread in pool:
        thread.join()
    return time.perf_counter() - began, time.process_time() - cpu_began, results


def warm_up(warmup, people) -> None:
    """A few registrations on a meeting of their own before the clock starts, as a running web
    worker has served requests before: first-use costs (imports, query compilation, caches)
    are not what is measured."""
    from django.db import connection

    from meetings.registration import Attendee, registration_checkout

    meeting, category = warmup
    attendee = Attendee(badge_name="Warm-up", affiliation="Institute", country="GB")
    for person in people:
        registration_checkout(user=person, meeting=meeting, category=category, attendee=attendee)
    connection.close()


def drive_processes(
    *, meeting, category, people, processes: int, threads: int, warmup, warm_people
):
    """The same, from `processes` worker processes (as a site runs several web workers), each
    with `threads` threads and warmed up first: the GIL no longer caps the run at one core."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(processes + 1)
    outbox = context.Queue()
    slices = [people[n::processes] for n in range(processes)]
    warm_slices = [warm_people[n::processes] for n in range(processes)]

    def child(mine, warm) -> None:
        warm_up(warmup, warm)
        ready.wait()
        _wall, cpu, results = drive(
            meeting=meeting, category=category, people=mine, threads=threads
        )
        outbox.put((cpu, results))

    children = [
        context.Process(target=child, args=(mine, warm))
        for mine, warm in zip(slices, warm_slices, strict=True)
    ]
    for process in children:
        process.start()
    ready.wait()
    began = time.perf_counter()
    collected = [outbox.get() for _ in children]
    wall = time.perf_counter() - began
    for process in children:
        process.join()
    cpu = sum(cpu for cpu, _ in collected)
    return wall, cpu, [result for _, results in collected for result in results]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=150)
    parser.add_argument("--threads", type=int, default=1, help="threads per process")
    parser.add_argument(
        "--processes",
        type=int,
        default=4,
        help="worker processes (as web workers), each with --threads threads",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from icis.payments.models import Payment
    from meetings.models import Registration

    meeting, category, people = populate(users=args.users, capacity=args.capacity)
    warm_meeting, warm_category, warm_people = populate(
        users=3 * args.processes, capacity=None, slug="cytokines-warm-up"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()  # the workers open their own

    if args.processes > 1:
        wall, cpu, results = drive_processes(
            meeting=meeting,
            category=category,
            people=people,
            processes=args.processes,
            threads=args.threads,
            warmup=(warm_meeting, warm_category),
            warm_people=warm_people,
        )
    else:
        warm_up((warm_meeting, warm_category), warm_people)
        wall, cpu, results = drive(
            meeting=meeting, category=category, people=people, threads=args.threads
        )

    latencies = [seconds * 1000 for seconds, _ in results]
    held = sum(1 for _, outcome in results if outcome == "held")
    sold_out = sum(1 for _, outcome in results if outcome == "sold out")
    errors = sorted({outcome for _, outcome in results if outcome.startswith("error")})
    holding = Registration.objects.filter(meeting=meeting).holding_places(timezone.now())
    held_in_db = holding.count()
    oversold = max(0, held_in_db - args.capacity)
    twice = (
        Registration.objects.filter(meeting=meeting)
        .values("user")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    payments = Payment.objects.filter(
        status=Payment.Status.PENDING, description=f"{meeting.name} registration"
    ).count()

    print(
        f"{args.users} people, {args.capacity} places, {args.processes} process(es) x "
        f"{args.threads} threads, {os.cpu_count()} CPUs"
    )
    print(f"registrations attempted: {len(results)}")
    print(f"succeeded (place held):  {held}")
    print(f"sold out:                {sold_out}")
    print(f"other errors:            {len(results) - held - sold_out}")
    for error in errors[:5]:
        print(f"  {error}")
    print(f"wall time:               {wall:.3f} s")
    print(f"registrations/s:         {len(results) / wall:.0f}")
    print(
        f"latency per call:        p50 {percentile(latencies, 0.50):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms "
        f"(includes waiting for the meeting's lock)"
    )
    print(f"wall time per call:      {wall / len(results) * 1000:.2f} ms (wall / calls)")
    print(
        f"Python CPU per call:     {cpu / len(results) * 1000:.2f} ms "
        f"({cpu / wall:.0%} of the wall time; one process's threads share one GIL)"
    )
    print(
        f"places held in the database: {held_in_db} of {args.capacity}; "
        f"pending payments: {payments}; people registered twice: {twice}"
    )
    print(f"oversold:                {oversold}")
    own_database.finish(DATABASE, keep=args.keep)
    if oversold or twice or held_in_db != min(args.capacity, args.users) or errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
