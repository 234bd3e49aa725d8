#!/usr/bin/env bash
# Validates splicecheck's SARIF output against the official SARIF 2.1.0 JSON
# schema (../shared/schemas/sarif-schema-2.1.0.json, or the path given as the
# first argument): a log with findings and fixes (the bundled corpus), one with
# a path that could not be read, and one with no finding. Skipped when the
# schema is absent. Needs Python's jsonschema; when it is missing it is
# installed into a virtual environment under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
schema=${1:-../shared/schemas/sarif-schema-2.1.0.json}
if [ ! -f "$schema" ]; then
  echo "SARIF check skipped: $schema not found"
  exit 0
fi
bin=target/release/splicecheck
[ -x "$bin" ] || cargo build --release --quiet

py=python3
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
  venv=target/sarif-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check jsonschema
  py=$venv/bin/python
fi

out=target/sarif-check
rm -rf "$out"
mkdir -p "$out/clean"
sed -n '1,20p' tests/data/articles/01-tram-extension.txt > "$out/clean/a.txt"
"$bin" audit corpus --format sarif --fail-on never > "$out/corpus.sarif"
set +e
"$bin" audit corpus/001-opposition-leader-elena-varga-ruiz-wins "$out/no-such-file.txt" \
  --format sarif > "$out/problem.sarif" 2>/dev/null
status=$?
set -e
if [ "$status" -ne 2 ]; then
  echo "a missing path should exit 2, got $status" >&2
  exit 1
fi
"$bin" audit "$out/clean" --no-config --format sarif > "$out/clean.sarif"

"$py" - "$schema" "$out/corpus.sarif" "$out/problem.sarif" "$out/clean.sarif" <<'PY'
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft4Validator(schema)
for path in sys.argv[2:]:
    log = json.load(open(path, encoding="utf-8"))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors[:10]:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
    if errors:
        sys.exit(f"{path}: {len(errors)} schema error(s)")
    run = log["runs"][0]
    results = run["results"]
    fixes = sum(1 for r in results if r.get("fixes"))
    print(f"{path}: valid SARIF {log['version']}, {len(results)} result(s), {fixes} with a fix")
corpus = json.load(open(sys.argv[2], encoding="utf-8"))["runs"][0]["results"]
if not any(r.get("fixes") and r.get("relatedLocations") for r in corpus):
    sys.exit("the corpus log should hold results with fixes and related locations")
PY
