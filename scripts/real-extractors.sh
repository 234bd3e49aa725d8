#!/usr/bin/env bash
# Audits real HTML extractor outputs (see scripts/real_extractors.py and
# scripts/real_pages.py):
#   BBC=../shared/corpora/bbc bash scripts/real-extractors.sh
# Makes a venv under target/ with the extractors, builds the release binary,
# then scores an intact corpus and a corrupted one of each script (PAGES=0
# skips real_pages.py's twenty-five runs).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BBC:?set BBC to a folder of clean articles, one per file}"
# A venv under target/ with the extractors both scripts run.
source scripts/extractors-venv.sh
cargo build --release --quiet
work=${WORK:-$(mktemp -d)}
rm -rf "$work/intact" "$work/corrupt"
echo "intact: 100 families, seed 1"
"$venv/bin/python" scripts/real_extractors.py --from "$BBC" --out "$work/intact" --families 100 --seed 1
echo "corrupted: 150 families, seed 2"
"$venv/bin/python" scripts/real_extractors.py --from "$BBC" --out "$work/corrupt" --families 150 --seed 2 --corrupt
if [ "${PAGES:-1}" != 0 ]; then
  rm -rf "$work"/pages-*
  echo "varied pages, intact: 150 families, seed 1"
  "$venv/bin/python" scripts/real_pages.py --from "$BBC" --out "$work/pages-intact" --families 150 --seed 1
  echo "varied pages, corrupted: 150 families, seed 2"
  "$venv/bin/python" scripts/real_pages.py --from "$BBC" --out "$work/pages-corrupt" --families 150 --seed 2 --corrupt
  echo "varied pages, intact: 300 families, seed 3"
  "$venv/bin/python" scripts/real_pages.py --from "$BBC" --out "$work/pages-intact-3" --families 300 --seed 3
  echo "varied pages, intact: 300 families, seed 4"
  "$venv/bin/python" scripts/real_pages.py --from "$BBC" --out "$work/pages-intact-4" --families 300 --seed 4
  echo "varied pages, corrupted: 300 families, seed 5"
  "$venv/bin/python" scripts/real_pages.py --from "$BBC" --out "$work/pages-corrupt-5" --families 300 --seed 5 --corrupt
  for seed in 6 8 10 12 14 16 18 20 22 24; do
    echo "varied pages, intact: 300 families, seed $seed"
    "$venv/bin/python" scripts/real_pages.py --from "$BBC" --out "$work/pages-intact-$seed" --families 300 --seed "$seed"
    echo "varied pages, corrupted: 300 families, seed $((seed + 1))"
    "$venv/bin/python" scripts/real_pages.py --from "$BBC" --out "$work/pages-corrupt-$((seed + 1))" --families 300 --seed "$((seed + 1))" --corrupt
  done
fi
