"""How fast one renewal-notice run plans and queues, for a society far larger than ICIS.

Creates N members (default 100,000) whose terms end on days spread evenly over two years
around today, in a database of its own (icis_benchmark), then times one run of the daily
notices task and prints members per second and the queries it took.

    .venv/bin/python benchmarks/reminders.py [--members 100000] [--keep]

Needs the local services (`scripts/stack.sh start`). Target: 100,000 members in under 30 s.
"""

import argparse
import time
from datetime import timedelta

import own_database

DATABASE = "icis_benchmark"
own_database.use(DATABASE, redis_db=9)


def populate(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from members import demo
    from members.models import CareerStage, MemberProfile, Membership, MembershipType

    demo.load()
    User = get_user_model()
    regular = MembershipType.objects.get(slug="regular")
    today = timezone.localdate()
    now = timezone.now()
    batch = 10_000
    for start in range(0, count, batch):
        numbers = range(start, min(start + batch, count))
        users = User.objects.bulk_create(
            User(
                email=f"member{n}@example.org",
                first_name=f"Given{n}",
                last_name=f"Family{n}",
                password="!",
            )
            for n in numbers
        )
        MemberProfile.objects.bulk_create(
            MemberProfile(
                user=user, institution="Institute", country="GB", career_stage=CareerStage.SENIOR
            )
            for user in users
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                membership_type=regular,
                source="import",
                start_date=end - timedelta(days=364),
                end_date=end,
                confirmed_at=now,
            )
            for user, end in (
                (user, today + timedelta(days=n % 730 - 365))
                for user, n in zip(users, numbers, strict=True)
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from icis.mail.models import OutboundEmail
    from members.notices import notices_queue

    started = time.perf_counter()
    populate(args.members)
    print(f"created {args.members:,} members in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    broker = own_database.broker_emptied()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = notices_queue(chunk_size=args.chunk_size)
        elapsed = time.perf_counter() - started

    print(
        f"one notices run: {elapsed:.2f} s for {args.members:,} members "
        f"= {args.members / elapsed:,.0f} members/s"
    )
    print(
        f"queued {report.queued:,} emails: "
        + ", ".join(f"{key} {count:,}" for key, count in report.by_notice.items())
    )
    print(
        f"outbox rows: {OutboundEmail.objects.count():,}; broker messages: "
        f"{broker.llen('celery'):,} (batches of up to 200 emails)"
    )
    print(
        f"{len(queries):,} queries in {report.scanned_chunks} chunks "
        f"({len(queries) / max(report.scanned_chunks, 1):.1f} per chunk)"
    )
    started = time.perf_counter()
    again = notices_queue(chunk_size=args.chunk_size)
    print(
        f"second run the same day: {again.queued} new emails in "
        f"{time.perf_counter() - started:.2f} s"
    )
    own_database.finish(DATABASE, keep=args.keep)


if __name__ == "__main__":
    main()
