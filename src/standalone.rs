//! Checks that need no reference, run on every document (singletons too):
//!
//! * [`Kind::Encoding`]: invalid UTF-8, NUL bytes and stray control characters;
//!   the repair deletes them;
//! * [`Kind::Mojibake`]: UTF-8 text that was read as Windows-1252 or Latin-1
//!   (one finding per paragraph)
//!   ("â€™" for "’", "Ã©" for "é", "Â£" for "£"), found as runs of characters
//!   whose single-byte encoding is itself valid multi-byte UTF-8, a pattern
//!   legitimate text in any language does not produce; the repair decodes it;
//! * [`Kind::Duplication`]: a paragraph or sentence of prose repeated back to
//!   back (a paragraph also across lines of page inserts, such as a
//!   caption); the repair deletes the second copy. A repeated short line of its
//!   own that ends on no full stop (an outlet printing its headline twice,
//!   with or without a question mark) is not reported;
//! * [`Kind::Truncation`] (warning) for a document with no sibling copy whose
//!   last paragraph stops without sentence punctuation on a word no sentence
//!   ends on: a function word ("the", "of") or the start of a word the text
//!   uses whole elsewhere ("governm").

use std::ops::Range;

use crate::charset::{decode_mojibake, sequence};
use crate::finding::{Finding, Kind, Repair, Severity};
use crate::settings::Settings;
use crate::tokenize::{Text, TokenKind};

/// Fewest words a repeated unit must have to count as a duplication.
pub const MIN_DUPLICATE_WORDS: usize = 6;

/// A line of its own shorter than this, repeated, is taken for a headline.
pub const HEADLINE_WORDS: usize = 12;

/// A single paragraph of at least this many words counts as text even with
/// no sentence end in it (a list of awards run together with dashes): a menu
/// or a link list repeated is several short lines, not one long one.
pub const LONG_PARAGRAPH_WORDS: usize = 40;

/// Runs every check on one document.
pub fn check(
    doc: usize,
    family: usize,
    bytes: &[u8],
    text: &Text,
    singleton: bool,
    settings: &Settings,
) -> Vec<Finding> {
    let finding =
        |kind, severity, range: Range<usize>, replacement: Option<String>, message: String| {
            Finding {
                kind,
                severity,
                doc,
                family,
                start: range.start,
                end: range.end,
                reference: None,
                repair: replacement.map(|replacement| Repair {
                    start: range.start,
                    end: range.end,
                    replacement,
                }),
                message,
            }
        };
    let mut out = Vec::new();
    for r in bad_bytes(bytes, text) {
        let message = format!(
            "{} byte(s) that are not text (invalid UTF-8, NUL or control characters)",
            r.len()
        );
        out.push(finding(
            Kind::Encoding,
            Severity::Error,
            r,
            Some(String::new()),
            message,
        ));
    }
    for (r, fixed) in mojibake(bytes) {
        let message = format!(
            "text decoded with the wrong character set; it reads {:?} as intended",
            shorten(&fixed, 60)
        );
        out.push(finding(
            Kind::Mojibake,
            Severity::Error,
            r,
            Some(fixed),
            message,
        ));
    }
    for (r, words) in duplications(bytes, text) {
        let message = format!("{words} word(s) repeated right after themselves");
        out.push(finding(
            Kind::Duplication,
            Severity::Error,
            r,
            Some(String::new()),
            message,
        ));
    }
    if singleton && let Some(at) = cut_end(bytes, text, &settings.boilerplate) {
        let message = "the document has no sibling copy and its last paragraph stops mid-sentence"
            .to_string();
        out.push(finding(
            Kind::Truncation,
            Severity::Warning,
            at..at,
            None,
            message,
        ));
    }
    out
}

/// Words of a repeat's opening that [`demote_shared_repeats`] looks for in
/// other copies.
const REPEAT_OPENING_WORDS: usize = 8;

/// Most other copies of a family a repeat is looked for in.
const MAX_COMPARED: usize = 32;

/// Demotes to info the duplications whose text other copies of the same
/// family print twice too (as many times as the copy does): a pull quote set after the paragraph it quotes
/// is printed twice in most copies made from the page (right after it, or
/// further on where an extractor kept a caption between), while a
/// scraper's glitch repeats text in one copy. In a family of four or more,
/// one other copy with the same repeat may be the same glitch by chance:
/// two are needed. A picture's alt text counts where the picture stands (a
/// gallery prints each caption as the alt text and below it; an extractor
/// that prints both as text prints it twice). `findings[d]` are document
/// `d`'s findings from [`check`], `bytes[d]` its bytes and `texts[d]` its
/// tokens; `members` lists each family's documents.
pub fn demote_shared_repeats(
    findings: &mut [Vec<Finding>],
    bytes: &[&[u8]],
    texts: &[Text],
    members: &[&[usize]],
) {
    for family in members.iter().filter(|m| m.len() > 1) {
        let has_repeat = |d: &usize| findings[*d].iter().any(|f| f.kind == Kind::Duplication);
        if !family.iter().any(has_repeat) {
            continue;
        }
        let words: Vec<Vec<u64>> = family
            .iter()
            .map(|&d| words_with_alt_text(bytes[d], &texts[d]))
            .collect();
        let needed = if family.len() >= 4 { 2 } else { 1 };
        for (i, &d) in family.iter().enumerate() {
            for f in findings[d]
                .iter_mut()
                .filter(|f| f.kind == Kind::Duplication && f.severity == Severity::Error)
            {
                // Its first words: extractors cut a repeated block of page
                // parts (a newsletter form printed twice) at other lines.
                let mut repeat = texts[d].word_keys(f.start..f.end);
                repeat.truncate(REPEAT_OPENING_WORDS);
                // As often as this copy prints it: an article quoting a
                // sentence twice (a standfirst, then the text) and a copy
                // printing it a third time is still a glitch.
                let printed = occurrences(&words[i], &repeat).max(2);
                // The copies after this one, at most MAX_COMPARED of them.
                let shared = (1..family.len())
                    .map(|k| &words[(i + k) % family.len()])
                    .take(MAX_COMPARED)
                    .filter(|theirs| occurrences(theirs, &repeat) >= printed)
                    .take(needed)
                    .count();
                if shared >= needed {
                    f.severity = Severity::Info;
                    f.message = format!(
                        "{}, as other copies of the family print it twice too: the page's \
                         own repeat (a pull quote), not a scraper's glitch",
                        f.message
                    );
                }
            }
        }
    }
}

/// The keys of a document's words, with the words of each markdown
/// picture's alt text where the picture stands.
fn words_with_alt_text(bytes: &[u8], text: &Text) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len());
    for (t, &k) in text.tokens.iter().zip(&text.keys) {
        match t.kind {
            TokenKind::Word => out.push(k),
            TokenKind::Url => {
                out.extend(crate::tokenize::alt_text_words(&bytes[t.span()]).unwrap_or_default());
            }
            TokenKind::Punct => {}
        }
    }
    out
}

/// How many times `part` occurs in `words`, without overlaps.
fn occurrences(words: &[u64], part: &[u64]) -> usize {
    if part.is_empty() {
        return 0;
    }
    let mut count = 0;
    let mut i = 0;
    while i + part.len() <= words.len() {
        if words[i..i + part.len()] == *part {
            count += 1;
            i += part.len();
        } else {
            i += 1;
        }
    }
    count
}

fn shorten(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('\u{2026}');
    }
    out
}

/// Invalid UTF-8, NUL bytes and control characters other than tab, line
/// endings and form feed, merged into runs.
pub fn bad_bytes(bytes: &[u8], text: &Text) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = text
        .invalid
        .iter()
        .map(|r| with_damaged_continuation(bytes, r.clone()))
        .collect();
    // The control characters left (C0 and DEL) are ASCII: one byte each,
    // never part of another character or of an invalid sequence.
    let control = |b: u8| crate::load::is_layout_free_control(b) | (b == 0x7f);
    // Most texts have none: a branch-free pass over whole vectors of bytes
    // says so before any is looked for.
    if bytes.iter().fold(false, |any, &b| any | control(b)) {
        for (i, &b) in bytes.iter().enumerate() {
            if control(b) {
                ranges.push(i..i + 1);
            }
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// A lone UTF-8 lead byte inside a word, followed by an ASCII mark where
/// its continuation byte should be ("wo\xC3(rd"): the mark is the damaged
/// continuation and goes with the lead byte.
fn with_damaged_continuation(bytes: &[u8], r: Range<usize>) -> Range<usize> {
    let lead = r.len() == 1 && (0xc2..=0xf4).contains(&bytes[r.start]);
    let letter = |i: Option<&u8>| i.is_some_and(u8::is_ascii_alphabetic);
    let mark = bytes.get(r.end).is_some_and(|b| b.is_ascii_punctuation());
    if lead
        && mark
        && letter(r.start.checked_sub(1).and_then(|i| bytes.get(i)))
        && letter(bytes.get(r.end + 1))
    {
        r.start..r.end + 1
    } else {
        r
    }
}

/// Byte ranges of mojibake, one per line that holds some (from the first
/// garbled character to the last), with the repaired text.
pub fn mojibake(bytes: &[u8]) -> Vec<(Range<usize>, String)> {
    let clean = match std::str::from_utf8(bytes) {
        Ok(s) => !crate::charset::holds_mojibake(s),
        Err(_) => !crate::charset::may_hold_mojibake(bytes),
    };
    if clean {
        return Vec::new();
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut base = 0;
    for chunk in bytes.utf8_chunks() {
        let s = chunk.valid();
        if !s.is_ascii() {
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            let plain: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
            let mut current: Option<Range<usize>> = None;
            let mut i = 0;
            while i < plain.len() {
                // A paragraph ends at a blank line; a wrapped paragraph's
                // line breaks do not end it.
                if plain[i] == '\n'
                    && plain[i + 1..]
                        .iter()
                        .find(|c| !matches!(c, ' ' | '\t' | '\r'))
                        == Some(&'\n')
                {
                    ranges.extend(current.take());
                }
                match sequence(&plain[i..]) {
                    Some((n, _)) => {
                        let start = base + chars[i].0;
                        let end = base + chars.get(i + n).map_or(s.len(), |&(at, _)| at);
                        current = Some(current.map_or(start..end, |r| r.start..end));
                        i += n;
                    }
                    None => i += 1,
                }
            }
            ranges.extend(current);
        }
        base += s.len() + chunk.invalid().len();
    }
    ranges
        .into_iter()
        .map(|r| {
            let text = crate::tokenize::lossy(&bytes[r.clone()]).into_owned();
            (r, decode_mojibake(&text))
        })
        .collect()
}

/// Back-to-back repeats of whole sentences or paragraphs of prose: the byte
/// range of the second copy (with the white space after it) and its word count.
/// Lines of page inserts between two copies of a paragraph (a picture's
/// caption, an advertisement label) still leave them back to back.
pub fn duplications(bytes: &[u8], text: &Text) -> Vec<(Range<usize>, usize)> {
    let toks = &text.tokens;
    let starts: Vec<usize> = (0..toks.len())
        .filter(|&i| text.boundary_before(i))
        .collect();
    let mut out: Vec<(Range<usize>, usize)> = Vec::new();
    let mut covered = 0;
    for (si, &a) in starts.iter().enumerate() {
        if a < covered {
            continue;
        }
        let mut first_line = text.line_starts_at(a);
        for &end in starts[si + 1..].iter().take(40) {
            let len = end - a;
            // Where the repeat starts: right away or, for one paragraph,
            // after lines of page inserts.
            let mut b = end;
            if first_line && text.line_starts_at(end) {
                first_line = false;
                if text.keys.get(end) != text.keys.get(a) {
                    b = repeat_after_inserts(bytes, text, a, end).unwrap_or(end);
                }
            }
            let c = b + len;
            if c > toks.len() || !text.boundary_before(c) {
                continue;
            }
            if text.keys[a..end] != text.keys[b..c] {
                continue;
            }
            let unit = &toks[a..end];
            let words = unit.iter().filter(|t| t.kind == TokenKind::Word).count();
            let one_long_paragraph = words >= LONG_PARAGRAPH_WORDS
                && text.line_starts_at(a)
                && text.line_starts_at(b)
                && !unit[1..].iter().any(|t| t.starts_line);
            let prose = unit.iter().any(|t| t.terminal) || one_long_paragraph;
            // A short line of its own printed twice is a headline an outlet
            // repeats as a title, not a scraper's glitch; headlines end on
            // no full stop (a question mark at most), a quoted sentence
            // ("'We will appeal,' she said.") does.
            let line_of_its_own = text.line_starts_at(a) && text.line_starts_at(b);
            let full_stop = unit
                .iter()
                .rev()
                .map(|t| &bytes[t.span()])
                .find(|t| !is_closing(t))
                .is_some_and(|t| t == b".");
            let headline = line_of_its_own && words < HEADLINE_WORDS && !full_stop;
            // A copyright notice a page prints twice (at the top and the
            // foot) is the page's.
            let notice = words <= NOTICE_WORDS && {
                let from = toks[a].start as usize;
                let line = crate::tokenize::line_end(bytes, from);
                crate::boilerplate::is_copyright_notice(&crate::tokenize::lossy(&bytes[from..line]))
            };
            if words < MIN_DUPLICATE_WORDS || !prose || headline || notice {
                continue;
            }
            let start = toks[b].start as usize;
            let stop = toks.get(c).map_or(bytes.len(), |t| t.start as usize);
            out.push((start..stop, words));
            covered = c;
            break;
        }
    }
    out
}

/// Most words of a repeated copyright notice that [`duplications`] leaves
/// to the page.
const NOTICE_WORDS: usize = 15;

/// True for a closing quote or bracket (straight, or U+201D and U+2019 in
/// UTF-8), which may follow a sentence's full stop.
fn is_closing(token: &[u8]) -> bool {
    matches!(
        token,
        b"\"" | b"'" | b")" | b"]" | b"\xe2\x80\x9d" | b"\xe2\x80\x99"
    )
}

/// Most lines of page inserts passed over between two copies of a paragraph.
const INSERT_LINES: usize = 3;

/// Longest line read as a page insert there (a caption, not a paragraph).
const INSERT_LINE_BYTES: usize = 300;

/// Where paragraph `a` (ending at token `end`) starts again after lines
/// of page inserts (captions, image lines, advertisement labels), if it does.
fn repeat_after_inserts(bytes: &[u8], text: &Text, a: usize, end: usize) -> Option<usize> {
    let toks = &text.tokens;
    let mut k = end;
    for _ in 0..INSERT_LINES {
        // The next line start, among short lines only.
        let limit = toks.get(k)?.start as usize + INSERT_LINE_BYTES;
        let next =
            (k + 1..toks.len()).find(|&j| toks[j].starts_line || toks[j].end as usize > limit)?;
        if !toks[next].starts_line {
            return None;
        }
        if text.keys[next] == text.keys[a] {
            return all_insert_lines(bytes, text, end..next).then_some(next);
        }
        k = next;
    }
    None
}

/// True when the tokens `r` are whole lines of page inserts or furniture.
fn all_insert_lines(bytes: &[u8], text: &Text, r: Range<usize>) -> bool {
    let toks = &text.tokens;
    let mut k = r.start;
    while k < r.end {
        let next = (k + 1..r.end)
            .find(|&j| toks[j].starts_line)
            .unwrap_or(r.end);
        let line = &bytes[toks[k].start as usize..toks[next - 1].end as usize];
        let Ok(line) = std::str::from_utf8(line) else {
            return false;
        };
        if !crate::boilerplate::is_furniture_or_insert(line, &[]) {
            return false;
        }
        k = next;
    }
    true
}

/// Where a document's text stops mid-sentence: the end of the last token of
/// its last paragraph of prose, when that paragraph lacks final punctuation.
/// Lines of page furniture (built-in phrases and `extra_boilerplate`) after it
/// are skipped.
pub fn cut_end(bytes: &[u8], text: &Text, extra_boilerplate: &[String]) -> Option<usize> {
    let s = crate::tokenize::lossy(bytes);
    let mut end = s.trim_end().len();
    // Skip a footer of page furniture.
    loop {
        let line_start = s[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = s[line_start..end].trim();
        if line_start == 0 || !crate::boilerplate::is_boilerplate_line_with(line, extra_boilerplate)
        {
            break;
        }
        end = s[..line_start].trim_end().len();
    }
    let line_start = s[..end].rfind('\n').map_or(0, |i| i + 1);
    let line = s[line_start..end].trim();
    let words = line.split_whitespace().count();
    if words < 12 || s.len() != bytes.len() {
        return None;
    }
    let last = text
        .tokens
        .partition_point(|t| (t.end as usize) <= end)
        .checked_sub(1)?;
    let tok = &text.tokens[last];
    let open = !tok.terminal && !line.ends_with(['.', '!', '?', '"', '\u{201d}', ')', ':']);
    // Some articles end without a full stop; a sentence cannot end on a
    // function word, nor on the first letters of a word the text uses whole.
    let word = s[tok.span()].to_lowercase();
    let cut_word = tok.kind == TokenKind::Word
        && (FUNCTION_WORDS.contains(&word.as_str()) || is_cut_word(&s, &word));
    (open && cut_word).then_some(tok.end as usize)
}

/// Words a sentence does not end on.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or",
    "but", "that", "which", "who", "whose", "as", "is", "was", "were", "are", "be", "been", "has",
    "have", "had", "will", "would", "could", "should", "can", "may", "its", "their", "his", "her",
    "our", "this", "these", "those", "than", "into", "over", "after", "before", "about", "between",
    "against", "not", "said", "if", "when", "while", "because", "also", "very", "more", "most",
];

/// True when `word` occurs in `text` only as the start of longer words
/// ("governm" where the text says "government").
fn is_cut_word(text: &str, word: &str) -> bool {
    if word.chars().count() < 3 {
        return false;
    }
    let lower = text.to_lowercase();
    let mut whole = 0;
    let mut longer = 0;
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w == word {
            whole += 1;
        } else if w.starts_with(word) {
            longer += 1;
        }
    }
    whole <= 1 && longer > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn run(s: &[u8], singleton: bool) -> Vec<Finding> {
        check(0, 0, s, &tokenize(s), singleton, &Settings::default())
    }

    #[test]
    fn invalid_bytes_nul_and_controls_are_encoding_errors_deleted_by_the_repair() {
        let s = b"The coun\xe9cil met on Mon\0day and \x07voted.";
        let f = run(s, false);
        let spans: Vec<_> = f.iter().map(|f| (f.kind, f.start, f.end)).collect();
        assert_eq!(
            spans,
            [
                (Kind::Encoding, 8, 9),
                (Kind::Encoding, 23, 24),
                (Kind::Encoding, 32, 33)
            ]
        );
        assert!(
            f.iter()
                .all(|f| f.repair.as_ref().unwrap().replacement.is_empty())
        );
    }

    #[test]
    fn a_lead_byte_with_a_damaged_continuation_is_one_encoding_error() {
        let f = run(b"The coun\xc3(cil met. Caf\xc3 (open) and (\xc3x).", false);
        let spans: Vec<_> = f.iter().map(|f| (f.start, f.end)).collect();
        assert_eq!(spans, [(8, 10), (22, 23), (36, 37)]);
    }

    #[test]
    fn mojibake_is_found_per_paragraph_and_decoded() {
        let garbled = "He said it\u{e2}\u{20ac}\u{2122}s the caf\u{c3}\u{a9} that\ncosts \u{c2}\u{a3}5.\n\nNext line is fine.";
        let f = run(garbled.as_bytes(), false);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Mojibake);
        assert_eq!(&garbled[f[0].start..f[0].start + 2], "\u{e2}");
        assert_eq!(
            f[0].repair.as_ref().unwrap().replacement,
            "\u{2019}s the caf\u{e9} that\ncosts \u{a3}"
        );
        // Twice garbled text decodes in one repair.
        assert_eq!(
            decode_mojibake("\u{c3}\u{a2}\u{e2}\u{201a}\u{ac}\u{e2}\u{201e}\u{a2}"),
            "\u{2019}"
        );
    }

    #[test]
    fn legitimate_non_english_text_is_not_mojibake() {
        for text in [
            "S\u{c3}O PAULO \u{2014} \u{c0} la fa\u{e7}on de Fran\u{e7}oise M\u{fc}ller, \u{141}ukasz \u{e9}crit \u{ab}\u{a0}bonjour\u{a0}\u{bb}.",
            "Stra\u{df}e, \u{e6}ble, \u{f8}l, \u{3b1}\u{3b2}\u{3b3}, \u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}, \u{65e5}\u{672c}\u{8a9e}, \u{a3}5 \u{20ac}9 \u{b0}C \u{b1}2",
        ] {
            assert!(run(text.as_bytes(), false).is_empty(), "{text}");
        }
    }

    #[test]
    fn repeated_paragraph_is_duplication_but_a_repeated_headline_is_not() {
        let para =
            "The council approved the levy on Monday evening after a long and bitter debate.";
        let doc = format!(
            "Council approves parking levy\n\nCouncil approves parking levy\n\n{para}\n\n{para}\n\nIt starts in May.\n"
        );
        let f = run(doc.as_bytes(), false);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::Duplication);
        // A short quoted sentence on a line of its own, repeated, is prose.
        let quote = "\u{201c}We have the right to appeal,\u{201d} the chairman said.";
        let quoted = format!("Council approves parking levy\n\n{quote}\n\n{quote}\n\n{para}\n");
        let g = run(quoted.as_bytes(), false);
        assert_eq!(g.len(), 1, "{g:?}");
        assert_eq!(g[0].start, quoted.rfind(quote).unwrap());
        let second = doc.rfind(para).unwrap();
        assert_eq!((f[0].start, f[0].end), (second, second + para.len() + 2));
        let mut fixed = doc.clone();
        fixed.replace_range(f[0].start..f[0].end, "");
        assert_eq!(fixed.matches(para).count(), 1);
        // A copyright notice printed twice is the page's; a sentence
        // opening with a furniture word is still prose.
        let line = "\u{a9} 2000-2018 Example Motoring Ltd. All Rights Reserved.";
        let twice = format!("Council approves parking levy\n\n{line}\n{line}\n\n{para}\n");
        assert!(run(twice.as_bytes(), false).is_empty());
        let comments = "Comments from the minister came late on Monday after the vote.";
        let prose =
            format!("Council approves parking levy\n\n{comments}\n\n{comments}\n\n{para}\n");
        assert_eq!(run(prose.as_bytes(), false).len(), 1);
    }

    #[test]
    fn a_repeat_most_copies_carry_is_the_pages_own_but_a_glitch_in_one_copy_is_not() {
        let para =
            "The council approved the levy on Monday evening after a long and bitter debate.";
        // A pull quote set right after the paragraph it quotes.
        let quoted = format!("Levy approved\n\n{para}\n\n{para}\n\nIt starts in May.\n");
        let plain = format!("Levy approved\n\n{para}\n\nIt starts in May.\n");
        let audit = |docs: &[&str]| -> Vec<Vec<Severity>> {
            let texts: Vec<Text> = docs.iter().map(|d| tokenize(d.as_bytes())).collect();
            let mut findings: Vec<Vec<Finding>> = docs
                .iter()
                .zip(&texts)
                .enumerate()
                .map(|(i, (d, t))| check(i, 0, d.as_bytes(), t, false, &Settings::default()))
                .collect();
            let members: Vec<usize> = (0..docs.len()).collect();
            let bytes: Vec<&[u8]> = docs.iter().map(|d| d.as_bytes()).collect();
            demote_shared_repeats(&mut findings, &bytes, &texts, &[&members]);
            findings
                .iter()
                .map(|f| f.iter().map(|f| f.severity).collect())
                .collect()
        };
        let info = vec![Severity::Info];
        let error = vec![Severity::Error];
        // Both copies of a pair, or most copies of a larger family, carry it.
        assert_eq!(audit(&[&quoted, &quoted]), [info.clone(), info.clone()]);
        assert_eq!(
            audit(&[&quoted, &plain, &quoted, &quoted]),
            [info.clone(), vec![], info.clone(), info.clone()]
        );
        // A copy that prints the quote after other text prints it twice too.
        let further = format!("Levy approved\n\n{para}\n\nIt starts in May.\n\n{para}\n");
        assert_eq!(audit(&[&quoted, &further]), [info.clone(), vec![]]);
        // One copy repeats it: a glitch; two of five may be the same glitch.
        assert_eq!(audit(&[&quoted, &plain]), [error.clone(), vec![]]);
        assert_eq!(
            audit(&[&quoted, &plain, &quoted, &plain, &plain]),
            [error.clone(), vec![], error.clone(), vec![], vec![]]
        );
        // An article quoting the sentence twice (a standfirst, then the
        // text): a copy printing it a third time, back to back, is a glitch.
        let standfirst = format!("Levy approved\n\n{para}\n\nIt starts in May.\n\n{para}\n");
        let thrice = format!("Levy approved\n\n{para}\n\nIt starts in May.\n\n{para}\n\n{para}\n");
        assert_eq!(audit(&[&thrice, &standfirst]), [error.clone(), vec![]]);
        // A caption printed as a picture's alt text and below it: an
        // extractor printing both as text repeats what the page holds twice.
        let caption = "Police officers adjust a barricade as people wait in the cold on Thursday.";
        let both = format!("Parade day\n\n{caption} {caption}\n\nIt starts in May.\n");
        let gallery =
            format!("Parade day\n\n![{caption}](/img/1.jpg)\n{caption}\n\nIt starts in May.\n");
        let once = format!("Parade day\n\n{caption}\n\nIt starts in May.\n");
        assert_eq!(audit(&[&both, &gallery]), [info.clone(), vec![]]);
        assert_eq!(audit(&[&both, &once]), [error.clone(), vec![]]);
        // A block printed twice by the page (a newsletter form), which
        // another copy breaks into other lines: its opening is printed twice.
        let (a, b) = (
            "We send this letter about once a week, and you may leave it at any time.",
            "Confirm it by e-mail.",
        );
        let blocks =
            format!("Levy approved\n\n{para}\n\n{a} {b}\n\n{a} {b}\n\nIt starts in May.\n");
        let lines = format!(
            "Levy approved\n\n{para}\n\n{a}\nSend\n{b}\n{a}\nSend\n{b}\n\nIt starts in May.\n"
        );
        assert_eq!(audit(&[&blocks, &lines]), [info.clone(), info.clone()]);
        assert_eq!(audit(&[&blocks, &plain]), [error, vec![]]);
    }

    #[test]
    fn a_paragraph_repeated_after_a_caption_is_duplication_but_not_after_prose() {
        let para =
            "The council approved the levy on Monday evening after a long and bitter debate.";
        let caption = "Image caption: Councillors met on Monday";
        let doc = format!("Levy approved\n\n{para}\n\n{caption}\n\n{para}\n\nIt starts in May.\n");
        let f = run(doc.as_bytes(), false);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::Duplication);
        assert_eq!(f[0].start, doc.rfind(para).unwrap());
        let mut fixed = doc.clone();
        fixed.replace_range(f[0].start..f[0].end, "");
        assert_eq!(fixed.matches(para).count(), 1);
        assert!(fixed.contains(caption));
        // A paragraph quoted again after other prose is no glitch.
        let prose = "Residents said they would appeal.";
        let doc = format!("Levy approved\n\n{para}\n\n{prose}\n\n{para}\n");
        assert!(run(doc.as_bytes(), false).is_empty());
    }

    #[test]
    fn a_long_paragraph_without_full_stops_repeated_is_duplication_but_a_menu_is_not() {
        let awards = "- Best actor — Richard Griffiths for The History Boys at the Lyttelton — Best actress — Clare Higgins for Hecuba at the Donmar Warehouse — Best musical actor — Nathan Lane for The Producers at Theatre Royal, Drury Lane — Best director — Nicholas Hytner for The History Boys";
        let doc = format!(
            "Stage awards\n\nThe winners were:\n\n{awards}\n\n{awards}\n\nThe awards were first given in 1976.\n"
        );
        let f = run(doc.as_bytes(), false);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, Kind::Duplication);
        assert_eq!(f[0].start, doc.rfind(awards).unwrap());
        // Menu lines printed twice (a page's two navigation bars) are not.
        let menu = "Home\nWorld\nBusiness\nPolitics\nHealth\nEducation\nScience and Environment\nTechnology\nEntertainment and Arts\nSport\nWeather\nRadio\nTelevision\nLocal News\nIn Pictures\nHave Your Say\nMagazine\nOpinion\nCulture\nTravel\nFuture\nWorklife\nVideos\nPodcasts\nNewsletters\nEvents\nCrosswords\nBusiness Live\nReality Check\nLong Reads\nFamily and Education";
        let doc = format!("{menu}\n{menu}\n\nThe winners were named on Sunday.\n");
        assert!(run(doc.as_bytes(), false).is_empty());
    }

    #[test]
    fn repeated_sentence_inside_a_paragraph_is_duplication() {
        let doc = "It rained all week. The river rose above the old stone bridge. The river rose above the old stone bridge. Nobody was hurt.\n";
        let f = run(doc.as_bytes(), false);
        assert_eq!(f.len(), 1);
        assert_eq!(
            &doc[f[0].start..f[0].end],
            "The river rose above the old stone bridge. "
        );
    }

    #[test]
    fn singleton_cut_mid_sentence_is_a_warning() {
        let doc = "Title\n\nThe council approved the levy on Monday after a long debate that lasted until the early hours and\n\nSubscribe to our newsletter\n";
        let proper_noun = "Title\n\nThe winner of the award last year was the French animated feature Belleville Rendezvous\n";
        assert!(run(proper_noun.as_bytes(), true).is_empty());
        let cut_word = "Title\n\nThe government said on Monday that the levy would be collected by the governm\n";
        assert_eq!(run(cut_word.as_bytes(), true).len(), 1);
        let f = run(doc.as_bytes(), true);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].kind, f[0].severity),
            (Kind::Truncation, Severity::Warning)
        );
        assert_eq!(&doc[f[0].start - 3..f[0].start], "and");
        let whole = "Title\n\nThe council approved the levy on Monday after a long debate that lasted until the early hours.\n";
        assert!(run(whole.as_bytes(), true).is_empty());
        assert!(run(doc.as_bytes(), false).is_empty());
    }
}
