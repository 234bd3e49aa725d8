//! JSON and JSON Lines output: the machine-readable contract (docs/output.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{Counts, position};
use crate::{Finding, Kind, Report};

/// The version of the JSON output; it changes only when a field changes meaning
/// or goes away.
pub const FORMAT_VERSION: u32 = 1;

/// A finding as serialised in JSON and JSON Lines.
#[derive(Debug, Serialize)]
pub struct JsonFinding {
    /// Kind code, e.g. `splice`.
    pub kind: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// Family id.
    pub family: String,
    /// Path as the tool opened it (`FILE#ID` for a JSON Lines record).
    pub path: String,
    /// For a JSON Lines record: its file, line and id (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<JsonRecord>,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column (in characters) of `start`.
    pub column: usize,
    /// The reference bytes concerned.
    pub reference: Option<JsonReference>,
    /// The edit that restores the reference wording.
    pub repair: Option<crate::Repair>,
    /// What was found.
    pub message: String,
}

/// The JSON Lines record a finding is in.
#[derive(Debug, Serialize)]
pub struct JsonRecord {
    /// The file as named on the command line (`stdin` for standard input).
    pub file: String,
    /// The 1-based line of the record in the file.
    pub line: usize,
    /// The record's id.
    pub id: String,
}

/// A reference span in JSON.
#[derive(Debug, Serialize)]
pub struct JsonReference {
    /// Path of the reference document.
    pub path: String,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The JSON form of one finding.
pub fn finding_json(report: &Report, f: &Finding) -> JsonFinding {
    let doc = &report.documents[f.doc];
    let pos = position(&doc.bytes, f.start);
    JsonFinding {
        kind: f.kind.code(),
        severity: f.severity.as_str(),
        family: report.families[f.family].id.clone(),
        path: doc.display_path(),
        record: doc.record.as_ref().map(|r| JsonRecord {
            file: r.file.clone(),
            line: r.line,
            id: r.id.clone(),
        }),
        start: f.start,
        end: f.end,
        line: pos.line,
        column: pos.column,
        reference: f.reference.as_ref().map(|r| JsonReference {
            path: report.documents[r.doc].display_path(),
            start: r.start,
            end: r.end,
        }),
        repair: f.repair.clone(),
        message: f.message.clone(),
    }
}

#[derive(Serialize)]
struct JsonFamily {
    id: String,
    reference: Option<String>,
    members: Vec<String>,
}

#[derive(Serialize)]
struct JsonProblem {
    path: String,
    message: String,
    fatal: bool,
}

#[derive(Serialize)]
struct JsonSummary {
    documents: usize,
    families: usize,
    singletons: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    by_kind: std::collections::BTreeMap<&'static str, usize>,
    problems: usize,
    suppressed: JsonSuppressed,
}

#[derive(Serialize)]
struct JsonSuppressed {
    config: usize,
    baseline: usize,
}

#[derive(Serialize)]
struct JsonDocument {
    version: u32,
    families: Vec<JsonFamily>,
    findings: Vec<JsonFinding>,
    problems: Vec<JsonProblem>,
    summary: JsonSummary,
}

pub(super) fn render_document(
    report: &Report,
    shown: &[&Finding],
    out: &mut dyn Write,
) -> io::Result<()> {
    let counts = Counts::of(shown.iter().copied());
    let mut by_kind = std::collections::BTreeMap::new();
    for k in Kind::ALL {
        let n = shown.iter().filter(|f| f.kind == k).count();
        if n > 0 {
            by_kind.insert(k.code(), n);
        }
    }
    let doc = JsonDocument {
        version: FORMAT_VERSION,
        families: report
            .families
            .iter()
            .map(|f| JsonFamily {
                id: f.id.clone(),
                reference: f.reference.map(|r| report.documents[r].display_path()),
                members: f
                    .members
                    .iter()
                    .map(|&m| report.documents[m].display_path())
                    .collect(),
            })
            .collect(),
        findings: shown.iter().map(|f| finding_json(report, f)).collect(),
        problems: report
            .problems
            .iter()
            .map(|p| JsonProblem {
                path: p.path.display().to_string(),
                message: p.message.clone(),
                fatal: p.fatal,
            })
            .collect(),
        summary: JsonSummary {
            documents: report.documents.len(),
            families: report.families.iter().filter(|f| !f.is_singleton()).count(),
            singletons: report.families.iter().filter(|f| f.is_singleton()).count(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            by_kind,
            problems: report.problems.len(),
            suppressed: JsonSuppressed {
                config: report.suppressed.config,
                baseline: report.suppressed.baseline,
            },
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub(super) fn render_lines(
    report: &Report,
    shown: &[&Finding],
    out: &mut dyn Write,
) -> io::Result<()> {
    for f in shown {
        serde_json::to_writer(&mut *out, &finding_json(report, f))?;
        writeln!(out)?;
    }
    Ok(())
}
