//! splicecheck audits corpora of scraped news articles for corrupted copies.
//!
//! The audit is a pipeline of stages, one module each, with I/O at the edges:
//!
//! 1. [`load`]: paths to [`Document`]s (bytes as on disk) and [`Problem`]s;
//! 2. [`tokenize`]: bytes to tokens with exact byte spans and folded keys;
//! 3. [`group`]: documents to [`Family`]s of copies of one article;
//! 4. [`align`]: pairwise token alignment with `similar`;
//! 5. [`classify`]: every difference region judged;
//! 6. [`mod@reference`]: votes between copies, the family reference, [`Finding`]s,
//!    and [`standalone`]: the checks that need no reference;
//! 7. [`render`]: findings to human, JSON, JSON Lines, SARIF, GitHub Actions
//!    annotation or HTML output.
//!
//! The library never prints; [`render`] writes to any [`std::io::Write`].
//!
//! [`stream`] runs stages 1 to 6 a batch of folders (or named families) at a
//! time, so memory is bounded by the list of paths and the families in
//! flight, and hands the report on in chunks in path order; a
//! [`render::Streamer`] writes them as they come. [`audit_sources`] puts the
//! chunks together into one [`Report`].
//!
//! After the audit, [`repair`] turns findings into byte edits (applied to bytes
//! or rendered as a unified diff) and [`rewrite`] writes a repaired file in
//! place, safely.
//!
//! Two further modules measure the pipeline: [`synth`] builds test corpora
//! with a byte-exact ground truth from clean articles, and [`eval`] scores an
//! audit of such a corpus against that truth.
//!
//! ```
//! use splicecheck::{Document, audit_documents};
//! let reference = "The council approved the new parking levy, which residents had opposed for years. It starts in May.\n";
//! let copy = reference.replace("the new parking levy", "");
//! let report = audit_documents(vec![
//!     Document::new("news/a.txt", reference.as_bytes().to_vec()),
//!     Document::new("news/b.txt", copy.as_bytes().to_vec()),
//! ]);
//! let splice = &report.findings[0];
//! assert_eq!(splice.kind, splicecheck::Kind::Splice);
//! assert_eq!(splice.repair.as_ref().unwrap().replacement, "the new parking levy");
//! ```

#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod baseline;
pub mod boilerplate;
pub mod charset;
pub mod classify;
pub mod config;
pub mod eval;
pub mod finding;
pub mod group;
pub mod jsonl;
pub mod load;
pub mod minhash;
pub mod paths;
pub mod reference;
pub mod render;
pub mod repair;
pub mod rewrite;
pub mod settings;
pub mod standalone;
pub mod stream;
pub mod style;
pub mod synth;
pub mod tokenize;

use rayon::prelude::*;

pub use finding::{Finding, Kind, ReferenceSpan, Repair, Severity};
pub use group::Family;
pub use load::{Document, Problem, Record};
pub use settings::Settings;

/// Everything an audit produced.
#[derive(Debug, Default)]
pub struct Report {
    /// The audited documents, sorted by path.
    pub documents: Vec<Document>,
    /// The families, each listing its members and reference.
    pub families: Vec<Family>,
    /// Every finding, sorted by document and position.
    pub findings: Vec<Finding>,
    /// Paths that could not be audited.
    pub problems: Vec<Problem>,
    /// Families whose alignment hit its deadline (the result may be coarse there).
    pub timed_out: Vec<usize>,
    /// Findings left out because they were known and accepted.
    pub suppressed: settings::Suppressed,
    /// What grouping did (the work of the MinHash index, when used).
    pub grouping: group::Stats,
}

impl Report {
    /// The most serious severity among the findings, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// True when an input could not be read.
    pub fn had_io_error(&self) -> bool {
        self.problems.iter().any(|p| p.fatal)
    }

    /// Adds the next chunk of a streaming audit ([`stream::audit`]) to the
    /// report: its documents, families and findings follow those already
    /// here, their indices shifted accordingly.
    pub fn append(&mut self, chunk: stream::Chunk) {
        let r = chunk.report;
        let (docs, families) = (self.documents.len(), self.families.len());
        self.documents.extend(r.documents);
        self.families.extend(r.families.into_iter().map(|mut f| {
            f.members.iter_mut().for_each(|m| *m += docs);
            f.reference = f.reference.map(|m| m + docs);
            f
        }));
        self.findings.extend(r.findings.into_iter().map(|mut f| {
            f.doc += docs;
            f.family += families;
            if let Some(span) = &mut f.reference {
                span.doc += docs;
            }
            f
        }));
        self.timed_out
            .extend(r.timed_out.into_iter().map(|f| f + families));
        self.suppressed.config += r.suppressed.config;
        self.suppressed.baseline += r.suppressed.baseline;
    }
}

/// Loads the paths (files matching `glob` inside folders) and audits them
/// with the default settings.
pub fn audit_paths(paths: &[std::path::PathBuf], glob: &str) -> anyhow::Result<Report> {
    let settings = Settings {
        include: vec![glob.to_string()],
        ..Settings::default()
    };
    audit_paths_with(paths, &settings)
}

/// Loads the paths (the files the settings include inside folders) and audits them.
/// With [`group::Mode::Manifest`], the manifest file is read first.
pub fn audit_paths_with(
    paths: &[std::path::PathBuf],
    settings: &Settings,
) -> anyhow::Result<Report> {
    audit_sources(paths, &[], settings)
}

/// Loads the paths (files and folders) and the JSON Lines files (`-` for
/// standard input; see [`jsonl`]) and audits all their documents together.
/// With [`group::Mode::Manifest`], the manifest file is read first.
///
/// The audit runs as [`stream::audit`] does, a few families at a time, and
/// the chunks are put together into one report holding every document's bytes.
pub fn audit_sources(
    paths: &[std::path::PathBuf],
    jsonl_files: &[std::path::PathBuf],
    settings: &Settings,
) -> anyhow::Result<Report> {
    let mut report = Report::default();
    let outcome = stream::audit(
        paths,
        jsonl_files,
        settings,
        &stream::Options::default(),
        &|_| {},
        &mut |chunk| {
            report.append(chunk);
            Ok(())
        },
    )?;
    report.problems = outcome.problems;
    report.grouping = outcome.grouping;
    Ok(report)
}

/// Audits documents already in memory with the default settings, grouping
/// them by folder.
pub fn audit_documents(documents: Vec<Document>) -> Report {
    audit_documents_with(documents, &Settings::default())
}

/// Audits documents already in memory, grouping them as the settings say:
/// a document with a family of its own ([`Document::family`]) with the others
/// of that name, the rest by folder, by the MinHash index
/// ([`group::Mode::Auto`]) or, with a manifest, as singletons.
pub fn audit_documents_with(documents: Vec<Document>, settings: &Settings) -> Report {
    audit_batch(documents, &[], settings, &|_, _| {})
}

/// Audits documents already in memory as [`audit_documents_with`] does, but
/// a document `i` with `groups[i]` set looks for its copies only among the
/// documents of that group (formed beforehand, [`group::Key::Group`]).
/// `done` is told of every family audited: its members and their bytes.
pub(crate) fn audit_batch(
    documents: Vec<Document>,
    groups: &[Option<usize>],
    settings: &Settings,
    done: &(dyn Fn(usize, u64) + Sync),
) -> Report {
    let keys: Vec<group::Key<'_>> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            match (
                groups.get(i).copied().flatten(),
                &d.family,
                &settings.grouping.mode,
            ) {
                (Some(g), _, _) => group::Key::Group(g),
                (None, Some(name), _) => group::Key::Named(name),
                (None, None, group::Mode::Folder) => group::Key::Folder(&d.folder),
                (None, None, group::Mode::Auto) => group::Key::Auto,
                (None, None, group::Mode::Manifest(_)) => group::Key::Alone,
            }
        })
        .collect();
    // Each document is tokenised and its shingles taken in one task, while
    // its text is at hand. Across the whole corpus all words count; among
    // the documents a folder or a name groups, those of their lines of text.
    let (texts, sets): (Vec<tokenize::Text>, Vec<Vec<u64>>) = (&documents, &keys)
        .into_par_iter()
        .map(|(d, k)| {
            let t = tokenize::tokenize(&d.bytes);
            let set = match k {
                group::Key::Auto => group::shingles(&t),
                _ => group::content_shingles(&t, &d.bytes),
            };
            (t, set)
        })
        .unzip();
    let (mut families, grouping) = group::group_by_key(&keys, &sets, &settings.grouping);
    drop(sets);
    // A family's task also runs the reference-free checks of its members.
    let audits: Vec<_> = families
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let audit = reference::audit_family(f, i, &documents, &texts, settings);
            let singleton = f.is_singleton();
            let standalone: Vec<(usize, Vec<Finding>)> = f
                .members
                .iter()
                .map(|&doc| {
                    let findings = standalone::check(
                        doc,
                        i,
                        &documents[doc].bytes,
                        &texts[doc],
                        singleton,
                        settings,
                    );
                    (doc, findings)
                })
                .collect();
            let bytes = f.members.iter().map(|&m| documents[m].bytes.len() as u64);
            done(f.members.len(), bytes.sum());
            (audit, standalone)
        })
        .collect();
    let mut findings = Vec::new();
    let mut timed_out = Vec::new();
    let mut standalone: Vec<Vec<Finding>> = vec![Vec::new(); documents.len()];
    for (i, (family, (audit, checked))) in families.iter_mut().zip(audits).enumerate() {
        family.reference = audit.reference;
        findings.extend(audit.findings);
        if audit.timed_out {
            timed_out.push(i);
        }
        for (doc, found) in checked {
            standalone[doc] = found;
        }
    }
    let members: Vec<&[usize]> = families.iter().map(|f| f.members.as_slice()).collect();
    let bytes: Vec<&[u8]> = documents.iter().map(|d| d.bytes.as_slice()).collect();
    standalone::demote_shared_repeats(&mut standalone, &bytes, &texts, &members);
    drop(bytes);
    drop(texts);
    findings.extend(standalone.into_iter().flatten());
    findings.sort_by_key(Finding::sort_key);
    let suppressed = settings::Suppressed {
        config: settings.apply(&mut findings, &documents),
        baseline: 0,
    };
    Report {
        documents,
        families,
        findings,
        problems: Vec::new(),
        timed_out,
        suppressed,
        grouping,
    }
}
