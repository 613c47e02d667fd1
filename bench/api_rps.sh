#!/usr/bin/env bash
# Requests per second of GET /api/events/ (the seeded Abraham Accords, first page of 24 events
# with their sources, through DRF) against GET /api/health/ (a bare Django JSON view, no
# database), both served by the same gunicorn on 127.0.0.1, measured with wrk.
#
#   bench/api_rps.sh                          # or: make bench
#   WORKERS=4 DURATION=20s CONNECTIONS=32 bench/api_rps.sh
#
# Needs wrk (Debian: apt-get install wrk). Uses a throwaway SQLite database in a temporary
# folder (or DATABASE_URL if set), production settings (debug off), and an anonymous throttle
# high enough never to answer 429 (its bookkeeping is still measured).
set -euo pipefail
cd "$(dirname "$0")/.."

WORKERS=${WORKERS:-$(nproc)}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10s}
PY=${PY:-.venv/bin/python}
# A free port on the loopback unless one is given.
PORT=${PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

workdir=$(mktemp -d)
gunicorn_pid=""
cleanup() {
  if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
  rm -rf "$workdir"
}
trap cleanup EXIT

export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="benchmark-only-$(date +%s%N)"
export DJANGO_SECURE_SSL_REDIRECT=0
export API_ANON_THROTTLE="1000000000/minute"
export DATABASE_URL=${DATABASE_URL:-sqlite:///$workdir/bench.sqlite3}

"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py load_seed >/dev/null

.venv/bin/gunicorn timeline.wsgi --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --log-level warning >"$workdir/gunicorn.log" 2>&1 &
gunicorn_pid=$!
for _ in $(seq 1 50); do
  kill -0 "$gunicorn_pid" 2>/dev/null || break
  curl -fs "http://127.0.0.1:$PORT/api/health/" >/dev/null 2>&1 && break
  sleep 0.2
done
kill -0 "$gunicorn_pid" 2>/dev/null && curl -fs "http://127.0.0.1:$PORT/api/events/" >/dev/null || {
  echo "gunicorn did not answer"; cat "$workdir/gunicorn.log"; exit 1;
}

echo "gunicorn: $WORKERS sync workers; wrk: $THREADS threads, $CONNECTIONS connections, $DURATION"
for path in /api/events/ /api/health/; do
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$PORT$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$result")
  latency=$(awk '/Latency/ {print $2; exit}' <<<"$result")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$result")
  printf '%-14s %10s requests/s   mean latency %s\n' "$path" "$rps" "$latency"
  [ -z "$errors" ] || echo "  $errors"
done
