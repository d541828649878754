"""How fast one issue of Signals+ is queued to every recipient.

Creates N members (default 10,000) who chose the newsletter, with confirmed terms covering
today, plus a few hundred subscribers (some of them members too, in another case), in a
database of its own (icis_benchmark_newsletter); then times one `newsletter_send` of an issue
with a handful of items and prints the seconds, the emails queued and the queries it took,
then a second send (which must queue nobody).

    .venv/bin/python benchmarks/newsletter.py [--members 10000] [--keep]

Needs the local services (`scripts/stack.sh start`). Target: 10,000 recipients in under 10 s.
"""

import argparse
import time
from datetime import timedelta

import own_database

DATABASE = "icis_benchmark_newsletter"
own_database.use(DATABASE, redis_db=13)


def populate(count: int, subscribers: int):
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from members import demo
    from members.models import CareerStage, MemberProfile, Membership, MembershipType
    from news.models import (
        NewsletterIssue,
        NewsletterItem,
        NewsletterSubscriber,
        Post,
    )

    demo.load()
    User = get_user_model()
    regular = MembershipType.objects.get(slug="regular")
    today = timezone.localdate()
    now = timezone.now()
    batch = 5_000
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
                user=user,
                institution="Institute",
                country="GB",
                career_stage=CareerStage.SENIOR,
                newsletter_opt_in=True,
            )
            for user in users
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                membership_type=regular,
                source="import",
                start_date=today - timedelta(days=n % 300),
                end_date=today - timedelta(days=n % 300) + timedelta(days=364),
                confirmed_at=now,
            )
            for user, n in zip(users, numbers, strict=True)
        )
    # A few hundred readers who are not members, and some members subscribed twice over.
    NewsletterSubscriber.objects.bulk_create(
        [
            *(NewsletterSubscriber(email=f"reader{n}@example.net") for n in range(subscribers)),
            *(NewsletterSubscriber(email=f"MEMBER{n}@example.org") for n in range(0, count, 100)),
        ]
    )
    posts = Post.objects.bulk_create(
        Post(
            title=f"News item {n}",
            slug=f"news-item-{n}",
            summary=f"What happened, in two sentences ({n}). Read on.",
            body="A long body. " * 200,
            status=Post.Status.PUBLISHED,
            publish_at=now - timedelta(days=n),
        )
        for n in range(6)
    )
    issue = NewsletterIssue.objects.create(
        number=1,
        date=today,
        title="Spring news from the society",
        editorial="Dear colleagues,\n\nWelcome to **Signals+**. " * 5,
        is_published=True,
    )
    NewsletterItem.objects.bulk_create(
        [
            *(
                NewsletterItem(issue=issue, kind=NewsletterItem.Kind.POST, post=post, ordering=n)
                for n, post in enumerate(posts)
            ),
            NewsletterItem(
                issue=issue,
                kind=NewsletterItem.Kind.DEADLINE,
                title="Travel awards close",
                deadline=date(today.year + 1, 1, 31),
                link="https://example.org/awards",
                ordering=20,
            ),
            NewsletterItem(
                issue=issue,
                kind=NewsletterItem.Kind.TEXT,
                title="From the treasurer",
                text="Dues are *due*. " * 10,
                ordering=30,
            ),
        ]
    )
    return issue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from icis.mail.models import OutboundEmail
    from news.selectors import newsletter_recipients
    from news.services import newsletter_send

    started = time.perf_counter()
    issue = populate(args.members, args.subscribers)
    print(
        f"created {args.members:,} members and {args.subscribers:,} subscribers "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    expected = len(newsletter_recipients())

    broker = own_database.broker_emptied()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        queued = newsletter_send(issue_id=issue.pk, actor=None)
        elapsed = time.perf_counter() - started

    print(
        f"newsletter_send: {elapsed:.2f} s for {expected:,} recipients "
        f"= {expected / elapsed:,.0f} emails/s"
    )
    print(f"queued {queued:,} emails ({expected:,} recipients after removing duplicates)")
    print(
        f"outbox rows: {OutboundEmail.objects.count():,}; broker messages: "
        f"{broker.llen('celery'):,} (batches of up to 200 emails)"
    )
    print(f"{len(queries):,} queries")
    sample = OutboundEmail.objects.order_by("pk").first()
    print(
        f"one email: {len(sample.body_text):,} characters of text, {len(sample.body_html):,} "
        f"of HTML; List-Unsubscribe {sample.headers['List-Unsubscribe'][:60]}…"
    )
    started = time.perf_counter()
    again = newsletter_send(issue_id=issue.pk, actor=None)
    print(f"second send: {again} new emails in {time.perf_counter() - started:.2f} s")
    own_database.finish(DATABASE, keep=args.keep)


if __name__ == "__main__":
    main()
