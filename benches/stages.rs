//! Micro-benchmarks of the hot stages: tokenising, shingling, aligning one
//! pair of copies, judging its differences, and auditing one family.
//!
//! Run with `cargo bench --bench stages`. The input is an article from
//! `tests/data/articles`, and a copy of it restyled (curly quotes, CRLF) with
//! a sentence lost mid-way.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use splicecheck::align::{Hints, Interner, align};
use splicecheck::classify::{Side, classify};
use splicecheck::tokenize::{line_starts, sentence_ends, tokenize};
use splicecheck::{Document, audit_documents, group};

fn article() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/data/articles")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    // A few articles back to back: a long news story.
    paths
        .iter()
        .take(4)
        .map(|p| std::fs::read_to_string(p).expect("article"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn damaged(text: &str) -> String {
    let cut = text.len() / 2;
    let cut = (cut..text.len())
        .find(|&i| text.is_char_boundary(i) && text[i..].starts_with(' '))
        .unwrap_or(cut);
    let resume = (cut + 120..text.len())
        .find(|&i| text.is_char_boundary(i) && text[i..].starts_with(' '))
        .unwrap_or(text.len());
    let spliced = format!("{}{}", &text[..cut], &text[resume..]);
    spliced.replace('\'', "\u{2019}").replace('\n', "\r\n")
}

fn stages(c: &mut Criterion) {
    let a = article();
    let b = damaged(&a);
    let (ta, tb) = (tokenize(a.as_bytes()), tokenize(b.as_bytes()));
    let mut interner = Interner::default();
    let (ia, ib) = (interner.ids_of(&ta), interner.ids_of(&tb));
    let (la, lb) = (line_starts(&ta), line_starts(&tb));
    let (ea, eb) = (sentence_ends(&ta), sentence_ends(&tb));
    let hints = Hints {
        weak: interner.weak(),
        lines_a: &la,
        lines_b: &lb,
        ends_a: &ea,
        ends_b: &eb,
    };

    c.bench_function("tokenize", |bench| {
        bench.iter(|| tokenize(black_box(a.as_bytes())))
    });
    c.bench_function("shingles", |bench| {
        bench.iter(|| group::shingles(black_box(&ta)))
    });
    c.bench_function("align pair", |bench| {
        bench.iter(|| align(black_box(&ia), black_box(&ib), &hints))
    });
    let al = align(&ia, &ib, &hints);
    let side = |bytes: &'static [u8], text| Side {
        bytes,
        text,
        extra_boilerplate: &[],
    };
    let (ba, bb): (&'static [u8], &'static [u8]) = (
        Box::leak(a.clone().into_bytes().into_boxed_slice()),
        Box::leak(b.clone().into_bytes().into_boxed_slice()),
    );
    c.bench_function("classify pair", |bench| {
        bench.iter(|| classify(side(bb, &tb), side(ba, &ta), black_box(&al.swapped())))
    });
    c.bench_function("audit family of 3", |bench| {
        bench.iter(|| {
            audit_documents(vec![
                Document::new("f/a.txt", a.clone().into_bytes()),
                Document::new("f/b.txt", b.clone().into_bytes()),
                Document::new("f/c.txt", a.clone().into_bytes()),
            ])
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
