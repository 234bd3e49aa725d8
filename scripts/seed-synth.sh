#!/usr/bin/env bash
# Builds `splicecheck synth` corpora from real scraped articles instead of
# clean ones: the four different articles of ../shared/seeds (000 to 003;
# 004 is a damaged copy of 003 and is left out), whose text carries the
# scrapers' own headers, repeated headlines, section labels and datelines.
# Each seed gives four families (and distractors that share a lead or quotes
# with them, as the seeds' articles do); both profiles run. Prints the totals:
#   bash scripts/seed-synth.sh [SEEDS_DIR] [FIRST_SEED] [LAST_SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-../shared/seeds}
first=${2:-100}
last=${3:-299}
if [ ! -d "$seeds" ]; then
  echo "seed synth skipped: $seeds not found"
  exit 0
fi
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
for f in "$seeds"/000_* "$seeds"/001_* "$seeds"/002_* "$seeds"/003_*; do
  cp "$f" "$base/"
done
bash scripts/synth-sweep.sh "$base" "$first" "$last"
