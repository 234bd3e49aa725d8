//! The HTML report opened in headless Chromium: every finding is in the
//! rendered page, the page's own script runs, and a script planted in an
//! article does not. Skipped, with a note, where /usr/bin/chromium is absent.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde::Deserialize;

const CHROMIUM: &str = "/usr/bin/chromium";

/// What an article planted in the corpus tries to do when the page is opened.
const PLANTED: &str = "<script>document.title='pwned';document.body.insertAdjacentHTML('beforeend','<p id=\"pwned\">pwned</p>')</script><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";

#[derive(Debug, Deserialize)]
struct Finding {
    severity: String,
    path: String,
    start: usize,
    end: usize,
    repair: Option<serde_json::Value>,
}

fn skip(note: &str) {
    // Straight to the standard error, past the test harness's capture.
    let _ = writeln!(std::io::stderr(), "SKIP: {note}");
}

/// Runs Chromium headless on a page with the given extra arguments and
/// returns its standard output; `None` when it did not finish in time.
fn chromium(profile: &Path, page: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let mut child = Process::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut out).map(|_| out)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            return reader.join().unwrap().ok();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The HTML text form of a string inside an attribute value as Chromium
/// serialises it (`&`, `"` and no-break spaces escaped).
fn attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\u{a0}', "&nbsp;")
}

#[test]
fn the_report_shows_every_finding_and_runs_no_script_from_the_corpus() {
    if !Path::new(CHROMIUM).exists() {
        skip(
            "/usr/bin/chromium is absent (Debian package chromium); the HTML report was not opened in a browser",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    // The project's corpus, and a family whose article carries a script.
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut stack = vec![base.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let to = root.join("corpus").join(p.strip_prefix(&base).unwrap());
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(&p, to).unwrap();
            }
        }
    }
    let article = common::article("01");
    let cut = article.find("\n\n").unwrap();
    let hostile = format!(
        "{}\n\nReaders wrote in: {PLANTED} and more.{}",
        &article[..cut],
        &article[cut..]
    );
    let lost =
        "on Tuesday evening to approve an £86 million extension of the Blue Line tram, ending ";
    assert!(hostile.contains(lost));
    let spliced = hostile.replacen(lost, "", 1);
    common::write(
        &root.join("corpus"),
        &[
            ("zz-hostile/a.txt", hostile.as_bytes()),
            ("zz-hostile/b.txt", common::restyle(&hostile).as_bytes()),
            ("zz-hostile/c.txt", spliced.as_bytes()),
        ],
    );

    let out = Command::cargo_bin("splicecheck")
        .unwrap()
        .current_dir(&root)
        .args(["audit", "corpus", "--format", "jsonl"])
        .output()
        .unwrap();
    let findings: Vec<Finding> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        findings
            .iter()
            .any(|f| f.path == "corpus/zz-hostile/c.txt" && f.severity == "error"),
        "{findings:?}"
    );
    Command::cargo_bin("splicecheck")
        .unwrap()
        .current_dir(&root)
        .args([
            "audit",
            "corpus",
            "--format",
            "html",
            "--output",
            "report.html",
        ])
        .assert()
        .code(1);
    let page = root.join("report.html");
    let profile = root.join("profile");

    let dom = chromium(&profile, &page, &["--dump-dom"]).expect("chromium --dump-dom timed out");
    let dom = String::from_utf8(dom).unwrap();
    assert!(dom.contains("splicecheck report"), "no report in the DOM");

    // The page's own script ran (so the policy lets it), the planted one did not.
    assert!(
        dom.contains("data-copy=\"ready\""),
        "the copy-to-clipboard script did not run"
    );
    assert!(dom.contains("<title>splicecheck report</title>"));
    assert!(!dom.contains("<p id=\"pwned\">"));
    assert!(!dom.contains("data-pwned=\"1\""));
    assert!(!dom.contains("<img"));
    // It is shown as text instead.
    assert!(dom.contains("&lt;script&gt;document.title='pwned'"));

    // Every finding is on the page, outside any folded section, with its offsets.
    for f in &findings {
        let card = format!(
            "data-path=\"{}\" data-start=\"{}\" data-end=\"{}\"",
            attribute(&f.path),
            f.start,
            f.end
        );
        assert!(dom.contains(&card), "finding not on the page: {f:?}");
    }
    let repairs = findings.iter().filter(|f| f.repair.is_some()).count();
    assert_eq!(
        dom.matches("<button type=\"button\" data-repair=").count(),
        repairs
    );
    let before_details = dom
        .split("<details")
        .map(|part| part.split("</details>").last().unwrap_or(""));
    let open_cards: usize = before_details
        .map(|p| p.matches("<article class=\"finding").count())
        .sum();
    assert_eq!(open_cards, findings.len(), "a finding card is folded away");

    // The page renders to an image.
    let shot = root.join("shot.png");
    let arg = format!("--screenshot={}", shot.display());
    chromium(&profile, &page, &[&arg, "--window-size=1400,1800"]).expect("screenshot timed out");
    let png = std::fs::read(&shot).expect("no screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
}
