//! Recognises lines that belong to a web page rather than to the article:
//! share and subscribe prompts, advertisement labels, copyright lines, menus.
//! Used where the tool must decide where an article's text ends.

/// Phrases that mark a line as page furniture when the line starts with them
/// (compared in lower case).
pub const PHRASES: &[&str] = &[
    "advertisement",
    "advertising",
    "share this",
    "share on",
    "share article",
    "subscribe",
    "sign up",
    "sign in",
    "log in",
    "follow us",
    "follow our",
    "read more",
    "read next",
    "related:",
    "related articles",
    "related stories",
    "more on this",
    "more from",
    "most read",
    "copyright",
    "\u{a9}",
    "all rights reserved",
    "click here",
    "show all",
    "cookie",
    "newsletter",
    "get our",
    "download our",
    "support our",
    "your support",
    "photo:",
    "image:",
    "image source",
    "image caption",
    "getty images",
    "skip to",
    "back to top",
    "comments",
    "want to bookmark",
    "bookmark",
    "listen to",
    "watch:",
    "topics:",
    "tags:",
    // Correction notes ("This article was amended on 3 March to …").
    "this article was amended",
    "this article was corrected",
    "this article was updated",
    "an earlier version of this",
];

/// True when a line (already trimmed) looks like page furniture rather than
/// article text: a known phrase, or a short line with no sentence punctuation.
pub fn is_boilerplate_line(line: &str) -> bool {
    // Lower case keeps letters and digits letters and digits, maps white
    // space and the marks tested here to themselves and nothing else to
    // them: only the phrase test needs lower case, of the first characters.
    let line = line.trim();
    if line.is_empty() {
        return true;
    }
    // A markdown dump's menus, link lists and images: "* [Home](…)", "![…](…)".
    let item = line.trim_start_matches(['*', '-', '+', '>', ' ']);
    if item.starts_with("![")
        || (item.starts_with('[') && item.trim_end().ends_with(')') && item.contains("]("))
    {
        return true;
    }
    let rest = line.trim_start_matches(['#', '*', '-', '>', '_', ' ']);
    if opens_with_phrase(rest, false) {
        return true;
    }
    // Counting stops at five words: a longer line is prose.
    let words = rest
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(5)
        .count();
    // A short line wholly in brackets is a credit or a note ("(Getty
    // Images)", "(Updated)"), unless a sentence ends inside the brackets.
    let bracketed = rest.len() >= 2
        && rest.starts_with('(')
        && rest.ends_with(')')
        && !rest[..rest.len() - 1].ends_with(['.', '!', '?']);
    let ends_sentence = rest.ends_with(SENTENCE_END) && !bracketed;
    words <= 4 && !ends_sentence && !ends_open(rest)
}

/// True for a copyright notice, or the start of one: text opening with
/// "\u{a9}", "(C) ", or "Copyright" and a year or the sign ("\u{a9} 2018
/// Example Ltd. All Rights Reserved.", "Copyright 2024 …"), or holding "all
/// rights reserved". "Copyright lawyers said …" is prose.
pub fn is_copyright_notice(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let notice_word = lower.strip_prefix("copyright").is_some_and(|rest| {
        rest.trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == '\u{a9}' || c == '(')
    });
    lower.starts_with('\u{a9}')
        || lower.starts_with("(c) ")
        || notice_word
        || lower.contains("all rights reserved")
}

/// True when a line is page furniture for reading a wrap width: it opens
/// with a label or phrase ([`opens_furniture`]), or, unless it goes on from
/// an open line (`after_open_line`: then it may be a paragraph's last
/// words), it is a [`is_boilerplate_line`].
pub fn is_furniture_line(line: &str, after_open_line: bool) -> bool {
    opens_furniture(line) || !after_open_line && is_boilerplate_line(line)
}

/// Words a heading, a label or a menu never ends on: a line that stops on
/// one ("The", "said the") is a sentence cut short, not page furniture.
const OPEN_ENDINGS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "with", "that", "which", "whose", "its",
    "their", "his", "her", "our", "this", "these", "those", "was", "were", "is", "are", "he",
    "she", "they", "we",
];

/// True when a line's last word leaves the sentence open ("a", "the", "and",
/// "said the": a heading, a label or a menu never ends so).
pub fn ends_open(line: &str) -> bool {
    line.rsplit(char::is_whitespace)
        .next()
        .is_some_and(|last| OPEN_ENDINGS.iter().any(|w| last.eq_ignore_ascii_case(w)))
}

/// What a line of text (rather than furniture) ends with.
const SENTENCE_END: [char; 8] = ['.', '!', '?', '"', '\u{201d}', '\u{2019}', '\'', ')'];

/// Labels that open a line of page furniture: a caption, a byline, a date.
const LABELS: &[&str] = &[
    "pictured:",
    "above:",
    "archive picture:",
    "photo:",
    "image:",
    "caption:",
    "by ",
    "published",
    "updated",
    "posted",
    "last updated",
];

/// True when a line opens with a furniture phrase or label ("Pictured:",
/// "By ", "Published …", "Share this …"), whatever its length: such a line
/// stands on its own even in hard-wrapped text.
pub fn opens_furniture(line: &str) -> bool {
    // Lower case maps the marks to themselves and no other character to
    // one of them, so they can be skipped first; and each character gives
    // at least one byte of lower case, so the first characters decide.
    let rest = line
        .trim_start()
        .trim_start_matches(['#', '*', '-', '>', '_', ' ']);
    opens_with_phrase(rest, true)
}

/// The address an embedded social post's picture link carries.
const POST_HOST: &str = "pic.twitter.com";

/// Labels news sites set before a photo's credit or caption, followed by a
/// comma rather than a colon ("Image source, Getty Images").
const CREDIT_LABELS: &[&str] = &["image source, ", "image caption, "];

/// True when a line is page furniture ([`is_boilerplate_line_with`], with
/// `extra` phrases) or a page insert ([`is_page_insert`]).
pub fn is_furniture_or_insert(line: &str, extra: &[String]) -> bool {
    is_boilerplate_line_with(line, extra) || is_page_insert(line)
}

/// True when a line is something a web page sets into an article rather than
/// article prose: a table row ("| South | 28,118 |"), an embedded social post
/// or its attribution ("pic.twitter.com/…", "— Jane Doe (@jdoe) May 4"), or a
/// photo caption with its credit ("Officials outside. Image: Reuters",
/// "Officials outside. Image source, PA Media").
pub fn is_page_insert(line: &str) -> bool {
    // Each kind carries a colon, a bar, an at sign, a post's address or a
    // credit label: other lines are not lowered at all.
    let has = |needle: &str| {
        line.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
    };
    let marked = line.bytes().any(|b| matches!(b, b':' | b'|' | b'@'))
        || has(POST_HOST)
        || CREDIT_LABELS.iter().any(|l| has(l));
    if !marked {
        return ends_in_credit(line);
    }
    let line = line
        .trim()
        .trim_start_matches(['>', '*', '_', ' '])
        .trim_end_matches(['*', '_', ' ']);
    let lower = line.to_lowercase();
    let table_row = line.starts_with('|') || line.matches(" | ").count() >= 2;
    let post = lower.contains(POST_HOST) || lower.contains("(@");
    let words = lower.split_whitespace().count();
    let caption = words <= 30
        && ["image:", "photo:", "photograph:", "picture:", "credit:"]
            .iter()
            .chain(CREDIT_LABELS)
            .any(|c| lower.contains(c));
    table_row || post || caption
}

/// Words that name who took or supplied a photo, as a caption's credit
/// ends it.
const CREDIT_WORDS: &[&str] = &[
    "AFP",
    "Alamy",
    "AP",
    "EPA",
    "Getty",
    "Images",
    "Media",
    "PA",
    "Photo",
    "Pictures",
    "Reuters",
    "Shutterstock",
    "Wire",
];

/// True when a line is a caption whose credit follows its sentence without
/// a label ("Officials speak to reporters. Getty Images", "Crowds in the
/// square. AFP via Getty Images"): after the last full stop stand one to
/// four capitalised words (and "via"), no sentence, the last a photo
/// agency's.
fn ends_in_credit(line: &str) -> bool {
    let line = line.trim_end();
    // Most lines end on a full stop: the last word decides at once.
    if !CREDIT_WORDS.contains(&line.rsplit(' ').next().unwrap_or("")) {
        return false;
    }
    let Some(stop) = line.rfind(". ") else {
        return false;
    };
    let credit: Vec<&str> = line[stop + 2..].split_whitespace().collect();
    (1..=4).contains(&credit.len())
        && credit
            .iter()
            .all(|w| *w == "via" || w.starts_with(|c: char| c.is_uppercase()))
        && !credit
            .iter()
            .any(|w| w.ends_with(['.', '!', '?', '"', ':']))
        && credit.iter().any(|w| CREDIT_WORDS.contains(w))
}

/// [`PHRASES`] and [`LABELS`] by their first byte, each with whether it is
/// a label: most lines start with no phrase's letter, and the rest need only
/// be compared with the few phrases that start with theirs.
fn openings() -> &'static [Vec<(&'static str, bool)>] {
    static OPENINGS: std::sync::OnceLock<Vec<Vec<(&'static str, bool)>>> =
        std::sync::OnceLock::new();
    OPENINGS.get_or_init(|| {
        let mut by_first = vec![Vec::new(); 256];
        let all = PHRASES.iter().map(|p| (*p, false));
        for (p, label) in all.chain(LABELS.iter().map(|l| (*l, true))) {
            by_first[usize::from(p.as_bytes()[0])].push((p, label));
        }
        by_first
    })
}

/// True when `lower` starts with one of [`PHRASES`] (or of [`LABELS`], with
/// `labels`).
fn starts_with_opening(lower: &str, labels: bool) -> bool {
    let Some(&first) = lower.as_bytes().first() else {
        return false;
    };
    openings()[usize::from(first)]
        .iter()
        .any(|&(p, label)| (labels || !label) && lower.starts_with(p))
}

/// True when the first [`LONGEST_OPENING`] characters of `rest`, in lower
/// case, start with one of [`PHRASES`] (or of [`LABELS`], with `labels`).
/// An ASCII head is lowered on the stack.
fn opens_with_phrase(rest: &str, labels: bool) -> bool {
    let n = rest.len().min(LONGEST_OPENING);
    let head = &rest.as_bytes()[..n];
    if head.is_ascii() {
        let mut lower = [0u8; LONGEST_OPENING];
        for (l, b) in lower.iter_mut().zip(head) {
            *l = b.to_ascii_lowercase();
        }
        let lower = std::str::from_utf8(&lower[..n]).unwrap_or("");
        return starts_with_opening(lower, labels);
    }
    let head = match rest.char_indices().nth(LONGEST_OPENING) {
        Some((end, _)) => &rest[..end],
        None => rest,
    };
    starts_with_opening(&head.to_lowercase(), labels)
}

/// Characters enough to hold the longest label or phrase
/// [`opens_furniture`] looks for.
const LONGEST_OPENING: usize = 28;

/// [`is_boilerplate_line`], with phrases of the corpus's own (lower case)
/// that also mark a line when it starts with them.
pub fn is_boilerplate_line_with(line: &str, extra: &[String]) -> bool {
    is_boilerplate_line(line)
        || !extra.is_empty() && {
            let lower = line.trim().to_lowercase();
            extra.iter().any(|p| lower.starts_with(p.as_str()))
        }
}

/// Page furniture that sits inside a sentence: link annotations, image
/// credits, share buttons. Compared in lower case with surrounding
/// punctuation removed.
pub const INLINE: &[&str] = &[
    "opens in new tab",
    "opens in a new tab",
    "opens in new window",
    "opens in a new window",
    "external link",
    "link is external",
    "advertisement",
    "read more",
    "click here",
    "image source",
    "image caption",
    "getty images",
    "copy link",
    "link copied",
    "share",
    "video",
];

/// Prefixes of inline furniture (credits and captions).
const INLINE_PREFIXES: &[&str] = &[
    "image:",
    "photo:",
    "credit:",
    "photograph:",
    "pic.twitter.com",
    "ap photo",
    "(photo",
];

/// Words of a page's share bar ("SHARE 79 CONNECT 32 TWEET COMMENT EMAIL
/// MORE"), in lower case.
const SHARE_BAR: &[&str] = &[
    "share",
    "shares",
    "connect",
    "tweet",
    "tweets",
    "comment",
    "comments",
    "email",
    "e-mail",
    "print",
    "linkedin",
    "facebook",
    "twitter",
    "pinterest",
    "reddit",
    "whatsapp",
    "more",
];

/// Longest text [`is_share_bar`] reads.
const SHARE_BAR_BYTES: usize = 120;

/// True for words of a share bar: share buttons and their counts, written
/// in capitals or with counts ("32 TWEET COMMENT", "CONNECT"), never
/// words of a sentence ("on Facebook and Twitter" keeps its place).
fn is_share_bar(text: &str) -> bool {
    if text.len() > SHARE_BAR_BYTES {
        return false;
    }
    let (mut buttons, mut counts, mut capitals) = (0, 0, true);
    for word in text.split_whitespace() {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if w.is_empty() {
            continue;
        }
        if w.bytes().all(|c| c.is_ascii_digit() || c == b',') {
            counts += 1;
        } else if SHARE_BAR.iter().any(|b| b.eq_ignore_ascii_case(w)) {
            buttons += 1;
            capitals &= !w.bytes().any(|c| c.is_ascii_lowercase());
        } else {
            return false;
        }
    }
    buttons > 0 && (counts > 0 || capitals)
}

/// True when a span of text that stood inside a sentence is page furniture
/// (a link annotation, an image credit, a share bar) rather than article
/// words.
pub fn is_inline_furniture(text: &str) -> bool {
    if is_share_bar(text) {
        return true;
    }
    // Lower case maps white space to itself and nothing else to white space,
    // and no character's lower case depends on text beyond the white space
    // around its word: the words can be lowered one by one, and only until
    // they are too long to be one of the phrases.
    let mut core = String::new();
    for word in text.split_whitespace() {
        let word = word.to_lowercase();
        if word.contains("http") || word.contains("www.") || word.contains("](") {
            continue;
        }
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        if !core.is_empty() {
            core.push(' ');
        }
        core.push_str(word);
        if core.len() > LONGEST_INLINE {
            break;
        }
    }
    // Characters without a lower case of their own are the ones that are
    // neither letters nor digits: the text starts with the same character
    // in lower case, and its first characters decide.
    let start = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let head = match start.char_indices().nth(LONGEST_INLINE) {
        Some((end, _)) => &start[..end],
        None => start,
    };
    let start = head.to_lowercase();
    // A prefix is whole words: "(Photo: AP)", not "photos last week."
    let opens_with = |p: &str| {
        start.strip_prefix(p).is_some_and(|rest| {
            p.ends_with(|c: char| !c.is_alphanumeric())
                || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
        })
    };
    INLINE.contains(&core.as_str())
        || INLINE_PREFIXES
            .iter()
            .any(|p| opens_with(p.trim_start_matches('(')))
}

/// Characters enough to hold the longest of [`INLINE`] and [`INLINE_PREFIXES`].
const LONGEST_INLINE: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phrases_fit_in_what_is_lowered() {
        for p in LABELS.iter().chain(PHRASES) {
            assert!(p.len() <= LONGEST_OPENING, "{p}");
        }
        for p in INLINE.iter().chain(INLINE_PREFIXES) {
            assert!(p.len() <= LONGEST_INLINE, "{p}");
        }
    }

    #[test]
    fn lower_case_keeps_what_the_tests_read() {
        let marks = ['#', '*', '-', '+', '>', '_', ' ', '!', '[', ']', '(', ')'];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            assert_eq!(
                c.is_alphanumeric(),
                lower.chars().any(char::is_alphanumeric),
                "{c:?}"
            );
            assert_eq!(
                c.is_whitespace(),
                lower.chars().any(char::is_whitespace),
                "{c:?}"
            );
            for m in marks.iter().chain(&SENTENCE_END) {
                if lower.starts_with(*m) || lower.ends_with(*m) {
                    assert_eq!(c, *m);
                }
            }
        }
    }

    #[test]
    fn a_short_line_in_brackets_is_furniture_but_a_sentence_in_brackets_is_not() {
        assert!(is_boilerplate_line("(Getty Images)"));
        assert!(is_boilerplate_line("(AP Photo/Jane Doe)"));
        assert!(!is_boilerplate_line("(The vote was close.)"));
        assert!(!is_boilerplate_line("He won (narrowly)"));
        assert!(!is_boilerplate_line("It was (narrowly)."));
    }

    #[test]
    fn inline_furniture_is_recognised_but_not_words() {
        assert!(is_inline_furniture(" (opens in new tab)"));
        assert!(is_inline_furniture("Image: Reuters "));
        assert!(!is_inline_furniture("the new parking levy"));
        assert!(!is_inline_furniture("shares fell"));
        assert!(is_inline_furniture("(Photo: AP) "));
        // Words that merely start like a credit label.
        assert!(!is_inline_furniture("photos last week. "));
        assert!(!is_inline_furniture("photographers outside. "));
        // A share bar's buttons and counts, not the same words in prose.
        assert!(is_inline_furniture("32 TWEET COMMENT "));
        assert!(is_inline_furniture("CONNECT "));
        assert!(!is_inline_furniture("Facebook, Twitter "));
        assert!(!is_inline_furniture("more "));
        assert!(!is_inline_furniture("32 more people "));
    }

    #[test]
    fn page_furniture_is_recognised() {
        for line in [
            "Advertisement",
            "Share this article",
            "Subscribe to Independent Premium to bookmark this article",
            "\u{a9} 2024 The Daily Example",
            "World | Politics | Sport",
            "Show all 3",
            "## Share this page",
            "* [Fresh hope after Argentine crisis](https://example.com/news/1)",
            "![A flooded square](https://example.com/a.jpg)",
            "This article was amended on 3 March to correct the name of the chair.",
            "* An earlier version of this article misstated the date of the meeting.",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn a_short_line_stopping_on_an_open_word_is_a_cut_sentence() {
        for line in ["The", "Officials said the", "It was one of", "He"] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
        for line in ["Sign in", "Follow us on", "Most read"] {
            assert!(is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn page_inserts_are_recognised_but_not_prose() {
        for line in [
            "| South | 28,118 | 8,928 |",
            "Area | 2019 | 2020",
            "Statement just released. pic.twitter.com/cvNPjIfDLj",
            "> \u{2014} Priya Raman (@praman) February 19, 2024",
            "*Workers at the scene on Tuesday. Photograph: Getty Images*",
            "The site pictured earlier this year. Image: Getty Images",
            "Officials speak to reporters outside. Image source, PA Media",
            "Officials speak to reporters outside the building. Getty Images",
            "Crowds gathered in the square on Sunday. AFP via Getty Images",
        ] {
            assert!(is_page_insert(line), "{line}");
        }
        for line in [
            "The council approved the levy on Monday.",
            "\u{201c}Images of the flood shocked us,\u{201d} she said.",
            "Sales rose 4% in the year to March, the firm said.",
            "The image, source of the row, was taken in May.",
            "Shares fell. Analysts at Getty Images were surprised",
            "The agency said so. Reuters reported it first.",
            "The photo went round the world. Getty Images bought it",
        ] {
            assert!(!is_page_insert(line), "{line}");
        }
    }

    #[test]
    fn article_sentences_are_not_furniture() {
        for line in [
            "The council approved the levy on Monday.",
            "\u{201c}We will appeal,\u{201d} she said.",
            "Shares in the company fell 4% after the announcement, which surprised analysts.",
            "An earlier version of the bill was rejected by MPs in March.",
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }
}
