#!/usr/bin/env bash
# Audits real extractor outputs of real news pages (scripts/real_html.py):
#   bash scripts/real-html.sh
# Fetches newspaper4k's source release from PyPI (its test data holds saved
# news pages) into target/real-html, makes the extractors' venv, builds the
# release binary, then audits the pages' intact families and three
# corrupted runs.
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
work=${WORK:-$(mktemp -d)}
echo "intact"
rm -rf "$work/intact"
"$venv/bin/python" scripts/real_html.py --pages "$pages" --out "$work/intact" --seed 1
for seed in 1 2 3; do
  echo "corrupted, seed $seed"
  rm -rf "$work/corrupt-$seed"
  "$venv/bin/python" scripts/real_html.py --pages "$pages" --out "$work/corrupt-$seed" --seed "$seed" --corrupt
done
