//! Lexical path arithmetic shared by the configuration, the baseline and the
//! output formats: paths made absolute against a working folder, relative to
//! a base folder, and written with `/` separators. Nothing here touches the
//! file system; only [`from_cwd`] reads the current directory.

use std::path::{Component, Path, PathBuf};

/// `path` without `.` components and with `..` resolved against the
/// components before it (lexically: symbolic links are not followed).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` made absolute against `cwd` (when relative) and normalised.
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    normalise(&cwd.join(path))
}

/// `path` made absolute against the current directory and normalised (as it
/// is when the current directory cannot be read).
pub fn from_cwd(path: &Path) -> PathBuf {
    normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `path` relative to `base`, both absolute and normalised, with `..` steps
/// when `path` is outside `base`. `None` when they share no root (different
/// drives).
pub fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    if p.first() != b.first() {
        return None;
    }
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    Some(out)
}

/// `path` relative to `base` when it lies inside it (no `..` step needed).
pub fn inside(path: &Path, base: &Path) -> Option<PathBuf> {
    path.strip_prefix(base).ok().map(Path::to_path_buf)
}

/// The path's components joined with `/` (lossy for non-UTF-8 names).
pub fn to_slash(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        match c {
            Component::RootDir => out.push('/'),
            Component::Prefix(p) => out.push_str(&p.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_dots_and_resolves_parents() {
        assert_eq!(normalise(Path::new("./a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(
            normalise(Path::new("../a/b/../../..")),
            PathBuf::from("../..")
        );
        assert_eq!(normalise(Path::new("/a/../../b")), PathBuf::from("/b"));
    }

    #[test]
    fn relative_paths_step_out_of_the_base_when_needed() {
        let cwd = Path::new("/work/repo");
        let doc = absolute(Path::new("./corpus/a/x.txt"), cwd);
        assert_eq!(doc, PathBuf::from("/work/repo/corpus/a/x.txt"));
        assert_eq!(
            relative_to(&doc, cwd),
            Some(PathBuf::from("corpus/a/x.txt"))
        );
        assert_eq!(
            relative_to(&doc, Path::new("/work/repo/other")),
            Some(PathBuf::from("../corpus/a/x.txt"))
        );
        assert_eq!(
            inside(&doc, cwd).map(|p| to_slash(&p)),
            Some("corpus/a/x.txt".to_string())
        );
        assert_eq!(inside(&doc, Path::new("/work/elsewhere")), None);
        assert_eq!(to_slash(&doc), "/work/repo/corpus/a/x.txt");
    }
}
