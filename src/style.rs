//! The house style of a copy (quote marks, dashes, ellipses, paragraph breaks,
//! hard wrapping, line endings), and the rendering of text taken from another
//! copy in that style, so a repair reads as if the copy had never lost it.

/// How a copy writes what styling varies between outlets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Style {
    /// Curly double quotes (“ ”) rather than straight ones; `None` when the
    /// copy has none, and text keeps its own.
    pub curly_double: Option<bool>,
    /// Curly apostrophes and single quotes (’ ‘) rather than straight ones.
    pub curly_single: Option<bool>,
    /// The spaced dash the copy uses (`—`, `–` or `--`), if it uses one.
    pub dash: Option<&'static str>,
    /// The one-character ellipsis (…) rather than three dots.
    pub ellipsis_char: Option<bool>,
    /// What separates paragraphs: a blank line, or a single line break.
    pub paragraph: &'static str,
    /// The wrap width, for a hard-wrapped copy.
    pub width: Option<usize>,
    /// CRLF line endings.
    pub crlf: bool,
}

impl Style {
    /// Reads the style of a copy from its bytes. `wrapped` says whether the
    /// copy is hard-wrapped (see [`crate::tokenize::wrap_width`]).
    pub fn of(bytes: &[u8], wrapped: bool) -> Style {
        let text = String::from_utf8_lossy(bytes);
        let count = |needles: &[&str]| {
            needles
                .iter()
                .map(|n| text.matches(n).count())
                .sum::<usize>()
        };
        let prefer = |curly: usize, plain: usize| (curly + plain > 0).then_some(curly > plain);
        let curly_double = prefer(count(&["\u{201c}", "\u{201d}"]), text.matches('"').count());
        let curly_single = prefer(count(&["\u{2019}", "\u{2018}"]), text.matches('\'').count());
        let dashes = [
            (" \u{2014} ", "\u{2014}"),
            (" -- ", "--"),
            (" \u{2013} ", "\u{2013}"),
            ("\u{2014}", "\u{2014}"),
        ];
        let dash = dashes
            .iter()
            .map(|(n, d)| (text.matches(n).count(), *d))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, d)| d);
        let ellipsis_char = prefer(
            text.matches('\u{2026}').count(),
            text.matches("...").count(),
        );
        let crlf = text.contains("\r\n");
        let unix = text.replace("\r\n", "\n");
        let paragraph = if unix.trim().contains("\n\n") {
            "\n\n"
        } else {
            "\n"
        };
        let width = if wrapped { wrap_width(&unix) } else { None };
        Style {
            curly_double,
            curly_single,
            dash,
            ellipsis_char,
            paragraph,
            width,
            crlf,
        }
    }

    /// Renders `text` (taken from another copy) in this style, for insertion
    /// at a point of the copy where `before` is the copy's line up to that
    /// point and `after_word` the copy's next word. `source_wrapped` says
    /// whether single line breaks in `text` are wrapping rather than structure.
    pub fn render(
        &self,
        text: &str,
        before: &str,
        after_word: &str,
        source_wrapped: bool,
    ) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut col = before.chars().count();
        let mut prev = before.chars().last();
        let pieces = split_pieces(text);
        for (i, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Space(ws) => {
                    let newlines = ws.matches('\n').count();
                    let paragraph = newlines >= 2 || (newlines == 1 && !source_wrapped);
                    if paragraph {
                        out.push_str(self.paragraph);
                        col = 0;
                        prev = Some('\n');
                        continue;
                    }
                    let next = match pieces.get(i + 1) {
                        Some(Piece::Word(w)) => self.word(w, Some(' ')).chars().count(),
                        None => after_word.chars().count(),
                        Some(Piece::Space(_)) => 0,
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
            && matches!(w, "\u{2014}" | "\u{2013}" | "--" | "-")
            && w != "-"
        {
            return dash.to_string();
        }
        let mut out = String::with_capacity(w.len());
        let chars: Vec<char> = w.chars().collect();
        let mut before = prev;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let opening =
                before.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-/".contains(p));
            let styled: String = match c {
                '"' | '\u{201c}' | '\u{201d}' => match (self.curly_double, opening) {
                    (None, _) => c.to_string(),
                    (Some(false), _) => "\"".into(),
                    (Some(true), true) => "\u{201c}".into(),
                    (Some(true), false) => "\u{201d}".into(),
                },
                '\'' | '\u{2018}' | '\u{2019}' => {
                    let inner = before.is_some_and(char::is_alphanumeric)
                        && next.is_some_and(char::is_alphanumeric);
                    match (self.curly_single, opening && !inner) {
                        (None, _) => c.to_string(),
                        (Some(false), _) => "'".into(),
                        (Some(true), true) => "\u{2018}".into(),
                        (Some(true), false) => "\u{2019}".into(),
                    }
                }
                '\u{2026}' if self.ellipsis_char == Some(false) => "...".into(),
                '.' if self.ellipsis_char == Some(true)
                    && chars.get(i..i + 3) == Some(&['.', '.', '.']) =>
                {
                    i += 2;
                    "\u{2026}".into()
                }
                _ => c.to_string(),
            };
            before = styled.chars().last();
            out.push_str(&styled);
            i += 1;
        }
        out
    }
}

enum Piece<'a> {
    Word(&'a str),
    Space(&'a str),
}

fn split_pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(piece(&text[start..i], in_space == Some(true)));
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(piece(&text[start..], in_space == Some(true)));
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

/// The width a greedy wrapper used: the longest line that was wrapped (a
/// line followed by another line of the same paragraph).
fn wrap_width(text: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| !w[0].trim().is_empty() && !w[1].trim().is_empty())
        .map(|w| w[0].trim_end().chars().count())
        .filter(|&n| n <= 120)
        .max()
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
        }
    }

    #[test]
    fn quotes_dashes_and_ellipses_follow_the_copy() {
        let text = "the \"new\" levy \u{2014} it's Mr Tasker's... view";
        assert_eq!(
            style(true).render(text, "said ", "x", false),
            "the \u{201c}new\u{201d} levy \u{2014} it\u{2019}s Mr Tasker\u{2019}s\u{2026} view"
        );
        let curly =
            "the \u{201c}new\u{201d} levy \u{2014} it\u{2019}s \u{2018}fine\u{2019}\u{2026}";
        assert_eq!(
            style(false).render(curly, "", "x", false),
            "the \"new\" levy -- it's 'fine'..."
        );
    }

    #[test]
    fn paragraph_breaks_line_endings_and_wrapping_follow_the_copy() {
        let mut s = style(false);
        s.paragraph = "\n";
        s.crlf = true;
        assert_eq!(
            s.render("end.\n\nNext one", "", "x", false),
            "end.\r\nNext one"
        );
        let mut s = style(false);
        s.width = Some(20);
        // 12 characters already on the line: "more words" would pass 20.
        assert_eq!(
            s.render("more words here ", "a line text ", "next", false),
            "more\nwords here "
        );
    }

    #[test]
    fn a_copy_reads_its_own_style() {
        let s = Style::of(
            "He said \u{201c}yes\u{201d} \u{2014} it\u{2019}s done.\r\n\r\nNext.\r\n".as_bytes(),
            false,
        );
        assert!(s.curly_double == Some(true) && s.curly_single == Some(true) && s.crlf);
        assert_eq!(s.ellipsis_char, None);
        assert_eq!(s.dash, Some("\u{2014}"));
        assert_eq!(s.paragraph, "\n\n");
    }
}
