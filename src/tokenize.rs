//! Normalise-and-tokenise stage: splits a document's bytes into word and
//! punctuation [`Token`]s that keep their original byte spans.
//!
//! Styling is folded away in each token's comparison key, never in the text:
//! letter case, curly and straight quotes and apostrophes, dash styles, ellipses.
//! White space (spaces, line endings, CRLF, hard wraps) is not a token at all;
//! each token only records the kind of [`Break`] before it. Invalid UTF-8 is kept
//! out of tokens and listed in [`Text::invalid`], so every span stays exact.
//!
//! The stage also marks sentence structure: which tokens end a sentence and
//! where sentences start, so that later stages can tell a cut inside a sentence
//! from a whole-sentence edit.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::FxHasher;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits (with inner apostrophes, and digit groups like `3.5` or `11:06`).
    Word,
    /// One punctuation mark or symbol (dash and dot runs count as one).
    Punct,
    /// A web address (`https://…`, `www.…`): page furniture, never article words.
    Url,
}

/// The white space before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Break {
    /// Glued to the previous token.
    None,
    /// Spaces or tabs only.
    Space,
    /// One line ending.
    Line,
    /// A blank line (two or more line endings).
    Para,
}

/// A token with its byte span in the original document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Word or punctuation.
    pub kind: TokenKind,
    /// The white space before it.
    pub brk: Break,
    /// True when this token ends a sentence (terminal punctuation, or a closing
    /// quote or bracket right after one).
    pub terminal: bool,
    /// True when a sentence (or a line that stands alone, like a headline)
    /// starts at this token.
    pub starts_sentence: bool,
    /// True when the line break before this token is structure (a blank
    /// line, a line break in text that is not hard-wrapped, or one in
    /// wrapped text where this word would have fitted on the line before):
    /// a new paragraph, heading or other line of its own starts here.
    pub starts_line: bool,
}

impl Token {
    /// The byte range of the token.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A tokenised document.
#[derive(Clone, Debug, Default)]
pub struct Text {
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// One comparison key per token: a hash of the normalised token.
    pub keys: Vec<u64>,
    /// Byte ranges that are not valid UTF-8.
    pub invalid: Vec<Range<usize>>,
    /// True when the document is hard-wrapped: single line endings inside
    /// paragraphs are then plain white space, not structure.
    pub wrapped: bool,
    /// The wrap width in characters, for a hard-wrapped document.
    pub width: usize,
}

impl Text {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when the document has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// True when a sentence boundary falls just before token `i` (`i == len()`
    /// is the end of the document, always a boundary).
    pub fn boundary_before(&self, i: usize) -> bool {
        i == 0 || i >= self.tokens.len() || self.tokens[i].starts_sentence
    }

    /// True when token `i` is a word in lower case after a token that ends
    /// no sentence: it goes on the sentence before it, and a line break
    /// before it is a wrap or a page's `<br>`, not a new paragraph.
    pub fn goes_on_sentence(&self, bytes: &[u8], i: usize) -> bool {
        i > 0
            && self.tokens.get(i).is_some_and(|t| {
                t.kind == TokenKind::Word
                    && bytes[t.span()].first().is_some_and(u8::is_ascii_lowercase)
            })
            && !self.tokens[i - 1].terminal
    }

    /// True when a line of its own (a paragraph, a heading) starts at token
    /// `i` (or `i` is the end): see [`Token::starts_line`].
    pub fn line_starts_at(&self, i: usize) -> bool {
        i >= self.tokens.len() || self.tokens[i].starts_line
    }

    /// The keys of the words (not marks or web addresses) whose tokens lie
    /// inside byte range `r`.
    pub fn word_keys(&self, r: Range<usize>) -> Vec<u64> {
        let first = self.token_at_or_after(r.start);
        self.tokens[first..]
            .iter()
            .zip(&self.keys[first..])
            .take_while(|(t, _)| t.end as usize <= r.end)
            .filter(|(t, _)| t.kind == TokenKind::Word)
            .map(|(_, &k)| k)
            .collect()
    }

    /// The index of the first token that starts at or after byte `at`.
    pub fn token_at_or_after(&self, at: usize) -> usize {
        self.tokens.partition_point(|t| (t.start as usize) < at)
    }

    /// The index of the token whose span contains byte `at` strictly inside
    /// (not at its start), if any.
    pub fn token_straddling(&self, at: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| (t.end as usize) <= at);
        let t = self.tokens.get(i)?;
        ((t.start as usize) < at && at < t.end as usize).then_some(i)
    }
}

/// The first byte of the line holding byte `at` (just after the `\n` before it).
pub fn line_start(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

/// The end of the line holding byte `at` (its `\n`, or the end of the text).
pub fn line_end(bytes: &[u8], at: usize) -> usize {
    let at = at.min(bytes.len());
    bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i)
}

/// Per token: true where a line of its own starts (see [`Token::starts_line`]).
pub fn line_starts(text: &Text) -> Vec<bool> {
    text.tokens.iter().map(|t| t.starts_line).collect()
}

/// Per token: true where a line of its own starts after a line ending in
/// the bytes (or at the first token). A dateline's first sentence, a line of
/// its own to [`line_starts`], goes on the dateline's line here: the lines
/// a repair lays out.
pub fn line_breaks(text: &Text) -> Vec<bool> {
    text.tokens
        .iter()
        .enumerate()
        .map(|(i, t)| t.starts_line && (i == 0 || matches!(t.brk, Break::Line | Break::Para)))
        .collect()
}

/// Per token: true where it ends a sentence (see [`Token::terminal`]).
pub fn sentence_ends(text: &Text) -> Vec<bool> {
    text.tokens.iter().map(|t| t.terminal).collect()
}

/// The text of UTF-8 bytes, each invalid sequence read as U+FFFD: what
/// [`String::from_utf8_lossy`] gives, at less cost for valid text (checked
/// whole, where the lossy reading walks it chunk by chunk).
pub fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Tokenises a document's bytes.
pub fn tokenize(bytes: &[u8]) -> Text {
    let mut text = tokens_of(bytes);
    text.width = wrap_width(bytes).unwrap_or(0);
    text.wrapped = text.width > 0;
    mark_sentences(bytes, &mut text);
    text
}

/// The tokens and keys of a text, without its sentence and line structure
/// (no token is marked as starting a sentence or a line, none is terminal,
/// the text is not taken as hard-wrapped): enough for word shingles, at
/// less cost than [`tokenize`].
pub fn tokens_of(bytes: &[u8]) -> Text {
    // About one token per five bytes of news text.
    let mut text = Text {
        tokens: Vec::with_capacity(bytes.len() / 5),
        keys: Vec::with_capacity(bytes.len() / 5),
        ..Text::default()
    };
    let mut pending = PendingBreak::default();
    // Valid UTF-8 (most documents) is one chunk; checking that first is
    // much cheaper than walking the chunks.
    if let Ok(s) = std::str::from_utf8(bytes) {
        scan_pieces(s, 0, &mut text, &mut pending);
    } else {
        let mut offset = 0usize;
        for chunk in bytes.utf8_chunks() {
            scan_pieces(chunk.valid(), offset, &mut text, &mut pending);
            offset += chunk.valid().len();
            let bad = chunk.invalid().len();
            if bad > 0 {
                text.invalid.push(offset..offset + bad);
                pending.space = true;
                offset += bad;
            }
        }
    }
    text
}

#[derive(Default)]
struct PendingBreak {
    space: bool,
    newlines: u32,
    /// The last line read opens with an ordered list's number.
    item_line: bool,
}

impl PendingBreak {
    fn take(&mut self) -> Break {
        let brk = match (self.newlines, self.space) {
            (0, false) => Break::None,
            (0, true) => Break::Space,
            (1, _) => Break::Line,
            _ => Break::Para,
        };
        (self.space, self.newlines) = (false, 0);
        if brk >= Break::Line {
            self.item_line = false;
        }
        brk
    }
}

/// Most digits of an ordered list's number read as a list's mark.
const LIST_NUMBER_DIGITS: usize = 3;

/// The length of an ordered list's number at byte `at` of `bytes` ("2. ",
/// "10) ") where a list item can open: the text's first line, a line after
/// a blank line, or the line after another numbered item (not a wrapped
/// line of prose that opens with a number). Converters number a list's
/// items or leave the numbers out: the number is a mark, not a word.
fn list_number_len(bytes: &[u8], at: usize, text: &Text, pending: &PendingBreak) -> Option<usize> {
    let opens_item = text.tokens.is_empty()
        || pending.newlines >= 2
        || pending.newlines == 1 && pending.item_line;
    if !opens_item {
        return None;
    }
    let digits = bytes[at..]
        .iter()
        .take(LIST_NUMBER_DIGITS + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let numbered = (1..=LIST_NUMBER_DIGITS).contains(&digits)
        && matches!(bytes.get(at + digits), Some(b'.' | b')'))
        && matches!(bytes.get(at + digits + 1), Some(b' ' | b'\t'));
    numbered.then_some(digits + 1)
}

/// Adds the ordered list's number at `at` to `text`, if one opens an item
/// there ([`list_number_len`]); the byte after it.
fn push_list_number(
    s: &str,
    at: usize,
    base: usize,
    text: &mut Text,
    pending: &mut PendingBreak,
) -> Option<usize> {
    let len = list_number_len(s.as_bytes(), at, text, pending)?;
    let key = key_str(&s[at..at + len], TokenKind::Punct);
    push_token(text, pending, base, at..at + len, TokenKind::Punct, key);
    pending.item_line = true;
    Some(at + len)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

fn is_word_char(c: char) -> bool {
    // Quotes, dashes and spaces of the General Punctuation block are common
    // in news text; none is a letter, and Unicode's tables are slow to ask.
    !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}')
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
    )
}

/// A character of a valid UTF-8 chunk, or a mojibake sequence standing for
/// one: its byte range in the chunk and the character it stands for.
#[derive(Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    c: char,
}

/// The units of a chunk as the scanner reads them: its characters decoded
/// on the go, or, when the chunk may hold mojibake, the list made by
/// [`units`]. A cursor is a byte offset for the first, an index for the second.
enum Units<'a> {
    Plain(&'a str),
    Merged(Vec<Unit>),
}

impl Units<'_> {
    /// The unit at cursor `at`, and the cursor of the next unit.
    #[inline]
    fn get(&self, at: usize) -> Option<(Unit, usize)> {
        match self {
            Units::Plain(s) => {
                let b = *s.as_bytes().get(at)?;
                if b < 0x80 {
                    let c = b as char;
                    return Some((
                        Unit {
                            start: at,
                            end: at + 1,
                            c,
                        },
                        at + 1,
                    ));
                }
                let c = s[at..].chars().next()?;
                let end = at + c.len_utf8();
                Some((Unit { start: at, end, c }, end))
            }
            Units::Merged(units) => units.get(at).map(|&u| (u, at + 1)),
        }
    }

    /// The comparison key of the token made of the units from cursor `from`
    /// to cursor `to`, which cover `span` of the chunk.
    fn key(&self, from: usize, to: usize, span: &str, kind: TokenKind) -> u64 {
        match self {
            // Plain units are the span's characters.
            Units::Plain(_) => key_str(span, kind),
            Units::Merged(units) => key_chars(units[from..to].iter().map(|u| u.c), kind),
        }
    }
}

/// The units of a chunk: its characters, with mojibake sequences merged into
/// the character they stand for, so a garbled copy compares like a clean one.
fn units(s: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = s
        .char_indices()
        .map(|(i, c)| Unit {
            start: i,
            end: i + c.len_utf8(),
            c,
        })
        .collect();
    if s.chars().any(crate::charset::may_start) {
        let chars: Vec<char> = out.iter().map(|u| u.c).collect();
        let mut merged = Vec::with_capacity(out.len());
        let mut i = 0;
        while i < out.len() {
            match crate::charset::may_start(chars[i])
                .then(|| crate::charset::sequence(&chars[i..]))
                .flatten()
            {
                Some((n, c)) => {
                    merged.push(Unit {
                        start: out[i].start,
                        end: out[i + n - 1].end,
                        c,
                    });
                    i += n;
                }
                None => {
                    merged.push(out[i]);
                    i += 1;
                }
            }
        }
        out = merged;
    }
    out
}

/// Bytes of valid text scanned at once; longer stretches are cut after a
/// blank line (or a line ending), so the units of a large file are never
/// all in memory.
const PIECE: usize = 1 << 16;

/// Scans valid text in pieces of about [`PIECE`] bytes, each ending after a
/// blank line where one comes within another [`PIECE`] bytes, else after a
/// `\n`. No token, web address or mojibake sequence holds a line ending, and
/// a markdown image holds no blank line, so the tokens are those of one scan
/// of the whole text (but for an image whose alt text wraps at the very
/// line a piece of 64 KB without a blank line ends at).
fn scan_pieces(s: &str, base: usize, text: &mut Text, pending: &mut PendingBreak) {
    let mut from = 0;
    while s.len() - from > PIECE {
        let rest = &s.as_bytes()[from + PIECE..];
        let window = &rest[..rest.len().min(PIECE)];
        let cut = window
            .windows(2)
            .position(|w| w == b"\n\n")
            .map(|k| k + 2)
            .or_else(|| rest.iter().position(|&b| b == b'\n').map(|k| k + 1));
        match cut {
            Some(k) => {
                let end = from + PIECE + k;
                scan(&s[from..end], base + from, text, pending);
                from = end;
            }
            None => break,
        }
    }
    scan(&s[from..], base + from, text, pending);
}

fn scan(s: &str, base: usize, text: &mut Text, pending: &mut PendingBreak) {
    // Units differ from characters only where a mojibake sequence starts.
    let units = if crate::charset::holds_mojibake(s) {
        Units::Merged(units(s))
    } else {
        Units::Plain(s)
    };
    scan_units(s, &units, base, text, pending);
}

fn scan_units(s: &str, units: &Units, base: usize, text: &mut Text, pending: &mut PendingBreak) {
    let bytes = s.as_bytes();
    let plain = matches!(units, Units::Plain(_));
    let mut at = 0;
    loop {
        // Most of news text is ASCII words, spaces and single marks: those
        // are read byte by byte; whatever else (or any doubt) goes to
        // `read_token`, which reads units.
        if plain {
            let Some(&b) = bytes.get(at) else {
                break;
            };
            match b {
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                    pending.space = true;
                    at += 1;
                    continue;
                }
                b'\n' => {
                    pending.newlines += 1;
                    at += 1;
                    continue;
                }
                // A markdown escape ("\(C\)", "\_"): the mark after it is the text.
                b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => {
                    at += 1;
                    continue;
                }
                b'0'..=b'9' => {
                    if let Some(to) = push_list_number(s, at, base, text, pending) {
                        at = to;
                        continue;
                    }
                }
                _ => {}
            }
            if let Some((kind, to)) = ascii_token(bytes, at) {
                let span = &bytes[at..to];
                let key = match kind {
                    TokenKind::Word => key_ascii_word(span),
                    _ => key_str(&s[at..to], kind),
                };
                push_token(text, pending, base, at..to, kind, key);
                at = to;
                continue;
            }
        }
        let Some((unit, next)) = units.get(at) else {
            break;
        };
        let c = unit.c;
        if is_space(c) {
            if c == '\n' {
                pending.newlines += 1;
            } else {
                pending.space = true;
            }
            at = next;
            continue;
        }
        if c == '\\'
            && units
                .get(next)
                .is_some_and(|(u, _)| u.c.is_ascii_punctuation())
        {
            at = next;
            continue;
        }
        if c.is_ascii_digit()
            && let Some(end) = push_list_number(s, unit.start, base, text, pending)
        {
            at = next;
            while let Some((u, n)) = units.get(at).filter(|(u, _)| u.start < end) {
                (_, at) = (u, n);
            }
            continue;
        }
        let (kind, last, to) = read_token(units, s, unit, next);
        let key = units.key(at, to, &s[unit.start..last.end], kind);
        push_token(text, pending, base, unit.start..last.end, kind, key);
        at = to;
    }
}

fn push_token(
    text: &mut Text,
    pending: &mut PendingBreak,
    base: usize,
    span: Range<usize>,
    kind: TokenKind,
    key: u64,
) {
    text.keys.push(key);
    text.tokens.push(Token {
        start: (base + span.start) as u32,
        end: (base + span.end) as u32,
        kind,
        brk: pending.take(),
        terminal: false,
        starts_sentence: false,
        starts_line: false,
    });
}

/// The token starting at byte `at` when it is a plain ASCII word or a
/// single ASCII mark that [`read_token`] would read the same way: its kind
/// and end. `None` when the token needs a closer look (a web address, a
/// markdown image or link target, an HTML character reference, "(C)", a run
/// of dashes or dots, a word running on into non-ASCII text or holding an
/// apostrophe or digit group).
#[inline]
fn ascii_token(bytes: &[u8], at: usize) -> Option<(TokenKind, usize)> {
    let b = bytes[at];
    if b.is_ascii_alphanumeric() {
        if matches!(b | 0x20, b'h' | b'w') && url_len_bytes(&bytes[at..]).is_some() {
            return None;
        }
        let mut to = at + 1;
        loop {
            while to < bytes.len() && bytes[to].is_ascii_alphanumeric() {
                to += 1;
            }
            let Some(&d) = bytes.get(to) else {
                return Some((TokenKind::Word, to));
            };
            if d >= 0x80 {
                return None;
            }
            // Inner apostrophes (Russia's) and digit groups (3.5, 1,000, 11:06).
            let prev = bytes[to - 1];
            let joins = match bytes.get(to + 1) {
                Some(&a) if a >= 0x80 => return None,
                Some(&a) => {
                    (d == b'\'' && prev.is_ascii_alphabetic() && a.is_ascii_alphabetic())
                        || (matches!(d, b'.' | b',' | b':')
                            && prev.is_ascii_digit()
                            && a.is_ascii_digit())
                }
                None => false,
            };
            if !joins {
                return Some((TokenKind::Word, to));
            }
            to += 1;
        }
    }
    if b < 0x80
        && !b.is_ascii_whitespace()
        && !matches!(b, b'&' | b'(' | b'!' | b']' | b'-' | b'.' | b'<')
    {
        return Some((TokenKind::Punct, at + 1));
    }
    None
}

/// Reads the token that starts with `unit` (whose next cursor is `next`):
/// its kind, its last unit and the cursor after it.
fn read_token(units: &Units, s: &str, unit: Unit, next: usize) -> (TokenKind, Unit, usize) {
    let c = unit.c;
    // The token's last unit and the cursor after it.
    let (mut last, mut to) = (unit, next);
    let kind;
    let rest = &s[unit.start..];
    if let Some(len) = url_len(rest)
        .or_else(|| markdown_image_len(rest))
        .or_else(|| link_target_len(rest))
        .or_else(|| html_tag_len(rest))
        .or_else(|| autolink_len(rest))
    {
        kind = TokenKind::Url;
        let end = unit.start + len;
        while let Some((u, n)) = units.get(to).filter(|(u, _)| u.start < end) {
            (last, to) = (u, n);
        }
    } else if is_word_char(c) {
        kind = TokenKind::Word;
        loop {
            // Runs of ASCII letters and digits are word characters.
            if let Units::Plain(s) = units {
                let run = s.as_bytes()[to..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if run > 0 {
                    to += run;
                    let c = s.as_bytes()[to - 1] as char;
                    last = Unit {
                        start: to - 1,
                        end: to,
                        c,
                    };
                }
            }
            let Some((u, n)) = units.get(to) else {
                break;
            };
            let (prev, d) = (last.c, u.c);
            if is_word_char(d) {
                (last, to) = (u, n);
                continue;
            }
            // Inner apostrophes (Russia's) and digit groups (3.5, 1,000, 11:06).
            let after = || units.get(n).map(|(a, _)| a.c);
            let joins = (is_apostrophe(d)
                && prev.is_alphabetic()
                && after().is_some_and(char::is_alphabetic))
                || (matches!(d, '.' | ',' | ':')
                    && prev.is_ascii_digit()
                    && after().is_some_and(|a| a.is_ascii_digit()));
            if joins {
                (last, to) = (u, n);
                continue;
            }
            break;
        }
    } else if let Some((len, _)) = (c == '&').then(|| entity(rest)).flatten() {
        // "&lt;", "&#8217;": a mark an extractor left encoded.
        kind = TokenKind::Punct;
        for _ in 1..len {
            if let Some((u, n)) = units.get(to) {
                (last, to) = (u, n);
            }
        }
    } else if let Some(len) = (c == '(').then(|| copyright_sign_len(rest)).flatten() {
        // "(C) 2024", as text renderings of a page write "© 2024".
        kind = TokenKind::Punct;
        for _ in 1..len {
            if let Some((u, n)) = units.get(to) {
                (last, to) = (u, n);
            }
        }
    } else {
        kind = TokenKind::Punct;
        // Runs of dashes or dots are one mark ("--", "...").
        let run = |d: char| (is_dash(c) && is_dash(d)) || (c == '.' && d == '.');
        while let Some((u, n)) = units.get(to).filter(|(u, _)| run(u.c)) {
            (last, to) = (u, n);
        }
    }
    (kind, last, to)
}

/// Longest markdown image read as one, alt text and address.
const IMAGE_BYTES: usize = 600;

/// The length of a markdown image (`![alt](address)`) at the start of `s`:
/// its alt text repeats a caption, it is not article text. The alt text may
/// wrap onto further lines (as a wrapping converter writes it), not across a
/// blank line; the address and a title are read as a link's target
/// ([`link_target_len`]).
fn markdown_image_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("![")?;
    let mut bound = rest.len().min(IMAGE_BYTES);
    while !rest.is_char_boundary(bound) {
        bound -= 1;
    }
    let head = &rest[..bound];
    let head = &head[..head.find("\n\n").unwrap_or(head.len())];
    let close = head.find("](")?;
    Some(2 + close + link_target_len(&rest[close..])?)
}

/// The length of an HTML character reference for a mark at the start of
/// `s` ("&lt;", "&amp;", "&rsquo;", "&#8217;", "&#x2019;"), with the mark in
/// its folded form ([`fold_punct`]). Letters and spaces are not read.
fn entity(s: &str) -> Option<(usize, &'static str)> {
    let end = s.as_bytes().iter().take(10).position(|&b| b == b';')?;
    let name = s.get(1..end)?;
    let code = match name.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => n.parse().ok()?,
        },
        None => match name {
            "lt" => 60,
            "gt" => 62,
            "amp" => 38,
            "quot" => 34,
            "apos" => 39,
            "lsquo" => 0x2018,
            "rsquo" => 0x2019,
            "ldquo" => 0x201c,
            "rdquo" => 0x201d,
            "ndash" => 0x2013,
            "mdash" => 0x2014,
            "hellip" => 0x2026,
            "copy" => 0xa9,
            "laquo" => 0xab,
            "raquo" => 0xbb,
            "pound" => 0xa3,
            "euro" => 0x20ac,
            "bull" => 0x2022,
            "middot" => 0xb7,
            "deg" => 0xb0,
            "sect" => 0xa7,
            "para" => 0xb6,
            "iexcl" => 0xa1,
            "iquest" => 0xbf,
            _ => return None,
        },
    };
    let mark = match code {
        60 => "<",
        62 => ">",
        38 => "&",
        34 | 0x201c | 0x201d | 0xab | 0xbb => "\"",
        39 | 0x2018 | 0x2019 => "'",
        0x2013 | 0x2014 => "-",
        0x2026 => "...",
        0xa9 => "\u{a9}",
        0xa3 => "\u{a3}",
        0x20ac => "\u{20ac}",
        0x2022 => "\u{2022}",
        0xb7 => "\u{b7}",
        0xb0 => "\u{b0}",
        0xa7 => "\u{a7}",
        0xb6 => "\u{b6}",
        0xa1 => "\u{a1}",
        0xbf => "\u{bf}",
        _ => return None,
    };
    Some((end + 1, mark))
}

/// The length of a text rendering of "\u{a9}" at the start of `s`: "(C)"
/// and a space (html2text writes every "\u{a9}" so, and escapes it as
/// "(C\\)" in markdown), or "(c)" and a year ("(c) 2024"; a lower-case
/// "(c)" before a word is a list item's mark); a year may follow without
/// a space ("(C)2011").
fn copyright_sign_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let len = if b.get(2) == Some(&b'\\') { 4 } else { 3 };
    let ok = b.len() > len
        && b[1].eq_ignore_ascii_case(&b'c')
        && b[len - 1] == b')'
        && (b[len] == b' ' || b[len].is_ascii_digit())
        && (b[1] == b'C'
            || b[len..]
                .iter()
                .find(|&&c| c != b' ')
                .is_some_and(u8::is_ascii_digit));
    ok.then_some(len)
}

/// Longest markdown link target read as one token, address and title.
const LINK_TARGET_BYTES: usize = 2000;

/// The length of a markdown link's target at the start of `s`: `](address)`,
/// the address possibly relative (`](/news/2)`), or with a title
/// (`](/news/2 "Rail strike talks collapse")`, as html2text and markdownify
/// write a link's `title`). A wrapping converter may break a long address
/// after a hyphen and a title anywhere, at a single line ending. An
/// address in angle brackets may hold spaces (`](</search?q=Eid al-Fitr>)`).
/// Inline data (`](data:image/svg+xml;utf8,<svg …>)`) is read to its closing
/// bracket on the line. Brackets inside an address come in pairs
/// (`](/wiki/Rage_(emotion) "Rage (emotion)")`); converters also write
/// addresses with raw spaces (`](mailto:a@b.com?subject=Read this)`), read
/// to the bracket that closes them on their line.
fn link_target_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("](")?;
    if rest.starts_with("data:") {
        // Inline data (a picture's SVG markup, however long) runs to the
        // bracket that closes the target, on its line.
        let mut depth = 0usize;
        for (i, &c) in rest.as_bytes().iter().enumerate() {
            match c {
                b'\n' => return None,
                b'(' => depth += 1,
                b')' if depth == 0 => return Some(2 + i + 1),
                b')' => depth -= 1,
                _ => {}
            }
        }
        return None;
    }
    let b = &rest.as_bytes()[..rest.len().min(LINK_TARGET_BYTES)];
    if b.starts_with(b"<") {
        // An address in angle brackets may hold spaces: `](</search?q=Eid al-Fitr>)`.
        let close = b.windows(2).position(|w| w == b">)")?;
        return (!b[..close].contains(&b'\n')).then_some(2 + close + 2);
    }
    let mut i = 0;
    let mut depth = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b')' if depth == 0 => return Some(2 + i + 1),
            b')' => depth -= 1,
            b'(' => depth += 1,
            _ => {}
        }
        // A markdown escape (`javascript:void\(0\)`) is part of the address.
        if c == b'\\' && b.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
            i += 2;
            continue;
        }
        if c.is_ascii_whitespace() {
            let wrap = match b[i..].strip_prefix(b"\r").unwrap_or(&b[i..]) {
                [b'\n', next, ..] => i > 0 && b[i - 1] == b'-' && !next.is_ascii_whitespace(),
                _ => false,
            };
            if !wrap {
                break;
            }
            i += if c == b'\r' { 2 } else { 1 };
            continue;
        }
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let after = &b[i..];
    let gap = after.iter().take_while(|c| c.is_ascii_whitespace()).count();
    let titled = after[gap..].strip_prefix(b"\"").and_then(|title| {
        let close = title.windows(2).position(|w| w == b"\")")?;
        let breaks = |t: &[u8]| t.iter().filter(|&&c| c == b'\n').count();
        let blank = title[..close].windows(2).any(|w| w == b"\n\n")
            || title[..close].windows(3).any(|w| w == b"\n\r\n");
        (!blank && breaks(&after[..gap]) <= 1).then_some(2 + i + gap + 1 + close + 2)
    });
    titled.or_else(|| spaced_address_len(b, i, depth))
}

/// [`link_target_len`] of an address holding raw spaces, `b` the bytes
/// after `](` and `i` where the address's first space is (at bracket
/// depth `depth`): the target runs to the bracket that closes it on its
/// line.
fn spaced_address_len(b: &[u8], mut i: usize, mut depth: usize) -> Option<usize> {
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' | b'\r' | b'[' | b']' => return None,
            b')' if depth == 0 => return Some(2 + i + 1),
            b')' => depth -= 1,
            b'(' => depth += 1,
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// HTML elements whose tags converters leave in their text (markdownify
/// keeps `<sup>` and `</sup>` around a footnote mark, a scrape keeps a
/// `<br>`): a tag of one of them is markup, never article words.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "iframe",
    "img",
    "ins",
    "li",
    "mark",
    "nav",
    "noscript",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "wbr",
];

/// Longest HTML tag read as one token, attributes and all.
const HTML_TAG_BYTES: usize = 300;

/// The length of an HTML tag of one of [`HTML_ELEMENTS`] at the start of
/// `s` (`<sup>`, `</sup>`, `<br/>`, `<span class="x">`), on one line.
fn html_tag_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let rest = b.strip_prefix(b"<")?;
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    let name_len = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = std::str::from_utf8(&rest[..name_len]).ok()?;
    if !HTML_ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) {
        return None;
    }
    let after = &rest[name_len..];
    let close = match after.first()? {
        b'>' => 0,
        b'/' if after.get(1) == Some(&b'>') => 1,
        // Attributes (`class="x"`), or a space before `/>`: not prose
        // between angle brackets ("a <b and c> d").
        c if c.is_ascii_whitespace() && *c != b'\n' => {
            let close = after
                .iter()
                .take(HTML_TAG_BYTES)
                .position(|&c| matches!(c, b'>' | b'<' | b'\n'))
                .filter(|&i| after[i] == b'>')?;
            let inside = after[..close].trim_ascii();
            (inside.contains(&b'=') || inside.is_empty() || inside == b"/").then_some(close)?
        }
        _ => return None,
    };
    Some(b.len() - after.len() + close + 1)
}

/// True for a line made of markdown links and pictures alone, between
/// marks (`* [About us](/about)`, `[Terms](/t) | [Privacy](/p)`,
/// `[olympics](/topic/olympics),`): a page's menu, footer or tools, which
/// converters lay out each their own way. No word stands outside a link.
pub fn is_line_of_links(line: &str) -> bool {
    let b = line.as_bytes();
    let (mut i, mut links) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'[' => {
                let Some(len) = link_len(&line[i..]) else {
                    return false;
                };
                i += len;
                links += 1;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => i += 1,
            c if c.is_ascii_alphanumeric() => return false,
            c if c >= 0x80 => {
                let c = line[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    return false;
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    links > 0
}

/// The length of a markdown link (`[text](target)`, the text possibly
/// holding a picture, `[![alt](src)](target)`) at the start of `s`, on
/// its line.
fn link_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\n' => return None,
            b'[' => depth += 1,
            b']' if depth == 1 => return Some(i + link_target_len(&s[i..])?),
            b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The word keys of a markdown picture's alt text (`![alt](address)`), for
/// an address token that is a picture; `None` for other tokens.
pub fn alt_text_words(token: &[u8]) -> Option<Vec<u64>> {
    let rest = token.strip_prefix(b"![")?;
    let close = rest.windows(2).position(|w| w == b"](")?;
    Some(tokens_of(&rest[..close]).word_keys(0..usize::MAX))
}

/// The text a web address token is known by: a markdown link target or
/// image by its address alone (an image whatever alt text, wrapped or not,
/// each copy gives it), joined where a wrap broke it, without a title;
/// other addresses as written.
fn url_key_text(s: &str) -> String {
    let target = match s
        .strip_prefix("![")
        .and_then(|r| r.find("](").map(|i| &r[i..]))
    {
        Some(t) => t,
        None => s,
    };
    if let Some(target) = target.strip_prefix("](") {
        let unwrapped = target.replace("-\r\n", "-").replace("-\n", "-");
        let address = unwrapped
            .split(|c: char| c.is_whitespace() || c == ')')
            .next()
            .unwrap_or("");
        return format!("]({})", address.to_ascii_lowercase());
    }
    // An autolink is known by its address.
    let s = match s.strip_prefix('<').and_then(|a| a.strip_suffix('>')) {
        Some(address) if url_len(address).is_some() => address,
        _ => s,
    };
    // An address written out, as a markdown converter escapes it
    // (`law\_n\_9`) or a wrapping one breaks it after a hyphen.
    let mut key = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {}
            '\r' | '\n' => {}
            c => key.push(c.to_ascii_lowercase()),
        }
    }
    key
}

/// The length of a web address at the start of `s`, if one starts there.
fn url_len(s: &str) -> Option<usize> {
    url_len_bytes(s.as_bytes())
}

/// The length of a markdown autolink at the start of `s`: a web address in
/// angle brackets (`<http://t.co/x>`), as inscriptis and html-text write a
/// link whose text is its address. Known by its address, as written out.
fn autolink_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('<')?;
    let len = url_len(rest)?;
    rest[len..].starts_with('>').then_some(len + 2)
}

/// [`url_len`] on bytes: the address ends at a space, a closing bracket or
/// quote, or a bar, and loses trailing sentence marks.
fn url_len_bytes(s: &[u8]) -> Option<usize> {
    // Every address starts with `h` or `w` (any case): most tokens stop here.
    if !matches!(s.first(), Some(b'h' | b'H' | b'w' | b'W')) {
        return None;
    }
    let starts = |p: &[u8]| s.len() >= p.len() && s[..p.len()].eq_ignore_ascii_case(p);
    if !(starts(b"http://") || starts(b"https://") || starts(b"www.")) {
        return None;
    }
    let mut end = 0;
    while let Some(&b) = s.get(end) {
        if b < 0x80 {
            // A wrapping converter breaks a long address after a hyphen.
            let wrap = |len: usize| {
                end > 0
                    && s[end - 1] == b'-'
                    && s.get(end + len).is_some_and(|c| !c.is_ascii_whitespace())
            };
            match b {
                b'\n' if wrap(1) => end += 1,
                b'\r' if s.get(end + 1) == Some(&b'\n') && wrap(2) => end += 2,
                0x09..=0x0d | b' ' | b')' | b']' | b'>' | b'<' | b'"' | b'|' => break,
                _ => end += 1,
            }
            continue;
        }
        // A non-ASCII space or closing quote ends it too.
        let width = match b {
            0xf0.. => 4,
            0xe0.. => 3,
            _ => 2,
        };
        match s
            .get(end..end + width)
            .and_then(|c| std::str::from_utf8(c).ok())
            .and_then(|c| c.chars().next())
        {
            Some(c) if !(c.is_whitespace() || c == '\u{201d}') => end += width,
            _ => break,
        }
    }
    let text = std::str::from_utf8(&s[..end]).ok()?;
    let url = text.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '\u{2019}']);
    (url.len() > 4).then_some(url.len())
}

/// The comparison key of a token: a hash of its normalised form.
pub fn key(token: &[u8], kind: TokenKind) -> u64 {
    key_chars(lossy(token).chars(), kind)
}

/// [`key_chars`] of the characters of `s`, without collecting them.
fn key_str(s: &str, kind: TokenKind) -> u64 {
    match kind {
        TokenKind::Word if s.is_ascii() => key_ascii_word(s.as_bytes()),
        TokenKind::Word => key_chars(s.chars(), kind),
        TokenKind::Punct => {
            let mut h = FxHasher::default();
            fold_punct(s).hash(&mut h);
            h.finish()
        }
        TokenKind::Url => {
            let mut h = FxHasher::default();
            url_key_text(s).hash(&mut h);
            h.finish()
        }
    }
}

/// [`key_chars`] of a word of ASCII characters.
#[inline]
fn key_ascii_word(word: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    for &b in word {
        char::from(b.to_ascii_lowercase()).hash(&mut h);
    }
    h.finish()
}

/// The comparison key of a token given as characters: words in lower case
/// with one apostrophe, punctuation folded ([`fold_punct`]), web addresses in
/// lower case.
fn key_chars(chars: impl Iterator<Item = char> + Clone, kind: TokenKind) -> u64 {
    let mut h = FxHasher::default();
    match kind {
        TokenKind::Word => {
            for c in chars {
                if c.is_ascii() {
                    // The apostrophe stays itself; a letter has one lower case.
                    c.to_ascii_lowercase().hash(&mut h);
                    continue;
                }
                let c = if is_apostrophe(c) { '\'' } else { c };
                for l in c.to_lowercase() {
                    l.hash(&mut h);
                }
            }
        }
        TokenKind::Punct => {
            let s: String = chars.collect();
            fold_punct(&s).hash(&mut h);
        }
        TokenKind::Url => {
            let s: String = chars.collect();
            url_key_text(&s).hash(&mut h);
        }
    }
    h.finish()
}

/// The folded form of a punctuation token: quote, apostrophe, dash and ellipsis
/// styles all map to one ASCII form.
pub fn fold_punct(s: &str) -> &str {
    let c = s.chars().next().unwrap_or(' ');
    match c {
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{00ab}' | '\u{00bb}'
        | '\u{2033}' => "\"",
        _ if is_apostrophe(c)
            || matches!(c, '\u{201a}' | '\u{201b}' | '`' | '\u{00b4}' | '\u{2032}') =>
        {
            "'"
        }
        _ if is_dash(c) => "-",
        '\u{2026}' => "...",
        '.' if s.len() >= 2 => "...",
        '(' if s.eq_ignore_ascii_case("(c)") || s.eq_ignore_ascii_case("(c\\)") => "\u{a9}",
        '&' => entity(s)
            .filter(|&(len, _)| len == s.len())
            .map_or(s, |(_, mark)| mark),
        _ => s,
    }
}

/// Folds one character for character-level comparison (quotes, dashes, case).
pub fn fold_char(c: char) -> char {
    match c {
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{00ab}' | '\u{00bb}' => '"',
        _ if is_apostrophe(c) || matches!(c, '\u{201a}' | '\u{201b}') => '\'',
        _ if is_dash(c) => '-',
        _ if is_space(c) => ' ',
        _ => {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        }
    }
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col",
    "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "inc", "corp", "co", "ltd", "vs", "no",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig",
    "approx", "dept", "mt", "ft", "ave", "blvd", "pp", "vol", "ed", "est", "e.g", "i.e",
];

/// Abbreviations that stand before a number ("Dec. 5", "No. 10") and are
/// otherwise words that can end a sentence ("Ant and Dec.", "said no.").
const BEFORE_NUMBERS: &[&str] = &[
    "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

fn is_terminal_mark(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "\u{2026}" | "?!" | "!?")
        || (s.len() >= 2 && s.bytes().all(|b| b == b'.'))
}

/// The first character of a token, a mojibake sequence read as the
/// character it stands for ("â€œI" opens with a quote mark).
fn first_char(s: &str) -> char {
    let mut head = [' '; 4];
    let mut n = 0;
    for c in s.chars().take(4) {
        head[n] = c;
        n += 1;
    }
    crate::charset::sequence(&head[..n]).map_or(head[0], |(_, c)| c)
}

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | ")" | "]" | "\u{201d}" | "\u{2019}" | "\u{00bb}" | "*" | "_"
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '\u{201c}'
            | '\u{2018}'
            | '\u{00ab}'
            | '*'
            | '_'
            | '#'
            | '-'
            | '\u{2014}'
            | '\u{2013}'
            | '\u{2022}'
    )
}

/// Marks terminal tokens and sentence starts.
fn mark_sentences(bytes: &[u8], text: &mut Text) {
    let wrapped = text.wrapped;
    let width = text.width;
    let s = |t: &Token| std::str::from_utf8(&bytes[t.span()]).unwrap_or("");
    for i in 0..text.tokens.len() {
        let tok = text.tokens[i];
        // Only punctuation can end a sentence: words need not be looked at.
        let word = if tok.kind == TokenKind::Punct {
            s(&tok)
        } else {
            ""
        };
        let terminal = match tok.kind {
            TokenKind::Word | TokenKind::Url => false,
            TokenKind::Punct if is_terminal_mark(word) => {
                // A period after an abbreviation or a single letter (U.S., J. Smith)
                // does not end a sentence; a period glued to the next token
                // (example.com) does not either.
                let glued_next = text
                    .tokens
                    .get(i + 1)
                    .is_some_and(|n| n.brk == Break::None && n.kind == TokenKind::Word);
                let after_abbrev = word == "."
                    && i > 0
                    && text.tokens[i - 1].kind == TokenKind::Word
                    && tok.brk == Break::None
                    && {
                        let word = s(&text.tokens[i - 1]);
                        let prev = word.to_lowercase();
                        // A single letter is an initial, unless a hyphen
                        // joins it to a name ("Liberty-X.", "Jay-Z."); a
                        // single digit ends a number ("in 2003-4."). A month
                        // or "No." holds no sentence end before a number
                        // ("Dec. 5", "No. 10") only: "hosts Ant and Dec."
                        // ends one. An abbreviation in capitals is an
                        // acronym ("the FT.", against "6 ft.").
                        let before_number = text.tokens.get(i + 1).is_some_and(|n| {
                            n.kind == TokenKind::Word && bytes[n.start as usize].is_ascii_digit()
                        });
                        let hyphenated = i > 1
                            && text.tokens[i - 1].brk == Break::None
                            && s(&text.tokens[i - 2]) == "-";
                        let acronym =
                            word.chars().count() > 1 && word.chars().all(|c| c.is_uppercase());
                        let initial = prev.chars().count() == 1
                            && prev.chars().all(char::is_alphabetic)
                            && !hyphenated;
                        let abbreviation = if BEFORE_NUMBERS.contains(&prev.as_str()) {
                            before_number
                        } else {
                            !acronym && ABBREVIATIONS.contains(&prev.as_str())
                        };
                        initial || abbreviation
                    };
                !glued_next && !after_abbrev
            }
            TokenKind::Punct => {
                (is_closer(word)
                    || !word.is_ascii() && is_closer(&crate::charset::decode_mojibake(word)))
                    && i > 0
                    && text.tokens[i - 1].terminal
                    && tok.brk == Break::None
            }
        };
        text.tokens[i].terminal = terminal;
    }
    for i in 0..text.tokens.len() {
        let tok = text.tokens[i];
        // In a hard-wrapped text a line break is structure when the next word
        // would have fitted on the line: a heading, a byline, the end of a
        // paragraph.
        let line = i == 0
            || match tok.brk {
                Break::Para => true,
                Break::Line => {
                    !wrapped
                        || fits_on_previous_line(bytes, &text.tokens[i - 1], &tok, width)
                        || opens_furniture_line(bytes, &tok)
                }
                _ => false,
            };
        // An image is a block of its own: what follows it starts a line.
        let after_image = i > 0 && {
            let prev = &text.tokens[i - 1];
            prev.kind == TokenKind::Url && bytes[prev.start as usize] == b'!'
        };
        let line = line || after_image || dateline_ends_before(bytes, &text.tokens, i);
        text.tokens[i].starts_line = line;
        let starts = if line {
            true
        } else {
            match tok.brk {
                Break::None => false,
                _ => {
                    let prev = &text.tokens[i - 1];
                    prev.terminal && {
                        let first = first_char(s(&tok));
                        first.is_uppercase() || first.is_numeric() || is_opener(first)
                    }
                }
            }
        };
        text.tokens[i].starts_sentence = starts;
    }
}

/// True when the line starting at `tok` opens with a caption, byline or
/// date label: it stands on its own even in hard-wrapped text.
fn opens_furniture_line(bytes: &[u8], tok: &Token) -> bool {
    let rest = &bytes[tok.start as usize..];
    let end = rest
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(rest.len())
        .min(80);
    let mut end = end.min(rest.len());
    while end > 0 && std::str::from_utf8(&rest[..end]).is_err() {
        end -= 1;
    }
    crate::boilerplate::opens_furniture(std::str::from_utf8(&rest[..end]).unwrap_or(""))
}

/// True when token `i` follows a dateline at the start of its line
/// (`WASHINGTON (AP) — `, `LONDON, England -- `): the article's first sentence
/// starts there, as if on a line of its own.
fn dateline_ends_before(bytes: &[u8], tokens: &[Token], i: usize) -> bool {
    const MOST: usize = 12;
    if i < 2 || tokens[i].kind != TokenKind::Word || tokens[i - 1].kind != TokenKind::Punct {
        return false;
    }
    let text = |t: &Token| std::str::from_utf8(&bytes[t.span()]).unwrap_or("");
    if tokens[i - 1].brk == Break::None || fold_punct(text(&tokens[i - 1])) != "-" {
        return false;
    }
    // Back to the start of the line: capitalised words, commas, an agency in brackets.
    let mut k = i - 1;
    while k > 0 && i - k <= MOST {
        let t = &tokens[k - 1];
        let s = text(t);
        let fits = match t.kind {
            TokenKind::Word => s.chars().next().is_some_and(char::is_uppercase),
            TokenKind::Punct => matches!(s, "," | "(" | ")" | "."),
            TokenKind::Url => false,
        };
        if !fits {
            return false;
        }
        k -= 1;
        if k == 0 || tokens[k].brk >= Break::Line {
            let first = text(&tokens[k]);
            return first.chars().count() >= 2
                && first
                    .chars()
                    .all(|c| c.is_uppercase() || !c.is_alphabetic());
        }
    }
    false
}

/// True when the chunk of text starting at `next` would have fitted at the
/// end of the line holding `prev`, within `width` characters.
fn fits_on_previous_line(bytes: &[u8], prev: &Token, next: &Token, width: usize) -> bool {
    let line = char_count(&bytes[line_start(bytes, prev.end as usize)..prev.end as usize]);
    if line > width {
        return true; // longer than the wrap: a line of its own
    }
    let rest = &bytes[next.start as usize..];
    let chunk_end = rest
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(rest.len());
    let chunk = char_count(&rest[..chunk_end]);
    line + 1 + chunk <= width
}

/// The characters in UTF-8 bytes: the bytes that are not continuation
/// bytes (an invalid byte counts as one character, as it renders).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count()
}

/// The wrap width of a hard-wrapped document: most lines inside paragraphs
/// are of similar width and end without sentence punctuation. `None` when
/// the document is not hard-wrapped.
pub fn wrap_width(bytes: &[u8]) -> Option<usize> {
    let text = lossy(bytes);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let open_lines = lines
        .windows(2)
        .filter(|p| !p[0].trim().is_empty() && !p[1].trim().is_empty() && !ends_sentence(p[0]))
        .count();
    // Leaving lines out never makes more open lines.
    if open_lines < 3 {
        return None;
    }
    // Lines of page furniture (a menu, a byline, "Advertisement") were
    // never wrapped: read as blank lines between blocks of text, they
    // neither hide a width nor widen it. A short line that goes on from an
    // open line is a paragraph's last words.
    let mut text_lines: Vec<&str> = Vec::with_capacity(lines.len());
    for line in lines {
        let open = text_lines
            .last()
            .is_some_and(|l| !l.is_empty() && !ends_sentence(l));
        let furniture = crate::boilerplate::is_furniture_line(line, open);
        text_lines.push(if furniture { "" } else { line });
    }
    width_of(&text_lines)
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', '"', '\u{201d}', ':'])
}

/// [`wrap_width`] of lines (without their line endings).
fn width_of(lines: &[&str]) -> Option<usize> {
    // Lines inside a block of text that end without sentence punctuation are
    // the ones a wrap made; their upper length is the width.
    let mut inner = 0usize;
    // Each open line's length, and the length of the first word after it.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for pair in lines.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        if line.trim().is_empty() || next.trim().is_empty() {
            continue;
        }
        inner += 1;
        if !ends_sentence(line) {
            let word = next.split_whitespace().next().unwrap_or("");
            open.push((line.chars().count(), word.chars().count()));
        }
    }
    if open.len() < 3 || open.len() * 2 < inner {
        return None;
    }
    open.sort_unstable();
    // The longest wrapped line is the width, leaving out lines far longer
    // than most (a headline or caption that was never wrapped).
    let typical = open[open.len() * 3 / 4].0;
    let width = open
        .iter()
        .map(|&(n, _)| n)
        .filter(|&n| n <= typical + 8)
        .max()
        .unwrap_or(typical);
    // A line whose next word would have fitted on it was not broken by the
    // wrap (a headline, a menu, a title repeated on the next line): it is no
    // evidence either way.
    let wraps: Vec<usize> = open
        .iter()
        .filter(|&&(n, next)| n + 1 + next > width)
        .map(|&(n, _)| n)
        .collect();
    let wide = wraps.iter().filter(|&&l| l * 3 >= width * 2).count();
    // Most of the text must sit in lines no longer than that width.
    let (mut fit, mut all) = (0usize, 0usize);
    for line in lines.iter().filter(|l| !l.trim().is_empty()) {
        let n = line.chars().count();
        all += n;
        if n <= width + 8 {
            fit += n;
        }
    }
    (width <= 120 && wraps.len() >= 3 && wide * 10 >= wraps.len() * 6 && fit * 10 >= all * 8)
        .then_some(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(src: &str) -> Vec<&str> {
        let t = tokenize(src.as_bytes());
        t.tokens.iter().map(|t| &src[t.span()]).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// The byte-level reading of ASCII words and marks gives the tokens
        /// and keys that reading unit by unit gives.
        #[test]
        fn byte_level_reading_matches_reading_by_units(
            s in "([a-zA-Z0-9 ,.:;!?'\"()&#\\-\\]\\[\n\t\r/]|\u{2019}|\u{201c}|\u{2014}|é|\u{a0}|www\\.|https://|&amp;|!\\[|\\]\\(|\\(c\\) 2){0,80}"
        ) {
            let read = |units: Units| {
                let mut text = Text::default();
                scan_units(&s, &units, 0, &mut text, &mut PendingBreak::default());
                (text.tokens, text.keys)
            };
            let plain = read(Units::Plain(&s));
            let by_units = read(Units::Merged(
                s.char_indices()
                    .map(|(i, c)| Unit { start: i, end: i + c.len_utf8(), c })
                    .collect(),
            ));
            proptest::prop_assert_eq!(plain, by_units);
        }
    }

    #[test]
    fn tokens_keep_exact_byte_spans() {
        let src = "He said, \u{201c}It\u{2019}s 3.5% \u{2014} not 11:06.\u{201d}\r\nNext";
        let t = tokenize(src.as_bytes());
        for tok in &t.tokens {
            assert!(src.is_char_boundary(tok.start as usize));
            assert!(src.is_char_boundary(tok.end as usize));
        }
        assert_eq!(
            words(src),
            [
                "He",
                "said",
                ",",
                "\u{201c}",
                "It\u{2019}s",
                "3.5",
                "%",
                "\u{2014}",
                "not",
                "11:06",
                ".",
                "\u{201d}",
                "Next"
            ]
        );
        assert_eq!(t.tokens.last().unwrap().brk, Break::Line);
    }

    #[test]
    fn styling_folds_to_the_same_keys() {
        let a =
            tokenize("\u{201c}It\u{2019}s early days \u{2014} really\u{2026}\u{201d}".as_bytes());
        let b = tokenize("\"it's early\r\ndays -- really...\"".as_bytes());
        assert_eq!(a.keys, b.keys);
    }

    #[test]
    fn web_addresses_are_one_token_and_not_words() {
        let src = "See [the levy](https://example.com/levy?id=3). Or www.example.org, [home](/news/2) today.";
        let t = tokenize(src.as_bytes());
        let urls: Vec<&str> = t
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Url)
            .map(|t| &src[t.span()])
            .collect();
        // A link's target, even a relative one, is one token with its brackets.
        assert_eq!(
            urls,
            [
                "](https://example.com/levy?id=3)",
                "www.example.org",
                "](/news/2)"
            ]
        );
        // Brackets without a target are punctuation.
        let t = tokenize(b"go back [home], he said");
        assert!(t.tokens.iter().all(|t| t.kind != TokenKind::Url));
    }

    #[test]
    fn an_address_written_out_is_known_escaped_or_wrapped_after_a_hyphen() {
        let urls = |src: &str| -> Vec<u64> {
            let t = tokenize(src.as_bytes());
            let n = t.tokens.len();
            t.keys
                .iter()
                .zip(&t.tokens)
                .filter(|(_, t)| t.kind == TokenKind::Url)
                .map(|(&k, _)| k)
                .chain(std::iter::once(n as u64))
                .collect()
        };
        let plain = urls("See http://x.com/social/alabama-workers-law_n_99_11.html now");
        assert_eq!(
            urls(r"See http://x.com/social/alabama-workers-law\_n\_99\_11.html now"),
            plain
        );
        assert_eq!(
            urls("See http://x.com/social/alabama-workers-\nlaw_n_99_11.html now"),
            plain
        );
        assert_eq!(
            urls("See http://x.com/social/alabama-workers-\r\nlaw_n_99_11.html now"),
            plain
        );
        // An autolink is the address it holds.
        assert_eq!(
            urls("See <http://x.com/social/alabama-workers-law_n_99_11.html> now"),
            plain
        );
        // A line ending elsewhere ends it.
        assert_ne!(
            urls("See http://x.com/social/alabama-workers\nlaw_n_99_11.html now"),
            plain
        );
        assert_ne!(
            urls("See http://x.com/social/alabama-workers-\n law_n_99_11.html now"),
            plain
        );
    }

    #[test]
    fn a_line_of_links_is_links_between_marks() {
        for line in [
            "* [About Us](http://x.com/about)",
            "  [Alerter](http://x.com/a?id=1)",
            "[Terms of use](/terms) \u{2022} [Privacy](/privacy) \u{2022}",
            "[olympics-summer](/news/topic/olympics-summer),",
            "[![](http://x.com/logo.png)](http://x.com)",
            "| [Contact](http://x.com/contact)",
        ] {
            assert!(is_line_of_links(line), "{line}");
        }
        for line in [
            "The mayor [said](/said) it.",
            "[Read more](/more) about it",
            "* [About Us",
            "Terms of use",
            "",
        ] {
            assert!(!is_line_of_links(line), "{line}");
        }
    }

    #[test]
    fn an_ordered_lists_numbers_are_marks_not_words() {
        let words = |src: &str| tokenize(src.as_bytes()).word_keys(0..usize::MAX);
        let plain = words("Most read\n\nJobs after fifty\nThe church\n\nAmid the");
        for numbered in [
            "Most read\n\n1. Jobs after fifty\n2. The church\n\nAmid the",
            "Most read\n\n1) Jobs after fifty\n\n2) The church\n\nAmid the",
        ] {
            assert_eq!(words(numbered), plain, "{numbered}");
        }
        assert_eq!(words("1. Jobs after fifty"), words("Jobs after fifty"));
        // A wrapped line of prose opening with a number keeps it.
        assert_eq!(words("prices rose by\n2. The rest").len(), 6);
        assert_eq!(words("in\n\n1999 after").len(), 3);
        assert_eq!(words("Most read\n\n1000. Jobs").len(), 4);
    }

    #[test]
    fn html_tags_left_in_text_are_markup_not_words() {
        let words = |src: &str| tokenize(src.as_bytes()).word_keys(0..usize::MAX);
        assert_eq!(
            words("in 2009.<sup>[1]</sup> As of"),
            words("in 2009.[1] As of")
        );
        assert_eq!(
            words("one<br/>two <span class=\"x\">three</span>"),
            words("one two three")
        );
        // Angle brackets that are no tag of a page stay marks and words.
        assert_eq!(words("if a <b and c> d").len(), 6);
        assert_eq!(words("x <cat> y").len(), 3);
        assert_eq!(words("<http://x.com/a> y").len(), 1);
    }

    #[test]
    fn a_link_target_with_bracket_pairs_or_raw_spaces_is_one_token() {
        let urls = |src: &str| -> Vec<String> {
            let t = tokenize(src.as_bytes());
            t.tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Url)
                .map(|t| src[t.span()].to_string())
                .collect()
        };
        // Encyclopaedia addresses hold bracket pairs, in the address and
        // the title.
        assert_eq!(
            urls("bursts of [rage](/wiki/Rage_(emotion) \"Rage (emotion)\"). In"),
            ["](/wiki/Rage_(emotion) \"Rage (emotion)\")"]
        );
        assert_eq!(
            urls("by [Ted Lewis](/wiki/Ted_Lewis_(voice_actor)) in"),
            ["](/wiki/Ted_Lewis_(voice_actor))"]
        );
        // Converters keep raw spaces in an address, escaped brackets too.
        assert_eq!(
            urls("[Email This](mailto:a@b.com?subject=The Few. The Proud?&body=x \"The Few\")\n"),
            ["](mailto:a@b.com?subject=The Few. The Proud?&body=x \"The Few\")"]
        );
        assert_eq!(
            urls(r"[add](javascript:void\(window.open\('http://x.com/a?t=A B'\)\)) now"),
            [r"](javascript:void\(window.open\('http://x.com/a?t=A B'\)\))"]
        );
        // Not a target: no closing bracket on the line.
        assert!(urls("see [a](/x and more\ntext) now").is_empty());
        assert!(urls("see [a](/x and [b] more) now").is_empty());
    }

    #[test]
    fn a_link_target_with_a_title_or_wrapped_is_one_token_known_by_its_address() {
        let urls = |src: &str| -> Vec<(String, u64)> {
            let t = tokenize(src.as_bytes());
            t.tokens
                .iter()
                .zip(&t.keys)
                .filter(|(t, _)| t.kind == TokenKind::Url)
                .map(|(t, &k)| (src[t.span()].to_string(), k))
                .collect()
        };
        // html2text and markdownify write a link's title after its address;
        // html2text wraps a long address after a hyphen, and the title.
        let plain = urls("the [new levy](/news/rail-strike-talks) was");
        let titled = urls("the [new levy](/news/rail-strike-talks \"Rail strike talks\") was");
        let wrapped = urls("the [new\nlevy](/news/rail-strike-\ntalks \"Rail strike\ntalks\") was");
        assert_eq!(
            titled[0].0,
            "](/news/rail-strike-talks \"Rail strike talks\")"
        );
        assert_eq!(
            wrapped[0].0,
            "](/news/rail-strike-\ntalks \"Rail strike\ntalks\")"
        );
        assert_eq!(plain[0].1, titled[0].1);
        assert_eq!(plain[0].1, wrapped[0].1);
        // CRLF line endings too.
        let crlf = urls("the [levy](/news/rail-strike-\r\ntalks \"Rail\") was");
        assert_eq!(crlf[0].1, plain[0].1);
        // Not a target: a space after the bracket, an address broken
        // without a hyphen, a title across a blank line.
        for src in [
            "see [a]( b) now",
            "see [a](/news/rail\ntalks) now",
            "see [a](/x \"Rail\n\ntalks\") now",
        ] {
            assert!(urls(src).is_empty(), "{src}");
        }
        // An image's address wraps the same way, and a title does not
        // change what it is known by.
        let image = urls("![Crowds gathered\nin the city](/img/crowds-\ncentre.jpg)\nText.");
        let titled = urls("![Crowds](/img/crowds-centre.jpg \"Click to enlarge\")\nText.");
        assert_eq!(image.len(), 1);
        assert_eq!(image[0].1, titled[0].1);
        // Escaped brackets inside an address.
        let escaped = urls(r"see [Log in](javascript:void\(0\)) now");
        assert_eq!(escaped[0].0, r"](javascript:void\(0\))");
        // An address in angle brackets, with spaces.
        let angle = urls("see [Eid](</search?q=Eid al-Fitr&c=AFP>) now");
        assert_eq!(angle[0].0, "](</search?q=Eid al-Fitr&c=AFP>)");
        // A picture given inline, markup with spaces and brackets and all.
        let svg = "![](data:image/svg+xml;utf8,<svg viewBox=\"0 0 9 9\"><image transform=\"translate(0) scale(0.05)\"/></svg>)";
        let inline = urls(&format!("{svg}\nText."));
        assert_eq!(inline.len(), 1);
        assert_eq!(inline[0].0, svg);
    }

    #[test]
    fn a_text_rendering_of_the_copyright_sign_compares_like_it() {
        let a = tokenize("\u{a9} 2024 The Gazette".as_bytes());
        let b = tokenize(b"(C) 2024 The Gazette");
        assert_eq!(a.keys, b.keys);
        // A letter in brackets inside a sentence is still a word.
        // A bracket before a character of several bytes.
        tokenize("(\u{201c}quoted\u{201d}) 2024".as_bytes());
        let c = tokenize(b"option (c) applies");
        assert_eq!(c.tokens.len(), 5);
        assert_eq!(c.tokens[2].kind, TokenKind::Word);
        // html2text writes every sign as "(C)", before a name too; a list
        // item's lower-case mark stays a letter.
        let a = tokenize("\u{a9} Noelia P\u{e1}ez".as_bytes());
        let b = tokenize("(C) Noelia P\u{e1}ez".as_bytes());
        assert_eq!(a.keys, b.keys);
        let c = tokenize(b"(c) the minister");
        assert_eq!(c.tokens[1].kind, TokenKind::Word);
        // A year straight after the sign.
        let a = tokenize("\u{a9}2011 ESPN".as_bytes());
        for b in [&b"(C)2011 ESPN"[..], b"(c)2011 ESPN"] {
            assert_eq!(a.keys, tokenize(b).keys);
        }
    }

    #[test]
    fn markdown_escapes_compare_like_the_marks_they_escape() {
        let a = tokenize(b"Putin (C) arrives at the first_stop [sic] today");
        let b = tokenize(br"Putin \(C\) arrives at the first\_stop \[sic\] today");
        assert_eq!(a.keys, b.keys);
        // A backslash before a letter or digit is text.
        let c = tokenize(br"C:\Users\n1");
        assert!(c.tokens.iter().any(|t| &br"C:\Users\n1"[t.span()] == b"\\"));
    }

    #[test]
    fn html_character_references_compare_like_their_marks() {
        let a = tokenize(
            "dull :- <( \u{201c}Yes\u{201d} \u{2014} \u{2018}no\u{2019} & more".as_bytes(),
        );
        let b = tokenize(b"dull :- &lt;( &ldquo;Yes&#8221; &mdash; &lsquo;no&#x2019; &amp; more");
        assert_eq!(a.keys, b.keys);
        // Marks of other scripts and signs: "Blair&#191;s" as a page had it.
        let a = tokenize("Blair\u{bf}s \u{a3}5 \u{2022} \u{ab}oui\u{bb}".as_bytes());
        let b = tokenize(b"Blair&#191;s &pound;5 &#8226; &laquo;oui&raquo;");
        assert_eq!(a.keys, b.keys);
        // Not a reference: an ampersand in text, a name not known.
        let c = tokenize(b"AT&T; R&D &foo; x");
        assert!(c.tokens.iter().any(|t| t.kind == TokenKind::Word));
    }

    #[test]
    fn a_caption_glued_to_its_image_starts_a_line() {
        let src = "Text.\n\n![A photo](/img/1.jpg)Officials outside the building. Photo: Reuters\n";
        let t = tokenize(src.as_bytes());
        let officials = t
            .tokens
            .iter()
            .find(|t| &src[t.span()] == "Officials")
            .unwrap();
        assert!(officials.starts_line);
    }

    #[test]
    fn mojibake_compares_like_the_text_it_stands_for() {
        let clean = tokenize("He said \u{201c}it\u{2019}s caf\u{e9}\u{201d}.".as_bytes());
        let garbled = tokenize("He said \u{e2}\u{20ac}\u{153}it\u{e2}\u{20ac}\u{2122}s caf\u{c3}\u{a9}\u{e2}\u{20ac}\u{9d}.".as_bytes());
        assert_eq!(clean.keys, garbled.keys);
        assert_eq!(garbled.tokens[2].span(), 8..15);
    }

    #[test]
    fn a_markdown_image_is_one_token_of_page_furniture() {
        let src = "![Officials outside the building](https://example.com/a.jpg)\nText.";
        let t = tokenize(src.as_bytes());
        assert_eq!(t.tokens[0].kind, TokenKind::Url);
        assert_eq!(
            &src[t.tokens[0].span()],
            "![Officials outside the building](https://example.com/a.jpg)"
        );
        // Alt text wrapped onto the next line is still the image's, and an
        // image is known by its address, whatever its alt text.
        let wrapped = "![Officials outside\nthe building](https://example.com/a.jpg) Text.";
        let t = tokenize(wrapped.as_bytes());
        assert_eq!(t.tokens[0].kind, TokenKind::Url);
        assert_eq!(
            &wrapped[t.tokens[0].span()],
            &wrapped[..wrapped.find(" Text").unwrap()]
        );
        assert_eq!(t.keys[0], tokenize(src.as_bytes()).keys[0]);
        // A blank line ends the alt text: no image, words.
        let broken = "![Officials outside\n\nthe building](https://example.com/a.jpg)";
        let t = tokenize(broken.as_bytes());
        assert!(
            t.tokens
                .iter()
                .all(|t| t.kind != TokenKind::Url || t.start > 2)
        );
        assert_eq!(&broken[t.tokens[2].span()], "Officials");
    }

    #[test]
    fn invalid_utf8_is_listed_and_kept_out_of_tokens() {
        let src = b"caf\xe9 au lait";
        let t = tokenize(src);
        assert_eq!(t.invalid, vec![3..4]);
        let spans: Vec<_> = t.tokens.iter().map(|t| t.span()).collect();
        assert_eq!(spans, vec![0..3, 5..7, 8..12]);
    }

    #[test]
    fn sentence_starts_skip_abbreviations() {
        let src = "Mr. Smith met U.S. officials. They agreed. \"We will,\" he said. \
                   J. Doe got £4m in 2003-4. The duchy made more. It opens on Dec. 5 at \
                   No. 10 with hosts Ant and Dec. Model Sophie Anderton left. It was \
                   6 ft. tall, said the FT. Its editor agreed. She sang with Liberty-X. Rover denied it.";
        let starts = |src: &'static str| -> Vec<&'static str> {
            tokenize(src.as_bytes())
                .tokens
                .iter()
                .filter(|t| t.starts_sentence)
                .map(|t| &src[t.span()])
                .collect()
        };
        // An initial ("J.") ends no sentence; a single digit ("2003-4.")
        // does, and a month's or "No." abbreviation unless a number follows,
        // an acronym ("FT.") and a letter hyphenated to a name ("Liberty-X.").
        assert_eq!(
            starts(src),
            [
                "Mr", "They", "\"", "J", "The", "It", "Model", "It", "Its", "She", "Rover"
            ]
        );
        // Quote marks garbled by a wrong charset open and close sentences.
        let src = "a rural boy, Kisna. \u{e2}\u{20ac}\u{153}I liked it,\u{e2}\u{20ac}\u{9d} says Bernath. \
                   \u{e2}\u{20ac}\u{153}At times.\u{e2}\u{20ac}\u{9d} Then";
        let garbled = starts(src);
        assert_eq!(garbled.len(), 4, "{garbled:?}");
        assert_eq!(garbled[3], "Then", "{garbled:?}");
    }

    #[test]
    fn a_dateline_ends_like_a_line() {
        for src in [
            "WASHINGTON (AP) \u{2014} The council met.",
            "LONDON, England -- The council met.",
            "Intro\nPARIS (Reuters) - The council met.",
        ] {
            let t = tokenize(src.as_bytes());
            let the = t
                .tokens
                .iter()
                .position(|t| &src[t.span()] == "The")
                .unwrap();
            assert!(t.tokens[the].starts_line, "{src}");
        }
        let t = tokenize("The vote was close - Mr Smith won.".as_bytes());
        assert!(!t.tokens.iter().any(|t| t.starts_line && t.start > 0));
    }

    #[test]
    fn a_hard_wrapped_text_under_many_lines_of_furniture_is_wrapped() {
        let furniture = "The Morning Record\nHome | World | Business\nBand Aid keeps top spot\nBy Jane Doe, Political correspondent\nUpdated 25 Jun 2024\nShare this article\nAdvertisement\n";
        let body = "The charity single has held on to the top spot in the chart for\na second week, strengthening its chances of becoming the number\none at Christmas, ahead of a crowded field of new releases from\nseveral acts.\nAdvertisement\nIt held off a late challenge from a pop star to remain the\nbiggest single of the week, the chart company said on Sunday.\n";
        let footer = "Related: Port strike ends\nRead more\nFollow us on social media\n";
        let t = tokenize(format!("{furniture}{body}{footer}").as_bytes());
        assert!(t.wrapped);
    }

    #[test]
    fn headline_lines_a_wrap_did_not_break_do_not_hide_a_short_wrapped_text() {
        // The title (repeated) and the menu end without punctuation, but the
        // next word would have fitted on each: no wrap broke them.
        let header = "Global Dispatch\nNews | UK | World | Politics | Tech | Culture\nPresenter leaves the show\nPresenter leaves the show\n";
        let body = "NEW YORK (AFP) - The presenter has resigned as host of the Saturday morning\nmusic show after six years.\n\nThe host, who also presents a talent show, said she wanted to concentrate\non new television projects. She will host her last show in March and guest\npresenters will stand in until a replacement is found, the channel said on\nSunday.\n";
        let t = tokenize(format!("{header}{body}").as_bytes());
        assert!(t.wrapped);
        assert_eq!(t.width, 75);
        // Short lines that go on with a word that would have fitted are a
        // list, not a wrap.
        let list = "Apples\npears and plums\nfigs\ndates and grapes\nlemons\nlimes\n";
        assert!(!tokenize(list.as_bytes()).wrapped);
    }

    #[test]
    fn long_lines_of_furniture_do_not_widen_the_wrap_width() {
        let header = "Metro Wire\nArchive picture: The harbour board meets on the pier (Reuters)\nShare this article\n\n";
        let body = "The harbour board voted on Thursday to close the old\nferry pier for repairs, a decision that will force\ncommuters onto buses for most of the winter, officials\nsaid after the meeting on the quay.\n";
        let t = tokenize(format!("{header}{body}").as_bytes());
        assert!(t.wrapped);
        assert!(t.width <= 56, "{}", t.width);
    }

    #[test]
    fn line_breaks_are_structure_unless_hard_wrapped() {
        let flowing = "Headline here\nFirst paragraph runs on.\nSecond one.";
        let t = tokenize(flowing.as_bytes());
        assert!(!t.wrapped);
        assert!(t.tokens[2].starts_sentence); // "First"
        let wrapped = "The council said on Monday that the\nnew levy would be collected from\nnext spring, and that residents\nwould be consulted first about it\nbefore the vote.\n";
        let t = tokenize(wrapped.as_bytes());
        assert!(t.wrapped);
        assert!(!t.tokens.iter().skip(1).any(|t| t.starts_sentence));
        // Short lines of a wrapped text (a byline, a paragraph's end) are structure.
        let with_header = format!(
            "By Jane Doe\nPublished Monday\n{wrapped}Next paragraph starts here and it\ncontinues on.\n"
        );
        let t = tokenize(with_header.as_bytes());
        assert!(t.wrapped);
        let starts: Vec<&str> = t
            .tokens
            .iter()
            .filter(|t| t.starts_sentence)
            .map(|t| &with_header[t.span()])
            .collect();
        assert_eq!(starts, ["By", "Published", "The", "Next"]);
    }
}
