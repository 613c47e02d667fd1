#!/usr/bin/env bash
# Requests per second and p99 latency of the events list, in one run, against two references
# on the same machine: a bare Django view under the same gunicorn (/api/health/, no database)
# and Datasette answering the same 50 events with their sources from the same SQLite file
# through one SQL query. On the seed, then on the seed plus 50,000 synthetic events.
#
#   bench/api_vs_datasette.sh                  # DURATION=10s CONNECTIONS=50 WORKERS=2
#   SIZES="0" DURATION=5s bench/api_vs_datasette.sh
#   ROUNDS=3 DURATION=5s bench/api_vs_datasette.sh
#
# Measured: bare view; events list uncached (a server with DJANGO_RESPONSE_CACHE=0); events
# list cached (a server with the response cache on, as production runs); Datasette. Targets
# (issue 10): uncached >= 2x Datasette and >= 35% of the bare view; cached >= 85% of the bare
# view. Datasette is installed in its own virtualenv under var/ (never in the project's
# requirements). Needs wrk (apt-get install wrk).
#
# The ratios hold only if the servers and wrk get the machine's cores: on a machine busy with
# other work (a test suite, a build), run it with priority (as root: `nice -n -19 bench/...`)
# or not at all. Datasette answers from one process and loses less to a busy machine than two
# gunicorn workers do, so a busy machine makes the list look slower against it.
set -euo pipefail
cd "$(dirname "$0")/.."

WORKERS=${WORKERS:-2}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-10s}
SIZES=${SIZES:-"0 50000"}
# On a shared machine the load of other processes drifts: ROUNDS=3 measures everything three
# times, interleaved, and reports the median of each.
ROUNDS=${ROUNDS:-1}
PY=${PY:-.venv/bin/python}
DATASETTE_VERSION=0.65.5
DATASETTE_VENV=${DATASETTE_VENV:-var/bench-datasette-venv}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }

if [ ! -x "$DATASETTE_VENV/bin/datasette" ]; then
  echo "Installing Datasette $DATASETTE_VERSION into $DATASETTE_VENV (benchmark only)"
  "$PY" -m venv "$DATASETTE_VENV"
  "$DATASETTE_VENV/bin/pip" install --quiet "datasette==$DATASETTE_VERSION"
fi

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

workdir=$(mktemp -d)
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$workdir"' EXIT

wait_for() {
  for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "no answer from $1"; cat "$workdir"/*.log; exit 1
}

# wrk's requests/s and p99 latency, as "rps p99".
measure() {
  local result
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${@:2}" "$1")
  local rps p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$result")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$result")
  bad=$(awk '/Non-2xx|Socket errors/' <<<"$result")
  [ -z "$bad" ] || echo "  ($1: $bad)" >&2
  echo "$rps $p99"
}

export DJANGO_DEBUG=0 DJANGO_HTTPS=0
export DJANGO_SECRET_KEY="benchmark-only-$(date +%s%N)"
export API_ANON_THROTTLE="1000000000/minute"
unset REDIS_URL

SQL="select e.id, a.slug as accord, m.country, e.kind, e.date, e.date_precision, e.title,
  e.place, e.notes, (select json_group_array(json_object('url', s.url, 'title', s.title,
  'publisher', s.publisher, 'published_on', s.published_on)) from accords_source s
  where s.event_id = e.id order by s.id) as sources
from accords_event e join accords_membership m on m.id = e.membership_id
  join accords_accord a on a.id = m.accord_id order by e.date, e.id limit 50"
SQL_QS=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$SQL")

echo "gunicorn: $WORKERS sync workers; Datasette $DATASETTE_VERSION (one process);"
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION each"
printf '%-8s %-22s %10s %10s   %s\n' events measured "req/s" "p99" "ratio"
for size in $SIZES; do
  db="$workdir/bench-$size.sqlite3"
  export DATABASE_URL="sqlite:///$db"
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py load_seed >/dev/null
  [ "$size" -gt 0 ] && "$PY" manage.py generate_demo_data --events "$size" --no-progress >/dev/null
  events=$("$PY" manage.py shell --no-imports -c 'from accords.models import Event; print(Event.objects.count())' 2>/dev/null)

  declare -A rps=() p99=()
  datasette_name=$(basename "$db" .sqlite3)
  for round in $(seq 1 "$ROUNDS"); do
    for mode in uncached cached; do
      port=$(free_port)
      cache=$([ "$mode" = cached ] && echo 1 || echo 0)
      DJANGO_RESPONSE_CACHE=$cache .venv/bin/gunicorn timeline.wsgi --workers "$WORKERS" \
        --bind "127.0.0.1:$port" --log-level warning >"$workdir/gunicorn-$mode.log" 2>&1 &
      pids+=($!)
      wait_for "http://127.0.0.1:$port/api/events/"
      if [ "$mode" = uncached ]; then
        read -r r p < <(measure "http://127.0.0.1:$port/api/health/")
        rps[bare]+="$r "; p99[bare]+="$p "
        read -r r p < <(measure "http://127.0.0.1:$port/api/events/")
        rps[uncached]+="$r "; p99[uncached]+="$p "
      else
        curl -fs "http://127.0.0.1:$port/api/events/" >/dev/null  # fill the cache
        read -r r p < <(measure "http://127.0.0.1:$port/api/events/")
        rps[cached]+="$r "; p99[cached]+="$p "
      fi
      stop_all
    done

    port=$(free_port)
    "$DATASETTE_VENV/bin/datasette" serve -i "$db" --host 127.0.0.1 --port "$port" \
      --setting sql_time_limit_ms 10000 >"$workdir/datasette.log" 2>&1 &
    pids+=($!)
    datasette_url="http://127.0.0.1:$port/$datasette_name.json?_shape=array&sql=$SQL_QS"
    wait_for "$datasette_url"
    read -r r p < <(measure "$datasette_url")
    rps[datasette]+="$r "; p99[datasette]+="$p "
    stop_all
  done
  # The median of each measurement's rounds (wrk's latencies carry their unit: us, ms or s).
  for key in bare uncached cached datasette; do
    rps[$key]=$(tr ' ' '\n' <<<"${rps[$key]}" | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    p99[$key]=$(tr ' ' '\n' <<<"${p99[$key]}" | grep . | awk '
      /us$/ { v = $1 + 0; v /= 1000 } /ms$/ { v = $1 + 0 } /[0-9]s$/ { v = $1 * 1000 }
      { a[NR] = v } END { n = asort(a); printf "%.1fms", a[int((n + 1) / 2)] }')
  done

  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
  printf '%-8s %-22s %10s %10s\n' "$events" "bare view" "${rps[bare]}" "${p99[bare]}"
  printf '%-8s %-22s %10s %10s   %sx Datasette, %s of bare\n' "$events" "events list uncached" \
    "${rps[uncached]}" "${p99[uncached]}" "$(ratio "${rps[uncached]}" "${rps[datasette]}")" \
    "$(ratio "${rps[uncached]}" "${rps[bare]}")"
  printf '%-8s %-22s %10s %10s   %s of bare\n' "$events" "events list cached" \
    "${rps[cached]}" "${p99[cached]}" "$(ratio "${rps[cached]}" "${rps[bare]}")"
  printf '%-8s %-22s %10s %10s\n' "$events" "Datasette (same rows)" "${rps[datasette]}" \
    "${p99[datasette]}"
  unset rps p99
done
