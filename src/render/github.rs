//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice`
//! annotation per finding (by severity), placed on the file, line and column
//! range, then a plain summary line.
//!
//! Values are escaped as the Actions runner expects: in the message `%`,
//! carriage return and line feed become `%25`, `%0D` and `%0A`; in the
//! properties (`file`, `title`) also `:` and `,` become `%3A` and `%2C`.

use std::io::{self, Write};
use std::path::Path;

use super::human::quote;
use super::{Totals, position};
use crate::{Finding, Problem, Report, Severity, paths};

/// Escapes the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The path annotations name: relative to `cwd` (where the workflow runs)
/// when inside it, else as given.
fn display(path: &Path, cwd: &Path) -> String {
    let abs = paths::absolute(path, cwd);
    match paths::inside(&abs, cwd) {
        Some(rel) if !rel.as_os_str().is_empty() => paths::to_slash(&rel),
        _ => paths::to_slash(path),
    }
}

/// The annotation of one finding, without the line end.
pub fn annotation(report: &Report, f: &Finding, cwd: &Path) -> String {
    let doc = &report.documents[f.doc];
    let (s, e) = (position(&doc.bytes, f.start), position(&doc.bytes, f.end));
    let mut message = f.message.clone();
    if let Some(r) = &f.reference {
        let rdoc = &report.documents[r.doc];
        let rpos = position(&rdoc.bytes, r.start);
        message.push_str(&format!(
            "\nreference: {}:{}:{} (bytes {}..{})",
            display(&rdoc.path, cwd),
            rpos.line,
            rpos.column,
            r.start,
            r.end
        ));
        if r.end > r.start {
            let text = crate::tokenize::lossy(&rdoc.bytes[r.start..r.end]);
            message.push_str(&format!("\nreference has: {}", quote(&text, 240)));
        }
    }
    if let Some(fix) = &f.repair {
        let what = if fix.start == fix.end {
            format!("insert at byte {}", fix.start)
        } else {
            format!("replace bytes {}..{} with", fix.start, fix.end)
        };
        message.push_str(&format!(
            "\nrepair: {what} {}",
            quote(&fix.replacement, 240)
        ));
    }
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        command(f.severity),
        escape_property(&display(&doc.path, cwd)),
        s.line,
        s.column,
        e.line,
        e.column,
        escape_property(&format!("splicecheck {}", f.kind.code())),
        escape_data(&message)
    )
}

pub(super) fn render(report: &Report, shown: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    let cwd = paths::from_cwd(Path::new("."));
    problems(&report.problems, &cwd, out)?;
    for f in shown {
        writeln!(out, "{}", annotation(report, f, &cwd))?;
    }
    summary(&Totals::of(report), out)
}

/// One annotation per path not audited.
pub(super) fn problems(problems: &[Problem], cwd: &Path, out: &mut dyn Write) -> io::Result<()> {
    for p in problems {
        writeln!(
            out,
            "::{} file={},title={}::{}",
            if p.fatal { "error" } else { "warning" },
            escape_property(&display(&p.path, cwd)),
            escape_property("splicecheck: not audited"),
            escape_data(&p.message)
        )?;
    }
    Ok(())
}

/// The plain summary line: every finding counted, not only those shown.
pub(super) fn summary(totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
    let all = totals.findings;
    writeln!(
        out,
        "splicecheck: {} error(s), {} warning(s), {} info in {} document(s){}",
        all.errors,
        all.warnings,
        all.infos,
        totals.documents,
        super::suppressed_note(totals.suppressed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(
            escape_property("dir,1/a:b%.txt\n"),
            "dir%2C1/a%3Ab%25.txt%0A"
        );
    }

    #[test]
    fn paths_are_relative_to_the_workspace() {
        let cwd = Path::new("/w/repo");
        assert_eq!(display(Path::new("./c/x.txt"), cwd), "c/x.txt");
        assert_eq!(display(Path::new("/w/repo/c/x.txt"), cwd), "c/x.txt");
        assert_eq!(display(Path::new("/tmp/x.txt"), cwd), "/tmp/x.txt");
    }
}
