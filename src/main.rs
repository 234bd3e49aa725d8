use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use splicecheck::render::{Format, RenderOptions, render};
use splicecheck::{Kind, Severity};

/// Audit corpora of scraped news articles for corrupted copies.
///
/// splicecheck groups the copies of each article into families, chooses a
/// reference by consensus, aligns every copy against its peers and reports
/// corrupted copies (text lost mid-sentence, copies cut short, invalid bytes)
/// with byte offsets and a repair.
#[derive(Parser)]
#[command(name = "splicecheck", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit files and folders and report corrupted copies.
    #[command(after_long_help = AUDIT_HELP)]
    Audit(AuditArgs),
}

const AUDIT_HELP: &str = "\
Families: the files of one folder are candidates; copies of one article are
grouped by shared text. A file with no sibling copy is a singleton and gets only
the checks that need no reference.

Kinds (stable codes):
  splice       error  text missing mid-sentence; the fragments are glued together
  truncation   error  the copy stops mid-sentence where the reference goes on
  encoding     error  bytes that are not valid UTF-8
  trim         info   whole sentences or paragraphs of the reference are missing
  boilerplate  info   lines the other copies do not carry (headers, footers, captions)
  variant      info   small wording differences from the reference

Offsets are byte offsets into the file exactly as it is on disk. A splice or
truncation is a point (start == end) at the junction; its repair inserts the
reference text there.

Exit status:
  0  no finding at or above --fail-on
  1  some finding at or above --fail-on
  2  usage error, or a path could not be read (the rest is still audited)

Examples:
  splicecheck audit corpus
  splicecheck audit scrapes/ --format jsonl > findings.jsonl
  splicecheck audit scrapes/ --glob '*.md' --fail-on warning";

#[derive(clap::Args)]
struct AuditArgs {
    /// Files and folders to audit (folders are walked recursively).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Which file names to audit inside folders.
    #[arg(long, default_value = splicecheck::load::DEFAULT_GLOB, value_name = "GLOB")]
    glob: String,
    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Show findings at or above this severity (info shows every difference).
    #[arg(long, value_enum, default_value_t = LevelArg::Warning)]
    min_severity: LevelArg,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// rustc-style diagnostics.
    Human,
    /// One JSON document: {version, families, findings, problems, summary}.
    Json,
    /// One JSON object per finding per line.
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    /// Fail on errors.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Never fail because of findings.
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("splicecheck: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Command::Audit(args) = cli.command;
    let report = splicecheck::audit_paths(&args.paths, &args.glob)?;
    for p in &report.problems {
        eprintln!(
            "splicecheck: {}: {}: {}",
            if p.fatal { "error" } else { "warning" },
            p.path.display(),
            p.message
        );
    }
    let stdout = std::io::stdout();
    let options = RenderOptions {
        format: match args.format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
        },
        min_severity: match args.min_severity {
            LevelArg::Error => Severity::Error,
            LevelArg::Warning => Severity::Warning,
            LevelArg::Info => Severity::Info,
        },
        color: match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        },
    };
    let mut out = std::io::BufWriter::new(stdout.lock());
    render(&report, &options, &mut out)?;
    out.flush()?;
    let gate = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let failed = matches!((gate, report.worst()), (Some(g), Some(w)) if w >= g);
    let _ = Kind::ALL;
    Ok(if report.had_io_error() {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
