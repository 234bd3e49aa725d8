#!/usr/bin/env bash
# Builds `splicecheck synth` corpora from a folder of articles (one per
# file) with every seed from FIRST to LAST, in both profiles (70% of
# families corrupted), audits each against its truth and prints the totals:
#   bash scripts/synth-sweep.sh DIR [FIRST] [LAST]
# scripts/seed-synth.sh runs it on real scraped articles; the project's
# own match reports and technology news are in tests/data/other-kinds.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?give a folder of articles}
first=${2:-1}
last=${3:-40}
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$first" "$last" "$base" <<'PY'
import json, subprocess, sys
work, first, last, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
bin = "target/release/splicecheck"
kinds, fa, rep, runs = {}, [0, 0], [0, 0, 0], 0
for profile in ["outlets", "extractors"]:
    for seed in range(first, last + 1):
        out = f"{work}/{profile}-{seed}"
        subprocess.run([bin, "synth", "--from", base, "--out", out, "--seed", str(seed),
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
