"""How fast the site's pages answer next to a bare Django view, under the production settings.

Loads the demo into a database of its own (icis_benchmark_pages), then starts two gunicorn
servers, each with 2 sync workers on a free port: the site (`icis.settings.production`) and a
bare Django view (benchmarks/bare_settings.py: one view, no middleware, no database). Every
round measures the bare view and then each page with `wrk -t2 -c10 -d<seconds> --latency`,
interleaved (bare, page, bare, page, ...), so noise on this shared machine falls on both sides
of each ratio. Pages: anonymous (home, about, membership, the meeting's overview, program,
committees and sponsors, news, a post, awards, the feed), signed in as the demo attendee
(`/my/`, `/my/payments/`, the directory, a registration page, the virtual meeting's on-demand,
posters, exhibitors and tournament pages) and search.

Prints, per page, the median over the rounds of req/s, p50 and p99, its ratio to the bare view
measured just before it, and whether the target is met (anonymous >= 0.9x the bare view,
signed-in >= 0.5x, search >= 0.3x); then each worker's resident memory (VmRSS) after the run.

    .venv/bin/python benchmarks/pages.py [--seconds 5] [--rounds 2] [--only home,search]
        [--no-preload] [--keep]

Needs the local services (`scripts/stack.sh start`) and Debian's wrk
(`scripts/install-system.sh`).
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys

import own_database
import served

DATABASE = "icis_benchmark_pages"
REDIS_DB = 8
MEETING = "/meetings/cytokines-2021"
VIRTUAL = "/meetings/cytokines-2021"

# (name, path, kind); kind picks the target and whether the attendee's session is sent.
PAGES = [
    ("home", "/", "anonymous"),
    ("about", "/about/", "anonymous"),
    ("membership", "/membership/", "anonymous"),
    ("meeting", f"{MEETING}/", "anonymous"),
    ("program", f"{MEETING}/program/", "anonymous"),
    ("committees", f"{MEETING}/committees/", "anonymous"),
    ("sponsors", f"{MEETING}/sponsors/", "anonymous"),
    ("news", "/news/", "anonymous"),
    ("post", None, "anonymous"),  # the newest post, found on /news/
    ("awards", "/awards/", "anonymous"),
    ("feed", "/news/feed/", "anonymous"),
    ("my", "/my/", "signed-in"),
    ("my-payments", "/my/payments/", "signed-in"),
    ("my-meetings", "/my/meetings/", "signed-in"),
    ("members", "/members/", "signed-in"),
    ("register", "/meetings/example-meeting/register/", "signed-in"),
    ("on-demand", f"{VIRTUAL}/on-demand/", "signed-in"),
    ("posters", f"{VIRTUAL}/posters/", "signed-in"),
    ("exhibitors", f"{VIRTUAL}/exhibitors/", "signed-in"),
    ("tournament", f"{VIRTUAL}/tournament/", "signed-in"),
    ("search", "/search/?q=interferon", "search"),
]
TARGETS = {"anonymous": 0.9, "signed-in": 0.5, "search": 0.3}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(port: int, path: str, *, seconds: int, cookie: str = "") -> dict:
    """One wrk run: requests a second, p50 and p99 in ms, and the answers that were not 2xx/3xx."""
    command = ["wrk", "-t2", "-c10", f"-d{seconds}s", "--latency", "-H", "X-Forwarded-Proto: https"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def latency(percent: str) -> float:
        number, unit = re.search(
            rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M
        ).groups()
        return float(number) * UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def resolve_pages(site: served.Server, only: set[str]) -> list[tuple[str, str, str]]:
    """The pages to measure, the post's address filled in; each must answer 200 first (a
    redirect to the sign-in page would look very fast)."""
    _, news = served.get(site.port, "/news/")
    post = re.search(r'href="(/news/(?!feed/)[\w-]+/)"', news)
    pages = []
    for name, path, kind in PAGES:
        if only and name not in only:
            continue
        pages.append((name, path or (post.group(1) if post else "/news/"), kind))
    return pages


def check(site: served.Server, pages, cookie: str) -> None:
    for name, path, kind in pages:
        status, _ = served.get(site.port, path, cookie=cookie if kind == "signed-in" else "")
        if status != 200:
            sys.exit(f"{name} ({path}) answered {status}, not 200: nothing measured")


def measure(site, bare, pages, *, cookie: str, seconds: int, rounds: int) -> dict:
    results = {name: [] for name, _, _ in pages}
    for round_number in range(1, rounds + 1):
        print(f"round {round_number} of {rounds}", file=sys.stderr)
        for name, path, kind in pages:
            baseline = wrk(bare.port, path, seconds=seconds)
            page = wrk(
                site.port, path, seconds=seconds, cookie=cookie if kind == "signed-in" else ""
            )
            page["bare"] = baseline["rps"]
            page["ratio"] = page["rps"] / baseline["rps"]
            results[name].append(page)
    return results


def report(pages, results, site, bare) -> None:
    print(
        f"{'page':<12} {'kind':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'bare/s':>8} "
        f"{'ratio':>6} {'target':>7} {'met':>4} {'non-2xx':>8}"
    )
    missed = 0
    for name, _, kind in pages:
        runs = results[name]
        ratio = statistics.median(run["ratio"] for run in runs)
        met = ratio >= TARGETS[kind]
        missed += not met
        print(
            f"{name:<12} {kind:<10} {statistics.median(r['rps'] for r in runs):>8.0f} "
            f"{statistics.median(r['p50'] for r in runs):>8.1f} "
            f"{statistics.median(r['p99'] for r in runs):>8.1f} "
            f"{statistics.median(r['bare'] for r in runs):>8.0f} {ratio:>5.2f}x "
            f"{TARGETS[kind]:>6.1f}x {'yes' if met else 'NO':>4} "
            f"{sum(r['errors'] for r in runs):>8}"
        )
    print(f"\n{len(pages) - missed} of {len(pages)} pages meet their target.")
    print("\nworker RSS after the run (target <= 120 MB per site worker):")
    for label, server in (("site", site), ("bare", bare)):
        for pid, megabytes in server.worker_rss_mb().items():
            print(f"  {label} worker {pid}: {megabytes:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated page names: " + ",".join(name for name, _, _ in PAGES),
    )
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="without gunicorn --preload (the production command line, in the Dockerfile, has it)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: scripts/install-system.sh installs it")
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = only - {name for name, _, _ in PAGES}
    if unknown:
        sys.exit(f"unknown page(s): {', '.join(sorted(unknown))}")

    port = served.free_port()
    environment = served.site_environment(DATABASE, redis_db=REDIS_DB, port=port)
    served.prepare_site(DATABASE, environment=environment)
    extra = () if args.no_preload else ("--preload",)
    site = served.start_site(environment, port=port, extra=extra)
    bare = served.start_bare(port=served.free_port())
    try:
        cookie = served.sign_in(site.port, email=served.ATTENDEE[0], password=served.ATTENDEE[1])
        pages = resolve_pages(site, only)
        check(site, pages, cookie)
        results = measure(
            site, bare, pages, cookie=cookie, seconds=args.seconds, rounds=args.rounds
        )
        report(pages, results, site, bare)
    finally:
        site.stop()
        bare.stop()
        if not args.keep:
            own_database.recreate(DATABASE)


if __name__ == "__main__":
    main()
