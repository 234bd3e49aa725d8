use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use splicecheck::render::{Format, RenderOptions, render};
use splicecheck::synth::CorruptionKind;
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
    /// Build a test corpus with a ground truth from clean articles.
    ///
    /// Every article becomes a family folder of restyled copies, some of them
    /// corrupted, plus unrelated distractor articles; truth.json records each
    /// corruption with byte offsets and the repair that restores the copy.
    #[command(after_long_help = SYNTH_HELP)]
    Synth(SynthArgs),
    /// Audit a synthetic corpus and score the findings against its truth.
    #[command(after_long_help = EVAL_HELP)]
    Eval(EvalArgs),
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

const SYNTH_HELP: &str = "\
Input: every *.txt file under --from (recursively, sorted); the first line is
the title, paragraphs are separated by blank lines. Articles with fewer than
two paragraphs or forty words are skipped.

Output: OUT/<NNN-slug>/copy-1.txt ... (copies of one article, each restyled:
quote and dash style, blank-line or single-newline paragraphs, hard wraps,
CRLF, header and footer boilerplate, datelines, advertisement lines, editorial
trims), OUT/<NNN-slug>/other-1.txt ... (unrelated articles, some sharing a
quoted sentence with the family) and OUT/truth.json.

Corruption kinds (--kinds, comma-separated; splice is drawn most often):
  splice       words deleted inside a paragraph, mid-sentence to mid-sentence
  truncation   the text stops mid-sentence; a footer may still follow
  mojibake     UTF-8 read as Windows-1252 (\u{2019} becomes \u{e2}\u{20ac}\u{2122})
  duplication  a paragraph or sentence repeated right after itself
  encoding     invalid UTF-8 bytes or a NUL inserted inside a word

truth.json: {version, seed, documents: [{path, family, role, corruptions:
[{kind, start, end, missing, repair: {start, end, replacement}}]}]}. Offsets
are byte offsets into the written file; applying the repair gives back the
uncorrupted copy. The same articles, options and seed give the same bytes.

Examples:
  splicecheck synth --from articles --out corpus --seed 1
  splicecheck synth --from articles --out corpus --seed 2 --families 100 --kinds splice,truncation";

const EVAL_HELP: &str = "\
DIR is audited as `splicecheck audit DIR` would (files matching *.txt). A
finding of severity warning or error matches a truth entry of the same
document and kind when it starts within 2 bytes of it or their byte ranges
overlap; each truth entry is matched once.

Reported per kind and overall: truth count, findings, true positives,
precision, recall, F1. Also: the share of matched findings whose repair gives
exactly the uncorrupted bytes (and the share equal after folding quotes, dashes
and white space), unmatched findings, clean families and clean copies flagged
with an error, and throughput. --format json adds the lists of missed truth
entries and unmatched findings.

Exit status: 0 after a completed evaluation, 2 when a file could not be read.

Examples:
  splicecheck synth --from articles --out /tmp/corpus --seed 1
  splicecheck eval --truth /tmp/corpus/truth.json /tmp/corpus";

#[derive(clap::Args)]
struct SynthArgs {
    /// Folder of clean articles (*.txt, searched recursively).
    #[arg(long, value_name = "DIR")]
    from: PathBuf,
    /// Folder to write the corpus to: new, empty, or an earlier synth output (replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Seed for every random choice.
    #[arg(long, value_name = "N")]
    seed: u64,
    /// Number of families (each uses a different article) [default: one per article].
    #[arg(long, value_name = "N")]
    families: Option<usize>,
    /// Fewest copies per family.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_copies: usize,
    /// Most copies per family.
    #[arg(long, value_name = "N", default_value_t = 5)]
    max_copies: usize,
    /// Share of families (0 to 1) with a corrupted copy.
    #[arg(long, value_name = "SHARE", default_value_t = 0.5)]
    corrupt_share: f64,
    /// Corruption kinds to use [default: all].
    #[arg(long, value_name = "KIND,...", value_delimiter = ',')]
    kinds: Vec<CorruptionKind>,
    /// Most unrelated articles per family folder (each gets 0 to N).
    #[arg(long, value_name = "N", default_value_t = 2)]
    distractors: usize,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// The truth.json written by `splicecheck synth` (its paths are relative to its folder).
    #[arg(long, value_name = "FILE")]
    truth: PathBuf,
    /// The corpus folder to audit.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    format: EvalFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum EvalFormat {
    /// An aligned table with summary lines.
    Human,
    /// One JSON object, with the lists of misses and unmatched findings.
    Json,
}

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
    match cli.command {
        Command::Audit(args) => run_audit(args),
        Command::Synth(args) => run_synth(args),
        Command::Eval(args) => run_eval(args),
    }
}

fn run_synth(args: SynthArgs) -> anyhow::Result<ExitCode> {
    let options = splicecheck::synth::Options {
        from: args.from,
        out: args.out,
        config: splicecheck::synth::Config {
            seed: args.seed,
            families: args.families,
            min_copies: args.min_copies,
            max_copies: args.max_copies,
            corrupt_share: args.corrupt_share,
            kinds: if args.kinds.is_empty() {
                CorruptionKind::ALL.to_vec()
            } else {
                args.kinds
            },
            distractors: args.distractors,
        },
    };
    let truth = splicecheck::synth::generate(&options)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", truth.summary())?;
    writeln!(
        out,
        "truth: {}",
        options.out.join(splicecheck::synth::TRUTH_FILE).display()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn run_eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let evaluation = splicecheck::eval::evaluate(&args.truth, &args.dir)?;
    for p in &evaluation.problems {
        eprintln!("splicecheck: {p}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        EvalFormat::Human => splicecheck::eval::render_human(&evaluation, &mut out)?,
        EvalFormat::Json => splicecheck::eval::render_json(&evaluation, &mut out)?,
    }
    out.flush()?;
    Ok(if evaluation.io_error {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
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
