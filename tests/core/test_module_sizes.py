"""Every application module stays small enough to read in one sitting: a module that grows past
the limit is split by subject, as `meetings/registration/` and `awards/services/` were."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["icis", "members", "meetings", "awards", "news"]
LIMIT = 500


def test_no_application_module_is_over_500_lines():
    too_long = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT:
                too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}, f"split these by subject (limit {LIMIT} lines): {too_long}"
