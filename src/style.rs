//! The house style of a copy (quote marks, dashes, ellipses, paragraph breaks,
//! hard wrapping, line endings), and the rendering of text taken from another
//! copy in that style, so a repair reads as if the copy had never lost it.
//!
//! A copy that mixes two forms of a mark shows no style for it, and the text
//! keeps its own. Evidence is looked for near the place the text goes first,
//! as an outlet's header can be styled unlike its article.

/// How far around the insertion point style evidence is looked for first.
const NEAR: usize = 3000;

/// How a copy writes what styling varies between outlets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    /// Curly double quotes (“ ”) rather than straight ones; `None` when the
    /// copy shows no consistent style, and text keeps its own.
    pub curly_double: Option<bool>,
    /// Curly apostrophes and single quotes (’ ‘) rather than straight ones.
    pub curly_single: Option<bool>,
    /// The spaced dash the copy uses (`—`, `–` or `--`), if it uses one only.
    pub dash: Option<&'static str>,
    /// The one-character ellipsis (…) rather than three dots.
    pub ellipsis_char: Option<bool>,
    /// What separates paragraphs: a blank line, a single line break, or a
    /// space in a copy that runs all its sentences on one line.
    pub paragraph: &'static str,
    /// The wrap width, for a hard-wrapped copy.
    pub width: Option<usize>,
    /// CRLF line endings.
    pub crlf: bool,
    /// Markdown markup (`[text](address)`, `**bold**`): text taken from a
    /// markdown copy loses it when the copy has none.
    pub markdown: bool,
}

/// Which of two forms a text uses, when it uses one of them consistently.
fn consistent(first: usize, second: usize) -> Option<bool> {
    if first == 0 && second == 0 {
        None
    } else if first >= 9 * second {
        Some(true)
    } else if second >= 9 * first {
        Some(false)
    } else {
        None
    }
}

fn count(hay: &str, needles: &[&str]) -> usize {
    needles.iter().map(|n| hay.matches(n).count()).sum()
}

impl Style {
    /// Reads the style of a copy from its bytes, for text going in at byte
    /// `at`. `wrapped` says whether the copy is hard-wrapped (see
    /// [`crate::tokenize::wrap_width`]).
    pub fn of(bytes: &[u8], wrapped: bool, at: usize) -> Style {
        let text = crate::tokenize::lossy(bytes);
        let mut lo = at.saturating_sub(NEAR).min(text.len());
        let mut hi = at.saturating_add(NEAR).min(text.len());
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let places = [&text[lo..hi], text.as_ref()];
        let prefer = |first: &[&str], second: &[&str]| {
            places.iter().find_map(|hay| {
                let (a, b) = (count(hay, first), count(hay, second));
                (a + b > 0).then(|| consistent(a, b)).flatten()
            })
        };
        // An outlet that curls one kind of quote mark curls the other.
        let double = prefer(&["\u{201c}", "\u{201d}"], &["\""]);
        let single = prefer(&["\u{2019}", "\u{2018}"], &["'"]);
        let (curly_double, curly_single) = (double.or(single), single.or(double));
        let ellipsis_char = prefer(&["\u{2026}"], &["..."]);
        let dash = places.iter().find_map(|hay| {
            let used: Vec<&'static str> = [
                (" \u{2014} ", "\u{2014}"),
                (" -- ", "--"),
                (" \u{2013} ", "\u{2013}"),
            ]
            .iter()
            .filter(|(n, _)| hay.contains(n))
            .map(|(_, d)| *d)
            .collect();
            (used.len() == 1).then(|| used[0])
        });
        let crlf = text.contains("\r\n");
        let unix = text.replace("\r\n", "\n");
        let markdown = text.contains("](");
        Style {
            curly_double,
            curly_single,
            dash,
            ellipsis_char,
            paragraph: paragraph_break(&unix),
            width: if wrapped { wrap_width(&text, at) } else { None },
            crlf,
            markdown,
        }
    }

    /// Leaves alone the marks that `source` (the copy text is taken from)
    /// writes in two forms: it tells them apart on purpose (an en dash for
    /// ranges, an em dash for asides), and no house style should merge them.
    pub fn keeping_distinctions_of(mut self, source: &[u8]) -> Style {
        let text = crate::tokenize::lossy(source);
        let both = |a: &[&str], b: &[&str]| count(&text, a) > 0 && count(&text, b) > 0;
        if both(&["\u{201c}", "\u{201d}"], &["\""]) {
            self.curly_double = None;
        }
        if both(&["\u{2019}", "\u{2018}"], &["'"]) {
            self.curly_single = None;
        }
        if both(&["\u{2026}"], &["..."]) {
            self.ellipsis_char = None;
        }
        let dashes = [" \u{2014} ", " -- ", " \u{2013} "]
            .iter()
            .filter(|d| text.contains(*d))
            .count();
        if dashes > 1 {
            self.dash = None;
        }
        self
    }

    /// Renders `text` (taken from another copy) in this style, for insertion
    /// at a point of the copy where `before` is the copy's line up to that
    /// point and `after_word` the copy's next word. `line_starts` are the
    /// offsets in `text` where a line of its own (a paragraph) starts; any
    /// other white space is a space.
    pub fn render(
        &self,
        text: &str,
        line_starts: &[usize],
        before: &str,
        after_word: &str,
    ) -> String {
        let stripped;
        let (text, line_starts) = if self.markdown || !text.contains(['[', '*']) {
            (text, line_starts)
        } else {
            stripped = strip_markdown(text, line_starts);
            (stripped.0.as_str(), stripped.1.as_slice())
        };
        let mut out = String::with_capacity(text.len() + 8);
        let mut col = before.chars().count();
        let mut prev = before.chars().last();
        let pieces = split_pieces(text);
        for (i, (offset, piece)) in pieces.iter().enumerate() {
            match piece {
                Piece::Space(ws) => {
                    if line_starts.binary_search(&(offset + ws.len())).is_ok() {
                        out.push_str(self.paragraph);
                        col = 0;
                        prev = Some('\n');
                        continue;
                    }
                    let next = match pieces.get(i + 1) {
                        Some((_, Piece::Word(w))) => self.word(w, Some(' ')).chars().count(),
                        None => after_word.chars().count(),
                        Some((_, Piece::Space(_))) => 0,
                    };
                    match self.width {
                        Some(width) if col > 0 && col + 1 + next > width => {
                            out.push('\n');
                            col = 0;
                            prev = Some('\n');
                        }
                        _ => {
                            out.push(' ');
                            col += 1;
                            prev = Some(' ');
                        }
                    }
                }
                Piece::Word(w) => {
                    let styled = self.word(w, prev);
                    col += styled.chars().count();
                    prev = styled.chars().last();
                    out.push_str(&styled);
                }
            }
        }
        if self.crlf {
            out = out.replace('\n', "\r\n");
        }
        out
    }

    /// One run of non-space characters in this style; `prev` is the
    /// character before it.
    fn word(&self, w: &str, prev: Option<char>) -> String {
        if let Some(dash) = self.dash
            && matches!(w, "\u{2014}" | "\u{2013}" | "--")
        {
            return dash.to_string();
        }
        let chars: Vec<char> = w.chars().collect();
        let mut out = String::with_capacity(w.len());
        let mut before = prev;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let opening =
                before.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-/".contains(p));
            let styled: char = match c {
                '"' | '\u{201c}' | '\u{201d}' => match (self.curly_double, opening) {
                    (None, _) => c,
                    (Some(false), _) => '"',
                    (Some(true), true) => '\u{201c}',
                    (Some(true), false) => '\u{201d}',
                },
                '\'' | '\u{2018}' | '\u{2019}' => {
                    let inner = before.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    match (self.curly_single, opening && !inner) {
                        (None, _) => c,
                        (Some(false), _) => '\'',
                        (Some(true), true) => '\u{2018}',
                        (Some(true), false) => '\u{2019}',
                    }
                }
                '\u{2026}' if self.ellipsis_char == Some(false) => {
                    out.push_str("..");
                    '.'
                }
                '.' if self.ellipsis_char == Some(true)
                    && chars.get(i..i + 3) == Some(&['.', '.', '.']) =>
                {
                    i += 2;
                    '\u{2026}'
                }
                _ => c,
            };
            before = Some(styled);
            out.push(styled);
            i += 1;
        }
        out
    }
}

/// Removes markdown markup from text: `[text](address)` becomes `text`,
/// `![alt](address)` and `**` go. Line-start offsets are moved along.
fn strip_markdown(text: &str, line_starts: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1); // old offset -> new offset
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let skip = if rest.starts_with("**") {
            Some(2)
        } else if rest.starts_with("![") {
            rest.find(')')
                .filter(|&e| rest[..e].contains("](") && !rest[..e].contains('\n'))
                .map(|e| e + 1)
        } else if rest.starts_with("](") {
            rest.find(')')
                .filter(|&e| !rest[..e].contains(char::is_whitespace))
                .map(|e| e + 1)
        } else if bytes[i] == b'['
            && rest
                .find(']')
                .is_some_and(|e| rest[e..].starts_with("](") && !rest[..e].contains('\n'))
        {
            Some(1)
        } else {
            None
        };
        match skip {
            Some(n) => {
                map.extend(std::iter::repeat_n(out.len(), n));
                i += n;
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                map.extend(std::iter::repeat_n(out.len(), c.len_utf8()));
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    map.push(out.len());
    let starts = line_starts
        .iter()
        .filter_map(|&o| map.get(o).copied())
        .collect();
    (out, starts)
}

enum Piece<'a> {
    Word(&'a str),
    Space(&'a str),
}

/// Splits text into runs of white space and of other characters, each with
/// its offset.
fn split_pieces(text: &str) -> Vec<(usize, Piece<'_>)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push((start, piece(&text[start..i], in_space == Some(true))));
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push((start, piece(&text[start..], in_space == Some(true))));
    }
    out
}

fn piece(s: &str, space: bool) -> Piece<'_> {
    if space {
        Piece::Space(s)
    } else {
        Piece::Word(s)
    }
}

/// What most sentence-ending lines are followed by: a blank line or a single
/// line break.
fn paragraph_break(text: &str) -> &'static str {
    // A copy of several sentences on one line joins its paragraphs with a
    // space; so does one whose article is one line of four sentences or
    // more below header lines, when no line ends a sentence before another.
    let sentences = |line: &str| line.matches(". ").count() + line.matches(".\u{201d} ").count();
    if !text.trim().contains('\n') && sentences(text) >= 3 {
        return " ";
    }
    let (mut blank, mut single) = (0usize, 0usize);
    let lines: Vec<&str> = text.lines().collect();
    for pair in lines.windows(2) {
        let ends = pair[0]
            .trim_end()
            .ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', '\'']);
        if ends && pair[1].trim().is_empty() {
            blank += 1;
        } else if ends {
            single += 1;
        }
    }
    if blank + single == 0 {
        let prose = lines.iter().filter(|l| sentences(l) >= 2).count();
        if prose == 1 && lines.iter().any(|l| sentences(l) >= 4) {
            return " ";
        }
    }
    if blank >= single { "\n\n" } else { "\n" }
}

/// The width a greedy wrapper used: the longest line that surely was
/// wrapped (the next line goes on in lower case, or the line stops on a
/// lower-case word with more text after it),
/// leaving out the line around byte `at`, which lost text and is no evidence.
fn wrap_width(text: &str, at: usize) -> Option<usize> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line.trim_end()));
        offset += line.len();
    }
    let lengths = lines
        .windows(2)
        .filter(|w| !(w[0].0..=w[0].0 + w[0].1.len()).contains(&at))
        .filter(|w| {
            let next = w[1].1.trim_start().chars().next();
            let goes_on = next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            // A line ending on a lower-case word, with more text after it,
            // stopped mid-sentence: a wrap, not a heading.
            let last = w[0].1.rsplit(' ').next().unwrap_or("");
            let mid_sentence =
                next.is_some() && !last.is_empty() && last.chars().all(|c| c.is_lowercase());
            goes_on || mid_sentence
        })
        .map(|w| {
            let next = w[1].1.split_whitespace().next().unwrap_or("");
            (w[0].1.chars().count(), next.chars().count())
        })
        .filter(|&(n, _)| n <= 120)
        .collect::<Vec<(usize, usize)>>();
    // The width is at least the longest wrapped line, and less than any
    // wrapped line with the next line's first word after it: the middle
    // of what both allow.
    let least = longest_typical(lengths.iter().map(|&(n, _)| n).collect())?;
    let most = lengths
        .iter()
        .map(|&(n, next)| n + next)
        .filter(|&m| m >= least)
        .min()
        .unwrap_or(least);
    Some((least + most) / 2)
}

/// The longest of the wrapped lines' lengths, leaving out lines far longer
/// than most (a headline or a footer line that was never wrapped).
fn longest_typical(mut lengths: Vec<usize>) -> Option<usize> {
    lengths.sort_unstable();
    let typical = *lengths.get(lengths.len() * 3 / 4)?;
    lengths.into_iter().filter(|&n| n <= typical + 8).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(curly: bool) -> Style {
        Style {
            curly_double: Some(curly),
            curly_single: Some(curly),
            dash: Some(if curly { "\u{2014}" } else { "--" }),
            ellipsis_char: Some(curly),
            paragraph: "\n\n",
            width: None,
            crlf: false,
            markdown: false,
        }
    }

    #[test]
    fn quotes_dashes_and_ellipses_follow_the_copy() {
        let text = "the \"new\" levy \u{2014} it's Mr Tasker's... view";
        assert_eq!(
            style(true).render(text, &[], "said ", "x"),
            "the \u{201c}new\u{201d} levy \u{2014} it\u{2019}s Mr Tasker\u{2019}s\u{2026} view"
        );
        let curly =
            "the \u{201c}new\u{201d} levy \u{2014} it\u{2019}s \u{2018}fine\u{2019}\u{2026}";
        assert_eq!(
            style(false).render(curly, &[], "", "x"),
            "the \"new\" levy -- it's 'fine'..."
        );
    }

    #[test]
    fn paragraph_breaks_line_endings_and_wrapping_follow_the_copy() {
        let mut s = style(false);
        s.paragraph = "\n";
        s.crlf = true;
        assert_eq!(
            s.render("end.\n\nNext one", &[6], "", "x"),
            "end.\r\nNext one"
        );
        // A line break that does not start a line of its own is a space.
        assert_eq!(s.render("end\nof it", &[], "", "x"), "end of it");
        let mut s = style(false);
        s.width = Some(20);
        // 12 characters already on the line: "more words" would pass 20.
        assert_eq!(
            s.render("more words here ", &[], "a line text ", "next"),
            "more\nwords here "
        );
    }

    #[test]
    fn a_wrap_width_is_read_between_the_longest_line_and_the_next_word() {
        // Wrapped at 40: the longest line has 37 characters, and the
        // tightest wraps left 36 and a word of 7, 33 and one of 10.
        let text = "The council approved the parking levy\nbecause residents had opposed it for\nseveral years, the officials said\nyesterday.\n";
        for line in text.lines() {
            assert!(line.chars().count() <= 40, "{line}");
        }
        assert_eq!(wrap_width(text, usize::MAX), Some(40));
    }

    #[test]
    fn a_copy_on_one_line_joins_paragraphs_with_a_space() {
        let one_line = "The pier closed. Buses run instead. It reopens in May. Tickets are free.";
        assert_eq!(Style::of(one_line.as_bytes(), false, 0).paragraph, " ");
        // Below header lines, the copy cut inside its one line of prose.
        let cut = "Pier news\nBy Ana Ruiz\n\nThe pier closed. Buses run instead. It reopens in May. Tickets are free. The mayor sa";
        assert_eq!(Style::of(cut.as_bytes(), false, 0).paragraph, " ");
        // A first paragraph of a few sentences, then more, is no such copy.
        let paragraphs = "Pier news\n\nThe pier closed. Buses run instead. It reopens in May. Tickets are free.\n\nThe mayor sa";
        assert_eq!(Style::of(paragraphs.as_bytes(), false, 0).paragraph, "\n\n");
        // One sentence on one line is no evidence.
        assert_eq!(Style::of(b"The pier closed.", false, 0).paragraph, "\n\n");
        assert_eq!(
            Style::of(b"The pier closed.\nBuses run.\nIt reopens.\n", false, 0).paragraph,
            "\n"
        );
    }

    #[test]
    fn markdown_from_a_markdown_copy_is_dropped_for_a_plain_one() {
        let text = "the [new parking levy](https://example.com/levy), **which** ![x](https://e.com/a.jpg)residents";
        assert_eq!(
            style(false).render(text, &[], "", ""),
            "the new parking levy, which residents"
        );
        let mut md = style(false);
        md.markdown = true;
        assert_eq!(md.render("[a](b)", &[], "", ""), "[a](b)");
        // Brackets of the text itself stay.
        let quote = "go back [home], others [stay](https://example.com/s)";
        assert_eq!(
            style(false).render(quote, &[], "", ""),
            "go back [home], others stay"
        );
    }

    #[test]
    fn marks_the_source_tells_apart_are_kept() {
        let s = style(true).keeping_distinctions_of("a \u{2014} b \u{2013} c".as_bytes());
        assert_eq!(s.render("x \u{2013} y", &[], "", ""), "x \u{2013} y");
    }

    #[test]
    fn a_copy_reads_its_own_style_and_mixed_marks_show_none() {
        let s = Style::of(
            "He said \u{201c}yes\u{201d} \u{2014} it\u{2019}s done.\r\n\r\nNext.\r\n".as_bytes(),
            false,
            0,
        );
        assert!(s.curly_double == Some(true) && s.curly_single == Some(true) && s.crlf);
        assert_eq!(
            (s.dash, s.ellipsis_char, s.paragraph),
            (Some("\u{2014}"), None, "\n\n")
        );
        let mixed = Style::of(
            "A \u{2014} b \u{2013} c \"d\u{201d} e.\nF.\n".as_bytes(),
            false,
            0,
        );
        assert_eq!(
            (mixed.dash, mixed.curly_double, mixed.paragraph),
            (None, None, "\n")
        );
    }
}
