//! The `extractors` profile: the copies of a family are what different HTML
//! article extractors make of one web page.
//!
//! A [`Page`] holds what the page shows around the article text: a byline and
//! a date, images with captions, links and bold phrases inside paragraphs, an
//! embedded social post, sometimes a small table, navigation, share links and
//! a footer. Each copy renders that page the way one kind of extractor does:
//!
//! - plain (trafilatura, newspaper): the title line (not always) and the
//!   paragraphs separated by blank lines, a social post or a table flattened
//!   to ` | `-separated rows when the page has one;
//! - readability: paragraphs on single lines, often with a byline line, image
//!   captions and social posts as lines of their own, a table one cell per
//!   line;
//! - markdown: a dump of the whole page, from the navigation to the copyright
//!   footer, with image lines, link and bold markup inside the paragraphs;
//! - one line: the text (sometimes after the title) on a single line;
//! - block text (boilerpipe-like): paragraphs on single lines, short
//!   paragraphs of whole sentences left out, sometimes the date line and a
//!   related-article link;
//! - teaser: the title and the first paragraph cut at a word boundary, ended
//!   with an ellipsis.
//!
//! Copies agree on every word of the article text they carry: they differ in
//! layout, in the page lines they keep and, for some, in quote and dash style.
//! The teaser stops on purpose, yet it is recorded as a truncation (at the
//! cut, before the ellipsis; its repair replaces the ellipsis by the rest of
//! the article). Corruptions are those extractors make: the text of a link or
//! bold phrase lost mid-sentence (a splice: `approved , which` with the
//! punctuation after the phrase left behind, `thewith` with the spaces around
//! it lost, or `approved which` with the phrase and the space after it gone),
//! or a copy cut short mid-sentence (a truncation; the markdown copy keeps its
//! page footer after the cut).

use std::collections::HashSet;
use std::ops::Range;

use super::{
    AGENCIES, AUTHORS, Article, Attested, CLOSERS, Config, Corruption, CorruptionKind, MONTHS,
    OUTLETS, RPara, RSentence, Rendered, Rng, Role, SentenceId, SynthFile, TruthDocument,
    apply_edit, corruption, distractors, entry, kind_order, slug, style_word, truncate_where,
};

/// Fewest copies per family (unless `--max-copies` is lower).
const MIN_COPIES: usize = 3;
/// Most copies per family: one per extractor.
const MAX_COPIES: usize = 5;
/// Share of families with a teaser copy (when truncations are drawn).
const TEASER_SHARE: f64 = 0.35;
/// Paragraphs shorter than this many words are left out by block text.
const SHORT_BLOCK: usize = 12;

/// The kind of extractor a copy comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Extractor {
    Plain,
    Readability,
    Markdown,
    OneLine,
    Blocks,
    Teaser,
}

/// The extractors that keep the whole article text.
const FULL: [Extractor; 5] = [
    Extractor::Plain,
    Extractor::Readability,
    Extractor::Markdown,
    Extractor::OneLine,
    Extractor::Blocks,
];

const SECTIONS: &[&str] = &["news", "world", "business", "politics", "local"];
const NAVIGATION: &[(&str, &str)] = &[
    ("Home", ""),
    ("News", "news"),
    ("World", "world"),
    ("Business", "business"),
    ("Politics", "politics"),
    ("Sport", "sport"),
];
const SCENES: &[&str] = &[
    "A resident walks past the flooded square",
    "Officials speak to reporters outside the building",
    "Campaigners gathered outside the meeting on Monday",
    "The site pictured earlier this year",
    "Visitors queue at the entrance",
    "An aerial view of the area",
    "Workers at the scene on Tuesday",
    "Supporters react to the announcement",
];
const POSTS: &[&str] = &[
    "Huge turnout here tonight, the room is packed.",
    "Statement just released, more to follow.",
    "A big day for everyone who campaigned for this.",
    "Watch the moment the result was announced.",
    "Still waiting for answers after all this time.",
];
const TABLE_LABELS: &[&str] = &["Total", "North", "South", "East", "West", "Central"];
/// Words a link does not end on (nor start on, but for an article).
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "for", "at", "by", "with",
    "from", "as", "is", "was", "are", "were", "be", "that", "which", "who", "it", "its", "his",
    "her", "their", "has", "have", "had", "not",
];

/// A phrase of a sentence marked up on the page: a link, or bold text.
#[derive(Clone, Debug)]
struct Inline {
    sentence: SentenceId,
    /// First and last word of the phrase (indices into the sentence's
    /// words); punctuation after the last word is outside the markup.
    first: usize,
    last: usize,
    /// The link target; `None` for bold text.
    url: Option<String>,
}

#[derive(Clone, Debug)]
struct Image {
    /// The image stands before this paragraph.
    before: usize,
    alt: &'static str,
    credit: String,
    url: String,
}

/// An embedded social post.
#[derive(Clone, Debug)]
struct Post {
    /// The post stands after this paragraph (never the last).
    after: usize,
    text: &'static str,
    id: String,
    name: &'static str,
    handle: String,
    date: String,
}

#[derive(Clone, Debug)]
struct Table {
    /// The table stands after this paragraph (never the last).
    after: usize,
    /// The header row first.
    rows: Vec<Vec<String>>,
}

/// The web page the extractors read: the article and what stands around it.
#[derive(Clone, Debug)]
struct Page {
    outlet: &'static str,
    domain: String,
    section: &'static str,
    author: &'static str,
    date: String,
    curly: bool,
    dash: &'static str,
    images: Vec<Image>,
    inlines: Vec<Inline>,
    post: Option<Post>,
    table: Option<Table>,
    related: Vec<String>,
}

impl Page {
    fn new(rng: &mut Rng, article: &Article, titles: &[&str]) -> Page {
        let outlet = *rng.pick(OUTLETS);
        let domain = format!("www.{}.com", slug(outlet).replace('-', ""));
        let section = *rng.pick(SECTIONS);
        let author = *rng.pick(AUTHORS);
        let agency = *rng.pick(AGENCIES);
        let (day, month) = (rng.range(1, 28), rng.below(12));
        let curly = rng.chance(0.6);
        let dash = *rng.pick(&["\u{2014}", "\u{2013}", "--"]);
        let p = article.paragraphs.len();
        let images = (0..rng.range(0, 2))
            .map(|_| Image {
                before: rng.below(p),
                alt: SCENES[rng.below(SCENES.len())],
                credit: match rng.below(3) {
                    0 => format!("Photo: {author}/{agency}"),
                    1 => format!("Photograph: {agency}"),
                    _ => format!("Image: {agency}"),
                },
                url: format!("https://{domain}/images/{}.jpg", random_id(rng, 12)),
            })
            .collect::<Vec<_>>();
        let post = (p >= 2 && rng.chance(0.4)).then(|| {
            let name = *rng.pick(AUTHORS);
            Post {
                after: rng.below(p - 1),
                text: POSTS[rng.below(POSTS.len())],
                id: random_id(rng, 10),
                name,
                handle: handle(name),
                date: format!("{} {}, 2024", MONTHS[rng.below(12)], rng.range(1, 28)),
            }
        });
        let table = (p >= 2 && rng.chance(0.2)).then(|| Table {
            after: rng.below(p - 1),
            rows: table_rows(rng),
        });
        let inlines = choose_inlines(rng, article, &domain, section);
        let others: Vec<&str> = titles
            .iter()
            .copied()
            .filter(|t| *t != article.title)
            .collect();
        let related = if others.is_empty() {
            Vec::new()
        } else {
            (0..rng.range(1, 3))
                .map(|_| rng.pick(&others).to_string())
                .collect()
        };
        let mut images = images;
        images.sort_by_key(|i| i.before);
        Page {
            outlet,
            domain,
            section,
            author,
            date: format!("{day} {} 2024", MONTHS[month]),
            curly,
            dash,
            images,
            inlines,
            post,
            table,
            related,
        }
    }

    fn inline_in(&self, sentence: SentenceId) -> Option<&Inline> {
        self.inlines.iter().find(|x| x.sentence == sentence)
    }
}

/// `n` random letters and digits.
fn random_id(rng: &mut Rng, n: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    (0..n).map(|_| char::from(*rng.pick(ALPHABET))).collect()
}

/// A social media handle from a name: `Jane Doe` gives `jdoe`.
fn handle(name: &str) -> String {
    let mut words = name.split(' ');
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.next_back().unwrap_or("");
    first
        .into_iter()
        .chain(last.chars())
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A header row and two to four rows of figures.
fn table_rows(rng: &mut Rng) -> Vec<Vec<String>> {
    let year = rng.range(2019, 2023);
    let mut rows = vec![vec![
        "Area".to_string(),
        year.to_string(),
        (year + 1).to_string(),
    ]];
    let mut labels = TABLE_LABELS.to_vec();
    rng.shuffle(&mut labels);
    for label in labels.into_iter().take(rng.range(2, 4)) {
        let mut row = vec![label.to_string()];
        for _ in 0..2 {
            row.push(thousands(rng.range(120, 48_000)));
        }
        rows.push(row);
    }
    rows
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    if n >= 1000 {
        format!("{},{:03}", n / 1000, n % 1000)
    } else {
        n.to_string()
    }
}

/// A word a link or bold phrase may hold: letters and digits, with inner
/// hyphens or apostrophes.
fn plain_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphanumeric)
        && word.chars().last().is_some_and(char::is_alphanumeric)
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '\u{2019}'))
}

/// Links (two to six) and sometimes one bold phrase, at most one per
/// sentence, each of one to five words, never at the start of a sentence and
/// always followed by a word of it.
fn choose_inlines(rng: &mut Rng, article: &Article, domain: &str, section: &str) -> Vec<Inline> {
    let mut sentences: Vec<SentenceId> = article
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| {
            p.iter()
                .enumerate()
                .filter(|(_, s)| s.split(' ').count() >= 6)
                .map(move |(si, _)| (pi, si))
        })
        .collect();
    rng.shuffle(&mut sentences);
    let links = rng.range(2, 6);
    let wanted = links + usize::from(rng.chance(0.5));
    let mut out = Vec::new();
    for id in sentences {
        if out.len() == wanted {
            break;
        }
        let words: Vec<&str> = article.paragraphs[id.0][id.1].split(' ').collect();
        let n = words.len();
        let punctuated: Vec<usize> = (1..n - 1)
            .filter(|&k| words[k].ends_with([',', ';', ':']))
            .collect();
        for _ in 0..8 {
            let last = if !punctuated.is_empty() && rng.chance(0.4) {
                *rng.pick(&punctuated)
            } else {
                rng.range(1, n - 2)
            };
            let first = last + 1 - rng.range(1, 5.min(last));
            let stem = words[last]
                .strip_suffix([',', ';', ':'])
                .unwrap_or(words[last]);
            let function = |w: &str| FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w));
            let article = |w: &str| ["a", "an", "the"].iter().any(|f| f.eq_ignore_ascii_case(w));
            if !plain_word(stem)
                || !words[first..last].iter().all(|w| plain_word(w))
                || function(stem)
                || (function(words[first]) && !article(words[first]))
            {
                continue;
            }
            let url = (out.len() < links).then(|| {
                let text = [&words[first..last], &[stem]].concat().join(" ");
                format!(
                    "https://{domain}/{section}/{}-{}",
                    slug(&text),
                    rng.range(10_000, 99_999)
                )
            });
            out.push(Inline {
                sentence: id,
                first,
                last,
                url,
            });
            break;
        }
    }
    out
}

/// What one copy keeps of the page, and in which style.
#[derive(Clone, Debug)]
struct Layout {
    extractor: Extractor,
    curly: bool,
    dash: &'static str,
    title: bool,
    byline: bool,
    captions: bool,
    post: bool,
    table: bool,
    related: bool,
}

fn layout(rng: &mut Rng, page: &Page, extractor: Extractor) -> Layout {
    use Extractor::*;
    // Some text extractors fold typographic quotes and dashes to ASCII.
    let ascii = matches!(extractor, Plain | OneLine | Blocks) && rng.chance(0.15);
    let (curly, dash) = if ascii {
        (false, "--")
    } else {
        (page.curly, page.dash)
    };
    let mut take = |p: f64| rng.chance(p);
    let (title, byline, captions, post, table, related) = match extractor {
        Plain => (take(0.7), false, false, take(0.5), take(0.8), false),
        Readability => (take(0.5), take(0.6), take(0.6), take(0.8), take(0.8), false),
        Markdown => (true, true, take(0.5), true, true, take(0.5)),
        OneLine => (take(0.3), false, false, false, false, false),
        Blocks => (take(0.2), take(0.5), false, take(0.3), false, take(0.5)),
        Teaser => (true, false, false, false, false, false),
    };
    Layout {
        extractor,
        curly,
        dash,
        title,
        byline,
        captions,
        post,
        table,
        related,
    }
}

/// A rendered copy and the byte ranges of its inline markup (where a cut
/// must not fall).
#[derive(Clone, Debug)]
struct Extract {
    r: Rendered,
    markup: Vec<Range<usize>>,
}

impl Extract {
    fn outside_markup(&self, at: usize) -> bool {
        self.markup.iter().all(|m| at <= m.start || at >= m.end)
    }
}

fn render(article: &Article, page: &Page, layout: &Layout) -> Extract {
    let mut w = Writer {
        article,
        page,
        layout,
        out: String::new(),
        paras: Vec::new(),
        markup: Vec::new(),
    };
    match layout.extractor {
        Extractor::Plain | Extractor::Teaser => w.plain(),
        Extractor::Readability => w.readability(),
        Extractor::Markdown => w.markdown(),
        Extractor::OneLine => w.one_line(),
        Extractor::Blocks => w.blocks(),
    }
    let body = match (w.paras.first(), w.paras.last()) {
        (Some(first), Some(last)) => first.range.start..last.range.end,
        _ => 0..0,
    };
    Extract {
        r: Rendered {
            bytes: w.out.into_bytes(),
            body,
            paras: w.paras,
            ad_after: None,
        },
        markup: w.markup,
    }
}

/// Writes one copy, recording where its paragraphs, sentences and words are.
struct Writer<'a> {
    article: &'a Article,
    page: &'a Page,
    layout: &'a Layout,
    out: String,
    paras: Vec<RPara>,
    markup: Vec<Range<usize>>,
}

impl<'a> Writer<'a> {
    /// Text in the copy's quote and dash style.
    fn styled(&self, text: &str) -> String {
        text.split_whitespace()
            .map(|w| style_word(w, self.layout.curly, self.layout.dash))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn styled_line(&mut self, text: &str) {
        let text = self.styled(text);
        self.line(&text);
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    /// Writes paragraph `pi` on one line, without a line break after it; with
    /// `markup`, links and bold phrases are marked up as markdown.
    fn paragraph(&mut self, pi: usize, markup: bool) {
        let (curly, dash) = (self.layout.curly, self.layout.dash);
        let start = self.out.len();
        let mut sentences = Vec::new();
        for (si, sentence) in self.article.paragraphs[pi].iter().enumerate() {
            let inline = self
                .page
                .inline_in((pi, si))
                .filter(|_| markup)
                .map(|x| (x.first, x.last, x.url.clone()));
            let mut opened = 0;
            let mut words = Vec::new();
            for (k, word) in sentence.split(' ').enumerate() {
                if si > 0 || k > 0 {
                    self.out.push(' ');
                }
                let word = style_word(word, curly, dash);
                let mut stem = word.as_str();
                if let Some((first, last, url)) = &inline {
                    if k == *first {
                        opened = self.out.len();
                        self.out.push_str(if url.is_some() { "[" } else { "**" });
                    }
                    if k == *last {
                        stem = word.trim_end_matches([',', ';', ':']);
                    }
                }
                let at = self.out.len();
                self.out.push_str(stem);
                if let Some((_, last, url)) = &inline
                    && k == *last
                {
                    match url {
                        Some(url) => {
                            self.out.push_str("](");
                            self.out.push_str(url);
                            self.out.push(')');
                        }
                        None => self.out.push_str("**"),
                    }
                    self.markup.push(opened..self.out.len());
                    self.out.push_str(&word[stem.len()..]);
                }
                words.push(at..self.out.len());
            }
            sentences.push(RSentence {
                id: (pi, si),
                words,
            });
        }
        self.paras.push(RPara {
            range: start..self.out.len(),
            sentences,
        });
    }

    fn has_post_after(&self, pi: usize) -> bool {
        self.layout.post && self.page.post.as_ref().is_some_and(|p| p.after == pi)
    }

    fn table_after(&self, pi: usize) -> Option<&'a Table> {
        self.page
            .table
            .as_ref()
            .filter(|t| self.layout.table && t.after == pi)
    }

    /// The post's text with its link and attribution, on one line.
    fn post_line(&self) -> String {
        let Some(p) = &self.page.post else {
            return String::new();
        };
        self.styled(&format!(
            "{} pic.twitter.com/{} \u{2014} {} (@{}) {}",
            p.text, p.id, p.name, p.handle, p.date
        ))
    }

    fn caption(&self, image: &Image) -> String {
        self.styled(&format!("{}. {}", image.alt, image.credit))
    }

    fn plain(&mut self) {
        let article = self.article;
        if self.layout.title {
            self.styled_line(&article.title);
            self.blank();
        }
        for pi in 0..self.article.paragraphs.len() {
            if pi > 0 {
                self.out.push_str("\n\n");
            }
            self.paragraph(pi, false);
            if self.has_post_after(pi) {
                let post = self.post_line();
                self.out.push_str("\n\n");
                self.out.push_str(&post);
            }
            if let Some(table) = self.table_after(pi) {
                let rows: Vec<String> = table.rows.iter().map(|r| r.join(" | ")).collect();
                self.out.push_str("\n\n");
                self.out.push_str(&rows.join("\n"));
            }
        }
        self.blank();
    }

    fn readability(&mut self) {
        let article = self.article;
        if self.layout.title {
            self.styled_line(&article.title);
        }
        if self.layout.byline {
            self.line(&format!("By {}", self.page.author));
        }
        for pi in 0..self.article.paragraphs.len() {
            if self.layout.captions {
                let captions: Vec<String> = self
                    .page
                    .images
                    .iter()
                    .filter(|i| i.before == pi)
                    .map(|i| self.caption(i))
                    .collect();
                for caption in captions {
                    self.line(&caption);
                }
            }
            self.paragraph(pi, false);
            self.blank();
            if self.has_post_after(pi) {
                let post = self.post_line();
                self.line(&post);
            }
            if let Some(table) = self.table_after(pi) {
                let cells: Vec<String> = table.rows.iter().flatten().cloned().collect();
                for cell in cells {
                    self.line(&cell);
                }
            }
        }
    }

    fn markdown(&mut self) {
        let page = self.page;
        let domain = &page.domain;
        self.line("[Skip to content](#main)");
        self.blank();
        for (name, path) in NAVIGATION {
            self.line(&format!("* [{name}](https://{domain}/{path})"));
        }
        self.blank();
        let title = self.styled(&self.article.title);
        self.line(&format!("# {title}"));
        self.blank();
        self.line(&format!(
            "By [{}](https://{domain}/authors/{})",
            page.author,
            slug(page.author)
        ));
        self.line(&format!("Published {}", page.date));
        self.blank();
        for pi in 0..self.article.paragraphs.len() {
            for image in page.images.iter().filter(|i| i.before == pi) {
                self.line(&format!("![{}]({})", image.alt, image.url));
                if self.layout.captions {
                    let caption = self.caption(image);
                    self.line(&format!("*{caption}*"));
                }
                self.blank();
            }
            self.paragraph(pi, true);
            self.out.push_str("\n\n");
            if let (true, Some(post)) = (self.has_post_after(pi), &page.post) {
                let text = self.styled(&format!("{} pic.twitter.com/{}", post.text, post.id));
                let by = self.styled(&format!(
                    "\u{2014} {} (@{}) {}",
                    post.name, post.handle, post.date
                ));
                self.line(&format!("> {text}"));
                self.line(">");
                self.line(&format!("> {by}"));
                self.blank();
            }
            if let Some(table) = self.table_after(pi) {
                let rows: Vec<String> = table
                    .rows
                    .iter()
                    .map(|r| format!("| {} |", r.join(" | ")))
                    .collect();
                let rule = format!("|{}", " --- |".repeat(table.rows[0].len()));
                self.line(&rows[0]);
                self.line(&rule);
                for row in &rows[1..] {
                    self.line(row);
                }
                self.blank();
            }
        }
        let url = format!(
            "https://{domain}/{}/{}",
            page.section,
            slug(&self.article.title)
        );
        self.line("## Share this page");
        self.blank();
        self.line(&format!(
            "* [Facebook](https://www.facebook.com/sharer/sharer.php?u={url})"
        ));
        self.line(&format!(
            "* [Twitter](https://twitter.com/intent/tweet?url={url})"
        ));
        self.line(&format!(
            "* [Email](mailto:?subject=Shared%20article&body={url})"
        ));
        self.blank();
        if self.layout.related && !page.related.is_empty() {
            self.line("## Related");
            self.blank();
            for title in &page.related {
                let text = self.styled(title);
                self.line(&format!(
                    "* [{text}](https://{domain}/news/{})",
                    slug(title)
                ));
            }
            self.blank();
        }
        self.line(&format!(
            "\u{a9} 2024 {}. All rights reserved.",
            page.outlet
        ));
    }

    fn one_line(&mut self) {
        if self.layout.title {
            let title = self.styled(&self.article.title);
            self.out.push_str(&title);
            self.out.push(' ');
        }
        for pi in 0..self.article.paragraphs.len() {
            if pi > 0 {
                self.out.push(' ');
            }
            self.paragraph(pi, false);
        }
        self.blank();
    }

    fn blocks(&mut self) {
        let (article, page) = (self.article, self.page);
        if self.layout.title {
            self.styled_line(&article.title);
        }
        if self.layout.byline {
            self.line(&page.date);
        }
        let paragraphs = &article.paragraphs;
        // A short paragraph is left out only when it is made of whole
        // sentences (it and the paragraph before it end a sentence), so that
        // leaving it out is a trim, not a loss mid-sentence.
        let ends_sentence = |pi: usize| {
            paragraphs[pi]
                .last()
                .is_some_and(|s| s.trim_end_matches(CLOSERS).ends_with(['.', '!', '?']))
        };
        let dropped = |pi: usize| {
            paragraphs[pi]
                .iter()
                .map(|s| s.split(' ').count())
                .sum::<usize>()
                < SHORT_BLOCK
                && ends_sentence(pi)
                && (pi == 0 || ends_sentence(pi - 1))
        };
        let long: Vec<usize> = (0..paragraphs.len()).filter(|&pi| !dropped(pi)).collect();
        let kept = if long.len() >= 2 {
            long
        } else {
            (0..paragraphs.len()).collect()
        };
        for pi in kept {
            self.paragraph(pi, false);
            self.blank();
            if self.has_post_after(pi) {
                let post = self.post_line();
                self.line(&post);
            }
        }
        if self.layout.related
            && let Some(title) = self.page.related.first()
        {
            let text = self.styled(&format!("Related: {title}"));
            self.line(&text);
        }
    }
}

// ---------------------------------------------------------------------------
// Families

pub(super) fn build_family(
    name: &str,
    base_index: usize,
    articles: &[Article],
    config: &Config,
    rng: &mut Rng,
) -> Vec<(SynthFile, TruthDocument)> {
    let base = &articles[base_index];
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    let page = Page::new(rng, base, &titles);
    let hi = config.max_copies.min(MAX_COPIES);
    let n = rng.range(config.min_copies.max(MIN_COPIES).min(hi), hi);
    let kinds: Vec<CorruptionKind> = config
        .kinds
        .iter()
        .copied()
        .filter(|k| matches!(k, CorruptionKind::Splice | CorruptionKind::Truncation))
        .collect();
    let teaser = n >= 3
        && kinds.contains(&CorruptionKind::Truncation)
        && base.paragraphs[0]
            .iter()
            .map(|s| s.split(' ').count())
            .sum::<usize>()
            >= 8
        && rng.chance(TEASER_SHARE);
    let mut extractors = FULL.to_vec();
    rng.shuffle(&mut extractors);
    extractors.truncate(n - usize::from(teaser));
    if teaser {
        extractors.push(Extractor::Teaser);
        rng.shuffle(&mut extractors);
    }
    let layouts: Vec<Layout> = extractors.iter().map(|&e| layout(rng, &page, e)).collect();
    let copies: Vec<Extract> = layouts.iter().map(|l| render(base, &page, l)).collect();

    let mut results: Vec<Option<(Vec<u8>, Corruption)>> = vec![None; n];
    for (i, copy) in copies.iter().enumerate() {
        if extractors[i] == Extractor::Teaser {
            results[i] = cut_teaser(&copy.r, rng);
        }
    }
    if rng.chance(config.corrupt_share) {
        let present: Vec<HashSet<SentenceId>> = copies.iter().map(|c| c.r.sentence_ids()).collect();
        'kinds: for kind in kind_order(&kinds, rng) {
            let mut eligible: Vec<usize> = (0..n)
                .filter(|&i| extractors[i] != Extractor::Teaser)
                // A markdown converter keeps link text (with its markup).
                .filter(|&i| kind != CorruptionKind::Splice || extractors[i] != Extractor::Markdown)
                .collect();
            rng.shuffle(&mut eligible);
            for c in eligible {
                let attested = |ids: &[SentenceId]| {
                    (0..n)
                        .filter(|&i| i != c && extractors[i] != Extractor::Teaser)
                        .any(|i| ids.iter().all(|id| present[i].contains(id)))
                };
                let copy = &copies[c];
                let done = match kind {
                    CorruptionKind::Splice => drop_inline(&copy.r, &page, &attested, rng),
                    _ => truncate_where(&copy.r, &attested, &|at| copy.outside_markup(at), rng),
                };
                if done.is_some() {
                    results[c] = done;
                    break 'kinds;
                }
            }
        }
    }

    let mut out: Vec<(SynthFile, TruthDocument)> = copies
        .into_iter()
        .zip(results)
        .enumerate()
        .map(|(i, (copy, result))| {
            let path = format!("{name}/copy-{}.txt", i + 1);
            entry(name, &base.name, path, Role::Copy, copy.r.bytes, result)
        })
        .collect();

    // Distractors: other articles, each through one extractor.
    out.extend(distractors(
        rng,
        config,
        articles,
        base_index,
        name,
        |rng, article| {
            let page = Page::new(rng, article, &titles);
            let extractor = *rng.pick(&FULL);
            let layout = layout(rng, &page, extractor);
            render(article, &page, &layout).r.bytes
        },
    ));
    out
}

/// Cuts a teaser: the first paragraph stops at the last word boundary before
/// a character limit (after at least six words, before its last word) and an
/// ellipsis follows; the rest of the text is left out. Recorded as a
/// truncation at the cut whose repair replaces the ellipsis.
fn cut_teaser(r: &Rendered, rng: &mut Rng) -> Option<(Vec<u8>, Corruption)> {
    let para = r.paras.first()?;
    let words = para.words();
    let n = words.len();
    let ends_word = |i: usize| {
        r.text(words[i].range.clone())
            .ends_with(char::is_alphanumeric)
    };
    let candidates: Vec<usize> = (5..n.saturating_sub(1)).filter(|&i| ends_word(i)).collect();
    let limit = para.range.start + rng.range(100, 240);
    let i = candidates
        .iter()
        .copied()
        .rfind(|&i| words[i].range.end <= limit)
        .or_else(|| candidates.first().copied())?;
    let cut = words[i].range.end;
    let ellipsis = *rng.pick(&["...", "...", "\u{2026}", "\u{2026}", " \u{2026}", " ..."]);
    let missing = r.text(cut..r.body.end).to_string();
    let bytes = apply_edit(&r.bytes, cut, r.body.end, ellipsis.as_bytes())?;
    let mut c = corruption(CorruptionKind::Truncation, cut, cut, &missing, &missing);
    c.repair.end = cut + ellipsis.len();
    Some((bytes, c))
}

/// Drops the text of a link or bold phrase the way an extractor loses an
/// inline element: before punctuation the phrase goes and the punctuation is
/// left after the space (`approved , which`); otherwise either the phrase and
/// both spaces around it go, gluing two words (`thewith`, when letters or
/// digits meet), or the phrase and the space after it (`approved which`). The junction is where the phrase
/// must go back.
fn drop_inline(
    r: &Rendered,
    page: &Page,
    attested: &Attested<'_>,
    rng: &mut Rng,
) -> Option<(Vec<u8>, Corruption)> {
    let mut order: Vec<&Inline> = page.inlines.iter().collect();
    rng.shuffle(&mut order);
    for inline in order {
        let Some(sentence) = r
            .paras
            .iter()
            .flat_map(|p| &p.sentences)
            .find(|s| s.id == inline.sentence)
        else {
            continue;
        };
        if !attested(&[inline.sentence]) {
            continue;
        }
        let w = &sentence.words;
        let (first, last) = (inline.first, inline.last);
        let last_word = r.text(w[last].clone());
        let punct = last_word.len() - last_word.trim_end_matches([',', ';', ':']).len();
        // Two words glue into one token only when letters or digits meet.
        let glues = r
            .text(w[first - 1].clone())
            .ends_with(char::is_alphanumeric)
            && r.text(w[last + 1].clone())
                .starts_with(char::is_alphanumeric);
        let deleted = if punct > 0 {
            w[first].start..w[last].end - punct
        } else if rng.chance(0.4) && glues {
            w[first - 1].end..w[last + 1].start
        } else {
            w[first].start..w[last + 1].start
        };
        let missing = r.text(deleted.clone()).to_string();
        let bytes = apply_edit(&r.bytes, deleted.start, deleted.end, b"")?;
        return Some((
            bytes,
            corruption(
                CorruptionKind::Splice,
                deleted.start,
                deleted.start,
                &missing,
                &missing,
            ),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::super::{Corpus, Profile, build, read_articles};
    use super::*;
    use crate::group::{Grouping, shingles};
    use crate::tokenize::tokenize;

    fn test_articles() -> Vec<Article> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
        read_articles(&dir).unwrap()
    }

    fn config(seed: u64) -> Config {
        Config {
            seed,
            profile: Profile::Extractors,
            ..Config::default()
        }
    }

    /// The documents of each family folder: (path, bytes, clean bytes, truth).
    fn families(corpus: &Corpus) -> Vec<Vec<(&SynthFile, &TruthDocument)>> {
        let names: BTreeSet<&str> = corpus
            .truth
            .documents
            .iter()
            .map(|d| d.family.as_str())
            .collect();
        names
            .into_iter()
            .map(|name| {
                corpus
                    .files
                    .iter()
                    .zip(&corpus.truth.documents)
                    .filter(|(_, d)| d.family == name)
                    .collect()
            })
            .collect()
    }

    fn is_teaser(c: &Corruption) -> bool {
        c.repair.end > c.repair.start
    }

    #[test]
    fn same_seed_gives_same_bytes() {
        let articles = test_articles();
        let a = build(&articles, &config(7)).unwrap();
        let b = build(&articles, &config(7)).unwrap();
        assert_eq!(a, b);
        let c = build(&articles, &config(8)).unwrap();
        assert_ne!(a.files, c.files);
        // The outlets profile is a different corpus from the same seed.
        let outlets = build(
            &articles,
            &Config {
                profile: Profile::Outlets,
                ..config(7)
            },
        )
        .unwrap();
        assert_ne!(a.files, outlets.files);
    }

    #[test]
    fn repairs_restore_the_uncorrupted_bytes() {
        let articles = test_articles();
        // Splice shapes: stray punctuation, glued words, plain drop.
        let mut shapes = BTreeSet::new();
        let (mut teasers, mut truncations) = (0, 0);
        for seed in 0..40 {
            let corpus = build(
                &articles,
                &Config {
                    corrupt_share: 0.8,
                    ..config(seed)
                },
            )
            .unwrap();
            assert_eq!(corpus.files.len(), corpus.truth.documents.len());
            for family in families(&corpus) {
                let copies: Vec<_> = family
                    .iter()
                    .filter(|(_, d)| d.role == Role::Copy)
                    .collect();
                assert!((3..=5).contains(&copies.len()), "{}", family[0].1.family);
                assert!(copies.iter().any(|(_, d)| d.corruptions.is_empty()));
                let teasers_here = copies
                    .iter()
                    .filter(|(_, d)| d.corruptions.iter().any(is_teaser))
                    .count();
                assert!(teasers_here <= 1);
            }
            for (file, doc) in corpus.files.iter().zip(&corpus.truth.documents) {
                assert_eq!(file.path, doc.path);
                assert!(std::str::from_utf8(&file.bytes).is_ok(), "{}", doc.path);
                assert!(file.bytes.ends_with(b"\n") && !file.bytes.ends_with(b"\n\n"));
                let [c] = doc.corruptions.as_slice() else {
                    assert!(doc.corruptions.is_empty(), "one corruption per copy");
                    assert_eq!(file.bytes, file.clean);
                    continue;
                };
                assert_eq!(doc.role, Role::Copy);
                assert_eq!(
                    c.repair.apply(&file.bytes).unwrap(),
                    file.clean,
                    "{} {c:?}",
                    doc.path
                );
                assert_eq!(c.start, c.end);
                assert_eq!(c.repair.start, c.start);
                assert_eq!(c.repair.replacement, c.missing);
                let text = std::str::from_utf8(&file.bytes).unwrap();
                match c.kind.as_str() {
                    "splice" => {
                        let words = c.missing.split_whitespace().count();
                        assert!((1..=5).contains(&words), "{:?}", c.missing);
                        let (before, after) = text.split_at(c.start);
                        let shape = if after.starts_with([',', ';', ':']) {
                            // `approved , which`
                            assert!(before.ends_with(' '));
                            assert!(!c.missing.starts_with(' ') && !c.missing.ends_with(' '));
                            "stray punctuation"
                        } else if before.ends_with(' ') {
                            // `approved which`
                            assert!(c.missing.ends_with(' ') && !c.missing.starts_with(' '));
                            "plain drop"
                        } else {
                            // `thewith`
                            assert!(c.missing.starts_with(' ') && c.missing.ends_with(' '));
                            assert!(before.ends_with(char::is_alphanumeric));
                            assert!(after.starts_with(char::is_alphanumeric));
                            "glued"
                        };
                        shapes.insert(shape);
                    }
                    "truncation" => {
                        let kept = &text[..c.start];
                        assert!(!kept.ends_with(char::is_whitespace));
                        assert!(!kept.trim_end_matches(CLOSERS).ends_with(['.', '!', '?']));
                        if is_teaser(c) {
                            teasers += 1;
                            let ellipsis = &text[c.repair.start..c.repair.end];
                            assert!(
                                ["...", "\u{2026}", " ...", " \u{2026}"].contains(&ellipsis),
                                "{ellipsis:?}"
                            );
                            assert_eq!(&text[c.repair.end..], "\n");
                        } else {
                            truncations += 1;
                            assert_eq!(c.repair.end, c.start);
                        }
                    }
                    other => panic!("unexpected kind {other}"),
                }
            }
        }
        assert_eq!(shapes.len(), 3, "{shapes:?}");
        assert!(teasers > 20 && truncations > 20, "{teasers} {truncations}");
    }

    #[test]
    fn intact_copies_share_enough_text_to_be_one_family() {
        let articles = test_articles();
        let grouping = Grouping::default();
        for seed in 0..10 {
            let corpus = build(
                &articles,
                &Config {
                    corrupt_share: 0.0,
                    ..config(seed)
                },
            )
            .unwrap();
            for family in families(&corpus) {
                let sets: Vec<(Vec<u64>, &TruthDocument)> = family
                    .iter()
                    .map(|(f, d)| (shingles(&tokenize(&f.bytes)), *d))
                    .collect();
                let full: Vec<&Vec<u64>> = sets
                    .iter()
                    .filter(|(_, d)| d.role == Role::Copy && d.corruptions.is_empty())
                    .map(|(s, _)| s)
                    .collect();
                assert!(full.len() >= 2);
                for (i, a) in full.iter().enumerate() {
                    for b in &full[i + 1..] {
                        assert!(grouping.are_copies(a, b), "{}", family[0].1.family);
                    }
                }
                for (set, doc) in &sets {
                    let joins = full.iter().any(|f| grouping.are_copies(set, f));
                    match doc.role {
                        // A teaser joins the family through its first paragraph.
                        Role::Copy => assert!(joins, "{}", doc.path),
                        Role::Distractor => assert!(!joins, "{}", doc.path),
                    }
                }
            }
        }
    }

    #[test]
    fn the_audit_finds_one_family_per_folder() {
        // Teasers included: they are the only corruption drawn here.
        let articles = test_articles();
        for seed in 0..4 {
            audit_groups_folders(&articles, seed);
        }
    }

    fn audit_groups_folders(articles: &[Article], seed: u64) {
        let corpus = build(
            articles,
            &Config {
                corrupt_share: 0.0,
                ..config(seed)
            },
        )
        .unwrap();
        assert!(
            corpus
                .truth
                .documents
                .iter()
                .any(|d| !d.corruptions.is_empty())
        );
        let documents: Vec<crate::Document> = corpus
            .files
            .iter()
            .map(|f| crate::Document::new(&f.path, f.bytes.clone()))
            .collect();
        let report = crate::audit_documents(documents);
        for family in families(&corpus) {
            let folder = &family[0].1.family;
            let copies: BTreeSet<usize> = report
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    let path = d.path.to_string_lossy();
                    path.starts_with(&format!("{folder}/copy-"))
                })
                .map(|(i, _)| i)
                .collect();
            let groups: Vec<&crate::Family> = report
                .families
                .iter()
                .filter(|f| f.members.iter().any(|m| copies.contains(m)))
                .collect();
            assert_eq!(groups.len(), 1, "{folder}: {groups:?}");
            assert_eq!(
                groups[0].members.iter().copied().collect::<BTreeSet<_>>(),
                copies,
                "{folder}"
            );
        }
    }

    #[test]
    fn profile_names_and_kinds() {
        assert_eq!("extractors".parse::<Profile>(), Ok(Profile::Extractors));
        assert_eq!(" Outlets".parse::<Profile>(), Ok(Profile::Outlets));
        assert!("html".parse::<Profile>().is_err());
        assert_eq!(Config::default().profile, Profile::Outlets);
        let only_mojibake = Config {
            kinds: vec![CorruptionKind::Mojibake],
            ..config(1)
        };
        assert!(only_mojibake.validate().is_err());
        // Without truncation there is no teaser either.
        let corpus = build(
            &test_articles(),
            &Config {
                kinds: vec![CorruptionKind::Splice],
                corrupt_share: 1.0,
                ..config(4)
            },
        )
        .unwrap();
        let kinds: BTreeSet<&str> = corpus
            .truth
            .documents
            .iter()
            .flat_map(|d| &d.corruptions)
            .map(|c| c.kind.as_str())
            .collect();
        assert_eq!(kinds, BTreeSet::from(["splice"]));
    }

    #[test]
    fn copies_agree_on_the_article_words() {
        // Every copy carries the words of the sentences it keeps exactly as the
        // others do, quote and dash styles aside.
        let articles = test_articles();
        let mut rng = Rng::new(11);
        let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        for article in &articles {
            let page = Page::new(&mut rng, article, &titles);
            for extractor in FULL {
                let layout = layout(&mut rng, &page, extractor);
                let x = render(article, &page, &layout);
                for para in &x.r.paras {
                    for s in &para.sentences {
                        let original: Vec<&str> =
                            article.paragraphs[s.id.0][s.id.1].split(' ').collect();
                        assert_eq!(original.len(), s.words.len());
                        for (w, range) in original.iter().zip(&s.words) {
                            let got = x.r.text(range.clone());
                            let styled = style_word(w, layout.curly, layout.dash);
                            if extractor == Extractor::Markdown {
                                // A link's closing markup sits inside its last word.
                                assert!(
                                    got == styled
                                        || (got
                                            .starts_with(styled.trim_end_matches([',', ';', ':']))
                                            && got.ends_with(
                                                &styled[styled
                                                    .trim_end_matches([',', ';', ':'])
                                                    .len()..]
                                            )),
                                    "{got:?} {styled:?}"
                                );
                            } else {
                                assert_eq!(got, styled);
                            }
                        }
                    }
                }
            }
        }
    }
}
