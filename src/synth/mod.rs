//! Synthetic test corpora with a byte-exact ground truth.
//!
//! [`build`] turns clean articles into families of copies, each restyled the
//! way a different outlet would publish it (quote and dash style, paragraph
//! breaks, hard wraps, CRLF line endings, header and footer boilerplate,
//! editorial trims), corrupts some copies (splices, truncations, mojibake,
//! duplicated text, invalid bytes) and records every corruption in a
//! [`Truth`]: byte offsets into the final file and the repair that restores
//! the uncorrupted copy. Unrelated articles are added to the folders as
//! distractors, some of them sharing a quoted sentence with the family's
//! article. Every choice is drawn from one seed, so the same articles and
//! [`Config`] always give the same bytes.
//!
//! That is the [`Profile::Outlets`] profile. Under [`Profile::Extractors`]
//! the copies of a family are instead what different HTML article extractors
//! make of one web page (see the `extractors` module): the same words laid out
//! differently, with or without the page's captions, links, navigation and
//! footer, and a teaser that stops after part of the first paragraph.
//!
//! [`generate`] is the edge: it reads the articles from a folder, builds the
//! corpus and writes it, with `truth.json` next to the family folders.

mod extractors;

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// Version of the truth file format.
pub const TRUTH_VERSION: u32 = 1;

/// Name of the truth file in the output folder.
pub const TRUTH_FILE: &str = "truth.json";

/// A corruption the generator can apply to a copy.
///
/// [`CorruptionKind::code`] equals [`crate::Kind::code`] for the kinds the
/// detector reports under the same name (`splice`, `truncation`, `encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CorruptionKind {
    /// Words deleted inside a paragraph, starting and ending mid-sentence.
    Splice,
    /// The article text stops mid-sentence (footer lines may still follow).
    Truncation,
    /// A stretch of text decoded as Windows-1252 although it was UTF-8.
    Mojibake,
    /// A paragraph or sentence repeated right after itself.
    Duplication,
    /// Bytes that are not valid UTF-8 (or a NUL byte) inserted inside a word.
    Encoding,
}

impl CorruptionKind {
    /// Every kind, in a fixed order.
    pub const ALL: [CorruptionKind; 5] = [
        CorruptionKind::Splice,
        CorruptionKind::Truncation,
        CorruptionKind::Mojibake,
        CorruptionKind::Duplication,
        CorruptionKind::Encoding,
    ];

    /// The stable kebab-case code, as written in the truth file.
    pub fn code(self) -> &'static str {
        match self {
            CorruptionKind::Splice => "splice",
            CorruptionKind::Truncation => "truncation",
            CorruptionKind::Mojibake => "mojibake",
            CorruptionKind::Duplication => "duplication",
            CorruptionKind::Encoding => "encoding",
        }
    }

    /// How often the kind is drawn relative to the others.
    fn weight(self) -> u64 {
        match self {
            CorruptionKind::Splice => 3,
            CorruptionKind::Truncation => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for CorruptionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for CorruptionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<CorruptionKind, String> {
        let s = s.trim();
        CorruptionKind::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown corruption kind {s:?} (expected splice, truncation, mojibake, duplication or encoding)"
                )
            })
    }
}

/// The ground truth of a synthetic corpus, as written to `truth.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Truth {
    /// Format version ([`TRUTH_VERSION`]).
    pub version: u32,
    /// The seed the corpus was generated from.
    pub seed: u64,
    /// Every generated document, sorted by path.
    pub documents: Vec<TruthDocument>,
}

impl Truth {
    /// Number of family folders.
    pub fn families(&self) -> usize {
        self.documents
            .iter()
            .map(|d| &d.family)
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// A one-line summary: documents, families, corruptions by kind.
    pub fn summary(&self) -> String {
        let copies = self
            .documents
            .iter()
            .filter(|d| d.role == Role::Copy)
            .count();
        let corrupted = self
            .documents
            .iter()
            .filter(|d| !d.corruptions.is_empty())
            .count();
        let kinds: Vec<String> = CorruptionKind::ALL
            .iter()
            .filter_map(|k| {
                let n = self
                    .documents
                    .iter()
                    .flat_map(|d| &d.corruptions)
                    .filter(|c| c.kind == k.code())
                    .count();
                (n > 0).then(|| format!("{n} {k}"))
            })
            .collect();
        format!(
            "{} documents in {} families ({} copies, {} distractors); corrupted copies: {}{}",
            self.documents.len(),
            self.families(),
            copies,
            self.documents.len() - copies,
            corrupted,
            if kinds.is_empty() {
                String::new()
            } else {
                format!(" ({})", kinds.join(", "))
            }
        )
    }
}

/// What a document is in its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A copy of the family's article.
    Copy,
    /// An unrelated article placed in the same folder.
    Distractor,
}

/// One generated document and its corruptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthDocument {
    /// Path relative to the folder holding the truth file, `/`-separated.
    pub path: String,
    /// Name of the family folder.
    pub family: String,
    /// The input article the document was made from (its path relative to
    /// the input folder): copies of one family share it, and a distractor
    /// shares it with the family built on that article, if any. Absent in
    /// older truth files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Copy or distractor.
    pub role: Role,
    /// The corruptions applied to this document (empty for a clean one).
    pub corruptions: Vec<Corruption>,
}

/// One corruption, with byte offsets into the corrupted file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corruption {
    /// The [`CorruptionKind::code`].
    pub kind: String,
    /// First byte (for a loss, the junction where the text must go back).
    pub start: usize,
    /// One past the last byte (equal to `start` for a loss).
    pub end: usize,
    /// The text the corruption removed or replaced (empty when it only added bytes).
    pub missing: String,
    /// The edit that restores the uncorrupted document.
    pub repair: TruthRepair,
}

/// An edit on a document: replace bytes `start..end` by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthRepair {
    /// First byte to replace.
    pub start: usize,
    /// One past the last byte to replace.
    pub end: usize,
    /// The text to put there.
    pub replacement: String,
}

impl TruthRepair {
    /// The document with the edit applied, or `None` when the range does not fit.
    pub fn apply(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        apply_edit(bytes, self.start, self.end, self.replacement.as_bytes())
    }
}

/// Replaces `bytes[start..end]` by `replacement`; `None` when the range does not fit.
pub fn apply_edit(bytes: &[u8], start: usize, end: usize, replacement: &[u8]) -> Option<Vec<u8>> {
    if start > end || end > bytes.len() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() - (end - start) + replacement.len());
    out.extend_from_slice(&bytes[..start]);
    out.extend_from_slice(replacement);
    out.extend_from_slice(&bytes[end..]);
    Some(out)
}

/// How the copies of a family are made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Each copy restyled the way a different outlet publishes the article.
    #[default]
    Outlets,
    /// Each copy the output of a different HTML article extractor run on one
    /// web page (plain text, readability, a markdown dump of the whole page,
    /// one line, block text, a teaser). Only splice and truncation are drawn.
    Extractors,
}

impl Profile {
    /// Every profile, in a fixed order.
    pub const ALL: [Profile; 2] = [Profile::Outlets, Profile::Extractors];

    /// The stable name, as given on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Outlets => "outlets",
            Profile::Extractors => "extractors",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Profile, String> {
        let s = s.trim();
        Profile::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown profile {s:?} (expected outlets or extractors)"))
    }
}

/// What to generate (everything but the input and output folders).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The seed every random choice is drawn from.
    pub seed: u64,
    /// How the copies of a family are made.
    pub profile: Profile,
    /// Number of families; `None` uses every article once.
    pub families: Option<usize>,
    /// Fewest copies per family (at least 2).
    pub min_copies: usize,
    /// Most copies per family.
    pub max_copies: usize,
    /// Share of families (0 to 1) with a corrupted copy.
    pub corrupt_share: f64,
    /// The corruptions to draw from (splice is drawn most often, then truncation).
    pub kinds: Vec<CorruptionKind>,
    /// Most unrelated articles per family folder (each folder gets 0 to this many).
    pub distractors: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: 0,
            profile: Profile::Outlets,
            families: None,
            min_copies: 2,
            max_copies: 5,
            corrupt_share: 0.5,
            kinds: CorruptionKind::ALL.to_vec(),
            distractors: 2,
        }
    }
}

impl Config {
    /// Checks that the options make sense together.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.min_copies < 2 {
            bail!("--min-copies must be at least 2 (a family needs two copies to compare)");
        }
        if self.max_copies < self.min_copies {
            bail!(
                "--max-copies ({}) is below --min-copies ({})",
                self.max_copies,
                self.min_copies
            );
        }
        if self.max_copies > 99 {
            bail!("--max-copies must be at most 99");
        }
        if !(0.0..=1.0).contains(&self.corrupt_share) {
            bail!("--corrupt-share must be between 0 and 1");
        }
        if self.kinds.is_empty() {
            bail!("--kinds names no corruption kind");
        }
        if self.profile == Profile::Extractors
            && !self
                .kinds
                .iter()
                .any(|k| matches!(k, CorruptionKind::Splice | CorruptionKind::Truncation))
        {
            bail!("--profile extractors draws only splice and truncation; --kinds names neither");
        }
        if self.families == Some(0) {
            bail!("--families must be at least 1");
        }
        Ok(())
    }
}

/// Where to read the articles, where to write the corpus, and what to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Folder of clean articles (`*.txt`, searched recursively).
    pub from: PathBuf,
    /// Folder the corpus is written to: missing, empty, or an earlier output
    /// (whose files are replaced).
    pub out: PathBuf,
    /// What to generate.
    pub config: Config,
    /// Write every document into one folder under shuffled names
    /// ([`flatten`]), so that the folders do not tell the families apart.
    pub flat: bool,
}

/// A clean article: a title and paragraphs of sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// Where the article came from (its path relative to the input folder).
    pub name: String,
    /// The title (the first line of the file).
    pub title: String,
    /// The paragraphs, each a list of sentences whose words are separated by single spaces.
    pub paragraphs: Vec<Vec<String>>,
}

/// Fewest paragraphs an input article needs.
const MIN_PARAGRAPHS: usize = 2;
/// Fewest words an input article needs.
const MIN_WORDS: usize = 40;

impl Article {
    /// Parses an article: the first non-blank line is the title, paragraphs are
    /// separated by blank lines (lines inside a paragraph are joined). `None`
    /// when the text is too short to make a useful family (fewer than two
    /// paragraphs or forty words).
    pub fn parse(name: &str, text: &str) -> Option<Article> {
        let mut lines = text.strip_prefix('\u{feff}').unwrap_or(text).lines();
        let title = loop {
            let line = lines.next()?;
            if !line.trim().is_empty() {
                break line.split_whitespace().collect::<Vec<_>>().join(" ");
            }
        };
        let mut paragraphs = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        for line in lines {
            if line.trim().is_empty() {
                if !words.is_empty() {
                    paragraphs.push(split_sentences(&words));
                    words.clear();
                }
            } else {
                words.extend(line.split_whitespace());
            }
        }
        if !words.is_empty() {
            paragraphs.push(split_sentences(&words));
        }
        let article = Article {
            name: name.to_string(),
            title,
            paragraphs,
        };
        (article.paragraphs.len() >= MIN_PARAGRAPHS && article.words() >= MIN_WORDS)
            .then_some(article)
    }

    /// Number of words in the paragraphs.
    pub fn words(&self) -> usize {
        self.paragraphs
            .iter()
            .flatten()
            .map(|s| s.split(' ').count())
            .sum()
    }
}

const OPENERS: &[char] = &['"', '\'', '\u{201c}', '\u{2018}', '(', '['];
const CLOSERS: &[char] = &['"', '\'', '\u{201d}', '\u{2019}', ')', ']'];
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "Gen", "Gov", "Sen", "Rep", "Lt", "Col",
    "Capt", "Sgt", "Rev", "No", "Mt", "vs", "Cllr", "Insp", "Supt", "Det",
];

fn split_sentences(words: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (i, &w) in words.iter().enumerate() {
        current.push(w);
        if ends_sentence(w, words.get(i + 1).copied()) {
            out.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

fn ends_sentence(word: &str, next: Option<&str>) -> bool {
    let core = word.trim_end_matches(CLOSERS);
    if !core.ends_with(['.', '!', '?']) {
        return false;
    }
    let Some(next) = next else {
        return true;
    };
    let stem = core
        .trim_end_matches(['.', '!', '?'])
        .trim_start_matches(OPENERS);
    let initial = stem.chars().count() == 1 && stem.chars().all(char::is_alphabetic);
    if core.ends_with('.') && (ABBREVIATIONS.contains(&stem) || initial) {
        return false;
    }
    next.trim_start_matches(OPENERS)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Reads every `*.txt` file under `dir` (recursively, sorted by path) as an
/// article. Files that are not UTF-8 or too short are skipped.
pub fn read_articles(dir: &Path) -> anyhow::Result<Vec<Article>> {
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let mut articles = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        articles.extend(Article::parse(&name, &text));
    }
    if articles.is_empty() {
        bail!(
            "{}: no usable articles (*.txt files with a title line and at least two paragraphs)",
            dir.display()
        );
    }
    Ok(articles)
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// The bytes written (corrupted when the truth lists corruptions).
    pub bytes: Vec<u8>,
    /// The bytes before corruption (equal to `bytes` for a clean document).
    pub clean: Vec<u8>,
}

/// A generated corpus in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corpus {
    /// The files, sorted by path.
    pub files: Vec<SynthFile>,
    /// The ground truth, documents in the same order as `files`.
    pub truth: Truth,
}

/// Reads the articles, builds the corpus and writes it with its `truth.json`.
pub fn generate(options: &Options) -> anyhow::Result<Truth> {
    options.config.validate()?;
    let articles = read_articles(&options.from)?;
    let mut corpus = build(&articles, &options.config)?;
    if options.flat {
        corpus = flatten(corpus, options.config.seed);
    }
    write(&corpus, &options.out)?;
    Ok(corpus.truth)
}

/// The corpus with every document moved into one folder, `flat/`, under
/// names `doc-NNNNN.txt` numbered in an order shuffled by `seed`: only the
/// text can tell which documents are copies of one article. The truth keeps
/// each document's family.
pub fn flatten(corpus: Corpus, seed: u64) -> Corpus {
    let mut order: Vec<(u64, usize)> = corpus
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let h = f.path.bytes().fold(seed ^ 0xcbf2_9ce4_8422_2325, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            (h, i)
        })
        .collect();
    order.sort_unstable();
    let width = corpus.files.len().to_string().len().max(5);
    let mut renamed: Vec<(SynthFile, TruthDocument)> = corpus
        .files
        .into_iter()
        .zip(corpus.truth.documents)
        .collect();
    for (n, &(_, i)) in order.iter().enumerate() {
        let path = format!("flat/doc-{:0width$}.txt", n + 1);
        renamed[i].0.path.clone_from(&path);
        renamed[i].1.path = path;
    }
    renamed.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let (files, documents) = renamed.into_iter().unzip();
    Corpus {
        files,
        truth: Truth {
            documents,
            ..corpus.truth
        },
    }
}

/// Writes the corpus files and `truth.json` under `out`. `out` must be
/// missing, empty, or hold an earlier output of this module and nothing else:
/// the files its `truth.json` lists are then replaced.
pub fn write(corpus: &Corpus, out: &Path) -> anyhow::Result<()> {
    if out.is_dir() {
        let mut entries =
            std::fs::read_dir(out).with_context(|| format!("cannot read {}", out.display()))?;
        if entries.next().is_some() {
            clear_previous(out)?;
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for file in &corpus.files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &file.bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut json = serde_json::to_string_pretty(&corpus.truth)?;
    json.push('\n');
    let path = out.join(TRUTH_FILE);
    std::fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Removes an earlier output from `out`, after checking that `out` holds
/// nothing but the files its truth file lists (and folders of them).
fn clear_previous(out: &Path) -> anyhow::Result<()> {
    let refuse = || {
        format!(
            "{} is not empty and is not an earlier synth output; choose a new or empty folder",
            out.display()
        )
    };
    let path = out.join(TRUTH_FILE);
    let text = std::fs::read_to_string(&path).with_context(refuse)?;
    let old: Truth = serde_json::from_str(&text).with_context(refuse)?;
    let mut listed = HashSet::new();
    for doc in &old.documents {
        let rel = Path::new(&doc.path);
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            bail!(
                "{}: unexpected path {:?}; {}",
                path.display(),
                doc.path,
                refuse()
            );
        }
        listed.insert(rel.to_path_buf());
    }
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read {}", out.display()))?;
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_type().is_dir() {
            folders.push(entry.path().to_path_buf());
        } else if rel != Path::new(TRUTH_FILE) && !listed.contains(&rel) {
            bail!(
                "{} holds {}, which the earlier synth output there did not write; choose a new or empty folder",
                out.display(),
                rel.display()
            );
        }
    }
    for rel in &listed {
        let file = out.join(rel);
        if file.is_file() {
            std::fs::remove_file(&file)
                .with_context(|| format!("cannot remove {}", file.display()))?;
        }
    }
    // Deepest first; every folder is empty by now.
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in &folders {
        std::fs::remove_dir(folder)
            .with_context(|| format!("cannot remove {}", folder.display()))?;
    }
    std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
    Ok(())
}

/// Builds a corpus from articles in memory. Each article is the base of at
/// most one family; distractors are drawn from the other articles.
pub fn build(articles: &[Article], config: &Config) -> anyhow::Result<Corpus> {
    config.validate()?;
    if articles.is_empty() {
        bail!("no articles to build a corpus from");
    }
    let families = config.families.unwrap_or(articles.len());
    if families > articles.len() {
        bail!(
            "{families} families asked for, but there are only {} usable articles (each is the base of one family)",
            articles.len()
        );
    }
    let mut rng = Rng::new(config.seed);
    let mut order: Vec<usize> = (0..articles.len()).collect();
    rng.shuffle(&mut order);
    let width = families.to_string().len().max(3);
    let mut files = Vec::new();
    let mut documents = Vec::new();
    for (f, &base) in order[..families].iter().enumerate() {
        let mut family_rng = Rng::new(rng.next_u64());
        let name = format!("{:0width$}-{}", f + 1, slug(&articles[base].title));
        let family = match config.profile {
            Profile::Outlets => build_family(&name, base, articles, config, &mut family_rng),
            Profile::Extractors => {
                extractors::build_family(&name, base, articles, config, &mut family_rng)
            }
        };
        for (file, doc) in family {
            files.push(file);
            documents.push(doc);
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Corpus {
        files,
        truth: Truth {
            version: TRUTH_VERSION,
            seed: config.seed,
            documents,
        },
    })
}

/// A folder-name fragment from a title: lower-case ASCII words joined by `-`.
fn slug(title: &str) -> String {
    let folded: String = title
        .chars()
        .map(|c| match c {
            'à'..='å' | 'À'..='Å' => 'a',
            'è'..='ë' | 'È'..='Ë' => 'e',
            'ì'..='ï' | 'Ì'..='Ï' => 'i',
            'ò'..='ö' | 'Ò'..='Ö' => 'o',
            'ù'..='ü' | 'Ù'..='Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            '\'' | '\u{2019}' => '\0',
            _ => ' ',
        })
        .filter(|&c| c != '\0')
        .collect();
    let mut out = String::new();
    for word in folded.split_whitespace().take(6) {
        if !out.is_empty() && out.len() + word.len() > 40 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        "article".to_string()
    } else {
        out
    }
}

// ---------------------------------------------------------------------------
// Families

/// How much boilerplate a copy gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Noise {
    /// Drawn at random.
    Random,
    /// None at all, and no editorial trim.
    Plain,
    /// Every header and footer line, a dateline and an advertisement; no trim.
    Noisy,
}

fn build_family(
    name: &str,
    base_index: usize,
    articles: &[Article],
    config: &Config,
    rng: &mut Rng,
) -> Vec<(SynthFile, TruthDocument)> {
    let base = &articles[base_index];
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    let n = rng.range(config.min_copies, config.max_copies);

    // Which copies get corrupted: one, occasionally two, never all.
    let mut corrupt: Vec<usize> = Vec::new();
    if rng.chance(config.corrupt_share) {
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        let count = if n >= 3 && rng.chance(0.15) { 2 } else { 1 };
        corrupt = order[..count].to_vec();
    }
    // In a third of the corrupted families the corrupted copy carries the most
    // boilerplate while the intact copies are plain, so the longest copy is
    // not the one to trust.
    let adversarial = !corrupt.is_empty() && rng.chance(1.0 / 3.0);

    let mut styles = Vec::with_capacity(n);
    let mut single_line_used = false;
    for i in 0..n {
        let noise = match (adversarial, corrupt.first()) {
            (true, Some(&c)) if c == i => Noise::Noisy,
            (true, _) => Noise::Plain,
            _ => Noise::Random,
        };
        let style = make_style(rng, base, &titles, noise, !single_line_used);
        single_line_used |= style.single_line;
        styles.push(style);
    }
    let mut rendered: Vec<Rendered> = styles.iter().map(|s| render(base, s)).collect();

    let present: Vec<HashSet<SentenceId>> = rendered.iter().map(Rendered::sentence_ids).collect();
    let intact: Vec<usize> = (0..n).filter(|i| !corrupt.contains(i)).collect();
    let attested = |ids: &[SentenceId]| {
        intact
            .iter()
            .any(|&i| ids.iter().all(|id| present[i].contains(id)))
    };

    let mut results: Vec<Option<(Vec<u8>, Corruption)>> = vec![None; n];
    for &c in &corrupt {
        for kind in kind_order(&config.kinds, rng) {
            let done = if kind == CorruptionKind::Truncation
                && !styles[c].footer.is_empty()
                && rng.chance(0.5)
            {
                // The footer is lost with the rest of the text.
                let mut style = styles[c].clone();
                style.footer.clear();
                let r = render(base, &style);
                let done = truncate(&r, &attested, rng);
                if done.is_some() {
                    styles[c] = style;
                    rendered[c] = r;
                }
                done
            } else {
                corrupt_copy(kind, &rendered[c], &attested, rng)
            };
            if done.is_some() {
                results[c] = done;
                break;
            }
        }
    }

    let mut out = Vec::new();
    for (i, (r, result)) in rendered.into_iter().zip(results).enumerate() {
        let path = format!("{name}/copy-{}.txt", i + 1);
        out.push(entry(name, &base.name, path, Role::Copy, r.bytes, result));
    }

    // Distractors: other articles, restyled.
    out.extend(distractors(
        rng,
        config,
        articles,
        base_index,
        name,
        |rng, article| {
            let style = make_style(rng, article, &titles, Noise::Random, true);
            render(article, &style).bytes
        },
    ));
    out
}

/// Unrelated articles placed beside a family (some made to share a quoted
/// sentence with the base article, as different articles on one event do),
/// each written by `write` in the profile's own way.
fn distractors(
    rng: &mut Rng,
    config: &Config,
    articles: &[Article],
    base_index: usize,
    name: &str,
    mut write: impl FnMut(&mut Rng, &Article) -> Vec<u8>,
) -> Vec<(SynthFile, TruthDocument)> {
    let base = &articles[base_index];
    let count = rng.range(0, config.distractors);
    let mut pool: Vec<usize> = (0..articles.len()).filter(|&j| j != base_index).collect();
    rng.shuffle(&mut pool);
    let mut out = Vec::new();
    for (d, &j) in pool.iter().take(count).enumerate() {
        let mut article = articles[j].clone();
        if rng.chance(0.5) {
            share_quote(base, &mut article, rng);
        }
        let bytes = write(rng, &article);
        let path = format!("{name}/other-{}.txt", d + 1);
        out.push(entry(
            name,
            &articles[j].name,
            path,
            Role::Distractor,
            bytes,
            None,
        ));
    }
    out
}

/// A generated file and its truth entry: `clean` as written, or the
/// corrupted bytes with their corruption.
fn entry(
    family: &str,
    article: &str,
    path: String,
    role: Role,
    clean: Vec<u8>,
    corrupted: Option<(Vec<u8>, Corruption)>,
) -> (SynthFile, TruthDocument) {
    let (bytes, corruptions) = match corrupted {
        Some((bytes, c)) => (bytes, vec![c]),
        None => (clean.clone(), Vec::new()),
    };
    (
        SynthFile {
            path: path.clone(),
            bytes,
            clean,
        },
        TruthDocument {
            path,
            family: family.to_string(),
            article: Some(article.to_string()),
            role,
            corruptions,
        },
    )
}

/// The enabled kinds in a weighted random order (each once).
fn kind_order(kinds: &[CorruptionKind], rng: &mut Rng) -> Vec<CorruptionKind> {
    let mut left: Vec<CorruptionKind> = kinds
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let total: u64 = left.iter().map(|k| k.weight()).sum();
        let mut x = rng.next_u64() % total;
        let i = left
            .iter()
            .position(|k| {
                if x < k.weight() {
                    true
                } else {
                    x -= k.weight();
                    false
                }
            })
            .unwrap_or(0);
        out.push(left.remove(i));
    }
    out
}

/// Puts one sentence of `base` (a quoted one when there is one) at the end of
/// a paragraph of `article`, as two reports of one event would share a quote.
/// A sentence `article` already holds is not added again: that would be a
/// repeat the truth does not record.
fn share_quote(base: &Article, article: &mut Article, rng: &mut Rng) {
    let held: std::collections::HashSet<&String> = article.paragraphs.iter().flatten().collect();
    let sentences: Vec<&String> = base
        .paragraphs
        .iter()
        .flatten()
        .filter(|s| !held.contains(s))
        .collect();
    let quoted: Vec<&String> = sentences
        .iter()
        .copied()
        .filter(|s| s.contains(['"', '\u{201c}', '\u{201d}']) && s.split(' ').count() >= 6)
        .collect();
    let long: Vec<&String> = sentences
        .iter()
        .copied()
        .filter(|s| s.split(' ').count() >= 8)
        .collect();
    let pool = if quoted.is_empty() { long } else { quoted };
    if pool.is_empty() || article.paragraphs.is_empty() {
        return;
    }
    let sentence = rng.pick(&pool).to_string();
    let p = rng.below(article.paragraphs.len());
    article.paragraphs[p].push(sentence);
}

// ---------------------------------------------------------------------------
// Restyling

/// An editorial trim: text left out on purpose, ending on a complete sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trim {
    None,
    /// The last 1 or 2 paragraphs are dropped.
    Tail(usize),
    /// One middle paragraph is dropped.
    Paragraph(usize),
    /// One sentence of a paragraph with several is dropped.
    Sentence(usize, usize),
}

/// How one outlet publishes an article.
#[derive(Clone, Debug)]
struct Style {
    curly: bool,
    dash: &'static str,
    blank_lines: bool,
    wrap: Option<usize>,
    crlf: bool,
    single_line: bool,
    header: Vec<String>,
    footer: Vec<String>,
    dateline: Option<String>,
    /// An advertisement line after this kept paragraph.
    ad_after: Option<usize>,
    trim: Trim,
}

const OUTLETS: &[&str] = &[
    "The Daily Example",
    "Northern Courier",
    "Metro Wire",
    "The Evening Ledger",
    "City Herald",
    "Global Dispatch",
    "Riverside Gazette",
    "The Morning Record",
];
const MENUS: &[&str] = &[
    "Home | World | Business | Sport",
    "News | UK | World | Politics | Tech | Culture",
    "Home > News > World",
    "Latest | Opinion | Money | Culture | Sport | Weather",
];
const AUTHORS: &[&str] = &[
    "Jane Doe",
    "Tom Okafor",
    "Priya Raman",
    "Lukas Brandt",
    "Maria Santos",
    "Ewan Clarke",
    "Aiko Tanaka",
    "Sam Whitfield",
];
const AUTHOR_ROLES: &[&str] = &[
    "",
    ", Business reporter",
    ", Political correspondent",
    ", Staff writer",
    ", in London",
];
const AGENCIES: &[&str] = &["Reuters", "AFP", "AP", "PA", "Getty Images"];
const CITIES: &[&str] = &[
    "LONDON",
    "NEW YORK",
    "PARIS",
    "BRUSSELS",
    "WASHINGTON",
    "BERLIN",
    "MANCHESTER",
    "DUBLIN",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const CAPTION_LEADS: &[&str] = &["Pictured:", "File image:", "Archive picture:", "Above:"];

fn make_style(
    rng: &mut Rng,
    article: &Article,
    titles: &[&str],
    noise: Noise,
    single_line_ok: bool,
) -> Style {
    let outlet = *rng.pick(OUTLETS);
    let curly = rng.chance(0.5);
    let dash = *rng.pick(&["\u{2014}", "\u{2013}", "--"]);
    let single_line = noise == Noise::Random && single_line_ok && rng.chance(0.08);
    let blank_lines = rng.chance(0.7);
    let wrap = if !single_line && rng.chance(0.25) {
        Some(rng.range(60, 80))
    } else {
        None
    };
    let crlf = rng.chance(0.2);
    let year = 2024;
    let header = header_lines(rng, article, outlet, year, noise);
    let footer = footer_lines(rng, article, titles, outlet, year, noise);
    let dateline = match noise {
        Noise::Noisy => true,
        Noise::Plain => false,
        Noise::Random => rng.chance(0.2),
    }
    .then(|| {
        format!(
            "{} ({}) \u{2014}",
            rng.pick(CITIES),
            rng.pick(&AGENCIES[..4])
        )
    });
    let trim = if noise == Noise::Random && rng.chance(0.35) {
        choose_trim(rng, article)
    } else {
        Trim::None
    };
    let kept = kept(article, trim).len();
    let wants_ad = match noise {
        Noise::Noisy => true,
        Noise::Plain => false,
        Noise::Random => rng.chance(0.15),
    };
    let ad_after = (wants_ad && !single_line && kept >= 2).then(|| rng.below(kept - 1));
    Style {
        curly,
        dash,
        blank_lines,
        wrap,
        crlf,
        single_line,
        header,
        footer,
        dateline,
        ad_after,
        trim,
    }
}

/// Whether a copy gets header or footer lines at all (`None`), and whether
/// it gets every kind of them (`Some(true)`, the noisiest copy) or a random
/// choice (`Some(false)`, drawn with probability `chance`).
fn wanted(rng: &mut Rng, noise: Noise, chance: f64) -> Option<bool> {
    match noise {
        Noise::Plain => None,
        Noise::Noisy => Some(true),
        Noise::Random => rng.chance(chance).then_some(false),
    }
}

fn header_lines(
    rng: &mut Rng,
    article: &Article,
    outlet: &str,
    year: u32,
    noise: Noise,
) -> Vec<String> {
    let Some(all) = wanted(rng, noise, 0.85) else {
        return Vec::new();
    };
    let mut take = |p: f64| all || rng.chance(p);
    let (outlet_line, menu, title, twice, caption, byline, date, share, advert) = (
        take(0.5),
        take(0.35),
        take(0.8),
        take(0.15),
        take(0.2),
        take(0.5),
        take(0.5),
        take(0.3),
        take(0.2),
    );
    let mut lines = Vec::new();
    if outlet_line {
        lines.push(outlet.to_string());
    }
    if menu {
        lines.push(rng.pick(MENUS).to_string());
    }
    if title {
        lines.push(article.title.clone());
        if twice {
            lines.push(article.title.clone());
        }
    }
    if caption {
        let words: Vec<&str> = article.title.split(' ').take(5).collect();
        lines.push(format!(
            "{} {} (Photo: {})",
            rng.pick(CAPTION_LEADS),
            words.join(" "),
            rng.pick(AGENCIES)
        ));
    }
    if byline {
        lines.push(format!(
            "By {}{}",
            rng.pick(AUTHORS),
            rng.pick(AUTHOR_ROLES)
        ));
    }
    if date {
        let (day, month, hour, minute) = (
            rng.range(1, 28),
            rng.below(12),
            rng.range(6, 22),
            rng.below(60),
        );
        lines.push(match rng.below(3) {
            0 => format!(
                "Published {day} {} {year}, {hour:02}:{minute:02} GMT",
                MONTHS[month]
            ),
            1 => format!(
                "Updated {day} {} {year} {hour:02}.{minute:02} BST",
                &MONTHS[month][..3]
            ),
            _ => format!("Published: {day:02}/{:02}/{year}", month + 1),
        });
    }
    if share {
        lines.push("Share this article".to_string());
    }
    if advert || lines.is_empty() {
        lines.push("Advertisement".to_string());
    }
    lines
}

fn footer_lines(
    rng: &mut Rng,
    article: &Article,
    titles: &[&str],
    outlet: &str,
    year: u32,
    noise: Noise,
) -> Vec<String> {
    let Some(all) = wanted(rng, noise, 0.65) else {
        return Vec::new();
    };
    let mut take = |p: f64| all || rng.chance(p);
    let (related, more, subscribe, follow, copyright) =
        (take(0.4), take(0.3), take(0.45), take(0.35), take(0.45));
    let mut lines = Vec::new();
    if related {
        let others: Vec<&str> = titles
            .iter()
            .copied()
            .filter(|t| *t != article.title)
            .collect();
        if !others.is_empty() {
            lines.push(format!("Related: {}", rng.pick(&others)));
        }
    }
    if more {
        lines.push("Read more".to_string());
    }
    if subscribe {
        lines.push("Subscribe to our newsletter for daily updates".to_string());
    }
    if follow {
        lines.push("Follow us on social media".to_string());
    }
    if copyright || lines.is_empty() {
        lines.push(format!("\u{a9} {year} {outlet}. All rights reserved."));
    }
    lines
}

fn choose_trim(rng: &mut Rng, article: &Article) -> Trim {
    let p = article.paragraphs.len();
    match rng.below(3) {
        0 if p >= 4 => Trim::Tail(rng.range(1, 2.min(p - 3))),
        1 if p >= 3 => Trim::Paragraph(rng.range(1, p - 2)),
        _ => {
            let multi: Vec<usize> = (0..p)
                .filter(|&i| article.paragraphs[i].len() >= 2)
                .collect();
            if multi.is_empty() {
                return Trim::None;
            }
            let pi = *rng.pick(&multi);
            Trim::Sentence(pi, rng.below(article.paragraphs[pi].len()))
        }
    }
}

/// The paragraphs (and their sentences) a trim keeps.
fn kept(article: &Article, trim: Trim) -> Vec<(usize, Vec<usize>)> {
    let p = article.paragraphs.len();
    (0..p)
        .filter(|&i| match trim {
            Trim::Tail(k) => i + k < p,
            Trim::Paragraph(j) => i != j,
            _ => true,
        })
        .map(|i| {
            let sentences = (0..article.paragraphs[i].len())
                .filter(|&s| trim != Trim::Sentence(i, s))
                .collect();
            (i, sentences)
        })
        .collect()
}

/// Restyles one word: quotes, apostrophes and dashes in the copy's style.
fn style_word(word: &str, curly: bool, dash: &str) -> String {
    if matches!(word, "-" | "--" | "---" | "\u{2014}" | "\u{2013}") {
        return dash.to_string();
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        let opening = i == 0
            || matches!(
                chars[i - 1],
                '(' | '[' | '\u{2014}' | '\u{2013}' | '"' | '\u{201c}' | '\'' | '\u{2018}'
            );
        let next_alnum = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
        match c {
            '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' => out.push(match (curly, opening) {
                (false, _) => '"',
                (true, true) => '\u{201c}',
                (true, false) => '\u{201d}',
            }),
            '\'' | '\u{2018}' | '\u{2019}' => out.push(match (curly, opening && next_alnum) {
                (false, _) => '\'',
                (true, true) => '\u{2018}',
                (true, false) => '\u{2019}',
            }),
            '\u{2014}' => out.push_str(dash),
            _ => out.push(c),
        }
    }
    if dash != "--" && out.contains("--") {
        out = out.replace("--", dash);
    }
    out
}

fn style_line(line: &str, style: &Style) -> String {
    line.split_whitespace()
        .map(|w| style_word(w, style.curly, style.dash))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Paragraph and sentence of the base article.
type SentenceId = (usize, usize);

/// A restyled copy with the byte ranges of its structure.
#[derive(Clone, Debug)]
struct Rendered {
    bytes: Vec<u8>,
    /// From the first byte of the first paragraph to the last byte of the last.
    body: Range<usize>,
    paras: Vec<RPara>,
    /// An advertisement line stands after this paragraph.
    ad_after: Option<usize>,
}

#[derive(Clone, Debug)]
struct RPara {
    /// The paragraph's bytes, a dateline included.
    range: Range<usize>,
    sentences: Vec<RSentence>,
}

#[derive(Clone, Debug)]
struct RSentence {
    id: SentenceId,
    words: Vec<Range<usize>>,
}

impl RSentence {
    fn range(&self) -> Range<usize> {
        self.words[0].start..self.words[self.words.len() - 1].end
    }
}

/// A word of a rendered copy with its place in its sentence.
#[derive(Clone, Debug)]
struct Word {
    range: Range<usize>,
    first: bool,
    last: bool,
    sentence: SentenceId,
}

impl Rendered {
    fn sentence_ids(&self) -> HashSet<SentenceId> {
        self.paras
            .iter()
            .flat_map(|p| p.sentences.iter().map(|s| s.id))
            .collect()
    }

    fn text(&self, r: Range<usize>) -> &str {
        std::str::from_utf8(&self.bytes[r]).unwrap_or("")
    }
}

impl RPara {
    fn words(&self) -> Vec<Word> {
        self.sentences
            .iter()
            .flat_map(|s| {
                let n = s.words.len();
                s.words.iter().enumerate().map(move |(i, r)| Word {
                    range: r.clone(),
                    first: i == 0,
                    last: i + 1 == n,
                    sentence: s.id,
                })
            })
            .collect()
    }
}

/// Lays words out on lines, wrapping at a width when the copy is hard-wrapped.
struct Line<'a> {
    column: usize,
    first: bool,
    width: Option<usize>,
    newline: &'a str,
}

impl Line<'_> {
    fn emit(&mut self, out: &mut String, word: &str) -> Range<usize> {
        let len = word.chars().count();
        if !self.first {
            if self.width.is_some_and(|w| self.column + 1 + len > w) {
                out.push_str(self.newline);
                self.column = 0;
            } else {
                out.push(' ');
                self.column += 1;
            }
        }
        self.first = false;
        let start = out.len();
        out.push_str(word);
        self.column += len;
        start..out.len()
    }
}

fn render(article: &Article, style: &Style) -> Rendered {
    let nl = if style.crlf { "\r\n" } else { "\n" };
    let para_sep = if style.blank_lines {
        [nl, nl].concat()
    } else {
        nl.to_string()
    };
    let mut out = String::new();
    for line in &style.header {
        out.push_str(&style_line(line, style));
        out.push_str(nl);
    }
    if !style.header.is_empty() && style.blank_lines {
        out.push_str(nl);
    }
    let body_start = out.len();
    let mut paras = Vec::new();
    for (k, (pi, sentence_indices)) in kept(article, style.trim).into_iter().enumerate() {
        if k > 0 {
            if style.single_line {
                out.push(' ');
            } else {
                out.push_str(&para_sep);
                if style.ad_after == Some(k - 1) {
                    out.push_str("Advertisement");
                    out.push_str(&para_sep);
                }
            }
        }
        let mut line = Line {
            column: 0,
            first: true,
            width: if style.single_line { None } else { style.wrap },
            newline: nl,
        };
        let start = out.len();
        if k == 0
            && let Some(dateline) = &style.dateline
        {
            for w in style_line(dateline, style).split(' ') {
                line.emit(&mut out, w);
            }
        }
        let mut sentences = Vec::new();
        for si in sentence_indices {
            let words = article.paragraphs[pi][si]
                .split(' ')
                .map(|w| line.emit(&mut out, &style_word(w, style.curly, style.dash)))
                .collect();
            sentences.push(RSentence {
                id: (pi, si),
                words,
            });
        }
        paras.push(RPara {
            range: start..out.len(),
            sentences,
        });
    }
    let body_end = out.len();
    if !style.footer.is_empty() {
        out.push_str(nl);
        out.push_str(nl);
        let lines: Vec<String> = style.footer.iter().map(|l| style_line(l, style)).collect();
        out.push_str(&lines.join(nl));
    }
    out.push_str(nl);
    Rendered {
        bytes: out.into_bytes(),
        body: body_start..body_end,
        paras,
        ad_after: style.ad_after,
    }
}

// ---------------------------------------------------------------------------
// Corruptions

/// Checks that some intact copy carries all these sentences.
type Attested<'a> = dyn Fn(&[SentenceId]) -> bool + 'a;

fn corrupt_copy(
    kind: CorruptionKind,
    r: &Rendered,
    attested: &Attested<'_>,
    rng: &mut Rng,
) -> Option<(Vec<u8>, Corruption)> {
    match kind {
        CorruptionKind::Splice => splice(r, attested, rng),
        CorruptionKind::Truncation => truncate(r, attested, rng),
        CorruptionKind::Mojibake => mojibake(r, rng),
        CorruptionKind::Duplication => duplicate(r, rng),
        CorruptionKind::Encoding => bad_bytes(r, rng),
    }
}

fn corruption(
    kind: CorruptionKind,
    start: usize,
    end: usize,
    missing: &str,
    replacement: &str,
) -> Corruption {
    Corruption {
        kind: kind.code().to_string(),
        start,
        end,
        missing: missing.to_string(),
        repair: TruthRepair {
            start,
            end,
            replacement: replacement.to_string(),
        },
    }
}

/// Length of the punctuation a splice may leave stranded at the end of a
/// word (`,` `.` `;` `:` `!` `?` and closing quotes after them), when the word
/// has letters or digits before it.
fn stranded_suffix(word: &str) -> Option<usize> {
    let core = word.trim_end_matches(CLOSERS);
    let stem = core.trim_end_matches([',', '.', ';', ':', '!', '?']);
    (stem.len() < core.len() && stem.chars().any(char::is_alphanumeric))
        .then(|| word.len() - stem.len())
}

/// Deletes words inside one paragraph. The deletion starts and ends inside
/// sentences; the remaining fragments are joined by a space (`a`), leave a
/// punctuation mark stranded after a space (`b`), or are glued (`c`).
fn splice(r: &Rendered, attested: &Attested<'_>, rng: &mut Rng) -> Option<(Vec<u8>, Corruption)> {
    for _ in 0..100 {
        let para = &r.paras[rng.below(r.paras.len())];
        let words = para.words();
        let n = words.len();
        if n < 3 {
            continue;
        }
        let k = if rng.chance(0.3) {
            rng.range(1, 5)
        } else {
            3 + (37.0 * rng.unit() * rng.unit()) as usize
        };
        let variant = rng.below(4);
        // The last word a deletion may reach: one word must follow, except
        // for a stranded sentence end.
        let max_b = if variant == 2 { n - 1 } else { n - 2 };
        if k > max_b {
            continue;
        }
        let a = rng.range(1, max_b + 1 - k);
        let b = a + k - 1;
        if words[a].first {
            continue;
        }
        let (deleted, junction) = match variant {
            2 => {
                let w = &words[b];
                let Some(suffix) = stranded_suffix(r.text(w.range.clone())) else {
                    continue;
                };
                let keeps_end = r
                    .text(w.range.end - suffix..w.range.end)
                    .contains(['.', '!', '?']);
                if w.last && !keeps_end {
                    continue;
                }
                (
                    words[a].range.start..w.range.end - suffix,
                    words[a].range.start,
                )
            }
            3 => {
                if words[b].last {
                    continue;
                }
                (
                    words[a - 1].range.end..words[b + 1].range.start,
                    words[a - 1].range.end,
                )
            }
            _ => {
                if words[b].last {
                    continue;
                }
                (
                    words[a].range.start..words[b + 1].range.start,
                    words[a].range.start,
                )
            }
        };
        let mut ids: Vec<SentenceId> = words[a - 1..=(b + 1).min(n - 1)]
            .iter()
            .map(|w| w.sentence)
            .collect();
        ids.dedup();
        if !attested(&ids) {
            continue;
        }
        let missing = r.text(deleted.clone()).to_string();
        let bytes = apply_edit(&r.bytes, deleted.start, deleted.end, b"")?;
        return Some((
            bytes,
            corruption(
                CorruptionKind::Splice,
                junction,
                junction,
                &missing,
                &missing,
            ),
        ));
    }
    None
}

/// Cuts the article text mid-sentence (sometimes mid-word) in its last 20 to
/// 70%; whatever followed the text (a footer, the final newline) stays.
fn truncate(r: &Rendered, attested: &Attested<'_>, rng: &mut Rng) -> Option<(Vec<u8>, Corruption)> {
    truncate_where(r, attested, &|_| true, rng)
}

/// [`truncate`], cutting only at offsets `allowed` accepts (not inside markup).
fn truncate_where(
    r: &Rendered,
    attested: &Attested<'_>,
    allowed: &dyn Fn(usize) -> bool,
    rng: &mut Rng,
) -> Option<(Vec<u8>, Corruption)> {
    let words: Vec<Word> = r.paras.iter().flat_map(RPara::words).collect();
    if words.len() < 10 {
        return None;
    }
    let len = r.body.len() as f64;
    for _ in 0..60 {
        let target = r.body.start + ((0.3 + 0.5 * rng.unit()) * len) as usize;
        let i = words.iter().position(|w| w.range.end >= target)?;
        let w = &words[i];
        let text = r.text(w.range.clone());
        let cut = if rng.chance(0.25) && text.chars().count() >= 4 {
            let inner: Vec<usize> = text.char_indices().skip(1).map(|(at, _)| at).collect();
            let at = *rng.pick(&inner);
            if !text[..at].chars().last().is_some_and(char::is_alphanumeric) {
                continue;
            }
            w.range.start + at
        } else {
            if w.last
                || text
                    .trim_end_matches(CLOSERS)
                    .ends_with(['.', '!', '?', ':', ';'])
            {
                continue;
            }
            w.range.end
        };
        if !allowed(cut) || !attested(&[w.sentence]) {
            continue;
        }
        let missing = r.text(cut..r.body.end).to_string();
        let bytes = apply_edit(&r.bytes, cut, r.body.end, b"")?;
        return Some((
            bytes,
            corruption(CorruptionKind::Truncation, cut, cut, &missing, &missing),
        ));
    }
    None
}

/// The Windows-1252 reading of bytes 0x80 to 0x9F (the five undefined bytes
/// read as the C1 control of the same value, as browsers do).
const CP1252_HIGH: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
];

/// UTF-8 text read as Windows-1252 ("’" becomes "â€™", "é" becomes "Ã©").
pub fn mojibake_text(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            0x80..=0x9f => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Garbles the non-ASCII stretch of one sentence or paragraph.
fn mojibake(r: &Rendered, rng: &mut Rng) -> Option<(Vec<u8>, Corruption)> {
    let sentences: Vec<Range<usize>> = r
        .paras
        .iter()
        .flat_map(|p| p.sentences.iter().map(RSentence::range))
        .collect();
    let paragraphs: Vec<Range<usize>> = r.paras.iter().map(|p| p.range.clone()).collect();
    let units = if rng.chance(0.3) {
        paragraphs
    } else {
        sentences
    };
    let candidates: Vec<Range<usize>> = units
        .into_iter()
        .filter(|u| !r.text(u.clone()).is_ascii())
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let unit = rng.pick(&candidates).clone();
    let text = r.text(unit.clone());
    let first = text.find(|c: char| !c.is_ascii())?;
    let (last, c) = text.char_indices().rfind(|(_, c)| !c.is_ascii())?;
    let range = unit.start + first..unit.start + last + c.len_utf8();
    let original = r.text(range.clone()).to_string();
    let garbled = mojibake_text(&original);
    let bytes = apply_edit(&r.bytes, range.start, range.end, garbled.as_bytes())?;
    let end = range.start + garbled.len();
    Some((
        bytes,
        corruption(
            CorruptionKind::Mojibake,
            range.start,
            end,
            &original,
            &original,
        ),
    ))
}

/// Repeats a paragraph or a sentence (with the white space after it) right after itself.
fn duplicate(r: &Rendered, rng: &mut Rng) -> Option<(Vec<u8>, Corruption)> {
    let paragraphs: Vec<(usize, usize)> = (0..r.paras.len().saturating_sub(1))
        .filter(|&i| r.ad_after != Some(i))
        .map(|i| (r.paras[i].range.start, r.paras[i + 1].range.start))
        .collect();
    let sentences: Vec<(usize, usize)> = r
        .paras
        .iter()
        .flat_map(|p| {
            p.sentences
                .windows(2)
                .map(|w| (w[0].range().start, w[1].range().start))
        })
        .collect();
    let units = match (rng.chance(0.5), paragraphs.is_empty(), sentences.is_empty()) {
        (_, true, true) => return None,
        (true, false, _) | (_, false, true) => paragraphs,
        _ => sentences,
    };
    let &(start, next) = rng.pick(&units);
    let repeated = r.bytes[start..next].to_vec();
    let bytes = apply_edit(&r.bytes, next, next, &repeated)?;
    Some((
        bytes,
        corruption(
            CorruptionKind::Duplication,
            next,
            next + repeated.len(),
            "",
            "",
        ),
    ))
}

/// Byte sequences that are not valid UTF-8 text, and a NUL byte.
const BAD_BYTES: &[&[u8]] = &[
    &[0xe9],
    &[0xc3, 0x28],
    &[0x00],
    &[0xff],
    &[0xe2, 0x80],
    &[0x92],
];

/// Inserts invalid bytes (or a NUL) inside an ASCII word.
fn bad_bytes(r: &Rendered, rng: &mut Rng) -> Option<(Vec<u8>, Corruption)> {
    let words: Vec<Range<usize>> = r
        .paras
        .iter()
        .flat_map(|p| p.sentences.iter().flat_map(|s| s.words.iter().cloned()))
        .filter(|w| w.len() >= 4 && r.bytes[w.clone()].iter().all(u8::is_ascii_alphabetic))
        .collect();
    if words.is_empty() {
        return None;
    }
    let w = rng.pick(&words).clone();
    let at = w.start + rng.range(1, w.len() - 1);
    let bad = *rng.pick(BAD_BYTES);
    let bytes = apply_edit(&r.bytes, at, at, bad)?;
    Some((
        bytes,
        corruption(CorruptionKind::Encoding, at, at + bad.len(), "", ""),
    ))
}

// ---------------------------------------------------------------------------
// Random numbers

/// A small deterministic pseudo-random generator (SplitMix64).
#[derive(Clone, Debug)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_articles() -> Vec<Article> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
        let articles = read_articles(&dir).unwrap();
        assert_eq!(articles.len(), 12);
        articles
    }

    fn config(seed: u64) -> Config {
        Config {
            seed,
            ..Config::default()
        }
    }

    #[test]
    fn a_shared_quote_the_distractor_already_holds_is_not_added_again() {
        let quote = "\"We will appeal,\" the chairman said after the meeting.".to_string();
        let article = |name: &str, own: &str| Article {
            name: name.into(),
            title: name.into(),
            paragraphs: vec![vec![own.to_string(), quote.clone()]],
        };
        let base = article("base", "The council approved the levy on Monday evening.");
        for seed in 0..20 {
            let mut other = article("other", "Traders said the market would close for a week.");
            share_quote(&base, &mut other, &mut Rng::new(seed));
            let all: Vec<&String> = other.paragraphs.iter().flatten().collect();
            assert_eq!(all.iter().filter(|s| ***s == quote).count(), 1, "{all:?}");
        }
    }

    #[test]
    fn same_seed_gives_same_bytes() {
        let articles = test_articles();
        let a = build(&articles, &config(7)).unwrap();
        let b = build(&articles, &config(7)).unwrap();
        assert_eq!(a, b);
        let c = build(&articles, &config(8)).unwrap();
        assert_ne!(a.files, c.files);
    }

    #[test]
    fn repairs_restore_the_uncorrupted_bytes() {
        let articles = test_articles();
        let mut seen = BTreeSet::new();
        for seed in 0..40 {
            let corpus = build(
                &articles,
                &Config {
                    corrupt_share: 0.8,
                    ..config(seed)
                },
            )
            .unwrap();
            assert_eq!(corpus.files.len(), corpus.truth.documents.len());
            for (file, doc) in corpus.files.iter().zip(&corpus.truth.documents) {
                assert_eq!(file.path, doc.path);
                match doc.corruptions.as_slice() {
                    [] => {
                        assert_eq!(file.bytes, file.clean);
                        assert!(std::str::from_utf8(&file.bytes).is_ok());
                    }
                    [c] => {
                        seen.insert(c.kind.clone());
                        assert_ne!(file.bytes, file.clean, "{}", doc.path);
                        assert_eq!(
                            c.repair.apply(&file.bytes).unwrap(),
                            file.clean,
                            "{} {:?}",
                            doc.path,
                            c
                        );
                        if c.kind == "splice" || c.kind == "truncation" {
                            assert_eq!(c.start, c.end);
                            assert_eq!(c.repair.replacement, c.missing);
                            assert!(!c.missing.is_empty());
                        } else {
                            assert!(c.start < c.end);
                        }
                        if c.kind == "truncation" {
                            let kept = std::str::from_utf8(&file.bytes[..c.start]).unwrap();
                            assert!(!kept.ends_with(char::is_whitespace));
                            assert!(
                                !kept.trim_end_matches(CLOSERS).ends_with(['.', '!', '?']),
                                "{kept:?}"
                            );
                            assert!(file.bytes.ends_with(b"\n"));
                        }
                    }
                    _ => panic!("one corruption per copy"),
                }
            }
            // Never all copies of a family corrupted; every family has copies.
            for family in corpus
                .truth
                .documents
                .iter()
                .map(|d| &d.family)
                .collect::<BTreeSet<_>>()
            {
                let copies: Vec<&TruthDocument> = corpus
                    .truth
                    .documents
                    .iter()
                    .filter(|d| &d.family == family && d.role == Role::Copy)
                    .collect();
                assert!(copies.len() >= 2);
                assert!(copies.iter().any(|d| d.corruptions.is_empty()));
            }
        }
        for kind in CorruptionKind::ALL {
            assert!(seen.contains(kind.code()), "{kind} never generated");
        }
    }

    #[test]
    fn splices_stay_inside_sentences_and_paragraphs() {
        let articles = test_articles();
        let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        let mut rng = Rng::new(3);
        let mut lengths = Vec::new();
        for round in 0..30 {
            for article in &articles {
                let style = make_style(&mut rng, article, &titles, Noise::Random, round % 5 == 0);
                let r = render(article, &style);
                let Some((bytes, c)) = splice(&r, &|_| true, &mut rng) else {
                    continue;
                };
                let deleted = c.start..c.start + c.missing.len();
                assert_eq!(&r.bytes[deleted.clone()], c.missing.as_bytes());
                assert_eq!(
                    apply_edit(&r.bytes, deleted.start, deleted.end, b"").unwrap(),
                    bytes
                );
                let para = r
                    .paras
                    .iter()
                    .find(|p| p.range.start <= deleted.start && deleted.end <= p.range.end)
                    .expect("deletion inside one paragraph");
                let strictly_inside = |at: usize| {
                    para.sentences
                        .iter()
                        .any(|s| s.range().start < at && at < s.range().end)
                };
                assert!(
                    strictly_inside(deleted.start),
                    "starts at a sentence edge: {:?}",
                    c.missing
                );
                assert!(
                    strictly_inside(deleted.end),
                    "ends at a sentence edge: {:?}",
                    c.missing
                );
                lengths.push(c.missing.split_whitespace().count());
            }
        }
        assert!(lengths.len() > 200);
        let short = lengths.iter().filter(|&&n| n <= 5).count();
        assert!(short * 5 > lengths.len(), "short drops are common");
        assert!(lengths.iter().any(|&n| n > 15), "long drops occur");
    }

    #[test]
    fn restyling_is_consistent_within_a_copy() {
        assert_eq!(style_word("\"Trams", true, "--"), "\u{201c}Trams");
        assert_eq!(style_word("no\",", true, "--"), "no\u{201d},");
        assert_eq!(style_word("We're", true, "--"), "We\u{2019}re");
        assert_eq!(style_word("\u{201c}It\u{2019}s", false, "--"), "\"It's");
        assert_eq!(style_word("\u{2014}", false, "\u{2013}"), "\u{2013}");
        assert_eq!(style_word("word\u{2014}word", false, "--"), "word--word");
        assert_eq!(style_word("2026\u{2013}27", false, "--"), "2026\u{2013}27");
    }

    #[test]
    fn articles_split_into_sentences() {
        let text = "Title line\r\n\r\nOne two three four five six seven eight nine ten eleven twelve.\r\nWrapped line, \
                    thirteen fourteen fifteen sixteen.\r\n\r\nSecond paragraph with words enough to pass the minimum \
                    length of an article that is really usable. Another sentence follows it here.\r\n";
        let a = Article::parse("x.txt", text).unwrap();
        assert_eq!(a.title, "Title line");
        assert_eq!(a.paragraphs.len(), 2);
        assert_eq!(a.paragraphs[0].len(), 2);
        assert!(Article::parse("y.txt", "Title\n\nToo short.\n\nReally.\n").is_none());
        let words: Vec<&str> =
            "Mr. Owen Tasker spoke at 9.40 p.m. \"We are not against it,\" he said. It ended."
                .split(' ')
                .collect();
        assert_eq!(
            split_sentences(&words),
            vec![
                "Mr. Owen Tasker spoke at 9.40 p.m.",
                "\"We are not against it,\" he said.",
                "It ended."
            ]
        );
    }

    #[test]
    fn mojibake_reads_utf8_as_windows_1252() {
        assert_eq!(mojibake_text("it\u{2019}s"), "it\u{e2}\u{20ac}\u{2122}s");
        assert_eq!(mojibake_text("caf\u{e9}"), "caf\u{c3}\u{a9}");
        assert_eq!(mojibake_text("\u{a3}5"), "\u{c2}\u{a3}5");
    }

    #[test]
    fn written_corpus_matches_the_truth_and_refuses_foreign_folders() {
        let articles = test_articles();
        let corpus = build(&articles[..4], &config(1)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write(&corpus, &out).unwrap();
        for file in &corpus.files {
            assert_eq!(std::fs::read(out.join(&file.path)).unwrap(), file.bytes);
        }
        let truth: Truth =
            serde_json::from_str(&std::fs::read_to_string(out.join(TRUTH_FILE)).unwrap()).unwrap();
        assert_eq!(truth, corpus.truth);
        // An earlier output is replaced.
        let other = build(&articles[4..6], &config(2)).unwrap();
        write(&other, &out).unwrap();
        assert_eq!(
            std::fs::read_dir(&out).unwrap().count(),
            other.truth.families() + 1
        );
        // A folder holding anything else is refused, and nothing is removed.
        let stray = out.join(&other.truth.documents[0].family).join("notes.txt");
        std::fs::write(&stray, "x").unwrap();
        assert!(write(&corpus, &out).is_err());
        assert!(stray.exists() && out.join(&other.files[0].path).exists());
        std::fs::write(dir.path().join("foreign.txt"), "x").unwrap();
        assert!(write(&other, dir.path()).is_err());
        assert!(dir.path().join("foreign.txt").exists());
    }
}
