#!/usr/bin/env bash
# Throughput benchmark: splicecheck audit (folder grouping) on synth corpora of
# about 10 MB and 100 MB (and 1 GB with BIG=1), side by side with peers on the
# same folders: Python difflib SequenceMatcher on word tokens, git diff
# --no-index --word-diff per pair, and datasketch MinHash LSH for grouping.
#
# Environment:
#   BBC=DIR     clean articles to synthesise from (default tests/data/articles)
#   SIZES="10 100"  corpus sizes in MB; BIG=1 adds 1000
#   LIMIT=60    seconds each peer may run before its rate is extrapolated
#   RUNS=3      hyperfine runs per corpus (when hyperfine is installed)
#   OUT=target/bench  where corpora, logs and results.md go
#
# Corpora are made by repeated `splicecheck synth` runs with seeds 1, 2, ...
# into subfolders until the size is reached, and kept for the next run
# (delete OUT to regenerate). Prints a markdown table, also saved as
# OUT/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

src=${BBC:-tests/data/articles}
sizes=${SIZES:-10 100}
[ "${BIG:-0}" = 1 ] && sizes="$sizes 1000"
limit=${LIMIT:-60}
runs=${RUNS:-3}
out=${OUT:-target/bench}
bin=target/release/splicecheck
mkdir -p "$out"

cargo build --release --quiet

# A venv under target/ for datasketch (the MinHash LSH peer).
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import datasketch' 2>/dev/null || "$venv/bin/pip" install -q datasketch

txt_bytes() { find "$1" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1; }
txt_count() { find "$1" -name '*.txt' | wc -l; }

# Families per synth run: about 10 KB of copies per family, at most one per
# source article.
articles=$(find "$src" -name '*.txt' | wc -l)

make_corpus() {
  local dir=$1 mb=$2
  local want=$((mb * 1000 * 1000))
  if [ -f "$dir/.complete" ] && [ "$(cat "$dir/.complete")" = "$src $mb" ]; then
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  local seed=1 have=0
  while [ "$have" -lt "$want" ]; do
    local fam=$(((want - have) / 10000 + 1))
    [ "$fam" -gt "$articles" ] && fam=$articles
    [ "$fam" -gt 1000 ] && fam=1000
    "$bin" synth --from "$src" --out "$dir/part-$(printf %04d "$seed")" \
      --families "$fam" --seed "$seed" >/dev/null
    have=$(txt_bytes "$dir")
    seed=$((seed + 1))
  done
  echo "$src $mb" >"$dir/.complete"
}

row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
results=$out/results.md
{
  echo "source: $src; $(nproc) CPU(s); $(date -u +%Y-%m-%d)"
  echo
  row "corpus" "tool" "seconds" "MB/s" "documents/s" "peak RSS" "note"
  row "---" "---" "---:" "---:" "---:" "---:" "---"
} >"$results"

for mb in $sizes; do
  dir=$out/corpus-${mb}mb
  echo "== corpus of ${mb} MB: $dir" >&2
  make_corpus "$dir" "$mb"
  bytes=$(txt_bytes "$dir")
  docs=$(txt_count "$dir")
  label="$((bytes / 1000000)) MB, $docs docs"

  # Peak memory and one timing from GNU time.
  log=$out/time-${mb}mb.log
  /usr/bin/time -v "$bin" audit "$dir" --format jsonl >"$out/findings-${mb}mb.jsonl" 2>"$log" || true
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  note="GNU time, 1 run"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --style none --warmup 1 --runs "$runs" -i \
      --export-json "$out/hyperfine-${mb}mb.json" \
      "$bin audit $dir --format jsonl" >/dev/null 2>&1
    wall=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$out/hyperfine-${mb}mb.json")
    note="hyperfine mean of $runs"
  fi
  row "$label" "splicecheck audit" "$(printf %.2f "$wall")" \
    "$(awk -v b="$bytes" -v s="$wall" 'BEGIN { printf "%.1f", b / 1e6 / s }')" \
    "$(awk -v d="$docs" -v s="$wall" 'BEGIN { printf "%.0f", d / s }')" \
    "$((rss_kb / 1024)) MB" "$note" >>"$results"

  for peer in difflib gitdiff minhash; do
    py=python3
    [ "$peer" = minhash ] && py=$venv/bin/python
    peer_log=$out/time-${peer}-${mb}mb.log
    json=$(/usr/bin/time -v "$py" scripts/peers.py "$peer" "$dir" --limit "$limit" 2>"$peer_log")
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$peer_log")
    echo "$json" >"$out/$peer-${mb}mb.json"
    python3 - "$json" "$label" "$((rss_kb / 1024))" >>"$results" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
note = "whole corpus"
if r["extrapolated"]:
    share = r["measured_bytes"] / r["bytes"]
    note = f"extrapolated from {share:.1%} of the corpus ({r['measured_seconds']} s)"
if r["peer"].startswith("datasketch"):
    note += "; grouping only"
print(f"| {sys.argv[2]} | {r['peer']} | {r['seconds']:.2f} | {r['mb_per_s']:.2f} | {r['docs_per_s']:.0f} | {sys.argv[3]} MB | {note} |")
PY
  done
done

cat "$results"
