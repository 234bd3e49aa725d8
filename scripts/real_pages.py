#!/usr/bin/env python3
"""Audits the outputs of many real HTML extractors on varied news pages.

Each clean article (one per file, first line the headline) becomes a web page
in one of four site layouts (a classic article, nested divisions with the
byline after the picture, BBC-like text blocks, a blog post with a "Posted
on ... by ..." line and a comments section), with a random share of these
parts: breadcrumbs, a cookie notice (top or bottom), a live or "updated"
time line, a standfirst, three byline styles, a bold lead, subheadings, "Read
more:" and "Related:" paragraphs and boxes, a pull quote repeating a sentence
right after its paragraph or one or two paragraphs on, pictures with captions
and credits in three styles (top or mid-article), newsletter and subscription
boxes, advertisement slots, a "Key points:" list, line breaks at a sentence
end and mid-sentence, links whose text runs over a sentence end, a comments
count, an author's biography, a correction note, share buttons, a "Most
read" list and a footer. Every extractor that installs turns the page into
text, one family folder per page: trafilatura (plain, markdown, favouring
recall), readability-lxml, html2text (unwrapped or wrapped at 78), jusText,
BeautifulSoup, inscriptis, html-text, boilerpy3, newspaper4k, goose3,
markdownify and Resiliparse. None of them is corrupted: no error should be
reported on them.

With --corrupt, a `dropper` copy joins each family (the headline and the
article's paragraphs with every inline link and emphasis removed, words and
all), and half the families get a `cut` copy (trafilatura, readability or
inscriptis output cut at a random word). TRUTH names those copies, as in
real_extractors.py; a cut after a full stop, inside a table or after the
article's last paragraph is a trim and not counted. Each folder also keeps
META (layout and parts) and the page as page.html.src. newspaper4k does not
always give the same text for the same page (one page in 150 differed
between two runs here), so a rerun can differ by a copy or so.

    python3 scripts/real_pages.py --from DIR --out OUT --families 150 --seed 2 --corrupt

Needs the extractors (scripts/real-extractors.sh makes a venv under target/
with them and runs this script as well).
"""
import html, json, os, re, sys, warnings
warnings.filterwarnings('ignore')
import logging; logging.disable(logging.CRITICAL)
import trafilatura, html2text, justext
from readability import Document
from bs4 import BeautifulSoup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extractor_harness import articles, score, setup, write_family
args, rng, files = setup(build_flag=True)
src, out, n, seed = args.src, args.out, args.families, args.seed

# ---------------------------------------------------------------- extractors
from extractors import extractors
EXTRACTORS = extractors(rng)

# ---------------------------------------------------------------- page pieces
SITES = ['The Gazette', 'Daily Example', 'City Herald', 'Northern Post', 'Metro Wire']
AUTHORS = ['Jane Doe', 'Tom Field', 'Priya Shah', 'Marcus Lee']
SUBHEADS = ['What happens next?', 'Background', 'Analysis', 'The numbers', 'Reaction',
            'A difficult year', 'Why it matters', "'We will not give up'", 'Looking ahead']
RELATED = ['Markets rally on rate hopes', 'Council approves new budget', 'Five things we learned this week',
           'Rail strike talks collapse', 'How the crisis unfolded', 'Minister defends spending plans']
CAPTIONS = ['Officials speak to reporters outside the building', 'The company unveiled its results on Thursday',
            'Crowds gathered in the city centre', 'The report was published on Monday']
CREDITS = ['Photo: Reuters', 'Getty Images', 'Image source, PA Media', '(AP Photo/John Smith)', 'Credit: EPA']

def split_sents(p):
    return [s for s in re.split(r'(?<=[.!?])\s+(?=[A-Z"\'])', p) if s]

def inline(words, rng, cls='inl'):
    """Wrap 1-3 words of a paragraph in a link/emphasis (real_extractors.py style)."""
    k = rng.randrange(2, len(words) - 5); l = rng.randint(1, 3)
    tag = rng.choice(['a', 'a', 'em', 'strong', 'b', 'i'])
    attr = f' href="/topic/{k}"' if tag == 'a' else ''
    return words[:k] + [f'<{tag} class="{cls}"{attr}>' + ' '.join(words[k:k+l]) + f'</{tag}>'] + words[k+l:]

def span_sentence_end(p, rng):
    """A link whose text runs over a sentence end: '<a>... end. Next</a> words'."""
    words = p.split(' ')
    ends = [i for i, w in enumerate(words[:-3]) if i > 2 and w.endswith('.') and not re.match(r'^[A-Z]\.$|^(Mr|Mrs|Dr|St)\.$', w)]
    if not ends: return None
    i = rng.choice(ends)
    a, b = max(0, i - rng.randint(1, 3)), i + 1 + rng.randint(1, 2)
    return ' '.join(words[:a] + [f'<a class="inl" href="/story/{i}">' + ' '.join(words[a:b]) + '</a>'] + words[b:])

def figure(rng, style):
    cap, cred = rng.choice(CAPTIONS), rng.choice(CREDITS)
    if style == 0:
        return f'<figure><img src="/img/{rng.randrange(99)}.jpg" alt="{cap}"><figcaption>{cap}. {cred}</figcaption></figure>'
    if style == 1:   # BBC-like: credit first, caption spans
        return (f'<figure><div class="img"><img src="/i.jpg" alt=""><span class="credit">{cred}</span></div>'
                f'<figcaption><span class="visually-hidden">Image caption, </span>{cap}</figcaption></figure>')
    return (f'<div class="image-block"><img src="/i.jpg"><p class="caption">{cap} <span class="credit">({cred})</span></p></div>')

def newsletter(rng):
    return rng.choice([
        '<div class="newsletter"><h3>Sign up for our morning briefing</h3><p>Get the day\'s top stories in your inbox every weekday.</p>'
        '<form><input type="email" placeholder="Your email address"><button>Sign up</button></form>'
        '<p class="small">By signing up you agree to our <a href="/privacy">privacy policy</a>.</p></div>',
        '<aside class="promo"><p><strong>Newsletter:</strong> The best of our journalism, delivered to you. <a href="/newsletters">Sign up here</a></p></aside>',
        '<div class="inline-signup"><p>Enjoying this article? Subscribe for unlimited access</p><a class="btn" href="/subscribe">Subscribe now</a></div>'])

def ad(rng):
    return rng.choice(['<div class="ad-slot"><span>Advertisement</span></div>',
                       '<div class="advert">ADVERTISEMENT</div>',
                       '<div class="ad"><p>Story continues below advertisement</p></div>',
                       '<aside class="ad"><div>Sponsored</div><a href="/ad">Compare the best broadband deals</a></aside>'])

def page(title, paras, rng):
    site = rng.choice(SITES)
    tpl = rng.randrange(4)
    F = {f for f in ['breadcrumb', 'cookie', 'timestamp', 'boldlead', 'subheads', 'readmore', 'related',
                      'pullquote', 'fig_top', 'fig_mid', 'newsletter', 'ads', 'list', 'br', 'br_mid',
                      'spanlink', 'comments', 'bio', 'correction', 'share', 'standfirst']
         if rng.random() < 0.45}
    author = rng.choice(AUTHORS)
    body = []          # list of html strings inside the article
    n = len(paras)
    sub_at = set(rng.sample(range(2, n), min(2, max(0, n - 2)))) if 'subheads' in F and n > 3 else set()
    rm_at = rng.randrange(1, n) if 'readmore' in F and n > 2 else -1
    rel_at = rng.randrange(1, n) if 'related' in F and n > 2 else -1
    pq_at = rng.randrange(1, n) if 'pullquote' in F and n > 2 else -1
    fig_at = rng.randrange(1, n) if 'fig_mid' in F and n > 2 else -1
    nl_at = rng.randrange(2, n) if 'newsletter' in F and n > 3 else -1
    ad_at = set(rng.sample(range(1, n), min(2, n - 1))) if 'ads' in F and n > 2 else set()
    list_at = rng.randrange(1, n) if 'list' in F and n > 2 else -1
    br_at = rng.randrange(0, n) if 'br' in F else -1
    brm_at = rng.randrange(0, n) if 'br_mid' in F else -1
    span_at = rng.randrange(0, n) if 'spanlink' in F else -1
    pq_sent = None; pq_pending = []   # (paragraph index at which to emit, html)
    pq_delay = rng.choice([0, 0, 1, 2])
    meta_pq_delay = pq_delay
    for i, p in enumerate(paras):
        if i in sub_at:
            hd = rng.choice(SUBHEADS)
            body.append(f'<h2>{hd}</h2>' if tpl != 2 else f'<h3 class="crosshead">{hd}</h3>')
        if i == list_at and len(split_sents(p)) >= 3:
            sents = split_sents(p)
            body.append('<p>Key points:</p><ul>' + ''.join(f'<li>{s}</li>' for s in sents) + '</ul>')
            continue
        if i == 0 and 'boldlead' in F:
            body.append(f'<p class="lead"><strong>{p}</strong></p>'); continue
        q = None
        if i == span_at: q = span_sentence_end(p, rng)
        if q is None:
            words = p.split(' ')
            if len(words) > 12 and rng.random() < 0.45: words = inline(words, rng)
            q = ' '.join(words)
        if i == br_at:
            q = re.sub(r'([.!?]) (?=[A-Z])', r'\1<br>', q, count=1)
        if i == brm_at:
            ws = q.split(' ')
            if len(ws) > 20 and '<' not in ' '.join(ws[8:12]): q = ' '.join(ws[:10]) + '<br>\n' + ' '.join(ws[10:])
        body.append(f'<p class="body">{q}</p>')
        if i == pq_at:
            ss = [s for s in split_sents(p) if 8 <= len(s.split()) <= 30]
            if ss:
                pq_sent = rng.choice(ss)
                pq_pending.append(rng.choice([f'<blockquote class="pullquote"><p>{pq_sent}</p></blockquote>',
                                        f'<aside class="pull-quote"><q>{pq_sent}</q></aside>',
                                        f'<figure class="quote"><blockquote>{pq_sent}</blockquote><figcaption>{author}</figcaption></figure>']))
                pq_at = i + pq_delay
        if i == pq_at and pq_pending:
            body.append(pq_pending.pop())
        if i == rm_at:
            body.append(rng.choice([f'<p><strong>Read more:</strong> <a href="/news/9">{rng.choice(RELATED)}</a></p>',
                                    f'<p>READ MORE: <a href="/news/8">{rng.choice(RELATED)}</a></p>',
                                    f'<p class="readmore">Read more: <a href="/n/1">{rng.choice(RELATED)}</a> | <a href="/n/2">{rng.choice(RELATED)}</a></p>']))
        if i == rel_at:
            body.append(rng.choice([f'<div class="related-inline"><h4>Related</h4><ul><li><a href="/r/1">{rng.choice(RELATED)}</a></li><li><a href="/r/2">{rng.choice(RELATED)}</a></li></ul></div>',
                                    f'<p><em>Related: <a href="/r/3">{rng.choice(RELATED)}</a></em></p>']))
        if i == fig_at: body.append(figure(rng, rng.randrange(3)))
        if i == nl_at: body.append(newsletter(rng))
        if i in ad_at: body.append(ad(rng))
    if pq_pending: body.append(pq_pending.pop())   # delay ran past the last paragraph
    nav = ''.join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ['Home','News','World','Business','Politics','Sport','Culture'])
    crumbs = ('<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
              '<li><a href="/news/business">Business</a></li></ol></nav>') if 'breadcrumb' in F else ''
    cookie = ('<div id="cookie-banner" class="cookie"><p>We use cookies to give you the best experience. By continuing to use this site you agree to our use of cookies.</p>'
              '<button>Accept all</button> <button>Manage preferences</button></div>') if 'cookie' in F else ''
    ts = rng.choice(['<p class="updated">Updated 12 minutes ago</p>', '<div class="live">Last updated: 4 May 2024, 14:32 BST</div>',
                     '<span class="ts">Published 3 May 2024 &middot; Updated 5 May 2024</span>']) if 'timestamp' in F else ''
    standfirst = f'<p class="standfirst">{rng.choice(["The latest figures surprised analysts", "Officials say the plan will go ahead", "It is the first change in a decade"])}</p>' if 'standfirst' in F else ''
    byline = rng.choice([f'<p class="byline">By <a href="/authors/x">{author}</a>, Staff writer</p>',
                         f'<div class="byline"><span>By</span> <a rel="author" href="/a">{author}</a><span>Business reporter</span></div>',
                         f'<address class="author">{author}</address>'])
    time = '<time datetime="2024-05-03">3 May 2024</time>'
    comments = f'<a class="comments" href="#comments">{rng.randint(3, 900)} comments</a>' if 'comments' in F else ''
    figtop = figure(rng, rng.randrange(3)) if 'fig_top' in F else ''
    share = rng.choice(['<div class="share">Share this article <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>',
                        '<ul class="share"><li><a>Share on Facebook</a></li><li><a>Share on X</a></li><li><a>Copy link</a></li></ul>']) if 'share' in F else ''
    bio = (f'<div class="author-bio"><img src="/a.jpg"><p><strong>{author}</strong> is a reporter at {site}. '
           f'Previously covered politics and the economy for regional papers.</p><a href="/a/x">Follow {author}</a></div>') if 'bio' in F else ''
    corr = rng.choice(['<p class="correction"><em>This article was amended on 4 May 2024 to correct the spelling of a name.</em></p>',
                       '<div class="footnote"><p>* An earlier version of this article misstated the date of the meeting. It has been corrected.</p></div>']) if 'correction' in F else ''
    related_aside = ('<aside><h2>Most read</h2><ol>' + ''.join(f'<li><a href="/m/{i}">{r}</a></li>' for i, r in enumerate(rng.sample(RELATED, 4))) + '</ol></aside>')
    footer = f'<footer><p>&copy; 2024 {site}. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a> <a href="/contact">Contact us</a></footer>'
    head = f'<head><meta charset="utf-8"><title>{title} | {site}</title><meta name="description" content="{title}"></head>'
    article_body = ''.join(body)
    if tpl == 0:    # classic newspaper
        main = (f'<main><article><h1>{title}</h1>{standfirst}{byline}{time}{ts}{comments}{figtop}'
                f'{article_body}{corr}{share}{bio}</article>{related_aside}</main>')
    elif tpl == 1:  # div soup, header info after figure
        main = (f'<div id="content"><div class="article-header"><h1 class="headline">{title}</h1>{standfirst}</div>{figtop}'
                f'<div class="meta">{byline}{time}{ts}{comments}</div><div class="article-body" itemprop="articleBody">{article_body}</div>'
                f'{corr}{bio}{share}</div><div class="sidebar">{related_aside}</div>')
    elif tpl == 2:  # BBC-like sections
        main = (f'<main id="main-content"><article><header><h1 id="main-heading">{title}</h1></header>{ts}{time}{figtop}{byline}'
                + ''.join(f'<div data-component="text-block">{b}</div>' for b in body) +
                f'{corr}{share}</article><section>{related_aside}</section></main>{bio}')
    else:           # blog / magazine
        main = (f'<div class="wrap"><article class="post"><header class="entry-header"><h1 class="entry-title">{title}</h1>'
                f'<div class="entry-meta">Posted on {time} by {author} &mdash; {comments}</div></header>{standfirst}'
                f'<div class="entry-content">{figtop}{article_body}{corr}</div><footer class="entry-footer">{share}{bio}</footer></article>'
                f'<div id="comments"><h2>Leave a comment</h2><p>You must be logged in to post a comment.</p></div></div>{related_aside}')
    hdr = f'<header class="site-header"><a href="/" class="logo">{site}</a><nav><ul>{nav}</ul></nav></header>'
    cookie_top = rng.random() < 0.5
    doc = (f'<!DOCTYPE html><html>{head}<body>{cookie if cookie_top else ""}{hdr}{crumbs}\n{main}\n{footer}'
           f'{"" if cookie_top else cookie}</body></html>')
    return doc, {'template': tpl, 'site': site, 'features': sorted(F), 'pullquote': pq_sent, 'pq_delay': meta_pq_delay}

# ---------------------------------------------------------------- build
if not args.no_build:
    for made, (f, title, paras) in enumerate(articles(files, n)):
        h, meta = page(html.escape(title, quote=False), [html.escape(p, quote=False) for p in paras], rng)
        outs = {}
        for k, fn in EXTRACTORS.items():
            try: outs[k] = fn(h) or ''
            except Exception as e:
                print(f'{k} failed on {f}: {e!r}', file=sys.stderr); outs[k] = ''
        truth = []
        if args.corrupt:
            s = BeautifulSoup(h, 'html.parser')
            dropped = []
            for t in s.select('.inl'):
                dropped.append(t.get_text()); t.decompose()
            h1 = s.find('h1').get_text(' ', strip=True)
            outs['dropper'] = h1 + '\n\n' + '\n\n'.join(p.get_text(' ', strip=False).strip()
                                                        for p in s.select('p.body, p.lead') if p.get_text(strip=True))
            if dropped: truth.append(('dropper', 'splice', dropped))
            if rng.random() < 0.5:
                srcname = rng.choice(['trafilatura', 'readability', 'inscriptis'])
                t = outs[srcname].strip()
                if len(t) > 400:
                    at = rng.randrange(len(t) // 3, len(t) - 100)
                    while at < len(t) and t[at] != ' ': at += 1
                    outs['cut'] = t[:at]
                    meta['cut_from'] = srcname
                    last_line = t[:at].rstrip().rsplit('\n', 1)[-1].lstrip()
                    # The last words of the article before the cut: it falls
                    # in the page's furniture after the article.
                    last_words = ' '.join(html.unescape(paras[-1]).split()[-6:])
                    if not (t[:at].rstrip().endswith(('.', '!', '?', '"'))
                            or last_line.startswith('|')
                            or last_words in ' '.join(t[:at].split())):
                        truth.append(('cut', 'truncation', t[at:at+40]))
        write_family(out, made, f, outs, truth, {'META': json.dumps(meta), 'page.html.src': h})

# ---------------------------------------------------------------- audit + score
print(json.dumps(score(out, args.bin, {'extractors': list(EXTRACTORS)}), indent=1))
