#!/usr/bin/env bash
# Renders the HTML report of the bundled corpus and saves a screenshot of it
# to docs/report.png with headless Chromium (Debian package: chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is required (apt-get install chromium)" >&2
  exit 1
fi
bin=target/release/splicecheck
[ -x "$bin" ] || cargo build --release --quiet
page=$(mktemp -d)
trap 'rm -rf "$page"' EXIT
"$bin" audit corpus --format html --output "$page/report.html" || [ $? -eq 1 ]
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$page/profile" \
  --screenshot="$PWD/docs/report.png" --window-size=1400,1800 \
  "file://$page/report.html" 2>/dev/null
echo "wrote docs/report.png"
