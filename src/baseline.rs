//! Baselines: the findings a corpus is known to have, recorded by content
//! fingerprint, so that a CI run fails only on findings that are new.
//!
//! A [`fingerprint`] hashes what a finding is about, not where it is: its kind,
//! the document's path (relative to the baseline file's folder), a few words
//! of text on either side of it, the text it covers and the reference text it
//! concerns (for a loss, the missing words), each with letter case and white
//! space folded. Editing a document elsewhere (a paragraph added far above,
//! lines rewrapped) leaves the fingerprint alone; a new corruption has a new
//! one. Equal fingerprints are counted, so a baseline with one entry covers
//! one finding.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Finding, Report, paths};

/// The version of the baseline file format.
pub const VERSION: u32 = 1;

/// Words of context on each side of a finding that its fingerprint covers.
pub const CONTEXT_WORDS: usize = 6;

/// Bytes searched on each side of a finding for its context words.
const CONTEXT_BYTES: usize = 600;

/// A baseline file: the fingerprints of accepted findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The format version ([`VERSION`]).
    pub version: u32,
    /// The accepted findings.
    pub findings: Vec<Entry>,
}

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The finding's [`fingerprint`]: what matches it to a finding of a later run.
    pub fingerprint: String,
    /// The finding's kind code, for people reading the file.
    pub kind: String,
    /// The document's path relative to the baseline file's folder, for people.
    pub path: String,
    /// Text around the finding (`[…]` marks the finding), for people.
    pub context: String,
}

/// What applying a baseline did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings left out because the baseline holds them.
    pub suppressed: usize,
    /// Baseline entries that matched no finding (fixed since, or changed).
    pub stale: usize,
}

/// The path of a document as a baseline records it: relative to `base` (the
/// baseline file's folder, absolute), `/`-separated.
pub fn baseline_path(path: &Path, base: &Path) -> String {
    let abs = paths::from_cwd(path);
    paths::to_slash(&paths::relative_to(&abs, base).unwrap_or(abs))
}

/// Lower case, runs of white space as one space, no white space at the ends.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// True for a line holding only white space: a paragraph break.
fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The last `n` words of `bytes` (lossy text) inside its last paragraph.
fn last_words(bytes: &[u8], n: usize) -> String {
    let text = crate::tokenize::lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    // The last piece is the start of the finding's own line, blank or not.
    let from = lines[..lines.len() - 1]
        .iter()
        .rposition(|l| is_blank(l))
        .map_or(0, |i| i + 1);
    let paragraph = lines[from..].join("\n");
    let words: Vec<&str> = paragraph.split_whitespace().collect();
    fold(&words[words.len().saturating_sub(n)..].join(" "))
}

/// The first `n` words of `bytes` (lossy text) inside its first paragraph.
fn first_words(bytes: &[u8], n: usize) -> String {
    let text = crate::tokenize::lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    // The first piece is the rest of the finding's own line, blank or not.
    let to = lines[1..]
        .iter()
        .position(|l| is_blank(l))
        .map_or(lines.len(), |i| i + 1);
    let paragraph = lines[..to].join("\n");
    let words: Vec<&str> = paragraph.split_whitespace().take(n).collect();
    fold(&words.join(" "))
}

/// The text around a finding: (before, inside, after), folded.
fn context(bytes: &[u8], start: usize, end: usize) -> (String, String, String) {
    let (start, end) = (start.min(bytes.len()), end.min(bytes.len()));
    let before = last_words(
        &bytes[start.saturating_sub(CONTEXT_BYTES)..start],
        CONTEXT_WORDS,
    );
    let inside = fold(&crate::tokenize::lossy(&bytes[start..end]));
    let after = first_words(
        &bytes[end..(end + CONTEXT_BYTES).min(bytes.len())],
        CONTEXT_WORDS,
    );
    (before, inside, after)
}

/// 128-bit FNV-1a: small, and the same on every platform and release.
fn fnv1a(parts: &[&[u8]]) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h = OFFSET;
    for part in parts {
        for &b in part.iter().chain(&[0xff]) {
            h ^= u128::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

/// The content fingerprint of a finding of `report`, with `path` the
/// document's path as the baseline records it (see [`baseline_path`]).
pub fn fingerprint(report: &Report, f: &Finding, path: &str) -> String {
    let bytes = &report.documents[f.doc].bytes;
    let (before, inside, after) = context(bytes, f.start, f.end);
    let reference = f
        .reference
        .as_ref()
        .map(|r| {
            let rb = &report.documents[r.doc].bytes;
            fold(&crate::tokenize::lossy(
                &rb[r.start.min(rb.len())..r.end.min(rb.len())],
            ))
        })
        .unwrap_or_default();
    let h = fnv1a(&[
        b"splicecheck-v1",
        f.kind.code().as_bytes(),
        path.as_bytes(),
        before.as_bytes(),
        inside.as_bytes(),
        after.as_bytes(),
        reference.as_bytes(),
    ]);
    format!("{h:032x}")
}

fn excerpt(bytes: &[u8], start: usize, end: usize) -> String {
    let (before, inside, after) = context(bytes, start, end);
    let short = |s: &str, max: usize| -> String {
        if s.chars().count() > max {
            let mut t: String = s.chars().take(max).collect();
            t.push('\u{2026}');
            t
        } else {
            s.to_string()
        }
    };
    format!("{before} [{}] {after}", short(&inside, 60))
        .trim()
        .to_string()
}

impl Baseline {
    /// A baseline holding `findings` of `report`, with paths relative to
    /// `base` (the baseline file's folder, absolute).
    pub fn record(report: &Report, findings: &[&Finding], base: &Path) -> Baseline {
        Baseline {
            version: VERSION,
            findings: findings
                .iter()
                .map(|f| {
                    let doc = &report.documents[f.doc];
                    let path = baseline_path(&doc.path, base);
                    Entry {
                        fingerprint: fingerprint(report, f, &path),
                        kind: f.kind.code().to_string(),
                        context: excerpt(&doc.bytes, f.start, f.end),
                        path,
                    }
                })
                .collect(),
        }
    }

    /// Reads a baseline from its JSON text.
    pub fn from_json(text: &str) -> anyhow::Result<Baseline> {
        let baseline: Baseline = serde_json::from_str(text)?;
        if baseline.version != VERSION {
            anyhow::bail!(
                "baseline version {} is not supported (this splicecheck writes version {VERSION})",
                baseline.version
            );
        }
        Ok(baseline)
    }

    /// The baseline as JSON text (one entry per line, ending in a newline).
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"version\": {},\n  \"findings\": [", self.version);
        for (i, e) in self.findings.iter().enumerate() {
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            out.push_str(&serde_json::to_string(e).expect("entries serialise"));
        }
        out.push_str(if self.findings.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    /// Leaves out of `report` the findings the baseline holds (paths relative
    /// to `base`, the baseline file's folder, absolute) and counts them in
    /// [`Report::suppressed`].
    pub fn apply(&self, report: &mut Report, base: &Path) -> Applied {
        let mut left: HashMap<&str, usize> = HashMap::new();
        for e in &self.findings {
            *left.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        let paths: Vec<String> = report
            .documents
            .iter()
            .map(|d| baseline_path(&d.path, base))
            .collect();
        let keep: Vec<bool> = report
            .findings
            .iter()
            .map(|f| {
                let fp = fingerprint(report, f, &paths[f.doc]);
                match left.get_mut(fp.as_str()) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect();
        let mut keep = keep.into_iter();
        report.findings.retain(|_| keep.next().unwrap_or(true));
        let applied = Applied {
            suppressed: self.findings.len() - left.values().sum::<usize>(),
            stale: left.values().sum(),
        };
        report.suppressed.baseline += applied.suppressed;
        applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, audit_documents};

    const ARTICLE: &str = "The council approved the new parking levy on Monday, which residents had opposed for years. \
        It starts in May and will raise about two million pounds a year for the city's buses.\n\n\
        Opponents said the levy would drive shoppers to out-of-town centres and hurt small shops in the old town.\n";

    fn audit(copy: &str) -> Report {
        audit_documents(vec![
            Document::new("news/a.txt", ARTICLE.as_bytes().to_vec()),
            Document::new("news/b.txt", copy.as_bytes().to_vec()),
        ])
    }

    fn errors(report: &Report) -> Vec<&Finding> {
        report
            .findings
            .iter()
            .filter(|f| f.severity == crate::Severity::Error)
            .collect()
    }

    #[test]
    fn fingerprints_ignore_moves_elsewhere_but_not_new_corruption() {
        let spliced = ARTICLE.replacen("the new parking levy ", "", 1);
        let before = audit(&spliced);
        let base = Path::new("/");
        assert_eq!(errors(&before).len(), 1, "{:?}", before.findings);
        let baseline = Baseline::record(&before, &errors(&before), base);

        // Paragraphs added before and after the splice's, and the text rewrapped.
        let edited = format!(
            "Updated on Tuesday with reaction from shop owners.\n\n{}\n\nA spokesman for the council declined to comment further on Tuesday.\n",
            spliced.replace("about two million", "about\ntwo million")
        );
        let mut after = audit(&edited);
        assert!(errors(&after)[0].start > errors(&before)[0].start);
        let applied = baseline.apply(&mut after, base);
        assert_eq!(
            applied,
            Applied {
                suppressed: 1,
                stale: 0
            }
        );
        assert!(errors(&after).is_empty(), "{:?}", after.findings);
        assert_eq!(after.suppressed.baseline, 1);

        // A second corruption is new.
        let worse = edited.replacen("hurt small shops in ", "", 1);
        let mut after = audit(&worse);
        assert_eq!(errors(&after).len(), 2, "{:?}", after.findings);
        baseline.apply(&mut after, base);
        assert_eq!(errors(&after).len(), 1);
        assert!(errors(&after)[0].start > worse.find("out-of-town").unwrap());
    }

    #[test]
    fn equal_fingerprints_are_counted() {
        let doc = Document::new("x.txt", b"one two three".to_vec());
        let f = Finding {
            kind: crate::Kind::Encoding,
            severity: crate::Severity::Error,
            doc: 0,
            family: 0,
            start: 3,
            end: 3,
            reference: None,
            repair: None,
            message: String::new(),
        };
        let mut report = Report {
            documents: vec![doc],
            findings: vec![f.clone(), f],
            ..Report::default()
        };
        let base = Path::new("/");
        let one = Baseline::record(&report, &[&report.findings[0]], base);
        let applied = one.apply(&mut report, base);
        assert_eq!(
            applied,
            Applied {
                suppressed: 1,
                stale: 0
            }
        );
        assert_eq!(report.findings.len(), 1);
    }

    #[test]
    fn the_file_round_trips_and_checks_its_version() {
        let b = Baseline {
            version: VERSION,
            findings: vec![Entry {
                fingerprint: "00".repeat(16),
                kind: "splice".into(),
                path: "news/b.txt".into(),
                context: "approved [] on monday".into(),
            }],
        };
        assert_eq!(Baseline::from_json(&b.to_json()).unwrap(), b);
        let empty = Baseline {
            version: VERSION,
            findings: Vec::new(),
        };
        assert_eq!(Baseline::from_json(&empty.to_json()).unwrap(), empty);
        let e = Baseline::from_json(r#"{"version": 9, "findings": []}"#).unwrap_err();
        assert!(e.to_string().contains("version 9"), "{e}");
    }

    #[test]
    fn context_folds_case_and_white_space_and_stays_in_the_paragraph() {
        let (b, i, a) = context(b"Alpha  Beta\r\ngamma [X] delta\n epsilon", 19, 22);
        assert_eq!(
            (b.as_str(), i.as_str(), a.as_str()),
            ("alpha beta gamma", "[x]", "delta epsilon")
        );
        let text = b"Before.\r\n\r\nOne two\nthree\n\nAfter.";
        let at = 11;
        assert_eq!(&text[at..at + 3], b"One");
        let (b, _, a) = context(text, at, at);
        assert_eq!((b.as_str(), a.as_str()), ("", "one two three"));
        let (b, _, a) = context(text, at + 7, at + 7);
        assert_eq!((b.as_str(), a.as_str()), ("one two", "three"));
    }
}
