//! Classify stage: judges every difference region of one pairwise alignment,
//! seen from one copy (`x`) against another (`y`).
//!
//! Each region is first refined at character level: a lost span can take a
//! neighbouring space with it and glue two words ("for thewith"), or leave
//! stray punctuation behind ("approved , which"), so the common prefix and
//! suffix of the two sides (compared with styling folded) are peeled off and
//! what remains is the real difference. Then the rules:
//!
//! * text of `y` missing in `x`, not made of whole sentences or lines:
//!   [`Verdict::Splice`] mid-text, [`Verdict::Truncation`] at the end (or start)
//!   of `x`;
//! * whole sentences or lines missing: [`Verdict::Trim`], or
//!   [`Verdict::Boilerplate`] for a dateline such as `WASHINGTON (AP) —`;
//! * text in `x` that `y` lacks: [`Verdict::Boilerplate`] when whole lines or
//!   sentences, else [`Verdict::Variant`];
//! * different words on both sides: [`Verdict::Variant`];
//! * differences in punctuation, quotes or white space only: no verdict.
//!
//! Whether a loss is reported also depends on the other copies; that vote is
//! the reference stage's job.

use std::ops::Range;

use crate::align::{Alignment, Region};
use crate::tokenize::{Text, TokenKind, fold_char, line_end, line_start};

/// What a difference region is, seen from copy `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Text of `y` is missing inside a sentence of `x`.
    Splice,
    /// `x` stops (or starts) mid-sentence where `y` goes on.
    Truncation,
    /// Whole sentences or paragraphs of `y` are missing in `x`.
    Trim,
    /// Lines or sentences in `x` that `y` does not carry, or a dateline `x` lacks.
    Boilerplate,
    /// Different words on both sides, or words `x` has inside a sentence that `y` lacks.
    Variant,
}

impl Verdict {
    /// True for verdicts that say text of `y` was lost in `x`.
    pub fn is_loss(self) -> bool {
        matches!(self, Verdict::Splice | Verdict::Truncation)
    }
}

/// One judged difference between copy `x` and copy `y`, in `x`'s coordinates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// What it is.
    pub verdict: Verdict,
    /// The region's token ranges (`x` tokens, `y` tokens), the key other copies
    /// vote on.
    pub region: Region,
    /// The bytes of `x` concerned (a junction is a point).
    pub x: Range<usize>,
    /// The bytes of `y` concerned (for a loss, the missing text).
    pub y: Range<usize>,
    /// Words of `y` in the difference.
    pub y_words: usize,
    /// Words of `x` in the difference.
    pub x_words: usize,
}

/// One side of a comparison: the bytes and their tokens.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The document bytes.
    pub bytes: &'a [u8],
    /// The tokenised document.
    pub text: &'a Text,
    /// Phrases of the corpus's own that mark a line as page furniture.
    pub extra_boilerplate: &'a [String],
}

/// Judges every region of `alignment` (with `x` as its document a).
pub fn classify(x: Side<'_>, y: Side<'_>, alignment: &Alignment) -> Vec<Difference> {
    alignment
        .regions()
        .into_iter()
        .flat_map(|region| {
            let split = split_at_line_opening(x, y, &region).or_else(|| {
                // With the word both lines open with matched just before,
                // in the other line of one copy ("The Morning Record"
                // against "The creator of Buffy"; the copy's lead glued
                // its first word, "Thethe").
                let runs = &alignment.runs;
                let run = runs.get(runs.partition_point(|r| r.a + r.len < region.a.start))?;
                let opens = run.a + run.len == region.a.start
                    && run.b + run.len == region.b.start
                    && run.len <= 3
                    && x.text.line_starts_at(run.a)
                    && y.text.line_starts_at(run.b);
                let with_run = Region {
                    a: run.a..region.a.end,
                    b: run.b..region.b.end,
                };
                opens
                    .then(|| split_at_line_opening(x, y, &with_run))
                    .flatten()
            });
            let (lines, line) = match split {
                Some((lines, line)) => (Some(lines), line),
                None => (None, region),
            };
            lines.into_iter().chain(std::iter::once(line))
        })
        .filter_map(|region| judge(x, y, alignment, region))
        .collect()
}

/// Where a region ends with a line of the copy that reads as a line of the
/// peer with words missing inside it (the same opening and the same end),
/// and either side has lines of its own before it, the two regions: the
/// lines before, and the line. "Published: 13/10/2024 | Hollywoodcalendar."
/// against "Updated 13 Sep 2024 | Hollywood stars brought … film calendar."
/// is a header each copy has its own and words lost in the lead sentence:
/// the alignment found no shared word at that line's start (a glued word,
/// or a first word matched by chance elsewhere and dropped) to part them.
fn split_at_line_opening(x: Side<'_>, y: Side<'_>, region: &Region) -> Option<(Region, Region)> {
    let (a, b) = (region.a.clone(), region.b.clone());
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let l = (a.start..a.end).rev().find(|&k| x.text.line_starts_at(k))?;
    let (xw, yw) = (window(x, &a), window(y, &b));
    let xs = text_of(x.bytes, &(x.text.tokens[l].start as usize..xw.end));
    let y_text = text_of(y.bytes, &yw);
    (b.start..b.end)
        .rev()
        .filter(|&m| y.text.line_starts_at(m) && (l, m) != (a.start, b.start))
        .find_map(|m| {
            let ys_start = y.text.tokens[m].start as usize;
            let ys = y_text.get(ys_start - yw.start..).unwrap_or("");
            // The line's first word of the peer is shared whole.
            let (pa, pb) = common_prefix(xs, ys);
            if !xs[..pa].chars().any(char::is_alphanumeric)
                || y.text.token_straddling(ys_start + pb).is_some()
            {
                return None;
            }
            let (sa, sb) = common_suffix(&xs[pa..], &ys[pb..]);
            let lost_end = yw.end - sb;
            // Words lost inside the line, not lines (a standfirst, a byline,
            // a caption) between two lines that open alike.
            if (m + 1..b.end)
                .take_while(|&k| (y.text.tokens[k].start as usize) < lost_end)
                .any(|k| y.text.line_starts_at(k))
            {
                return None;
            }
            let lost = count_words(y, &(ys_start + pb..lost_end));
            // The copy's line goes on after the lost words, if any.
            let goes_on = xs[xs.len() - sa..].chars().any(char::is_alphanumeric)
                || !x.text.line_starts_at(a.end);
            (pa + sa == xs.len() && (lost == 0 || goes_on)).then_some((
                Region {
                    a: a.start..l,
                    b: b.start..m,
                },
                Region {
                    a: l..a.end,
                    b: m..b.end,
                },
            ))
        })
}

/// The byte window between the matched tokens around a token range.
fn window(side: Side<'_>, r: &Range<usize>) -> Range<usize> {
    let toks = &side.text.tokens;
    let start = if r.start == 0 {
        0
    } else {
        toks[r.start - 1].end as usize
    };
    let end = toks
        .get(r.end)
        .map_or(side.bytes.len(), |t| t.start as usize);
    start..end.max(start)
}

/// A window without the whole lines of page furniture or page inserts that
/// end it (an advertisement line or an embedded post right after a glued
/// junction: "critics wereon Friday.\nAdvertisement"), so that what the copy
/// has before them is what is compared. The window keeps at least one line.
fn without_trailing_furniture(side: Side<'_>, w: Range<usize>) -> Range<usize> {
    let mut end = w.end;
    loop {
        let text = &side.bytes[w.start..end];
        let Some(last) = text.iter().rposition(|b| !b.is_ascii_whitespace()) else {
            break;
        };
        let at_line_end =
            w.start + last + 1 == side.bytes.len() || text[last + 1..].contains(&b'\n');
        let Some(nl) = text[..last].iter().rposition(|&b| b == b'\n') else {
            break;
        };
        let line = crate::tokenize::lossy(&text[nl + 1..=last]);
        if !at_line_end
            || text[..nl].iter().all(u8::is_ascii_whitespace)
            || !crate::boilerplate::is_furniture_or_insert(line.trim(), side.extra_boilerplate)
        {
            break;
        }
        end = w.start + nl + 1;
    }
    w.start..end
}

/// A common prefix of two windows (`at`, byte lengths `prefix`) that ends
/// inside a word on both sides ("R" of "Related" against "r" of "run")
/// matched part of two different words: it is moved back to their starts.
/// Ending inside a word on one side only is a cut word ("approv" against
/// "approved") and stays, unless its last letter differs in case on the
/// two sides: a cut keeps the word's letters, so "a" against the "A" of
/// "Advertisement" is two words.
fn whole_word_prefix(
    x: Side<'_>,
    y: Side<'_>,
    (xa, ya): (usize, usize),
    (pa, pb): (usize, usize),
) -> (usize, usize) {
    match (
        x.text.token_straddling(xa + pa),
        y.text.token_straddling(ya + pb),
    ) {
        (Some(i), Some(j)) => {
            let (ti, tj) = (
                x.text.tokens[i].start as usize,
                y.text.tokens[j].start as usize,
            );
            (pa - (xa + pa - ti).min(pa), pb - (ya + pb - tj).min(pb))
        }
        (None, None) => (pa, pb),
        _ => {
            let last = |side: Side<'_>, at: usize, p: usize| {
                valid_text_of(side.bytes, &(at..at + p)).chars().last()
            };
            let (cx, cy) = (last(x, xa, pa), last(y, ya, pb));
            if pa == 0 || pb == 0 || cx == cy {
                return (pa, pb);
            }
            // Back to the start of the word holding the last letter, on each side.
            let start = |side: Side<'_>, at: usize, p: usize| {
                let k = side.text.token_at_or_after(at + p - 1);
                side.text
                    .tokens
                    .get(k)
                    .map_or(p, |t| (t.start as usize).saturating_sub(at).min(p))
            };
            (start(x, xa, pa), start(y, ya, pb))
        }
    }
}

/// A window without the whole lines that open it and that `skip` (given a
/// trimmed line) passes over, when other text follows them: the window then
/// starts at the end of the last such line.
fn without_leading_lines(
    side: Side<'_>,
    w: Range<usize>,
    skip: impl Fn(&str) -> bool,
) -> Range<usize> {
    let mut start = w.start;
    loop {
        let text = &side.bytes[start..w.end];
        let Some(first) = text.iter().position(|b| !b.is_ascii_whitespace()) else {
            break;
        };
        let Some(len) = text[first..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let line = crate::tokenize::lossy(&text[first..first + len]);
        let more = text[first + len..].iter().any(|b| !b.is_ascii_whitespace());
        if !more || !skip(line.trim()) {
            break;
        }
        start += first + len;
    }
    start..w.end
}

/// A window without the lines of page inserts that open it (images,
/// captions, embedded posts, other furniture).
fn without_leading_inserts(side: Side<'_>, w: Range<usize>) -> Range<usize> {
    without_leading_lines(side, w, |line| {
        crate::boilerplate::is_furniture_or_insert(line, side.extra_boilerplate)
    })
}

/// The window `xw` of copy `x`, stripped of trailing furniture, with the
/// first stripped line (before `end`) other than a page insert or an image
/// back when all its words are the first words of `y`'s window `yw`.
fn with_cut_line(
    x: Side<'_>,
    y: Side<'_>,
    xw: Range<usize>,
    end: usize,
    yw: &Range<usize>,
) -> Range<usize> {
    let mut from = xw.end;
    let line_end = loop {
        let rest = &x.bytes[from..end.max(from)];
        let Some(first) = rest.iter().position(|b| !b.is_ascii_whitespace()) else {
            return xw;
        };
        let len = rest[first..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(rest.len() - first);
        let line = crate::tokenize::lossy(&rest[first..first + len]);
        let line = line.trim().trim_start_matches(['*', '-', '>', ' ']);
        let insert = line.starts_with("![") || crate::boilerplate::is_page_insert(line);
        from += first + len;
        if !insert {
            break back_off_space(x.bytes, from, xw.end);
        }
    };
    let w = without_leading_inserts(x, xw.start..line_end);
    let (pa, _) = common_prefix(text_of(x.bytes, &w), text_of(y.bytes, yw));
    let covered = w.start + pa;
    if count_words(x, &(w.start..covered)) > 0 && count_words(x, &(covered..line_end)) == 0 {
        xw.start..line_end
    } else {
        xw
    }
}

/// A window without the lines that open it with a furniture label or
/// phrase ("By Jane Doe", "Published 4 May").
fn without_leading_labels(side: Side<'_>, w: Range<usize>) -> Range<usize> {
    without_leading_lines(side, w, crate::boilerplate::opens_furniture)
}

/// Where a gap of `y`'s tokens can slide along repeated words ("… downgrades.
/// The dollar" with a sentence starting "The" lost before it), the placement
/// that makes the missing text whole sentences, if there is one.
fn slide_to_sentences(x: Side<'_>, y: Side<'_>, region: Region) -> Region {
    let (a, b) = (region.a.start, region.b.clone());
    let (xk, yk) = (&x.text.keys, &y.text.keys);
    let whole = |b: &Range<usize>| y.text.boundary_before(b.start) && y.text.boundary_before(b.end);
    if !region.a.is_empty() || b.is_empty() || whole(&b) {
        return region;
    }
    for k in 1..=8 {
        // Left: x's tokens before the gap match y's last gap tokens instead.
        if k <= a && k <= b.start && (1..=k).all(|j| xk[a - j] == yk[b.end - j]) {
            let nb = b.start - k..b.end - k;
            if whole(&nb) {
                return Region {
                    a: a - k..a - k,
                    b: nb,
                };
            }
        }
        // Right: x's tokens after the gap match y's first gap tokens instead.
        if a + k <= xk.len()
            && b.end + k <= yk.len()
            && (0..k).all(|j| xk[a + j] == yk[b.start + j])
        {
            let nb = b.start + k..b.end + k;
            if whole(&nb) {
                return Region {
                    a: a + k..a + k,
                    b: nb,
                };
            }
        }
    }
    region
}

/// Judges one region where the copies differ: sets aside what both share
/// at its edges ([`junction`]), then weighs the words only one copy has:
/// at the end of the text as a cut ([`judge_cut`]), elsewhere as a loss
/// inside the text ([`judge_inside`]).
fn judge(x: Side<'_>, y: Side<'_>, alignment: &Alignment, region: Region) -> Option<Difference> {
    let region = slide_to_sentences(x, y, region);
    let Junction {
        xw,
        yw,
        mut xm,
        mut ym,
        tail,
    } = junction(x, y, &region);
    let x_words = count_words(x, &xm);
    let y_words = count_words(y, &ym);
    if x_words == 0 && y_words == 0 {
        return None;
    }
    let diff = |verdict, x: Range<usize>, y: Range<usize>| Difference {
        verdict,
        region: region.clone(),
        x,
        y,
        y_words,
        x_words,
    };
    if y_words == 0 {
        let verdict = if whole_units(x, &xm) {
            Verdict::Boilerplate
        } else {
            Verdict::Variant
        };
        return Some(diff(verdict, xm, ym));
    }
    // Text of y is missing. With words on x's side too, it is a loss only at the
    // end of x, when x's own words there are lines of its own (a footer after a cut).
    let losses_around_shared_words = !tail && held_in_order(x, &xm, y, &ym, x_words, y_words);
    if x_words > 0
        && !losses_around_shared_words
        && !(tail && markup_then_line(x, xm.start) && !prose_follows(x, xm.start))
    {
        let lines = whole_units(x, &xm) && whole_units(y, &ym);
        return Some(diff(
            if lines {
                Verdict::Boilerplate
            } else {
                Verdict::Variant
            },
            xm,
            ym,
        ));
    }
    if crate::boilerplate::is_inline_furniture(text_of(y.bytes, &ym)) {
        return Some(diff(Verdict::Boilerplate, xm, ym));
    }
    let missing = Span::of(y, &ym);
    let verdict = if tail {
        judge_cut(x, y, &missing, x_words, (&xw, &yw), (&mut xm, &mut ym))
    } else {
        judge_inside(x, y, alignment, &region, &missing, (xm.start, &ym))
    };
    Some(diff(verdict, xm, ym))
}

/// Most words of `x` that [`held_in_order`] reads as shared words between
/// losses.
const STRANDED_WORDS: usize = 3;

/// Most words [`held_in_order`] reads as lost around them.
const STRANDED_LOSS: usize = 8;

/// Fewest words of the line of `x` holding such words: a line of prose.
const STRANDED_LINE_WORDS: usize = 12;

/// True for a line of prose (`line`, a byte range of `side`): of
/// [`STRANDED_LINE_WORDS`] words or more, at least half of them opening in
/// lower case (not a list of headlines in title case).
fn is_prose_line(side: Side<'_>, line: &Range<usize>) -> bool {
    let toks = &side.text.tokens;
    let first = side.text.token_at_or_after(line.start);
    let words: Vec<&str> = toks[first..]
        .iter()
        .take_while(|t| (t.start as usize) < line.end)
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| text_of(side.bytes, &t.span()))
        .collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    words.len() >= STRANDED_LINE_WORDS && 2 * lower >= words.len()
}

/// True when the few words `x` has in a region of difference (`xm`,
/// `x_words` of them) all stand, in order, among the more words `y` has
/// there (`ym`, `y_words`): words lost on both sides of a short word the
/// copies share ("Microsoft Office and Google Drive" against "and"), which
/// the alignment leaves unmatched, as a single word matched alone between
/// two differences is likelier chance than anchor. Only on a line of prose
/// ([`STRANDED_LINE_WORDS`]) and for a few words lost
/// ([`STRANDED_LOSS`]).
fn held_in_order(
    x: Side<'_>,
    xm: &Range<usize>,
    y: Side<'_>,
    ym: &Range<usize>,
    x_words: usize,
    y_words: usize,
) -> bool {
    if x_words == 0
        || x_words > STRANDED_WORDS
        || !(x_words + 2..=x_words + STRANDED_LOSS).contains(&y_words)
    {
        return false;
    }
    // Inside a line of prose: menus lose and shift their items every way,
    // and headers, captions and bylines come and go as whole lines.
    let breaks = |side: Side<'_>, r: &Range<usize>| side.bytes[r.clone()].contains(&b'\n');
    if breaks(x, xm) || breaks(y, ym) {
        return false;
    }
    let line =
        crate::tokenize::line_start(x.bytes, xm.start)..crate::tokenize::line_end(x.bytes, xm.end);
    if !is_prose_line(x, &line) {
        return false;
    }
    let (xk, yk) = (x.text.word_keys(xm.clone()), y.text.word_keys(ym.clone()));
    let mut ys = yk.iter();
    xk.len() == x_words && xk.iter().all(|k| ys.any(|yk| yk == k))
}

/// The windows of a region of difference and the text only one copy has
/// in them.
struct Junction {
    /// The window of `x` (without its trailing furniture).
    xw: Range<usize>,
    /// The window of `y`.
    yw: Range<usize>,
    /// What only `x` has.
    xm: Range<usize>,
    /// What only `y` has.
    ym: Range<usize>,
    /// The region is at the end of the text: a loss there is a cut.
    tail: bool,
}

/// The [`Junction`] of a region: its windows in both copies, and what
/// differs once the characters both share at the window edges are set aside.
fn junction(x: Side<'_>, y: Side<'_>, region: &Region) -> Junction {
    let (xw, yw) = (window(x, &region.a), window(y, &region.b));
    let xw = without_trailing_furniture(x, xw);
    // At the end of the text: nothing follows but a footer both copies carry.
    let tail = (region.a.end == x.text.len() && region.b.end == y.text.len())
        || (!region.b.is_empty()
            && (only_furniture_after(x, xw.end) && only_furniture_after(y, yw.end)
                || ends_alike(x, y, &xw, region)));
    // A short line taken for furniture that is the first words of what the
    // other copy goes on with ("Russia", then the share buttons, against
    // "Russia has been waiting…") is where the copy was cut.
    let xw = if tail && !region.b.is_empty() {
        with_cut_line(x, y, xw, window(x, &region.a).end, &yw)
    } else {
        xw
    };
    // At the end, the lines of page inserts (images, captions) a copy
    // carries before its last words are no part of the comparison: a copy
    // cut one word into a paragraph ("The", then the footer) shows the cut.
    // Only when the last words are where the other copy goes on.
    let xw = match without_leading_inserts(x, xw.clone()) {
        w if tail && !region.b.is_empty() && w != xw => {
            // Whole words of the copy ("This" and "the" share two letters
            // by chance; "Eminem" is cut from "Eminem's").
            let (pa, _) = common_prefix(text_of(x.bytes, &w), text_of(y.bytes, &yw));
            let whole = x.text.token_straddling(w.start + pa).is_none();
            if whole && count_words(x, &(w.start..w.start + pa)) > 0 {
                w
            } else {
                xw
            }
        }
        _ => xw,
    };
    // What differs once the shared characters at both ends are set aside.
    let unshared = |xw: &Range<usize>| {
        // A window holding bytes that are not UTF-8 is compared up to the
        // first of them, and then from its start only.
        let (xs, ys) = (valid_text_of(x.bytes, xw), valid_text_of(y.bytes, &yw));
        let whole = xs.len() == xw.len() && ys.len() == yw.len();
        // The white space before a window's first word (after a dateline)
        // matches the start of the other text.
        let lead = |s: &str| s.len() - s.trim_start().len();
        let (wa, wb) = match (xw.start, yw.start) {
            (0, 0) => (0, 0),
            (0, _) => (0, lead(ys)),
            (_, 0) => (lead(xs), 0),
            _ => (0, 0),
        };
        let (pa, pb) = common_prefix(&xs[wa..], &ys[wb..]);
        let (pa, pb) = whole_word_prefix(x, y, (xw.start, yw.start), (wa + pa, wb + pb));
        let (sa, sb) = if tail || !whole {
            (0, 0)
        } else {
            common_suffix(&xs[pa..], &ys[pb..])
        };
        (xw.start + pa..xw.end - sa, yw.start + pb..yw.end - sb)
    };
    let (mut xm, mut ym) = unshared(&xw);
    // A byline or a date line of the copy's own before a glued junction
    // ("By Jane Doe\nThehas" against "The UK has": the junction falls
    // inside one of the copy's words) is no text of its own in the place of
    // the missing words.
    if !tail && count_words(x, &xm) > 0 {
        let w = without_leading_labels(x, xw.clone());
        if w != xw {
            let (xm2, ym2) = unshared(&w);
            let glued = x.text.token_straddling(xm2.start).is_some();
            if glued && count_words(x, &xm2) == 0 && count_words(y, &ym2) > 0 {
                (xm, ym) = (xm2, ym2);
            }
        }
    }
    // At the end, a copy whose words after the junction are the peer's last
    // words before its footer ("It takes | May." against "It takes effect
    // in May.", then footers of each copy's own) lost words mid-sentence:
    // it was not cut.
    let mut tail = tail;
    if tail && !ym.is_empty() && count_words(x, &xm) > 0 {
        let y_end = without_trailing_furniture(y, yw.clone()).end.max(ym.start);
        let xs = text_of(x.bytes, &xm).trim_end();
        let ys = text_of(y.bytes, &(ym.start..y_end)).trim_end();
        let (sa, sb) = common_suffix(xs, ys);
        let lost = ym.start..ym.start + ys.len() - sb;
        // (Text around invalid bytes compares as nothing.)
        if !xs.is_empty() && sa == xs.len() && count_words(y, &lost) > 0 {
            (xm, ym, tail) = (xm.start..xm.start, lost, false);
        }
    }
    // A copy whose sentence end survives after a space at the junction
    // ("the global economy to ." then footers) lost words before it: it
    // was not cut there.
    if tail && !ym.is_empty() && count_words(x, &xm) == 0 {
        let end_mark = |side: Side<'_>, k: usize| {
            side.text
                .tokens
                .get(k)
                .is_some_and(|t| t.terminal && matches!(&side.bytes[t.span()], b"." | b"!" | b"?"))
        };
        let spaced = x
            .text
            .tokens
            .get(region.a.end)
            .is_some_and(|t| t.brk != crate::tokenize::Break::None);
        if spaced && end_mark(x, region.a.end) && end_mark(y, region.b.end) {
            tail = false;
        }
    }
    Junction {
        xw,
        yw,
        xm,
        ym,
        tail,
    }
}

/// The verdict on words `y` has after `x`'s last words at the end of the
/// text: a cut, a trim at a sentence end, or furniture. Moves the edit to
/// where the repair goes (after the copy's last word, over marks after it).
fn judge_cut(
    x: Side<'_>,
    y: Side<'_>,
    missing: &Span,
    x_words: usize,
    (xw, yw): (&Range<usize>, &Range<usize>),
    (xm, ym): (&mut Range<usize>, &mut Range<usize>),
) -> Verdict {
    let mut at = back_off_space(x.bytes, xm.start, xw.start);
    // A cut inside a link's text ends after the link's target: the
    // restored words follow the link, not its last word.
    let next = x.text.token_at_or_after(at);
    if let Some(t) = x.text.tokens.get(next)
        && t.start as usize == at
        && t.kind == TokenKind::Url
        && x.bytes[at..].starts_with(b"](")
    {
        at = t.end as usize;
    }
    if at < xm.start {
        // The cut falls after the last word: the repair brings the white space.
        ym.start = back_off_space(y.bytes, ym.start, yw.start);
    }
    // Marks after the cut ("...", a stray full stop) are replaced by the repair.
    let marks = if x_words == 0 {
        text_of(x.bytes, &(at..xm.end)).trim_end()
    } else {
        ""
    };
    *xm = if x_words == 0 {
        at..at + marks.len()
    } else {
        at..at
    };
    let ellipsis = marks.ends_with("...") || marks.ends_with('\u{2026}');
    let x_ends_sentence = (!ellipsis && marks.ends_with(['.', '!', '?', '"', '\u{201d}']))
        || last_token_before(x, at).is_none_or(|t| x.text.tokens[t].terminal && !ellipsis);
    // The copy stops mid-sentence only where the other copy's sentence
    // goes on with words on the same line, not with a link's address
    // and a list of other headlines; or where the other copy breaks
    // the line inside the sentence (a page's `<br>`) and goes on in
    // lower case after the copy's last words.
    let continues = missing.continues_sentence(y) && words_in_line_before(x, at) >= 4;
    let goes_on = missing.words_before_line_end(y) > 0 || continues;
    // A copy that stops right before its sentence's full stop ("good
    // health and sustainable communities", the rest lost from ".”")
    // did not end on a whole sentence.
    let lost_end_mark = y.text.tokens.get(missing.first).is_some_and(|t| t.terminal);
    let whole = missing.starts_whole && !missing.cut_start && !continues && !lost_end_mark;
    if whole || x_ends_sentence || !goes_on || ends_on_a_line_of_furniture(x, y, at, missing) {
        Verdict::Trim
    } else if missing.in_heading_lines(y, x, at)
        && !text_of(x.bytes, &(at..x.bytes.len())).trim().is_empty()
    {
        // Words differing in short lines of furniture ("Related: Tautou
        // to star in Da Vinci film" against "Related: Da Vinci film to
        // star Tom Hanks"), when the copy goes on past its line: a copy
        // that stops inside one ("* Share on") was cut there.
        Verdict::Boilerplate
    } else {
        Verdict::Truncation
    }
}

/// The verdict on words `y` has that `x` lacks inside the text, at byte
/// `at` of `x` (`ym` in `y`): a splice unless one of the benign look-alikes
/// fits.
fn judge_inside(
    x: Side<'_>,
    y: Side<'_>,
    alignment: &Alignment,
    region: &Region,
    missing: &Span,
    (at, ym): (usize, &Range<usize>),
) -> Verdict {
    let lead = region.a.start == 0 && region.b.start == 0;
    if missing.is_dateline(y) {
        Verdict::Boilerplate
    } else if missing.is_whole() {
        Verdict::Trim
    } else if missing.within_one_token()
        || missing.cut_start
        || missing.cut_end
        || missing.headline_against_prose(y, x, at)
        || opens_a_sentence_of_its_own(x, y, region)
        || missing.held_glued(y, x, at, alignment)
        || missing.held_in_picture(y, x, at)
        || missing.repeats_what_precedes(y)
    {
        // "AP" against "AFP", "1" against "11": a word spelt differently. A
        // glued junction ("thewith") joins two whole words of the other
        // copy; one whose lost text ends inside a word ("329 comments"
        // against "3 May 2024329 comments") matched letters by chance. A
        // sentence of the copy's own can share words by chance too, words
        // the copy holds glued nearby or as a picture's alt text are not
        // lost, and words the other copy prints twice in a row (a
        // headline) are its repeat.
        Verdict::Variant
    } else if missing.in_heading_lines(y, x, at)
        || missing.after_heading(y, x, at)
        || in_copyright_notice(x, at)
        || on_a_line_of_links(x, at)
        || missing.header_opening_like(y, x, region.a.start)
    {
        Verdict::Boilerplate
    } else if lead && !glued_to_first_word(x, y, at, ym) {
        // What a copy lacks before its first shared word is a header it does
        // not carry, or a lead it dropped: never evidence of corruption.
        if missing.ends_whole && !missing.cut_end {
            Verdict::Trim
        } else {
            Verdict::Boilerplate
        }
    } else {
        Verdict::Splice
    }
}

/// True when the last word before byte `at` of `side` stands on a line of
/// links alone ([`crate::tokenize::is_line_of_links`]), in links alone
/// after the line's last sentence, or on a heading in bold or `#` marks or
/// a line of marks alone whose next line is links alone (a menu's title,
/// "**About us**"; an empty list item over a list of links): a menu, a footer or a comment's tools, whose items converters
/// order and join each their own way. An article's sentence is no line of
/// links.
fn on_a_line_of_links(side: Side<'_>, at: usize) -> bool {
    let Some(last) = last_token_before(side, at) else {
        return false;
    };
    // Lines of a menu are short: a longer one is read no further.
    let line_of = |byte: usize| -> Option<Range<usize>> {
        let b = side.bytes;
        let from = byte.saturating_sub(MENU_LINE_BYTES);
        let start = match b[from..byte].iter().rposition(|&c| c == b'\n') {
            Some(i) => from + i + 1,
            None if from == 0 => 0,
            None => return None,
        };
        let to = (byte + MENU_LINE_BYTES).min(b.len());
        let end = match b[byte..to].iter().position(|&c| c == b'\n') {
            Some(i) => byte + i,
            None if to == b.len() => to,
            None => return None,
        };
        Some(start..end)
    };
    let Some(line) = line_of(side.text.tokens[last].start as usize) else {
        return false;
    };
    let links = |r: &Range<usize>| crate::tokenize::is_line_of_links(text_of(side.bytes, r));
    // The line, or its part after the last sentence that ends on it before
    // the place ("All Rights Reserved. [About Us](/about) | [Contact](/c)").
    let toks = &side.text.tokens;
    let after_sentence = (0..last)
        .rev()
        .take_while(|&k| toks[k].start as usize >= line.start)
        .find(|&k| toks[k].terminal)
        .map(|k| toks[k].end as usize..line.end);
    if links(&line) || after_sentence.is_some_and(|r| links(&r)) {
        return true;
    }
    let heading = text_of(side.bytes, &line).trim();
    let marked = heading.starts_with('#')
        || ["**", "__"]
            .iter()
            .any(|m| heading.len() > 4 && heading.starts_with(m) && heading.ends_with(m))
        || !heading.chars().any(char::is_alphanumeric);
    marked
        && toks[last..]
            .iter()
            .find(|t| t.start as usize > line.end)
            .is_some_and(|t| line_of(t.start as usize).is_some_and(|next| links(&next)))
}

/// Longest line [`on_a_line_of_links`] reads as part of a menu.
const MENU_LINE_BYTES: usize = 2000;

/// True when byte `at` of `side` falls inside a copyright notice: its
/// sentence (or line) so far opens with "\u{a9}", or "Copyright" and a
/// year ("\u{a9} 2016 . All rights reserved.", an extractor having
/// dropped the linked name). Notices are page furniture, whatever words
/// they lose.
fn in_copyright_notice(side: Side<'_>, at: usize) -> bool {
    let Some(last) = last_token_before(side, at) else {
        return false;
    };
    // After the last sentence end before `at`, or from its line's start.
    let toks = &side.text.tokens;
    let from = (0..=last)
        .rev()
        .find_map(|k| {
            if toks[k].terminal && k < last {
                Some(toks[k].end as usize)
            } else if side.text.line_starts_at(k) {
                Some(toks[k].start as usize)
            } else {
                None
            }
        })
        .unwrap_or(0);
    crate::boilerplate::is_copyright_notice(text_of(side.bytes, &(from..at)))
}

/// True for a web address written out in the text ("www.example.com/x",
/// "https://…"), not a markdown link's target or image.
fn is_bare_address(token: &[u8]) -> bool {
    token.starts_with(b"http") || token.starts_with(b"www.")
}

/// Most words of a copy's opening [`Span::header_opening_like`] compares.
const HEADER_OPENING_MOST: usize = 6;

/// Fewest tokens of a lost span [`Span::repeats_what_precedes`] takes for
/// the other copy's repeat ("very very" is a word's).
const REPEAT_LEAST_TOKENS: usize = 3;

/// Tokens each side of a junction [`Span::held_glued`] looks for glued
/// words in.
const GLUE_WINDOW: usize = 40;

/// Fewest letters and digits of lost text [`Span::held_glued`] looks for:
/// a short word turns up inside others by chance.
const GLUE_LEAST: usize = 6;

/// True when the first shared word after a difference starts a sentence of
/// `x` in capitals where `y` has it in lower case, inside a sentence ("…
/// Who is Sylvia?\nThe Critics' Circle named" against "Both the Critics'
/// Circle and"): a splice leaves the other copy's own words after the
/// junction, so the two sentences only share words by chance.
fn opens_a_sentence_of_its_own(x: Side<'_>, y: Side<'_>, region: &Region) -> bool {
    let (i, j) = (region.a.end, region.b.end);
    let (Some(a), Some(b)) = (x.text.tokens.get(i), y.text.tokens.get(j)) else {
        return false;
    };
    let first =
        |side: Side<'_>, t: &crate::tokenize::Token| text_of(side.bytes, &t.span()).chars().next();
    a.kind == TokenKind::Word
        && x.text.boundary_before(i)
        && first(x, a).is_some_and(char::is_uppercase)
        && first(y, b).is_some_and(char::is_lowercase)
}

/// True when a junction at byte `at` of `x` falls inside its first word
/// and the missing text `lost` of `y` is whole words after a word:
/// "Salescars" against "Sales of hybrid cars" has shared
/// text before the junction, words lost mid-sentence, where "Metro Wire"
/// against "M&S cuts prices | Metro Wire" shares a letter by chance, and
/// "Northern Post" against "No charges | Northern Post" parts a word.
fn glued_to_first_word(x: Side<'_>, y: Side<'_>, at: usize, lost: &Range<usize>) -> bool {
    let Some(i) = x.text.token_straddling(at) else {
        return false;
    };
    let y_at = lost.start;
    let before = y.text.token_at_or_after(y_at);
    i == 0
        && y.text.token_straddling(y_at).is_none()
        && y.text.token_straddling(lost.end).is_none()
        && before > 0
        && y.text.tokens[before - 1].kind == TokenKind::Word
        && (y.text.tokens[before - 1].end as usize) <= y_at
}

/// The tokens of `y` a byte range covers, and how its edges sit in sentences.
struct Span {
    /// First token touched.
    first: usize,
    /// One past the last token touched.
    last: usize,
    /// The range starts inside a token.
    cut_start: bool,
    /// The range ends inside a token.
    cut_end: bool,
    /// A sentence or line starts at the first token.
    starts_whole: bool,
    /// A sentence or line starts right after the last token.
    ends_whole: bool,
}

impl Span {
    fn of(side: Side<'_>, r: &Range<usize>) -> Span {
        let toks = &side.text.tokens;
        let first = toks.partition_point(|t| (t.end as usize) <= r.start);
        let last = toks.partition_point(|t| (t.start as usize) < r.end);
        let cut_start = toks
            .get(first)
            .is_some_and(|t| (t.start as usize) < r.start);
        let cut_end = last > first && (toks[last - 1].end as usize) > r.end;
        // Markup at the edges (a table's closing bar, an image line, the
        // asterisk that opens an italic caption) does not make a span of
        // whole lines partial: a boundary anywhere among the edge's marks
        // counts. A bare web address is a word of its sentence ("open at |
        // www.example.com/x."), a link's target markup.
        let is_word = |k: usize| {
            toks[k].kind == TokenKind::Word
                || toks[k].kind == TokenKind::Url && is_bare_address(&side.bytes[toks[k].span()])
        };
        let first_word = (first..last).find(|&k| is_word(k)).unwrap_or(last);
        let last_word = (first..last)
            .rev()
            .find(|&k| is_word(k))
            .map_or(first, |k| k + 1);
        // Closing brackets glued to the span's end ("(AP Photo/John Smith",
        // whose ")" matched the end of the other copy's image link) close
        // its line as well.
        let mut closed = last;
        while toks.get(closed).is_some_and(|t| {
            t.brk == crate::tokenize::Break::None
                && t.kind == TokenKind::Punct
                && matches!(&side.bytes[t.span()], b")" | b"]")
        }) {
            closed += 1;
        }
        Span {
            first,
            last,
            cut_start,
            cut_end,
            starts_whole: (first..=first_word).any(|k| side.text.boundary_before(k)),
            ends_whole: (last_word..=closed).any(|k| side.text.boundary_before(k)),
        }
    }

    fn within_one_token(&self) -> bool {
        self.last == self.first + 1 && self.cut_start && self.cut_end
    }

    fn is_whole(&self) -> bool {
        self.starts_whole && self.ends_whole && !self.cut_start && !self.cut_end
    }

    /// True when the span opens with a word in lower case that goes on with
    /// a sentence of `y` the token before does not end, after a space or a
    /// line break (a blank line parts paragraphs, whatever their words).
    fn continues_sentence(&self, y: Side<'_>) -> bool {
        let blank_before = y
            .text
            .tokens
            .get(self.first)
            .is_some_and(|t| t.brk == crate::tokenize::Break::Para);
        !self.cut_start && !blank_before && y.text.goes_on_sentence(y.bytes, self.first)
    }

    /// Words of `y` the span holds before the next line of its own starts.
    fn words_before_line_end(&self, y: Side<'_>) -> usize {
        (self.first..self.last)
            .take_while(|&k| k == self.first || !y.text.line_starts_at(k))
            .filter(|&k| y.text.tokens[k].kind == TokenKind::Word)
            .count()
    }

    /// Text lost from short lines without sentence punctuation (bylines,
    /// dates, captions, headings) where `x`'s junction is at an edge of its
    /// own line: "By Tom Okafor" against "By Tom Okafor, Political
    /// correspondent", or "16 May 2024" against "By Ewan Clarke\nPublished 16
    /// May 2024". Outlets vary such lines. A headline that lost words inside
    /// it, with text on both sides of the junction, still reads as a loss.
    fn in_heading_lines(&self, y: Side<'_>, x: Side<'_>, junction: usize) -> bool {
        const MOST_WORDS: usize = 15;
        if self.last <= self.first || x.text.token_straddling(junction).is_some() {
            return false;
        }
        let next_x = x.text.token_at_or_after(junction);
        let line = line_start(x.bytes, junction)..line_end(x.bytes, junction);
        let at_line_edge = x.text.line_starts_at(next_x)
            || x.text.tokens[..next_x].is_empty()
            // Nothing of the copy's own line stands before the junction.
            || x.bytes[line.start..junction].iter().all(u8::is_ascii_whitespace)
            // A byline or date line of the copy's own ("By Business
            // reporter" against "By Tom Field Business reporter"): extractors
            // drop its linked name or its date.
            || crate::boilerplate::opens_furniture(text_of(x.bytes, &line));
        if !at_line_edge {
            return false;
        }
        // Every line of y holding lost words is short and no sentence.
        let toks = &y.text.tokens;
        let mut start = (0..=self.first)
            .rev()
            .find(|&k| y.text.line_starts_at(k))
            .unwrap_or(0);
        while start < self.last {
            let end = (start + 1..toks.len())
                .find(|&k| y.text.line_starts_at(k))
                .unwrap_or(toks.len());
            let line = &toks[start..end];
            let lost_words = (start.max(self.first)..end.min(self.last))
                .any(|k| toks[k].kind == TokenKind::Word);
            let words = line.iter().filter(|t| t.kind == TokenKind::Word).count();
            // A photo's caption with its credit is furniture, sentence or not.
            let insert = || {
                let bytes = line.first().map_or(0, |t| t.start as usize)
                    ..line.last().map_or(0, |t| t.end as usize);
                crate::boilerplate::is_page_insert(text_of(y.bytes, &bytes))
            };
            if lost_words && (words > MOST_WORDS || line.iter().any(|t| t.terminal)) && !insert() {
                return false;
            }
            start = end;
        }
        true
    }

    /// Text lost right after the copy's heading (its first line, or a
    /// markdown heading) where the other copy's heading line goes on ("|
    /// City Herald", a page title's site name) and whole lines follow it (a
    /// caption, a cookie notice, a menu): the copies' heading lines differ,
    /// no sentence of the copy lost words.
    fn after_heading(&self, y: Side<'_>, x: Side<'_>, junction: usize) -> bool {
        if self.last <= self.first
            || self.cut_start
            || self.cut_end
            || !self.ends_whole
            || y.text.line_starts_at(self.first)
            || x.text.token_straddling(junction).is_some()
        {
            return false;
        }
        let next_x = x.text.token_at_or_after(junction);
        if next_x == 0 || !x.text.line_starts_at(next_x) {
            return false;
        }
        // The copy's line before the junction is its heading.
        let line_start = (0..next_x)
            .rev()
            .find(|&k| x.text.line_starts_at(k))
            .unwrap_or(0);
        let start = x.text.tokens[line_start].start as usize;
        line_start == 0 || x.bytes[start] == b'#'
    }

    /// Words lost inside or before the copy's headline (a line of its
    /// header, before any sentence end) where the other copy's words are a
    /// sentence of prose: a copy without the headline matched it to its lead
    /// sentence, which shares the headline's words ("UK firms 'embracing
    /// e-commerce'" against "UK firms are embracing internet trading ...,
    /// e-commerce minister Mike O'Brien says."; "Pop band Busted to 'take a
    /// break'" against "Chart-topping pop band Busted have confirmed that
    /// they plan to \"take a break\""). The two are different wordings.
    fn headline_against_prose(&self, y: Side<'_>, x: Side<'_>, junction: usize) -> bool {
        let (xt, yt) = (&x.text, &y.text);
        // The copy's line holding the junction or starting at it (lines of
        // their own: a hard wrap does not end one).
        let next = xt.token_at_or_after(junction);
        if self.last <= self.first || next >= xt.len() {
            return false;
        }
        let line_end = (next + 1..xt.len())
            .find(|&k| xt.line_starts_at(k))
            .unwrap_or(xt.len());
        // No sentence ends in it or before it, and a blank line or a line
        // of furniture ("By Priya Raman") follows it: the first line of a
        // hard-wrapped paragraph that lost words ("... were sold" then
        // "within 50 minutes.", "... is set to be developed" then "by UK
        // firm Phytopharm.") is no headline.
        let apart = xt.tokens.get(line_end).is_none_or(|t| {
            t.brk == crate::tokenize::Break::Para || {
                let start = t.start as usize;
                let line = text_of(x.bytes, &(start..crate::tokenize::line_end(x.bytes, start)));
                line.starts_with(char::is_uppercase) && crate::boilerplate::opens_furniture(line)
            }
        });
        let headline = apart && !xt.tokens[..line_end].iter().any(|t| t.terminal);
        // The lost words end a sentence of the other copy on their line.
        let prose = (self.first..yt.len())
            .take_while(|&k| k < self.last || !yt.line_starts_at(k))
            .any(|k| yt.tokens[k].terminal);
        headline && prose
    }

    /// True when the lost words are the alt text of a picture `x` holds
    /// at the junction at byte `junction` ("[![NIKKEI STYLE](/logo.png)](…)"
    /// against a link whose text is "NIKKEI STYLE"): an extractor wrote the
    /// picture, another its alt text as words.
    fn held_in_picture(&self, y: Side<'_>, x: Side<'_>, junction: usize) -> bool {
        let k = x.text.token_at_or_after(junction);
        let Some(t) = x.text.tokens.get(k).filter(|t| t.kind == TokenKind::Url) else {
            return false;
        };
        let Some(alt) = crate::tokenize::alt_text_words(&x.bytes[t.span()]) else {
            return false;
        };
        let lost: Vec<u64> = (self.first..self.last)
            .filter(|&i| y.text.tokens[i].kind == TokenKind::Word)
            .map(|i| y.text.keys[i])
            .collect();
        !lost.is_empty() && alt == lost
    }

    /// True when `x` holds the lost text near the junction at byte
    /// `junction`, with its spaces or marks gone, starting or ending inside
    /// a word the diff matched to nothing ("Priya Shah3 May 2024Published 3
    /// May 2024 * Updated"
    /// against "3 May 2024\nPublished 3 May 2024 · Updated": an extractor
    /// glued the byline's parts, and the diff matched the date to the
    /// other copy's first date line). Letters and digits are compared
    /// without what parts them, over [`GLUE_WINDOW`] tokens each side; the
    /// same words elsewhere as words of their own (a headline's, or matched
    /// to the other copy's) are no evidence.
    fn held_glued(&self, y: Side<'_>, x: Side<'_>, junction: usize, alignment: &Alignment) -> bool {
        let squeeze = |side: Side<'_>, from: usize, to: usize| -> (String, Vec<usize>) {
            let toks = &side.text.tokens;
            let (mut text, mut owner) = (String::new(), Vec::new());
            for (k, t) in toks.iter().enumerate().take(to.min(toks.len())).skip(from) {
                for c in text_of(side.bytes, &t.span())
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                {
                    text.push(c);
                    owner.resize(text.len(), k);
                }
            }
            (text, owner)
        };
        // An end of the lost text inside a word of `x` that the diff left
        // unmatched: a glued word ("2024Published"). Around most junctions
        // every word is matched, and nothing needs reading.
        let glued = |k: usize| !alignment.is_matched_a(k);
        let at = x.text.token_at_or_after(junction);
        let window = at.saturating_sub(GLUE_WINDOW)..(at + GLUE_WINDOW).min(x.text.len());
        if !window
            .clone()
            .any(|k| x.text.tokens[k].kind == TokenKind::Word && glued(k))
        {
            return false;
        }
        let (lost, _) = squeeze(y, self.first, self.last);
        if lost.chars().count() < GLUE_LEAST {
            return false;
        }
        let (held, owner) = squeeze(x, window.start, window.end);
        held.match_indices(lost.as_str()).any(|(i, m)| {
            let j = i + m.len();
            (i > 0 && owner[i - 1] == owner[i] && glued(owner[i]))
                || (j < owner.len() && owner[j] == owner[j - 1] && glued(owner[j - 1]))
        })
    }

    /// True when `x`'s only words before the junction (token `at`) are its
    /// first ones, and the lost text of `y` ends with those same words:
    /// `y`'s header (a headline opening with the name the lead opens with,
    /// a byline) stands before its own copy of them, and the diff matched
    /// the lead's first words to the headline's ("Margaret Hale, who kept
    /// the light" against "Margaret Hale, lighthouse keeper, dies at 91 |
    /// By … | Margaret Hale, who kept the light"). Words only are compared
    /// (markdown's `**` aside).
    fn header_opening_like(&self, y: Side<'_>, x: Side<'_>, at: usize) -> bool {
        let words = |side: Side<'_>, r: Range<usize>| -> Vec<u64> {
            r.filter(|&k| side.text.tokens[k].kind == TokenKind::Word)
                .map(|k| side.text.keys[k])
                .collect()
        };
        let opening = words(x, 0..at.min(x.text.len()));
        let lost = words(y, self.first..self.last);
        !opening.is_empty()
            && opening.len() <= HEADER_OPENING_MOST
            && lost.len() > opening.len()
            && lost.ends_with(&opening)
    }

    /// True when the span's words are the words right before it in `y`,
    /// again: `y` prints them twice in a row (a headline, then the same
    /// headline) where the other copy prints them once, which is `y`'s
    /// repeat, not a loss (a scraper's repeat is reported in `y` itself).
    fn repeats_what_precedes(&self, y: Side<'_>) -> bool {
        let n = self.last.saturating_sub(self.first);
        n >= REPEAT_LEAST_TOKENS
            && !self.cut_start
            && !self.cut_end
            && self.first >= n
            && y.text.keys[self.first - n..self.first] == y.text.keys[self.first..self.last]
    }

    /// A dateline or label at the start of a line, ending in a dash, colon or
    /// bar (`WASHINGTON (AP) —`, `LONDON, England -`, `UPDATE:`), possibly after
    /// whole lines (a byline, a caption) the copy lacks too.
    fn is_dateline(&self, side: Side<'_>) -> bool {
        if self.cut_start
            || self.cut_end
            || self.last <= self.first
            || !side.text.boundary_before(self.first)
        {
            return false;
        }
        let line = (self.first..self.last)
            .rev()
            .find(|&k| side.text.line_starts_at(k))
            .unwrap_or(self.first);
        if !side.text.boundary_before(line) {
            return false;
        }
        let toks = &side.text.tokens[line..self.last];
        let last = &side.bytes[toks[toks.len() - 1].span()];
        let sep = matches!(
            crate::tokenize::fold_punct(text_of(last, &(0..last.len()))),
            "-" | ":" | "|"
        );
        let words = toks.iter().filter(|t| t.kind == TokenKind::Word).count();
        sep && words <= 8
    }
}

/// True when everything from byte `at` to the end is lines of page furniture
/// (a short footer). The line holding `at` is judged whole: a related
/// headline that also stands in the other copy ("* [Boris opposes mayor
/// apology](…)") is furniture from its start, not from the shared words,
/// unless only punctuation of it follows `at` (a footer sentence whose full
/// stop matched the other copy's).
fn only_furniture_after(side: Side<'_>, at: usize) -> bool {
    const MOST: usize = 1500;
    let at = at.min(side.bytes.len());
    // What follows `at` is part of what is read: more than MOST bytes of it
    // fail the test before any line is looked for.
    if side.bytes.len() - at > MOST {
        return false;
    }
    let line_end = side.bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(side.bytes.len(), |i| at + i);
    // A line whose words all lie before `at` ("amended on 3 March" with
    // only its full stop after) is compared, not part of what follows.
    let rest_of_line = &side.bytes[at..line_end];
    let from = if rest_of_line.len() > 16
        || crate::tokenize::lossy(rest_of_line)
            .chars()
            .any(char::is_alphanumeric)
    {
        line_start(side.bytes, at)
    } else {
        line_end
    };
    let rest = &side.bytes[from..];
    // Line by line: the first line of text ends the test.
    rest.len() <= MOST
        && rest.split(|&b| b == b'\n').all(|line| {
            crate::boilerplate::is_boilerplate_line_with(
                &crate::tokenize::lossy(line),
                side.extra_boilerplate,
            )
        })
}

/// True when both copies end alike after a region of `y`'s words that
/// `x` (its window `xw`, without the furniture lines that end it) reads
/// straight past but for a cut word: in a few short lines each (a footer no
/// phrase list knows, "This article was amended on 3 March."), fewer words
/// than the region holds. Lines of a footer hold at most
/// [`FOOTER_LINE_WORDS`] words each.
fn ends_alike(x: Side<'_>, y: Side<'_>, xw: &Range<usize>, region: &Region) -> bool {
    let short_lines = |side: Side<'_>, from: usize| -> Option<usize> {
        if from >= side.text.len() || !side.text.line_starts_at(from) {
            return None;
        }
        let (mut words, mut line) = (0, 0);
        for t in &side.text.tokens[from..] {
            if t.starts_line {
                line = 0;
            }
            if t.kind == TokenKind::Word {
                words += 1;
                line += 1;
            }
            if line > FOOTER_LINE_WORDS {
                return None;
            }
        }
        Some(words)
    };
    // Words of its own only as the first letters of `y`'s ("ve" of "vehicles").
    let xs = text_of(x.bytes, xw);
    let own = xs.trim_end();
    if own.chars().any(char::is_alphanumeric)
        && common_prefix(xs, text_of(y.bytes, &window(y, &region.b))).0 < own.len()
    {
        return false;
    }
    let x_rest = x.text.token_at_or_after(xw.end).min(region.a.end);
    match (short_lines(x, x_rest), short_lines(y, region.b.end)) {
        (Some(xs), Some(_)) => xs < count_words(y, &window(y, &region.b)),
        _ => false,
    }
}

/// Most words of a line of a footer that [`ends_alike`] reads.
const FOOTER_LINE_WORDS: usize = 12;

fn text_of<'a>(bytes: &'a [u8], r: &Range<usize>) -> &'a str {
    // Windows and tokens lie inside valid UTF-8 chunks except around invalid
    // bytes; those compare as nothing.
    std::str::from_utf8(&bytes[r.clone()]).unwrap_or("")
}

/// The text of a byte range up to its first byte that is not UTF-8 (the
/// whole range when it is text).
fn valid_text_of<'a>(bytes: &'a [u8], r: &Range<usize>) -> &'a str {
    let b = &bytes[r.clone()];
    match std::str::from_utf8(b) {
        Ok(s) => s,
        // The prefix before the error is valid UTF-8.
        Err(e) => std::str::from_utf8(&b[..e.valid_up_to()]).unwrap_or(""),
    }
}

fn count_words(side: Side<'_>, r: &Range<usize>) -> usize {
    if r.is_empty() {
        return 0;
    }
    let toks = &side.text.tokens;
    let first = toks.partition_point(|t| (t.end as usize) <= r.start);
    let last = toks.partition_point(|t| (t.start as usize) < r.end);
    toks[first..last.max(first)]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .count()
}

/// True when a byte range of `side` is made of whole sentences or lines.
fn whole_units(side: Side<'_>, r: &Range<usize>) -> bool {
    Span::of(side, r).is_whole()
}

/// True when, from byte `at`, a line of its own starts after nothing but
/// punctuation and markup (the rest of a markdown link, `](…)`, before a footer).
/// Fewest words of prose after a place that show a copy goes on there.
const PROSE_GOING_ON: usize = 30;

/// True when the copy's lines from byte `at` hold at least
/// [`PROSE_GOING_ON`] words of prose (lines with a sentence end that are
/// not page furniture or inserts): the article goes on there, so the copy
/// was not cut there, whatever a shorter peer lacks (a peer that is only a
/// title, a title's site name).
fn prose_follows(side: Side<'_>, at: usize) -> bool {
    let mut words = 0;
    // Line by line, so that only the lines read are converted.
    for line in side.bytes[at.min(side.bytes.len())..].split(|&b| b == b'\n') {
        let line = crate::tokenize::lossy(line);
        let line = line.trim();
        if !line.contains(['.', '!', '?'])
            || crate::boilerplate::is_furniture_or_insert(line, side.extra_boilerplate)
        {
            continue;
        }
        words += line.split_whitespace().count();
        if words >= PROSE_GOING_ON {
            return true;
        }
    }
    false
}

fn markup_then_line(side: Side<'_>, at: usize) -> bool {
    if side.text.token_straddling(at).is_some() {
        return false;
    }
    let toks = &side.text.tokens;
    let first = side.text.token_at_or_after(at);
    let line = (first..toks.len())
        .find(|&k| side.text.line_starts_at(k) || toks[k].kind == TokenKind::Word);
    line.is_some_and(|k| side.text.line_starts_at(k))
}

/// Most words of a copy's last line [`ends_on_a_line_of_furniture`] reads
/// as a line of furniture.
const FURNITURE_LAST_LINE_WORDS: usize = 8;

/// True when a copy ends on a short line of its own that leaves no
/// sentence open (a sign-off "-- By Jane Doe", a pager "Page 1 of 2"), or
/// on a line opening like furniture ("READ MORE: …"), where the other copy
/// goes on with at most a few words that end no sentence ("Follow @jdoe")
/// and then no paragraph of prose for a few lines (menus, related links,
/// [`prose_comes_next`]): the article ended
/// there, and the other copy runs on into the page. A copy cut inside a
/// sentence leaves the rest of it to the other copy's line; one cut inside
/// a heading or a link line leaves the article's next paragraph; a list
/// item or table row is never read so.
fn ends_on_a_line_of_furniture(x: Side<'_>, y: Side<'_>, at: usize, missing: &Span) -> bool {
    let line = text_of(x.bytes, &(line_start(x.bytes, at)..at));
    let item = line
        .trim_start()
        .starts_with(['-', '*', '+', '|', '\u{2022}'])
        && !line.trim_start().starts_with("--");
    let words = words_in_line_before(x, at);
    let short = (1..=FURNITURE_LAST_LINE_WORDS).contains(&words);
    (short || crate::boilerplate::opens_furniture(line))
        && !item
        && !crate::boilerplate::ends_open(line.trim_end())
        && missing.words_before_line_end(y) <= FURNITURE_RUN_ON_WORDS
        && !sentence_ends_in_line(y, missing.first)
        && !prose_comes_next(y, missing.first)
}

/// Fewest words of a line of its own that [`prose_comes_next`] reads as a
/// paragraph.
const PROSE_LINE_WORDS: usize = 8;

/// Lines of its own [`prose_comes_next`] reads past the one at `from`:
/// a heading, a caption or an advertisement label may stand before the
/// next paragraph.
const LINES_BEFORE_PROSE: usize = 3;

/// True when one of the next [`LINES_BEFORE_PROSE`] lines of its own from
/// token `from` of `side` on is a paragraph of prose: [`PROSE_LINE_WORDS`]
/// words or more with a sentence end, not page furniture.
fn prose_comes_next(side: Side<'_>, from: usize) -> bool {
    let n = side.text.len();
    // The line at `from` counts when it is a line of its own.
    let first = from + usize::from(!side.text.line_starts_at(from));
    let mut starts = (first..n).filter(|&k| side.text.line_starts_at(k));
    let Some(mut start) = starts.next() else {
        return false;
    };
    for _ in 0..LINES_BEFORE_PROSE {
        let end = starts.next().unwrap_or(n);
        let toks = &side.text.tokens[start..end];
        let words = toks.iter().filter(|t| t.kind == TokenKind::Word).count();
        let at = toks[0].start as usize;
        let first_line = text_of(side.bytes, &(at..line_end(side.bytes, at)));
        if words >= PROSE_LINE_WORDS
            && toks.iter().any(|t| t.terminal)
            && !crate::boilerplate::is_furniture_or_insert(
                first_line.trim(),
                side.extra_boilerplate,
            )
        {
            return true;
        }
        if end == n {
            break;
        }
        start = end;
    }
    false
}

/// Most words the other copy may go on with on a copy's last line for
/// [`ends_on_a_line_of_furniture`] ("Follow @jdoe" after a sign-off): the
/// rest of a sentence cut short runs longer.
const FURNITURE_RUN_ON_WORDS: usize = 3;

/// True when a sentence end comes at or after token `from` of `side` before
/// a line of its own starts (none does when a line starts at `from`).
fn sentence_ends_in_line(side: Side<'_>, from: usize) -> bool {
    !side.text.line_starts_at(from)
        && (from..side.text.len())
            .take_while(|&k| k == from || !side.text.line_starts_at(k))
            .any(|k| side.text.tokens[k].terminal)
}

/// Words of `side`'s line that stand before byte `at`.
fn words_in_line_before(side: Side<'_>, at: usize) -> usize {
    let toks = &side.text.tokens;
    let end = toks.partition_point(|t| (t.start as usize) < at);
    let start = (0..end)
        .rev()
        .find(|&k| side.text.line_starts_at(k))
        .unwrap_or(0);
    (start..end)
        .filter(|&k| toks[k].kind == TokenKind::Word)
        .count()
}

fn last_token_before(side: Side<'_>, at: usize) -> Option<usize> {
    side.text
        .tokens
        .partition_point(|t| (t.end as usize) <= at)
        .checked_sub(1)
}

/// Moves a position back over ASCII white space, so that a cut reads as the
/// end of the last word rather than the start of the next line.
fn back_off_space(bytes: &[u8], at: usize, floor: usize) -> usize {
    let mut i = at;
    while i > floor && bytes[i - 1].is_ascii_whitespace() {
        i -= 1;
    }
    i
}

fn is_space(c: char) -> bool {
    fold_char(c) == ' '
}

/// Bytes of a common prefix of two strings, with styling folded and any run of
/// white space equal to any other.
pub fn common_prefix(a: &str, b: &str) -> (usize, usize) {
    let (mut ia, mut ib) = (a.char_indices().peekable(), b.char_indices().peekable());
    let (mut pa, mut pb) = (0, 0);
    loop {
        match (ia.peek().copied(), ib.peek().copied()) {
            (Some((_, ca)), Some((_, cb))) if is_space(ca) && is_space(cb) => {
                while let Some(&(i, c)) = ia.peek().filter(|(_, c)| is_space(*c)) {
                    pa = i + c.len_utf8();
                    ia.next();
                }
                while let Some(&(i, c)) = ib.peek().filter(|(_, c)| is_space(*c)) {
                    pb = i + c.len_utf8();
                    ib.next();
                }
            }
            (Some((i, ca)), Some((j, cb))) if fold_char(ca) == fold_char(cb) => {
                pa = i + ca.len_utf8();
                pb = j + cb.len_utf8();
                ia.next();
                ib.next();
            }
            // A markdown link's opening bracket on one side only.
            (Some((i, '[')), Some((_, cb))) if cb.is_alphanumeric() => {
                pa = i + 1;
                ia.next();
            }
            (Some((_, ca)), Some((j, '['))) if ca.is_alphanumeric() => {
                pb = j + 1;
                ib.next();
            }
            _ => return (pa, pb),
        }
    }
}

/// Bytes of a common suffix of two strings, folded as in [`common_prefix`].
pub fn common_suffix(a: &str, b: &str) -> (usize, usize) {
    let (mut ia, mut ib) = (
        a.char_indices().rev().peekable(),
        b.char_indices().rev().peekable(),
    );
    let (mut sa, mut sb) = (a.len(), b.len());
    loop {
        match (ia.peek().copied(), ib.peek().copied()) {
            (Some((_, ca)), Some((_, cb))) if is_space(ca) && is_space(cb) => {
                while let Some(&(i, _)) = ia.peek().filter(|(_, c)| is_space(*c)) {
                    sa = i;
                    ia.next();
                }
                while let Some(&(i, _)) = ib.peek().filter(|(_, c)| is_space(*c)) {
                    sb = i;
                    ib.next();
                }
            }
            (Some((i, ca)), Some((j, cb))) if fold_char(ca) == fold_char(cb) => {
                sa = i;
                sb = j;
                ia.next();
                ib.next();
            }
            _ => return (a.len() - sa, b.len() - sb),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{Hints, Interner, align};
    use crate::tokenize::line_starts;
    use crate::tokenize::tokenize;

    /// Asserts that no difference between two texts reads as a loss.
    #[track_caller]
    fn assert_no_loss(x: &str, y: &str) {
        let d = differences(x, y);
        assert!(d.iter().all(|d| !d.0.is_loss()), "{d:?}");
    }

    #[test]
    fn words_lost_on_both_sides_of_a_short_shared_word_are_a_splice() {
        let before =
            "Students who want to write papers like they actually live in the 21st century.";
        let after = "are solid choices for Windows and Android, but there are many others worth a look this term.";
        let after_too =
            "The rest of the list is for readers who have money to spend on gadgets this year.";
        let copy = format!("{before} and {after}\n\n{after_too}");
        let other = format!("{before} Microsoft Office and Google Drive {after}\n\n{after_too}");
        assert_splice(&copy, &other);
        // Not when the other copy's words run over lines (a header, a
        // caption).
        let other = format!("{before} Microsoft Office\nand Google Drive {after}\n\n{after_too}");
        assert_no_loss(&copy, &other);
    }

    #[test]
    fn words_missing_at_a_line_of_links_are_a_menu_laid_out_another_way() {
        let article = "The council approved the plan on Monday after a long debate \
                       that ran late into the night.";
        let after = "Readers wrote in about the vote and the plan for the town centre.";
        let copy = format!(
            "{article}\n\n  [Alerter](http://plus.example.fr/alert/1)\n\n  \
             [Répondre](http://plus.example.fr/reply/1)\n\n{after}"
        );
        let other = format!("{article}\n\nAlerter Répondre dijonnais\n\n{after}");
        assert_no_loss(&copy, &other);
        // A menu under its title in bold, written out as text elsewhere.
        let copy = format!(
            "{article}\n\n**About the paper**\n\n  * [About us](/about)\n  \
             * [Mission](/mission)\n\n{after}"
        );
        let other = format!("{article}\n\nAbout the paper About us Our history Mission\n\n{after}");
        assert_no_loss(&copy, &other);
        // Links after the last sentence of a line: a footer's.
        let copy = format!(
            "{article}\n\nAll rights reserved. [About Us](/about)\n[Contact Us](/contact)\n\n{after}"
        );
        let other =
            format!("{article}\n\nAll rights reserved. About Us: Careers: Contact Us\n\n{after}");
        assert_no_loss(&copy, &other);
        // A line of marks (an emptied bold heading) over a list of links.
        let copy = format!(
            "{article}\n\nFollow us online!\n\n****\n  * **[The Show](http://x.example/show) **\n  \
             * **[Jane Roe](http://x.example/jane) **\n  * **[John Poe](http://x.example/john) **\n\n{after}"
        );
        let other = format!(
            "{article}\n\n    Follow us online!\n      * The Show\n      * Jane Roe\n      * John Poe\n\n{after}"
        );
        assert_no_loss(&copy, &other);
        // Links inside a sentence are no menu.
        let copy = format!(
            "{article}\n\nThe mayor [said](http://x.example/said) \
             she would resign from her post at once.\n\n{after}"
        );
        let other = format!(
            "{article}\n\nThe mayor said on Monday that she would resign from her post at once.\n\n{after}"
        );
        assert_splice(&copy, &other);
    }

    /// Asserts that some difference between two texts reads as a splice.
    #[track_caller]
    fn assert_splice(x: &str, y: &str) {
        let d = differences(x, y);
        assert!(d.iter().any(|d| d.0 == Verdict::Splice), "{d:?}");
    }

    fn differences(x: &str, y: &str) -> Vec<(Verdict, String, String, usize)> {
        differences_of_bytes(x.as_bytes(), y.as_bytes())
            .into_iter()
            .map(|d| {
                (
                    d.verdict,
                    x[d.x.clone()].to_string(),
                    y[d.y.clone()].to_string(),
                    d.x.start,
                )
            })
            .collect()
    }

    /// The judged differences of two texts of any bytes, as an audit aligns them.
    fn differences_of_bytes(x: &[u8], y: &[u8]) -> Vec<Difference> {
        let (tx, ty) = (tokenize(x), tokenize(y));
        let mut interner = Interner::default();
        let (ix, iy) = (interner.ids_of(&tx), interner.ids_of(&ty));
        let (lx, ly) = (line_starts(&tx), line_starts(&ty));
        let (ex, ey) = (
            crate::tokenize::sentence_ends(&tx),
            crate::tokenize::sentence_ends(&ty),
        );
        let hints = Hints {
            weak: interner.weak(),
            lines_a: &lx,
            lines_b: &ly,
            ends_a: &ex,
            ends_b: &ey,
        };
        let al = align(&ix, &iy, &hints);
        let side = |bytes, text| Side {
            bytes,
            text,
            extra_boilerplate: &[],
        };
        classify(side(x, &tx), side(y, &ty), &al)
    }

    const REF: &str = "Ukraine is in the early stages of a counteroffensive that could significantly reshape a war that began last year. NATO wants to continue supporting Kyiv.\n\nThe council approved the new parking levy, which residents had opposed for years. It takes effect in May.\n";

    #[test]
    fn mid_sentence_loss_is_a_splice_at_the_junction() {
        let copy = REF.replace("reshape a war that began last year. NATO wants to ", "");
        let d = differences(&copy, REF);
        assert_eq!(d.len(), 1);
        let (verdict, x, missing, at) = &d[0];
        assert_eq!(*verdict, Verdict::Splice);
        assert_eq!(x, "");
        assert_eq!(
            missing,
            "reshape a war that began last year. NATO wants to "
        );
        assert_eq!(&copy[*at..*at + 8], "continue");
    }

    #[test]
    fn dropped_link_text_leaving_stray_comma_is_a_splice() {
        let copy = REF.replace("the new parking levy", "");
        let d = differences(&copy, REF);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, Verdict::Splice);
        assert_eq!(d[0].2, "the new parking levy");
        assert_eq!(&copy[d[0].3..d[0].3 + 7], ", which");
    }

    #[test]
    fn a_sentence_of_the_copy_sharing_words_with_one_further_on_is_no_splice() {
        // The copy repeats a quote as a pull quote and stops; the other copy
        // goes on, and a later sentence holds the quote's first words in
        // lower case ("Both the Harbour Guild and…").
        let quote = "The Harbour Guild named Ann Lee its most promising writer for The Night Ferry, and Tom Reed most promising newcomer for Winter Light or, Who Is Mara?";
        let head = "Guild prizes go to new play\n\nThe play opened at the Old Quay last spring and has sold out every night since. ";
        let copy = format!("{head}{quote}\n{quote}\nJane Doe\n");
        let full = format!(
            "{head}{quote}\nREAD MORE: Ferry strike talks collapse\nWhy it matters\nPaul Hart was its best performer for Twelfth Night at the Old Quay and Sue Oram won the design award for Winter Light. Both the Harbour Guild and the city council announced their winners on Tuesday. Chosen by more than 11,000 readers, the awards went to Ann Lee for best writer.\n"
        );
        let d = differences(&copy, &full);
        assert!(d.iter().all(|d| d.0 != Verdict::Splice), "{d:?}");
        // Words lost before a word both copies write alike are a splice.
        let cut = full.replace("at the Old Quay and Sue Oram won the design award for ", "");
        let d = differences(&cut, &full);
        let splices: Vec<_> = d.iter().filter(|d| d.0 == Verdict::Splice).collect();
        assert_eq!(splices.len(), 1, "{d:?}");
        assert_eq!(&cut[splices[0].3..splices[0].3 + 6], "Winter");
    }

    #[test]
    fn words_the_copy_holds_glued_are_no_loss() {
        // An extractor dropped the spaces between a byline's parts; the
        // diff matched the date to the other copy's first date line.
        let copy = "Mayor backs new tram line\n\nPriya Shah3 May 2024Published 3 May 2024 * Updated 5 May 2024725 comments\n\nThe mayor said the tram line would open next year.\n";
        let full = "Mayor backs new tram line\n\n3 May 2024\nPublished 3 May 2024 \u{b7} Updated 5 May 2024 725 comments\nThe mayor said the tram line would open next year.\n";
        let d = differences(copy, full);
        assert!(d.iter().all(|d| d.0 != Verdict::Splice), "{d:?}");
        // Words lost where the same words stand nearby once more are lost:
        // the other copy holds them twice.
        let full = "The council approved the new parking levy on Monday, and the new parking levy takes effect in May. Residents had opposed it for years.\n";
        let copy = full.replacen("the new parking levy takes", "takes", 1);
        let d = differences(&copy, full);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Verdict::Splice);
        assert_eq!(d[0].2.trim(), "the new parking levy");
        // Or as whole words of a headline only the copy carries.
        let full = "Music downloads are counted in the main singles chart for the first time, the publisher said.\n";
        let copy = "Downloads enter the singles chart\n\nMusic downloads are counted in the main chart for the first time, the publisher said.\n";
        let d = differences(copy, full);
        let splices: Vec<_> = d.iter().filter(|d| d.0 == Verdict::Splice).collect();
        assert_eq!(splices.len(), 1, "{d:?}");
        assert_eq!(splices[0].2.trim(), "singles");
    }

    #[test]
    fn words_the_other_copy_prints_twice_in_a_row_are_its_repeat() {
        // A one-line copy prints the headline twice; the other prints it
        // once, then a section label.
        let body = "The harbour board voted on Thursday to close the old ferry pier for repairs, a decision that will force commuters onto buses.";
        let head = "Ferry pier to close for winter repairs";
        let copy = format!("{head}\nWorld\n{body}\n");
        let one_line = format!("{head} {head} World {body}\n");
        let d = differences(&copy, &one_line);
        assert!(d.iter().all(|d| d.0 != Verdict::Splice), "{d:?}");
        // Words lost that do not repeat the words before them are lost.
        let cut = copy.replace("to close the old ferry pier ", "");
        assert_splice(&cut, &copy);
    }

    #[test]
    fn a_header_opening_with_the_leads_first_words_is_no_loss() {
        // The copy starts with its lead; the other opens its headline with
        // the same name, then a byline, then the lead.
        let lead = "Ann Lee, who kept the light at Bell Point for 23 years, has died at the age of 91. She took over the light in 1961.\n";
        let full = format!(
            "[Skip to content](#main)\n\n* [Home](/)\n* [News](/news)\n\n# Ann Lee, lighthouse keeper, dies at 91\n\nBy [Tom Okafor](/a/1)\nPublished 26 April 2024\n\n{}",
            lead.replacen("Lee", "**Lee**", 1)
        );
        let d = differences(lead, &full);
        assert!(d.iter().all(|d| d.0 != Verdict::Splice), "{d:?}");
        // Words lost right after the lead's first words are lost.
        let cut = lead.replace(" who kept the light at Bell Point for 23 years,", "");
        assert_splice(&cut, lead);
    }

    #[test]
    fn glued_words_are_refined_inside_the_token() {
        let copy = REF.replace(
            " new parking levy, which residents had opposed for years. It takes effect",
            "effect",
        );
        let d = differences(&copy, REF);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Verdict::Splice);
        assert_eq!(
            d[0].2,
            " new parking levy, which residents had opposed for years. It takes "
        );
        assert_eq!(&copy[d[0].3 - 3..d[0].3 + 6], "theeffect");
    }

    #[test]
    fn whole_sentence_loss_is_a_trim() {
        let copy = REF.replace(" It takes effect in May.", "");
        let d = differences(&copy, REF);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, Verdict::Trim);
    }

    #[test]
    fn whole_paragraph_loss_is_a_trim_and_extra_lines_are_boilerplate() {
        let copy = format!("Advertisement\n{}", &REF[..REF.find("\n\n").unwrap() + 1]);
        let d = differences(&copy, REF);
        let verdicts: Vec<Verdict> = d.iter().map(|d| d.0).collect();
        assert_eq!(verdicts, [Verdict::Boilerplate, Verdict::Trim]);
    }

    #[test]
    fn copy_that_stops_mid_sentence_is_truncated_but_not_one_ending_a_sentence() {
        let cut = &REF[..REF.find("had opposed").unwrap()];
        let d = differences(cut, REF);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, Verdict::Truncation);
        assert_eq!(d[0].3, cut.trim_end().len());
        let mid_word = &REF[..REF.find("pposed").unwrap()];
        let d = differences(mid_word, REF);
        assert_eq!(d[0].0, Verdict::Truncation);
        assert_eq!(d[0].2.split_whitespace().next(), Some("pposed"));
        let whole = &REF[..REF.find(" It takes").unwrap()];
        let d = differences(whole, REF);
        assert_eq!(d[0].0, Verdict::Trim);
    }

    #[test]
    fn a_copy_cut_where_the_other_breaks_a_sentence_with_a_line_break_is_truncated() {
        // A page's `<br>` inside a sentence; the cut copy stops right there.
        let full = REF.replace("which residents", "which\nresidents");
        let cut = &full[..full.find("residents").unwrap()];
        let d = differences(cut, &full);
        assert_eq!(d[0].0, Verdict::Truncation, "{d:?}");
        // A blank line parts paragraphs, whatever the words after it.
        let full = REF.replace("which residents", "which\n\nresidents");
        let cut = &full[..full.find("residents").unwrap()];
        let d = differences(cut, &full);
        assert_eq!(d[0].0, Verdict::Trim, "{d:?}");
    }

    #[test]
    fn a_cut_copy_whose_footer_note_shares_letters_with_the_lost_words_is_truncated() {
        // "This article …" and " the new parking levy" share "th", not a word.
        let cut = format!(
            "{}\n\nCopyright \u{a9} 2024 The Globe. All rights reserved.\nThis article was amended on 3 March.\nTags: council, transport\n",
            &REF[..REF.find(" the new parking").unwrap()]
        );
        let full = format!("{REF}Tags: council, transport\nMost read\n");
        let d = differences(&cut, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
    }

    #[test]
    fn a_copy_cut_inside_a_word_is_truncated_where_the_peer_holds_bad_bytes_later() {
        // The peer's text after the cut has a byte that is no UTF-8 ("resid\xc3(ents").
        let cut = &REF[..REF.find("arking levy").unwrap()];
        let mut full = REF.as_bytes().to_vec();
        let at = REF.find("dents").unwrap();
        full.splice(at..at, [0xc3, b'(']);
        let d = differences_of_bytes(cut.as_bytes(), &full);
        assert!(
            d.iter().any(|d| d.verdict == Verdict::Truncation),
            "{:?}",
            d.iter().map(|d| d.verdict).collect::<Vec<_>>()
        );
    }

    #[test]
    fn sentences_ending_alike_before_a_trimmed_sentence_are_no_loss() {
        // "he said." against "the lawyer said." then a sentence the copy
        // lacks: other words, not words lost.
        let copy = "The mayor said the vote was fair, he said.\n\nThe council had claimed the plan was sound.\n";
        let full = "The mayor said the count erred, the lawyer said. Officials said the city must now start again.\n\nThe council had claimed the plan was sound.\n";
        let d = differences(copy, full);
        assert!(d.iter().all(|d| !d.0.is_loss()), "{d:?}");
    }

    #[test]
    fn a_copy_cut_right_before_its_full_stop_is_truncated() {
        let cut = &REF[..REF.find(". NATO").unwrap()];
        let d = differences(cut, REF);
        assert_eq!(d[0].0, Verdict::Truncation, "{d:?}");
    }

    #[test]
    fn a_copy_cut_before_a_web_address_ending_its_sentence_is_truncated() {
        let full = "The phone goes on sale in March. Pre-orders open on 14 February at www.example.com/fold. Analysts said the price would limit sales.\n";
        let cut = format!(
            "{}\n\nSubscribe to our newsletter\n",
            &full[..full.find(" www.").unwrap()]
        );
        let d = differences(&cut, full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        // A copy ending on a whole sentence before a line of addresses
        // lost no sentence's end.
        let full =
            "The phone goes on sale in March.\nhttps://example.com/fold https://example.com/shop\n";
        let cut = "The phone goes on sale in March.\n";
        let d = differences(cut, full);
        assert!(d.iter().all(|d| !d.0.is_loss()), "{d:?}");
    }

    #[test]
    fn a_cut_copy_whose_footer_starts_with_the_lost_words_letter_is_truncated() {
        // "A" of the copy's "Advertisement" and the lost "a" agree only
        // when case is set aside: two words, not a cut one.
        let full = "The display closes like a book, and the battery lasts two days. Pre-orders open in March.\n";
        let cut = "The display closes like\n\nAdvertisement - scroll to continue\n";
        let d = differences(cut, full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        // A word cut inside keeps its letters: "approv" is cut from "approved".
        let full = "The council approved the levy on Monday after a long debate.\n";
        let cut = "The council approv\n\nAdvertisement - scroll to continue\n";
        let d = differences(cut, full);
        let t: Vec<_> = d.iter().filter(|d| d.0 == Verdict::Truncation).collect();
        assert_eq!(t.len(), 1, "{d:?}");
        assert!(t[0].2.starts_with("ed the levy"), "{d:?}");
    }

    #[test]
    fn teaser_ellipsis_is_a_truncation_replaced_by_the_repair() {
        let cut = format!("{}...\n", &REF[..REF.find(" had opposed").unwrap()]);
        let d = differences(&cut, REF);
        assert_eq!(d[0].0, Verdict::Truncation);
        assert_eq!((d[0].1.as_str(), d[0].3), ("...", cut.len() - 4));
        let full_stop = format!("{}.\n", &REF[..REF.find(" had opposed").unwrap()]);
        assert_eq!(differences(&full_stop, REF)[0].0, Verdict::Trim);
    }

    #[test]
    fn truncated_copy_with_a_footer_is_still_truncated() {
        let cut = format!(
            "{}\n\nSubscribe to our newsletter\n",
            &REF[..REF.find("had opposed").unwrap()]
        );
        let d = differences(&cut, REF);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
    }

    #[test]
    fn truncated_copy_sharing_the_footer_is_still_truncated() {
        let footer = "\n\nFollow us on social media\n\u{a9} 2024 The Daily Example\n";
        let full = format!("{}{footer}", REF.trim_end());
        let cut = format!("{}{footer}", &REF[..REF.find(" had opposed").unwrap()]);
        let d = differences(&cut, &full);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Verdict::Truncation);
        assert!(d[0].2.trim_end().ends_with("in May."));
    }

    #[test]
    fn a_cut_copy_whose_own_note_ends_like_the_lost_text_is_truncated() {
        // The note's full stop matches the last full stop of the lost text:
        // the shared footer follows both.
        let full = format!("{}\n\nComments (12)\n", REF.trim_end());
        let cut = format!(
            "{}\n\nThis article was amended on 3 March.\nComments (12)\n",
            &REF[..REF.find(" which residents").unwrap()]
        );
        let d = differences(&cut, &full);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Verdict::Truncation);
        assert!(d[0].2.trim_end().ends_with("in May"), "{d:?}");
    }

    #[test]
    fn a_cut_copy_ending_in_short_lines_the_other_copy_ends_in_is_truncated() {
        // Footer lines no phrase list knows, in another order in the full copy.
        let (note, more) = ("This article was amended on 3 March.", "More on this story");
        let full = format!("{}\n\n{more}\n{note}\n", REF.trim_end());
        let cut = format!(
            "{}\n\n{note}\n{more}\n",
            &REF[..REF.find(" which residents").unwrap()]
        );
        let d = differences(&cut, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        assert!(d.iter().all(|d| d.0 != Verdict::Splice), "{d:?}");
        // Cut inside a word.
        let cut = format!(
            "{}\n\n{note}\n{more}\n",
            &REF[..REF.find("evy, which").unwrap()]
        );
        let d = differences(&cut, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        // A teaser's ellipsis, then a furniture line of its own.
        let teaser = format!(
            "{}...\n\nMost read\n{note}\n{more}\n",
            &REF[..REF.find(" reshape").unwrap()]
        );
        let d = differences(&teaser, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        assert!(d.iter().all(|d| d.0 != Verdict::Splice), "{d:?}");
        // Lost words before a last paragraph of prose are a splice.
        let last = "The levy was first proposed by the council's finance committee in the spring of last year.";
        let full = format!("{}\n\n{last}\n", REF.trim_end());
        let spliced = full.replace(
            "which residents had opposed for years. It takes effect in May.\n\n",
            "",
        );
        assert_splice(&spliced, &full);
    }

    #[test]
    fn a_cut_copy_sharing_one_footer_line_of_several_is_truncated() {
        // "Related Topics" opens a line in both copies, but the cut copy
        // goes on with a line the other lacks right after it.
        let full = format!(
            "{}\n\nRelated Topics\nThis article was amended on 3 March.\nTags: economy, politics\n",
            REF.trim_end()
        );
        let cut = format!(
            "{}\n\nImage caption: Officials met on Tuesday\n\nRelated Topics\nTags: economy, politics\n",
            &REF[..REF.find(" which residents").unwrap()]
        );
        let d = differences(&cut, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
    }

    #[test]
    fn styling_differences_are_not_differences() {
        let styled = REF.replace("year. NATO", "year.\r\nNATO").replace(
            "the new parking levy",
            "the \u{201c}new\u{201d} parking levy",
        );
        assert!(differences(&styled, REF).is_empty());
    }

    #[test]
    fn words_lost_after_a_glued_first_word_are_a_splice() {
        let copy = REF.replace("Ukraine is in the early", "Ukrainethe early");
        let d = differences(&copy, REF);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Verdict::Splice, "{d:?}");
        // A dateline or header the copy lacks before its first word is not,
        // nor a page title whose first letter opens the copy's site name.
        for (copy, peer) in [
            ("", "Posted on 3 May | LONDON \u{2014} "),
            (
                "Metro Wire\n\n",
                "M&S cuts prices by a quarter | Metro Wire\n\n",
            ),
            (
                "Northern Post\n  * Home\n  * News\n\n",
                "No charges against the mayor | Northern Post\n\n",
            ),
        ] {
            let d = differences(&format!("{copy}{REF}"), &format!("{peer}{REF}"));
            assert!(d.iter().all(|d| !d.0.is_loss()), "{peer}: {d:?}");
        }
    }

    #[test]
    fn words_lost_in_a_lead_after_headers_of_each_copys_own_are_a_splice() {
        // Each copy has a header of its own; the copy's lead sentence lost
        // the words after its first, glued to the rest ("Ukrainesignificantly")
        // or not, after a dateline or not.
        let headed = format!("The Daily Example\nUpdated 13 Sep 2024\n\n{REF}");
        for (full, lead) in [
            (headed.as_str(), "Ukrainesignificantly reshape"),
            (&headed, "Ukraine significantly reshape"),
            (&headed, "KYIV (AP) \u{2014} Ukrainesignificantly reshape"),
            // The peer's lead opens its text.
            (REF, "KYIV (AP) \u{2014} Ukrainesignificantly reshape"),
        ] {
            let copy = format!(
                "City Herald\nBy Jane Doe, in London\nPublished: 13/10/2024\n\n{}",
                REF.replace(
                    "Ukraine is in the early stages of a counteroffensive that could significantly reshape",
                    lead
                )
            );
            let d = differences(&copy, full);
            let splices: Vec<_> = d.iter().filter(|d| d.0 == Verdict::Splice).collect();
            assert_eq!(splices.len(), 1, "{lead}: {d:?}");
            assert!(splices[0].2.contains("early stages"), "{d:?}");
            assert!(d.iter().all(|d| d.0 != Verdict::Truncation), "{d:?}");
        }
        // The word the copy's lead opens with opens its site name too.
        let full = REF.replace("Ukraine is in", "The war in Ukraine is in");
        let copy = format!(
            "The Morning Record\nNews | UK | World\n\nKYIV (AP) \u{2014} {}",
            REF.replace("Ukraine is in", "Thein")
        );
        let d = differences(&copy, &full);
        let splices: Vec<_> = d.iter().filter(|d| d.0 == Verdict::Splice).collect();
        assert_eq!(splices.len(), 1, "{d:?}");
        assert_eq!(splices[0].2, " war in Ukraine is ", "{d:?}");
        // A standfirst, a byline and a caption between two lines that open
        // alike are lines, not words lost inside one.
        let page = "Council levy row | Northern Post\n\nThe council approved the new parking levy, which residents had opposed for years.\n";
        let dump = "Council levy row\n\nThe latest figures surprised analysts\n\nPriya Shah3 May 2024\n\n![](/i.jpg)Getty Images\n\nImage caption, The report was published on Monday\n\n**The council approved the new parking levy, which residents had opposed for years.\n";
        assert_no_loss(page, dump);
        // Two headers whose lines only open alike are no loss.
        let copy = format!("City News\n\n{REF}");
        let full = format!("City Herald Latest\n\n{REF}");
        assert_no_loss(&copy, &full);
        // Nor is a copy's lead that is another wording of the peer's.
        let copy = REF.replace(
            "Ukraine is in the early stages",
            "Ukraine has begun the early stages",
        );
        assert_no_loss(&format!("Home\n\n{copy}"), &headed);
    }

    #[test]
    fn words_differing_in_lines_of_page_furniture_are_no_loss() {
        // Each copy's related-story line names another story.
        let page = |related: &str| {
            format!("{REF}\nRelated: {related}\nRead more\nSubscribe to our newsletter\n")
        };
        let (a, b) = (
            page("Tautou 'to star in Da Vinci film'"),
            page("Da Vinci film to star Tom Hanks"),
        );
        for (x, y) in [(&a, &b), (&b, &a)] {
            assert_no_loss(x, y);
        }
        // A page cut inside its share bar was cut.
        let full = format!("{REF}\n  * Share on Facebook\n  * Share on X\n");
        let cut = format!("{REF}\n  * Share on\n");
        let d = differences(&cut, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        // Nor are two bylines.
        let byline = |by: &str| format!("By {by}\n\n{REF}");
        assert_no_loss(
            &byline("Jane Doe, Political correspondent"),
            &byline("Jane Doe and Tom Okafor, Political correspondents"),
        );
        // A hard-wrapped line that opens with such a word is prose.
        let wrapped = "The council approved the new parking levy on Tuesday\n\
                       night, after a long and bitter debate in the chamber\n\
                       that ran on until well after midnight, and the vote was\n\
                       very close indeed, the members said. The annual report\n\
                       updated the figures for the year, which residents had\n\
                       opposed for years, and the levy will take effect in May\n\
                       once the new signs and meters have been put in place on\n\
                       every street of the town centre, the council said in a\n\
                       statement issued on Wednesday morning to the press.\n";
        let copy = wrapped.replace("for the year, ", "");
        assert_splice(&copy, wrapped);
    }

    #[test]
    fn words_lost_in_the_last_sentence_before_its_last_word_are_a_splice() {
        // Each copy ends with a footer of its own.
        let copy = format!(
            "{}\nSubscribe to our newsletter for daily updates\n",
            REF.replace("It takes effect in May.", "It takes May.")
        );
        let full = format!("{REF}\nRelated: Council budget approved\nRead more\n");
        let d = differences(&copy, &full);
        let splices: Vec<_> = d.iter().filter(|d| d.0 == Verdict::Splice).collect();
        assert_eq!(splices.len(), 1, "{d:?}");
        assert_eq!(splices[0].2, "effect in ", "{d:?}");
        // A copy cut there, with its own last line after the cut, is cut.
        let cut = format!(
            "{}\nSubscribe to our newsletter for daily updates\n",
            &REF[..REF.find(" effect in May").unwrap()]
        );
        let d = differences(&cut, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        // Nor is one whose last sentence's full stop survives the loss (the
        // two copies share the footer).
        let footer = "\nSubscribe to our newsletter for daily updates\n";
        let copy = format!(
            "{}{footer}",
            REF.replace("It takes effect in May.", "It takes .")
        );
        let d = differences(&copy, &format!("{REF}{footer}"));
        let splices: Vec<_> = d.iter().filter(|d| d.0 == Verdict::Splice).collect();
        assert_eq!(splices.len(), 1, "{d:?}");
        assert_eq!(splices[0].2, "effect in May", "{d:?}");
        // An invalid byte inside the copy's last word is no loss.
        let garbled = format!(
            "{}\nSubscribe to our newsletter for daily updates\n",
            REF.replace("in May.", "in M\u{fffd}ay.")
        )
        .replace('\u{fffd}', "\u{1}");
        let mut bytes = garbled.into_bytes();
        let at = bytes.iter().position(|&b| b == 1).unwrap();
        bytes[at] = 0xff;
        let d = differences_of_bytes(&bytes, full.as_bytes());
        assert!(d.iter().all(|d| !d.verdict.is_loss()), "{d:?}");
    }

    #[test]
    fn dateline_the_copy_lacks_is_boilerplate() {
        let with = format!("WASHINGTON (AP) \u{2014} {REF}");
        let d = differences(REF, &with);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, Verdict::Boilerplate);
    }

    #[test]
    fn text_renderings_of_a_page_differ_only_in_furniture() {
        // html2text glues a caption to its image and keeps relative link
        // targets; another extractor drops the caption and the targets.
        let glued = format!(
            "{REF}\n![A photo](/img/1.jpg)Officials outside the building. Photo: Reuters\n\n* [Council approves budget](/news/2)\n\n(C) 2024 The Gazette\n"
        );
        let plain = format!(
            "{REF}\n![A photo](/img/1.jpg)\n\nCouncil approves budget\n\n\u{a9} 2024 The Gazette\n"
        );
        assert_no_loss(&plain, &glued);
    }

    #[test]
    fn markdown_links_and_link_annotations_are_not_losses() {
        let markdown = REF.replace(
            "the new parking levy,",
            "[the new parking levy](https://example.com/news/levy-2024) (opens in new tab),",
        );
        assert_no_loss(REF, &markdown);
        // The copy that dropped the link text is still caught.
        let dropped = REF.replace("the new parking levy", "");
        assert_splice(&dropped, &markdown);
    }

    #[test]
    fn a_lost_sentence_that_could_slide_onto_a_repeated_word_is_a_trim() {
        let text = "Shares fell on Monday. The index lost 2% after the downgrades. The dollar rose against the euro.\n";
        let copy = text.replace("The index lost 2% after the downgrades. ", "");
        let d = differences(&copy, text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].0, Verdict::Trim, "{d:?}");
    }

    #[test]
    fn a_missing_header_is_never_a_loss() {
        let with_header = format!("City Herald\nHome > News\nBy Jane Doe, reporter\n{REF}");
        assert_no_loss(REF, &with_header);
    }

    #[test]
    fn header_lines_ending_in_a_dateline_are_boilerplate() {
        let with = format!("By Jane Doe\nPublished: 28/01/2024\nPARIS (Reuters) -- {REF}");
        let copy = format!("Council news\n{REF}");
        assert_no_loss(&copy, &with);
    }

    #[test]
    fn a_shorter_byline_is_boilerplate_but_a_cut_headline_is_a_splice() {
        let full = format!("Council news\nBy Tom Okafor, Political correspondent\n{REF}");
        let short = format!("Council news\nBy Tom Okafor\n{REF}");
        assert_no_loss(&short, &full);
        let title = format!(
            "Central bank cuts rates for first time in two years as inflation cools\n\n{REF}"
        );
        let cut = title.replace("cuts rates for first time in two years ", "");
        let d = differences(&cut, &title);
        assert_eq!(d[0].0, Verdict::Splice, "{d:?}");
    }

    #[test]
    fn letters_shared_by_chance_inside_a_furniture_word_are_no_glued_junction() {
        let short = format!("Council news\nJane Doe\n329 comments\n{REF}");
        let full = format!("Council news\nJane Doe\n3 May 2024329 comments\n{REF}");
        assert_no_loss(&short, &full);
        // Two whole words glued are a junction.
        let glued = REF.replace("the new parking levy, which", "thewhich");
        let d = differences(&glued, REF);
        assert_eq!(d[0].0, Verdict::Splice, "{d:?}");
    }

    #[test]
    fn a_word_spelt_differently_is_a_variant_not_a_loss() {
        for (copy, full) in [
            ("(Photo: AP)", "(Photo: AFP)"),
            ("Published 1 February", "Published 11 February"),
            ("they approve the", "they approved the"),
        ] {
            let x = REF.replace("The council", &format!("{copy} council"));
            let y = REF.replace("The council", &format!("{full} council"));
            let d = differences(&x, &y);
            assert!(d.iter().all(|d| !d.0.is_loss()), "{copy}: {d:?}");
        }
    }

    #[test]
    fn a_date_line_without_its_byline_is_boilerplate() {
        let full = format!(
            "Prime minister\u{2019}s questions\n\nBy [Ewan Clarke](https://example.com/ewan)\nPublished 16 May 2024\n\n{REF}"
        );
        let short = format!("Prime minister\u{2019}s questions\n16 May 2024\n{REF}");
        assert_no_loss(&short, &full);
    }

    #[test]
    fn a_caption_with_its_credit_lost_after_a_date_line_is_boilerplate() {
        let short =
            format!("Council news\n\nPublished 3 May 2024 \u{b7} Updated 5 May 2024\n\n{REF}");
        let full = format!(
            "Council news\n\nPublished 3 May 2024 \u{b7} Updated 5 May 2024 52 comments\nOfficials speak to reporters outside. Image source, PA Media\n{REF}"
        );
        assert_no_loss(&short, &full);
        // Without the credit, the lost line is a sentence of the article.
        let prose = full.replace(" Image source, PA Media", "");
        let d = differences(&short, &prose);
        assert!(d.iter().any(|d| d.0.is_loss()), "{d:?}");
    }

    #[test]
    fn a_related_headline_at_the_end_is_not_a_cut_sentence() {
        let full = format!(
            "{REF}\nRelated:\n* [Port strike ends](https://example.com/1)\n* [Fares rise again](https://example.com/2)\n"
        );
        let short = format!("{REF}\nRelated: Port strike ends\n");
        assert_no_loss(&short, &full);
    }

    #[test]
    fn a_copy_ending_on_a_sign_off_where_the_other_runs_into_the_page_is_not_cut() {
        let article = "The lesson, as always, is that you are what you search for online.\n\n";
        // A whole-page copy goes on from the sign-off into a link and menus.
        let page = format!(
            "{article}-- By Michael Russell Follow @mrussell\n\nView Comments\n\nRelated Stories\n\nFood Sections\n\n* Dining Out\n* Cooking\n"
        );
        for end in ["-- By Michael Russell\n", "Page 1 of 2\n"] {
            let copy = format!("{article}{end}");
            let other = page.replace("-- By Michael Russell", end.trim_end());
            assert_no_loss(&copy, &other);
        }
        // A line opening like furniture, however long, where the page runs on.
        let more = "READ MORE: Riot is considering making these changes to the Worlds 2024 format";
        let copy = format!("{article}{more}\n");
        let other =
            format!("{article}{more}\n\nView Comments\n\nRelated Stories\n\nFood Sections\n");
        assert_no_loss(&copy, &other);
        // Cut a few words into a paragraph, the rest of its sentence on the
        // other copy's line: cut.
        let full =
            format!("{article}The agreement is likely to see the two companies work together.\n");
        let cut = format!("{article}The agreement\n");
        assert!(
            differences(&cut, &full)
                .iter()
                .any(|d| d.0 == Verdict::Truncation)
        );
        // Cut inside a heading, the article's next paragraph after it (past
        // an advertisement line): cut.
        let full = format!(
            "{article}Why it matters\n\nAdvertisement\n\nThe unfolding scale of the disaster had little immediate impact on shares.\n"
        );
        let cut = format!("{article}Why\n");
        assert!(
            differences(&cut, &full)
                .iter()
                .any(|d| d.0 == Verdict::Truncation)
        );
        // A sign-off that leaves its sentence open is cut.
        let cut = format!("{article}-- By Michael Russell and the\n");
        let other = page.replace("Russell Follow", "Russell and the team Follow");
        assert!(
            differences(&cut, &other)
                .iter()
                .any(|d| d.0 == Verdict::Truncation)
        );
    }

    #[test]
    fn words_a_copy_holds_as_a_pictures_alt_text_are_not_lost() {
        let before = "Our partner sites carry the week's best reading for members.\n\n";
        let after = "\n\nThe council approved the new parking levy on Monday evening.\n";
        let picture =
            format!("{before}[![NIKKEI STYLE](/logo/style.png)](http://style.example.com/){after}");
        let words = format!("{before}[NIKKEI STYLE](http://style.example.com/){after}");
        assert_no_loss(&picture, &words);
        // Other words than the alt text are lost.
        let story = "It starts in May.\n";
        let full = format!(
            "The council approved the new parking levy, which residents had opposed for years. {story}"
        );
        let cut = format!(
            "The council approved ![a photo](/a.png), which residents had opposed for years. {story}"
        );
        assert_splice(&cut, &full);
    }

    #[test]
    fn words_lost_inside_a_copyright_notice_are_furniture() {
        let story = "Reporters in Kabul and Greenville contributed to this story.";
        let full = format!("{story} \u{a9} 2016 The Associated Press. All rights reserved.\n");
        let lost = format!("{story} \u{a9} 2016 . All rights reserved.\n");
        assert_no_loss(&lost, &full);
        let full = format!("{story}\nCopyright 2016 The Associated Press. All rights reserved.\n");
        let lost = format!("{story}\nCopyright 2016 . All rights reserved.\n");
        assert_no_loss(&lost, &full);
        // A sentence about copyright is prose.
        let next = "The council will meet again in May to decide.";
        let full = format!(
            "The firm lost. Copyright lawyers said the ruling on the new parking levy could be appealed within weeks. {next}\n"
        );
        let lost = format!(
            "The firm lost. Copyright lawyers said the ruling could be appealed within weeks. {next}\n"
        );
        assert_splice(&lost, &full);
    }

    #[test]
    fn a_glued_junction_before_an_advertisement_line_is_a_splice() {
        let full = "Critics said that if they were to see the film they would not protest against its release on Friday.\n\"It is about love,\" he said of the film.\n";
        let copy = "Critics said that if they wereon Friday.\nAdvertisement\n\"It is about love,\" he said of the film.\n";
        assert_splice(copy, full);
        // An advertisement line alone is still only furniture.
        let ad = full.replace("Friday.\n", "Friday.\nAdvertisement\n");
        assert!(differences(&ad, full).iter().all(|d| !d.0.is_loss()));
    }

    #[test]
    fn a_glued_junction_before_an_embedded_post_is_a_splice() {
        let full = "The nominees include Shane Meadows and My Summer Of Love director Pawel Pawlikowski.\nNominees for best foreign film include Bad Education.\n";
        let copy = "The nominees include Shane Meadows and MyPawlikowski.\nStatement just released. pic.twitter.com/6OnRenUnQr -- Jane Doe (@jdoe) August 10, 2024\nNominees for best foreign film include Bad Education.\n";
        assert_splice(copy, full);
        // The post alone is a page insert, no loss.
        let post = full.replace(
            "Pawlikowski.\n",
            "Pawlikowski.\nStatement just released. pic.twitter.com/6OnRenUnQr -- Jane Doe (@jdoe) August 10, 2024\n",
        );
        assert!(differences(&post, full).iter().all(|d| !d.0.is_loss()));
    }

    #[test]
    fn a_cut_inside_a_link_is_placed_after_the_link() {
        let md = REF.replace(
            "the new parking levy",
            "[the new parking levy](https://example.com/levy)",
        );
        let at = md.find(" levy](").unwrap();
        let cut = format!(
            "{}](https://example.com/levy)\n\n## Share this page\n* [Facebook](https://facebook.com)\n",
            &md[..at]
        );
        let d = differences(&cut, &md);
        let t = d.iter().find(|d| d.0 == Verdict::Truncation).unwrap();
        assert_eq!(t.3, cut.find("\n\n## Share").unwrap(), "{d:?}");
    }

    #[test]
    fn a_cut_copy_whose_related_headline_the_other_copy_also_lists_is_truncated() {
        let full = format!("{REF}\nRelated: Markets rally on rate hopes\n");
        let cut = format!(
            "{}\n\n## Related\n\n* [Markets rally on rate hopes](https://example.com/news/1)\n\n\u{a9} 2024 The Gazette\n",
            &REF[..REF.find(" had opposed").unwrap()]
        );
        let d = differences(&cut, &full);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
    }

    #[test]
    fn a_copy_cut_one_word_into_a_paragraph_after_a_picture_is_truncated() {
        let at = REF.find("\n\nThe council").unwrap();
        let pictures = "\n\n![A flooded square](https://example.com/a.jpg)\n*A resident walks past the flooded square. Photo: Jane Doe/PA*\n\n";
        let footer = "\n\n## Share this page\n* [Facebook](https://facebook.com)\n";
        let cut = format!("{}{pictures}The{footer}", &REF[..at]);
        let d = differences(&cut, REF);
        let t = d.iter().find(|d| d.0 == Verdict::Truncation);
        assert_eq!(t.map(|t| t.3), Some(cut.find(footer).unwrap()), "{d:?}");
        // The pictures alone before the footer: the copy ends where a
        // paragraph ends, a trim.
        let trimmed = format!("{}{pictures}{footer}", &REF[..at]);
        assert!(differences(&trimmed, REF).iter().all(|d| !d.0.is_loss()));
    }

    #[test]
    fn a_footer_line_sharing_a_first_letter_with_the_lost_word_hides_no_cut() {
        // "Local…" and "levy" share only a letter: no word of the footer
        // goes on where the copy was cut.
        let cut = format!(
            "{}\n\nLocal elections bring surprise results across the county\n",
            &REF[..REF.find(" levy").unwrap()]
        );
        let d = differences(&cut, REF);
        let t = d.iter().find(|d| d.0 == Verdict::Truncation);
        assert_eq!(t.map(|t| t.3), Some(REF.find(" levy").unwrap()), "{d:?}");
    }

    #[test]
    fn a_glued_junction_after_a_byline_is_a_splice() {
        let full = "Quangos under fire\n\nThe UK has 529 quangos financed with billions of pounds of taxpayers' cash, a report claims.\n";
        let glued = "Quangos under fire\nBy Jane Doe\nThehas 529 quangos financed with billions of pounds of taxpayers' cash, a report claims.\n";
        let d = differences(glued, full);
        assert!(
            d.iter()
                .any(|d| d.0 == Verdict::Splice && d.2.trim() == "UK"),
            "{d:?}"
        );
        // The byline alone is furniture.
        let byline = glued.replace("Thehas", "The UK has");
        assert!(differences(&byline, full).iter().all(|d| !d.0.is_loss()));
    }

    #[test]
    fn a_copy_cut_after_a_word_that_reads_like_a_menu_item_is_truncated() {
        let first =
            "The talks in Geneva ended on Friday with both sides saying progress had been made.";
        let full =
            format!("{first}\n\nRussia has been waiting for a decade to join the trade body.\n");
        let pictures =
            "![Officials outside](https://example.com/a.jpg)\n*Officials outside. Photo: AP*";
        let footer = "\n\n## Share this page\n* [Facebook](https://facebook.com)\n";
        let cut = format!("{first}\n\n{pictures}\n\nRussia{footer}");
        let d = differences(&cut, &full);
        let t = d.iter().find(|d| d.0 == Verdict::Truncation);
        assert_eq!(t.map(|t| t.3), Some(cut.find(footer).unwrap()), "{d:?}");
        // A menu word that is not where the other copy goes on is furniture.
        let other = full.replace("Russia has", "Moscow has");
        assert!(differences(&cut, &other).iter().all(|d| !d.0.is_loss()));
    }

    #[test]
    fn a_markdown_copy_cut_after_a_link_is_truncated() {
        let md = REF.replace(
            "the new parking levy",
            "[the new parking levy](https://example.com/levy)",
        );
        let cut = format!(
            "{}\n\n## Share this page\n* [Facebook](https://facebook.com)\n",
            &md[..md.find(", which").unwrap()]
        );
        let d = differences(&cut, &md);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
    }

    #[test]
    fn a_markdown_copy_cut_right_after_a_link_at_the_end_of_its_line_is_truncated() {
        // The link's one word is matched by chance alone and dropped: the
        // compared text opens with the link's bracket.
        let cut = format!(
            "{}[levy](https://example.com/levy)\n\n## Share this page\n* [Facebook](https://facebook.com)\n",
            &REF[..REF.find("levy, which").unwrap()]
        );
        let d = differences(&cut, REF);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
        assert!(d.iter().all(|d| !d.2.starts_with("levy")), "{d:?}");
    }

    #[test]
    fn an_embedded_post_and_image_before_a_caption_are_whole_lines() {
        let md = format!(
            "{}\n> Still waiting for answers. pic.twitter.com/abc\n>\n> \u{2013} Jane Doe (@jdoe) October 3, 2024\n\n![A flooded square](https://example.com/a.jpg)\n*A resident walks past the flooded square. Photo: Jane Doe/PA*\n\n{}",
            &REF[..REF.find("\n\n").unwrap()],
            &REF[REF.find("\n\n").unwrap() + 2..]
        );
        let plain = format!(
            "{}\nA resident walks past the flooded square. Photo: Jane Doe/PA\n{}",
            &REF[..REF.find("\n\n").unwrap()],
            &REF[REF.find("\n\n").unwrap() + 2..]
        );
        assert_no_loss(&plain, &md);
    }

    #[test]
    fn a_byline_that_lost_its_linked_name_is_boilerplate_but_prose_is_not() {
        // Extractors drop the author link or the date inside a byline line.
        for (copy, full) in [
            ("By Business reporter", "By Tom Field Business reporter"),
            (
                "Posted on by Priya Shah \u{2014}",
                "Posted on 3 May 2024 by Priya Shah \u{2014}",
            ),
        ] {
            let x = format!("Council news\n\n{copy}\n\n{REF}");
            let y = format!("Council news\n\n{full}\n\n{REF}");
            let d = differences(&x, &y);
            assert!(d.iter().all(|d| !d.0.is_loss()), "{copy}: {d:?}");
        }
        // The same loss in a line of prose is a splice.
        let full = REF.replace("The council", "By March the council");
        let x = full.replace("By March the council", "By council");
        let d = differences(&x, &full);
        assert_eq!(d[0].0, Verdict::Splice, "{d:?}");
    }

    #[test]
    fn a_page_title_and_caption_after_the_heading_are_boilerplate_but_a_lost_lead_is_not() {
        // A markdown copy keeps the image and drops its caption; the other
        // copy's heading is the page title with the site's name.
        let title = "Central bank cuts rates for first time in two years";
        let md = format!("# {title}\n\n![A flooded square](/img/1.jpg)\n\n{REF}");
        let page = format!(
            "{title} | City Herald\n\nA resident walks past the flooded square. (AP Photo/John Smith)\n\n{REF}"
        );
        assert_no_loss(&md, &page);
        // Words lost from the start of the first paragraph are lost text.
        let cut = format!(
            "# Council news\n\n{}",
            &REF["Ukraine is in the early ".len()..]
        );
        let full = format!("# Council news\n\n{REF}");
        let d = differences(&cut, &full);
        assert_eq!(d[0].0, Verdict::Splice, "{d:?}");
    }

    #[test]
    fn a_headline_matched_to_a_lead_sentence_is_no_loss_but_a_glued_first_line_is() {
        // The peer has no headline: the copy's headline words match its lead.
        let headline = format!("UK firms 'embracing e-commerce'\n\n{REF}");
        let lead = format!(
            "UK firms are embracing internet trading opportunities as never before, e-commerce minister Mike O'Brien says.\n\n{REF}"
        );
        assert_no_loss(&headline, &lead);
        // The same after header lines and before a byline; the peer's lead
        // opens with a word the headline lacks.
        let headline = format!(
            "The Daily Example\nNews | UK | World\nPop band Busted to 'take a break'\nBy Priya Raman, in London\nShare this article\n{REF}"
        );
        let lead = format!(
            "News | UK | World\n\nChart-topping pop band Busted have confirmed that they plan to \"take a break\", following rumours of a split.\n\n{REF}"
        );
        assert_no_loss(&headline, &lead);
        // A hard-wrapped copy whose first sentence lost words mid-line.
        let full = "George W Bush will display a more consensual approach to world politics as he begins his second term as US President, Tony Blair has said.\n\nThe prime minister said Mr Bush had learned military force was not the only way to fight terrorism. He understood that the best prospect of peaceful co-existence lies in the spread of democracy and freedom, Mr Blair told the committee on Tuesday.\n";
        let glued = "George W Bush will display aworld politics as he begins his\nsecond term as US President, Tony Blair has said. The prime\nminister said Mr Bush had learned military force was not the\nonly way to fight terrorism. He understood that the best\nprospect of peaceful co-existence lies in the spread of\ndemocracy and freedom, Mr Blair told the committee on\nTuesday.\n";
        assert_splice(glued, full);
        // A wrapped first line that lost its line break with the words runs
        // longer than the wrap, so it stands alone, but no blank line follows.
        let full = "Rock band U2 break ticket record\n\nU2 have smashed Irish box office records with ticket sales for their Dublin concerts, after more than 150,000 were sold within 50 minutes.\n\nTickets for the two concerts at the city's Croke Park stadium were released at 8am on Friday morning. Nothing like it has ever been seen in Ireland before, said Justin Green, spokesman for organisers MCD Promoters. We could have sold a million tickets, he said on Friday.\n";
        let glued = "U2 have smashed Irish box for their Dublin concerts, after more than 150,000 were\nsold within 50 minutes. Tickets for the two concerts at\nthe city's Croke Park stadium were released at 8am on\nFriday morning. Nothing like it has ever been seen in\nIreland before, said Justin Green, spokesman for\norganisers MCD Promoters. We could have sold a million\ntickets, he said on Friday.\n";
        assert_splice(glued, full);
        // A wrapped first line whose next line opens like a byline.
        let full = "Cactus diet deal\n\nA slimming aid made from a southern African cactus is set to be developed by UK firm Phytopharm and Unilever.\n\nAnglo-Dutch food giant Unilever will help the pharmaceutical firm develop the drug for the market, with the aim of selling it in shops.\n";
        let glued = "Share this article\n\nA made from a southern African cactus is set to be developed\nby UK firm Phytopharm and Unilever. Anglo-Dutch food giant\nUnilever will help the pharmaceutical firm develop the drug\nfor the market, with the aim of selling it in shops. It is\nthe first deal of its kind between the two companies, which\nhave worked together on other products for several years.\n";
        assert_splice(glued, full);
    }

    #[test]
    fn a_caption_with_its_credit_dropped_beside_its_image_is_no_loss() {
        let (first, rest) = REF.split_once("\n\n").unwrap();
        let md = format!("{first}\n\n![The report was published on Monday](/img/7.jpg)\n\n{rest}");
        let plain =
            format!("{first}\nThe report was published on Monday. (AP Photo/John Smith)\n{rest}");
        assert_no_loss(&md, &plain);
    }

    #[test]
    fn a_copy_whose_article_goes_on_is_not_cut_where_a_shorter_peer_has_more() {
        // The peer is only the page title with the site's name after it.
        let title = "Council approves parking levy";
        let copy = format!("{title}\nPosted on\n{REF}");
        let peer = format!("{title} | Daily Example\n");
        assert_no_loss(&copy, &peer);
        // A copy cut mid-sentence, with only a footer after, is cut.
        let cut = format!(
            "{}\nShare this article\n",
            &REF[..REF.find("could").unwrap()]
        );
        let d = differences(&cut, REF);
        assert!(d.iter().any(|d| d.0 == Verdict::Truncation), "{d:?}");
    }

    #[test]
    fn changed_words_are_a_variant() {
        let copy = REF.replace("had opposed", "have fought");
        let d = differences(&copy, REF);
        assert_eq!(d[0].0, Verdict::Variant);
    }

    #[test]
    fn prefix_and_suffix_fold_styling() {
        assert_eq!(
            common_prefix("\u{201c}It\u{2019}s  x", "\"it's\ny"),
            (11, 6)
        );
        assert_eq!(common_suffix("a levy", "b  Levy"), (5, 6));
    }
}
