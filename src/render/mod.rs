//! Render stage: writes a [`Report`] in one of the output [`Format`]s (human
//! diagnostics, JSON, JSON Lines, SARIF, GitHub annotations, an HTML review
//! page).
//!
//! Every format renders the same [`Finding`]s; line and column are computed
//! here, from the document bytes, and nowhere else.
//!
//! [`render`] writes a whole [`Report`]; a [`Streamer`] writes the chunks of
//! a streaming audit ([`crate::stream`]) as they come, with the same result.

mod github;
mod html;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

use crate::settings::Suppressed;
use crate::stream::{Chunk, Keep};
use crate::{Finding, Problem, Report, Severity};

pub use github::{annotation, escape_data, escape_property};
pub use json::{FORMAT_VERSION, JsonFinding, finding_json};
pub use sarif::{FINGERPRINT_KEY, SARIF_SCHEMA, SARIF_VERSION, SRCROOT};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style diagnostics for people.
    Human,
    /// One JSON document with families, findings and a summary.
    Json,
    /// One JSON object per finding, one per line.
    Jsonl,
    /// A SARIF 2.1.0 log, for code scanning.
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=…::message`).
    Github,
    /// One self-contained HTML page for editors: per family, each copy beside
    /// its reference, findings highlighted, repairs to copy.
    Html,
}

/// What to render and how.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// The output format.
    pub format: Format,
    /// Findings below this severity are left out.
    pub min_severity: Severity,
    /// Use ANSI colours (human format only).
    pub color: bool,
}

/// Writes the report.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity >= options.min_severity)
        .collect();
    match options.format {
        Format::Human => human::render(report, &shown, options.color, out),
        Format::Json => json::render_document(report, &shown, out),
        Format::Jsonl => json::render_lines(report, &shown, out),
        Format::Sarif => sarif::render(report, &shown, out),
        Format::Github => github::render(report, &shown, out),
        Format::Html => html::render(report, &shown, out),
    }
}

/// The end of a summary line saying how many findings were suppressed
/// (empty when none were).
fn suppressed_note(s: Suppressed) -> String {
    match (s.baseline, s.config) {
        (0, 0) => String::new(),
        (b, 0) => format!("; {b} suppressed by the baseline"),
        (0, c) => format!("; {c} suppressed by the configuration"),
        (b, c) => format!(
            "; {} suppressed ({b} by the baseline, {c} by the configuration)",
            b + c
        ),
    }
}

/// The figures of a summary line, which counts every finding (not only
/// those shown), summed over the chunks of a streaming audit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Documents audited.
    pub documents: usize,
    /// Families of two or more copies.
    pub copies: usize,
    /// Documents with no sibling copy.
    pub singletons: usize,
    /// Every finding, by severity.
    pub findings: Counts,
    /// The most serious severity among the findings, if any.
    pub worst: Option<Severity>,
    /// Findings left out because they were known and accepted.
    pub suppressed: Suppressed,
}

impl Totals {
    /// The totals of a report (or of one chunk of one).
    pub fn of(report: &Report) -> Totals {
        let copies = report.families.iter().filter(|f| !f.is_singleton()).count();
        Totals {
            documents: report.documents.len(),
            copies,
            singletons: report.families.len() - copies,
            findings: Counts::of(&report.findings),
            worst: report.worst(),
            suppressed: report.suppressed,
        }
    }

    /// Adds the totals of the next chunk.
    pub fn add(&mut self, other: &Totals) {
        self.documents += other.documents;
        self.copies += other.copies;
        self.singletons += other.singletons;
        self.findings.add(other.findings);
        self.worst = self.worst.max(other.worst);
        self.suppressed.config += other.suppressed.config;
        self.suppressed.baseline += other.suppressed.baseline;
    }
}

/// Renders a streaming audit chunk by chunk ([`crate::stream::audit`]), with
/// the same output [`render`] gives for the whole report. Human, JSON Lines,
/// JSON and SARIF findings are written as each chunk comes (a JSON document
/// holds the families' names, and SARIF nothing, until the end); GitHub
/// annotations are held as text until the end (the paths not audited come
/// first); the HTML page shows families side by side, so its chunks are put
/// together into a report first (with the bytes [`Streamer::keep`] says).
pub struct Streamer<'w> {
    options: RenderOptions,
    out: &'w mut dyn Write,
    totals: Totals,
    cwd: std::path::PathBuf,
    held: Held,
}

enum Held {
    Nothing,
    Lines(Vec<String>),
    Json(json::DocumentWriter),
    Sarif(sarif::LogWriter),
    Report(Box<Report>),
}

impl<'w> Streamer<'w> {
    /// A streamer writing to `out`; JSON and SARIF output starts at once.
    pub fn new(options: RenderOptions, out: &'w mut dyn Write) -> io::Result<Streamer<'w>> {
        let cwd = crate::paths::from_cwd(std::path::Path::new("."));
        let held = match options.format {
            Format::Human | Format::Jsonl => Held::Nothing,
            Format::Github => Held::Lines(Vec::new()),
            Format::Json => Held::Json(json::DocumentWriter::begin(out)?),
            Format::Sarif => Held::Sarif(sarif::LogWriter::begin(&cwd, out)?),
            Format::Html => Held::Report(Box::default()),
        };
        Ok(Streamer {
            options,
            out,
            totals: Totals::default(),
            cwd,
            held,
        })
    }

    /// The documents whose bytes rendering needs: those with findings shown,
    /// and the references those findings point to.
    pub fn keep(&self) -> Keep {
        Keep::Findings(self.options.min_severity)
    }

    /// Renders (or holds) the next chunk.
    pub fn chunk(&mut self, chunk: Chunk) -> io::Result<()> {
        let report = &chunk.report;
        self.totals.add(&Totals::of(report));
        let shown: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity >= self.options.min_severity)
            .collect();
        match &mut self.held {
            Held::Nothing => match self.options.format {
                Format::Jsonl => json::render_lines(report, &shown, self.out),
                _ => human::findings(report, &shown, self.options.color, self.out),
            },
            Held::Lines(lines) => {
                lines.extend(
                    shown
                        .iter()
                        .map(|f| github::annotation(report, f, &self.cwd)),
                );
                Ok(())
            }
            Held::Json(writer) => writer.chunk(report, &shown, self.out),
            Held::Sarif(writer) => writer.chunk(report, &shown, &self.cwd, self.out),
            Held::Report(whole) => {
                whole.append(chunk);
                Ok(())
            }
        }
    }

    /// Writes what follows the findings (and, for the formats held, all
    /// of it), given the paths not audited and what grouping did. Returns
    /// the totals of the audit.
    pub fn finish(self, problems: &[Problem], grouping: crate::group::Stats) -> io::Result<Totals> {
        match self.held {
            Held::Nothing => {
                if self.options.format == Format::Human {
                    human::summary(&self.totals, problems.len(), self.options.color, self.out)?;
                }
            }
            Held::Lines(lines) => {
                github::problems(problems, &self.cwd, self.out)?;
                for line in lines {
                    writeln!(self.out, "{line}")?;
                }
                github::summary(&self.totals, self.out)?;
            }
            Held::Json(writer) => writer.finish(problems, self.totals.suppressed, self.out)?,
            Held::Sarif(writer) => writer.finish(
                problems,
                self.totals.documents,
                self.totals.suppressed,
                &self.cwd,
                self.out,
            )?,
            Held::Report(mut whole) => {
                whole.problems = problems.to_vec();
                whole.grouping = grouping;
                render(&whole, &self.options, self.out)?;
            }
        }
        Ok(self.totals)
    }
}

/// A 1-based line and column (in characters) of a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// The line and column of byte `at` in `bytes`.
pub fn position(bytes: &[u8], at: usize) -> Position {
    let at = at.min(bytes.len());
    let before = &bytes[..at];
    let line_start = crate::tokenize::line_start(bytes, at);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = crate::tokenize::lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position { line, column }
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// Counts the findings.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }

    /// Adds the counts of more findings.
    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\n\u{e9}t\u{e9} x\r\nz";
        assert_eq!(
            position(text.as_bytes(), 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            position(text.as_bytes(), 3),
            Position { line: 2, column: 1 }
        );
        let x = text.find('x').unwrap();
        assert_eq!(
            position(text.as_bytes(), x),
            Position { line: 2, column: 5 }
        );
        assert_eq!(
            position(text.as_bytes(), text.len()),
            Position { line: 3, column: 2 }
        );
    }
}
