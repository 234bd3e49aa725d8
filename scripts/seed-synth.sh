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
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/base"
for f in "$seeds"/000_* "$seeds"/001_* "$seeds"/002_* "$seeds"/003_*; do
  cp "$f" "$work/base/"
done
python3 - "$work" "$first" "$last" <<'PY'
import json, subprocess, sys
work, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bin = "target/release/splicecheck"
kinds, fa, rep, runs = {}, [0, 0], [0, 0, 0], 0
for profile in ["outlets", "extractors"]:
    for seed in range(first, last + 1):
        out = f"{work}/{profile}-{seed}"
        subprocess.run([bin, "synth", "--from", f"{work}/base", "--out", out, "--seed", str(seed),
                        "--profile", profile, "--corrupt-share", "0.7"], check=True, capture_output=True)
        e = json.loads(subprocess.run([bin, "eval", "--truth", f"{out}/truth.json", out, "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
        runs += 1
        for k in e["kinds"]:
            t = kinds.setdefault(k["kind"], [0, 0, 0])
            for i, f in enumerate(["truth", "found", "true_positives"]):
                t[i] += k[f]
        fa[0] += e["false_alarms"]["clean_families_flagged"]
        fa[1] += e["false_alarms"]["clean_families"]
        rep[0] += e["repairs"]["exact"]; rep[1] += e["repairs"]["matched"]; rep[2] += e["repairs"]["beyond_family"]
print(f"{runs} corpora (seeds {first} to {last}, both profiles)\n")
print("| kind | truth | found | true positives | precision | recall | F1 |")
print("|---|---|---|---|---|---|---|")
for k, (t, f, tp) in kinds.items():
    p, r = tp / f if f else 0, tp / t if t else 0
    print(f"| {k} | {t} | {f} | {tp} | {p:.3f} | {r:.3f} | {2*p*r/(p+r) if p+r else 0:.3f} |")
print(f"\nclean families flagged: {fa[0]} of {fa[1]}")
print(f"exact repairs: {rep[0]} of {rep[1]} ({rep[2]} need words no copy holds)")
PY
