//! Property: delete a random mid-sentence span from a copy of any of the
//! project's articles, and the audit reports that splice at the right byte
//! with a repair that restores the copy exactly.

mod common;

use proptest::prelude::*;
use splicecheck::{Document, Kind, Severity, audit_documents};

/// Word starts of one paragraph line, split into sentences: (byte start of
/// each word, and whether it is the first word of its sentence).
fn sentences(text: &str) -> Vec<Vec<(usize, &str)>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut current: Vec<(usize, &str)> = Vec::new();
        let mut at = 0;
        for word in line.split(' ') {
            let start = offset + at;
            at += word.len() + 1;
            let w = word.trim_end();
            if w.is_empty() {
                continue;
            }
            current.push((start, w));
            if w.ends_with(['.', '?', '!']) || w.ends_with(".\"") || w.ends_with(".\u{201d}") {
                out.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
        offset += line.len();
    }
    out
}

fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_deleted_mid_sentence_span_is_found_and_repaired(
        article in 0usize..12, pick in any::<u64>(), len in 1usize..25,
    ) {
        let (_, text) = common::articles().swap_remove(article % common::articles().len());
        // Sentences long enough to lose `len` words from their interior.
        let candidates: Vec<Vec<(usize, &str)>> =
            sentences(&text).into_iter().filter(|s| s.len() >= len + 3).collect();
        prop_assume!(!candidates.is_empty());
        let sentence = &candidates[(pick as usize) % candidates.len()];
        let first = 1 + ((pick >> 20) as usize) % (sentence.len() - len - 1);
        let last = first + len; // index of the first word kept after the span
        // Deletions that could slide along repeated words are ambiguous by nature.
        prop_assume!(bare(sentence[first - 1].1) != bare(sentence[last - 1].1));
        prop_assume!(bare(sentence[first].1) != bare(sentence[last].1));
        let (start, end) = (sentence[first].0, sentence[last].0);
        let lost = &text[start..end];
        prop_assume!(lost.chars().any(char::is_alphanumeric) && !lost.contains('\n'));
        let corrupted = format!("{}{}", &text[..start], &text[end..]);

        let report = audit_documents(vec![
            Document::new("f/intact.txt", text.clone().into_bytes()),
            Document::new("f/restyled.txt", common::restyle(&text).into_bytes()),
            Document::new("f/spliced.txt", corrupted.clone().into_bytes()),
        ]);
        let errors: Vec<_> = report.findings.iter().filter(|f| f.severity == Severity::Error).collect();
        prop_assert_eq!(errors.len(), 1, "lost {:?}: {:#?}", lost, errors);
        let f = errors[0];
        prop_assert_eq!(report.documents[f.doc].path.to_str(), Some("f/spliced.txt"));
        prop_assert_eq!(f.kind, Kind::Splice);
        // The same bytes can be lost at several places when the text after the
        // span starts like the span ("£52 … £24", "city council"): every place
        // from the cut up to the last equivalent one is right.
        let mut last = start;
        while let Some(c) = corrupted[last..].chars().next() {
            if text[last..].starts_with(c) {
                last += c.len_utf8();
            } else {
                break;
            }
        }
        prop_assert_eq!(f.start, f.end);
        prop_assert!((start..=last).contains(&f.start), "lost {:?} at {}, reported at {}", lost, start, f.start);
        let repair = f.repair.as_ref().unwrap();
        let mut fixed = corrupted.clone();
        fixed.replace_range(repair.start..repair.end, &repair.replacement);
        prop_assert!(fixed == text, "lost {:?}, repaired with {:?} at {}..{}", lost, repair.replacement, repair.start, repair.end);
    }
}

/// Pieces that markup, quoting and charset damage put next to each other.
const PIECES: &[&str] = &[
    "the",
    "Council",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    ".",
    ",",
    "(",
    ")",
    "[",
    "]",
    "](",
    "![",
    "(c) ",
    "(C) 2024",
    "\u{a9}",
    "\u{201c}",
    "\u{201d}",
    "\u{2019}",
    "\u{2014}",
    "--",
    "...",
    "\u{2026}",
    "\u{e9}",
    "\u{e2}\u{20ac}\u{2122}",
    "|",
    "*",
    "#",
    "> ",
    "https://e.com/a",
    "www.x.org",
    "/news/2",
    "pic.twitter.com/x",
    "(@jdoe)",
    "Photo:",
    "2019",
    "18,745",
    "\u{fffd}",
    "\u{4e2d}\u{6587}",
    "\t",
    "&lt;",
    "&#8217;",
    "&#x",
    "&",
    ";",
    "&amp",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_mix_of_markup_quotes_and_characters_is_audited_without_a_panic(
        a in proptest::collection::vec(0usize..PIECES.len(), 0..120),
        cut in any::<u64>(),
    ) {
        let text: String = a.iter().map(|&i| PIECES[i]).collect();
        let mut other = text.clone();
        if !other.is_empty() {
            let mut at = (cut as usize) % other.len();
            while !other.is_char_boundary(at) {
                at -= 1;
            }
            other.truncate(at);
        }
        let report = audit_documents(vec![
            Document::new("f/a.txt", text.clone().into_bytes()),
            Document::new("f/b.txt", text.into_bytes()),
            Document::new("f/c.txt", other.into_bytes()),
        ]);
        for f in &report.findings {
            prop_assert!(f.start <= f.end);
        }
    }

    #[test]
    fn the_shingle_pass_reads_the_same_words_as_the_audit(
        a in proptest::collection::vec(0usize..PIECES.len(), 0..120),
    ) {
        let text: String = a.iter().map(|&i| PIECES[i]).collect();
        let (full, words) = (
            splicecheck::tokenize::tokenize(text.as_bytes()),
            splicecheck::tokenize::tokens_of(text.as_bytes()),
        );
        prop_assert_eq!(&full.keys, &words.keys);
        prop_assert_eq!(
            splicecheck::group::shingles(&full),
            splicecheck::group::shingles(&words)
        );
    }
}
