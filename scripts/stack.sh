#!/usr/bin/env bash
# The local services the site runs on, all bound to 127.0.0.1, their data in the state folder.
#
#   scripts/stack.sh start [--record FILE]   start what is not running (FILE gets the names started)
#   scripts/stack.sh stop [SERVICE ...]      stop the named services (default: all of them)
#   scripts/stack.sh status
#
# Services: postgres, redis, localstripe. Ports and folder come from the environment:
# ICIS_STATE_DIR (.state), ICIS_PG_PORT (54329), ICIS_REDIS_PORT (63790), ICIS_STRIPE_PORT (8420).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${ICIS_STATE_DIR:-$ROOT/.state}
PG_PORT=${ICIS_PG_PORT:-54329}
REDIS_PORT=${ICIS_REDIS_PORT:-63790}
STRIPE_PORT=${ICIS_STRIPE_PORT:-8420}
WEB_PORT=${ICIS_WEB_PORT:-8000}
PG_DB=${ICIS_PG_DB:-icis}
PYTHON=${ICIS_PYTHON:-$ROOT/.venv/bin/python}
STRIPE_WEBHOOK_SECRET=${STRIPE_WEBHOOK_SECRET:-whsec_localstripe_dev}

mkdir -p "$STATE"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port=$1 name=$2
  for _ in $(seq 1 100); do port_open "$port" && return 0; sleep 0.1; done
  echo "$name did not start on 127.0.0.1:$port; see $STATE/$name.log" >&2
  return 1
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# PostgreSQL refuses to run as root: as root it runs as the postgres user, whose data folder
# must be reachable. A clone under a folder postgres cannot enter (/root is 0700) keeps its
# cluster under /var/tmp instead, linked from the state folder.
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_data_dir() {
  local data=$STATE/postgres
  if [[ -L $data ]]; then readlink -f "$data"; return; fi
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$STATE"; then
    local elsewhere
    elsewhere=/var/tmp/icis-postgres-$(printf '%s' "$STATE" | sha1sum | cut -c1-12)
    mkdir -p "$elsewhere"
    ln -sfn "$elsewhere" "$data"
    readlink -f "$data"
    return
  fi
  echo "$data"
}

start_postgres() {
  if port_open "$PG_PORT"; then echo "PostgreSQL: already running on 127.0.0.1:$PG_PORT"; return 1; fi
  local bin data
  bin=$(pg_bin)
  [[ -n $bin ]] || { echo "PostgreSQL is not installed (scripts/install-system.sh)" >&2; exit 1; }
  data=$(pg_data_dir)
  mkdir -p "$data"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$data" && chmod 700 "$data"
  if [[ ! -f $data/PG_VERSION ]]; then
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # A local cluster for development and tests: its data can always be rebuilt, so it trades
    # durability for speed.
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
  fi
  touch "$STATE/postgres.log"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$STATE/postgres.log"
  as_pg "$bin/pg_ctl" -D "$data" -l "$STATE/postgres.log" -o "-p $PG_PORT" -w -t 30 start >/dev/null
  echo "PostgreSQL: started on 127.0.0.1:$PG_PORT"
}

ensure_database() {
  local bin
  bin=$(pg_bin)
  if ! "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
  fi
}

stop_postgres() {
  local data
  data=$(pg_data_dir)
  if [[ -f $data/postmaster.pid ]]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null && echo "PostgreSQL: stopped"
  fi
}

start_redis() {
  if port_open "$REDIS_PORT"; then echo "Redis: already running on 127.0.0.1:$REDIS_PORT"; return 1; fi
  command -v redis-server >/dev/null || { echo "Redis is not installed (scripts/install-system.sh)" >&2; exit 1; }
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --dir "$STATE" --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log"
  wait_for_port "$REDIS_PORT" redis
  echo "Redis: started on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
  if [[ -f $STATE/redis.pid ]] && kill -0 "$(cat "$STATE/redis.pid")" 2>/dev/null; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$STATE/redis.pid")"
    rm -f "$STATE/redis.pid"
    echo "Redis: stopped"
  fi
}

start_localstripe() {
  if port_open "$STRIPE_PORT"; then echo "localstripe: already running on 127.0.0.1:$STRIPE_PORT"; return 1; fi
  nohup "$PYTHON" "$ROOT/scripts/localstripe_server.py" --port "$STRIPE_PORT" \
    --state-file "$STATE/localstripe.pickle" >"$STATE/localstripe.log" 2>&1 &
  echo $! >"$STATE/localstripe.pid"
  wait_for_port "$STRIPE_PORT" localstripe
  echo "localstripe: started on 127.0.0.1:$STRIPE_PORT"
}

register_webhook() {
  # localstripe signs and sends its events to the site, as Stripe would.
  "$PYTHON" - "$STRIPE_PORT" "$WEB_PORT" "$STRIPE_WEBHOOK_SECRET" <<'PY'
import sys, urllib.parse, urllib.request
stripe_port, web_port, secret = sys.argv[1:]
data = urllib.parse.urlencode({
    "url": f"http://127.0.0.1:{web_port}/payments/stripe/webhook/", "secret": secret,
}).encode()
urllib.request.urlopen(f"http://127.0.0.1:{stripe_port}/_config/webhooks/icis", data, timeout=5)
PY
}

stop_localstripe() {
  if [[ -f $STATE/localstripe.pid ]] && kill -0 "$(cat "$STATE/localstripe.pid")" 2>/dev/null; then
    kill "$(cat "$STATE/localstripe.pid")"
    rm -f "$STATE/localstripe.pid"
    echo "localstripe: stopped"
  fi
}

cmd=${1:-status}
shift || true
case $cmd in
  start)
    record=/dev/null
    if [[ ${1:-} == --record ]]; then record=$2; fi
    start_postgres && echo postgres >>"$record" || true
    ensure_database
    start_redis && echo redis >>"$record" || true
    start_localstripe && echo localstripe >>"$record" || true
    register_webhook
    ;;
  stop)
    services=("$@")
    [[ ${#services[@]} -eq 0 ]] && services=(localstripe redis postgres)
    for service in "${services[@]}"; do "stop_$service"; done
    ;;
  status)
    for pair in "PostgreSQL:$PG_PORT" "Redis:$REDIS_PORT" "localstripe:$STRIPE_PORT"; do
      if port_open "${pair#*:}"; then echo "${pair%%:*}: running on 127.0.0.1:${pair#*:}"
      else echo "${pair%%:*}: not running"; fi
    done
    ;;
  *) echo "usage: $0 start [--record FILE] | stop [SERVICE...] | status" >&2; exit 2 ;;
esac
