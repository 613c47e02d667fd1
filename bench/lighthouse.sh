#!/usr/bin/env bash
# Measure the home page as production serves it: DEBUG off, collectstatic (whitenoise's
# compressed, hashed files), gunicorn, SQLite with the seed. Then Lighthouse (npm) in Debian's
# Chromium, mobile and desktop. Not part of CI: it fetches Lighthouse through npx.
#
#   bench/lighthouse.sh            # reports in var/lighthouse/
#   PORT=8917 bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8917}
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

echo "transfer (brotli) of / and what it loads:"
page=$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT/" | wc -c)
echo "  html (uncompressed, Django does not compress pages): $page bytes"
for asset in $(curl -s "http://127.0.0.1:$PORT/" | grep -o '/static/[^"]*\.\(js\|css\|svg\)'); do
  size=$(curl -s -H 'Accept-Encoding: br' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$PORT$asset")
  echo "  $asset: $size bytes"
done

for preset in mobile desktop; do
  flags=()
  [ "$preset" = desktop ] && flags=(--preset=desktop)
  CHROME_PATH=/usr/bin/chromium npx -y lighthouse@13.5.0 "http://127.0.0.1:$PORT/" "${flags[@]}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" --quiet \
    --only-categories=performance,accessibility,best-practices \
    --output=json --output=html --output-path="$OUT/home-$preset"
  .venv/bin/python - "$OUT/home-$preset.report.json" "$preset" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
audits = report["audits"]
metrics = {k: audits[k]["displayValue"] for k in (
    "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
    "cumulative-layout-shift", "speed-index", "interactive")}
print(sys.argv[2], scores, metrics, "transfer:", audits["total-byte-weight"]["displayValue"])
PY
done
