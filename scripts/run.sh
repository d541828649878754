#!/usr/bin/env bash
# `make run`: the services, the database and demo content, a Celery worker and beat, and the
# site on http://127.0.0.1:8000. Ctrl-C stops what this run started and leaves the rest.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-icis.settings.dev}
export PYTHONUNBUFFERED=1
WEB_PORT=${ICIS_WEB_PORT:-8000}
STATE=${ICIS_STATE_DIR:-$ROOT/.state}
VENV=$ROOT/.venv

if (exec 3<>"/dev/tcp/127.0.0.1/$WEB_PORT") 2>/dev/null; then
  echo "Something already serves 127.0.0.1:$WEB_PORT (another 'make run'?). Open it, or stop it first." >&2
  exit 1
fi

mkdir -p "$STATE"
started=$STATE/started-by-run.$$
: >"$started"
children=()

cleanup() {
  trap - EXIT INT TERM
  echo
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # shellcheck disable=SC2046
  [[ -s $started ]] && "$ROOT/scripts/stack.sh" stop $(cat "$started")
  rm -f "$started"
}
trap cleanup EXIT INT TERM

"$ROOT/scripts/stack.sh" start --record "$started"
"$VENV/bin/python" manage.py migrate --noinput
"$VENV/bin/python" manage.py load_demo

"$VENV/bin/celery" -A icis worker --pool=solo --loglevel=INFO --hostname "worker-$$@%h" &
children+=($!)
"$VENV/bin/celery" -A icis beat --loglevel=INFO --pidfile= &
children+=($!)

cat <<MSG

  The ICIS site is starting on  http://127.0.0.1:$WEB_PORT/
  Staff area:                   http://127.0.0.1:$WEB_PORT/admin/
  Staff login:                  staff@cytokinesociety.org / ${ICIS_DEMO_STAFF_PASSWORD:-cytokines-demo-2021}
  Emails are printed here by the worker and kept in the outbox (Staff area > Email outbox).
  Ctrl-C stops the site, the worker, beat and the services this run started.

MSG

"$VENV/bin/python" manage.py runserver "127.0.0.1:$WEB_PORT" &
children+=($!)
wait "${children[@]}"
