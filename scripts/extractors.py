"""The HTML article extractors real_pages.py and real_html.py run, each a
function from a page's HTML to text: `extractors(rng)` gives them by name
(`rng` picks html2text's wrap width per page). An extractor whose package
does not import is left out, with a note on stderr.
"""
import sys, warnings
warnings.filterwarnings('ignore')
import logging; logging.disable(logging.CRITICAL)
import trafilatura, html2text, justext
from readability import Document
from bs4 import BeautifulSoup


def extractors(rng):
    EXTRACTORS = {}
    def ext(name):
        def deco(fn):
            EXTRACTORS[name] = fn
            return fn
        return deco


    def soup_text(h):
        s = BeautifulSoup(h, 'html.parser')
        tags = ['h1','h2','h3','p','li','figcaption','td','th','blockquote']
        # a block nested in another selected block (blockquote > p) is emitted once, by the outer one
        return '\n\n'.join(t.get_text(' ', strip=True) for t in s.find_all(tags)
                            if t.get_text(strip=True) and not t.find_parent(tags))

    @ext('trafilatura')
    def _(h): return trafilatura.extract(h) or ''
    @ext('trafilatura-md')
    def _(h): return trafilatura.extract(h, output_format='markdown', include_links=True, include_images=True) or ''
    @ext('trafilatura-recall')
    def _(h): return trafilatura.extract(h, favor_recall=True, include_comments=False) or ''
    @ext('readability')
    def _(h):
        d = Document(h); return d.title() + '\n\n' + soup_text(d.summary())
    @ext('html2text')
    def _(h):
        hh = html2text.HTML2Text(); hh.body_width = rng.choice([0, 78]); return hh.handle(h)
    @ext('justext')
    def _(h): return '\n\n'.join(p.text for p in justext.justext(h.encode(), justext.get_stoplist('English')) if not p.is_boilerplate)
    @ext('bs4')
    def _(h): return BeautifulSoup(h, 'html.parser').get_text('\n')
    try:
        import inscriptis
        @ext('inscriptis')
        def _(h): return inscriptis.get_text(h)
    except Exception as e: print('skip inscriptis', e, file=sys.stderr)
    try:
        import html_text
        @ext('html-text')
        def _(h): return html_text.extract_text(h)
    except Exception as e: print('skip html-text', e, file=sys.stderr)
    try:
        from boilerpy3 import extractors as bp
        @ext('boilerpy3')
        def _(h): return bp.ArticleExtractor(raise_on_failure=False).get_content(h)
    except Exception as e: print('skip boilerpy3', e, file=sys.stderr)
    try:
        import newspaper
        @ext('newspaper4k')
        def _(h):
            a = newspaper.Article('https://example.com/news/story'); a.download(input_html=h); a.parse()
            return (a.title or '') + '\n\n' + (a.text or '')
    except Exception as e: print('skip newspaper', e, file=sys.stderr)
    try:
        from goose3 import Goose
        _goose = Goose()
        @ext('goose3')
        def _(h):
            a = _goose.extract(raw_html=h); return (a.title or '') + '\n\n' + (a.cleaned_text or '')
    except Exception as e: print('skip goose3', e, file=sys.stderr)
    try:
        import markdownify
        @ext('markdownify')
        def _(h):
            s = BeautifulSoup(h, 'html.parser')
            for t in s(['script', 'style', 'head', 'form']): t.decompose()
            return markdownify.markdownify(str(s), heading_style='ATX')
    except Exception as e: print('skip markdownify', e, file=sys.stderr)
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
        @ext('resiliparse')
        def _(h): return extract_plain_text(HTMLTree.parse(h), main_content=True)
    except Exception as e: print('skip resiliparse', e, file=sys.stderr)
    return EXTRACTORS
