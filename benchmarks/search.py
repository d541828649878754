"""Site search latency as the content grows: flat, because it reads stored, indexed documents.

In a database of its own (icis_benchmark_search): a public meeting with a program, 1,000
published abstracts (five authors each) and news posts added in steps to 1,000, 5,000 and
10,000 (one in twenty a draft, one in twenty scheduled for later), all with `bulk_create`. At
each size it times `site_search` (the one statement, then the results and their snippets) for a
few searches, the median of N runs, and, for comparison, the former way of matching posts (the
document built from the text for every row, which no index can serve). Then it prints the
plan of one search at the largest size, showing the GIN indexes at work.

    .venv/bin/python benchmarks/search.py [--runs 21] [--keep]

Needs the local services (`scripts/stack.sh start`).
"""

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from datetime import time as clock

import own_database

DATABASE = "icis_benchmark_search"
own_database.use(DATABASE, redis_db=8)

SIZES = (1_000, 5_000, 10_000)
SEARCHES = ("interferon", "STAT3 inhibitor", '"cytokine storm"', "macrophage -gamma", "Okafor")
WORDS = [
    "cytokine",
    "interleukin",
    "chemokine",
    "receptor",
    "signalling",
    "pathway",
    "macrophage",
    "neutrophil",
    "lymphocyte",
    "antiviral",
    "response",
    "inflammation",
    "autoimmunity",
    "tumour",
    "microenvironment",
    "kinase",
    "phosphorylation",
    "transcription",
    "expression",
    "mouse",
    "model",
    "patients",
    "cohort",
    "trial",
    "therapy",
    "antibody",
    "vaccine",
    "infection",
    "bacterial",
    "fungal",
    "epithelial",
    "barrier",
    "gut",
    "skin",
    "lung",
    "liver",
    "society",
    "meeting",
    "award",
    "travel",
    "grant",
    "members",
    "annual",
    "workshop",
    "webinar",
    "journal",
    "review",
]
SPECIAL = ("interferon", "STAT3 inhibitor", "cytokine storm", "gamma", "macrophage")


def _text(rng: random.Random, words: int) -> str:
    chosen = rng.choices(WORDS, k=words)
    if rng.random() < 0.05:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(SPECIAL))
    return " ".join(chosen).capitalize() + "."


def populate_abstracts(*, count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from meetings.abstracts.models import Abstract, AbstractCall, Author
    from meetings.models import Meeting, ProgramDay, Session

    rng = random.Random(17)  # noqa: S311  # nosec B311  (test data, not a secret)
    now = timezone.now()
    meeting = Meeting.objects.create(
        edition=97,
        name="Cytokines Search Benchmark",
        slug="cytokines-search-benchmark",
        currency="USD",
        city="Cardiff",
        tagline="Interferons and cytokines in health and disease",
        start_date=date(2027, 10, 12),
        end_date=date(2027, 10, 15),
        time_zone="Europe/London",
        status=Meeting.Status.ANNOUNCED,
    )
    day = ProgramDay.objects.create(meeting=meeting, date=meeting.start_date)
    Session.objects.bulk_create(
        Session(
            day=day,
            title=_text(rng, 4),
            description=_text(rng, 40),
            start_time=clock(8 + n % 10),
            end_time=clock(9 + n % 10),
        )
        for n in range(40)
    )
    call = AbstractCall.objects.create(
        meeting=meeting, opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=30)
    )
    submitter = get_user_model().objects.create_user(
        email="submitter@example.org", password=None, first_name="Bench", last_name="Mark"
    )
    abstracts = Abstract.objects.bulk_create(
        Abstract(
            call=call,
            submitter=submitter,
            status=Abstract.Status.SUBMITTED,
            title=_text(rng, 8),
            preference="either",
            body=_text(rng, 220),
            keywords=", ".join(rng.choices(WORDS, k=3)),
            conflicts="None",
            publication_consent=True,
            submitted_at=now - timedelta(days=40),
            decision=Abstract.Decision.POSTER,
            decided_at=now - timedelta(days=3),
            decision_released_at=now - timedelta(days=2),
            board_number=f"P-{n + 1}",
        )
        for n in range(count)
    )
    surnames = ["Okafor", "de Vries", "Zanetti", "Nakamura", "Lindqvist", "Mensah", "Kowalska"]
    Author.objects.bulk_create(
        Author(
            abstract=abstract,
            position=position,
            name=f"Author{(n * 5 + position) % 2000} {surnames[(n * 3 + position) % 7]}",
            is_presenting=position == 1,
        )
        for n, abstract in enumerate(abstracts)
        for position in range(1, 6)
    )


def add_posts(*, start: int, stop: int) -> None:
    from django.utils import timezone

    from news.models import Post

    rng = random.Random(start)  # noqa: S311  # nosec B311  (test data, not a secret)
    now = timezone.now()
    statuses = [Post.Status.PUBLISHED] * 18 + [Post.Status.DRAFT, Post.Status.SCHEDULED]
    Post.objects.bulk_create(
        (
            Post(
                title=_text(rng, 7),
                slug=f"post-{n}",
                summary=_text(rng, 25),
                body=_text(rng, 300),
                status=(status := rng.choice(statuses)),
                publish_at=now + timedelta(days=3)
                if status == Post.Status.SCHEDULED
                else now - timedelta(hours=n),
            )
            for n in range(start, stop)
        ),
        batch_size=1000,
    )


def median_ms(action, *, runs: int) -> float:
    action()  # the first run compiles the statement and warms the caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def search_once(q: str):
    from icis.site.search import site_search

    results = site_search(q=q)
    # What the page renders: every result's address and highlighted snippet.
    return [(result.url, str(result.snippet)) for result in results.page or []]


def posts_built_per_row(q: str) -> int:
    """The former way, for posts alone: the document built from the text for each row."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    from news.models import Post

    query = SearchQuery(q, search_type="websearch", config="english")
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    rows = (
        Post.objects.visible()
        .alias(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank")
        .values_list("pk", flat=True)[:50]
    )
    return len(list(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    own_database.django_ready(DATABASE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from icis.site.search import compiled_search, site_search

    populate_abstracts(count=1000)
    rows, posts = [], 0
    for size in SIZES:
        add_posts(start=posts, stop=size)
        posts = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for q in SEARCHES:
            with CaptureQueriesContext(connection) as queries:
                found = site_search(q=q)
            rows.append(
                (
                    size,
                    q,
                    found.count,
                    len(queries.captured_queries),
                    median_ms(lambda q=q: search_once(q), runs=args.runs),
                    median_ms(lambda q=q: posts_built_per_row(q), runs=3),
                )
            )

    print(f"Site search, median of {args.runs} runs (1,000 published abstracts throughout)")
    print(
        f"{'posts':>7}  {'search':<20} {'matches':>7} {'queries':>7} {'search ms':>10}"
        f"  {'posts only, built per row (former) ms':>38}"
    )
    for size, q, count, queries, ms, former in rows:
        print(f"{size:>7,}  {q:<20} {count:>7} {queries:>7} {ms:>10.1f}  {former:>38.1f}")

    search = compiled_search()
    params = [
        "interferon" if param == "\x00words\x00" else 1 if param is None else param
        for param in search.params
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + search.sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"\nPlan of the search for 'interferon' at {posts:,} posts (index scans and timing):")
    for line in plan:
        if "Index Scan" in line or "Seq Scan" in line or "Execution Time" in line:
            print(" ", line.strip())
    own_database.finish(DATABASE, keep=args.keep)


if __name__ == "__main__":
    main()
