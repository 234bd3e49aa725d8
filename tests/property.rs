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
