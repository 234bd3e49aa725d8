//! Repair stage: turns findings into byte edits that an editor can review as a
//! unified diff or apply in place.
//!
//! Everything here is pure: [`plan`] chooses the edits of each document from
//! the findings of a [`Report`], [`apply`] applies them to bytes,
//! [`file_patch`] renders them as a unified diff and [`patch_label`] names a
//! document in a patch. Writing files is done at the edge, by
//! [`crate::rewrite`].
//!
//! ```
//! use splicecheck::{Document, audit_documents, repair};
//! let reference = "The council approved the new parking levy, which residents had opposed for years. It starts in May.\n";
//! let copy = reference.replace("the new parking levy", "");
//! let report = audit_documents(vec![
//!     Document::new("news/a.txt", reference.as_bytes().to_vec()),
//!     Document::new("news/b.txt", copy.as_bytes().to_vec()),
//! ]);
//! let plan = repair::plan(&report, &repair::Selection::default());
//! let file = &plan.files[0];
//! let repaired = repair::apply(&report.documents[file.doc].bytes, &file.edits);
//! assert_eq!(repaired, reference.as_bytes());
//! ```

use std::fmt;
use std::path::{Component, Path};

use crate::{Finding, Kind, Report, Severity};

/// Lines of unchanged text shown around each change in a patch.
pub const CONTEXT_LINES: usize = 3;

/// Which findings to repair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The kinds to repair; empty means every kind.
    pub kinds: Vec<Kind>,
    /// Findings below this severity are left alone.
    pub min_severity: Severity,
}

impl Default for Selection {
    /// Every error finding, whatever its kind.
    fn default() -> Selection {
        Selection {
            kinds: Vec::new(),
            min_severity: Severity::Error,
        }
    }
}

impl Selection {
    /// True when the finding is one to repair.
    pub fn selects(&self, finding: &Finding) -> bool {
        finding.severity >= self.min_severity
            && (self.kinds.is_empty() || self.kinds.contains(&finding.kind))
    }
}

/// One edit of one document: replace the bytes `start..end` by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Indices in [`Report::findings`] of the findings this edit repairs (more
    /// than one when several findings carry the very same repair).
    pub findings: Vec<usize>,
    /// First byte to replace.
    pub start: usize,
    /// One past the last byte to replace (equal to `start` for an insertion).
    pub end: usize,
    /// The text to put there.
    pub replacement: String,
}

/// The edits of one document, sorted by position and never overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEdits {
    /// Index of the document in [`Report::documents`].
    pub doc: usize,
    /// The edits, in byte order.
    pub edits: Vec<Edit>,
}

/// Why a selected finding is not repaired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// The finding carries no repair: nothing says what the text should be
    /// (a document with no sibling copy, or a benign difference).
    NoRepair,
    /// Its repair overlaps the repair of another finding of the same document
    /// (index in [`Report::findings`]); neither is applied.
    Overlap {
        /// The other finding.
        other: usize,
    },
    /// Its repair names bytes outside the document.
    OutOfRange,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NoRepair => f.write_str("it carries no repair"),
            SkipReason::Overlap { .. } => {
                f.write_str("its repair overlaps the repair of another finding in the same file")
            }
            SkipReason::OutOfRange => f.write_str("its repair lies outside the file"),
        }
    }
}

/// A selected finding that is not repaired, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Index of the finding in [`Report::findings`].
    pub finding: usize,
    /// Why it is not repaired.
    pub reason: SkipReason,
}

/// The edits to make, per document, and the selected findings left alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// One entry per document with at least one edit, in document order.
    pub files: Vec<FileEdits>,
    /// Selected findings that are not repaired, in finding order.
    pub skipped: Vec<Skipped>,
}

impl Plan {
    /// The number of findings the edits repair.
    pub fn repaired(&self) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.edits)
            .map(|e| e.findings.len())
            .sum()
    }
}

/// Chooses the edits that repair the selected findings of a report.
///
/// Findings without a repair, or whose repair lies outside the document, are
/// skipped. Findings that carry the very same repair share one edit. When the
/// repairs of two findings of one document overlap (or insert at the same
/// byte), the order they should apply in is unknown: every edit of that
/// overlapping group is skipped, and the rest of the document is still
/// repaired.
pub fn plan(report: &Report, selection: &Selection) -> Plan {
    let mut skipped = Vec::new();
    let mut by_doc: Vec<Vec<Edit>> = vec![Vec::new(); report.documents.len()];
    for (i, f) in report.findings.iter().enumerate() {
        if !selection.selects(f) {
            continue;
        }
        let Some(r) = &f.repair else {
            skipped.push(Skipped {
                finding: i,
                reason: SkipReason::NoRepair,
            });
            continue;
        };
        let len = report.documents.get(f.doc).map_or(0, |d| d.bytes.len());
        if f.doc >= report.documents.len() || r.start > r.end || r.end > len {
            skipped.push(Skipped {
                finding: i,
                reason: SkipReason::OutOfRange,
            });
            continue;
        }
        let edits = &mut by_doc[f.doc];
        if let Some(same) = edits
            .iter_mut()
            .find(|e| e.start == r.start && e.end == r.end && e.replacement == r.replacement)
        {
            same.findings.push(i);
        } else {
            edits.push(Edit {
                findings: vec![i],
                start: r.start,
                end: r.end,
                replacement: r.replacement.clone(),
            });
        }
    }
    let mut files = Vec::new();
    for (doc, mut edits) in by_doc.into_iter().enumerate() {
        edits.sort_by(|a, b| (a.start, a.end, a.findings[0]).cmp(&(b.start, b.end, b.findings[0])));
        let mut kept = Vec::new();
        let mut group: Vec<Edit> = Vec::new();
        for e in edits {
            if !group.is_empty() && !group.iter().any(|g| conflict(g, &e)) {
                settle(std::mem::take(&mut group), &mut kept, &mut skipped);
            }
            group.push(e);
        }
        settle(group, &mut kept, &mut skipped);
        if !kept.is_empty() {
            files.push(FileEdits { doc, edits: kept });
        }
    }
    skipped.sort_by_key(|s| s.finding);
    Plan { files, skipped }
}

/// True when two edits (`a` sorted before `b`) cannot both be applied in a
/// well-defined order: their ranges overlap, or both insert at one byte.
fn conflict(a: &Edit, b: &Edit) -> bool {
    b.start < a.end || (a.start == a.end && b.start == b.end && a.start == b.start)
}

/// Keeps a group of edits that conflict with nothing else when it has one
/// member; otherwise every finding of the group is skipped.
fn settle(group: Vec<Edit>, kept: &mut Vec<Edit>, skipped: &mut Vec<Skipped>) {
    if group.len() == 1 {
        kept.extend(group);
        return;
    }
    let all: Vec<usize> = group.iter().flat_map(|e| e.findings.clone()).collect();
    for &finding in &all {
        let other = all
            .iter()
            .copied()
            .find(|&o| o != finding)
            .unwrap_or(finding);
        skipped.push(Skipped {
            finding,
            reason: SkipReason::Overlap { other },
        });
    }
}

/// Applies sorted, non-overlapping edits to bytes. Every byte outside the
/// edited ranges is kept, in order.
pub fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let grow: usize = edits.iter().map(|e| e.replacement.len()).sum();
    let mut out = Vec::with_capacity(bytes.len() + grow);
    let mut at = 0;
    for e in edits {
        debug_assert!(at <= e.start && e.start <= e.end && e.end <= bytes.len());
        out.extend_from_slice(&bytes[at..e.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        at = e.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// Why a path cannot be named in a patch applied from the current directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelError {
    /// The path lies outside the current directory.
    OutsideCurrentDirectory,
}

impl fmt::Display for LabelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelError::OutsideCurrentDirectory => f.write_str(
                "the file lies outside the current directory, so a patch applied from here cannot name it",
            ),
        }
    }
}

impl std::error::Error for LabelError {}

/// The path of a document as a patch applied from `cwd` names it: relative to
/// `cwd`, `/`-separated, without `.` components. `cwd` should be absolute; an
/// absolute `path` must lie under it.
pub fn patch_label(path: &Path, cwd: &Path) -> Result<String, LabelError> {
    let relative = if path.is_absolute() {
        path.strip_prefix(cwd)
            .map_err(|_| LabelError::OutsideCurrentDirectory)?
    } else {
        path
    };
    let mut parts: Vec<String> = Vec::new();
    for c in relative.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(LabelError::OutsideCurrentDirectory);
                }
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::RootDir | Component::Prefix(_) => {
                return Err(LabelError::OutsideCurrentDirectory);
            }
        }
    }
    if parts.is_empty() {
        return Err(LabelError::OutsideCurrentDirectory);
    }
    Ok(parts.join("/"))
}

/// A file name as written on a patch's `---` and `+++` lines: as it is, or in
/// double quotes with C escapes (the convention `git apply` and GNU `patch`
/// both read) when it holds white space, quotes, backslashes, control or
/// non-ASCII characters.
pub fn quote_name(name: &str) -> String {
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
    if plain {
        return name.to_string();
    }
    let mut q = String::from("\"");
    for b in name.bytes() {
        match b {
            b'"' => q.push_str("\\\""),
            b'\\' => q.push_str("\\\\"),
            b'\t' => q.push_str("\\t"),
            b'\n' => q.push_str("\\n"),
            b' ' => q.push(' '),
            b if b.is_ascii_graphic() => q.push(b as char),
            b => q.push_str(&format!("\\{b:03o}")),
        }
    }
    q.push('"');
    q
}

/// A unified diff of one file: `--- a/LABEL`, `+++ b/LABEL` and the hunks
/// that turn `old` into [`apply`]`(old, edits)`, with [`CONTEXT_LINES`] of
/// context. Applied with `git apply` or `patch -p1` from the folder `label` is
/// relative to. Bytes are written as they are (CRLF line endings, invalid
/// UTF-8); a last line without a line break is marked `\ No newline at end of
/// file`. Empty when there are no edits.
pub fn file_patch(label: &str, old: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::new();
    if edits.is_empty() {
        return out;
    }
    let lines = split_lines(old);
    let blocks = blocks(old, &lines, edits);
    out.extend_from_slice(format!("--- {}\n", quote_name(&format!("a/{label}"))).as_bytes());
    out.extend_from_slice(format!("+++ {}\n", quote_name(&format!("b/{label}"))).as_bytes());
    let n = lines.len();
    let mut delta: isize = 0;
    let mut i = 0;
    while i < blocks.len() {
        let mut j = i + 1;
        while j < blocks.len() && blocks[j].a - blocks[j - 1].b <= 2 * CONTEXT_LINES {
            j += 1;
        }
        let group = &blocks[i..j];
        let from = group[0].a.saturating_sub(CONTEXT_LINES);
        let to = (group[group.len() - 1].b + CONTEXT_LINES).min(n);
        let mut body = Vec::new();
        let mut old_count = 0;
        let mut new_count = 0;
        let mut at = from;
        for block in group {
            for l in &lines[at..block.a] {
                push_line(&mut body, b' ', &old[l.0..l.1]);
            }
            for l in &lines[block.a..block.b] {
                push_line(&mut body, b'-', &old[l.0..l.1]);
            }
            let new_lines = split_lines(&block.new);
            for l in &new_lines {
                push_line(&mut body, b'+', &block.new[l.0..l.1]);
            }
            old_count += block.a - at + block.b - block.a;
            new_count += block.a - at + new_lines.len();
            at = block.b;
        }
        for l in &lines[at..to] {
            push_line(&mut body, b' ', &old[l.0..l.1]);
        }
        old_count += to - at;
        new_count += to - at;
        let new_from = (from as isize + delta) as usize;
        delta += new_count as isize - old_count as isize;
        let start = |first: usize, count: usize| if count == 0 { first } else { first + 1 };
        out.extend_from_slice(
            format!(
                "@@ -{},{} +{},{} @@\n",
                start(from, old_count),
                old_count,
                start(new_from, new_count),
                new_count
            )
            .as_bytes(),
        );
        out.extend_from_slice(&body);
        i = j;
    }
    out
}

/// Byte ranges of the lines of `bytes`, each with its `\n` (the last one may
/// lack it).
fn split_lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            lines.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        lines.push((start, bytes.len()));
    }
    lines
}

fn push_line(out: &mut Vec<u8>, mark: u8, line: &[u8]) {
    out.push(mark);
    out.extend_from_slice(line);
    if !line.ends_with(b"\n") {
        out.extend_from_slice(b"\n\\ No newline at end of file\n");
    }
}

/// Old lines `a..b` replaced by the bytes `new`.
struct Block {
    a: usize,
    b: usize,
    new: Vec<u8>,
}

/// Groups edits into blocks of whole old lines: edits that touch one line
/// share a block, and a block whose new text does not end a line takes in the
/// next old line.
fn blocks(old: &[u8], lines: &[(usize, usize)], edits: &[Edit]) -> Vec<Block> {
    let n = lines.len();
    let line_of = |pos: usize| lines.partition_point(|l| l.1 <= pos);
    let span = |e: &Edit| -> (usize, usize) {
        let a = if e.start < old.len() {
            line_of(e.start)
        } else if old.ends_with(b"\n") || old.is_empty() {
            n
        } else {
            n - 1
        };
        let b = if e.end > e.start {
            line_of(e.end - 1) + 1
        } else {
            (a + 1).min(n)
        };
        (a, b.max(a))
    };
    let bytes_of = |a: usize, b: usize| -> (usize, usize) {
        if a == n {
            (old.len(), old.len())
        } else {
            (lines[a].0, lines[b - 1].1)
        }
    };
    let mut out: Vec<Block> = Vec::new();
    let mut k = 0;
    while k < edits.len() {
        let (a, mut b) = span(&edits[k]);
        let mut last = k + 1;
        loop {
            while last < edits.len() && span(&edits[last]).0 < b {
                b = b.max(span(&edits[last]).1);
                last += 1;
            }
            let (from, to) = bytes_of(a, b);
            let new = apply_within(old, from, to, &edits[k..last]);
            if !new.is_empty() && !new.ends_with(b"\n") && b < n {
                b += 1;
                continue;
            }
            out.push(Block { a, b, new });
            break;
        }
        k = last;
    }
    out
}

/// The bytes `from..to` of `old` with edits (all inside that range) applied.
fn apply_within(old: &[u8], from: usize, to: usize, edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = from;
    for e in edits {
        out.extend_from_slice(&old[at..e.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        at = e.end;
    }
    out.extend_from_slice(&old[at..to]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Finding, Repair};

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            findings: vec![0],
            start,
            end,
            replacement: replacement.to_string(),
        }
    }

    fn finding(
        doc: usize,
        kind: Kind,
        severity: Severity,
        repair: Option<(usize, usize, &str)>,
    ) -> Finding {
        let (start, end) = repair.map_or((0, 0), |r| (r.0, r.1));
        Finding {
            kind,
            severity,
            doc,
            family: 0,
            start,
            end,
            reference: None,
            repair: repair.map(|(start, end, replacement)| Repair {
                start,
                end,
                replacement: replacement.to_string(),
            }),
            message: String::new(),
        }
    }

    fn report(findings: Vec<Finding>) -> Report {
        Report {
            documents: vec![
                Document::new("a/one.txt", b"0123456789\nabcdefghij\n".to_vec()),
                Document::new("a/two.txt", b"hello world\n".to_vec()),
            ],
            findings,
            ..Report::default()
        }
    }

    #[test]
    fn plan_selects_errors_by_default_and_kinds_on_request() {
        let r = report(vec![
            finding(0, Kind::Splice, Severity::Error, Some((2, 2, "X"))),
            finding(0, Kind::Variant, Severity::Info, None),
            finding(1, Kind::Truncation, Severity::Warning, None),
            finding(1, Kind::Encoding, Severity::Error, Some((5, 6, ""))),
        ]);
        let p = plan(&r, &Selection::default());
        assert_eq!(p.files.len(), 2);
        assert_eq!(p.repaired(), 2);
        assert!(p.skipped.is_empty());
        let only = Selection {
            kinds: vec![Kind::Truncation, Kind::Encoding],
            min_severity: Severity::Warning,
        };
        let p = plan(&r, &only);
        assert_eq!(p.files.len(), 1);
        assert_eq!(p.files[0].doc, 1);
        assert_eq!(
            p.skipped,
            vec![Skipped {
                finding: 2,
                reason: SkipReason::NoRepair
            }]
        );
    }

    #[test]
    fn overlapping_repairs_are_refused_and_the_rest_kept() {
        let r = report(vec![
            finding(0, Kind::Mojibake, Severity::Error, Some((1, 5, "x"))),
            finding(0, Kind::Encoding, Severity::Error, Some((4, 6, ""))),
            finding(0, Kind::Splice, Severity::Error, Some((8, 8, "y"))),
            finding(0, Kind::Splice, Severity::Error, Some((12, 12, "p"))),
            finding(0, Kind::Truncation, Severity::Error, Some((12, 12, "q"))),
            finding(1, Kind::Splice, Severity::Error, Some((5, 5, " big"))),
            finding(1, Kind::Splice, Severity::Error, Some((5, 5, " big"))),
        ]);
        let p = plan(&r, &Selection::default());
        let skipped: Vec<usize> = p.skipped.iter().map(|s| s.finding).collect();
        assert_eq!(skipped, vec![0, 1, 3, 4]);
        assert!(matches!(
            p.skipped[0].reason,
            SkipReason::Overlap { other: 1 }
        ));
        assert_eq!(p.files[0].edits.len(), 1);
        assert_eq!(p.files[0].edits[0].findings, vec![2]);
        assert_eq!(p.files[1].edits[0].findings, vec![5, 6], "one shared edit");
        assert_eq!(p.repaired(), 3);
    }

    #[test]
    fn out_of_range_repairs_are_skipped() {
        let r = report(vec![finding(
            1,
            Kind::Splice,
            Severity::Error,
            Some((5, 99, "")),
        )]);
        let p = plan(&r, &Selection::default());
        assert!(p.files.is_empty());
        assert_eq!(p.skipped[0].reason, SkipReason::OutOfRange);
    }

    #[test]
    fn apply_keeps_every_byte_outside_the_edits() {
        let old = b"ab\xffcd\r\nef";
        let new = apply(old, &[edit(0, 0, "<"), edit(2, 3, ""), edit(9, 9, ">")]);
        assert_eq!(new, b"<abcd\r\nef>");
    }

    #[test]
    fn labels_are_relative_to_the_current_directory() {
        let cwd = Path::new("/work/x");
        assert_eq!(patch_label(Path::new("./c/a.txt"), cwd).unwrap(), "c/a.txt");
        assert_eq!(
            patch_label(Path::new("c/../d/a.txt"), cwd).unwrap(),
            "d/a.txt"
        );
        assert_eq!(
            patch_label(Path::new("/work/x/c/a.txt"), cwd).unwrap(),
            "c/a.txt"
        );
        assert!(patch_label(Path::new("/elsewhere/a.txt"), cwd).is_err());
        assert!(patch_label(Path::new("../a.txt"), cwd).is_err());
    }

    #[test]
    fn names_with_spaces_or_non_ascii_are_quoted() {
        assert_eq!(quote_name("a/c/x.txt"), "a/c/x.txt");
        assert_eq!(quote_name("a/my file.txt"), "\"a/my file.txt\"");
        assert_eq!(
            quote_name("a/caf\u{e9}\".txt"),
            "\"a/caf\\303\\251\\\".txt\""
        );
    }

    fn patch(old: &str, edits: &[Edit]) -> String {
        String::from_utf8(file_patch("f.txt", old.as_bytes(), edits)).unwrap()
    }

    #[test]
    fn a_mid_line_insertion_is_one_hunk_with_context() {
        let old = "1\n2\n3\n4\nfive six\n6\n7\n8\n9\n";
        let at = old.find("six").unwrap();
        assert_eq!(
            patch(old, &[edit(at, at, "and ")]),
            "--- a/f.txt\n+++ b/f.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-five six\n+five and six\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn distant_edits_get_separate_hunks_with_shifted_new_lines() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let two = old.find("2\n").unwrap();
        let fifteen = old.find("15\n").unwrap();
        let p = patch(
            old.as_str(),
            &[
                edit(two, two + 2, "2\nnew\n"),
                edit(fifteen, fifteen + 3, ""),
            ],
        );
        assert!(
            p.contains("@@ -1,5 +1,6 @@\n 1\n-2\n+2\n+new\n 3\n 4\n 5\n"),
            "{p}"
        );
        assert!(
            p.contains("@@ -12,7 +13,6 @@\n 12\n 13\n 14\n-15\n 16\n"),
            "{p}"
        );
    }

    #[test]
    fn deleting_a_line_break_takes_in_the_next_line() {
        let old = "a\nb\nc\n";
        assert_eq!(
            patch(old, &[edit(1, 2, " ")]),
            "--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,2 @@\n-a\n-b\n+a b\n c\n"
        );
    }

    #[test]
    fn missing_final_line_breaks_are_marked() {
        assert_eq!(
            patch("a\nbc", &[edit(4, 4, " d")]),
            "--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n a\n-bc\n\\ No newline at end of file\n+bc d\n\\ No newline at end of file\n"
        );
        assert_eq!(
            patch("a\nb\n", &[edit(4, 4, "c")]),
            "--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,3 @@\n a\n b\n+c\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn crlf_and_invalid_bytes_pass_through() {
        let old = b"one\r\ntw\xffo\r\n";
        let p = file_patch("f.txt", old, &[edit(7, 8, "")]);
        assert_eq!(
            p,
            b"--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n one\r\n-tw\xffo\r\n+two\r\n".to_vec()
        );
    }
}
