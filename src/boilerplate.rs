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
];

/// True when a line (already trimmed) looks like page furniture rather than
/// article text: a known phrase, or a short line with no sentence punctuation.
pub fn is_boilerplate_line(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if lower.is_empty() {
        return true;
    }
    // A markdown dump's menus, link lists and images: "* [Home](…)", "![…](…)".
    let item = lower.trim_start_matches(['*', '-', '+', '>', ' ']);
    if item.starts_with("![")
        || (item.starts_with('[') && item.trim_end().ends_with(')') && item.contains("]("))
    {
        return true;
    }
    let lower = lower
        .trim_start_matches(['#', '*', '-', '>', '_', ' '])
        .to_string();
    if PHRASES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    let words = lower
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let ends_sentence = lower.ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', '\'', ')']);
    words <= 4 && !ends_sentence
}

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
    let lower = line.trim_start().to_lowercase();
    let lower = lower.trim_start_matches(['#', '*', '-', '>', '_', ' ']);
    LABELS.iter().chain(PHRASES).any(|p| lower.starts_with(p))
}

/// True when a line is something a web page sets into an article rather than
/// article prose: a table row ("| South | 28,118 |"), an embedded social post
/// or its attribution ("pic.twitter.com/…", "— Jane Doe (@jdoe) May 4"), or a
/// photo caption with its credit ("Officials outside. Image: Reuters").
pub fn is_page_insert(line: &str) -> bool {
    let line = line
        .trim()
        .trim_start_matches(['>', '*', '_', ' '])
        .trim_end_matches(['*', '_', ' ']);
    let lower = line.to_lowercase();
    let table_row = line.starts_with('|') || line.matches(" | ").count() >= 2;
    let post = lower.contains("pic.twitter.com") || lower.contains("(@");
    let words = lower.split_whitespace().count();
    let caption = words <= 30
        && ["image:", "photo:", "photograph:", "picture:", "credit:"]
            .iter()
            .any(|c| lower.contains(c));
    table_row || post || caption
}

/// [`is_boilerplate_line`], with phrases of the corpus's own (lower case)
/// that also mark a line when it starts with them.
pub fn is_boilerplate_line_with(line: &str, extra: &[String]) -> bool {
    is_boilerplate_line(line) || {
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

/// True when a span of text that stood inside a sentence is page furniture
/// (a link annotation, an image credit) rather than article words.
pub fn is_inline_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !(w.contains("http") || w.contains("www.") || w.contains("](")))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let core = words.join(" ");
    let start = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    INLINE.contains(&core.as_str())
        || INLINE_PREFIXES
            .iter()
            .any(|p| start.starts_with(p.trim_start_matches('(')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_furniture_is_recognised_but_not_words() {
        assert!(is_inline_furniture(" (opens in new tab)"));
        assert!(is_inline_furniture("Image: Reuters "));
        assert!(!is_inline_furniture("the new parking levy"));
        assert!(!is_inline_furniture("shares fell"));
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
        ] {
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
        ] {
            assert!(is_page_insert(line), "{line}");
        }
        for line in [
            "The council approved the levy on Monday.",
            "\u{201c}Images of the flood shocked us,\u{201d} she said.",
            "Sales rose 4% in the year to March, the firm said.",
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
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }
}
