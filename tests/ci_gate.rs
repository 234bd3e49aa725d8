//! splicecheck as a CI gate, from the consumer's side: SARIF and GitHub
//! annotations (read back with the test's own types), the configuration file
//! and baselines, and the exit statuses they lead to.

mod common;

use std::path::Path;

use assert_cmd::Command;
use serde::Deserialize;

use common::{article, write};

/// The words cut from the third copy of article 01.
const LOST: &str =
    "on Tuesday evening to approve an £86 million extension of the Blue Line tram, ending ";

/// A second cut, in a later paragraph.
const LOST_LATER: &str = "is expected to carry around 9,500 passengers a day once it ";

/// A folder `story` with an intact copy, a restyled copy and a spliced copy of
/// one article, plus an unrelated article. Returns the spliced copy's text.
fn corpus(dir: &Path) -> String {
    assert!(article("01").contains(LOST_LATER));
    common::spliced_story(dir, LOST)
}

fn splicecheck(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("splicecheck").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn stdout(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn stderr(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

#[derive(Debug, Deserialize)]
struct JsonFinding {
    kind: String,
    severity: String,
    path: String,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    reference: Option<JsonSpan>,
    repair: Option<JsonRepair>,
}

#[derive(Debug, Deserialize)]
struct JsonSpan {
    path: String,
    start: usize,
    end: usize,
}

#[derive(Debug, Deserialize)]
struct JsonRepair {
    start: usize,
    end: usize,
    replacement: String,
}

fn jsonl(text: &str) -> Vec<JsonFinding> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect()
}

fn errors(text: &str) -> Vec<JsonFinding> {
    jsonl(text)
        .into_iter()
        .filter(|f| f.severity == "error")
        .collect()
}

// SARIF, as a consumer reads it.

#[derive(Debug, Deserialize)]
struct Sarif {
    version: String,
    #[serde(rename = "$schema")]
    schema: String,
    runs: Vec<Run>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    results: Vec<SarifResult>,
    original_uri_base_ids: std::collections::BTreeMap<String, ArtifactLocation>,
    column_kind: String,
    invocations: Vec<Invocation>,
}

#[derive(Debug, Deserialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Deserialize)]
struct Driver {
    name: String,
    rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    short_description: Text,
    default_configuration: Configuration,
}

#[derive(Debug, Deserialize)]
struct Configuration {
    level: String,
}

#[derive(Debug, Deserialize)]
struct Text {
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: String,
    message: Text,
    locations: Vec<Location>,
    #[serde(default)]
    related_locations: Vec<Location>,
    #[serde(default)]
    fixes: Vec<Fix>,
    partial_fingerprints: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Region {
    byte_offset: usize,
    byte_length: usize,
    start_line: Option<usize>,
    start_column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

#[test]
fn sarif_carries_rules_regions_fixes_and_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let lines = stdout(
        splicecheck(dir.path()).args(["audit", "story", "--format", "jsonl"]),
        1,
    );
    let splice = &errors(&lines)[0];
    assert_eq!(Path::new(&splice.path), Path::new("story").join("c.txt"));
    assert_eq!((splice.kind.as_str(), splice.end), ("splice", splice.start));
    let text = stdout(
        splicecheck(dir.path()).args(["audit", "story", "--format", "sarif"]),
        1,
    );
    let log: Sarif = serde_json::from_str(&text).unwrap();
    assert_eq!(log.version, "2.1.0");
    assert!(log.schema.contains("sarif-schema-2.1.0"));
    let run = &log.runs[0];
    assert_eq!(run.tool.driver.name, "splicecheck");
    assert_eq!(run.column_kind, "unicodeCodePoints");
    assert!(run.invocations[0].execution_successful);

    let ids: Vec<&str> = run
        .tool
        .driver
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    for kind in [
        "splice",
        "truncation",
        "mojibake",
        "duplication",
        "encoding",
        "trim",
        "boilerplate",
        "variant",
    ] {
        assert!(ids.contains(&kind), "no rule for {kind}: {ids:?}");
    }
    let rule = |id: &str| run.tool.driver.rules.iter().find(|r| r.id == id).unwrap();
    assert_eq!(rule("splice").default_configuration.level, "error");
    assert_eq!(rule("variant").default_configuration.level, "note");
    assert!(!rule("splice").short_description.text.is_empty());

    assert_eq!(run.results.len(), 1, "{:#?}", run.results);
    let r = &run.results[0];
    assert_eq!((r.rule_id.as_str(), r.level.as_str()), ("splice", "error"));
    assert_eq!(run.tool.driver.rules[r.rule_index].id, "splice");
    assert!(r.message.text.contains("mid-sentence"));
    assert!(!r.partial_fingerprints.is_empty());

    let at = &r.locations[0].physical_location;
    assert_eq!(at.artifact_location.uri, "story/c.txt");
    assert_eq!(
        at.artifact_location.uri_base_id.as_deref(),
        Some("%SRCROOT%")
    );
    let root = &run.original_uri_base_ids["%SRCROOT%"];
    assert!(root.uri.starts_with("file://") && root.uri.ends_with('/'));
    assert_eq!(
        at.region,
        Region {
            byte_offset: splice.start,
            byte_length: 0,
            start_line: Some(splice.line),
            start_column: Some(splice.column),
            end_line: Some(splice.line),
            end_column: Some(splice.column),
        }
    );

    let reference = splice.reference.as_ref().unwrap();
    let related = &r.related_locations[0].physical_location;
    assert_eq!(
        format!(
            "story/{}",
            related.artifact_location.uri.rsplit('/').next().unwrap()
        ),
        reference.path.replace('\\', "/")
    );
    assert_eq!(related.region.byte_offset, reference.start);
    assert_eq!(related.region.byte_length, reference.end - reference.start);

    let repair = splice.repair.as_ref().unwrap();
    let change = &r.fixes[0].artifact_changes[0];
    assert_eq!(change.artifact_location.uri, "story/c.txt");
    let replacement = &change.replacements[0];
    assert_eq!(replacement.deleted_region.byte_offset, repair.start);
    assert_eq!(
        replacement.deleted_region.byte_length,
        repair.end - repair.start
    );
    assert_eq!(replacement.inserted_content.text, repair.replacement);
    assert_eq!(repair.replacement, LOST);
}

#[test]
fn sarif_with_no_findings_is_a_complete_log() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[("story/a.txt", article("01").as_bytes())]);
    let text = stdout(
        splicecheck(dir.path()).args(["audit", "story", "--format", "sarif"]),
        0,
    );
    let log: Sarif = serde_json::from_str(&text).unwrap();
    assert!(log.runs[0].results.is_empty());
    assert_eq!(log.runs[0].tool.driver.rules.len(), 8);
}

#[test]
fn github_annotations_are_one_line_each_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    // A folder name with a comma and a colon, which separate properties.
    std::fs::rename(dir.path().join("story"), dir.path().join("a,b:c")).unwrap();
    let lines = stdout(
        splicecheck(dir.path()).args(["audit", "a,b:c", "--format", "jsonl"]),
        1,
    );
    let splice = &errors(&lines)[0];
    let text = stdout(
        splicecheck(dir.path()).args(["audit", "a,b:c", "--format", "github"]),
        1,
    );
    let first = text.lines().next().unwrap();
    let expected = format!(
        "::error file=a%2Cb%3Ac/c.txt,line={l},col={c},endLine={l},endColumn={c},title=splicecheck splice::",
        l = splice.line,
        c = splice.column
    );
    assert!(first.starts_with(&expected), "{first}\nwanted {expected}");
    let message = &first[expected.len()..];
    assert!(message.contains("mid-sentence"), "{message}");
    assert!(message.contains("%0Areference: a,b:c/"), "{message}");
    assert!(message.contains("%0Arepair: insert at byte"), "{message}");
    assert!(!message.contains('\r'));
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("splicecheck: 1 error(s)")
    );
}

#[test]
fn github_annotations_use_warning_and_notice_for_lower_severities() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let text = stdout(
        splicecheck(dir.path()).args([
            "audit",
            "story",
            "--format",
            "github",
            "--min-severity",
            "info",
            "--fail-on",
            "never",
        ]),
        0,
    );
    assert!(text.lines().any(|l| l.starts_with("::error ")));
    assert!(text.lines().any(|l| l.starts_with("::notice ")), "{text}");
    write(
        dir.path(),
        &[(
            "splicecheck.toml",
            b"[severity]\nsplice = \"warning\"\n".as_slice(),
        )],
    );
    let text = stdout(
        splicecheck(dir.path()).args(["audit", "story", "--format", "github"]),
        0,
    );
    assert!(text.starts_with("::warning file=story/c.txt,"), "{text}");
}

#[test]
fn the_configuration_is_found_upwards_overridden_and_ignored_on_request() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    write(
        dir.path(),
        &[
            (
                "splicecheck.toml",
                b"[severity]\nsplice = \"warning\"\n".as_slice(),
            ),
            ("other.toml", b"[severity]\nsplice = \"off\"\n".as_slice()),
        ],
    );
    // Found from the audited folder, upwards.
    let text = stdout(
        splicecheck(&dir.path().join("story")).args(["audit", ".", "--format", "jsonl"]),
        0,
    );
    let found = jsonl(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].kind.as_str(), found[0].severity.as_str()),
        ("splice", "warning")
    );
    // --config replaces it.
    let text = stdout(
        splicecheck(dir.path()).args([
            "audit",
            "story",
            "--format",
            "jsonl",
            "--config",
            "other.toml",
        ]),
        0,
    );
    assert!(jsonl(&text).is_empty(), "{text}");
    // --no-config ignores it.
    let text = stdout(
        splicecheck(dir.path()).args(["audit", "story", "--format", "jsonl", "--no-config"]),
        1,
    );
    assert_eq!(errors(&text).len(), 1);
    // Both at once is a usage error.
    splicecheck(dir.path())
        .args(["audit", "story", "--config", "other.toml", "--no-config"])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_key_is_an_error_naming_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    write(
        dir.path(),
        &[(
            "splicecheck.toml",
            b"[files]\ninclude = [\"*.txt\"]\ncolour = \"red\"\n".as_slice(),
        )],
    );
    let err = stderr(splicecheck(dir.path()).args(["audit", "story"]), 2);
    assert!(err.contains("splicecheck.toml:3:1:"), "{err}");
    assert!(err.contains("colour"), "{err}");
    write(
        dir.path(),
        &[(
            "splicecheck.toml",
            b"[grouping]\nmode = \"title\"\n".as_slice(),
        )],
    );
    let err = stderr(splicecheck(dir.path()).args(["audit", "story"]), 2);
    assert!(
        err.contains("splicecheck.toml") && err.contains("title"),
        "{err}"
    );
    let err = stderr(
        splicecheck(dir.path()).args(["audit", "story", "--config", "missing.toml"]),
        2,
    );
    assert!(err.contains("missing.toml"), "{err}");
}

#[test]
fn files_grouping_and_suppressions_come_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let run = |config: &str, code: i32| -> String {
        write(dir.path(), &[("splicecheck.toml", config.as_bytes())]);
        stdout(
            splicecheck(dir.path()).args(["audit", "story", "--color", "never"]),
            code,
        )
    };
    run("[files]\ninclude = [\"*.txt\"]\n", 1);
    // The spliced copy excluded: nothing to report.
    let out = run("[files]\nexclude = [\"story/c.txt\"]\n", 0);
    assert!(out.contains("in 3 document(s)"), "{out}");
    // Copies must share more shingles than any pair does: no family, no splice.
    run("[grouping]\nmode = \"folder\"\nmin-shared = 100000\n", 0);
    // A suppression with its reason.
    let out = run(
        "[[suppress]]\npath = \"story/c.txt\"\nkinds = [\"splice\"]\nreason = \"cut by the outlet\"\n",
        0,
    );
    assert!(out.contains("1 suppressed by the configuration"), "{out}");
    // One for another kind leaves the splice.
    run(
        "[[suppress]]\npath = \"story/c.txt\"\nkinds = [\"truncation\"]\nreason = \"a teaser\"\n",
        1,
    );
    // A suppression needs a reason.
    write(
        dir.path(),
        &[(
            "splicecheck.toml",
            b"[[suppress]]\npath = \"story/c.txt\"\n".as_slice(),
        )],
    );
    let err = stderr(splicecheck(dir.path()).args(["audit", "story"]), 2);
    assert!(err.contains("reason"), "{err}");
}

#[test]
fn extra_boilerplate_phrases_reach_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    // A single article whose last line, an outlet's footer that lost its web
    // address, reads like a paragraph cut mid-sentence.
    let text = format!(
        "{}\nFor more local news and views from across the region, visit us online at\n",
        article("01")
    );
    write(dir.path(), &[("single/a.txt", text.as_bytes())]);
    let args = [
        "audit",
        "single",
        "--fail-on",
        "warning",
        "--format",
        "jsonl",
    ];
    let out = stdout(splicecheck(dir.path()).args(args), 1);
    assert_eq!(jsonl(&out)[0].kind, "truncation");
    write(
        dir.path(),
        &[(
            "splicecheck.toml",
            b"[boilerplate]\nphrases = [\"For more local news\"]\n".as_slice(),
        )],
    );
    let out = stdout(splicecheck(dir.path()).args(args), 0);
    assert!(out.is_empty(), "{out}");
}

#[test]
fn a_baseline_fails_only_on_new_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let spliced = corpus(dir.path());
    let baseline = ".splicecheck-baseline.json";
    // Recording accepts today's findings: exit 0.
    let err = stderr(
        splicecheck(dir.path()).args(["audit", "story", "--write-baseline", baseline]),
        0,
    );
    assert!(err.contains("recorded 1 finding(s)"), "{err}");
    let recorded = std::fs::read_to_string(dir.path().join(baseline)).unwrap();
    assert!(recorded.contains("\"path\":\"story/c.txt\""), "{recorded}");

    let gate = [
        "audit",
        "story",
        "--baseline",
        baseline,
        "--format",
        "jsonl",
    ];
    let mut cmd = splicecheck(dir.path());
    let out = cmd.args(gate).assert().code(0).get_output().clone();
    assert!(String::from_utf8_lossy(&out.stdout).trim().is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 known finding(s) suppressed"));

    // The file edited far from the splice: paragraphs added before and after.
    let edited = format!(
        "Updated at 9pm with the result of the vote.\n\n{spliced}\nThis article was amended on Wednesday to correct the length of the route.\n"
    );
    write(dir.path(), &[("story/c.txt", edited.as_bytes())]);
    let moved = stdout(
        splicecheck(dir.path()).args(["audit", "story", "--format", "jsonl"]),
        1,
    );
    assert_eq!(errors(&moved).len(), 1, "{moved}");
    stdout(splicecheck(dir.path()).args(gate), 0);

    // A new corruption is reported, and only it.
    let worse = edited.replacen(LOST_LATER, "", 1);
    write(dir.path(), &[("story/c.txt", worse.as_bytes())]);
    let out = stdout(splicecheck(dir.path()).args(gate), 1);
    let new = errors(&out);
    assert_eq!(new.len(), 1, "{out}");
    assert_eq!(new[0].start, worse.find("opens in late 2028").unwrap());
    let human = stdout(
        splicecheck(dir.path()).args([
            "audit",
            "story",
            "--baseline",
            baseline,
            "--color",
            "never",
        ]),
        1,
    );
    assert!(human.contains("1 suppressed by the baseline"), "{human}");
    // --fail-on never still reports it, with exit 0.
    stdout(
        splicecheck(dir.path()).args([
            "audit",
            "story",
            "--baseline",
            baseline,
            "--fail-on",
            "never",
        ]),
        0,
    );
}

#[test]
fn a_baseline_matches_from_another_directory() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    stderr(
        splicecheck(dir.path()).args(["audit", "story", "--write-baseline", "base.json"]),
        0,
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let story = dir.path().join("story");
    let baseline = dir.path().join("base.json");
    splicecheck(elsewhere.path())
        .arg("audit")
        .arg(&story)
        .arg("--baseline")
        .arg(&baseline)
        .assert()
        .code(0);
}

#[test]
fn a_missing_or_invalid_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let err = stderr(
        splicecheck(dir.path()).args(["audit", "story", "--baseline", "none.json"]),
        2,
    );
    assert!(err.contains("none.json"), "{err}");
    write(dir.path(), &[("bad.json", b"{\"findings\": 3}".as_slice())]);
    let err = stderr(
        splicecheck(dir.path()).args(["audit", "story", "--baseline", "bad.json"]),
        2,
    );
    assert!(
        err.contains("bad.json") && err.contains("baseline"),
        "{err}"
    );
}

#[test]
fn the_json_summary_counts_suppressed_findings() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    stderr(
        splicecheck(dir.path()).args(["audit", "story", "--write-baseline", "b.json"]),
        0,
    );
    let text = stdout(
        splicecheck(dir.path()).args([
            "audit",
            "story",
            "--baseline",
            "b.json",
            "--format",
            "json",
        ]),
        0,
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["summary"]["suppressed"]["baseline"], 1);
    assert_eq!(doc["summary"]["suppressed"]["config"], 0);
    assert_eq!(doc["summary"]["errors"], 0);
}
