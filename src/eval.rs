//! Scores an audit of a synthetic corpus against its ground truth.
//!
//! [`evaluate`] audits a folder written by [`crate::synth`], times the audit
//! and hands the report to [`score`], which compares the findings of severity
//! warning or error with the corruptions listed in `truth.json`.
//!
//! A finding matches a truth entry when both concern the same document and
//! the same kind code, and the finding starts within [`TOLERANCE`] bytes of
//! the truth's start or the two byte ranges overlap, or its repair makes
//! the document the truth's repair makes (lost text that starts or ends with
//! the words beside it can go back on either side of them, "the [Rings: ...
//! Of the] eventual" or "the Rings: ... Of [the eventual]"). Every truth entry is
//! matched at most once. Findings on documents of families without any
//! corruption count as false alarms of the clean families.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Serialize;

use crate::synth::{CorruptionKind, Role, TRUTH_VERSION, Truth, apply_edit};
use crate::{Kind, Report, Severity};

/// How many bytes a finding's start may be away from the truth's start and still match.
pub const TOLERANCE: usize = 2;

/// Version of the JSON evaluation object.
pub const EVAL_VERSION: u32 = 1;

/// The result of an evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct Evaluation {
    /// Format version ([`EVAL_VERSION`]).
    pub version: u32,
    /// Documents the audit read.
    pub documents: usize,
    /// Documents listed in the truth file.
    pub truth_documents: usize,
    /// Documents listed in the truth file that the audit did not read.
    pub unaudited: usize,
    /// Scores per kind: the truth's kinds first, then any other kind reported.
    pub kinds: Vec<KindScore>,
    /// Micro-averaged scores over all kinds.
    pub overall: Score,
    /// How well the repairs of matched findings restore the documents.
    pub repairs: Repairs,
    /// Findings that match nothing, and clean documents flagged.
    pub false_alarms: FalseAlarms,
    /// How well the audit's families match the truth's.
    pub grouping: GroupingScore,
    /// Audit speed.
    pub throughput: Throughput,
    /// Paths the audit could not read or skipped (`path: message`).
    pub problems: Vec<String>,
    /// True when some path could not be read.
    pub io_error: bool,
    /// Truth entries no finding matched.
    pub misses: Vec<Miss>,
    /// Findings (warning or error) that matched no truth entry.
    pub unmatched: Vec<Unmatched>,
    /// Matched findings whose repair does not give the truth's bytes.
    pub inexact: Vec<Inexact>,
}

/// Precision, recall and F1 for a set of truth entries and findings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// Truth entries.
    pub truth: usize,
    /// Findings of severity warning or error.
    pub found: usize,
    /// Findings that matched a truth entry.
    pub true_positives: usize,
    /// `true_positives / found` (`None` when nothing was found).
    pub precision: Option<f64>,
    /// `true_positives / truth` (`None` when there is no truth).
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall.
    pub f1: Option<f64>,
}

impl Score {
    fn new(truth: usize, found: usize, true_positives: usize) -> Score {
        let precision = ratio(true_positives, found);
        let recall = ratio(true_positives, truth);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(round(2.0 * p * r / (p + r))),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Score {
            truth,
            found,
            true_positives,
            precision,
            recall,
            f1,
        }
    }
}

/// The score of one kind.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KindScore {
    /// The kind code.
    pub kind: String,
    /// Its score.
    #[serde(flatten)]
    pub score: Score,
    /// Matched findings of this kind whose repair gives exactly the bytes
    /// the truth repair gives.
    pub exact_repairs: usize,
    /// `exact_repairs / true_positives`.
    pub exact_share: Option<f64>,
}

/// How well the repairs of matched findings restore the documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Repairs {
    /// Matched findings.
    pub matched: usize,
    /// Matched findings that carry a repair.
    pub with_repair: usize,
    /// Repairs giving exactly the bytes the truth repair gives.
    pub exact: usize,
    /// Repairs giving the same text after folding quotes and dashes and collapsing white space.
    pub loose: usize,
    /// `exact / matched`.
    pub exact_share: Option<f64>,
    /// `loose / matched`.
    pub loose_share: Option<f64>,
    /// Matched findings whose truth repair holds a word (a run of
    /// non-space bytes, exactly) that no copy of the family holds: a link
    /// address, a dash or quote style no copy shows. No repair made from the
    /// family's text can give those bytes.
    pub beyond_family: usize,
    /// `exact / (matched - beyond_family)`: the exact share among repairs
    /// whose words the family holds.
    pub exact_share_within_family: Option<f64>,
    /// Inexact repairs counted by [`Shortfall`], in its order (a repair
    /// counts under the first that fits).
    pub shortfalls: BTreeMap<Shortfall, usize>,
}

/// Why an inexact repair differs from the truth's, judged from the two
/// texts put back: the first of these that fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shortfall {
    /// The truth holds a word no copy of the family holds
    /// ([`Repairs::beyond_family`]).
    Words,
    /// The same words: quote, dash or white space styles differ.
    Styling,
    /// The same words but for whole lines of page furniture
    /// ("Advertisement") the copy had inside the lost text.
    Furniture,
    /// The truth's words are the repair's with words left out: the copy had
    /// dropped sentences or paragraphs of the article after the place.
    CopysOwnTrim,
    /// The repair is not the truth's in the words it puts back.
    Wording,
}

/// Findings that match no truth, and clean documents flagged with an error.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FalseAlarms {
    /// Error findings that match no truth entry.
    pub unmatched_errors: usize,
    /// Warning findings that match no truth entry.
    pub unmatched_warnings: usize,
    /// Family folders without any corruption.
    pub clean_families: usize,
    /// Clean family folders where some document got an error finding.
    pub clean_families_flagged: usize,
    /// `clean_families_flagged / clean_families`.
    pub clean_family_rate: Option<f64>,
    /// Copies without corruption (in any family).
    pub clean_copies: usize,
    /// Clean copies with an error finding.
    pub clean_copies_flagged: usize,
    /// `clean_copies_flagged / clean_copies`.
    pub clean_copy_rate: Option<f64>,
    /// Distractor documents.
    pub distractors: usize,
    /// Distractors with an error finding.
    pub distractors_flagged: usize,
}

/// How well the audit's families match the truth's families, over the
/// documents both list. A truth family is every document made from one input
/// article: the copies of a family, and the distractors drawn from the same
/// article, wherever they lie (in truth files without articles, the copies
/// of a family, each distractor on its own).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct GroupingScore {
    /// Documents compared.
    pub documents: usize,
    /// Families of two or more documents in the truth.
    pub truth_families: usize,
    /// Families of two or more documents in the audit.
    pub audit_families: usize,
    /// Adjusted Rand index of the two partitions (1: identical; about 0:
    /// no better than chance).
    pub adjusted_rand: Option<f64>,
    /// Share of the pairs the audit put in one family that the truth has in one family.
    pub pair_precision: Option<f64>,
    /// Share of the truth's same-family pairs the audit put in one family.
    pub pair_recall: Option<f64>,
}

fn pairs_of(n: usize) -> f64 {
    (n as f64) * (n as f64 - 1.0) / 2.0
}

impl GroupingScore {
    /// Scores two labellings of the same documents (`truth[i]` and
    /// `audit[i]` are document `i`'s family in each).
    pub fn new<T: std::hash::Hash + Eq, A: std::hash::Hash + Eq>(
        truth: &[T],
        audit: &[A],
    ) -> GroupingScore {
        let mut cells: HashMap<(&T, &A), usize> = HashMap::new();
        let mut rows: HashMap<&T, usize> = HashMap::new();
        let mut cols: HashMap<&A, usize> = HashMap::new();
        for (t, a) in truth.iter().zip(audit) {
            *cells.entry((t, a)).or_default() += 1;
            *rows.entry(t).or_default() += 1;
            *cols.entry(a).or_default() += 1;
        }
        let n = truth.len().min(audit.len());
        let both: f64 = cells.values().map(|&c| pairs_of(c)).sum();
        let truth_pairs: f64 = rows.values().map(|&c| pairs_of(c)).sum();
        let audit_pairs: f64 = cols.values().map(|&c| pairs_of(c)).sum();
        let total = pairs_of(n);
        let adjusted_rand = (total > 0.0).then(|| {
            let expected = truth_pairs * audit_pairs / total;
            let max = (truth_pairs + audit_pairs) / 2.0;
            if max == expected {
                1.0
            } else {
                round((both - expected) / (max - expected))
            }
        });
        GroupingScore {
            documents: n,
            truth_families: rows.values().filter(|&&c| c > 1).count(),
            audit_families: cols.values().filter(|&&c| c > 1).count(),
            adjusted_rand,
            pair_precision: (audit_pairs > 0.0).then(|| round(both / audit_pairs)),
            pair_recall: (truth_pairs > 0.0).then(|| round(both / truth_pairs)),
        }
    }
}

/// Audit speed.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Throughput {
    /// Bytes of the documents audited.
    pub bytes: u64,
    /// Wall time of the audit (loading included), in seconds.
    pub seconds: f64,
    /// Megabytes (10^6 bytes) per second.
    pub mb_per_s: Option<f64>,
    /// Documents per second.
    pub documents_per_s: Option<f64>,
}

/// A truth entry no finding matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// Document path relative to the truth file's folder.
    pub path: String,
    /// Kind code.
    pub kind: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A matched finding whose repair differs from the truth's repair: both
/// replacements, each over the byte range it replaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Inexact {
    /// Document path relative to the truth file's folder.
    pub path: String,
    /// Kind code.
    pub kind: String,
    /// The truth's range and replacement.
    pub expected: (usize, usize, String),
    /// The finding's range and replacement.
    pub got: (usize, usize, String),
    /// The truth's replacement holds a word no copy of the family holds.
    pub beyond_family: bool,
    /// Why the repair differs.
    pub shortfall: Shortfall,
}

/// A finding that matched no truth entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    /// Document path (relative to the truth file's folder when listed there).
    pub path: String,
    /// Kind code.
    pub kind: String,
    /// Severity name.
    pub severity: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The finding's message.
    pub message: String,
}

/// Reads and checks a truth file.
pub fn read_truth(path: &Path) -> anyhow::Result<Truth> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let truth: Truth = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a splicecheck truth file", path.display()))?;
    if truth.version != TRUTH_VERSION {
        bail!(
            "{}: truth format version {} is not supported (expected {TRUTH_VERSION})",
            path.display(),
            truth.version
        );
    }
    Ok(truth)
}

/// Audits `dir` (files matching `*.txt`), timing the audit, and scores the
/// report against the truth file. Truth paths are relative to the truth
/// file's folder.
pub fn evaluate(truth_path: &Path, dir: &Path) -> anyhow::Result<Evaluation> {
    evaluate_with(truth_path, dir, &crate::Settings::default())
}

/// As [`evaluate`], auditing with the given settings (such as a grouping
/// mode).
pub fn evaluate_with(
    truth_path: &Path,
    dir: &Path,
    settings: &crate::Settings,
) -> anyhow::Result<Evaluation> {
    let truth = read_truth(truth_path)?;
    let root = match truth_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let started = Instant::now();
    let report = crate::audit_paths_with(&[dir.to_path_buf()], settings)?;
    let elapsed = started.elapsed();
    Ok(score(&truth, root, &report, elapsed))
}

/// A path in a form both sides agree on: canonical when it exists, otherwise
/// absolute with `.` and `..` resolved lexically.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The words of `text` that overlap `range`, whole: a repair that starts
/// or ends inside a word is judged by the whole word.
fn words_around(text: &[u8], range: Range<usize>) -> impl Iterator<Item = &[u8]> {
    let start = text[..range.start]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |i| i + 1);
    let end = text[range.end..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(text.len(), |i| range.end + i);
    text[start..end]
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
}

/// The words (runs of non-space bytes) of documents, as audited.
fn words_of<'r>(report: &'r Report, docs: &[usize]) -> HashSet<&'r [u8]> {
    docs.iter()
        .flat_map(|&d| report.documents[d].bytes.split(u8::is_ascii_whitespace))
        .filter(|w| !w.is_empty())
        .collect()
}

/// True when two byte ranges match: the starts are within [`TOLERANCE`], or
/// the ranges overlap (a point overlaps a range that contains it).
pub fn spans_match(finding: Range<usize>, truth: Range<usize>) -> bool {
    if finding.start.abs_diff(truth.start) <= TOLERANCE {
        return true;
    }
    match (finding.is_empty(), truth.is_empty()) {
        (true, true) => false,
        (true, false) => truth.contains(&finding.start),
        (false, true) => finding.contains(&truth.start),
        (false, false) => finding.start < truth.end && truth.start < finding.end,
    }
}

/// True when the finding's repair makes of `bytes` what the truth's repair
/// makes: the same fix, placed on the other side of a word the lost text
/// starts or ends with.
fn same_repair(bytes: &[u8], f: &crate::Finding, truth: &crate::synth::TruthRepair) -> bool {
    f.repair.as_ref().is_some_and(|r| {
        r.start.abs_diff(truth.start) <= 200
            && apply_edit(bytes, r.start, r.end, r.replacement.as_bytes())
                == apply_edit(bytes, truth.start, truth.end, truth.replacement.as_bytes())
    })
}

/// Scores a report against the truth. `root` is the folder truth paths are
/// relative to; `elapsed` is the audit's wall time.
pub fn score(truth: &Truth, root: &Path, report: &Report, elapsed: Duration) -> Evaluation {
    let truth_of: HashMap<PathBuf, usize> = truth
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (canonical(&root.join(&d.path)), i))
        .collect();
    let doc_truth: Vec<Option<usize>> = report
        .documents
        .iter()
        .map(|d| truth_of.get(&canonical(&d.path)).copied())
        .collect();
    let name = |doc: usize| match doc_truth[doc] {
        Some(t) => truth.documents[t].path.clone(),
        None => report.documents[doc].display_path(),
    };

    // Match findings to truth entries.
    let mut matched: Vec<Vec<bool>> = truth
        .documents
        .iter()
        .map(|d| vec![false; d.corruptions.len()])
        .collect();
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    let mut hits: BTreeMap<String, usize> = BTreeMap::new();
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
    {
        let code = f.kind.code();
        *found.entry(code.to_string()).or_default() += 1;
        let best = doc_truth[f.doc].and_then(|t| {
            truth.documents[t]
                .corruptions
                .iter()
                .enumerate()
                .filter(|(c, entry)| {
                    !matched[t][*c]
                        && entry.kind == code
                        && (spans_match(f.start..f.end, entry.start..entry.end)
                            || same_repair(&report.documents[f.doc].bytes, f, &entry.repair))
                })
                .min_by_key(|(_, entry)| f.start.abs_diff(entry.start))
                .map(|(c, _)| (t, c))
        });
        match best {
            Some((t, c)) => {
                matched[t][c] = true;
                *hits.entry(code.to_string()).or_default() += 1;
                pairs.push((f, t, c));
            }
            None => unmatched.push(Unmatched {
                path: name(f.doc),
                kind: code.to_string(),
                severity: f.severity.as_str().to_string(),
                start: f.start,
                end: f.end,
                message: f.message.clone(),
            }),
        }
    }

    // Per kind: the truth's kinds in their fixed order, then any other kind found.
    let mut truth_counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in truth.documents.iter().flat_map(|d| &d.corruptions) {
        *truth_counts.entry(c.kind.clone()).or_default() += 1;
    }
    let mut order: Vec<String> = CorruptionKind::ALL
        .iter()
        .map(|k| k.code().to_string())
        .collect();
    order.extend(Kind::ALL.iter().map(|k| k.code().to_string()));
    order.extend(truth_counts.keys().cloned());
    let mut seen = HashSet::new();
    let count = |m: &BTreeMap<String, usize>, k: &str| m.get(k).copied().unwrap_or(0);
    // Exact repairs per kind, filled in below.
    let mut kinds: Vec<KindScore> = order
        .into_iter()
        .filter(|k| seen.insert(k.clone()))
        .filter(|k| count(&truth_counts, k) + count(&found, k) > 0)
        .map(|k| KindScore {
            score: Score::new(
                count(&truth_counts, &k),
                count(&found, &k),
                count(&hits, &k),
            ),
            kind: k,
            exact_repairs: 0,
            exact_share: None,
        })
        .collect();
    let overall = Score::new(
        truth_counts.values().sum(),
        found.values().sum(),
        hits.values().sum(),
    );

    // Repairs of matched findings.
    let mut repairs = Repairs {
        matched: pairs.len(),
        ..Repairs::default()
    };
    let mut exact_by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut inexact = Vec::new();
    // The audited copies of each family, and their words once needed.
    let mut copies: HashMap<&str, Vec<usize>> = HashMap::new();
    for (doc, t) in doc_truth.iter().enumerate() {
        if let Some(d) = t
            .map(|t| &truth.documents[t])
            .filter(|d| d.role == Role::Copy)
        {
            copies.entry(d.family.as_str()).or_default().push(doc);
        }
    }
    let mut family_words: HashMap<&str, HashSet<&[u8]>> = HashMap::new();
    for &(f, t, c) in &pairs {
        let bytes = &report.documents[f.doc].bytes;
        let Some(repair) = &f.repair else {
            continue;
        };
        repairs.with_repair += 1;
        let truth_repair = &truth.documents[t].corruptions[c].repair;
        let expected = truth_repair.apply(bytes);
        let got = apply_edit(
            bytes,
            repair.start,
            repair.end,
            repair.replacement.as_bytes(),
        );
        if let (Some(expected), Some(got)) = (expected, got) {
            if expected == got {
                repairs.exact += 1;
                repairs.loose += 1;
                *exact_by_kind.entry(f.kind.code()).or_default() += 1;
                continue;
            } else if fold(&expected) == fold(&got) {
                repairs.loose += 1;
            }
        }
        let family = truth.documents[t].family.as_str();
        let words = family_words
            .entry(family)
            .or_insert_with(|| words_of(report, copies.get(family).map_or(&[], Vec::as_slice)));
        let beyond_family = truth_repair.apply(bytes).is_some_and(|expected| {
            words_around(
                &expected,
                truth_repair.start..truth_repair.start + truth_repair.replacement.len(),
            )
            .any(|w| !words.contains(w))
        });
        repairs.beyond_family += usize::from(beyond_family);
        let shortfall = if beyond_family {
            Shortfall::Words
        } else {
            shortfall(
                &truth_repair.replacement,
                &repair.replacement,
                truth_repair.start.abs_diff(repair.start) + truth_repair.end.abs_diff(repair.end)
                    == 0,
            )
        };
        *repairs.shortfalls.entry(shortfall).or_default() += 1;
        inexact.push(Inexact {
            beyond_family,
            shortfall,
            path: truth.documents[t].path.clone(),
            kind: f.kind.code().to_string(),
            expected: (
                truth_repair.start,
                truth_repair.end,
                truth_repair.replacement.clone(),
            ),
            got: (repair.start, repair.end, repair.replacement.clone()),
        });
    }
    repairs.exact_share = ratio(repairs.exact, repairs.matched);
    repairs.exact_share_within_family =
        ratio(repairs.exact, repairs.matched - repairs.beyond_family);
    for k in &mut kinds {
        k.exact_repairs = exact_by_kind.get(k.kind.as_str()).copied().unwrap_or(0);
        k.exact_share = ratio(k.exact_repairs, k.score.true_positives);
    }
    repairs.loose_share = ratio(repairs.loose, repairs.matched);

    // False alarms.
    let flagged: HashSet<usize> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| doc_truth[f.doc])
        .collect();
    let corrupted_families: HashSet<&str> = truth
        .documents
        .iter()
        .filter(|d| !d.corruptions.is_empty())
        .map(|d| d.family.as_str())
        .collect();
    let clean_families: BTreeSet<&str> = truth
        .documents
        .iter()
        .map(|d| d.family.as_str())
        .filter(|f| !corrupted_families.contains(f))
        .collect();
    let clean_families_flagged: BTreeSet<&str> = flagged
        .iter()
        .map(|&t| truth.documents[t].family.as_str())
        .filter(|f| clean_families.contains(f))
        .collect();
    let clean_copies: Vec<usize> = (0..truth.documents.len())
        .filter(|&t| {
            truth.documents[t].role == Role::Copy && truth.documents[t].corruptions.is_empty()
        })
        .collect();
    let distractors: Vec<usize> = (0..truth.documents.len())
        .filter(|&t| truth.documents[t].role == Role::Distractor)
        .collect();
    let clean_copies_flagged = clean_copies.iter().filter(|t| flagged.contains(t)).count();
    let false_alarms = FalseAlarms {
        unmatched_errors: unmatched
            .iter()
            .filter(|u| u.severity == Severity::Error.as_str())
            .count(),
        unmatched_warnings: unmatched
            .iter()
            .filter(|u| u.severity == Severity::Warning.as_str())
            .count(),
        clean_families: clean_families.len(),
        clean_families_flagged: clean_families_flagged.len(),
        clean_family_rate: ratio(clean_families_flagged.len(), clean_families.len()),
        clean_copies: clean_copies.len(),
        clean_copies_flagged,
        clean_copy_rate: ratio(clean_copies_flagged, clean_copies.len()),
        distractors: distractors.len(),
        distractors_flagged: distractors.iter().filter(|t| flagged.contains(t)).count(),
    };

    let misses = truth
        .documents
        .iter()
        .enumerate()
        .flat_map(|(t, d)| {
            let matched = &matched[t];
            d.corruptions
                .iter()
                .enumerate()
                .filter(move |(c, _)| !matched[*c])
                .map(move |(_, c)| Miss {
                    path: d.path.clone(),
                    kind: c.kind.clone(),
                    start: c.start,
                    end: c.end,
                })
        })
        .collect();

    let audited: HashSet<usize> = doc_truth.iter().flatten().copied().collect();
    let mut family_of = vec![0; report.documents.len()];
    for (i, f) in report.families.iter().enumerate() {
        for &m in &f.members {
            family_of[m] = i;
        }
    }
    let (truth_labels, audit_labels): (Vec<String>, Vec<usize>) = doc_truth
        .iter()
        .enumerate()
        .filter_map(|(doc, t)| {
            let d = &truth.documents[(*t)?];
            let label = match (&d.article, d.role) {
                (Some(article), _) => format!("article {article}"),
                (None, Role::Copy) => format!("family {}", d.family),
                (None, Role::Distractor) => format!("alone {}", d.path),
            };
            Some((label, family_of[doc]))
        })
        .unzip();
    let grouping = GroupingScore::new(&truth_labels, &audit_labels);
    let bytes: u64 = report.documents.iter().map(|d| d.bytes.len() as u64).sum();
    let seconds = elapsed.as_secs_f64();
    let per_second = |x: f64| (seconds > 0.0).then(|| round(x / seconds));
    Evaluation {
        version: EVAL_VERSION,
        documents: report.documents.len(),
        truth_documents: truth.documents.len(),
        unaudited: truth.documents.len() - audited.len(),
        kinds,
        overall,
        repairs,
        false_alarms,
        grouping,
        throughput: Throughput {
            bytes,
            seconds: round(seconds),
            mb_per_s: per_second(bytes as f64 / 1e6),
            documents_per_s: per_second(report.documents.len() as f64),
        },
        problems: report
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.path.display(), p.message))
            .collect(),
        io_error: report.had_io_error(),
        misses,
        unmatched,
        inexact,
    }
}

impl Shortfall {
    /// A few words for reports.
    pub fn describe(self) -> &'static str {
        match self {
            Shortfall::Words => "need words no copy holds",
            Shortfall::Styling => "differ in styling only",
            Shortfall::Furniture => "differ in page furniture lines only",
            Shortfall::CopysOwnTrim => "restore text the copy itself had left out",
            Shortfall::Wording => "differ in wording",
        }
    }
}

/// Why the text `got` puts back differs from the truth's `expected` (both
/// at the same place when `same_place`; otherwise only styling can be told).
fn shortfall(expected: &str, got: &str, same_place: bool) -> Shortfall {
    if fold(expected.as_bytes()) == fold(got.as_bytes()) {
        return Shortfall::Styling;
    }
    if !same_place {
        return Shortfall::Wording;
    }
    let prose = |text: &str| {
        let kept: Vec<&str> = text
            .split_inclusive('\n')
            .filter(|line| !crate::boilerplate::is_furniture_or_insert(line.trim(), &[]))
            .collect();
        fold(kept.concat().as_bytes())
    };
    let (expected_prose, got_prose) = (prose(expected), prose(got));
    if expected_prose == got_prose {
        return Shortfall::Furniture;
    }
    // Words the repair puts back that the truth lacks, in order, and none the
    // other way round: text the copy itself left out.
    let mut got_words = got_prose.split(' ');
    let within = expected_prose.split(' ').all(|w| got_words.any(|g| g == w));
    if within && expected_prose.len() < got_prose.len() {
        Shortfall::CopysOwnTrim
    } else {
        Shortfall::Wording
    }
}

/// `n / d` rounded to four decimals, `None` when `d` is zero.
fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| round(n as f64 / d as f64))
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Text with quote and dash styles folded and white space collapsed, for the
/// loose comparison of repairs.
fn fold(bytes: &[u8]) -> String {
    let text = crate::tokenize::lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201a}' => '\'',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    out
}

fn show(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{:.1}%", x * 100.0))
}

/// Writes the evaluation as a compact aligned table with a few summary lines.
pub fn render_human(e: &Evaluation, out: &mut dyn Write) -> io::Result<()> {
    let row = |out: &mut dyn Write, name: &str, s: &Score, exact: Option<f64>| {
        writeln!(
            out,
            "{:<12} {:>6} {:>6} {:>6} {:>9} {:>7} {:>6} {:>7}",
            name,
            s.truth,
            s.found,
            s.true_positives,
            show(s.precision),
            show(s.recall),
            show(s.f1),
            percent(exact)
        )
    };
    writeln!(
        out,
        "{:<12} {:>6} {:>6} {:>6} {:>9} {:>7} {:>6} {:>7}",
        "kind", "truth", "found", "tp", "precision", "recall", "f1", "exact"
    )?;
    for k in &e.kinds {
        row(out, &k.kind, &k.score, k.exact_share)?;
    }
    writeln!(out, "{}", "-".repeat(66))?;
    row(out, "overall", &e.overall, e.repairs.exact_share)?;
    writeln!(out)?;
    let r = &e.repairs;
    writeln!(
        out,
        "repairs       {}/{} exact ({}), {}/{} equal after folding quotes, dashes and spaces ({})",
        r.exact,
        r.matched,
        percent(r.exact_share),
        r.loose,
        r.matched,
        percent(r.loose_share)
    )?;
    writeln!(
        out,
        "              {} need a word no copy of the family holds; {}/{} exact among the rest ({})",
        r.beyond_family,
        r.exact,
        r.matched - r.beyond_family,
        percent(r.exact_share_within_family)
    )?;
    if !r.shortfalls.is_empty() {
        let why: Vec<String> = r
            .shortfalls
            .iter()
            .map(|(s, n)| format!("{n} {}", s.describe()))
            .collect();
        writeln!(out, "              inexact: {}", why.join(", "))?;
    }
    let f = &e.false_alarms;
    writeln!(
        out,
        "false alarms  {} unmatched error(s), {} unmatched warning(s)",
        f.unmatched_errors, f.unmatched_warnings
    )?;
    writeln!(
        out,
        "clean         {}/{} families flagged ({}), {}/{} copies flagged ({}), {}/{} distractors flagged",
        f.clean_families_flagged,
        f.clean_families,
        percent(f.clean_family_rate),
        f.clean_copies_flagged,
        f.clean_copies,
        percent(f.clean_copy_rate),
        f.distractors_flagged,
        f.distractors
    )?;
    let g = &e.grouping;
    writeln!(
        out,
        "grouping      adjusted Rand index {}, pair precision {}, pair recall {} ({} of {} truth families of two or more, {} documents)",
        show(g.adjusted_rand),
        show(g.pair_precision),
        show(g.pair_recall),
        g.audit_families,
        g.truth_families,
        g.documents
    )?;
    let t = &e.throughput;
    writeln!(
        out,
        "throughput    {} MB/s, {} documents/s ({} documents, {} bytes in {:.3} s)",
        t.mb_per_s
            .map_or_else(|| "-".to_string(), |x| format!("{x:.2}")),
        t.documents_per_s
            .map_or_else(|| "-".to_string(), |x| format!("{x:.0}")),
        e.documents,
        t.bytes,
        t.seconds
    )?;
    if e.unaudited > 0 {
        writeln!(
            out,
            "unaudited     {} of {} truth documents were not audited",
            e.unaudited, e.truth_documents
        )?;
    }
    Ok(())
}

/// Writes the evaluation as one pretty-printed JSON object.
pub fn render_json(e: &Evaluation, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, e)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Corruption, TruthDocument, TruthRepair};
    use crate::{Document, Finding, Repair};

    fn corruption(kind: &str, start: usize, end: usize, replacement: &str) -> Corruption {
        Corruption {
            kind: kind.to_string(),
            start,
            end,
            missing: replacement.to_string(),
            repair: TruthRepair {
                start,
                end,
                replacement: replacement.to_string(),
            },
        }
    }

    fn doc(path: &str, family: &str, role: Role, corruptions: Vec<Corruption>) -> TruthDocument {
        TruthDocument {
            path: path.to_string(),
            family: family.to_string(),
            article: None,
            role,
            corruptions,
        }
    }

    fn truth(documents: Vec<TruthDocument>) -> Truth {
        Truth {
            version: TRUTH_VERSION,
            seed: 0,
            documents,
        }
    }

    fn documents(files: &[(&str, &str)]) -> Vec<Document> {
        files
            .iter()
            .map(|(path, text)| Document::new(*path, text.as_bytes().to_vec()))
            .collect()
    }

    fn finding(
        kind: Kind,
        severity: Severity,
        doc: usize,
        start: usize,
        end: usize,
        repair: Option<(usize, usize, &str)>,
    ) -> Finding {
        Finding {
            kind,
            severity,
            doc,
            family: 0,
            start,
            end,
            reference: None,
            repair: repair.map(|(start, end, r)| Repair {
                start,
                end,
                replacement: r.to_string(),
            }),
            message: String::new(),
        }
    }

    #[test]
    fn grouping_scores_pairs_and_adjusted_rand() {
        let truth = ["a", "a", "a", "b", "b", "c"];
        let same = GroupingScore::new(&truth, &[1, 1, 1, 2, 2, 3]);
        assert_eq!(same.adjusted_rand, Some(1.0));
        assert_eq!(same.pair_precision, Some(1.0));
        assert_eq!(same.pair_recall, Some(1.0));
        assert_eq!((same.truth_families, same.audit_families), (2, 2));
        // One copy split off: every audit pair is right, 2 of 4 truth pairs found.
        let split = GroupingScore::new(&truth, &[1, 1, 9, 2, 2, 3]);
        assert_eq!(split.pair_precision, Some(1.0));
        assert_eq!(split.pair_recall, Some(0.5));
        assert!(split.adjusted_rand.unwrap() < 1.0);
        // Everything in one family: all truth pairs found, few audit pairs right.
        let lumped = GroupingScore::new(&truth, &[1; 6]);
        assert_eq!(lumped.pair_recall, Some(1.0));
        assert_eq!(lumped.pair_precision, Some(round(4.0 / 15.0)));
        assert_eq!(lumped.adjusted_rand, Some(0.0));
    }

    #[test]
    fn spans_match_by_start_or_overlap() {
        assert!(spans_match(12..12, 10..10));
        assert!(!spans_match(13..13, 10..10));
        assert!(spans_match(15..15, 10..20));
        assert!(!spans_match(20..20, 10..20));
        assert!(spans_match(18..25, 10..20));
        assert!(!spans_match(20..25, 10..20));
    }

    #[test]
    fn a_finding_whose_repair_makes_the_truths_document_matches_wherever_it_sits() {
        // "the" lost with the words after it can go back before or after
        // the "the" left standing; the truth puts it before.
        let copy = "Last year, The Lord Of the eventual Oscars outcome.\n";
        let lost = "the Rings: The Return Of the King was named ";
        let truth = truth(vec![doc(
            "a/copy-1.txt",
            "a",
            Role::Copy,
            vec![corruption("splice", 23, 23, lost)],
        )]);
        let report = |at: usize, text: &str| Report {
            documents: documents(&[("a/copy-1.txt", copy)]),
            findings: vec![finding(
                Kind::Splice,
                Severity::Error,
                0,
                at,
                at,
                Some((at, at, text)),
            )],
            ..Report::default()
        };
        let hits = |r: &Report| {
            let e = score(&truth, Path::new(""), r, Duration::from_millis(1));
            e.kinds
                .iter()
                .find(|k| k.kind == "splice")
                .unwrap()
                .score
                .true_positives
        };
        // After "the ": the same document, 4 bytes from the truth's place.
        assert_eq!(
            hits(&report(27, "Rings: The Return Of the King was named the ")),
            1
        );
        // There, but restoring other words: no match.
        assert_eq!(
            hits(&report(27, "Rings: The Return Of the King won the ")),
            0
        );
    }

    #[test]
    fn findings_are_matched_once_and_scored() {
        let copy = "The council approved levy, which residents had opposed. It starts in May.\n";
        let truth = truth(vec![
            doc("a/copy-1.txt", "a", Role::Copy, vec![]),
            doc(
                "a/copy-2.txt",
                "a",
                Role::Copy,
                vec![corruption("splice", 21, 21, "the new parking ")],
            ),
            doc(
                "a/copy-3.txt",
                "a",
                Role::Copy,
                vec![corruption("encoding", 5, 6, "")],
            ),
            doc("b/copy-1.txt", "b", Role::Copy, vec![]),
            doc("b/other-1.txt", "b", Role::Distractor, vec![]),
        ]);
        let documents = documents(&[
            ("a/copy-1.txt", copy),
            ("a/copy-2.txt", copy),
            ("a/copy-3.txt", copy),
            ("b/copy-1.txt", copy),
            ("b/other-1.txt", copy),
        ]);
        let report = Report {
            documents,
            findings: vec![
                // The right place; the repair differs from the truth's only in white space.
                finding(
                    Kind::Splice,
                    Severity::Error,
                    1,
                    21,
                    21,
                    Some((21, 21, "the  new\r\nparking ")),
                ),
                // A second finding of the same splice.
                finding(Kind::Splice, Severity::Error, 1, 22, 22, None),
                // A range overlapping the truth range, with the exact repair.
                finding(Kind::Encoding, Severity::Error, 2, 4, 6, Some((5, 6, ""))),
                // Info findings are not counted.
                finding(Kind::Trim, Severity::Info, 0, 0, 3, None),
                // A false alarm in a clean family, and a warning with no truth.
                finding(Kind::Truncation, Severity::Error, 3, 40, 40, None),
                finding(Kind::Splice, Severity::Warning, 0, 3, 3, None),
            ],
            ..Report::default()
        };
        let e = score(&truth, Path::new(""), &report, Duration::from_millis(10));
        assert_eq!(e.unaudited, 0);
        let splice = &e.kinds.iter().find(|k| k.kind == "splice").unwrap().score;
        assert_eq!(
            (splice.truth, splice.found, splice.true_positives),
            (1, 3, 1)
        );
        assert_eq!(splice.recall, Some(1.0));
        assert_eq!(splice.precision, Some(0.3333));
        let encoding = &e.kinds.iter().find(|k| k.kind == "encoding").unwrap().score;
        assert_eq!(
            (encoding.truth, encoding.found, encoding.true_positives),
            (1, 1, 1)
        );
        let truncation = &e
            .kinds
            .iter()
            .find(|k| k.kind == "truncation")
            .unwrap()
            .score;
        assert_eq!(
            (
                truncation.truth,
                truncation.true_positives,
                truncation.recall
            ),
            (0, 0, None)
        );
        assert!(e.kinds.iter().all(|k| k.kind != "trim"));
        assert_eq!(
            (e.overall.truth, e.overall.found, e.overall.true_positives),
            (2, 5, 2)
        );
        assert_eq!(
            (e.repairs.matched, e.repairs.with_repair, e.repairs.exact),
            (2, 2, 1)
        );
        assert_eq!(e.repairs.loose, 2);
        assert_eq!(e.false_alarms.unmatched_errors, 2);
        assert_eq!(e.false_alarms.unmatched_warnings, 1);
        assert_eq!(
            (
                e.false_alarms.clean_families,
                e.false_alarms.clean_families_flagged
            ),
            (1, 1)
        );
        assert_eq!(
            (
                e.false_alarms.clean_copies,
                e.false_alarms.clean_copies_flagged
            ),
            (2, 1)
        );
        assert_eq!(
            (
                e.false_alarms.distractors,
                e.false_alarms.distractors_flagged
            ),
            (1, 0)
        );
        assert!(e.misses.is_empty());
        assert_eq!(e.throughput.documents_per_s, Some(500.0));
        let mut human = Vec::new();
        render_human(&e, &mut human).unwrap();
        let human = String::from_utf8(human).unwrap();
        assert!(
            human.contains("splice            1      3      1     0.333   1.000  0.500"),
            "{human}"
        );
        let mut json = Vec::new();
        render_json(&e, &mut json).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v["overall"]["true_positives"], 2);
        assert_eq!(v["kinds"][0]["kind"], "splice");
    }

    #[test]
    fn repairs_needing_words_no_copy_holds_are_counted_apart() {
        let full = "The council approved the levy. It starts in May.\n";
        let cut = "The council approved the levy. It st";
        let truth = truth(vec![
            doc("a/copy-1.txt", "a", Role::Copy, vec![]),
            // The truth's tail carries a link address no copy has.
            doc(
                "a/copy-2.txt",
                "a",
                Role::Copy,
                vec![corruption(
                    "truncation",
                    36,
                    36,
                    "arts in [May](https://x.example/may).\n",
                )],
            ),
            // This one is in the family's words, but the repair differs.
            doc(
                "a/copy-3.txt",
                "a",
                Role::Copy,
                vec![corruption("truncation", 36, 36, "arts in May.\n")],
            ),
            // A distractor's words are not the family's.
            doc("a/other-1.txt", "a", Role::Distractor, vec![]),
        ]);
        let documents = documents(&[
            ("a/copy-1.txt", full),
            ("a/copy-2.txt", cut),
            ("a/copy-3.txt", cut),
            ("a/other-1.txt", "[May](https://x.example/may).\n"),
        ]);
        let report = Report {
            documents,
            findings: vec![
                finding(
                    Kind::Truncation,
                    Severity::Error,
                    1,
                    36,
                    36,
                    Some((36, 36, "arts in May.\n")),
                ),
                finding(
                    Kind::Truncation,
                    Severity::Error,
                    2,
                    36,
                    36,
                    Some((36, 36, "arts in May.")),
                ),
            ],
            ..Report::default()
        };
        let e = score(&truth, Path::new(""), &report, Duration::from_millis(10));
        assert_eq!((e.repairs.matched, e.repairs.exact), (2, 0));
        assert_eq!(e.repairs.beyond_family, 1);
        assert_eq!(e.repairs.exact_share_within_family, Some(0.0));
        let beyond: Vec<bool> = e.inexact.iter().map(|i| i.beyond_family).collect();
        assert_eq!(beyond, [true, false]);
    }

    #[test]
    fn an_inexact_repair_is_put_down_to_the_first_shortfall_that_fits() {
        let truth = "arts in May, \u{201c}as planned\u{201d}.\n\nAdvertisement\n\nIt ends in June.";
        let cases = [
            // Another quote style and line layout.
            (
                "arts in May, \"as planned\".\n\nAdvertisement\nIt ends in June.",
                Shortfall::Styling,
            ),
            // The ad line the cut copy carried is not put back.
            (
                "arts in May, \"as planned\".\n\nIt ends in June.",
                Shortfall::Furniture,
            ),
            // The copy had left out a sentence that other copies hold.
            (
                "arts in May, \"as planned\". Fees rise.\n\nIt ends in June.",
                Shortfall::CopysOwnTrim,
            ),
            // A word of the truth is not put back.
            ("arts in May.\n\nIt ends in June.", Shortfall::Wording),
            // Other words.
            (
                "arts in April, \"as planned\".\n\nIt ends in June.",
                Shortfall::Wording,
            ),
        ];
        for (got, want) in cases {
            assert_eq!(shortfall(truth, got, true), want, "{got}");
        }
        // Elsewhere, only the words can be compared.
        assert_eq!(
            shortfall(truth, "arts in May, \"as planned\". Fees rise.", false),
            Shortfall::Wording
        );
    }

    #[test]
    fn loose_fold_ignores_quote_dash_and_space_styles() {
        assert_eq!(
            fold("\u{201c}Yes\u{201d} \u{2014}  it\u{2019}s\r\nfine".as_bytes()),
            fold(b"\"Yes\" -- it's fine")
        );
        assert_ne!(fold(b"its fine"), fold(b"it's fine"));
    }

    #[test]
    fn evaluates_a_written_synthetic_corpus() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
        let articles = crate::synth::read_articles(&dir).unwrap();
        let corpus = crate::synth::build(
            &articles[..6],
            &crate::synth::Config {
                seed: 5,
                corrupt_share: 1.0,
                ..crate::synth::Config::default()
            },
        )
        .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        crate::synth::write(&corpus, tmp.path()).unwrap();
        let e = evaluate(&tmp.path().join(crate::synth::TRUTH_FILE), tmp.path()).unwrap();
        assert_eq!(e.documents, corpus.files.len());
        assert_eq!(e.unaudited, 0);
        assert!(!e.io_error);
        let corruptions = corpus
            .truth
            .documents
            .iter()
            .map(|d| d.corruptions.len())
            .sum::<usize>();
        assert_eq!(e.overall.truth, corruptions);
        assert_eq!(e.misses.len(), corruptions - e.overall.true_positives);
    }
}
