//! Inputs that could make an audit slow: one very large file, two copies
//! with nothing in common in one folder, and hundreds of near-identical
//! copies of one article. Each must finish (bounded work, no hang) with a
//! sane result. Their speed is measured by `scripts/bench.sh` at full size
//! (a 50 MB file, thousands of copies), never asserted here.

mod common;

use common::articles;
use splicecheck::{Document, Severity, audit_documents};

fn all_articles() -> String {
    articles()
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn a_five_megabyte_single_file_is_audited() {
    let all = all_articles();
    let mut big = String::new();
    while big.len() < 5_000_000 {
        big.push_str(&all);
        big.push_str("\n\n");
    }
    let len = big.len();
    let report = audit_documents(vec![Document::new("big/one.txt", big.into_bytes())]);
    assert_eq!(report.families.len(), 1);
    assert!(report.timed_out.is_empty());
    assert!(report.findings.iter().all(|f| f.end <= len));
}

#[test]
fn two_copies_with_nothing_in_common_stay_apart() {
    let texts = articles();
    let half = texts.len() / 2;
    let join = |part: &[(String, String)]| {
        part.iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let report = audit_documents(vec![
        Document::new("f/a.txt", join(&texts[..half]).into_bytes()),
        Document::new("f/b.txt", join(&texts[half..]).into_bytes()),
    ]);
    assert_eq!(report.families.len(), 2);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity < Severity::Error || f.reference.is_none())
    );
}

#[test]
fn three_hundred_near_identical_copies_are_one_family() {
    let (_, text) = &articles()[0];
    let words: Vec<&str> = text.split(' ').collect();
    let docs: Vec<Document> = (0..300)
        .map(|k| {
            // Each copy spells one word differently.
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            let j = (k * 7919) % w.len();
            w[j].push('x');
            Document::new(format!("f/c{k:03}.txt"), w.join(" ").into_bytes())
        })
        .collect();
    let report = audit_documents(docs);
    assert_eq!(report.families.len(), 1);
    assert_eq!(report.families[0].members.len(), 300);
    assert!(report.timed_out.is_empty());
    assert!(report.findings.iter().all(|f| f.severity < Severity::Error));
}
