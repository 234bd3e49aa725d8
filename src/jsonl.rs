//! Load stage for JSON Lines corpora: one JSON object per line, each a
//! record with an id, an optional family and the text.
//!
//! Every record becomes a [`Document`] whose bytes are the UTF-8 bytes of its
//! text field, so reported offsets are byte offsets into that text. Its path
//! (the name findings show) is `FILE#ID` (`stdin#ID` for standard input) and
//! it keeps its [`Record`] (file, line, id). A record with a family field is
//! grouped with the records of that family; the others are grouped by the
//! grouping mode. Input compressed with gzip or zstd is recognised by its
//! first bytes and decompressed on the fly. A line that is not a JSON object
//! or lacks the text field is a [`Problem`] naming the file and line; the
//! other records are still read.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::load::{Document, Loaded, Problem, Record, check};

/// The names of the fields a record is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    /// The record's id (a string or a number; the line number when absent).
    pub id: String,
    /// The article text (a string; required).
    pub text: String,
    /// The family name (a string or a number; optional).
    pub family: String,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".to_string(),
            text: "text".to_string(),
            family: "family".to_string(),
        }
    }
}

/// The name documents of `file` are shown under: `stdin` for `-`.
pub fn display_name(file: &Path) -> String {
    if file == Path::new("-") {
        "stdin".to_string()
    } else {
        file.display().to_string()
    }
}

/// Reads the records of a JSON Lines file (`-`: standard input), gzip or
/// zstd compressed or not.
pub fn read_file(file: &Path, fields: &Fields) -> Loaded {
    let name = display_name(file);
    let opened: std::io::Result<Box<dyn Read>> = if file == Path::new("-") {
        Ok(Box::new(std::io::stdin().lock()))
    } else {
        std::fs::File::open(file).map(|f| Box::new(f) as Box<dyn Read>)
    };
    match opened.and_then(decompressed) {
        Ok(reader) => parse(reader, &name, file, fields),
        Err(e) => Loaded {
            documents: Vec::new(),
            problems: vec![Problem {
                path: file.to_path_buf(),
                message: e.to_string(),
                fatal: true,
            }],
        },
    }
}

/// `reader`, decompressed when it starts with a gzip or zstd signature.
pub fn decompressed(reader: Box<dyn Read>) -> std::io::Result<Box<dyn BufRead>> {
    let mut buffered = BufReader::with_capacity(1 << 16, reader);
    let head = buffered.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::new(
            flate2::bufread::MultiGzDecoder::new(buffered),
        )))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Ok(Box::new(BufReader::new(
            zstd::stream::read::Decoder::with_buffer(buffered)?,
        )))
    } else {
        Ok(Box::new(buffered))
    }
}

/// Reads records from uncompressed JSON Lines. `name` is the file's display
/// name (documents are called `name#ID`), `file` the path problems name.
pub fn parse(mut reader: impl BufRead, name: &str, file: &Path, fields: &Fields) -> Loaded {
    let mut loaded = Loaded::default();
    let mut line = Vec::new();
    let mut number = 0;
    let problem = |number: usize, message: String, fatal: bool| Problem {
        path: file.to_path_buf(),
        message: format!("line {number}: {message}"),
        fatal,
    };
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => number += 1,
            Err(e) => {
                loaded
                    .problems
                    .push(problem(number + 1, format!("cannot read: {e}"), true));
                break;
            }
        }
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        match record(text, number, name, file, fields) {
            Ok(doc) => match check(doc) {
                Ok(doc) => loaded.documents.push(doc),
                Err(p) => {
                    loaded
                        .problems
                        .push(problem(number, p.message.replace("file", "text"), false))
                }
            },
            Err(message) => loaded.problems.push(problem(number, message, false)),
        }
    }
    loaded
}

/// One record as a document, or why the line is not one.
fn record(
    line: &[u8],
    number: usize,
    name: &str,
    file: &Path,
    fields: &Fields,
) -> Result<Document, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(object) = value else {
        return Err("not a JSON object".to_string());
    };
    let text = match object.get(&fields.text) {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(format!("field {:?} is not a string", fields.text)),
        None => return Err(format!("no {:?} field", fields.text)),
    };
    let label = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let id = label(object.get(&fields.id)).unwrap_or_else(|| format!("line{number}"));
    let mut doc = Document::new(PathBuf::from(format!("{name}#{id}")), text.into_bytes());
    doc.folder = file.to_path_buf();
    doc.family = label(object.get(&fields.family));
    doc.record = Some(Record {
        file: name.to_string(),
        line: number,
        id,
    });
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const LINES: &str = concat!(
        r#"{"id": "a1", "family": "storm", "text": "The harbour board voted to close the pier."}"#,
        "\n\n",
        r#"{"id": 7, "text": "Caf\u00e9 owners said trade had fallen."}"#,
        "\n",
        "not json\n",
        r#"{"id": "x", "body": "no text field"}"#,
        "\n",
        r#"{"id": "e", "text": "  "}"#,
        "\r\n",
        r#"{"text": "No id here."}"#,
        "\n",
    );

    fn names(loaded: &Loaded) -> Vec<String> {
        loaded
            .documents
            .iter()
            .map(Document::display_path)
            .collect()
    }

    #[test]
    fn records_become_documents_and_bad_lines_problems() {
        let loaded = parse(
            LINES.as_bytes(),
            "data.jsonl",
            Path::new("data.jsonl"),
            &Fields::default(),
        );
        assert_eq!(
            names(&loaded),
            vec!["data.jsonl#a1", "data.jsonl#7", "data.jsonl#line7"]
        );
        let first = &loaded.documents[0];
        assert_eq!(first.family.as_deref(), Some("storm"));
        assert_eq!(
            first.record,
            Some(Record {
                file: "data.jsonl".to_string(),
                line: 1,
                id: "a1".to_string()
            })
        );
        assert_eq!(loaded.documents[1].record.as_ref().unwrap().line, 3);
        assert_eq!(loaded.documents[1].family, None);
        assert_eq!(
            loaded.documents[1].bytes,
            "Café owners said trade had fallen.".as_bytes()
        );
        let problems: Vec<&str> = loaded.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("line 4: invalid JSON"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("line 5: no \"text\" field"),
            "{problems:?}"
        );
        assert!(problems[2].starts_with("line 6: "), "{problems:?}");
        assert!(loaded.problems.iter().all(|p| !p.fatal));
        assert!(
            loaded
                .problems
                .iter()
                .all(|p| p.path == Path::new("data.jsonl"))
        );
    }

    #[test]
    fn field_names_are_configurable() {
        let line = r#"{"url": "https://x.example/1", "story": 12, "article": "Some text."}"#;
        let fields = Fields {
            id: "url".to_string(),
            text: "article".to_string(),
            family: "story".to_string(),
        };
        let loaded = parse(line.as_bytes(), "-", Path::new("-"), &fields);
        assert_eq!(names(&loaded), vec!["-#https://x.example/1"]);
        assert_eq!(loaded.documents[0].family.as_deref(), Some("12"));
    }

    #[test]
    fn gzip_and_zstd_files_are_decompressed() {
        let dir = tempfile::tempdir().unwrap();
        let gz = dir.path().join("data.jsonl.gz");
        let mut enc =
            flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), Default::default());
        enc.write_all(LINES.as_bytes()).unwrap();
        enc.finish().unwrap();
        let zst = dir.path().join("data.jsonl.zst");
        std::fs::write(&zst, zstd::encode_all(LINES.as_bytes(), 3).unwrap()).unwrap();
        let plain = dir.path().join("data.jsonl");
        std::fs::write(&plain, LINES).unwrap();
        let expected = parse(LINES.as_bytes(), "x", Path::new("x"), &Fields::default());
        for file in [&gz, &zst, &plain] {
            let loaded = read_file(file, &Fields::default());
            assert_eq!(loaded.documents.len(), 3, "{}", file.display());
            assert_eq!(loaded.problems.len(), expected.problems.len());
            for (a, b) in loaded.documents.iter().zip(&expected.documents) {
                assert_eq!(a.bytes, b.bytes);
            }
            assert!(names(&loaded)[0].ends_with(".jsonl.gz#a1") || file != &gz);
        }
    }

    #[test]
    fn a_missing_file_is_fatal() {
        let loaded = read_file(Path::new("/no/such/file.jsonl"), &Fields::default());
        assert!(loaded.documents.is_empty());
        assert!(loaded.problems[0].fatal);
    }
}
