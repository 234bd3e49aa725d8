//! Corpora not organised by folder: automatic grouping across the corpus,
//! manifests, and JSON Lines input, checked through the library and the
//! command line.

mod common;

use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use common::{article, restyle, write};

fn bin() -> Command {
    Command::cargo_bin("splicecheck").unwrap()
}

fn data_articles() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles")
}

#[test]
fn auto_grouping_recovers_the_families_of_a_flattened_synth_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    bin()
        .args(["synth", "--from"])
        .arg(data_articles())
        .arg("--out")
        .arg(&out)
        .args(["--seed", "3", "--flat"])
        .assert()
        .success();
    let files: Vec<_> = std::fs::read_dir(out.join("flat")).unwrap().collect();
    assert!(files.len() > 20, "{}", files.len());
    // Grouping the flat folder through the MinHash index.
    let output = bin()
        .arg("eval")
        .arg("--truth")
        .arg(out.join("truth.json"))
        .arg(&out)
        .args(["--group", "auto", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let e: Value = serde_json::from_slice(&output.stdout).unwrap();
    let g = &e["grouping"];
    assert!(g["adjusted_rand"].as_f64().unwrap() > 0.95, "{g}");
    assert!(g["pair_precision"].as_f64().unwrap() > 0.95, "{g}");
    assert!(g["pair_recall"].as_f64().unwrap() > 0.95, "{g}");
    assert_eq!(g["documents"], e["documents"]);
    let human = bin()
        .arg("eval")
        .arg("--truth")
        .arg(out.join("truth.json"))
        .arg(&out)
        .args(["--group", "auto"])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("adjusted Rand index"), "{text}");
}

#[test]
fn auto_grouping_joins_copies_in_different_folders_and_keeps_others_apart() {
    let dir = tempfile::tempdir().unwrap();
    let a = article("01");
    let b = article("02");
    let cut = &a[..a.len() * 2 / 3];
    write(
        dir.path(),
        &[
            ("x/one.txt", a.as_bytes()),
            ("y/two.txt", restyle(&a).as_bytes()),
            ("z/three.txt", cut.as_bytes()),
            ("x/other.txt", b.as_bytes()),
        ],
    );
    let families = |mode: &str| -> Vec<Vec<String>> {
        let out = bin()
            .arg("audit")
            .arg(dir.path())
            .args(["--group", mode, "--format", "json", "--fail-on", "never"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                f["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| {
                        let p = m.as_str().unwrap().replace('\\', "/");
                        p.rsplit('/').take(2).collect::<Vec<_>>().join("<")
                    })
                    .collect()
            })
            .collect()
    };
    let auto = families("auto");
    assert!(
        auto.iter()
            .any(|f| f.len() == 3 && !f.iter().any(|m| m.starts_with("other"))),
        "{auto:?}"
    );
    assert!(auto.iter().any(|f| f == &vec!["other.txt<x".to_string()]));
    // The default stays folder grouping: no family spans folders.
    assert!(families("folder").iter().all(|f| f.len() == 1));
}

#[test]
fn a_manifest_names_the_families() {
    let dir = tempfile::tempdir().unwrap();
    let a = article("01");
    write(
        dir.path(),
        &[
            ("p/one.txt", a.as_bytes()),
            ("q/two.txt", restyle(&a).as_bytes()),
            ("q/three.txt", a.as_bytes()),
        ],
    );
    write(
        dir.path(),
        &[
            ("families.csv", b"path,family\np/one.txt,s1\nq/two.txt,s1\n"),
            (
                "families.json",
                br#"{"p/one.txt": "s1", "q/three.txt": "s1"}"#,
            ),
        ],
    );
    for (manifest, pair) in [("families.csv", "two.txt"), ("families.json", "three.txt")] {
        let out = bin()
            .arg("audit")
            .arg(dir.path().join("p"))
            .arg(dir.path().join("q"))
            .arg(format!(
                "--group=manifest={}",
                dir.path().join(manifest).display()
            ))
            .args(["--format", "json", "--fail-on", "never"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let fams = v["families"].as_array().unwrap();
        let joined: Vec<&Value> = fams
            .iter()
            .filter(|f| f["members"].as_array().unwrap().len() == 2)
            .collect();
        assert_eq!(joined.len(), 1, "{manifest}: {fams:?}");
        let members = joined[0]["members"].to_string();
        assert!(
            members.contains("one.txt") && members.contains(pair),
            "{members}"
        );
        assert_eq!(v["summary"]["singletons"], 1, "{manifest}");
    }
    bin()
        .arg("audit")
        .arg(dir.path())
        .arg("--group=manifest=/no/such/manifest.csv")
        .assert()
        .code(2);
}

/// A JSON Lines corpus: two copies of one article (one with a splice), an
/// unrelated article, and two bad lines.
fn jsonl_corpus(text: &str, id: &str, family: Option<&str>) -> (String, usize) {
    let a = article("01");
    let paragraph = a.split("\n\n").nth(1).unwrap();
    let words: Vec<&str> = paragraph.split(' ').collect();
    let lost = words[4..9].join(" ") + " ";
    let start = a.find(&lost).unwrap();
    let spliced = a.replacen(&lost, "", 1);
    let b = article("02");
    let record = |i: &str, t: &str| {
        let mut o = serde_json::Map::new();
        o.insert(id.to_string(), Value::from(i));
        o.insert(text.to_string(), Value::from(t));
        if let Some(f) = family {
            o.insert(f.to_string(), Value::from("story-1"));
        }
        Value::Object(o).to_string()
    };
    let lines = [
        record("a-full", &a),
        "{not json".to_string(),
        record("a-spliced", &spliced),
        String::new(),
        format!(r#"{{"{id}": "no-text"}}"#),
        record("b", &b),
    ];
    (lines.join("\n") + "\n", start)
}

fn check_jsonl_output(stdout: &[u8], file: &str, start: usize) {
    let findings: Vec<Value> = std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let splice = findings
        .iter()
        .find(|f| f["kind"] == "splice")
        .unwrap_or_else(|| panic!("{findings:?}"));
    assert_eq!(splice["path"], format!("{file}#a-spliced"));
    assert_eq!(splice["record"]["file"], file);
    assert_eq!(splice["record"]["line"], 3);
    assert_eq!(splice["record"]["id"], "a-spliced");
    assert_eq!(splice["start"], start);
    assert_eq!(splice["reference"]["path"], format!("{file}#a-full"));
}

#[test]
fn audit_reads_json_lines_files_and_names_records() {
    let dir = tempfile::tempdir().unwrap();
    let (text, start) = jsonl_corpus("text", "id", None);
    let plain = dir.path().join("data.jsonl");
    std::fs::write(&plain, &text).unwrap();
    let gz = dir.path().join("data.jsonl.gz");
    let mut enc =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), Default::default());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap();
    let zst = dir.path().join("data.jsonl.zst");
    std::fs::write(&zst, zstd::encode_all(text.as_bytes(), 3).unwrap()).unwrap();
    for file in [&plain, &gz, &zst] {
        let out = bin()
            .current_dir(dir.path())
            .arg("audit")
            .arg("--jsonl")
            .arg(file.file_name().unwrap())
            .args(["--format", "jsonl"])
            .output()
            .unwrap();
        // A splice (exit 1); bad lines are warnings naming the line.
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        let name = file.file_name().unwrap().to_str().unwrap();
        check_jsonl_output(&out.stdout, name, start);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("{name}: line 2: invalid JSON")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("{name}: line 5: no \"text\" field")),
            "{stderr}"
        );
    }
    // The JSON document lists the records as family members.
    let out = bin()
        .current_dir(dir.path())
        .args(["audit", "--jsonl", "data.jsonl", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["documents"], 3);
    assert_eq!(v["summary"]["families"], 1);
    assert_eq!(v["problems"].as_array().unwrap().len(), 2);
}

#[test]
fn audit_reads_json_lines_from_stdin_with_custom_fields() {
    let (text, start) = jsonl_corpus("body", "url", Some("story"));
    let out = bin()
        .args(["audit", "--jsonl", "-", "--format", "jsonl"])
        .args([
            "--text-field",
            "body",
            "--id-field",
            "url",
            "--family-field",
            "story",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    check_jsonl_output(&out.stdout, "stdin", start);
}

#[test]
fn given_families_keep_unrelated_records_apart_when_they_share_a_name() {
    // The family field makes candidates; containment still decides.
    let (text, _) = jsonl_corpus("text", "id", Some("family"));
    let out = bin()
        .args(["audit", "--jsonl", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["families"], 1);
    assert_eq!(v["summary"]["singletons"], 1);
}
