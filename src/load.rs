//! Load stage: turns the paths given on the command line into [`Document`]s.
//!
//! Directories are walked recursively (sorted, so runs are deterministic) and
//! filtered by a glob on the file name. Files are read as bytes: every offset the
//! tool reports is a byte offset into the file exactly as it is on disk. Files that
//! cannot be audited (missing, unreadable, empty, binary) become [`Problem`]s and the
//! rest of the corpus is still audited.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

/// One input file, as read from disk.
#[derive(Clone, Debug)]
pub struct Document {
    /// The path as the tool opened it.
    pub path: PathBuf,
    /// The folder whose files are grouped together (the file's parent).
    pub folder: PathBuf,
    /// The raw bytes.
    pub bytes: Vec<u8>,
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

/// Builds the file-name matcher used when walking directories.
pub fn matcher(glob: &str) -> anyhow::Result<GlobMatcher> {
    Ok(Glob::new(glob)
        .map_err(|e| anyhow::anyhow!("invalid --glob {glob:?}: {e}"))?
        .compile_matcher())
}

/// Reads every file named by `paths`, walking directories for files whose name
/// matches `glob`. Files named explicitly are read whatever their name.
pub fn load(paths: &[PathBuf], glob: &GlobMatcher) -> Loaded {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => problems.push(Problem {
                path: path.clone(),
                message: io_message(&e),
                fatal: true,
            }),
            Ok(meta) if meta.is_dir() => walk(path, glob, &mut files, &mut problems),
            Ok(_) => files.push(path.clone()),
        }
    }
    files.sort();
    files.dedup();
    let mut documents = Vec::with_capacity(files.len());
    for path in files {
        match read(&path) {
            Ok(doc) => documents.push(doc),
            Err(problem) => problems.push(problem),
        }
    }
    Loaded {
        documents,
        problems,
    }
}

fn walk(root: &Path, glob: &GlobMatcher, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    for entry in walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file() && glob.is_match(entry.file_name()) {
                    files.push(entry.into_path());
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
    let odd = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    if odd * 10 > head.len() || (odd > 0 && head.contains(&0) && odd * 50 > head.len()) {
        return Some("NUL and control bytes");
    }
    None
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
            &matcher("*.txt").unwrap(),
        );
        assert!(loaded.documents.is_empty());
        assert_eq!(loaded.problems.len(), 1);
        assert!(loaded.problems[0].fatal);
        assert_eq!(loaded.problems[0].path, PathBuf::from("/no/such/dir/x.txt"));
    }
}
