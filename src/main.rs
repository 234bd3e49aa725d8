use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::TypedValueParser;
use clap::{ArgGroup, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use splicecheck::baseline::Baseline;
use splicecheck::render::{Format, RenderOptions, Streamer, render};
use splicecheck::stream::{self, Progress, Stage};
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
    /// Repair corrupted copies: print a patch, or fix the files in place.
    ///
    /// Audits the paths as `audit` does and turns the repairs of the selected
    /// findings into edits: the missing text put back at the junction, the cut
    /// tail restored, mojibake decoded, the repeated paragraph and invalid
    /// bytes removed, each in the copy's own style.
    #[command(after_long_help = REPAIR_HELP)]
    Repair(RepairArgs),
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

Streaming: folders are audited a few megabytes at a time; human and jsonl
findings are written as their families finish, in path order (json, sarif,
html and github output is written at the end). A progress bar shows on
standard error when it is a terminal, unless --quiet or CI is set.

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
  splicecheck audit scrapes/ --glob '*.md' --fail-on warning
  splicecheck audit corpus --format html --output report.html";

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
overlap, or when its repair makes the document the truth's repair makes (lost
text starting with the word before the junction can go back on either side
of it); each truth entry is matched once.

Reported per kind and overall: truth count, findings, true positives,
precision, recall, F1. Also: the share of matched findings whose repair gives
exactly the uncorrupted bytes (and the share equal after folding quotes, dashes
and white space), unmatched findings, clean families and clean copies flagged
with an error, grouping quality (adjusted Rand index and pair precision and
recall of the audit's families against the truth's, each distractor a family
of its own) and throughput. --format json adds the lists of missed truth
entries, unmatched findings, and matched findings whose repair is not exact
(both replacements with their byte ranges).

Exit status: 0 after a completed evaluation, 2 when a file could not be read.

Examples:
  splicecheck synth --from articles --out /tmp/corpus --seed 1
  splicecheck eval --truth /tmp/corpus/truth.json /tmp/corpus
  splicecheck synth --from articles --out /tmp/flat --seed 1 --flat
  splicecheck eval --truth /tmp/flat/truth.json /tmp/flat --group auto";

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
    /// Write every document into one folder, OUT/flat/doc-NNNNN.txt, in a
    /// shuffled order (to test --group auto).
    #[arg(long)]
    flat: bool,
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
    /// How documents are grouped: folder, auto or manifest=FILE (as for audit).
    #[arg(long, value_name = "MODE", default_value = "folder")]
    group: splicecheck::group::Mode,
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
    #[arg(required_unless_present = "jsonl", value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Audit the records of a JSON Lines file (repeatable; `-` for standard
    /// input; gzip or zstd compressed accepted).
    #[arg(long, value_name = "FILE")]
    jsonl: Vec<PathBuf>,
    /// How documents are grouped into families: folder, auto (across the
    /// corpus) or manifest=FILE [default: the configuration's
    /// grouping.mode, else folder; auto with only --jsonl input].
    #[arg(long, value_name = "MODE")]
    group: Option<splicecheck::group::Mode>,
    /// The JSON Lines field holding a record's id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,
    /// The JSON Lines field holding a record's text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    text_field: String,
    /// The JSON Lines field holding a record's family (optional in records).
    #[arg(long, value_name = "NAME", default_value = "family")]
    family_field: String,
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
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Do not show the progress bar (shown on standard error only when it is
    /// a terminal and the CI environment variable is not set).
    #[arg(long, short)]
    quiet: bool,
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
    /// One self-contained HTML page for review (use with --output).
    Html,
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
        Command::Repair(args) => run_repair(args),
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
        flat: args.flat,
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
    let mut settings = splicecheck::Settings::default();
    settings.grouping.mode = args.group;
    let evaluation = splicecheck::eval::evaluate_with(&args.truth, &args.dir, &settings)?;
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

/// Reports on stderr what the audit could not do fully: paths not audited,
/// oversized grouping buckets, alignments that hit their deadline, families
/// too large to compare every pair of copies.
fn warn(report: &splicecheck::Report) {
    warn_problems(&report.problems, &report.grouping, &|line| {
        eprintln!("{line}")
    });
    warn_families(report, &|line| eprintln!("{line}"));
}

/// Reports paths not audited and oversized grouping buckets, a line at a
/// time through `say`.
fn warn_problems(
    problems: &[splicecheck::Problem],
    g: &splicecheck::group::Stats,
    say: &dyn Fn(&str),
) {
    for p in problems {
        say(&format!(
            "splicecheck: {}: {}: {}",
            if p.fatal { "error" } else { "warning" },
            p.path.display(),
            p.message
        ));
    }
    if g.oversized_buckets > 0 {
        say(&format!(
            "splicecheck: warning: grouping: {} index bucket(s) held more than {} documents \
             (largest {}), probably text shared by unrelated documents; their members were \
             compared with {} of them only",
            g.oversized_buckets,
            splicecheck::minhash::MAX_BUCKET,
            g.largest_bucket,
            splicecheck::minhash::SAMPLE
        ));
    }
}

/// Reports families whose alignment hit its deadline, and, in one line,
/// families too large for every copy to be compared with every other (of a
/// report or of one chunk of a streaming audit), a line at a time through
/// `say`.
fn warn_families(report: &splicecheck::Report, say: &dyn Fn(&str)) {
    let peers = splicecheck::reference::MAX_PEERS;
    let large: Vec<&splicecheck::Family> = report
        .families
        .iter()
        .filter(|f| f.members.len() > peers + 1)
        .collect();
    if let Some(largest) = large.iter().max_by_key(|f| f.members.len()) {
        say(&format!(
            "splicecheck: warning: {}: {} famil{} of more than {} copies (the largest, family {}, \
             has {}): each copy was compared with {} of its siblings, not with all of them",
            report.documents[largest.members[0]].path.display(),
            large.len(),
            if large.len() == 1 { "y" } else { "ies" },
            peers + 1,
            largest.id,
            largest.members.len(),
            peers
        ));
    }
    for &f in &report.timed_out {
        let family = &report.families[f];
        let first = &report.documents[family.members[0]];
        say(&format!(
            "splicecheck: warning: {}: aligning family {} ({} copies) hit the {} s deadline; its differences may be reported coarsely",
            first.path.display(),
            family.id,
            family.members.len(),
            splicecheck::align::DEADLINE.as_secs()
        ));
    }
}

/// The progress bar of a long audit, on standard error: none with
/// `--quiet`, when standard error is not a terminal, or when `CI` is set.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{prefix:>8} [{wide_bar}] {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {msg}",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_prefix("listing");
    Some(bar)
}

/// Shows how far the audit has got on the bar.
fn show_progress(bar: &ProgressBar, stage: &std::sync::Mutex<Option<Stage>>, p: &Progress) {
    if let Ok(mut last) = stage.lock()
        && *last != Some(p.stage)
    {
        *last = Some(p.stage);
        bar.reset();
        bar.set_prefix(match p.stage {
            Stage::Indexing => "indexing",
            Stage::Auditing => "auditing",
        });
    }
    bar.set_length(p.total_bytes);
    bar.set_position(p.bytes);
    bar.set_message(match p.stage {
        Stage::Indexing => format!("{}/{} docs", p.documents, p.total_documents),
        Stage::Auditing => format!(
            "{}/{} docs, {} families",
            p.documents, p.total_documents, p.families
        ),
    });
}

fn run_audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    let config_paths: Vec<PathBuf> = if args.paths.is_empty() {
        args.jsonl
            .iter()
            .filter(|f| f.as_os_str() != "-")
            .cloned()
            .collect()
    } else {
        args.paths.clone()
    };
    let mut settings = settings(
        &config_paths,
        args.config.as_deref(),
        args.no_config,
        args.glob.as_deref(),
    )?;
    let configured = settings.grouping.mode != splicecheck::group::Mode::default();
    match args.group.clone() {
        Some(mode) => settings.grouping.mode = mode,
        None if args.paths.is_empty() && !configured => {
            settings.grouping.mode = splicecheck::group::Mode::Auto;
        }
        None => {}
    }
    settings.fields = splicecheck::jsonl::Fields {
        id: args.id_field.clone(),
        text: args.text_field.clone(),
        family: args.family_field.clone(),
    };
    let stdout = std::io::stdout();
    let options = RenderOptions {
        format: match args.format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Html => Format::Html,
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
            ColorArg::Auto => {
                args.output.is_none()
                    && stdout.is_terminal()
                    && std::env::var_os("NO_COLOR").is_none()
            }
        },
    };
    let gate = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let bar = progress_bar(args.quiet);
    let say = |line: &str| match &bar {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    };
    let stage = std::sync::Mutex::new(None);
    let progress = |p: &Progress| {
        if let Some(bar) = &bar {
            show_progress(bar, &stage, p);
        }
    };
    // Runs the audit, keeping what `keep` says, with each chunk's deadline
    // warnings said before `sink` takes it; the bar is gone afterwards.
    let run = |keep: stream::Keep,
               sink: &mut dyn FnMut(stream::Chunk) -> anyhow::Result<()>|
     -> anyhow::Result<stream::Outcome> {
        let stream_options = stream::Options {
            keep,
            ..stream::Options::default()
        };
        let outcome = stream::audit(
            &args.paths,
            &args.jsonl,
            &settings,
            &stream_options,
            &progress,
            &mut |chunk| {
                warn_families(&chunk.report, &say);
                sink(chunk)
            },
        );
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        outcome
    };
    let baselines = args.baseline.is_some() || args.write_baseline.is_some();
    if !baselines {
        // Findings are rendered as their families are done.
        let mut out = output(args.output.as_deref())?;
        let mut streamer = Streamer::new(options, &mut *out)
            .map_err(|e| with_output_path(e, args.output.as_deref()))?;
        let outcome = run(streamer.keep(), &mut |chunk| {
            streamer
                .chunk(chunk)
                .map_err(|e| with_output_path(e, args.output.as_deref()))
        })?;
        let totals = streamer
            .finish(&outcome.problems, outcome.grouping)
            .and_then(|t| out.flush().map(|()| t))
            .map_err(|e| with_output_path(e, args.output.as_deref()))?;
        warn_problems(&outcome.problems, &outcome.grouping, &say);
        let failed = matches!((gate, totals.worst), (Some(g), Some(w)) if w >= g);
        return Ok(if outcome.problems.iter().any(|p| p.fatal) {
            ExitCode::from(2)
        } else if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    // A baseline needs every finding (and the bytes it fingerprints) first.
    let mut report = splicecheck::Report::default();
    let outcome = run(stream::Keep::Findings(Severity::Info), &mut |chunk| {
        report.append(chunk);
        Ok(())
    })?;
    report.problems = outcome.problems;
    report.grouping = outcome.grouping;
    warn_problems(&report.problems, &report.grouping, &say);
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
    let mut out = output(args.output.as_deref())?;
    render(&report, &options, &mut out)?;
    out.flush()
        .map_err(|e| with_output_path(e, args.output.as_deref()))?;
    let failed = args.write_baseline.is_none()
        && matches!((gate, report.worst()), (Some(g), Some(w)) if w >= g);
    Ok(if report.had_io_error() {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Standard output, or the file named by `--output` (created or truncated).
fn output(path: Option<&std::path::Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

fn with_output_path(e: std::io::Error, path: Option<&std::path::Path>) -> anyhow::Error {
    match path {
        Some(p) => anyhow::anyhow!("cannot write {}: {e}", p.display()),
        None => e.into(),
    }
}

const REPAIR_HELP: &str = "\
The paths are audited as `splicecheck audit` audits them (same --glob and
configuration file). Choose --patch to review the repairs or --write to apply
them. Error findings of every kind are repaired by default; --kinds chooses
the kinds and --min-severity warning adds warnings. A selected finding that
cannot be repaired is named on standard error and left alone: one with no
repair (a document with no sibling copy), or two whose repairs overlap in one
file (neither is applied).

--patch prints a unified diff with paths relative to the current folder, so
`git apply` or `patch -p1` run from there applies it.

--write replaces each repaired file in one step (a temporary file in the same
folder renamed over it, with the file's permissions), refuses a file that
changed since it was read, and with --backup keeps the original as FILE.orig
(never overwriting one). Every byte outside the repaired ranges is kept.

Exit status:
  0  every selected finding was repaired (or put in the patch)
  1  some selected finding was left unrepaired
  2  usage error, or a path could not be read or written

Examples:
  splicecheck repair corpus --patch > fixes.diff && git apply fixes.diff
  splicecheck repair corpus --patch --kinds splice,truncation --output fixes.diff
  splicecheck repair corpus --write --backup";

#[derive(clap::Args)]
#[command(group(ArgGroup::new("mode").required(true).args(["patch", "write"])))]
struct RepairArgs {
    /// Files and folders to repair (folders are walked recursively).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print the repairs as a unified diff for `git apply` or `patch -p1`.
    #[arg(long)]
    patch: bool,
    /// Apply the repairs to the files in place.
    #[arg(long)]
    write: bool,
    /// With --patch: write the diff to FILE instead of standard output.
    #[arg(long, value_name = "FILE", requires = "patch")]
    output: Option<PathBuf>,
    /// With --write: keep each original as FILE.orig.
    #[arg(long, requires = "write")]
    backup: bool,
    /// Kinds of finding to repair [default: every kind].
    #[arg(
        long,
        value_name = "KIND,...",
        value_delimiter = ',',
        value_parser = clap::builder::PossibleValuesParser::new(Kind::ALL.map(Kind::code))
            .map(|code| Kind::ALL.into_iter().find(|k| k.code() == code).unwrap_or(Kind::Splice))
    )]
    kinds: Vec<Kind>,
    /// Repair findings at or above this severity.
    #[arg(long, value_enum, default_value_t = LevelArg::Error)]
    min_severity: LevelArg,
    /// Which file names to read inside folders [default: the configuration's
    /// files.include, else *.txt].
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,
    /// Read the configuration from FILE [default: the nearest splicecheck.toml
    /// in the first PATH's folder or a folder above it].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any splicecheck.toml.
    #[arg(long)]
    no_config: bool,
}

fn run_repair(args: RepairArgs) -> anyhow::Result<ExitCode> {
    use splicecheck::repair;
    use splicecheck::rewrite::{RewriteError, rewrite};

    let settings = settings(
        &args.paths,
        args.config.as_deref(),
        args.no_config,
        args.glob.as_deref(),
    )?;
    let report = splicecheck::audit_paths_with(&args.paths, &settings)?;
    warn(&report);
    let selection = repair::Selection {
        kinds: args.kinds,
        min_severity: match args.min_severity {
            LevelArg::Error => Severity::Error,
            LevelArg::Warning => Severity::Warning,
            LevelArg::Info => Severity::Info,
        },
    };
    let plan = repair::plan(&report, &selection);
    let place = |finding: usize| {
        let f = &report.findings[finding];
        let doc = &report.documents[f.doc];
        let pos = splicecheck::render::position(&doc.bytes, f.start);
        format!(
            "{}:{}:{}: {}[{}]",
            doc.display_path(),
            pos.line,
            pos.column,
            f.severity,
            f.kind
        )
    };
    for s in &plan.skipped {
        eprintln!(
            "splicecheck: note: {} not repaired: {}",
            place(s.finding),
            s.reason
        );
    }
    let mut unrepaired = plan.skipped.len();
    let mut io_error = report.had_io_error();
    let mut repaired = 0;
    let mut files = 0;
    let count = |f: &repair::FileEdits| f.edits.iter().map(|e| e.findings.len()).sum::<usize>();
    if args.patch {
        let cwd = std::env::current_dir()?;
        let mut diff = Vec::new();
        for file in &plan.files {
            let doc = &report.documents[file.doc];
            let label = repair::patch_label(&doc.path, &cwd).or_else(|e| {
                match (
                    std::fs::canonicalize(&doc.path),
                    std::fs::canonicalize(&cwd),
                ) {
                    (Ok(p), Ok(c)) => repair::patch_label(&p, &c),
                    _ => Err(e),
                }
            });
            match label {
                Ok(label) => {
                    diff.extend(repair::file_patch(&label, &doc.bytes, &file.edits));
                    repaired += count(file);
                    files += 1;
                }
                Err(e) => {
                    eprintln!(
                        "splicecheck: error: {}: not in the patch: {e}",
                        doc.display_path()
                    );
                    unrepaired += count(file);
                }
            }
        }
        let mut out = output(args.output.as_deref())?;
        out.write_all(&diff)
            .and_then(|()| out.flush())
            .map_err(|e| with_output_path(e, args.output.as_deref()))?;
        eprintln!("splicecheck: the patch repairs {repaired} finding(s) in {files} file(s)");
    } else {
        let mut out = std::io::stdout().lock();
        for file in &plan.files {
            let doc = &report.documents[file.doc];
            let new = repair::apply(&doc.bytes, &file.edits);
            match rewrite(&doc.path, &doc.bytes, &new, args.backup) {
                Ok(done) => {
                    repaired += count(file);
                    files += 1;
                    write!(
                        out,
                        "repaired {}: {} finding(s)",
                        doc.display_path(),
                        count(file)
                    )?;
                    if let Some(b) = done.backup {
                        write!(out, "; original kept as {}", b.display())?;
                    }
                    writeln!(out)?;
                }
                Err(e) => {
                    eprintln!(
                        "splicecheck: error: {}: not repaired: {e}",
                        doc.display_path()
                    );
                    unrepaired += count(file);
                    io_error |= matches!(e, RewriteError::Io(_) | RewriteError::NotAFile);
                }
            }
        }
        eprintln!("splicecheck: repaired {repaired} finding(s) in {files} file(s)");
    }
    Ok(if io_error {
        ExitCode::from(2)
    } else if unrepaired > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
