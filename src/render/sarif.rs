//! SARIF 2.1.0 output, for code scanning services.
//!
//! One run; one rule per [`Kind`] (its code, description and default level);
//! one result per finding, whose region carries both the byte range
//! (`byteOffset`, `byteLength`) and the line and column range (columns count
//! Unicode code points, from 1; the end column is one past the last
//! character), the reference span as a related location, the repair as a fix
//! and the baseline fingerprint as a partial fingerprint. Paths inside the
//! current directory are relative URIs against the `%SRCROOT%` base, others
//! absolute `file:` URIs. Paths that were not audited are tool notifications.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::json::{ArrayWriter, pretty_at};
use super::position;
use crate::settings::Suppressed;
use crate::{Finding, Kind, Problem, Report, Severity, paths};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

/// The schema the output follows.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base URI id relative artifact locations are resolved against.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of the baseline fingerprint in each result's `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "splicecheck/v1";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a `/`-separated path for a URI (unreserved characters and
/// `/` stay as they are).
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `file:` URI for an absolute path (a folder's ends in `/`).
fn file_uri(abs: &Path, folder: bool) -> String {
    let mut slash = paths::to_slash(abs);
    if !slash.starts_with('/') {
        slash.insert(0, '/');
    }
    if folder && !slash.ends_with('/') {
        slash.push('/');
    }
    format!("file://{}", encode(&slash))
}

/// Where an artifact is: relative to `%SRCROOT%` (the current directory)
/// when inside it, else an absolute URI.
fn artifact(path: &Path, cwd: &Path) -> Value {
    let abs = paths::absolute(path, cwd);
    match paths::inside(&abs, cwd) {
        Some(rel) if !rel.as_os_str().is_empty() => {
            json!({"uri": encode(&paths::to_slash(&rel)), "uriBaseId": SRCROOT})
        }
        _ => json!({"uri": file_uri(&abs, false)}),
    }
}

/// The text and byte region of `start..end` in `bytes`.
fn region(bytes: &[u8], start: usize, end: usize) -> Value {
    let (s, e) = (position(bytes, start), position(bytes, end));
    json!({
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": e.line,
        "endColumn": e.column,
        "byteOffset": start,
        "byteLength": end - start,
    })
}

fn rule_name(k: Kind) -> String {
    k.code()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn rules() -> Vec<Value> {
    Kind::ALL
        .iter()
        .map(|&k| {
            json!({
                "id": k.code(),
                "name": rule_name(k),
                "shortDescription": {"text": k.description()},
                "fullDescription": {"text": format!("{}: {}.", k.code(), k.description())},
                "defaultConfiguration": {"level": level(k.default_severity())},
                "help": {"text": format!(
                    "splicecheck reports `{}` findings with byte offsets into the file as it is on disk; \
                     see docs/output.md for the kinds, their repairs and the exit status.",
                    k.code()
                )},
            })
        })
        .collect()
}

fn result(report: &Report, f: &Finding, cwd: &Path) -> Value {
    let doc = &report.documents[f.doc];
    let location = artifact(&doc.path, cwd);
    let rule_index = Kind::ALL.iter().position(|&k| k == f.kind).unwrap_or(0);
    let rel = paths::to_slash(
        &paths::relative_to(&paths::absolute(&doc.path, cwd), cwd).unwrap_or(doc.path.clone()),
    );
    let mut r = json!({
        "ruleId": f.kind.code(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": region(&doc.bytes, f.start, f.end),
            }
        }],
        "partialFingerprints": {FINGERPRINT_KEY: crate::baseline::fingerprint(report, f, &rel)},
        "properties": {"family": report.families[f.family].id},
    });
    if let Some(reference) = &f.reference {
        let rdoc = &report.documents[reference.doc];
        let what = if f.kind == Kind::Splice || f.kind == Kind::Truncation {
            "the reference copy, with the text missing here"
        } else {
            "the reference copy"
        };
        r["relatedLocations"] = json!([{
            "id": 1,
            "physicalLocation": {
                "artifactLocation": artifact(&rdoc.path, cwd),
                "region": region(&rdoc.bytes, reference.start, reference.end),
            },
            "message": {"text": what},
        }]);
    }
    if let Some(fix) = &f.repair {
        let description = if fix.start == fix.end {
            format!("insert the reference text at byte {}", fix.start)
        } else if fix.replacement.is_empty() {
            format!("delete bytes {}..{}", fix.start, fix.end)
        } else {
            format!("replace bytes {}..{}", fix.start, fix.end)
        };
        r["fixes"] = json!([{
            "description": {"text": description},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{
                    "deletedRegion": {"byteOffset": fix.start, "byteLength": fix.end - fix.start},
                    "insertedContent": {"text": fix.replacement},
                }],
            }],
        }]);
    }
    r
}

/// The SARIF log, written as the findings come: the tool and its rules
/// first, then each result, then what needs the whole audit (the paths not
/// audited, as notifications, and the counts). Nothing is held between chunks.
pub(super) struct LogWriter {
    results: ArrayWriter,
}

impl LogWriter {
    /// Writes the log up to its results, with artifact paths relative to
    /// `cwd` (absolute) where they lie inside it.
    pub(super) fn begin(cwd: &Path, out: &mut dyn Write) -> io::Result<LogWriter> {
        let tool = json!({"driver": {
            "name": "splicecheck",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules(),
        }});
        let bases = json!({SRCROOT: {"uri": file_uri(cwd, true)}});
        write!(
            out,
            "{{\n  \"$schema\": {},\n  \"version\": {},\n  \"runs\": [\n    {{\n      \"tool\": {},\n      \"originalUriBaseIds\": {},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ",
            json!(SARIF_SCHEMA),
            json!(SARIF_VERSION),
            pretty_at(&tool, 6)?,
            pretty_at(&bases, 6)?,
        )?;
        Ok(LogWriter {
            results: ArrayWriter::open(8, out)?,
        })
    }

    /// Writes the results of the findings shown of a report (or of one
    /// chunk of a streaming audit).
    pub(super) fn chunk(
        &mut self,
        report: &Report,
        shown: &[&Finding],
        cwd: &Path,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for f in shown {
            self.results.item(&result(report, f, cwd), out)?;
        }
        Ok(())
    }

    /// Writes the rest of the log.
    pub(super) fn finish(
        self,
        problems: &[Problem],
        documents: usize,
        suppressed: Suppressed,
        cwd: &Path,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.results.close(out)?;
        let notifications: Vec<Value> = problems
            .iter()
            .map(|p| {
                json!({
                    "level": if p.fatal { "error" } else { "warning" },
                    "message": {"text": format!("{}: {}", p.path.display(), p.message)},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact(&p.path, cwd)}}],
                })
            })
            .collect();
        let invocations = json!([{
            "executionSuccessful": !problems.iter().any(|p| p.fatal),
            "toolExecutionNotifications": notifications,
        }]);
        let properties = json!({
            "documents": documents,
            "suppressed": {
                "config": suppressed.config,
                "baseline": suppressed.baseline,
            },
        });
        writeln!(
            out,
            ",\n      \"invocations\": {},\n      \"properties\": {}\n    }}\n  ]\n}}",
            pretty_at(&invocations, 6)?,
            pretty_at(&properties, 6)?,
        )
    }
}

pub(super) fn render(report: &Report, shown: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    let cwd = paths::from_cwd(Path::new("."));
    let mut writer = LogWriter::begin(&cwd, out)?;
    writer.chunk(report, shown, &cwd, out)?;
    writer.finish(
        &report.problems,
        report.documents.len(),
        report.suppressed,
        &cwd,
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_inside_the_current_directory() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            artifact(Path::new("corpus/a b/x#1.txt"), cwd),
            json!({"uri": "corpus/a%20b/x%231.txt", "uriBaseId": SRCROOT})
        );
        assert_eq!(
            artifact(Path::new("/work/other/x.txt"), cwd),
            json!({"uri": "file:///work/other/x.txt"})
        );
        assert_eq!(file_uri(cwd, true), "file:///work/repo/");
    }

    #[test]
    fn regions_carry_bytes_and_characters() {
        let text = "ab\n\u{e9}t\u{e9} x";
        let x = text.find('x').unwrap();
        assert_eq!(
            region(text.as_bytes(), 3, x),
            json!({"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 5,
                   "byteOffset": 3, "byteLength": x - 3})
        );
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name(Kind::Splice), "Splice");
        assert!(rules().len() == Kind::ALL.len());
    }
}
