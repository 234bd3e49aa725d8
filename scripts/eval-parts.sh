#!/usr/bin/env bash
# Scores every part of a corpus made of several `splicecheck synth` runs
# (such as scripts/bench.sh's target/bench/corpus-100mb, whose part-NNNN
# folders each hold a truth.json) and prints the totals per kind:
#   bash scripts/eval-parts.sh target/bench/corpus-100mb
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?give a folder of synth parts}
cargo build --release --quiet
python3 - "$dir" <<'PY'
import glob, json, subprocess, sys
parts = sorted(glob.glob(f"{sys.argv[1]}/part-*"))
kinds, rep, fa, docs, why = {}, [0, 0, 0], [0, 0], 0, {}
for part in parts:
    e = json.loads(subprocess.run(["target/release/splicecheck", "eval", "--truth", f"{part}/truth.json",
                                   part, "--format", "json"], capture_output=True, text=True, check=True).stdout)
    docs += e["documents"]
    for k in e["kinds"]:
        t = kinds.setdefault(k["kind"], [0, 0, 0, 0])
        for i, f in enumerate(["truth", "found", "true_positives", "exact_repairs"]):
            t[i] += k[f]
    for s, n in e["repairs"]["shortfalls"].items():
        why[s] = why.get(s, 0) + n
    rep[0] += e["repairs"]["matched"]; rep[1] += e["repairs"]["exact"]; rep[2] += e["repairs"]["beyond_family"]
    fa[0] += e["false_alarms"]["clean_families_flagged"]; fa[1] += e["false_alarms"]["clean_families"]
print(f"{len(parts)} parts, {docs} documents\n")
print("| kind | truth | found | true positives | precision | recall | F1 | exact repairs |")
print("|---|---|---|---|---|---|---|---|")
all_ = [0, 0, 0]
for k, (t, f, tp, ex) in kinds.items():
    p, r = tp / f if f else 0, tp / t if t else 0
    print(f"| {k} | {t} | {f} | {tp} | {p:.3f} | {r:.3f} | {2*p*r/(p+r) if p+r else 0:.3f} | {ex}/{tp} |")
    all_ = [a + b for a, b in zip(all_, [t, f, tp])]
t, f, tp = all_
p, r = tp / f, tp / t
print(f"| all | {t} | {f} | {tp} | {p:.3f} | {r:.3f} | {2*p*r/(p+r):.3f} | {rep[1]}/{rep[0]} ({100*rep[1]/rep[0]:.1f}%) |")
print(f"\nclean families flagged: {fa[0]}/{fa[1]}; repairs needing a word no copy holds: {rep[2]}; "
      f"exact among the others: {rep[1]}/{rep[0]-rep[2]} ({100*rep[1]/(rep[0]-rep[2]):.1f}%)")
print("inexact repairs by shortfall: " + ", ".join(f"{s} {n}" for s, n in sorted(why.items())))
PY
