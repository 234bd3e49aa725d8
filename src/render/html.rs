//! A self-contained HTML review page for editors.
//!
//! One page, no external assets: inline CSS, and a few lines of inline script
//! (allowed by hash in the page's content security policy, which forbids every
//! other script and every network load) for the copy-to-clipboard buttons.
//! Every piece of article text and every attribute value is escaped, so a
//! corpus holding `<script>` shows it as text.
//!
//! The page opens with a summary table of the documents with findings. Then,
//! per family, every finding of every copy: the copy's text around it and the
//! reference's text side by side, with missing text, text only the copy has
//! and corrupted text highlighted, the byte offsets, and the repair with a
//! button that copies its replacement text. The full texts of the copy and
//! the reference, side by side with every finding marked, unfold below.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Counts, position};
use crate::{Finding, Kind, Report, Severity};

/// Bytes of text shown on each side of a finding.
const CONTEXT: usize = 220;

/// The page's only script: copy-to-clipboard for the repair buttons. Its
/// SHA-256 digest is [`SCRIPT_HASH`]; change both together.
const SCRIPT: &str = "document.addEventListener('click',function(e){var b=e.target.closest('button[data-repair]');if(!b)return;var t=b.getAttribute('data-repair');var done=function(ok){b.textContent=ok?'Copied':'Select and copy';setTimeout(function(){b.textContent='Copy repair'},1600)};var old=function(){var a=document.createElement('textarea');a.value=t;document.body.appendChild(a);a.select();var ok=false;try{ok=document.execCommand('copy')}catch(x){}a.remove();done(ok)};if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(t).then(function(){done(true)},old)}else{old()}});document.documentElement.setAttribute('data-copy','ready');";

/// Base64 SHA-256 digest of [`SCRIPT`], as the content security policy names it.
const SCRIPT_HASH: &str = "sha256-56EYj3/17zQPPmD2z1dFTmcnWCh2DfdSACLL+0DRqXE=";

const CSS: &str = r#"
:root{--fg:#1d2127;--muted:#5d6673;--line:#d8dde3;--bg:#f6f7f9;--card:#fff;--err:#c62828;--warn:#b26a00;--info:#3d6f99;--miss:#e3f5e1;--miss-b:#3f8f3a;--bad:#fde4e4;--bad-b:#c62828;--extra:#e6eefb;--extra-b:#3d6f99;--ref:#fff2c2;--ref-b:#b58900}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1320px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:0}
h3{font-size:15px;margin:0}
a{color:#1f5fa8}
code,pre,.mono{font-family:ui-monospace,"SF Mono",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:13px}
.lead{color:var(--muted);margin:0 0 16px}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 16px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}
.tile b{display:block;font-size:22px}
.tile span{color:var(--muted);font-size:13px}
.tile.error b{color:var(--err)}.tile.warning b{color:var(--warn)}.tile.info b{color:var(--info)}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f4;font-size:13px;color:var(--muted);font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr:last-child td{border-bottom:0}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:700;color:#fff;text-transform:uppercase;letter-spacing:.03em}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.kind{font-weight:700}
.chip{display:inline-block;border:1px solid var(--line);border-radius:10px;padding:0 7px;margin:0 3px 2px 0;font-size:12px;background:#f3f5f7}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:12px 0 24px;font-size:13px;color:var(--muted)}
section.family{margin:28px 0 0;padding:16px 18px;background:var(--card);border:1px solid var(--line);border-radius:10px}
.family>header{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px;margin-bottom:10px}
.family>header .folder{color:var(--muted)}
.members{margin:0 0 10px;font-size:13px;color:var(--muted)}
.doc{margin:14px 0 0;border-top:1px solid var(--line);padding-top:12px}
.doc>h3 a{color:inherit;text-decoration:none}
article.finding{margin:10px 0 0;border:1px solid var(--line);border-left:4px solid var(--info);border-radius:6px;padding:10px 12px;background:#fcfcfd}
article.finding.error{border-left-color:var(--err)}article.finding.warning{border-left-color:var(--warn)}
article.finding>header{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.loc{color:var(--muted)}
.msg{margin:4px 0 8px}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.side{margin:0;min-width:0}
.side figcaption{font-size:12px;color:var(--muted);margin:0 0 3px}
.side pre,.full pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid var(--line);border-radius:5px;padding:8px 10px;max-height:17em;overflow:auto}
.full pre{max-height:40em}
ins,del,mark{text-decoration:none;border-radius:3px;padding:0 1px}
ins.missing{background:var(--miss);outline:1px dashed var(--miss-b);color:#1c5a18}
ins.fix{background:var(--miss);outline:1px dashed var(--miss-b);color:#1c5a18}
del.corrupt{background:var(--bad);outline:1px solid var(--bad-b);text-decoration:line-through;text-decoration-color:var(--bad-b)}
mark.extra{background:var(--extra);outline:1px solid var(--extra-b)}
mark.ref{background:var(--ref);outline:1px solid var(--ref-b)}
.caret{color:var(--bad-b);font-weight:700}
.repair{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:flex-start;margin-top:8px;font-size:13px}
.repair pre{flex:1 1 420px;margin:0;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--miss);border-radius:4px;padding:3px 8px;max-height:8em;overflow:auto}
.repair .none{color:var(--muted)}
button{font:inherit;font-size:13px;border:1px solid #9aa5b1;background:#fff;border-radius:5px;padding:2px 10px;cursor:pointer}
button:hover{background:#eef4fb}
details.full{margin-top:10px}
details.full summary{cursor:pointer;color:#1f5fa8;font-size:13px}
.full .sides{margin-top:6px}
.quiet{color:var(--muted);font-size:13px}
.problems li{margin:2px 0}
@media (max-width:800px){.sides{grid-template-columns:1fr}}
"#;

/// A highlighted span of a text, with text shown after it.
struct Mark<'a> {
    start: usize,
    end: usize,
    /// `del`, `ins`, `mark` or `span`.
    tag: &'static str,
    class: &'static str,
    /// Text shown after the span (a repair's replacement, or missing text).
    insert: Option<(&'static str, &'a str)>,
    title: String,
}

pub(super) fn render(report: &Report, shown: &[&Finding], out: &mut dyn Write) -> io::Result<()> {
    let items = indexed(report, shown);
    let mut h = String::with_capacity(64 * 1024);
    head(&mut h);
    summary(&mut h, report, &items);
    let mut by_family: std::collections::BTreeMap<usize, Vec<(usize, &Finding)>> =
        std::collections::BTreeMap::new();
    for &(i, f) in &items {
        by_family.entry(f.family).or_default().push((i, f));
    }
    for (fi, findings) in by_family {
        family_section(&mut h, report, fi, &findings);
    }
    h.push_str("</main>\n<script>");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    out.write_all(h.as_bytes())
}

/// The shown findings with their indices in the report (for anchors), in
/// report order (by document and position).
fn indexed<'a>(report: &'a Report, shown: &[&'a Finding]) -> Vec<(usize, &'a Finding)> {
    let wanted: std::collections::HashSet<*const Finding> =
        shown.iter().map(|f| *f as *const Finding).collect();
    let mut items: Vec<(usize, &Finding)> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| wanted.contains(&(*f as *const Finding)))
        .collect();
    if items.len() < shown.len() {
        // Findings that are not the report's own: number them after it.
        items = shown
            .iter()
            .enumerate()
            .map(|(i, f)| (report.findings.len() + i, *f))
            .collect();
    }
    items
}

fn head(h: &mut String) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"splicecheck {}\">\n\
         <title>splicecheck report</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION")
    );
}

fn summary(h: &mut String, report: &Report, shown: &[(usize, &Finding)]) {
    let counts = Counts::of(shown.iter().map(|(_, f)| *f));
    let all = Counts::of(&report.findings);
    let copies = report.families.iter().filter(|f| !f.is_singleton()).count();
    let singletons = report.families.len() - copies;
    h.push_str("<header>\n<h1>splicecheck report</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"lead\">{} document(s): {} family(ies) of copies, {} singleton(s). Byte offsets are into each file as it is on disk; ranges are half-open.</p>",
        report.documents.len(),
        copies,
        singletons
    );
    h.push_str("<div class=\"tiles\">");
    for (n, label, class) in [
        (counts.errors, "errors", "error"),
        (counts.warnings, "warnings", "warning"),
        (counts.infos, "info shown", "info"),
        (report.documents.len(), "documents", ""),
        (copies, "families of copies", ""),
        (report.problems.len(), "paths not audited", ""),
    ] {
        let _ = write!(
            h,
            "<div class=\"tile {class}\"><b>{n}</b><span>{label}</span></div>"
        );
    }
    h.push_str("</div>\n");
    let hidden = all.infos + all.warnings + all.errors - shown.len();
    if hidden > 0 {
        let _ = writeln!(
            h,
            "<p class=\"quiet\">{hidden} finding(s) below the chosen severity are not shown (<code>--min-severity info</code> shows every difference).</p>"
        );
    }
    h.push_str("</header>\n<section id=\"summary\">\n<h2>Summary</h2>\n");
    if shown.is_empty() {
        h.push_str("<p>No findings to show.</p>\n");
    } else {
        h.push_str(
            "<table>\n<thead><tr><th>document</th><th>family</th><th>findings</th><th>errors</th><th>warnings</th><th>info</th><th>first at</th></tr></thead>\n<tbody>\n",
        );
        for of_doc in shown.chunk_by(|a, b| a.1.doc == b.1.doc) {
            let d = of_doc[0].1.doc;
            let c = Counts::of(of_doc.iter().map(|(_, f)| *f));
            let doc = &report.documents[d];
            let family = &report.families[of_doc[0].1.family];
            let mut kinds: Vec<Kind> = of_doc.iter().map(|(_, f)| f.kind).collect();
            kinds.sort();
            kinds.dedup();
            let chips: String = kinds
                .iter()
                .map(|k| {
                    let n = of_doc.iter().filter(|(_, f)| f.kind == *k).count();
                    format!("<span class=\"chip\">{} \u{d7}{n}</span>", k.code())
                })
                .collect();
            let (first, f0) = of_doc[0];
            let pos = position(&doc.bytes, f0.start);
            let _ = writeln!(
                h,
                "<tr><td><a href=\"#doc-{d}\"><code>{}</code></a></td><td>{}</td><td>{chips}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td><a href=\"#finding-{first}\">{}:{} (byte {})</a></td></tr>",
                esc(&doc.display_path()),
                esc(&family.id),
                c.errors,
                c.warnings,
                c.infos,
                pos.line,
                pos.column,
                f0.start
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    if !report.problems.is_empty() {
        h.push_str("<h3>Paths not audited</h3>\n<ul class=\"problems\">\n");
        for p in &report.problems {
            let _ = writeln!(
                h,
                "<li><code>{}</code>: {}{}</li>",
                esc(&p.path.display().to_string()),
                esc(&p.message),
                if p.fatal { " (error)" } else { "" }
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str(
        "<div class=\"legend\"><span><ins class=\"missing\">missing text</ins> the other copies carry it; the repair puts it back</span>\
         <span><del class=\"corrupt\">corrupted text</del> the repair replaces or removes it</span>\
         <span><ins class=\"fix\">replacement</ins> what the repair writes there</span>\
         <span><mark class=\"extra\">text only this copy has</mark></span>\
         <span><mark class=\"ref\">reference text</mark> concerned</span>\
         <span><span class=\"caret\">\u{2041}</span> a junction</span></div>\n</section>\n",
    );
}

fn family_section(h: &mut String, report: &Report, fi: usize, findings: &[(usize, &Finding)]) {
    let family = &report.families[fi];
    let first = &report.documents[family.members[0]];
    let _ = writeln!(
        h,
        "<section class=\"family\" id=\"family-{}\">\n<header><h2>{}</h2><span class=\"folder mono\">{}</span></header>",
        esc(&family.id),
        esc(&family.id),
        esc(&first.folder.display().to_string())
    );
    match family.reference {
        Some(r) => {
            let names: Vec<String> = family
                .members
                .iter()
                .map(|&m| {
                    let name = file_name(report, m);
                    if m == r {
                        format!("<code>{}</code> (reference)", esc(&name))
                    } else {
                        format!("<code>{}</code>", esc(&name))
                    }
                })
                .collect();
            let _ = writeln!(
                h,
                "<p class=\"members\">{} copies: {}</p>",
                family.members.len(),
                names.join(", ")
            );
        }
        None => {
            h.push_str("<p class=\"members\">A document with no sibling copy: only the checks that need no reference apply.</p>\n");
        }
    }
    for of_doc in findings.chunk_by(|a, b| a.1.doc == b.1.doc) {
        doc_block(h, report, of_doc[0].1.doc, of_doc);
    }
    h.push_str("</section>\n");
}

fn file_name(report: &Report, doc: usize) -> String {
    let p = &report.documents[doc].path;
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

fn doc_block(h: &mut String, report: &Report, d: usize, findings: &[(usize, &Finding)]) {
    let doc = &report.documents[d];
    let _ = writeln!(
        h,
        "<div class=\"doc\" id=\"doc-{d}\">\n<h3><a href=\"#doc-{d}\"><code>{}</code></a> <span class=\"quiet\">{} bytes, {} finding(s)</span></h3>",
        esc(&doc.display_path()),
        doc.bytes.len(),
        findings.len()
    );
    for &(i, f) in findings {
        finding_card(h, report, i, f);
    }
    // The full texts, side by side, every finding marked.
    let reference = report.families[findings[0].1.family].reference;
    let copy_marks: Vec<Mark> = findings.iter().map(|&(_, f)| copy_mark(f)).collect();
    h.push_str("<details class=\"full\"><summary>Full text");
    let refs: Vec<(usize, &Finding)> = findings
        .iter()
        .copied()
        .filter(|(_, f)| f.reference.is_some())
        .collect();
    let ref_doc = refs
        .first()
        .and_then(|(_, f)| f.reference.as_ref().map(|r| r.doc))
        .or(reference.filter(|&r| r != d));
    if let Some(r) = ref_doc {
        let _ = write!(
            h,
            " beside <code>{}</code>",
            esc(&report.documents[r].display_path())
        );
    }
    h.push_str("</summary>\n<div class=\"sides\">");
    let _ = write!(
        h,
        "<figure class=\"side\"><figcaption>{}</figcaption><pre>{}</pre></figure>",
        esc(&doc.display_path()),
        marked(&doc.bytes, 0, doc.bytes.len(), copy_marks)
    );
    if let Some(r) = ref_doc {
        let rdoc = &report.documents[r];
        let marks: Vec<Mark> = refs
            .iter()
            .filter_map(|&(_, f)| f.reference.as_ref().filter(|s| s.doc == r).map(|s| (f, s)))
            .map(|(f, s)| ref_mark(f, s.start, s.end))
            .collect();
        let _ = write!(
            h,
            "<figure class=\"side\"><figcaption>{}</figcaption><pre>{}</pre></figure>",
            esc(&rdoc.display_path()),
            marked(&rdoc.bytes, 0, rdoc.bytes.len(), marks)
        );
    }
    h.push_str("</div></details>\n</div>\n");
}

fn span_text(start: usize, end: usize) -> String {
    if start == end {
        format!("byte {start}")
    } else {
        format!("bytes {start}..{end}")
    }
}

fn finding_card(h: &mut String, report: &Report, i: usize, f: &Finding) {
    let doc = &report.documents[f.doc];
    let pos = position(&doc.bytes, f.start);
    let sev = f.severity.as_str();
    let _ = writeln!(
        h,
        "<article class=\"finding {sev}\" id=\"finding-{i}\" data-kind=\"{}\" data-path=\"{}\" data-start=\"{}\" data-end=\"{}\">",
        f.kind.code(),
        esc(&doc.display_path()),
        f.start,
        f.end
    );
    let _ = writeln!(
        h,
        "<header><span class=\"badge {sev}\">{sev}</span><span class=\"kind\">{}</span><a class=\"loc mono\" href=\"#finding-{i}\">{}:{}:{}</a><span class=\"mono\">{}</span></header>",
        f.kind.code(),
        esc(&doc.display_path()),
        pos.line,
        pos.column,
        span_text(f.start, f.end)
    );
    let _ = writeln!(h, "<p class=\"msg\">{}</p>", esc(&f.message));
    h.push_str("<div class=\"sides\">");
    let (from, to) = window(&doc.bytes, f.start, f.end);
    let _ = write!(
        h,
        "<figure class=\"side\"><figcaption>this copy, {}</figcaption><pre>{}</pre></figure>",
        span_text(f.start, f.end),
        marked(&doc.bytes, from, to, vec![copy_mark(f)])
    );
    match &f.reference {
        Some(r) => {
            let rdoc = &report.documents[r.doc];
            let rpos = position(&rdoc.bytes, r.start);
            let (from, to) = window(&rdoc.bytes, r.start, r.end);
            let _ = write!(
                h,
                "<figure class=\"side\"><figcaption>reference <span class=\"mono\">{}:{}:{}</span>, {}</figcaption><pre>{}</pre></figure>",
                esc(&rdoc.display_path()),
                rpos.line,
                rpos.column,
                span_text(r.start, r.end),
                marked(&rdoc.bytes, from, to, vec![ref_mark(f, r.start, r.end)])
            );
        }
        None => match &f.repair {
            Some(r) if r.start <= r.end && r.end <= doc.bytes.len() => {
                // No other copy is quoted: show the copy as the repair leaves it.
                let mut after = doc.bytes[..r.start].to_vec();
                after.extend_from_slice(r.replacement.as_bytes());
                after.extend_from_slice(&doc.bytes[r.end..]);
                let end = r.start + r.replacement.len();
                let (from, to) = window(&after, r.start, end);
                let mark = Mark {
                    start: r.start,
                    end,
                    tag: "ins",
                    class: "fix",
                    insert: None,
                    title: "written by the repair".to_string(),
                };
                let _ = write!(
                    h,
                    "<figure class=\"side\"><figcaption>this copy after the repair (no other copy is quoted)</figcaption><pre>{}</pre></figure>",
                    marked(&after, from, to, vec![mark])
                );
            }
            _ => {
                h.push_str("<figure class=\"side\"><figcaption>reference</figcaption><pre class=\"quiet\">No other copy is quoted for this finding.</pre></figure>");
            }
        },
    }
    h.push_str("</div>\n");
    match &f.repair {
        Some(r) => {
            let what = if r.start == r.end {
                format!("insert at byte {}", r.start)
            } else if r.replacement.is_empty() {
                format!("delete bytes {}..{}", r.start, r.end)
            } else {
                format!("replace bytes {}..{} with", r.start, r.end)
            };
            let text = if r.replacement.is_empty() {
                String::from("<span class=\"none\">(nothing)</span>")
            } else {
                format!("<pre>{}</pre>", shown_text(&r.replacement))
            };
            let _ = writeln!(
                h,
                "<div class=\"repair\"><b>repair</b><span class=\"mono\">{what}</span>{text}<button type=\"button\" data-repair=\"{}\" title=\"Copy the replacement text\">Copy repair</button></div>",
                esc_exact(&r.replacement)
            );
        }
        None => {
            h.push_str("<div class=\"repair\"><b>repair</b><span class=\"none\">none: no copy says what the text should be</span></div>\n");
        }
    }
    h.push_str("</article>\n");
}

fn copy_mark(f: &Finding) -> Mark<'_> {
    let title = format!("{} {}", f.severity, f.kind);
    match &f.repair {
        Some(r) if r.start == r.end => Mark {
            start: r.start,
            end: r.end,
            tag: "span",
            class: "",
            insert: Some(("missing", r.replacement.as_str())),
            title,
        },
        Some(r) => Mark {
            start: r.start,
            end: r.end,
            tag: "del",
            class: "corrupt",
            insert: (!r.replacement.is_empty()).then_some(("fix", r.replacement.as_str())),
            title,
        },
        None if f.severity >= Severity::Warning || f.start == f.end => Mark {
            start: f.start,
            end: f.end,
            tag: "del",
            class: "corrupt",
            insert: None,
            title,
        },
        None => Mark {
            start: f.start,
            end: f.end,
            tag: "mark",
            class: "extra",
            insert: None,
            title,
        },
    }
}

fn ref_mark(f: &Finding, start: usize, end: usize) -> Mark<'static> {
    Mark {
        start,
        end,
        tag: "mark",
        class: "ref",
        insert: None,
        title: format!("reference text for the {} finding", f.kind),
    }
}

/// The bytes shown around `start..end`: about [`CONTEXT`] bytes each side,
/// cut at white space and character boundaries.
fn window(bytes: &[u8], start: usize, end: usize) -> (usize, usize) {
    let start = start.min(bytes.len());
    let end = end.clamp(start, bytes.len());
    let mut from = start.saturating_sub(CONTEXT);
    if from > 0
        && let Some(ws) = bytes[from..start].iter().position(u8::is_ascii_whitespace)
    {
        from += ws + 1;
    }
    let mut to = (end + CONTEXT).min(bytes.len());
    if to < bytes.len()
        && let Some(ws) = bytes[end..to].iter().rposition(u8::is_ascii_whitespace)
    {
        to = end + ws;
    }
    while from > 0 && from < bytes.len() && is_continuation(bytes[from]) {
        from -= 1;
    }
    while to < bytes.len() && is_continuation(bytes[to]) {
        to += 1;
    }
    (from, to)
}

fn is_continuation(b: u8) -> bool {
    b & 0xc0 == 0x80
}

/// HTML for the bytes `from..to` with marks (clipped so none overlaps the
/// previous one), an ellipsis where the text goes on.
fn marked(bytes: &[u8], from: usize, to: usize, mut marks: Vec<Mark>) -> String {
    marks.sort_by_key(|m| (m.start, m.end));
    let mut h = String::new();
    if from > 0 {
        h.push_str("<span class=\"quiet\">\u{2026}</span>");
    }
    let mut at = from;
    for m in marks {
        if m.start < at || m.start > to {
            continue;
        }
        let end = m.end.min(to);
        h.push_str(&shown_bytes(&bytes[at..m.start]));
        let class = if m.class.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", m.class)
        };
        if end > m.start {
            let _ = write!(
                h,
                "<{tag}{class} title=\"{title}\">{}</{tag}>",
                shown_bytes(&bytes[m.start..end]),
                tag = m.tag,
                title = esc(&m.title)
            );
        } else if m.insert.is_none() || m.tag == "span" {
            let _ = write!(
                h,
                "<span class=\"caret\" title=\"{}\">\u{2041}</span>",
                esc(&m.title)
            );
        }
        if let Some((class, text)) = m.insert {
            let _ = write!(
                h,
                "<ins class=\"{class}\" title=\"{}\">{}</ins>",
                if class == "missing" {
                    "missing here: the repair inserts it"
                } else {
                    "the repair writes this instead"
                },
                shown_text(text)
            );
        }
        at = end;
    }
    h.push_str(&shown_bytes(&bytes[at..to]));
    if to < bytes.len() {
        h.push_str("<span class=\"quiet\">\u{2026}</span>");
    }
    h
}

/// Article bytes for display: invalid UTF-8 as U+FFFD, escaped.
fn shown_bytes(bytes: &[u8]) -> String {
    shown_text(&crate::tokenize::lossy(bytes))
}

/// Article text for display, escaped: a CR before a line break is dropped,
/// other control characters are shown as their control pictures (␀, ␍).
fn shown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\t' => out.push(c),
            '\u{7f}' => out.push('\u{2421}'),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            c if c.is_control() => {
                let _ = write!(out, "&#{};", 0xfffd);
            }
            _ => push_escaped(&mut out, c),
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// Escapes text for an element's content or a quoted attribute value.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Escapes text for a quoted attribute value so that it reads back exactly:
/// also carriage returns and other control characters, which the HTML parser
/// would otherwise turn into line feeds or drop.
fn esc_exact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c => push_escaped(&mut out, c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, audit_documents};

    const HOSTILE: &str =
        "<script>document.title='owned'</script><img src=x onerror=\"alert(1)\"> & 'q' \"dq\"";

    fn page(docs: Vec<Document>) -> String {
        let report = audit_documents(docs);
        let shown: Vec<&Finding> = report.findings.iter().collect();
        let mut out = Vec::new();
        render(&report, &shown, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn article_text_and_attributes_are_escaped() {
        let reference = format!(
            "The council approved the new parking levy, which residents had opposed for years. {HOSTILE} It starts in May and runs for a year.\n"
        );
        let copy = reference.replace("the new parking levy", "");
        let html = page(vec![
            Document::new("news/<b>a\".txt", reference.as_bytes().to_vec()),
            Document::new("news/<b>b\".txt", copy.as_bytes().to_vec()),
        ]);
        assert!(html.contains("&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
        assert!(html.contains("news/&lt;b&gt;b&quot;.txt"));
        // The only script element is the page's own.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>a"));
        assert!(html.contains("data-repair=\"the new parking levy\""));
    }

    #[test]
    fn exact_attribute_escaping_keeps_carriage_returns_and_quotes() {
        assert_eq!(
            esc_exact("a\r\n\"b\" <c> & 'd'\u{0}"),
            "a&#13;\n&quot;b&quot; &lt;c&gt; &amp; &#39;d&#39;&#0;"
        );
        assert_eq!(shown_text("a\r\nb\u{1}c<"), "a\nb\u{2401}c&lt;");
    }

    #[test]
    fn the_page_loads_nothing_from_outside() {
        let html = page(vec![Document::new(
            "x.txt",
            b"A lone article with an invalid \xff byte in the middle of it, and more words after.\n"
                .to_vec(),
        )]);
        assert!(!html.contains("http://") && !html.contains("https://"));
        assert!(!html.contains(" src="));
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains("class=\"finding error\""));
    }

    #[test]
    fn the_policy_allows_exactly_the_page_script() {
        let digest = sha256(SCRIPT.as_bytes());
        assert_eq!(SCRIPT_HASH, format!("sha256-{}", base64(&digest)));
    }

    /// SHA-256 (FIPS 180-4), enough to check the policy's script digest.
    fn sha256(data: &[u8]) -> [u8; 32] {
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2,
        ];
        let mut hs: [u32; 8] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
            0x5be0cd19,
        ];
        let mut msg = data.to_vec();
        msg.push(0x80);
        while msg.len() % 64 != 56 {
            msg.push(0);
        }
        msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
        for block in msg.chunks(64) {
            let mut w = [0u32; 64];
            for t in 0..16 {
                w[t] = u32::from_be_bytes(block[4 * t..4 * t + 4].try_into().unwrap());
            }
            for t in 16..64 {
                let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
                let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
                w[t] = w[t - 16]
                    .wrapping_add(s0)
                    .wrapping_add(w[t - 7])
                    .wrapping_add(s1);
            }
            let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = hs;
            for t in 0..64 {
                let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
                let ch = (e & f) ^ (!e & g);
                let t1 = hh
                    .wrapping_add(s1)
                    .wrapping_add(ch)
                    .wrapping_add(K[t])
                    .wrapping_add(w[t]);
                let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
                let maj = (a & b) ^ (a & c) ^ (b & c);
                let t2 = s0.wrapping_add(maj);
                hh = g;
                g = f;
                f = e;
                e = d.wrapping_add(t1);
                d = c;
                c = b;
                b = a;
                a = t1.wrapping_add(t2);
            }
            for (x, v) in hs.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
                *x = x.wrapping_add(v);
            }
        }
        let mut out = [0u8; 32];
        for (i, v) in hs.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&v.to_be_bytes());
        }
        out
    }

    fn base64(bytes: &[u8]) -> String {
        const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn sha256_matches_a_known_digest() {
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }
}
