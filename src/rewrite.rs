//! Safe in-place rewriting of one file, for `splicecheck repair --write`.
//!
//! [`rewrite`] never leaves a half-written file behind: the new bytes go to a
//! temporary file in the same folder, which takes the original's permissions
//! (and owner, where allowed), is flushed to disk and then renamed over the
//! original in one step. A file whose bytes are no longer the ones the repair
//! was planned from is refused, as is one whose size or modification time
//! changes while the new bytes are written. With a backup, the original file
//! itself (its bytes, permissions and times) stays as `FILE.orig`.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a file was not rewritten. The file is left as it was.
#[derive(Debug)]
pub enum RewriteError {
    /// The file's bytes differ from the ones the repair was planned from, or
    /// the file changed while the new bytes were written.
    Changed,
    /// The backup file exists already; it is never overwritten.
    BackupExists(PathBuf),
    /// The path is not a regular file.
    NotAFile,
    /// Reading or writing failed.
    Io(io::Error),
}

impl fmt::Display for RewriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RewriteError::Changed => {
                f.write_str("the file changed since it was read; audit it again before repairing")
            }
            RewriteError::BackupExists(p) => write!(
                f,
                "the backup {} exists already and is never overwritten",
                p.display()
            ),
            RewriteError::NotAFile => f.write_str("not a regular file"),
            RewriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RewriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RewriteError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for RewriteError {
    fn from(e: io::Error) -> RewriteError {
        RewriteError::Io(e)
    }
}

/// What [`rewrite`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewritten {
    /// The file written (a symbolic link is followed to its target).
    pub path: PathBuf,
    /// Where the original was kept, when a backup was asked for.
    pub backup: Option<PathBuf>,
}

/// The backup path of a file: `FILE.orig`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".orig");
    path.with_file_name(name)
}

/// Replaces the contents of the file at `path` by `new`, provided it still
/// holds exactly `expected` (the bytes the edits were planned from).
///
/// The new bytes are written to a temporary file in the same folder, with the
/// original's permissions, and renamed over the original; the file's size and
/// modification time are checked again just before the rename. With `backup`,
/// the original is kept as `FILE.orig` (refused when that exists already).
pub fn rewrite(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    backup: bool,
) -> Result<Rewritten, RewriteError> {
    let target = fs::canonicalize(path)?;
    let before = fs::metadata(&target)?;
    if !before.is_file() {
        return Err(RewriteError::NotAFile);
    }
    if fs::read(&target)? != expected {
        return Err(RewriteError::Changed);
    }
    let backup_to = backup.then(|| backup_path(&target));
    if let Some(b) = &backup_to
        && fs::symlink_metadata(b).is_ok()
    {
        return Err(RewriteError::BackupExists(b.clone()));
    }
    let (tmp_path, tmp) = temp_file(&target)?;
    let result = (|| -> Result<(), RewriteError> {
        let mut tmp = tmp;
        tmp.write_all(new)?;
        keep_owner(&tmp, &before);
        tmp.set_permissions(before.permissions())?;
        tmp.sync_all()?;
        drop(tmp);
        let now = fs::metadata(&target)?;
        if now.len() != before.len() || now.modified().ok() != before.modified().ok() {
            return Err(RewriteError::Changed);
        }
        if let Some(b) = &backup_to {
            keep_backup(&target, b)?;
        }
        fs::rename(&tmp_path, &target)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp_path);
        return Err(e);
    }
    if let Some(dir) = target.parent() {
        // Make the rename itself durable; not every platform can open a folder.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(Rewritten {
        path: target,
        backup: backup_to,
    })
}

/// Creates a new, empty temporary file beside `target`.
fn temp_file(target: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let dir = target.parent().unwrap_or(Path::new("."));
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(
            ".{name}.{}-{n}.splicecheck-tmp",
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Keeps the original file as the backup: a second name for it where the file
/// system allows, else a copy.
fn keep_backup(target: &Path, backup: &Path) -> io::Result<()> {
    match fs::hard_link(target, backup) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            let mut out = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(backup)?;
            out.write_all(&fs::read(target)?)?;
            out.set_permissions(fs::metadata(target)?.permissions())?;
            out.sync_all()
        }
    }
}

/// Gives the temporary file the original's owner and group, where allowed.
#[cfg(unix)]
fn keep_owner(file: &File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _original: &fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn rewrites_and_keeps_a_backup() {
        let d = dir();
        let p = d.path().join("a.txt");
        fs::write(&p, "old\n").unwrap();
        let done = rewrite(&p, b"old\n", b"new\n", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new\n");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"old\n");
        assert_eq!(done.backup, Some(backup_path(&done.path)));
        // Only the file and its backup are left: no temporary file.
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 2);
    }

    #[test]
    fn an_existing_backup_is_never_overwritten() {
        let d = dir();
        let p = d.path().join("a.txt");
        fs::write(&p, "old\n").unwrap();
        fs::write(backup_path(&p), "first\n").unwrap();
        let e = rewrite(&p, b"old\n", b"new\n", true).unwrap_err();
        assert!(matches!(e, RewriteError::BackupExists(_)), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"old\n");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"first\n");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_refused() {
        let d = dir();
        let p = d.path().join("a.txt");
        fs::write(&p, "edited by someone else\n").unwrap();
        let e = rewrite(&p, b"old\n", b"new\n", false).unwrap_err();
        assert!(matches!(e, RewriteError::Changed), "{e}");
        assert_eq!(fs::read(&p).unwrap(), b"edited by someone else\n");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir();
        let p = d.path().join("a.txt");
        fs::write(&p, "old\n").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        rewrite(&p, b"old\n", b"new\n", false).unwrap();
        let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_not_replaced() {
        let d = dir();
        let p = d.path().join("a.txt");
        let link = d.path().join("link.txt");
        fs::write(&p, "old\n").unwrap();
        std::os::unix::fs::symlink(&p, &link).unwrap();
        rewrite(&link, b"old\n", b"new\n", false).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&p).unwrap(), b"new\n");
    }
}
