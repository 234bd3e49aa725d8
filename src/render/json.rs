//! JSON and JSON Lines output: the machine-readable contract (docs/output.md).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Counts, position};
use crate::settings::Suppressed;
use crate::{Finding, Problem, Report};

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
    by_kind: BTreeMap<&'static str, usize>,
    problems: usize,
    suppressed: JsonSuppressed,
}

#[derive(Serialize)]
struct JsonSuppressed {
    config: usize,
    baseline: usize,
}

/// Pretty JSON of `value`, its lines after the first indented by `indent`
/// spaces, to sit inside a document written piece by piece. (JSON strings
/// escape their line breaks, so every line break is layout.)
pub(super) fn pretty_at<T: Serialize + ?Sized>(value: &T, indent: usize) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(text.replace('\n', &format!("\n{}", " ".repeat(indent))))
}

/// One JSON array written an item at a time, in the layout of
/// `serde_json`'s pretty printer.
pub(super) struct ArrayWriter {
    indent: usize,
    items: usize,
}

impl ArrayWriter {
    /// Writes the opening bracket of an array whose items sit `indent` spaces in.
    pub(super) fn open(indent: usize, out: &mut dyn Write) -> io::Result<ArrayWriter> {
        write!(out, "[")?;
        Ok(ArrayWriter { indent, items: 0 })
    }

    /// Writes the next item.
    pub(super) fn item<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let sep = if self.items == 0 { "" } else { "," };
        write!(
            out,
            "{sep}\n{:w$}{}",
            "",
            pretty_at(value, self.indent)?,
            w = self.indent
        )?;
        self.items += 1;
        Ok(())
    }

    /// Writes the closing bracket.
    pub(super) fn close(self, out: &mut dyn Write) -> io::Result<()> {
        if self.items > 0 {
            write!(out, "\n{:w$}", "", w = self.indent - 2)?;
        }
        write!(out, "]")
    }
}

/// The JSON document, written as the findings come: the findings first, then
/// what needs the whole audit (the families, the paths not audited, the
/// summary). A streaming audit holds only the families' names until the end.
pub(super) struct DocumentWriter {
    findings: ArrayWriter,
    counts: Counts,
    by_kind: BTreeMap<&'static str, usize>,
    families: Vec<JsonFamily>,
    documents: usize,
    singletons: usize,
}

impl DocumentWriter {
    /// Writes the document's opening.
    pub(super) fn begin(out: &mut dyn Write) -> io::Result<DocumentWriter> {
        write!(
            out,
            "{{\n  \"version\": {FORMAT_VERSION},\n  \"findings\": "
        )?;
        Ok(DocumentWriter {
            findings: ArrayWriter::open(4, out)?,
            counts: Counts::default(),
            by_kind: BTreeMap::new(),
            families: Vec::new(),
            documents: 0,
            singletons: 0,
        })
    }

    /// Writes the findings shown of a report (or of one chunk of a
    /// streaming audit) and keeps its families.
    pub(super) fn chunk(
        &mut self,
        report: &Report,
        shown: &[&Finding],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for f in shown {
            self.findings.item(&finding_json(report, f), out)?;
            *self.by_kind.entry(f.kind.code()).or_insert(0) += 1;
        }
        self.counts.add(Counts::of(shown.iter().copied()));
        self.documents += report.documents.len();
        self.singletons += report.families.iter().filter(|f| f.is_singleton()).count();
        self.families.extend(report.families.iter().map(|f| {
            JsonFamily {
                id: f.id.clone(),
                reference: f.reference.map(|r| report.documents[r].display_path()),
                members: f
                    .members
                    .iter()
                    .map(|&m| report.documents[m].display_path())
                    .collect(),
            }
        }));
        Ok(())
    }

    /// Writes the rest of the document.
    pub(super) fn finish(
        self,
        problems: &[Problem],
        suppressed: Suppressed,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.findings.close(out)?;
        let problems: Vec<JsonProblem> = problems
            .iter()
            .map(|p| JsonProblem {
                path: p.path.display().to_string(),
                message: p.message.clone(),
                fatal: p.fatal,
            })
            .collect();
        let summary = JsonSummary {
            documents: self.documents,
            families: self.families.len() - self.singletons,
            singletons: self.singletons,
            errors: self.counts.errors,
            warnings: self.counts.warnings,
            infos: self.counts.infos,
            by_kind: self.by_kind,
            problems: problems.len(),
            suppressed: JsonSuppressed {
                config: suppressed.config,
                baseline: suppressed.baseline,
            },
        };
        write!(out, ",\n  \"families\": {}", pretty_at(&self.families, 2)?)?;
        write!(out, ",\n  \"problems\": {}", pretty_at(&problems, 2)?)?;
        writeln!(out, ",\n  \"summary\": {}\n}}", pretty_at(&summary, 2)?)
    }
}

pub(super) fn render_document(
    report: &Report,
    shown: &[&Finding],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = DocumentWriter::begin(out)?;
    writer.chunk(report, shown, out)?;
    writer.finish(&report.problems, report.suppressed, out)
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
