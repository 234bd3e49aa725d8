#!/usr/bin/env python3
"""Audits the outputs of real HTML article extractors.

Each clean article (one per file, first line the headline) becomes a web page:
navigation, byline, a figure with a caption, paragraphs with inline links and
emphasis, an embedded social post, a table and a bullet list, share buttons,
related links, a footer. Real extractors then turn
each page into text, one family folder per article: trafilatura (plain and
markdown), readability-lxml, html2text (unwrapped or wrapped at 78), jusText
and BeautifulSoup's get_text. None of them is corrupted: no error should be
reported on them.

With --corrupt, two more copies join each family: `dropper`, the article's
paragraphs with every inline link and emphasis removed, words and all (what
some extractors do to inline elements), and, in half the families, `cut`, the
trafilatura text cut at a random word. The truth (per folder, TRUTH) names
those copies; the script audits the folder with splicecheck and counts, per
copy, the expected kind found (true positive), missed, or reported on a copy
that has no corruption of that kind (false alarm). A cut that falls after a
full stop, or inside a table, leaves a copy that does not stop
mid-sentence: that is a trim, and such copies are not counted.

    python3 scripts/real_extractors.py --from DIR --out OUT --families 150 --seed 2 --corrupt

Needs: pip install trafilatura readability-lxml html2text justext beautifulsoup4
(scripts/real-extractors.sh makes a venv under target/ and runs it).
"""
import html, json, os, sys
import trafilatura, html2text, justext
from readability import Document
from bs4 import BeautifulSoup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extractor_harness import articles, score, setup, write_family
args, rng, files = setup()
src, out, n, seed = args.src, args.out, args.families, args.seed
def page(title, paras, site):
    nav = ''.join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ['Home','News','World','Business','Politics','Sport'])
    body = []
    for i, p in enumerate(paras):
        words = p.split(' ')
        if len(words) > 12 and rng.random() < 0.4:
            k = rng.randrange(2, len(words) - 5); l = rng.randint(1, 3)
            tag = rng.choice(['a', 'a', 'em', 'strong'])
            attr = f' href="/topic/{k}"' if tag == 'a' else ''
            words = words[:k] + [f'<{tag}{attr}>' + ' '.join(words[k:k+l]) + f'</{tag}>'] + words[k+l:]
        body.append('<p>' + ' '.join(words) + '</p>')
        if i == 2:
            body.append('<blockquote class="twitter-tweet"><p>Huge turnout here tonight, the room is packed. <a href="https://t.co/x">pic.twitter.com/AbCd</a></p>&mdash; Jane Doe (@jdoe) <a href="https://twitter.com/x">May 4, 2024</a></blockquote>')
            body.append('<table><tr><th>Area</th><th>2019</th><th>2020</th></tr><tr><td>South</td><td>28,118</td><td>8,928</td></tr><tr><td>North</td><td>3,785</td><td>8,131</td></tr></table>')
            body.append('<ul><li>Prices rose in the south</li><li>Sales fell in the north</li></ul>')
        if i == 1:
            body.append('<figure><img src="/img/1.jpg" alt="A photo"><figcaption>Officials speak to reporters outside the building. Photo: Reuters</figcaption></figure>')
    return f'''<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | {site}</title></head><body>
<header><a href="/">{site}</a><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{title}</h1>
<p class="byline">By <a href="/authors/jane-doe">Jane Doe</a>, Staff writer</p><time datetime="2024-05-03">3 May 2024</time>
{''.join(body)}
<div class="share">Share this article <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
</article>
<aside><h2>Related</h2><ul><li><a href="/news/1">Markets rally on rate hopes</a></li><li><a href="/news/2">Council approves new budget</a></li></ul></aside></main>
<footer><p>&copy; 2024 {site}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>'''
def soup_text(h):
    s = BeautifulSoup(h, 'html.parser')
    return '\n\n'.join(t.get_text(' ', strip=True) for t in s.find_all(['h1','h2','p','li','figcaption','td','th']) if t.get_text(strip=True))
for made, (f, title, paras) in enumerate(articles(files, n)):
    h = page(html.escape(title), [html.escape(p) for p in paras], rng.choice(['The Gazette', 'Daily Example', 'City Herald']))
    outs = {}
    outs['trafilatura'] = trafilatura.extract(h) or ''
    outs['trafilatura-md'] = trafilatura.extract(h, output_format='markdown', include_links=True, include_images=True) or ''
    d = Document(h); outs['readability'] = d.title() + '\n\n' + soup_text(d.summary())
    hh = html2text.HTML2Text(); hh.body_width = rng.choice([0, 78]); outs['html2text'] = hh.handle(h)
    outs['justext'] = '\n\n'.join(p.text for p in justext.justext(h.encode(), justext.get_stoplist('English')) if not p.is_boilerplate)
    outs['bs4'] = BeautifulSoup(h, 'html.parser').get_text('\n')
    truth = []
    if args.corrupt:
        s = BeautifulSoup(h, 'html.parser')
        dropped = []
        for t in s.select('article p a, article p em, article p strong'):
            if t.parent.name == 'p' and 'byline' not in (t.parent.get('class') or []):
                dropped.append(t.get_text()); t.decompose()
        art = s.find('article')
        outs['dropper'] = '\n\n'.join(p.get_text(' ', strip=False).strip() for p in art.find_all(['h1', 'p']) if p.get_text(strip=True))
        # A dropped web address (an embedded post's link) is no lost text.
        dropped = [d for d in dropped if not d.startswith(('http', 'pic.twitter.com'))]
        if dropped: truth.append(('dropper', 'splice', dropped))
        t = outs['trafilatura']
        if rng.random() < 0.5 and len(t) > 400:
            at = rng.randrange(len(t) // 3, len(t) - 100)
            while at < len(t) and t[at] != ' ': at += 1
            outs['cut'] = t[:at]
            last_line = t[:at].rstrip().rsplit('\n', 1)[-1].lstrip()
            if not (t[:at].rstrip().endswith(('.', '!', '?', '"'))
                    or last_line.startswith('|')):
                truth.append(('cut', 'truncation', t[at:at+40]))
    write_family(out, made, f, outs, truth)

print(json.dumps(score(out, args.bin), indent=1))
