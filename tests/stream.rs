//! The streaming audit gives the report the whole-corpus audit gives: the
//! same documents, families, findings and problems, however the corpus is cut
//! into batches, and the same output in every format.

mod common;

use std::path::{Path, PathBuf};

use splicecheck::render::{Format, RenderOptions, Streamer, render};
use splicecheck::stream::{self, Keep, Options};
use splicecheck::synth::{self, Profile};
use splicecheck::{Report, Settings, Severity, group, load};

/// A synth corpus from the project's articles, with an empty and a binary
/// file, and files at the top that sort on both sides of the family folders
/// (so their folder's documents and families are not consecutive).
fn corpus(dir: &Path, profile: Profile, flat: bool, seed: u64) -> PathBuf {
    let out = synth_corpus(dir, profile, flat, seed);
    let article = common::article("03");
    common::write(
        &out,
        &[
            ("000-first.txt", article.as_bytes()),
            ("zzz-last.txt", common::restyle(&article).as_bytes()),
            ("empty.txt", &b""[..]),
            ("image.txt", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..]),
        ],
    );
    out
}

fn synth_corpus(dir: &Path, profile: Profile, flat: bool, seed: u64) -> PathBuf {
    let out = dir.join("corpus");
    let config = synth::Config {
        seed,
        profile,
        ..synth::Config::default()
    };
    synth::generate(&synth::Options {
        from: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles"),
        out: out.clone(),
        config,
        flat,
    })
    .unwrap();
    out
}

/// The whole-corpus audit: every document loaded, then audited at once.
fn at_once(paths: &[PathBuf], settings: &Settings) -> Report {
    let filter = load::FileFilter::new(&settings.include, &settings.exclude, None).unwrap();
    let mut loaded = load::load(paths, &filter);
    if let group::Mode::Manifest(file) = &settings.grouping.mode {
        load::apply_manifest(file, &mut loaded.documents).unwrap();
    }
    let mut report = splicecheck::audit_documents_with(loaded.documents, settings);
    report.problems = loaded.problems;
    report
}

/// The streaming audit, `batch_bytes` at a time, put back together.
fn streamed(paths: &[PathBuf], settings: &Settings, options: &Options) -> (Report, usize) {
    let mut report = Report::default();
    let mut chunks = 0;
    let outcome = stream::audit(paths, &[], settings, options, &|_| {}, &mut |chunk| {
        assert_eq!(chunk.first_document, report.documents.len());
        assert_eq!(chunk.first_family, report.families.len());
        chunks += 1;
        report.append(chunk);
        Ok(())
    })
    .unwrap();
    assert_eq!(outcome.documents, report.documents.len());
    assert_eq!(outcome.families, report.families.len());
    report.problems = outcome.problems;
    report.grouping = outcome.grouping;
    (report, chunks)
}

fn assert_same(a: &Report, b: &Report) {
    let paths =
        |r: &Report| -> Vec<PathBuf> { r.documents.iter().map(|d| d.path.clone()).collect() };
    assert_eq!(paths(a), paths(b));
    assert_eq!(a.families, b.families);
    assert_eq!(a.findings, b.findings);
    assert_eq!(a.problems, b.problems);
    assert_eq!(a.timed_out, b.timed_out);
    assert_eq!(a.suppressed, b.suppressed);
    assert_eq!(a.grouping, b.grouping);
}

fn rendered(report: &Report, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    let options = RenderOptions {
        format,
        min_severity: Severity::Warning,
        color: false,
    };
    render(report, &options, &mut out).unwrap();
    out
}

/// What `splicecheck audit` writes: chunks rendered as they come, with only
/// the bytes the format needs kept.
fn rendered_streaming(paths: &[PathBuf], settings: &Settings, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    let options = RenderOptions {
        format,
        min_severity: Severity::Warning,
        color: false,
    };
    let mut streamer = Streamer::new(options, &mut out).unwrap();
    let stream_options = Options {
        keep: streamer.keep(),
        batch_bytes: 20_000,
    };
    let mut dropped = 0;
    let outcome = stream::audit(
        paths,
        &[],
        settings,
        &stream_options,
        &|_| {},
        &mut |chunk| {
            dropped += chunk
                .report
                .documents
                .iter()
                .filter(|d| d.bytes.is_empty())
                .count();
            streamer.chunk(chunk)?;
            Ok(())
        },
    )
    .unwrap();
    assert!(dropped > 0, "documents without findings keep no bytes");
    streamer
        .finish(&outcome.problems, outcome.grouping)
        .unwrap();
    out
}

#[test]
fn streaming_in_small_batches_gives_the_whole_corpus_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path(), Profile::Outlets, false, 11);
    let paths = vec![root];
    let settings = Settings::default();
    let whole = at_once(&paths, &settings);
    assert!(whole.findings.len() > 5, "the corpus has findings");
    assert_eq!(whole.problems.len(), 2, "{:?}", whole.problems);
    for batch_bytes in [1, 30_000, u64::MAX] {
        let options = Options {
            keep: Keep::All,
            batch_bytes,
        };
        assert_same(&whole, &streamed(&paths, &settings, &options).0);
    }
    // Without files around the folders, each folder is a chunk of its own.
    let plain = vec![synth_corpus(
        &dir.path().join("plain"),
        Profile::Outlets,
        false,
        11,
    )];
    let one = Options {
        keep: Keep::All,
        batch_bytes: 1,
    };
    let (report, chunks) = streamed(&plain, &settings, &one);
    assert_same(&at_once(&plain, &settings), &report);
    let folders = std::fs::read_dir(&plain[0])
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(chunks, folders);
    for format in [
        Format::Human,
        Format::Jsonl,
        Format::Json,
        Format::Github,
        Format::Sarif,
        Format::Html,
    ] {
        assert_eq!(
            String::from_utf8(rendered(&whole, format)).unwrap(),
            String::from_utf8(rendered_streaming(&paths, &settings, format)).unwrap(),
            "{format:?}"
        );
    }
}

#[test]
fn streaming_groups_extractor_copies_named_families_and_auto_as_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let extractors = corpus(&dir.path().join("x"), Profile::Extractors, false, 5);
    let small = Options {
        keep: Keep::All,
        batch_bytes: 1,
    };
    let paths = vec![extractors.clone()];
    let settings = Settings::default();
    assert_same(
        &at_once(&paths, &settings),
        &streamed(&paths, &settings, &small).0,
    );

    // A manifest joining two folders into one family, other files alone.
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&extractors)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let mut manifest = String::from("path,family\n");
    for (i, folder) in folders.iter().take(4).enumerate() {
        for file in std::fs::read_dir(folder).unwrap() {
            let file = file.unwrap().path();
            manifest.push_str(&format!("{},story-{}\n", file.display(), i / 2));
        }
    }
    let list = dir.path().join("families.csv");
    std::fs::write(&list, manifest).unwrap();
    let mut named = Settings::default();
    named.grouping.mode = group::Mode::Manifest(list);
    assert_same(
        &at_once(&paths, &named),
        &streamed(&paths, &named, &small).0,
    );

    // Auto: one flat folder, families found by the MinHash index.
    let flat = corpus(&dir.path().join("flat"), Profile::Outlets, true, 3);
    let paths = vec![flat];
    let mut auto = Settings::default();
    auto.grouping.mode = group::Mode::Auto;
    let whole = at_once(&paths, &auto);
    assert!(whole.families.iter().any(|f| f.members.len() > 1));
    assert!(whole.grouping.auto_documents > 0);
    assert_same(&whole, &streamed(&paths, &auto, &small).0);
}

#[test]
fn progress_counts_every_document_and_byte() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path(), Profile::Outlets, false, 2);
    let most = std::sync::Mutex::new((0, 0, 0));
    let total = std::sync::Mutex::new((0, 0));
    let options = Options {
        keep: Keep::Findings(Severity::Error),
        batch_bytes: 10_000,
    };
    stream::audit(
        &[root],
        &[],
        &Settings::default(),
        &options,
        &|p| {
            assert_eq!(p.stage, stream::Stage::Auditing);
            let mut most = most.lock().unwrap();
            *most = (
                most.0.max(p.documents),
                most.1.max(p.bytes),
                most.2.max(p.families),
            );
            *total.lock().unwrap() = (p.total_documents, p.total_bytes);
        },
        &mut |_| Ok(()),
    )
    .unwrap();
    let (documents, bytes, families) = most.into_inner().unwrap();
    assert_eq!((documents, bytes), total.into_inner().unwrap());
    assert!(families > 0);
}
