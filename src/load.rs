//! Load stage: turns the paths given on the command line into [`Document`]s.
//!
//! Directories are walked recursively (sorted, so runs are deterministic) and
//! filtered by a [`FileFilter`]: include and exclude globs on the file name or
//! on the path relative to a base folder. Files are read as bytes: every offset the
//! tool reports is a byte offset into the file exactly as it is on disk. Files that
//! cannot be audited (missing, unreadable, empty, binary) become [`Problem`]s and the
//! rest of the corpus is still audited.

use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::paths;

/// One input file, as read from disk.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as the tool opened it.
    pub path: PathBuf,
    /// The folder whose files are grouped together (the file's parent).
    pub folder: PathBuf,
    /// The raw bytes.
    pub bytes: Vec<u8>,
    /// The family the document was given (by a manifest or a JSON Lines
    /// `family` field): it is grouped with the documents of that name only.
    pub family: Option<String>,
    /// The JSON Lines record the document came from, if it did.
    pub record: Option<Record>,
}

/// Where a document read from a JSON Lines file came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The file as named on the command line (`-` for standard input).
    pub file: String,
    /// The 1-based line of the record.
    pub line: usize,
    /// The record's id.
    pub id: String,
}

impl Document {
    /// Make a document from bytes already in memory.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Document {
        let path = path.into();
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Document {
            path,
            folder,
            bytes,
            family: None,
            record: None,
        }
    }

    /// The path for display (lossy for non-UTF-8 paths).
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }
}

/// Why a path was not audited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The path concerned.
    pub path: PathBuf,
    /// What went wrong, as a sentence.
    pub message: String,
    /// True for I/O failures (the run exits with status 2); false for files that
    /// were skipped on purpose (empty, binary).
    pub fatal: bool,
}

/// What the load stage produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The documents to audit, sorted by path.
    pub documents: Vec<Document>,
    /// Paths that could not be audited.
    pub problems: Vec<Problem>,
}

/// The default glob for files inside directories.
pub const DEFAULT_GLOB: &str = "*.txt";

/// Which files are audited when walking folders.
///
/// A glob without `/` matches the file (or folder) name, at any depth; a glob
/// with `/` matches the path relative to the base folder (`*` stays inside one
/// folder, `**` crosses folders). A file is read when some include glob
/// matches it and no exclude glob matches it or a folder above it.
#[derive(Clone, Debug)]
pub struct FileFilter {
    base: Option<PathBuf>,
    include_names: GlobSet,
    include_paths: GlobSet,
    exclude_names: GlobSet,
    exclude_paths: GlobSet,
}

impl FileFilter {
    /// A filter from include and exclude globs; relative-path globs are
    /// resolved against `base` (an absolute folder; `None`: the current
    /// directory).
    pub fn new(
        include: &[String],
        exclude: &[String],
        base: Option<&Path>,
    ) -> anyhow::Result<FileFilter> {
        let sets = |globs: &[String]| -> anyhow::Result<(GlobSet, GlobSet)> {
            let (mut names, mut paths) = (GlobSetBuilder::new(), GlobSetBuilder::new());
            for g in globs {
                let pattern = g.trim_start_matches("./").trim_start_matches('/');
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| anyhow::anyhow!("invalid glob {g:?}: {e}"))?;
                if pattern.contains('/') {
                    paths.add(glob);
                } else {
                    names.add(glob);
                }
            }
            Ok((names.build()?, paths.build()?))
        };
        let (include_names, include_paths) = sets(include)?;
        let (exclude_names, exclude_paths) = sets(exclude)?;
        Ok(FileFilter {
            base: base.map(Path::to_path_buf),
            include_names,
            include_paths,
            exclude_names,
            exclude_paths,
        })
    }

    /// The filter for one file-name glob, such as `*.txt`.
    pub fn glob(glob: &str) -> anyhow::Result<FileFilter> {
        FileFilter::new(&[glob.to_string()], &[], None)
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let abs = paths::from_cwd(path);
        let base = match &self.base {
            Some(b) => b.clone(),
            None => paths::from_cwd(Path::new(".")),
        };
        paths::inside(&abs, &base).map(|p| paths::to_slash(&p))
    }

    fn matches(&self, names: &GlobSet, rel_paths: &GlobSet, path: &Path) -> bool {
        path.file_name().is_some_and(|n| names.is_match(n))
            || (!rel_paths.is_empty()
                && self
                    .relative(path)
                    .is_some_and(|r| rel_paths.is_match(r.as_str())))
    }

    /// True when a file found inside a folder is to be audited.
    pub fn includes(&self, file: &Path) -> bool {
        self.matches(&self.include_names, &self.include_paths, file) && !self.excludes(file)
    }

    /// True when a file or folder is excluded.
    pub fn excludes(&self, path: &Path) -> bool {
        self.matches(&self.exclude_names, &self.exclude_paths, path)
    }
}

/// Reads every file named by `paths`, walking directories for the files the
/// filter includes. Files named explicitly are read whatever their name.
pub fn load(paths: &[PathBuf], filter: &FileFilter) -> Loaded {
    let (files, mut problems) = enumerate(paths, filter);
    // Files are read in parallel and taken in their sorted order.
    let read: Vec<Result<Document, Problem>> = files.par_iter().map(|f| read(&f.path)).collect();
    let mut documents = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(doc) => documents.push(doc),
            Err(problem) => problems.push(problem),
        }
    }
    Loaded {
        documents,
        problems,
    }
}

/// A file to audit, found by [`enumerate`] and not read yet.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Listed {
    /// The path as the tool will open it.
    pub path: PathBuf,
    /// Its size when listed, in bytes (0 when unknown).
    pub size: u64,
}

/// The files [`load`] would read, sorted by path and without duplicates,
/// with the paths that could not be listed: the first step of a streaming
/// audit, which reads each file only when its family is audited.
pub fn enumerate(paths: &[PathBuf], filter: &FileFilter) -> (Vec<Listed>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => problems.push(Problem {
                path: path.clone(),
                message: io_message(&e),
                fatal: true,
            }),
            Ok(meta) if meta.is_dir() => walk(path, filter, &mut files, &mut problems),
            Ok(meta) => files.push(Listed {
                path: path.clone(),
                size: meta.len(),
            }),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    (files, problems)
}

fn walk(root: &Path, filter: &FileFilter, files: &mut Vec<Listed>, problems: &mut Vec<Problem>) {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_type().is_dir() || !filter.excludes(e.path()))
    {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file() && filter.includes(entry.path()) {
                    found.push(entry.into_path());
                }
            }
            Err(e) => problems.push(Problem {
                path: e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf()),
                message: e
                    .io_error()
                    .map(io_message)
                    .unwrap_or_else(|| e.to_string()),
                fatal: true,
            }),
        }
    }
    // The sizes are asked for in parallel: one call into the file system
    // each, which the walk itself does not make.
    let sized: Vec<Listed> = found
        .into_par_iter()
        .map(|path| {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            Listed { path, size }
        })
        .collect();
    files.extend(sized);
}

/// Reads one file and decides whether it can be audited.
pub fn read(path: &Path) -> Result<Document, Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem {
        path: path.to_path_buf(),
        message: io_message(&e),
        fatal: true,
    })?;
    check(Document::new(path, bytes))
}

/// Rejects documents that are not text: empty files and binary files.
pub fn check(doc: Document) -> Result<Document, Problem> {
    let skip = |message: String| Problem {
        path: doc.path.clone(),
        message,
        fatal: false,
    };
    if doc.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(skip(if doc.bytes.is_empty() {
            "empty file, skipped".to_string()
        } else {
            "file holds only white space, skipped".to_string()
        }));
    }
    if let Some(what) = binary_kind(&doc.bytes) {
        return Err(skip(format!("binary file ({what}), skipped")));
    }
    Ok(doc)
}

/// Says why bytes look like a binary file rather than text, if they do: a known
/// file signature, or many NUL and control bytes near the start.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "zip archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"\x28\xb5\x2f\xfd", "zstd data"),
        (b"\x7fELF", "executable"),
    ];
    for (magic, what) in SIGNATURES {
        if bytes.starts_with(magic) {
            return Some(what);
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    // Most texts have none: a branch-free pass over whole vectors of bytes
    // says so before any is counted.
    if !head
        .iter()
        .fold(false, |any, &b| any | is_layout_free_control(b))
    {
        return None;
    }
    let odd = head.iter().filter(|&&b| is_layout_free_control(b)).count();
    if odd * 10 > head.len() || (odd > 0 && head.contains(&0) && odd * 50 > head.len()) {
        return Some("NUL and control bytes");
    }
    None
}

/// True for a C0 control byte that is not text layout (tab, line feed,
/// carriage return, form feed). Branch-free, so scans over it vectorise.
#[inline]
pub fn is_layout_free_control(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c)
}

/// Parses a family manifest: CSV lines `path,family` (a first line
/// `path,family` is a header; empty lines and lines starting with `#` are
/// skipped) or, when the text starts with `{`, a JSON object mapping paths to
/// family names. Relative paths are resolved against `base` (the manifest's
/// folder) and normalised.
pub fn parse_manifest(text: &str, base: &Path) -> anyhow::Result<Vec<(PathBuf, String)>> {
    let resolve = |p: &str| paths::normalise(&base.join(p.trim()));
    let mut out = Vec::new();
    if text.trim_start().starts_with('{') {
        let map: std::collections::BTreeMap<String, String> = serde_json::from_str(text)
            .map_err(|e| anyhow::anyhow!("not a JSON object of path to family: {e}"))?;
        for (path, family) in map {
            out.push((resolve(&path), family));
        }
        return Ok(out);
    }
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || (n == 0 && line == "path,family") {
            continue;
        }
        let Some((path, family)) = line.rsplit_once(',') else {
            anyhow::bail!("line {}: expected path,family", n + 1);
        };
        let (path, family) = (
            path.trim().trim_matches('"'),
            family.trim().trim_matches('"'),
        );
        if path.is_empty() || family.is_empty() {
            anyhow::bail!("line {}: expected path,family", n + 1);
        }
        out.push((resolve(path), family.to_string()));
    }
    Ok(out)
}

/// Reads a manifest file ([`parse_manifest`], paths relative to its folder):
/// the family of each path it lists, keyed by the path made absolute
/// ([`paths::from_cwd`]).
pub fn read_manifest(file: &Path) -> anyhow::Result<std::collections::HashMap<PathBuf, String>> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read manifest {}: {e}", file.display()))?;
    let abs = paths::from_cwd(file);
    let base = abs.parent().unwrap_or(Path::new("/"));
    let entries = parse_manifest(&text, base)
        .map_err(|e| anyhow::anyhow!("manifest {}: {e}", file.display()))?;
    Ok(entries.into_iter().collect())
}

/// Reads a manifest file ([`read_manifest`]) and gives each listed document
/// its family. Returns how many documents it named.
pub fn apply_manifest(file: &Path, documents: &mut [Document]) -> anyhow::Result<usize> {
    let map = read_manifest(file)?;
    let mut named = 0;
    for doc in documents {
        if let Some(family) = map.get(&paths::from_cwd(&doc.path)) {
            doc.family = Some(family.clone());
            named += 1;
        }
    }
    Ok(named)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_in_csv_and_json_name_families() {
        let base = Path::new("/corpora/news");
        let csv =
            "path,family\n# a comment\na/x.txt,storm\n\n./b/y.txt , storm\n/abs/z.txt,\"other\"\n";
        let got = parse_manifest(csv, base).unwrap();
        assert_eq!(
            got,
            vec![
                (PathBuf::from("/corpora/news/a/x.txt"), "storm".to_string()),
                (PathBuf::from("/corpora/news/b/y.txt"), "storm".to_string()),
                (PathBuf::from("/abs/z.txt"), "other".to_string()),
            ]
        );
        let json = r#"{"a/x.txt": "storm", "../c.txt": "other"}"#;
        let got = parse_manifest(json, base).unwrap();
        assert_eq!(
            got,
            vec![
                (PathBuf::from("/corpora/c.txt"), "other".to_string()),
                (PathBuf::from("/corpora/news/a/x.txt"), "storm".to_string()),
            ]
        );
        let e = parse_manifest("a.txt\n", base).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    #[test]
    fn empty_and_whitespace_files_are_skipped_not_fatal() {
        let p = check(Document::new("a.txt", Vec::new())).unwrap_err();
        assert!(!p.fatal);
        assert!(p.message.contains("empty"));
        let p = check(Document::new("b.txt", b" \n\n".to_vec())).unwrap_err();
        assert!(p.message.contains("white space"));
    }

    #[test]
    fn binary_signatures_and_nul_heavy_files_are_binary() {
        assert_eq!(binary_kind(b"\x89PNG\r\n\x1a\n...."), Some("PNG image"));
        assert!(binary_kind(&[0u8, 1, 2, 3, 0, 0, b'a', b'b']).is_some());
        assert_eq!(binary_kind("Plain text, caf\u{e9}.\n".as_bytes()), None);
        // A single stray NUL in a long text is an encoding finding, not a binary file.
        let mut text = "word ".repeat(400).into_bytes();
        text[100] = 0;
        assert_eq!(binary_kind(&text), None);
    }

    #[test]
    fn missing_path_is_a_fatal_problem_naming_the_file() {
        let loaded = load(
            &[PathBuf::from("/no/such/dir/x.txt")],
            &FileFilter::glob("*.txt").unwrap(),
        );
        assert!(loaded.documents.is_empty());
        assert_eq!(loaded.problems.len(), 1);
        assert!(loaded.problems[0].fatal);
        assert_eq!(loaded.problems[0].path, PathBuf::from("/no/such/dir/x.txt"));
    }

    #[test]
    fn globs_match_names_anywhere_and_paths_from_the_base() {
        let base = Path::new("/corpora/news");
        let filter = FileFilter::new(
            &["*.txt".to_string(), "feeds/**/*.md".to_string()],
            &["draft-*".to_string(), "archive/2019".to_string()],
            Some(base),
        )
        .unwrap();
        assert!(filter.includes(Path::new("/corpora/news/a/b/copy.txt")));
        assert!(filter.includes(Path::new("/corpora/news/feeds/x/y.md")));
        assert!(!filter.includes(Path::new("/corpora/news/other/y.md")));
        assert!(!filter.includes(Path::new("/corpora/news/a/draft-1.txt")));
        assert!(filter.excludes(Path::new("/corpora/news/archive/2019")));
        assert!(!filter.excludes(Path::new("/corpora/news/archive/2020")));
    }

    #[test]
    fn excluded_folders_are_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "keep/a.txt",
            "drafts/b.txt",
            "keep/drafts/c.txt",
            "keep/d.md",
        ] {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "Some text.\n").unwrap();
        }
        let filter = FileFilter::new(
            &["*.txt".to_string()],
            &["drafts".to_string()],
            Some(dir.path()),
        )
        .unwrap();
        let loaded = load(&[dir.path().to_path_buf()], &filter);
        let names: Vec<String> = loaded
            .documents
            .iter()
            .map(|d| {
                d.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, vec!["keep/a.txt"]);
    }
}
