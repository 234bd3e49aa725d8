#!/usr/bin/env bash
# Audits real HTML extractor outputs (see scripts/real_extractors.py):
#   BBC=../shared/corpora/bbc bash scripts/real-extractors.sh
# Makes a venv under target/ with the extractors, builds the release binary,
# then scores an intact corpus and a corrupted one.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BBC:?set BBC to a folder of clean articles, one per file}"
venv=target/extractors-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q trafilatura readability-lxml html2text justext beautifulsoup4
fi
cargo build --release --quiet
work=${WORK:-$(mktemp -d)}
rm -rf "$work/intact" "$work/corrupt"
echo "intact: 100 families, seed 1"
"$venv/bin/python" scripts/real_extractors.py --from "$BBC" --out "$work/intact" --families 100 --seed 1
echo "corrupted: 150 families, seed 2"
"$venv/bin/python" scripts/real_extractors.py --from "$BBC" --out "$work/corrupt" --families 150 --seed 2 --corrupt
