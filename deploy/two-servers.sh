#!/usr/bin/env bash
# Two app servers, one database, one cache, a load balancer in front: the several-servers setup
# of deploy/, run on this machine's loopback. Starts PostgreSQL and Redis if they are not up,
# migrates and seeds the database, then two gunicorn servers and HAProxy (deploy/haproxy.cfg),
# and runs until Ctrl-C (or SIGTERM), which stops all three.
#
#   deploy/two-servers.sh
#   FRESH=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/mydb deploy/two-servers.sh
#
# Environment (defaults): DATABASE_URL (postgres://postgres@127.0.0.1:5432/timeline_two_servers,
# created if missing; FRESH=1 drops and recreates it), REDIS_URL (redis://127.0.0.1:6379/0),
# LB_PORT (8100), APP1_PORT (8101), APP2_PORT (8102), WORKERS per server (2),
# API_ANON_THROTTLE (the site's default). Plain HTTP on the loopback (DJANGO_HTTPS=0).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/timeline_two_servers}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
LB_PORT=${LB_PORT:-8100}
APP1_PORT=${APP1_PORT:-8101}
APP2_PORT=${APP2_PORT:-8102}
WORKERS=${WORKERS:-2}

command -v haproxy >/dev/null || { echo "HAProxy is not installed (apt-get install haproxy)"; exit 1; }

# --- PostgreSQL and Redis, started if they are not running ------------------------------------
read -r PGHOST PGPORT PGUSER DBNAME < <("$PY" - <<'PY'
import os
from urllib.parse import urlsplit
url = urlsplit(os.environ["DATABASE_URL"])
print(url.hostname or "127.0.0.1", url.port or 5432, url.username or "postgres", url.path.lstrip("/"))
PY
)
export PGHOST PGPORT PGUSER
if ! pg_isready -q; then
  echo "Starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
fi
read -r REDIS_HOST REDIS_PORT < <("$PY" -c 'import os; from urllib.parse import urlsplit; u = urlsplit(os.environ["REDIS_URL"]); print(u.hostname or "127.0.0.1", u.port or 6379)')
if ! redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "Starting Redis"
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" \
    --appendonly no --dir /tmp --logfile /tmp/redis-two-servers.log
  for _ in $(seq 1 10); do redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 1; done
fi

if [ "${FRESH:-0}" = 1 ]; then
  dropdb --if-exists --maintenance-db=template1 "$DBNAME"
fi
if ! psql -d template1 -tAc "select 1 from pg_database where datname = '$DBNAME'" | grep -q 1; then
  createdb --maintenance-db=template1 "$DBNAME"
fi

# --- One secret key for both servers (sessions and CSRF tokens hold across them) --------------
mkdir -p var
if [ ! -s var/secret_key ]; then
  (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' >var/secret_key)
fi
DJANGO_SECRET_KEY=$(cat var/secret_key)
export DJANGO_SECRET_KEY DJANGO_DEBUG=0 DJANGO_HTTPS=0
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_seed >/dev/null
bin/collectstatic-if-stale

# --- Two app servers and the balancer -------------------------------------------------------
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

for port in "$APP1_PORT" "$APP2_PORT"; do
  "$(dirname "$PY")/gunicorn" timeline.wsgi --bind "127.0.0.1:$port" --workers "$WORKERS" \
    --log-level warning --graceful-timeout 5 &
  pids+=($!)
done
LB_BIND="127.0.0.1:$LB_PORT" APP1="127.0.0.1:$APP1_PORT" APP2="127.0.0.1:$APP2_PORT" \
  haproxy -db -f deploy/haproxy.cfg &
pids+=($!)

for port in "$APP1_PORT" "$APP2_PORT" "$LB_PORT"; do
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/api/health/" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:$port/api/health/" >/dev/null || { echo "port $port does not answer"; exit 1; }
done
echo "ready: balancer http://127.0.0.1:$LB_PORT/, servers http://127.0.0.1:$APP1_PORT/ and http://127.0.0.1:$APP2_PORT/"
wait -n "${pids[@]}"
echo "a server stopped; stopping the others"
