#!/usr/bin/env bash
# Measure the readers' pages as production serves them: DEBUG off, collectstatic (whitenoise's
# compressed, hashed files), gunicorn, SQLite with the seed. First the first view's transfer
# (compressed, as a browser asks for it), then Lighthouse (npm) in Debian's Chromium, mobile and
# desktop, RUNS times each (default 3), and the medians. Not part of CI: it fetches Lighthouse
# through npx.
#
#   bench/lighthouse.sh                       # / and the accord's page; reports in var/lighthouse/
#   RUNS=5 PORT=8917 bench/lighthouse.sh
#   PAGES="/ /accords/abraham-accords/ma/" bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8917}
RUNS=${RUNS:-3}
PAGES=${PAGES:-"/ /accords/abraham-accords/"}
OUT=var/lighthouse
mkdir -p "$OUT"
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_SECURE_HSTS_SECONDS=0 DATABASE_URL="sqlite:///$PWD/var/bench.sqlite3"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_seed >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn timeline.wsgi -b "127.0.0.1:$PORT" -w 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.2; done

for path in $PAGES; do
  url="http://127.0.0.1:$PORT$path"
  echo "first view of $path, bytes on the wire (gzip or brotli, as a browser asks):"
  total=0
  page=$(curl -s -H 'Accept-Encoding: br, gzip' -o /dev/null -w '%{size_download}' "$url")
  echo "  html: $page"
  total=$((total + page))
  for asset in $(curl -s "$url" | grep -o '/static/[^"]*\.\(js\|css\|svg\)' | grep -v plotly | sort -u); do
    size=$(curl -s -H 'Accept-Encoding: br, gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT$asset")
    echo "  $asset: $size"
    total=$((total + size))
  done
  echo "  total: $total bytes"
done

slug() { echo "$1" | tr '/?=&' '____' | sed 's/^_*//; s/_*$//; s/^$/home/'; }
for path in $PAGES; do
  for preset in mobile desktop; do
    flags=()
    [ "$preset" = desktop ] && flags=(--preset=desktop)
    for run in $(seq 1 "$RUNS"); do
      # Lighthouse now and then fails to record a trace (NO_NAVSTART): try a run up to 3 times.
      for attempt in 1 2 3; do
        CHROME_PATH=/usr/bin/chromium npx -y lighthouse@13.5.0 "http://127.0.0.1:$PORT$path" \
          "${flags[@]}" --chrome-flags="--headless=new --no-sandbox --disable-gpu" --quiet \
          --only-categories=performance,accessibility,best-practices \
          --output=json --output-path="$OUT/$(slug "$path")-$preset-$run.report.json" \
          2> >(grep -v EBADENGINE >&2) && break
        echo "run $run of $path ($preset) failed, attempt $attempt" >&2
      done
    done
  done
done

.venv/bin/python - "$OUT" "$RUNS" $PAGES <<'PY'
import json, statistics, sys
from pathlib import Path

out, runs, pages = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def slug(path):
    s = "".join("_" if c in "/?=&" else c for c in path).strip("_")
    return s or "home"
for path in pages:
    for preset in ("mobile", "desktop"):
        reports = [json.loads((out / f"{slug(path)}-{preset}-{i}.report.json").read_text())
                   for i in range(1, runs + 1)]
        score = lambda r, k: r["categories"][k]["score"] * 100
        audit = lambda r, k: r["audits"][k]["numericValue"]
        med = statistics.median
        print(
            f"{path:28} {preset:7} performance {[round(score(r, 'performance')) for r in reports]}"
            f" median {med(score(r, 'performance') for r in reports):.0f};"
            f" accessibility {med(score(r, 'accessibility') for r in reports):.0f};"
            f" best practices {med(score(r, 'best-practices') for r in reports):.0f};"
            f" LCP {med(audit(r, 'largest-contentful-paint') for r in reports) / 1000:.2f} s;"
            f" TBT {med(audit(r, 'total-blocking-time') for r in reports):.0f} ms;"
            f" CLS {med(audit(r, 'cumulative-layout-shift') for r in reports):.3f};"
            f" transfer {med(audit(r, 'total-byte-weight') for r in reports) / 1024:.0f} KiB"
        )
PY
