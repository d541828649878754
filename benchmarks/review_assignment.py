"""How long the review engine takes to assign a large call: by default 1,000 items (abstracts,
say) in four topics, each with an author and three co-authors at two institutions, 60
reviewers who each judge two of the topics (a few judge all), 3 reviews per item, and some
declared conflicts. It times `icis.review.algorithms.assignment_plan`, the function the
assignment service runs on what it reads from the tables (no database here: the data is
generated), and checks the plan: every item fully reviewed, no conflict, no reviewer outside
their topics, the load even.

    .venv/bin/python benchmarks/review_assignment.py [--items 1000] [--reviewers 60] [--per-item 3]

Target on a 2-core machine: under 5 s.
"""

import argparse
import pathlib
import random
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from icis.review.algorithms import (
    Interest,
    ItemFacts,
    ReviewerFacts,
    assignment_plan,
    conflict_reason,
    judges_topic,
)

TOPICS = [
    "Interferons and antiviral immunity",
    "Cytokines in cancer",
    "Inflammation and autoimmunity",
    "Cytokine signalling",
]


def generate(*, items: int, reviewers: int, seed: int = 15):
    rng = random.Random(seed)  # noqa: S311 (made-up data, the same on every run)
    institutions = [f"Institute {n}" for n in range(150)]
    panel = []
    for n in range(reviewers):
        judged = None if n % 10 == 0 else frozenset(rng.sample(TOPICS, 2))
        panel.append(
            ReviewerFacts(
                pk=n + 1,
                email=f"reviewer{n}@example.org",
                institution=rng.choice(institutions),
                topics=judged,
            )
        )
    facts = []
    for n in range(items):
        author = rng.randrange(1, 10_000)
        coauthors = [rng.randrange(1, 10_000) for _ in range(3)]
        if n % 25 == 0:  # now and then a panel member is a co-author
            coauthors[0] = rng.choice(panel).pk
        facts.append(
            ItemFacts(
                pk=n + 1,
                interests=(
                    Interest("their own abstract", user_id=author),
                    *(Interest("a co-author", user_id=pk) for pk in coauthors),
                ),
                institutions=tuple(rng.sample(institutions, 2)),
                topics=frozenset([TOPICS[n % len(TOPICS)]]),
            )
        )
    declared = {(rng.randrange(1, items + 1), rng.randrange(1, reviewers + 1)) for _ in range(50)}
    return facts, panel, declared


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--reviewers", type=int, default=60)
    parser.add_argument("--per-item", type=int, default=3)
    args = parser.parse_args()

    items, panel, declared = generate(items=args.items, reviewers=args.reviewers)
    started = time.perf_counter()
    plan = assignment_plan(items, panel, wanted=args.per_item, declared=declared)
    elapsed = time.perf_counter() - started

    by_item = {item.pk: item for item in items}
    by_reviewer = {reviewer.pk: reviewer for reviewer in panel}
    load = {reviewer.pk: 0 for reviewer in panel}
    for item_id, reviewer_id in plan.new:
        item, reviewer = by_item[item_id], by_reviewer[reviewer_id]
        if conflict_reason(item, reviewer, declared=declared) or not judges_topic(item, reviewer):
            raise SystemExit(f"Item {item_id} went to reviewer {reviewer_id}: not theirs to judge.")
        load[reviewer_id] += 1
    print(
        f"assignment_plan: {args.items:,} items, {args.reviewers} reviewers, "
        f"{args.per_item} each: {elapsed:.2f} s"
    )
    print(
        f"  {len(plan.new):,} reviews assigned, {len(plan.short)} items short; "
        f"load per reviewer {min(load.values())} to {max(load.values())}"
    )


if __name__ == "__main__":
    main()
