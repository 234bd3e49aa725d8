#!/usr/bin/env python3
"""Scores splicecheck on corpora built by a second generator.

`splicecheck synth` and this script share no code, phrase lists or choices:
here each family is 2 to 6 copies of one clean article (one per file, first
line the headline), restyled with other page furniture (a menu bar, "Listen to
this article", "Image caption: ...", "This article was amended on 3 March.",
"Tags: ..."), curly or straight quotes, em dashes, hard wrapping at 66 to 80
columns, CRLF, a dropped headline, one-line copies, teaser copies that stop
after their first sentence with "...", and copies whose last paragraphs were
trimmed. About 30% of families are clean; in the others one or two copies
carry one corruption each:

  splice       2-25 words lost mid-sentence, the rest joined by a space
  glued        1-6 words lost, the words either side glued ("thewith")
  double       1-6 words lost, two spaces left
  link         1-4 words lost before a comma, the comma left stranded
  truncation   the copy stops mid-sentence (sometimes inside a word),
               its footer lines still after it
  mojibake     a paragraph decoded as Windows-1252
  duplication  a paragraph repeated right after itself
  encoding     a NUL byte inside a word

A corruption counts as found when a finding of its kind (splice for the
first four) starts within 40 bytes of it; a lost span's repair is exact
when applying it gives the same words as putting back the lost text. Every
error on a copy with no corruption is a false alarm. A lost span that falls
in a paragraph no other copy kept cannot be found by comparison; such cases
are counted as misses all the same.

    python3 scripts/second_generator.py --from DIR --work OUT --seeds 1 2 3 4

Needs only Python 3 and a release build (cargo build --release).
"""
import argparse, collections, glob, json, os, random, re, shutil, subprocess, sys, textwrap

MARK = '\ue000'
HEAD = ["Home | World | Business | Politics | Culture", "Listen to this article",
        "Published 14 March 2005", "By Staff Reporter", "Updated: 09:41 GMT",
        "Skip to main content", "Breaking News", "Share on Facebook  Share on Twitter",
        "Menu", "Topics: Economy, Markets"]
MID = ["Photograph: Reuters", "Image caption: Officials met on Tuesday",
       "RELATED: Markets slide as talks stall", "Read more", "(Getty Images)",
       "Advertisement - scroll to continue"]
FOOT = ["Copyright \u00a9 2005 The Globe. All rights reserved.",
        "Sign up for our morning newsletter", "Most read", "Follow us on Twitter @globe",
        "Related Topics", "Comments (12)", "Tags: economy, politics",
        "This article was amended on 3 March."]
KINDS = ['splice', 'glued', 'double', 'link', 'truncation', 'truncation', 'mojibake',
         'duplication', 'encoding']
AS_KIND = {'glued': 'splice', 'double': 'splice', 'link': 'splice'}
STANDALONE = ('mojibake', 'duplication', 'encoding')
ENDS = re.compile(r'[.!?]["\u201d]?$')


def restyle(t, st):
    if st['curly']:
        t = re.sub(r'"(\w)', '\u201c\\1', t)
        t = t.replace('"', '\u201d')
        t = re.sub(r"(\w)'(\w)", '\\1\u2019\\2', t)
    if st['dash']:
        t = t.replace(' - ', ' \u2014 ')
    return t


def mid_sentence(words, i):
    return i > 0 and not ENDS.search(words[i - 1])


def corrupt(rng, paras, kind):
    """Corrupts one paragraph; returns (paragraphs with MARK at the
    corruption, the lost text or None), or None when no place fits."""
    long = [i for i, p in enumerate(paras) if len(p.split()) >= 25]
    if not long:
        return None
    pi = rng.choice(long)
    w = paras[pi].split()
    for _ in range(50):
        if kind == 'splice':
            k = rng.randint(2, min(25, len(w) - 8))
            i = rng.randint(3, len(w) - k - 3)
            if mid_sentence(w, i) and not ENDS.search(w[i + k - 1]):
                paras[pi] = ' '.join(w[:i] + [MARK + w[i + k]] + w[i + k + 1:])
                return paras, ' '.join(w[i:i + k]) + ' '
        elif kind in ('glued', 'double'):
            k = rng.randint(1, 6)
            i = rng.randint(3, len(w) - k - 3)
            if mid_sentence(w, i) and not re.search(r'[.!?,;:]["\u201d]?$', w[i + k - 1]):
                lost = ' '.join(w[i:i + k])
                if kind == 'glued':
                    paras[pi] = ' '.join(w[:i - 1] + [w[i - 1] + MARK + w[i + k]] + w[i + k + 1:])
                    return paras, ' ' + lost + ' '
                paras[pi] = ' '.join(w[:i]) + ' ' + MARK + ' ' + ' '.join(w[i + k:])
                return paras, lost
        elif kind == 'link':
            k = rng.randint(1, 4)
            i = rng.randint(3, len(w) - k - 3)
            if mid_sentence(w, i) and re.search(r'\w[,;]$', w[i + k - 1]):
                paras[pi] = (' '.join(w[:i]) + ' ' + MARK + w[i + k - 1][-1] + ' '
                             + ' '.join(w[i + k:]))
                return paras, ' '.join(w[i:i + k])[:-1]
        elif kind == 'truncation':
            i = rng.randint(3, len(w) - 3)
            if mid_sentence(w, i):
                keep = w[:i]
                if rng.random() < 0.3 and len(w[i]) > 4:
                    keep = keep + [w[i][:2]]
                paras[pi] = ' '.join(keep) + MARK
                return paras[:pi + 1], None
        elif kind == 'mojibake':
            t = paras[pi].replace("'", '\u2019').replace('"', '\u201c')
            if t == paras[pi]:
                t = t.replace(' ', ' \u2014 ', 1)
            k = next(i for i, c in enumerate(t) if ord(c) > 127)
            paras[pi] = t[:k] + MARK + t[k:].encode('utf-8').decode('cp1252', errors='replace')
            return paras, None
        elif kind == 'duplication':
            paras.insert(pi + 1, MARK + paras[pi])
            return paras, None
        elif kind == 'encoding':
            i = rng.randint(3, len(w) - 3)
            paras[pi] = ' '.join(w[:i] + [MARK + '\x00' + w[i]] + w[i + 1:])
            return paras, None
    return None


def render(rng, title, paras, st):
    lines = []
    for h in rng.sample(HEAD, rng.randint(0, 3)) if st['furniture'] else []:
        lines += [h, '']
    if st['title']:
        lines += [title, '']
    if st['one_line'] and not st['wrap']:
        paras = [' '.join(paras)]
    for j, p in enumerate(paras):
        p = restyle(p, st)
        lines += textwrap.wrap(p, st['wrap'], break_on_hyphens=False) if st['wrap'] else [p]
        lines.append('')
        if st['furniture'] and j == 1 and rng.random() < 0.4:
            lines += [rng.choice(MID), '']
    for f in rng.sample(FOOT, rng.randint(0, 3)) if st['furniture'] else []:
        lines.append(f)
    text = '\n'.join(lines).rstrip('\n') + '\n'
    return text.replace('\n', '\r\n') if st['crlf'] else text


def generate(src, out, seed, families):
    rng = random.Random(seed)
    files = sorted(glob.glob(os.path.join(src, '*', '*.txt')))
    rng.shuffle(files)
    truth = []
    for fi, f in enumerate(files[:families]):
        raw = open(f, encoding='utf-8', errors='replace').read().strip().split('\n')
        title = raw[0].strip()
        paras = [re.sub(r'\s+', ' ', p).strip() for p in '\n'.join(raw[1:]).split('\n\n')]
        paras = [p for p in paras if p]
        if len(paras) < 4:
            continue
        fam = os.path.join(out, f'{fi:03d}')
        os.makedirs(fam)
        n = rng.choice([2, 3, 3, 4, 5, 6])
        clean = rng.random() < 0.3
        bad = set() if clean else set(rng.sample(range(n), 1 if n < 4 else rng.randint(1, 2)))
        for c in range(n):
            st = dict(curly=rng.random() < 0.5, dash=rng.random() < 0.3,
                      wrap=rng.choice([0, 0, 0, 66, 72, 80]), crlf=rng.random() < 0.15,
                      furniture=rng.random() < 0.7, title=rng.random() < 0.8,
                      one_line=rng.random() < 0.1)
            ps = list(paras)
            if rng.random() < 0.25:
                ps = ps[:-rng.randint(1, 2)]
            kind, lost = None, None
            if c in bad:
                kind = rng.choice(KINDS)
                r = corrupt(rng, ps, kind)
                if r is None:
                    kind = None
                else:
                    ps, lost = r
            if kind is None and rng.random() < 0.1:
                ps = [ps[0].split('. ')[0] + '...']
            b = render(rng, title, ps, st).encode('utf-8')
            at = None
            if MARK.encode() in b:
                at = b.index(MARK.encode())
                b = b.replace(MARK.encode(), b'')
            path = os.path.join(fam, f'copy-{c}.txt')
            open(path, 'wb').write(b)
            truth.append(dict(path=path, kind=kind, start=at, lost=lost))
    return truth


def words(s):
    return re.sub(r'\W+', ' ', s).split()


def shown_elsewhere(t):
    """True when another copy of the family holds the words just before
    the corruption (and, for a lost span, its first lost word): where no
    other copy kept the paragraph, no comparison can show the place."""
    b = open(t['path'], 'rb').read()
    before = words(b[:t['start']].decode('utf-8', 'replace'))[-6:]
    key = ' '.join(before + (words(t['lost'])[:1] if t['lost'] else []))
    folder = os.path.dirname(t['path'])
    for other in glob.glob(os.path.join(folder, '*.txt')):
        if other != t['path']:
            text = ' '.join(words(open(other, 'rb').read().decode('utf-8', 'replace')))
            if key in text:
                return True
    return False


def score(truth, findings, tally, notes):
    by_path = collections.defaultdict(list)
    for f in findings:
        by_path[f['path']].append(f)
    for t in truth:
        fs = by_path.get(t['path'], [])
        errors = [f for f in fs if f['severity'] == 'error']
        if t['kind'] is None:
            tally['copies without corruption'] += 1
            if errors:
                tally['false alarms (copies)'] += 1
                notes.append(f"false alarm {t['path']}: {[(f['kind'], f['start']) for f in errors]}")
            continue
        k = t['kind']
        tally[k, 'total'] += 1
        hit = [f for f in fs if f['kind'] == AS_KIND.get(k, k) and abs(f['start'] - t['start']) <= 40]
        if not hit:
            if k not in STANDALONE and not shown_elsewhere(t):
                tally[k, 'unseen'] += 1
                notes.append(f"missed {k} {t['path']} at {t['start']} (no other copy shows the place)")
            else:
                notes.append(f"missed {k} {t['path']} at {t['start']}")
            continue
        tally[k, 'found'] += 1
        if any(f not in hit for f in errors):
            tally['other errors on corrupted copies'] += 1
        if t['lost'] is not None:
            tally[k, 'repairable'] += 1
            text = open(t['path'], 'rb').read().decode('utf-8', 'replace')
            b = text.encode()
            want = words((b[:t['start']] + t['lost'].encode() + b[t['start']:]).decode())
            rep = hit[0].get('repair') or {}
            if rep:
                got = b[:rep['start']] + rep['replacement'].encode() + b[rep['end']:]
                if words(got.decode('utf-8', 'replace')) == want:
                    tally[k, 'exact'] += 1
                    continue
            notes.append(f"inexact {k} {t['path']}: lost {t['lost']!r}, repair {rep.get('replacement')!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--from', dest='src', required=True, help='folder of clean articles (DIR/*/*.txt)')
    ap.add_argument('--work', required=True, help='where the corpora are written')
    ap.add_argument('--seeds', type=int, nargs='+', default=[1, 2, 3, 4])
    ap.add_argument('--families', type=int, default=200, help='articles drawn per seed')
    ap.add_argument('--bin', default='target/release/splicecheck')
    ap.add_argument('--verbose', action='store_true', help='list every miss and false alarm')
    a = ap.parse_args()
    tally, notes = collections.Counter(), []
    for seed in a.seeds:
        out = os.path.join(a.work, f'seed-{seed}')
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        truth = generate(a.src, out, seed, a.families)
        tally['families'] += len(glob.glob(os.path.join(out, '*')))
        run = subprocess.run([a.bin, 'audit', out, '--format', 'jsonl', '--fail-on', 'never',
                              '--quiet'], capture_output=True, text=True, check=True)
        findings = [json.loads(l) for l in run.stdout.splitlines() if l.strip()]
        score(truth, findings, tally, notes)
    print(f"seeds {' '.join(map(str, a.seeds))}: {tally['families']} families")
    print('| kind | found | missed where no other copy shows the place | exact repairs |')
    print('|---|---|---|---|')
    for k in ['splice', 'glued', 'double', 'link', 'truncation', 'mojibake', 'duplication', 'encoding']:
        exact = (f"{tally[k, 'exact']}/{tally[k, 'repairable']}" if tally[k, 'repairable'] else '-')
        print(f"| {k} | {tally[k, 'found']}/{tally[k, 'total']} | {tally[k, 'unseen']} | {exact} |")
    print(f"false alarms: {tally['false alarms (copies)']} of {tally['copies without corruption']} "
          f"copies without corruption; {tally['other errors on corrupted copies']} corrupted copies "
          f"with another error")
    if a.verbose:
        print('\n'.join(notes))


if __name__ == '__main__':
    sys.exit(main())
