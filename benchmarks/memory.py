"""How much memory a site worker holds after a long mixed load, and whether it keeps growing.

Loads the demo into a database of its own (icis_benchmark_memory) and starts the site under
gunicorn with the production settings and ONE sync worker (so every request lands on the worker
that is sampled). Then sends N mixed requests (default 10,000), one after another: anonymous
pages (some with a varying query string, as links with campaign tags arrive), the signed-in
pages as the demo attendee (and, one request in a hundred, their membership certificate
PDF), search with varied words, and addresses that do not exist (404).
Every E requests (default 1,000) it samples the worker's memory from /proc: RSS (what the
target counts), PSS (RSS with pages shared with other processes divided among them: lower with
`--preload`, whose workers share the code loaded before the fork) and private (the worker's
own). Prints the curve, then the growth over the last half.

    .venv/bin/python benchmarks/memory.py [--requests 10000] [--every 1000] [--no-preload]
        [--workers 1] [--max-requests 0] [--keep] [--database NAME --redis-db N]

Target: <= 120 MB RSS per worker, and no growth in the last half (under 2 MB, the noise of
Python's allocator).
"""

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

import own_database
import pages
import served

DATABASE = "icis_benchmark_memory"
REDIS_DB = 10
WORDS = [
    "interferon", "cytokine", "signalling", "receptor", "JAK", "STAT", "macrophage",
    "inflammation", "T cell", "tolerance", "antiviral", "interleukin", "award", "meeting",
    "Milstein", "tumour", "necrosis", "chemokine", "kinase", "epigenetic",
]  # fmt: skip


def mix(post: str, *, seed: int = 17):
    """An endless mix of (path, signed in): about half anonymous pages, a quarter signed-in
    pages, and the rest search and 404s, in a fixed pseudo-random order."""
    rng = random.Random(seed)  # noqa: S311 (a repeatable mix, not a secret)
    anonymous = [path or post for _, path, kind in pages.PAGES if kind == "anonymous"]
    signed_in = [path for _, path, kind in pages.PAGES if kind == "signed-in"]
    for n in itertools.count():
        roll = rng.random()
        if roll < 0.4:
            yield rng.choice(anonymous), False
        elif roll < 0.5:
            yield f"{rng.choice(anonymous)}?utm_campaign=c{n}", False
        elif roll < 0.74:
            yield rng.choice(signed_in), True
        elif roll < 0.75:
            yield "/my/certificate.pdf", True
        elif roll < 0.9:
            words = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
            yield f"/search/?q={words.replace(' ', '+')}+{n % 500}", rng.random() < 0.3
        else:
            yield rng.choice([f"/no-such-page-{n}/", f"/news/missing-{n}/"]), rng.random() < 0.3


def memory_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and private memory of one process, in MB (/proc/<pid>/smaps_rollup)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = int(value.split()[0]) / 1024
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "private": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000, help="sample memory every E requests")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="without gunicorn --preload (the production command line, in the Dockerfile, has it)",
    )
    parser.add_argument(
        "--max-requests", type=int, default=0, help="gunicorn --max-requests (with 10%% jitter)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", default=DATABASE, help="for two runs side by side")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB)
    args = parser.parse_args()

    port = served.free_port()
    environment = served.site_environment(args.database, redis_db=args.redis_db, port=port)
    served.prepare_site(args.database, environment=environment)
    extra = () if args.no_preload else ("--preload",)
    if args.max_requests:
        jitter = str(max(1, args.max_requests // 10))
        extra += ("--max-requests", str(args.max_requests), "--max-requests-jitter", jitter)
    site = served.start_site(environment, port=port, workers=args.workers, extra=extra)
    try:
        cookie = served.sign_in(site.port, email=served.ATTENDEE[0], password=served.ATTENDEE[1])
        post = pages.resolve_pages(site, {"post"})[0][1]
        print(f"{'requests':>8} {'worker':>7} {'RSS MB':>7} {'PSS MB':>7} {'private':>8} "
              f"{'req/s':>6}  statuses")  # fmt: skip
        curve, statuses, started = [], {}, time.monotonic()
        for pid in site.worker_pids():
            sample = memory_mb(pid)
            print(f"{0:>8} {pid:>7} {sample['rss']:>7.1f} {sample['pss']:>7.1f} "
                  f"{sample['private']:>8.1f}")  # fmt: skip
        for n, (path, signed_in) in enumerate(mix(post), start=1):
            if n > args.requests:
                break
            status, _ = served.get(site.port, path, cookie=cookie if signed_in else "")
            statuses[status] = statuses.get(status, 0) + 1
            if n % args.every == 0:
                rate = args.every / (time.monotonic() - started)
                started = time.monotonic()
                for pid in site.worker_pids():
                    sample = memory_mb(pid)
                    curve.append((n, pid, sample))
                    print(
                        f"{n:>8} {pid:>7} {sample['rss']:>7.1f} {sample['pss']:>7.1f} "
                        f"{sample['private']:>8.1f} {rate:>6.0f}  "
                        + " ".join(f"{code}:{count}" for code, count in sorted(statuses.items())),
                        flush=True,
                    )
        summarise(curve, requests=args.requests)
    finally:
        site.stop()
        if not args.keep:
            own_database.recreate(args.database)


def summarise(curve, *, requests: int) -> None:
    if not curve:
        return
    half = [(n, pid, sample) for n, pid, sample in curve if n >= requests // 2]
    for pid in sorted({pid for _, pid, _ in half}):
        own = [sample["rss"] for n, p, sample in half if p == pid]
        growth = own[-1] - own[0]
        peak = max(sample["rss"] for _, p, sample in curve if p == pid)
        print(
            f"\nworker {pid}: peak RSS {peak:.1f} MB (target <= 120: "
            f"{'met' if peak <= 120 else 'NOT met'}); growth over the last half "
            f"{growth:+.1f} MB ({'none' if growth < 2 else 'GROWING'})"
        )


if __name__ == "__main__":
    sys.exit(main())
