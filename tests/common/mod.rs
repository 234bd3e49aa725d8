//! Helpers shared by the integration tests: the project's own articles and
//! small corpora built from them in temporary folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The project's clean base articles, sorted by name.
pub fn articles() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("tests/data/articles")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// One article's text by file-name prefix, e.g. `"01"`.
pub fn article(prefix: &str) -> String {
    articles()
        .into_iter()
        .find(|(n, _)| n.starts_with(prefix))
        .map(|(_, t)| t)
        .expect("article")
}

/// Writes files into `dir`, creating folders as needed.
pub fn write(dir: &Path, files: &[(&str, &[u8])]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(name, bytes)| {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

/// A copy restyled the way another outlet would publish it: curly quotes,
/// single line breaks between paragraphs, a header and a footer.
pub fn restyle(text: &str) -> String {
    let mut out = String::from("The Daily Example\nHome | World | Business\nAdvertisement\n");
    let mut open = true;
    for c in text.chars() {
        match c {
            '"' => {
                out.push(if open { '\u{201c}' } else { '\u{201d}' });
                open = !open;
            }
            '\'' => out.push('\u{2019}'),
            _ => out.push(c),
        }
    }
    let body = out.replace("\n\n", "\n");
    format!("{body}Subscribe to our newsletter for daily updates\n\u{a9} 2024 The Daily Example\n")
}

/// Writes a folder `story` under `dir`: an intact copy of article 01
/// (`a.txt`), a restyled copy (`b.txt`), a copy that lost `lost` (`c.txt`),
/// and an unrelated article (`other.txt`). Returns the damaged copy's text.
pub fn spliced_story(dir: &Path, lost: &str) -> String {
    let base = article("01");
    assert!(base.contains(lost));
    let spliced = base.replacen(lost, "", 1);
    write(
        dir,
        &[
            ("story/a.txt", base.as_bytes()),
            ("story/b.txt", restyle(&base).as_bytes()),
            ("story/c.txt", spliced.as_bytes()),
            ("story/other.txt", article("07").as_bytes()),
        ],
    );
    spliced
}
