//! Streaming audit: the corpus a few families at a time, so memory is
//! bounded by the list of paths plus the families in flight, not by the size
//! of the corpus.
//!
//! [`audit`] lists the files first (paths and sizes only,
//! [`load::enumerate`]) and forms the groups of candidates from the paths
//! alone: the files of one folder, or the documents given one family name (a
//! manifest, a JSON Lines `family` field). The groups are then audited in
//! batches of about [`Options::batch_bytes`] bytes of text, the documents of
//! a batch in parallel: read, tokenised, grouped into families by shared text
//! ([`group`]), audited, and their bytes and tokens dropped. A [`Chunk`] of
//! the report goes to the sink as soon as its documents and every document
//! before them in path order are done: the same documents, families (and
//! family ids), findings and order as the whole report of
//! [`crate::audit_sources`], cut into consecutive pieces.
//!
//! With [`group::Mode::Auto`] the MinHash index needs the whole corpus: a
//! first pass reads every document once and keeps only its shingle set; the
//! families found are then audited in batches like folders (their files read
//! again). Chunks then come late, as families spread over the whole corpus.
//!
//! JSON Lines records are read whole first: the text of a record is held until
//! its family is audited.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::{Document, Family, Finding, Problem, Report, Settings, Severity};
use crate::{group, jsonl, load, paths};

/// Bytes of text audited together in one batch, per thread, unless
/// configured: enough families to keep every thread busy to the end of a
/// batch, few enough that memory stays small (tokens, keys and shingles take
/// several times the bytes of the text).
pub const BATCH_BYTES_PER_THREAD: u64 = 2 << 20;

/// The default batch size for `threads` threads: [`BATCH_BYTES_PER_THREAD`]
/// each, at least 4 MB.
pub fn batch_bytes(threads: usize) -> u64 {
    (threads as u64 * BATCH_BYTES_PER_THREAD).max(4 << 20)
}

/// How a streaming audit runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Which documents keep their bytes in the chunks.
    pub keep: Keep,
    /// About how many bytes of text are audited together (a group of
    /// candidates larger than this is still audited whole).
    pub batch_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            keep: Keep::All,
            batch_bytes: batch_bytes(rayon::current_num_threads()),
        }
    }
}

/// Which documents of a [`Chunk`] keep their bytes ([`Document::bytes`]);
/// the others come with their bytes emptied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every document.
    All,
    /// Only what rendering findings of this severity or above needs: the
    /// documents with such findings, the reference documents they point to
    /// and the references of their families.
    Findings(Severity),
}

/// A piece of the report: consecutive documents in path order and their
/// families and findings. Indices inside [`Chunk::report`] are local to the
/// chunk (document 0 is the chunk's first document); family ids are those of
/// the whole audit. `report.suppressed` holds counts to be summed over the
/// chunks; `report.problems` and `report.grouping` are empty (see
/// [`Outcome`]).
#[derive(Debug)]
pub struct Chunk {
    /// The chunk's documents, families and findings.
    pub report: Report,
    /// The position of the chunk's first document in the whole audit.
    pub first_document: usize,
    /// The position of the chunk's first family in the whole audit.
    pub first_family: usize,
}

/// What a streaming audit is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading the documents for the MinHash index ([`group::Mode::Auto`]).
    Indexing,
    /// Auditing families.
    Auditing,
}

/// How far a streaming audit has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// What is being done.
    pub stage: Stage,
    /// Documents done in this stage (paths not audited count as done).
    pub documents: usize,
    /// Documents listed.
    pub total_documents: usize,
    /// Bytes done in this stage.
    pub bytes: u64,
    /// Bytes listed.
    pub total_bytes: u64,
    /// Families audited.
    pub families: usize,
}

/// What a streaming audit leaves besides its chunks.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Paths that could not be audited, in the order of [`Report::problems`].
    pub problems: Vec<Problem>,
    /// What grouping did (the work of the MinHash index, when used).
    pub grouping: group::Stats,
    /// Documents audited.
    pub documents: usize,
    /// Families formed.
    pub families: usize,
}

/// One document to audit: a file not read yet, or a record already in memory.
struct Slot {
    /// The file (boxed to its length: one per document is held all along).
    path: Box<std::path::Path>,
    size: u64,
    family: Option<String>,
    /// A JSON Lines record (boxed: most slots are files, and there may be
    /// millions).
    loaded: Option<Box<Document>>,
}

impl Slot {
    fn path(&self) -> &std::path::Path {
        self.loaded.as_ref().map_or(&self.path, |d| &d.path)
    }
}

/// Where a document looks for its copies, from its path and family alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Candidates {
    Folder(PathBuf),
    Named(String),
    Auto,
    Alone,
}

/// A family as held between its audit and its chunk: members and reference
/// are slots.
struct HeldFamily {
    members: Vec<usize>,
    reference: Option<usize>,
    timed_out: bool,
}

/// The results of one batch for one span of slots: documents (by slot),
/// families, and findings whose `doc` and `reference.doc` are slots and
/// whose `family` indexes `families`.
#[derive(Default)]
struct Piece {
    documents: Vec<(usize, Document)>,
    families: Vec<HeldFamily>,
    findings: Vec<Finding>,
    suppressed: usize,
}

/// Slots whose groups overlap in path order: a chunk is emitted when all of
/// a span's groups are audited.
#[derive(Default)]
struct Span {
    groups_left: usize,
    pieces: Vec<Piece>,
}

struct Counters<'a> {
    stage: Stage,
    documents: AtomicUsize,
    bytes: AtomicU64,
    families: AtomicUsize,
    total_documents: usize,
    total_bytes: u64,
    report: &'a (dyn Fn(&Progress) + Sync),
}

impl<'a> Counters<'a> {
    fn new(
        stage: Stage,
        total_documents: usize,
        total_bytes: u64,
        report: &'a (dyn Fn(&Progress) + Sync),
    ) -> Counters<'a> {
        Counters {
            stage,
            documents: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            families: AtomicUsize::new(0),
            total_documents,
            total_bytes,
            report,
        }
    }

    fn add(&self, documents: usize, bytes: u64, families: usize) {
        let progress = Progress {
            stage: self.stage,
            documents: self.documents.fetch_add(documents, Ordering::Relaxed) + documents,
            total_documents: self.total_documents,
            bytes: self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes,
            total_bytes: self.total_bytes,
            families: self.families.fetch_add(families, Ordering::Relaxed) + families,
        };
        (self.report)(&progress);
    }
}

/// Audits the paths (files and folders) and the JSON Lines files (`-` for
/// standard input) as [`crate::audit_sources`] does, handing the report to
/// `sink` in [`Chunk`]s, in path order, as they are done. `progress` is told
/// how far the audit has got (from the worker threads). Returns the problems
/// and grouping work; an error from the sink stops the audit.
pub fn audit(
    paths: &[PathBuf],
    jsonl_files: &[PathBuf],
    settings: &Settings,
    options: &Options,
    progress: &(dyn Fn(&Progress) + Sync),
    sink: &mut dyn FnMut(Chunk) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    let filter = load::FileFilter::new(
        &settings.include,
        &settings.exclude,
        settings.base.as_deref(),
    )?;
    let (files, mut problems) = load::enumerate(paths, &filter);
    let mut slots: Vec<Slot> = files
        .into_iter()
        .map(|f| Slot {
            path: f.path.into_boxed_path(),
            size: f.size,
            family: None,
            loaded: None,
        })
        .collect();
    let mut record_problems = Vec::new();
    for file in jsonl_files {
        let records = jsonl::read_file(file, &settings.fields);
        slots.extend(records.documents.into_iter().map(|doc| Slot {
            path: PathBuf::new().into_boxed_path(),
            size: doc.bytes.len() as u64,
            family: doc.family.clone(),
            loaded: Some(Box::new(doc)),
        }));
        record_problems.extend(records.problems);
    }
    if let group::Mode::Manifest(file) = &settings.grouping.mode {
        let manifest = load::read_manifest(file)?;
        for slot in &mut slots {
            if let Some(family) = manifest.get(&paths::from_cwd(slot.path())) {
                slot.family = Some(family.clone());
            }
        }
    }

    // The groups of candidates, from paths and family names alone.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: HashMap<Candidates, usize> = HashMap::new();
    let mut auto = Vec::new();
    for (i, slot) in slots.iter().enumerate() {
        let key = match (&slot.family, &settings.grouping.mode) {
            (Some(name), _) => Candidates::Named(name.clone()),
            (None, group::Mode::Folder) => Candidates::Folder(match &slot.loaded {
                Some(d) => d.folder.clone(),
                None => slot.path.parent().map(PathBuf::from).unwrap_or_default(),
            }),
            (None, group::Mode::Auto) => Candidates::Auto,
            (None, group::Mode::Manifest(_)) => Candidates::Alone,
        };
        match key {
            Candidates::Alone => groups.push(vec![i]),
            Candidates::Auto => auto.push(i),
            key => {
                let g = *by_key.entry(key).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[g].push(i);
            }
        }
    }
    drop(by_key);
    let total_documents = slots.len();
    let total_bytes = slots.iter().map(|s| s.size).sum();
    let mut read_problems: Vec<(usize, Problem)> = Vec::new();
    let mut outcome = Outcome::default();
    // For documents grouped by the MinHash index: the group formed beforehand.
    let mut formed: Vec<Option<usize>> = Vec::new();
    if !auto.is_empty() {
        let counters = Counters::new(Stage::Indexing, total_documents, total_bytes, progress);
        let (families, stats) = index(
            &slots,
            &auto,
            settings,
            options,
            &counters,
            &mut read_problems,
        );
        outcome.grouping = stats;
        formed = vec![None; slots.len()];
        for family in families {
            for &m in &family {
                formed[m] = Some(groups.len());
            }
            groups.push(family);
        }
    }
    groups.sort_unstable_by_key(|g| g[0]);

    // Spans: groups that overlap in path order are emitted together.
    let mut span_of: Vec<usize> = Vec::with_capacity(groups.len());
    let mut spans: Vec<Span> = Vec::new();
    let mut end = 0;
    for g in &groups {
        if spans.is_empty() || g[0] >= end {
            spans.push(Span::default());
        }
        end = end.max(g[g.len() - 1] + 1);
        span_of.push(spans.len() - 1);
        spans.last_mut().expect("a span").groups_left += 1;
    }

    let counters = Counters::new(Stage::Auditing, total_documents, total_bytes, progress);
    // Batches of whole groups of about `batch_bytes` each.
    let mut batches: Vec<Vec<usize>> = Vec::new();
    let mut next = 0;
    while next < groups.len() {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while next < groups.len() && (batch.is_empty() || bytes < options.batch_bytes) {
            bytes += groups[next].iter().map(|&s| slots[s].size).sum::<u64>();
            batch.push(next);
            next += 1;
        }
        batches.push(batch);
    }
    // The slots of a batch in path order, each with its span, and the
    // records already in memory taken out of their slots.
    let take = |batch: &[usize], slots: &mut [Slot]| {
        let mut in_batch: Vec<(usize, usize)> = batch
            .iter()
            .flat_map(|&g| {
                let span = span_of[g];
                groups[g].iter().map(move |&s| (s, span))
            })
            .collect();
        in_batch.sort_unstable();
        let sources: Vec<(usize, Option<Document>)> = in_batch
            .iter()
            .map(|&(s, _)| (s, slots[s].loaded.take().map(|d| *d)))
            .collect();
        (in_batch, sources)
    };
    let mut next_span = 0;
    // A batch's slots and its documents as read.
    let mut current = batches.first().map(|b| {
        let (in_batch, sources) = take(b, &mut slots);
        (in_batch, read_sources(sources, &slots))
    });
    for (b, batch) in batches.iter().enumerate() {
        let (in_batch, read) = current.take().expect("a batch read");
        let mut documents = Vec::with_capacity(read.len());
        let mut doc_slots = Vec::with_capacity(read.len());
        let mut doc_groups = Vec::new();
        let mut unread = (0, 0);
        for (s, doc) in read {
            match doc {
                Ok(doc) => {
                    documents.push(doc);
                    doc_slots.push(s);
                    if !formed.is_empty() {
                        doc_groups.push(formed[s]);
                    }
                }
                Err(problem) => {
                    unread.0 += 1;
                    unread.1 += slots[s].size;
                    read_problems.push((s, problem));
                }
            }
        }
        // The next batch is read while this one is audited.
        let (next_in_batch, sources) = batches
            .get(b + 1)
            .map(|next| take(next, &mut slots))
            .unzip();
        let slots = &slots;
        let (report, next_read) = rayon::join(
            || {
                crate::audit_batch(documents, &doc_groups, settings, &|docs, bytes| {
                    counters.add(docs, bytes, 1);
                })
            },
            || sources.map(|sources| read_sources(sources, slots)),
        );
        current = next_in_batch.zip(next_read);
        counters.add(unread.0, unread.1, 0);
        let span_of_slot: HashMap<usize, usize> = in_batch.into_iter().collect();
        for (span, piece) in split(report, &doc_slots, &span_of_slot, options.keep) {
            spans[span].pieces.push(piece);
        }
        for &g in batch {
            spans[span_of[g]].groups_left -= 1;
        }
        while next_span < spans.len() && spans[next_span].groups_left == 0 {
            let pieces = std::mem::take(&mut spans[next_span].pieces);
            next_span += 1;
            let chunk = assemble(pieces, outcome.documents, outcome.families);
            outcome.documents += chunk.report.documents.len();
            outcome.families += chunk.report.families.len();
            sink(chunk)?;
        }
    }
    read_problems.sort_by_key(|(s, _)| *s);
    problems.extend(read_problems.into_iter().map(|(_, p)| p));
    problems.extend(record_problems);
    outcome.problems = problems;
    Ok(outcome)
}

/// Reads the files of a batch in parallel, in the order given; a record
/// already in memory is taken as it is. Each document gets its slot's
/// family name.
fn read_sources(
    sources: Vec<(usize, Option<Document>)>,
    slots: &[Slot],
) -> Vec<(usize, Result<Document, Problem>)> {
    sources
        .into_par_iter()
        .map(|(s, loaded)| {
            let doc = match loaded {
                Some(doc) => Ok(doc),
                None => load::read(&slots[s].path),
            };
            (
                s,
                doc.map(|mut d| {
                    d.family = slots[s].family.clone();
                    d
                }),
            )
        })
        .collect()
}

/// The indexing pass of [`group::Mode::Auto`]: reads the documents of
/// `auto` (slots) a batch at a time, keeps their shingle sets only, and
/// groups them with the MinHash index. Returns the families as slots
/// (members ascending) and the index's work; files that cannot be audited
/// become problems and are left out of the families.
fn index(
    slots: &[Slot],
    auto: &[usize],
    settings: &Settings,
    options: &Options,
    counters: &Counters<'_>,
    problems: &mut Vec<(usize, Problem)>,
) -> (Vec<Vec<usize>>, group::Stats) {
    let mut present = Vec::with_capacity(auto.len());
    let mut sets: Vec<Vec<u64>> = Vec::with_capacity(auto.len());
    let mut next = 0;
    while next < auto.len() {
        let start = next;
        let mut bytes = 0;
        while next < auto.len() && (next == start || bytes < options.batch_bytes) {
            bytes += slots[auto[next]].size;
            next += 1;
        }
        let batch: Vec<(usize, Result<Vec<u64>, Problem>)> = auto[start..next]
            .par_iter()
            .map(|&s| {
                let slot = &slots[s];
                let set = match &slot.loaded {
                    Some(doc) => Ok(group::shingles(&crate::tokenize::tokens_of(&doc.bytes))),
                    None => load::read(&slot.path)
                        .map(|doc| group::shingles(&crate::tokenize::tokens_of(&doc.bytes))),
                };
                counters.add(1, slot.size, 0);
                (s, set)
            })
            .collect();
        for (s, set) in batch {
            match set {
                Ok(set) => {
                    present.push(s);
                    sets.push(set);
                }
                Err(problem) => problems.push((s, problem)),
            }
        }
    }
    let keys = vec![group::Key::Auto; present.len()];
    let (families, stats) = group::group_by_key(&keys, &sets, &settings.grouping);
    let families = families
        .into_iter()
        .map(|f| f.members.into_iter().map(|m| present[m]).collect())
        .collect();
    (families, stats)
}

/// Cuts the report of one batch (documents at `doc_slots`) into pieces by
/// span, dropping the bytes `keep` does not need.
fn split(
    report: Report,
    doc_slots: &[usize],
    span_of_slot: &HashMap<usize, usize>,
    keep: Keep,
) -> Vec<(usize, Piece)> {
    let Report {
        documents,
        families,
        findings,
        timed_out,
        suppressed,
        ..
    } = report;
    let mut needed = vec![keep == Keep::All; documents.len()];
    if let Keep::Findings(min) = keep {
        for f in findings.iter().filter(|f| f.severity >= min) {
            needed[f.doc] = true;
            if let Some(r) = &f.reference {
                needed[r.doc] = true;
            }
            if let Some(r) = families[f.family].reference {
                needed[r] = true;
            }
        }
    }
    let mut pieces: Vec<(usize, Piece)> = Vec::new();
    let mut piece_of_span: HashMap<usize, usize> = HashMap::new();
    let mut piece = |slot: usize, pieces: &mut Vec<(usize, Piece)>| -> usize {
        let span = span_of_slot[&slot];
        *piece_of_span.entry(span).or_insert_with(|| {
            pieces.push((span, Piece::default()));
            pieces.len() - 1
        })
    };
    for (d, mut doc) in documents.into_iter().enumerate() {
        if !needed[d] {
            doc.bytes = Vec::new();
        }
        let p = piece(doc_slots[d], &mut pieces);
        pieces[p].1.documents.push((doc_slots[d], doc));
    }
    // Where each family of the batch went: its piece and index there.
    let mut placed = Vec::with_capacity(families.len());
    for (i, f) in families.into_iter().enumerate() {
        let p = piece(doc_slots[f.members[0]], &mut pieces);
        let held = &mut pieces[p].1.families;
        placed.push((p, held.len()));
        held.push(HeldFamily {
            members: f.members.iter().map(|&m| doc_slots[m]).collect(),
            reference: f.reference.map(|r| doc_slots[r]),
            timed_out: timed_out.contains(&i),
        });
    }
    for mut f in findings {
        let (p, index) = placed[f.family];
        f.family = index;
        f.doc = doc_slots[f.doc];
        if let Some(r) = &mut f.reference {
            r.doc = doc_slots[r.doc];
        }
        pieces[p].1.findings.push(f);
    }
    if let Some((_, first)) = pieces.first_mut() {
        first.suppressed = suppressed.config;
    }
    pieces
}

/// Puts the pieces of one span together into a chunk whose first document
/// and family are `first_document` and `first_family` of the whole audit.
fn assemble(pieces: Vec<Piece>, first_document: usize, first_family: usize) -> Chunk {
    let mut documents: Vec<(usize, Document)> = Vec::new();
    let mut families: Vec<(usize, usize, HeldFamily)> = Vec::new();
    let mut findings: Vec<(usize, Finding)> = Vec::new();
    let mut suppressed = 0;
    for (p, piece) in pieces.into_iter().enumerate() {
        documents.extend(piece.documents);
        families.extend(
            piece
                .families
                .into_iter()
                .enumerate()
                .map(|(i, f)| (p, i, f)),
        );
        findings.extend(piece.findings.into_iter().map(|f| (p, f)));
        suppressed += piece.suppressed;
    }
    documents.sort_by_key(|(s, _)| *s);
    let local: HashMap<usize, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (*s, i))
        .collect();
    families.sort_by_key(|(_, _, f)| f.members[0]);
    let family_index: HashMap<(usize, usize), usize> = families
        .iter()
        .enumerate()
        .map(|(n, (p, i, _))| ((*p, *i), n))
        .collect();
    let mut findings: Vec<Finding> = findings
        .into_iter()
        .map(|(p, mut f)| {
            f.family = family_index[&(p, f.family)];
            f.doc = local[&f.doc];
            if let Some(r) = &mut f.reference {
                r.doc = local[&r.doc];
            }
            f
        })
        .collect();
    findings.sort_by_key(Finding::sort_key);
    let timed_out = families
        .iter()
        .enumerate()
        .filter(|(_, (_, _, f))| f.timed_out)
        .map(|(n, _)| n)
        .collect();
    let families = families
        .into_iter()
        .enumerate()
        .map(|(n, (_, _, f))| Family {
            id: format!("f{}", first_family + n + 1),
            members: f.members.iter().map(|m| local[m]).collect(),
            reference: f.reference.map(|r| local[&r]),
        })
        .collect();
    Chunk {
        report: Report {
            documents: documents.into_iter().map(|(_, d)| d).collect(),
            families,
            findings,
            problems: Vec::new(),
            timed_out,
            suppressed: crate::settings::Suppressed {
                config: suppressed,
                baseline: 0,
            },
            grouping: group::Stats::default(),
        },
        first_document,
        first_family,
    }
}
