//! `splicecheck repair`: the patch applies with `git apply` and `patch -p1`,
//! in-place writing is atomic, keeps permissions and backups, and a second
//! audit finds none of the repaired corruptions. Also `audit --output`.

mod common;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Finding {
    kind: String,
    severity: String,
    path: String,
    repair: Option<Repair>,
}

#[derive(Debug, Deserialize)]
struct Repair {
    start: usize,
    end: usize,
    replacement: String,
}

fn splicecheck(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("splicecheck").unwrap();
    c.current_dir(dir);
    c
}

fn audit(dir: &Path, path: &str) -> Vec<Finding> {
    let out = splicecheck(dir)
        .args(["audit", path, "--format", "jsonl"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let p = to.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// A copy of the bundled corpus in a new temporary folder, as `corpus/`.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        &dir.path().join("corpus"),
    );
    dir
}

/// The corpus as the audit's own repairs of its error findings leave it,
/// worked out here from the JSON Lines output: each repair replaces its byte
/// range and nothing else.
fn expected_after_repair(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot(&dir.join("corpus"));
    let mut by_path: BTreeMap<String, Vec<Repair>> = BTreeMap::new();
    for f in audit(dir, "corpus") {
        if f.severity == "error" {
            by_path
                .entry(f.path)
                .or_default()
                .push(f.repair.expect("every error in the corpus has a repair"));
        }
    }
    assert!(!by_path.is_empty());
    for (path, mut repairs) in by_path {
        repairs.sort_by_key(|r| std::cmp::Reverse(r.start));
        let rel = Path::new(&path).strip_prefix("corpus").unwrap();
        let bytes = files.get_mut(rel).unwrap();
        for r in repairs {
            bytes.splice(r.start..r.end, r.replacement.bytes());
        }
    }
    files
}

fn has(tool: &str) -> bool {
    std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn skip(note: &str) {
    // Straight to the standard error, past the test harness's capture.
    let _ = writeln!(std::io::stderr(), "SKIP: {note}");
}

fn assert_clean_and_as_expected(dir: &Path, expected: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = snapshot(&dir.join("corpus"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in expected {
        assert!(after[rel] == *bytes, "{} differs", rel.display());
    }
    let errors: Vec<Finding> = audit(dir, "corpus")
        .into_iter()
        .filter(|f| f.severity == "error")
        .collect();
    assert!(errors.is_empty(), "errors after the repair: {errors:?}");
    splicecheck(dir).args(["audit", "corpus"]).assert().code(0);
}

#[test]
fn the_patch_applies_with_git_apply_and_patch_and_clears_every_error() {
    let dir = corpus_copy();
    let before = snapshot(&dir.path().join("corpus"));
    let expected = expected_after_repair(dir.path());
    let out = splicecheck(dir.path())
        .args(["repair", "corpus", "--patch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let patch = out.stdout;
    assert!(patch.starts_with(b"--- a/corpus/"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the patch repairs"));
    // The patch touches exactly the files whose bytes change.
    let touched = before.iter().filter(|(k, v)| expected[*k] != **v).count();
    let headers = patch
        .split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b"+++ b/"))
        .count();
    assert_eq!(headers, touched);

    let mut applied = 0;
    if has("git") {
        let d = corpus_copy();
        std::fs::write(d.path().join("fix.diff"), &patch).unwrap();
        let status = std::process::Command::new("git")
            .args(["apply", "fix.diff"])
            .current_dir(d.path())
            .status()
            .unwrap();
        assert!(status.success(), "git apply failed");
        std::fs::remove_file(d.path().join("fix.diff")).unwrap();
        assert_clean_and_as_expected(d.path(), &expected);
        applied += 1;
    } else {
        skip("git not found; the patch was not applied with git apply");
    }
    if has("patch") {
        let d = corpus_copy();
        let mut child = std::process::Command::new("patch")
            .args(["-p1", "--quiet", "--no-backup-if-mismatch"])
            .current_dir(d.path())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&patch).unwrap();
        assert!(child.wait().unwrap().success(), "patch -p1 failed");
        assert_clean_and_as_expected(d.path(), &expected);
        applied += 1;
    } else {
        skip("patch not found; the patch was not applied with patch -p1");
    }
    if applied == 0 {
        skip("neither git nor patch is installed");
    }
}

#[test]
fn the_patch_can_go_to_a_file_and_kinds_choose_what_is_repaired() {
    let dir = corpus_copy();
    splicecheck(dir.path())
        .args([
            "repair", "corpus", "--patch", "--kinds", "mojibake", "--output", "fix.diff",
        ])
        .assert()
        .code(0)
        .stdout("");
    let patch = std::fs::read_to_string(dir.path().join("fix.diff")).unwrap();
    let mojibake: Vec<Finding> = audit(dir.path(), "corpus")
        .into_iter()
        .filter(|f| f.kind == "mojibake")
        .collect();
    assert!(!mojibake.is_empty());
    assert_eq!(patch.matches("\n+++ b/").count(), mojibake.len());
    for f in &mojibake {
        assert!(patch.contains(&format!("+++ b/{}\n", f.path)));
    }
    splicecheck(dir.path())
        .args(["repair", "corpus", "--patch", "--kinds", "nonsense"])
        .assert()
        .code(2);
    splicecheck(dir.path())
        .args(["repair", "corpus"])
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn write_repairs_in_place_keeping_permissions_and_backups() {
    use std::os::unix::fs::PermissionsExt;
    let dir = corpus_copy();
    let before = snapshot(&dir.path().join("corpus"));
    let expected = expected_after_repair(dir.path());
    let changed: Vec<&PathBuf> = before
        .keys()
        .filter(|k| expected[*k] != before[*k])
        .collect();
    let restricted = dir.path().join("corpus").join(changed[0]);
    std::fs::set_permissions(&restricted, std::fs::Permissions::from_mode(0o640)).unwrap();

    let out = splicecheck(dir.path())
        .args(["repair", "corpus", "--write", "--backup"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), changed.len(), "{stdout}");
    assert!(stdout.contains(".orig"));

    let mode = std::fs::metadata(&restricted).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    let after = snapshot(&dir.path().join("corpus"));
    for (rel, bytes) in &before {
        assert!(after[rel] == expected[rel], "{} differs", rel.display());
        let backup = PathBuf::from(format!("{}.orig", rel.display()));
        if changed.contains(&rel) {
            assert!(
                after[&backup] == *bytes,
                "{} is not the original",
                backup.display()
            );
        } else {
            assert!(!after.contains_key(&backup));
        }
    }
    // Only the repaired files and their backups: no temporary file is left.
    assert_eq!(after.len(), before.len() + changed.len());
    let errors = audit(dir.path(), "corpus")
        .into_iter()
        .filter(|f| f.severity == "error")
        .count();
    assert_eq!(errors, 0);

    // Nothing left to repair: a second run changes nothing.
    splicecheck(dir.path())
        .args(["repair", "corpus", "--write", "--backup"])
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(snapshot(&dir.path().join("corpus")), after);
}

#[test]
fn a_finding_without_a_repair_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::article("01");
    let cut = text.rfind(" the ").unwrap();
    let truncated = format!("{}\n", &text[..cut]);
    common::write(dir.path(), &[("lone/story.txt", truncated.as_bytes())]);
    let warnings: Vec<Finding> = audit(dir.path(), "lone")
        .into_iter()
        .filter(|f| f.kind == "truncation" && f.severity == "warning")
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].repair.is_none());

    // By default only errors are repaired: nothing to do.
    splicecheck(dir.path())
        .args(["repair", "lone", "--write"])
        .assert()
        .code(0);
    let out = splicecheck(dir.path())
        .args(["repair", "lone", "--write", "--min-severity", "warning"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("lone/story.txt") && stderr.contains("carries no repair"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("lone/story.txt")).unwrap(),
        truncated.as_bytes()
    );
}

#[test]
fn a_file_changed_after_the_audit_is_refused() {
    use splicecheck::{repair, rewrite};
    let dir = corpus_copy();
    let report = splicecheck::audit_paths(&[dir.path().join("corpus")], "*.txt").unwrap();
    let plan = repair::plan(&report, &repair::Selection::default());
    let file = &plan.files[0];
    let doc = &report.documents[file.doc];
    let new = repair::apply(&doc.bytes, &file.edits);
    // Someone edits the file between the audit and the write.
    let mut edited = doc.bytes.clone();
    edited.extend_from_slice(b"\nA late correction.\n");
    std::fs::write(&doc.path, &edited).unwrap();
    let e = rewrite::rewrite(&doc.path, &doc.bytes, &new, true).unwrap_err();
    assert!(matches!(e, rewrite::RewriteError::Changed), "{e}");
    assert_eq!(std::fs::read(&doc.path).unwrap(), edited);
    assert!(!rewrite::backup_path(&doc.path).exists());
    // Unchanged, it is written.
    let other = &plan.files[1];
    let odoc = &report.documents[other.doc];
    let onew = repair::apply(&odoc.bytes, &other.edits);
    rewrite::rewrite(&odoc.path, &odoc.bytes, &onew, false).unwrap();
    assert_eq!(std::fs::read(&odoc.path).unwrap(), onew);
}

#[test]
fn audit_output_works_for_every_format() {
    let dir = corpus_copy();
    for format in ["human", "json", "jsonl", "html"] {
        let name = format!("report.{format}");
        splicecheck(dir.path())
            .args(["audit", "corpus", "--format", format, "--output", &name])
            .assert()
            .code(1)
            .stdout("");
        let text = std::fs::read_to_string(dir.path().join(&name)).unwrap();
        let piped = splicecheck(dir.path())
            .args(["audit", "corpus", "--format", format])
            .output()
            .unwrap();
        assert_eq!(text.as_bytes(), piped.stdout, "{format}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert!(json["summary"]["errors"].as_u64().unwrap() > 0);
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    splicecheck(dir.path())
        .args(["audit", "corpus", "--output", "no/such/folder/report.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/folder/report.txt"));
}
