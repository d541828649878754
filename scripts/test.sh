#!/usr/bin/env bash
# `make test`: the services, lint (ruff, the import contracts in pyproject.toml, bandit,
# pip-audit: see scripts/audit.sh for when it cannot reach PyPI's advisory data), then the whole
# suite on PostgreSQL, Redis, localstripe and Chromium. Stops the services it started. Extra
# arguments go to pytest.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
STATE=${ICIS_STATE_DIR:-$ROOT/.state}
mkdir -p "$STATE"
started=$STATE/started-by-test.$$
: >"$started"

cleanup() {
  # shellcheck disable=SC2046
  [[ -s $started ]] && "$ROOT/scripts/stack.sh" stop $(cat "$started")
  rm -f "$started"
}
trap cleanup EXIT

"$ROOT/scripts/stack.sh" start --record "$started"
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache --no-logo
.venv/bin/bandit -c pyproject.toml -r icis members meetings awards news mentorship -q
"$ROOT/scripts/audit.sh"
.venv/bin/python -m pytest "$@"
