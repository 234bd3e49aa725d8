//! rustc-style diagnostics for people.

use std::io::{self, Write};

use super::{Totals, position};
use crate::{Finding, Report, Severity};

/// Characters of context shown on each side of a finding.
const CONTEXT: usize = 48;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.wrap(code, s.as_str())
    }
}

pub(super) fn render(
    report: &Report,
    shown: &[&Finding],
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    findings(report, shown, color, out)?;
    summary(&Totals::of(report), report.problems.len(), color, out)
}

/// One block per finding.
pub(super) fn findings(
    report: &Report,
    shown: &[&Finding],
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Paint { on: color };
    for f in shown {
        finding(report, f, &paint, out)?;
    }
    Ok(())
}

/// The summary line: every finding counted, not only those shown.
pub(super) fn summary(
    totals: &Totals,
    problems: usize,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let paint = Paint { on: color };
    let all = totals.findings;
    writeln!(
        out,
        "{}: {} error(s), {} warning(s), {} info in {} document(s): {} family(ies) of copies, {} singleton(s){}{}",
        paint.wrap("1", "summary"),
        all.errors,
        all.warnings,
        all.infos,
        totals.documents,
        totals.copies,
        totals.singletons,
        if problems == 0 {
            String::new()
        } else {
            format!("; {problems} path(s) not audited")
        },
        super::suppressed_note(totals.suppressed)
    )
}

fn finding(report: &Report, f: &Finding, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let doc = &report.documents[f.doc];
    let pos = position(&doc.bytes, f.start);
    let span = if f.start == f.end {
        format!("byte {}", f.start)
    } else {
        format!("bytes {}..{}", f.start, f.end)
    };
    writeln!(
        out,
        "{}{}: {}",
        paint.severity(f.severity),
        paint.wrap("1", &format!("[{}]", f.kind.code())),
        f.message
    )?;
    writeln!(
        out,
        "  --> {}:{}:{} ({span})",
        doc.display_path(),
        pos.line,
        pos.column
    )?;
    let (before, inside, after) = context(&doc.bytes, f.start, f.end);
    let gutter = pos.line.to_string();
    let pad = " ".repeat(gutter.len());
    writeln!(out, "{pad} |")?;
    writeln!(
        out,
        "{} | {before}{}{after}",
        paint.wrap("1;34", &gutter),
        paint.wrap("1;31", &inside)
    )?;
    let marker = if inside.is_empty() {
        "^".to_string()
    } else {
        "^".repeat(inside.chars().count().max(1))
    };
    let label = if f.start == f.end { " here" } else { "" };
    writeln!(
        out,
        "{pad} | {}{}",
        " ".repeat(before.chars().count()),
        paint.wrap("1;31", &format!("{marker}{label}"))
    )?;
    if let Some(r) = &f.reference {
        let rdoc = &report.documents[r.doc];
        let rpos = position(&rdoc.bytes, r.start);
        writeln!(
            out,
            "{pad} = reference: {}:{}:{} (bytes {}..{})",
            rdoc.display_path(),
            rpos.line,
            rpos.column,
            r.start,
            r.end
        )?;
        if r.end > r.start {
            let text = crate::tokenize::lossy(&rdoc.bytes[r.start..r.end]);
            writeln!(out, "{pad} = reference has: {}", quote(&text, 240))?;
        }
    }
    if let Some(fix) = &f.repair {
        let what = if fix.start == fix.end {
            format!("insert at byte {}", fix.start)
        } else {
            format!("replace bytes {}..{} with", fix.start, fix.end)
        };
        writeln!(
            out,
            "{pad} = repair: {what} {}",
            quote(&fix.replacement, 240)
        )?;
    }
    writeln!(out)
}

/// Up to [`CONTEXT`] characters of the same line before and after a span,
/// and the span itself (control characters shown as spaces). A span
/// running past its first line or past [`CONTEXT`] characters is shown
/// up to there with an ellipsis, and nothing after it: the rest of its
/// last line would read as if it followed.
fn context(bytes: &[u8], start: usize, end: usize) -> (String, String, String) {
    let flat = |b: &[u8]| -> Vec<char> {
        crate::tokenize::lossy(b)
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    };
    let line_start = crate::tokenize::line_start(bytes, start);
    let first_end = crate::tokenize::line_end(bytes, start).min(end);
    let before = flat(&bytes[line_start..start]);
    let before: String = before[before.len().saturating_sub(CONTEXT)..]
        .iter()
        .collect();
    let span = flat(&bytes[start..first_end]);
    let whole = first_end == end && span.len() <= CONTEXT;
    let mut inside: String = span.into_iter().take(CONTEXT).collect();
    if !whole {
        inside = inside.trim_end().to_string();
        inside.push('\u{2026}');
        return (before, inside, String::new());
    }
    let after: String = flat(&bytes[end..crate::tokenize::line_end(bytes, end)])
        .into_iter()
        .take(CONTEXT)
        .collect();
    (before, inside, after)
}

/// `s` quoted and escaped, cut to `max` characters (with an ellipsis).
pub(super) fn quote(s: &str, max: usize) -> String {
    let mut q: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        q.push('\u{2026}');
    }
    format!("{q:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_is_shown_within_its_line() {
        let text = b"The council approved the levy.\nIt takes effect in May.\n";
        let at = 12;
        assert_eq!(
            context(text, at, at + 8),
            (
                "The council ".into(),
                "approved".into(),
                " the levy.".into()
            )
        );
    }

    #[test]
    fn a_span_past_its_line_is_cut_there_with_nothing_after() {
        // A repeated paragraph and the byline after it: the byline does not
        // follow the span's first line.
        let text = b"Ann Lee won the prize.\nAnn Lee won the prize.\nJane Doe\n";
        let (before, inside, after) = context(text, 23, 46);
        assert_eq!(before, "");
        assert_eq!(inside, "Ann Lee won the prize.\u{2026}");
        assert_eq!(after, "");
    }
}
