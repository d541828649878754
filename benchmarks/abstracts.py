"""How large calls for abstracts are reviewed and released, through the real services, and
what the staff ranking page and the reviewer's list cost in queries at 30 and 1,000 abstracts.

In a database of its own (icis_benchmark_abstracts) it makes a panel of R reviewers (default
60) who each judge two of four topics (every tenth judges all), and two meetings, each with a
program session and a call in the four topics: a small one of 30 submitted abstracts and a
large one of N (default 1,000), each abstract with a presenting author and two co-authors at
two institutions. For each call it assigns reviewers (3 an abstract), scores every review and
counts the queries of the ranking page (staff, signed in with two factors) and of the list of
the busiest reviewer, through the Django test client: the two counts must not change with the
size. On the large call it times:

- `reviews_assign_automatic`: 3 reviewers an abstract by topic, conflicts checked, one email
  to each reviewer;
- `ranking_by_topic`, once every review is scored (1 query);
- `decisions_release`: 100 oral (talks in the session), 500 posters (a board each), 100 on
  the waiting list and the rest not accepted: one email each;
- a second release, which must send nothing.

    .venv/bin/python benchmarks/abstracts.py [--abstracts 1000] [--reviewers 60]

Needs the local services (`scripts/stack.sh start`). Targets on a 2-core machine: assignment
under 5 s, the release of 1,000 decisions under 30 s.
"""

import argparse
import time
from datetime import timedelta
from decimal import Decimal

import own_database

DATABASE = "icis_benchmark_abstracts"
own_database.use(DATABASE, redis_db=15)

SMALL = 30
TOPICS = [
    "Interferons and antiviral immunity",
    "Cytokines in cancer",
    "Inflammation and autoimmunity",
    "Cytokine signalling",
]


def panel_made(reviewers: int) -> list:
    from django.contrib.auth import get_user_model

    from members.models import MemberProfile

    panel = get_user_model().objects.bulk_create(
        get_user_model()(email=f"reviewer{n}@example.org", first_name="Reviewer", last_name=str(n))
        for n in range(reviewers)
    )
    MemberProfile.objects.bulk_create(
        MemberProfile(user=user, institution=f"Institute {n % 150}", country="GB")
        for n, user in enumerate(panel)
    )
    return panel


def populate(*, abstracts: int, panel: list, edition: int):
    """A meeting, its call (closed yesterday) with the panel, the abstracts and their
    authors. Returns the call and the session oral abstracts go into."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from meetings.abstracts.models import (
        Abstract,
        AbstractCall,
        AbstractPanelMember,
        AbstractTopic,
        Affiliation,
        Author,
    )
    from meetings.abstracts.review_services import rubric_default
    from meetings.models import Meeting, ProgramDay, Session

    User = get_user_model()
    now = timezone.now()
    today = timezone.localdate()
    meeting = Meeting.objects.create(
        edition=edition,
        name=f"Cytokines Benchmark {edition}",
        slug=f"cytokines-benchmark-{edition}",
        currency="USD",
        start_date=today + timedelta(days=120),
        end_date=today + timedelta(days=123),
        time_zone="Europe/London",
        status=Meeting.Status.REGISTRATION_OPEN,
    )
    day = ProgramDay.objects.create(meeting=meeting, date=meeting.start_date)
    session = Session.objects.create(
        day=day, title="Selected oral abstracts", start_time="14:00", end_time="18:00"
    )
    call = AbstractCall.objects.create(
        meeting=meeting, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
    )
    rubric_default(call=call)
    topics = [
        AbstractTopic.objects.create(call=call, name=name, position=n)
        for n, name in enumerate(TOPICS)
    ]
    for n, user in enumerate(panel):
        member = AbstractPanelMember.objects.create(call=call, reviewer=user)
        if n % 10:
            member.topics.set([topics[n % 4], topics[(n + 1) % 4]])
    submitters = User.objects.bulk_create(
        User(email=f"author{edition}-{n}@example.org", first_name="Author", last_name=str(n))
        for n in range(abstracts)
    )
    made = Abstract.objects.bulk_create(
        Abstract(
            call=call,
            submitter=user,
            status=Abstract.Status.SUBMITTED,
            submitted_at=now - timedelta(days=2),
            title=f"IL-1\u03b2 and IFN-\u03b3 in model {n}",
            topic=topics[n % 4],
            preference="either",
            body="TNF-\u03b1 rose \u2265 2-fold at 10 \u00b5M.",
            publication_consent=True,
        )
        for n, user in enumerate(submitters)
    )
    Affiliation.objects.bulk_create(
        Affiliation(abstract=abstract, number=k + 1, name=f"Institute {(n + k * 7) % 150}")
        for n, abstract in enumerate(made)
        for k in range(2)
    )
    Author.objects.bulk_create(
        Author(
            abstract=abstract,
            position=k + 1,
            name=f"Author {n}-{k}",
            email=abstract.submitter.email if k == 0 else f"co{edition}-{n}-{k}@example.org",
            user=abstract.submitter if k == 0 else None,
            affiliation_numbers=[k % 2 + 1],
            is_presenting=k == 0,
        )
        for n, abstract in enumerate(made)
        for k in range(3)
    )
    return call, session


def score_every_review(call) -> None:
    from django.utils import timezone

    from meetings.abstracts.models import AbstractReview

    reviews = list(AbstractReview.objects.filter(abstract__call=call))
    for review in reviews:
        review.weighted_score = Decimal(100 + review.pk * 37 % 401) / 100
        review.submitted_at = timezone.now()
    AbstractReview.objects.bulk_update(reviews, ["weighted_score", "submitted_at"])


def decide(groups, session) -> None:
    """The best 100 oral, the next 500 posters, 100 on the waiting list, the rest not
    accepted, in ranking order across the topics, as staff record them."""
    from meetings.abstracts import review_services

    rows = sorted(
        (row for _, ranked in groups for row in ranked),
        key=lambda row: (-(row.mean or 0), row.item.pk),
    )
    for position, row in enumerate(rows):
        decision = (
            "oral"
            if position < 100
            else "poster"
            if position < 600
            else "waitlist"
            if position < 700
            else "reject"
        )
        review_services.decision_record(
            abstract_id=row.item.pk,
            decision=decision,
            session_id=session.pk if decision == "oral" else None,
            actor=None,
        )


def timed(label: str, function):
    """Runs `function`, printing its time and its exact number of queries (counted as they
    run: Django's query log keeps only the last 9,000)."""
    from django.db import connection

    queries = 0

    def counting(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s, {queries:,} queries")
    return result, elapsed


def page_queries(call, staff) -> tuple[int, int]:
    """The queries of the call's ranking page (staff) and of the busiest reviewer's list, each
    counted on a second load through the test client (the first loads the session)."""
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from meetings.abstracts.models import AbstractReview
    from tests.conftest import sign_in_with_two_factor
    from tests.querycount import count_queries

    def counted(client, url: str) -> int:
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        return count_queries(lambda: client.get(url))[0]

    busiest = (
        AbstractReview.objects.filter(abstract__call=call)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["reviewer"]
    )
    reviewer_client = Client()
    reviewer_client.force_login(staff.__class__.objects.get(pk=busiest))
    ranking = counted(
        sign_in_with_two_factor(Client(), staff),
        reverse("admin:abstracts_abstractcall_ranking", args=[call.pk]),
    )
    return ranking, counted(reviewer_client, reverse("awards:reviews"))


def reviewed(call) -> None:
    """Reviewers assigned and every review scored, as for the page counts at 30."""
    from meetings.abstracts import review_services

    review_services.reviews_assign_automatic(call=call, actor=None)
    score_every_review(call)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--abstracts", type=int, default=1000)
    parser.add_argument("--reviewers", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)

    from django.contrib.auth import get_user_model

    from icis.mail.models import OutboundEmail
    from meetings.abstracts import review_selectors, review_services
    from meetings.abstracts.models import Abstract, AbstractReview
    from meetings.models import Talk
    from tests.conftest import enable_totp

    own_database.broker_emptied()
    staff = get_user_model().objects.create(
        email="office@example.org", is_staff=True, is_superuser=True
    )
    enable_totp(staff)
    panel = panel_made(args.reviewers)
    small, _ = populate(abstracts=SMALL, panel=panel, edition=98)
    reviewed(small)
    small_counts = page_queries(small, staff)

    started = time.perf_counter()
    call, session = populate(abstracts=args.abstracts, panel=panel, edition=99)
    print(
        f"created {args.abstracts:,} submitted abstracts and a panel of {args.reviewers} "
        f"in {time.perf_counter() - started:.1f} s"
    )

    result, _ = timed(
        "reviews_assign_automatic",
        lambda: review_services.reviews_assign_automatic(call=call, actor=None),
    )
    per_reviewer = AbstractReview.objects.filter(abstract__call=call).count() / args.reviewers
    print(
        f"  {result.created:,} reviews, {per_reviewer:.1f} per reviewer, "
        f"{len(result.short)} abstracts short"
    )
    score_every_review(call)
    groups, _ = timed("ranking_by_topic", lambda: review_selectors.ranking_by_topic(call=call))
    large_counts = page_queries(call, staff)
    for label, at_small, at_large in zip(
        ("ranking page (staff)", "reviewer's list"), small_counts, large_counts, strict=True
    ):
        print(
            f"{label}: {at_small} queries at {SMALL} abstracts, {at_large} at "
            f"{args.abstracts:,}" + ("" if at_small == at_large else "  <-- GROWS")
        )
    decide(groups, session)

    release, elapsed = timed(
        "decisions_release", lambda: review_services.decisions_release(call=call, actor=None)
    )
    print(
        f"  {release.sent:,} decisions sent = {release.sent / elapsed:,.0f} a second; "
        f"{dict(release.decisions)}; {len(release.notes)} notes for staff"
    )
    emails = OutboundEmail.objects.filter(template="abstracts/email/decision")
    boards = Abstract.objects.filter(call=call).exclude(board_number="").count()
    print(
        f"  {emails.count():,} decision emails, {Talk.objects.filter(session=session).count()} "
        f"talks, {boards} poster boards"
    )
    again, _ = timed(
        "second release", lambda: review_services.decisions_release(call=call, actor=None)
    )
    print(f"  {again.sent} more sent; {emails.count():,} decision emails in all")
    own_database.finish(DATABASE, keep=args.keep)


if __name__ == "__main__":
    main()
