#!/usr/bin/env bash
# Acceptance check on ../shared/seeds (five real scraped articles; 003 and 004
# are copies of one article and 004 carries two real splices). Skipped when the
# folder is absent. Expects exactly two splice errors in 004, at bytes 1539 and
# 2247, whose repairs restore the lost words, nothing else at error level, and
# exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-../shared/seeds}
if [ ! -d "$seeds" ]; then
  echo "seed check skipped: $seeds not found"
  exit 0
fi
bin=target/release/splicecheck
[ -x "$bin" ] || cargo build --release --quiet
set +e
"$bin" audit "$seeds" --format jsonl > target/seeds.jsonl
status=$?
set -e
python3 - "$status" target/seeds.jsonl <<'PY'
import json, sys
status, path = int(sys.argv[1]), sys.argv[2]
findings = [json.loads(l) for l in open(path, encoding="utf-8")]
errors = [f for f in findings if f["severity"] == "error"]
got = sorted((f["path"].rsplit("/", 1)[-1][:3], f["kind"], f["start"], f["end"]) for f in errors)
want = [("004", "splice", 1539, 1539), ("004", "splice", 2247, 2247)]
ok = status == 1 and got == want
lost = {
    1539: "reshape a war that began nearly a year and a half ago. NATO wants to ",
    2247: "the addition of Finland. Sweden has also sought to join, but Turkey, another member of the alliance, ",
}
for f in errors:
    r = f.get("repair") or {}
    if r.get("replacement") != lost.get(f["start"]) or r.get("start") != f["start"]:
        ok = False
        print("unexpected repair:", json.dumps(f))
print(f"seed check: exit {status}, errors {got}")
if not ok:
    print(f"seed check FAILED: want exit 1 and errors {want}")
    sys.exit(1)
print("seed check passed")
PY
