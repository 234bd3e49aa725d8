use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use splicecheck::baseline::Baseline;
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
  mojibake     error  text decoded with the wrong character set
  duplication  error  a paragraph or sentence repeated back to back
  encoding     error  bytes that are not valid UTF-8
  trim         info   whole sentences or paragraphs of the reference are missing
  boilerplate  info   lines the other copies do not carry (headers, footers, captions)
  variant      info   small wording differences from the reference

Offsets are byte offsets into the file exactly as it is on disk. A splice or
truncation is a point (start == end) at the junction; its repair inserts the
reference text there.

Configuration: the nearest splicecheck.toml in the first PATH's folder or a
folder above it applies (--config FILE names one, --no-config ignores it):
[files] include/exclude globs, [grouping] mode/containment/min-shared,
[severity] KIND = \"error\" | \"warning\" | \"info\" | \"off\", [boilerplate] phrases,
and [[suppress]] path/kinds/reason entries. Unknown keys are errors.

Baselines: --write-baseline FILE records the findings shown by content
fingerprint (stable when text elsewhere in a file moves); --baseline FILE then
reports and fails only on findings the baseline does not hold, and says how
many it suppressed.

CI formats: --format sarif (SARIF 2.1.0 for code scanning), --format github
(workflow annotations). See docs/ci.md.

Exit status:
  0  no finding at or above --fail-on (not counting those in --baseline),
     or --write-baseline was given
  1  some finding at or above --fail-on
  2  usage error, an invalid configuration or baseline, or a path could not
     be read (the rest is still audited)

Examples:
  splicecheck audit corpus
  splicecheck audit scrapes/ --format jsonl > findings.jsonl
  splicecheck audit corpus --format sarif > splicecheck.sarif
  splicecheck audit corpus --write-baseline .splicecheck-baseline.json
  splicecheck audit corpus --baseline .splicecheck-baseline.json --format github
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
    /// How copies are made: outlets (restyled as outlets publish them) or
    /// extractors (3 to 5 outputs of HTML article extractors run on one page,
    /// a teaser among them; only splice and truncation are drawn).
    #[arg(long, value_name = "PROFILE", default_value = "outlets")]
    profile: splicecheck::synth::Profile,
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
    /// Which file names to audit inside folders [default: the configuration's
    /// files.include, else *.txt].
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,
    /// Exit with status 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Read the configuration from FILE [default: the nearest splicecheck.toml
    /// in the first PATH's folder or a folder above it].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any splicecheck.toml.
    #[arg(long)]
    no_config: bool,
    /// Report and fail only on findings that the baseline FILE does not hold.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the findings shown (at or above --min-severity) in the baseline
    /// FILE; findings then do not fail the run.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
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
    /// A SARIF 2.1.0 log, for code scanning.
    Sarif,
    /// GitHub Actions annotations (::error file=...,line=...::message).
    Github,
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
            profile: args.profile,
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

/// The settings of a run: the configuration file named, else the one that
/// applies to the first path (unless `no_config`), with a `--glob` given on
/// the command line in place of its files.include.
fn settings(
    paths: &[PathBuf],
    config: Option<&std::path::Path>,
    no_config: bool,
    glob: Option<&str>,
) -> anyhow::Result<splicecheck::Settings> {
    let file = match config {
        Some(file) => Some(file.to_path_buf()),
        None if no_config => None,
        None => paths.first().and_then(|p| splicecheck::config::find(p)),
    };
    let mut settings = match file {
        Some(file) => splicecheck::config::load(&file)?,
        None => splicecheck::Settings::default(),
    };
    if let Some(glob) = glob {
        settings.include = vec![glob.to_string()];
    }
    Ok(settings)
}

/// The folder a baseline file's paths are relative to.
fn baseline_folder(file: &std::path::Path) -> PathBuf {
    let abs = splicecheck::paths::from_cwd(file);
    abs.parent().map(PathBuf::from).unwrap_or(abs)
}

fn run_audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    let settings = settings(
        &args.paths,
        args.config.as_deref(),
        args.no_config,
        args.glob.as_deref(),
    )?;
    let mut report = splicecheck::audit_paths_with(&args.paths, &settings)?;
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
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
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
    if let Some(file) = &args.write_baseline {
        let shown: Vec<&splicecheck::Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity >= options.min_severity)
            .collect();
        let baseline = Baseline::record(&report, &shown, &baseline_folder(file));
        std::fs::write(file, baseline.to_json())
            .map_err(|e| anyhow::anyhow!("cannot write baseline {}: {e}", file.display()))?;
        eprintln!(
            "splicecheck: baseline {}: recorded {} finding(s)",
            file.display(),
            shown.len()
        );
    }
    if let Some(file) = &args.baseline {
        let text = std::fs::read_to_string(file)
            .map_err(|e| anyhow::anyhow!("cannot read baseline {}: {e}", file.display()))?;
        let baseline = Baseline::from_json(&text)
            .map_err(|e| anyhow::anyhow!("{}: not a splicecheck baseline: {e}", file.display()))?;
        let applied = baseline.apply(&mut report, &baseline_folder(file));
        eprintln!(
            "splicecheck: baseline {}: {} known finding(s) suppressed{}",
            file.display(),
            applied.suppressed,
            if applied.stale > 0 {
                format!(
                    ", {} entr(ies) matched nothing (fixed, or changed: rewrite the baseline)",
                    applied.stale
                )
            } else {
                String::new()
            }
        );
    }
    let mut out = std::io::BufWriter::new(stdout.lock());
    render(&report, &options, &mut out)?;
    out.flush()?;
    let gate = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let failed = args.write_baseline.is_none()
        && matches!((gate, report.worst()), (Some(g), Some(w)) if w >= g);
    let _ = Kind::ALL;
    Ok(if report.had_io_error() {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
