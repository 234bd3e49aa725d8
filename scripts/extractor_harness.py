"""What real_extractors.py and real_pages.py share: their command line and
the clean articles they draw from (`setup`), and the scoring of a folder of
extractor-output families (one subfolder per page, each with a TRUTH file
listing its corrupted copies as (copy, kind, lost) tuples) against
`splicecheck audit` (`score`).

A `cut` copy whose truth lists no truncation was cut where it does not stop
mid-sentence (after a full stop, inside a table, after the article's last
paragraph): a trim, and nothing reported on it is counted either way.
"""
import argparse, ast, collections, glob, json, os, random, subprocess


def setup(build_flag=False):
    """Parses the command line; returns it, the seeded random source and the
    clean articles (DIR/**/*.txt) in the order that source shuffled them.
    With `build_flag`, --no-build (only audit an existing OUT) is known."""
    ap = argparse.ArgumentParser()
    ap.add_argument('--from', dest='src', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--families', type=int, default=100)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--corrupt', action='store_true')
    ap.add_argument('--bin', default='target/release/splicecheck')
    if build_flag:
        ap.add_argument('--no-build', action='store_true', help='only audit an existing OUT')
    args = ap.parse_args()
    rng = random.Random(args.seed)
    files = sorted(glob.glob(os.path.join(args.src, '**', '*.txt'), recursive=True))
    rng.shuffle(files)
    os.makedirs(args.out, exist_ok=True)
    return args, rng, files


def articles(files, n):
    """The first `n` clean articles of `files` with a headline and at least
    three paragraphs: (path, headline, paragraphs), one line each."""
    made = 0
    for f in files:
        if made >= n:
            return
        raw = open(f, encoding='utf-8', errors='replace').read().strip().split('\n')
        raw = [l.strip() for l in raw if l.strip()]
        if len(raw) < 4:
            continue
        yield f, raw[0], raw[1:]
        made += 1


def write_family(out, made, path, copies, truth, extra=None):
    """Writes one family folder: each copy as NAME.txt, TRUTH, and the
    `extra` files (name: text) as they are."""
    name = f'{made:03d}-' + os.path.basename(os.path.dirname(path)) + '-' + os.path.basename(path)[:-4]
    os.makedirs(os.path.join(out, name), exist_ok=True)
    for k, v in copies.items():
        open(os.path.join(out, name, k + '.txt'), 'w').write(v.strip() + '\n')
    open(os.path.join(out, name, 'TRUTH'), 'w').write(repr(truth))
    for k, v in (extra or {}).items():
        open(os.path.join(out, name, k), 'w').write(v)


def score(out, binary, extra=None):
    """Audits `out` with `binary` and returns the counts as a dict (plus
    `extra`); errors on copies the truth does not name are false alarms."""
    report = json.loads(subprocess.run([binary, 'audit', out, '--format', 'json', '-q'],
                                       capture_output=True, check=False).stdout)
    found = collections.defaultdict(set)
    for f in report['findings']:
        if f['severity'] == 'error':
            fam, doc = f['path'].split('/')[-2:]
            found[fam].add((doc[:-4], f['kind']))
    tp = fn = fp = 0
    flagged_intact = 0
    by_copy = collections.Counter()
    families = sorted(d for d in os.listdir(out) if os.path.isdir(os.path.join(out, d)))
    for fam in families:
        truth = {(d, k) for d, k, _ in ast.literal_eval(open(os.path.join(out, fam, 'TRUTH')).read())}
        cut_is_trim = os.path.exists(os.path.join(out, fam, 'cut.txt')) and ('cut', 'truncation') not in truth
        got = {g for g in found[fam] if not (cut_is_trim and g[0] == 'cut')}
        tp += len(truth & got)
        fn += len(truth - got)
        fp += len(got - truth)
        for d, k in got - truth:
            by_copy[f'{d}/{k}'] += 1
        corrupted = {d for d, _ in truth} | ({'cut'} if cut_is_trim else set())
        if any(d not in corrupted for d, _ in got):
            flagged_intact += 1
    counts = {'families': len(families), 'documents': report['summary']['documents'],
              'true_positives': tp, 'missed': fn, 'false_alarms': fp,
              'families_with_an_error_on_an_intact_copy': flagged_intact,
              'false_alarms_by_copy_and_kind': dict(by_copy.most_common())}
    counts.update(extra or {})
    return counts
