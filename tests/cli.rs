//! Command-line behaviour: every format, exit status and bad input, checked
//! from the consumer's side (JSON is read back with the test's own types).

mod common;

use assert_cmd::Command;
use serde::Deserialize;
use std::path::Path;

use common::{article, restyle, write};

#[derive(Debug, Deserialize)]
struct Finding {
    kind: String,
    severity: String,
    family: String,
    path: String,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    reference: Option<Reference>,
    repair: Option<Repair>,
    message: String,
}

#[derive(Debug, Deserialize)]
struct Reference {
    path: String,
    start: usize,
    end: usize,
}

#[derive(Debug, Deserialize)]
struct Repair {
    start: usize,
    end: usize,
    replacement: String,
}

#[derive(Debug, Deserialize)]
struct Family {
    id: String,
    reference: Option<String>,
    members: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Summary {
    documents: usize,
    families: usize,
    singletons: usize,
    errors: usize,
}

#[derive(Debug, Deserialize)]
struct Document {
    version: u32,
    families: Vec<Family>,
    findings: Vec<Finding>,
    summary: Summary,
}

const LOST: &str =
    "on Tuesday evening to approve an £86 million extension of the Blue Line tram, ending ";

/// A folder with an intact copy, a restyled copy and a spliced copy of one
/// article, plus an unrelated article. Returns the spliced copy's text.
fn corpus(dir: &Path) -> String {
    common::spliced_story(dir, LOST)
}

fn splicecheck() -> Command {
    Command::cargo_bin("splicecheck").unwrap()
}

/// What `splicecheck ARGS` run in `dir` prints on stdout; it must exit `code`.
fn stdout_of(dir: &Path, args: &[&str], code: i32) -> Vec<u8> {
    splicecheck()
        .current_dir(dir)
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone()
}

fn jsonl(out: &[u8]) -> Vec<Finding> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect()
}

#[test]
fn jsonl_reports_the_splice_with_offsets_and_repair_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let spliced = corpus(dir.path());
    let out = stdout_of(dir.path(), &["audit", "story", "--format", "jsonl"], 1);
    let findings = jsonl(&out);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!((f.kind.as_str(), f.severity.as_str()), ("splice", "error"));
    assert_eq!(f.path, Path::new("story").join("c.txt").to_string_lossy());
    let junction = article("01").find(LOST).unwrap();
    assert_eq!((f.start, f.end), (junction, junction));
    assert_eq!(f.line, 3);
    let repair = f.repair.as_ref().unwrap();
    assert_eq!(repair.replacement, LOST);
    let mut fixed = spliced.clone();
    fixed.replace_range(repair.start..repair.end, &repair.replacement);
    assert_eq!(fixed, article("01"));
    let reference = f.reference.as_ref().unwrap();
    assert!(reference.path.ends_with("a.txt") || reference.path.ends_with("b.txt"));
    assert!(reference.end > reference.start);
    assert!(f.message.contains("mid-sentence"));
    assert!(f.column > 1);
    assert!(f.family.starts_with('f'));
}

#[test]
fn json_document_lists_families_references_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let out = stdout_of(dir.path(), &["audit", "story", "--format", "json"], 1);
    let doc: Document = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc.version, 1);
    assert_eq!(doc.summary.documents, 4);
    assert_eq!((doc.summary.families, doc.summary.singletons), (1, 1));
    assert_eq!(doc.summary.errors, 1);
    let family = doc.families.iter().find(|f| f.members.len() == 3).unwrap();
    let reference = family.reference.as_deref().unwrap();
    assert!(
        !reference.ends_with("c.txt"),
        "the spliced copy is never the reference"
    );
    assert_eq!(doc.findings[0].family, family.id);
}

#[test]
fn human_output_points_at_the_junction() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let out = stdout_of(dir.path(), &["audit", "story", "--color", "never"], 1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("error[splice]: "), "{text}");
    assert!(text.contains(&format!(
        "--> {}:3:",
        Path::new("story").join("c.txt").display()
    )));
    assert!(
        text.contains("voted 31 to 17 almost four years"),
        "context around the junction:\n{text}"
    );
    assert!(text.contains("^ here"));
    assert!(text.contains("= repair: insert at byte"));
    assert!(text.contains("summary: 1 error(s)"));
}

#[test]
fn clean_corpus_exits_0_and_fail_on_controls_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let base = article("02");
    write(
        dir.path(),
        &[
            ("s/a.txt", base.as_bytes()),
            ("s/b.txt", restyle(&base).as_bytes()),
        ],
    );
    splicecheck()
        .current_dir(dir.path())
        .args(["audit", "s"])
        .assert()
        .code(0);
    corpus(dir.path());
    splicecheck()
        .current_dir(dir.path())
        .args(["audit", ".", "--fail-on", "never"])
        .assert()
        .code(0);
    splicecheck()
        .current_dir(dir.path())
        .args(["audit", ".", "--fail-on", "warning"])
        .assert()
        .code(1);
}

#[test]
fn missing_path_is_named_and_exits_2_but_the_rest_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let assert = splicecheck()
        .current_dir(dir.path())
        .args(["audit", "story", "nowhere/x.txt", "--format", "jsonl"])
        .assert()
        .code(2);
    let output = assert.get_output();
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere/x.txt: no such file"));
    assert_eq!(jsonl(&output.stdout).len(), 1);
}

#[test]
fn empty_binary_and_invalid_utf8_files_get_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let mut latin1 = b"Caf\xe9 owners in the old town said trade had ".to_vec();
    latin1.extend_from_slice(b"fallen sharply since the road was closed.\n");
    write(
        dir.path(),
        &[
            ("d/empty.txt", b""),
            ("d/image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            ("d/latin1.txt", &latin1),
        ],
    );
    let assert = splicecheck()
        .current_dir(dir.path())
        .args(["audit", "d", "--format", "jsonl"])
        .assert()
        .code(1);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("empty.txt: empty file, skipped"),
        "{stderr}"
    );
    assert!(stderr.contains("image.txt: binary file"), "{stderr}");
    let findings = jsonl(&output.stdout);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].kind, "encoding");
    assert_eq!((findings[0].start, findings[0].end), (3, 4));
}

#[test]
fn glob_selects_files_inside_folders() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    std::fs::rename(
        dir.path().join("story/c.txt"),
        dir.path().join("story/c.md"),
    )
    .unwrap();
    splicecheck()
        .current_dir(dir.path())
        .args(["audit", "story"])
        .assert()
        .code(0);
    splicecheck()
        .current_dir(dir.path())
        .args(["audit", "story", "--glob", "*.{txt,md}"])
        .assert()
        .code(1);
}

#[test]
fn usage_errors_exit_2_and_help_teaches() {
    splicecheck().args(["audit"]).assert().code(2);
    splicecheck()
        .args(["audit", ".", "--format", "xml"])
        .assert()
        .code(2);
    let help = audit_help();
    for word in [
        "Exit status",
        "splice",
        "truncation",
        "--fail-on",
        "byte offsets",
    ] {
        assert!(help.contains(word), "help lacks {word}");
    }
}

#[test]
fn info_findings_are_shown_on_request() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let out = stdout_of(
        dir.path(),
        &[
            "audit",
            "story",
            "--format",
            "jsonl",
            "--min-severity",
            "info",
        ],
        1,
    );
    let findings = jsonl(&out);
    assert!(
        findings
            .iter()
            .any(|f| f.kind == "boilerplate" && f.severity == "info")
    );
    assert_eq!(findings.iter().filter(|f| f.severity == "error").count(), 1);
}

#[test]
fn no_progress_bar_off_a_terminal_and_quiet_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // An empty file, so standard error has a warning to keep.
    write(dir.path(), &[("story/empty.txt", b"")]);
    let run = |extra: &[&str], ci: bool| {
        let mut cmd = splicecheck();
        cmd.current_dir(dir.path())
            .args(["audit", "story", "--format", "human", "--color", "never"])
            .args(extra);
        if ci {
            cmd.env("CI", "true");
        } else {
            cmd.env_remove("CI");
        }
        let out = cmd.assert().code(1).get_output().clone();
        (out.stdout, String::from_utf8(out.stderr).unwrap())
    };
    let plain = run(&[], false);
    assert!(String::from_utf8_lossy(&plain.0).contains("error[splice]"));
    assert_eq!(
        plain.1, "splicecheck: warning: story/empty.txt: empty file, skipped\n",
        "standard error holds the warning and no progress bar"
    );
    assert_eq!(run(&["--quiet"], false), plain);
    assert_eq!(run(&["-q"], true), plain);
    assert_eq!(run(&[], true), plain);
    assert!(audit_help().contains("--quiet"));
}

/// What `splicecheck audit --help` prints (it exits 0).
fn audit_help() -> String {
    let out = splicecheck()
        .args(["audit", "--help"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_family_too_large_to_compare_every_pair_is_named_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::articles().remove(0).1;
    let copies: Vec<(String, Vec<u8>)> = (0..12)
        .map(|k| (format!("big/c{k:02}.txt"), text.clone().into_bytes()))
        .collect();
    let files: Vec<(&str, &[u8])> = copies
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_slice()))
        .collect();
    write(dir.path(), &files);
    let out = splicecheck()
        .current_dir(dir.path())
        .args(["audit", "big", "--format", "jsonl"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("1 family of more than 9 copies (the largest, family f1, has 12)")
            && stderr.contains("compared with 8 of its siblings"),
        "{stderr}"
    );
}
