//! Render stage: writes a [`Report`] in one of the output [`Format`]s (human
//! diagnostics, JSON, JSON Lines, SARIF, GitHub annotations, an HTML review
//! page).
//!
//! Every format renders the same [`Finding`]s; line and column are computed
//! here, from the document bytes, and nowhere else.

mod github;
mod html;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};

use crate::{Finding, Report, Severity};

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
fn suppressed_note(report: &Report) -> String {
    let s = report.suppressed;
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
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
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
