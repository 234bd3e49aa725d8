#!/usr/bin/env bash
# Runs two splicecheck binaries alternately on one folder and prints the
# fastest and median wall time of each, so that both see the same hours of a
# machine whose speed drifts:
#   bash scripts/ab.sh OLD_BINARY NEW_BINARY [DIR] [RUNS]
# DIR defaults to target/bench/corpus-100mb (made by scripts/bench.sh),
# RUNS to 8. Build an older commit's binary with, for example,
#   git worktree add /tmp/old COMMIT && cargo build --release --manifest-path /tmp/old/Cargo.toml
set -euo pipefail
A=${1:?give the first binary}
B=${2:?give the second binary}
D=${3:-target/bench/corpus-100mb}
N=${4:-8}
for _ in $(seq "$N"); do
  for X in A B; do
    bin=${!X}
    s=$(date +%s.%N)
    # Exit status 1 means findings, not a failure.
    "$bin" audit "$D" --format jsonl -q > /dev/null || [ $? -eq 1 ]
    e=$(date +%s.%N)
    echo "$X $(echo "$e - $s" | bc)"
  done
done | sort -k1,1 -k2n | awk '{a[$1]=a[$1]" "$2; n[$1]++}
  END {for (k in a) {split(a[k], v, " "); printf "%s fastest %s median %s\n", k, v[1], v[int((n[k]+1)/2)]}}' | sort
