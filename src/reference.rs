//! Reference stage: aligns the copies of one family with each other, lets the
//! copies vote on every loss, chooses the family's reference and turns the
//! judged differences into [`Finding`]s.
//!
//! No copy is trusted blindly, the longest least of all. Every copy is aligned
//! against its peers; a loss seen in copy `x` against peer `y` is reported only
//! when more peers carry the missing text at that place than peers that read
//! straight through it (`supporters > opposers`; a peer whose text does not
//! reach that place abstains). With two copies the single peer decides, on the
//! evidence the classify stage weighed: where the edges of the gap fall in
//! sentences. The reference is then the copy with the fewest confirmed losses,
//! ties going to the copy that agrees most with the others.

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::align::{Alignment, Hints, Interner, Run, align};
use crate::classify::{Difference, Side, Verdict, classify};
use crate::finding::{Finding, Kind, ReferenceSpan, Repair, Severity};
use crate::group::Family;
use crate::load::Document;
use crate::settings::Settings;
use crate::style::Style;
use crate::tokenize::{Text, line_starts};

/// Most peers one copy is compared with, so a family of thousands of
/// near-identical copies stays linear in its size.
pub const MAX_PEERS: usize = 8;

/// What auditing one family produced.
#[derive(Debug, Default)]
pub struct FamilyAudit {
    /// The chosen reference (a document index), when the family has two or more copies.
    pub reference: Option<usize>,
    /// The findings, in no particular order.
    pub findings: Vec<Finding>,
    /// True when some diff hit its deadline.
    pub timed_out: bool,
}

/// A loss seen in one copy, with the peers that support and oppose it.
struct Loss {
    /// Each supporting peer (a member position) with the loss as judged against it.
    supporters: Vec<(usize, Difference)>,
    /// Peers that read straight through the place.
    opposers: usize,
    /// Of those, peers that read on through words of the copy's own after
    /// it, straight after the words before it.
    read_on: usize,
}

impl Loss {
    /// The loss as first seen: the key other peers are matched on.
    fn first(&self) -> &Difference {
        &self.supporters[0].1
    }

    fn is_supported_by(&self, peer: usize) -> bool {
        self.supporters.iter().any(|(p, _)| *p == peer)
    }
}

/// Audits the copies of one family. `family_index` is the family's position
/// in the report; `docs` and `texts` are indexed by document.
pub fn audit_family(
    family: &Family,
    family_index: usize,
    docs: &[Document],
    texts: &[Text],
    settings: &Settings,
) -> FamilyAudit {
    let members = &family.members;
    let n = members.len();
    if n < 2 {
        return FamilyAudit::default();
    }
    let mut interner = Interner::default();
    let ids: Vec<Vec<u32>> = members
        .iter()
        .map(|&d| interner.ids_of(&texts[d]))
        .collect();
    let lines: Vec<Vec<bool>> = members.iter().map(|&d| line_starts(&texts[d])).collect();
    let ends: Vec<Vec<bool>> = members
        .iter()
        .map(|&d| crate::tokenize::sentence_ends(&texts[d]))
        .collect();
    let side = |m: usize| Side {
        bytes: &docs[members[m]].bytes,
        text: &texts[members[m]],
        extra_boilerplate: &settings.boilerplate,
    };

    // Align every copy with its peers (each pair once).
    let peers = |m: usize| -> Vec<usize> {
        if n <= MAX_PEERS + 1 {
            (0..n).filter(|&p| p != m).collect()
        } else {
            let half = MAX_PEERS / 2;
            let mut p: Vec<usize> = (1..=half)
                .flat_map(|k| [(m + k) % n, (m + n - k) % n])
                .collect();
            p.sort_unstable();
            p.dedup();
            p
        }
    };
    let mut alignments: FxHashMap<(usize, usize), Alignment> = FxHashMap::default();
    for m in 0..n {
        for p in peers(m) {
            if m < p && !alignments.contains_key(&(m, p)) {
                let hints = Hints {
                    weak: interner.weak(),
                    lines_a: &lines[m],
                    lines_b: &lines[p],
                    ends_a: &ends[m],
                    ends_b: &ends[p],
                };
                let al = align(&ids[m], &ids[p], &hints);
                alignments.insert((m, p), al);
            }
        }
    }
    let timed_out = alignments.values().any(|a| a.timed_out);
    let view = |m: usize, p: usize| -> Alignment {
        if m < p {
            alignments[&(m, p)].clone()
        } else {
            alignments[&(p, m)].swapped()
        }
    };

    // Judge every difference of every copy against every peer.
    let mut judged: Vec<Vec<(usize, Alignment, Vec<Difference>)>> = Vec::with_capacity(n);
    for m in 0..n {
        let mut row = Vec::new();
        for p in peers(m) {
            let al = view(m, p);
            let diffs = classify(side(m), side(p), &al);
            row.push((p, al, diffs));
        }
        judged.push(row);
    }

    // Vote on every loss.
    let mut losses: Vec<Vec<Loss>> = Vec::with_capacity(n);
    for (m, row) in judged.iter().enumerate() {
        let mut found: Vec<Loss> = Vec::new();
        for (p, al, diffs) in row {
            for d in diffs.iter().filter(|d| {
                d.verdict.is_loss()
                    && !among_chance_matches(al, d, |r| {
                        texts[members[m]].line_starts_at(r.a)
                            && texts[members[*p]].line_starts_at(r.b)
                    })
                    && !in_a_sentence_the_peer_lacks(&texts[members[m]], al, d)
            }) {
                add_loss(&mut found, *p, d);
            }
        }
        for loss in &mut found {
            let a = loss.first().region.a.clone();
            let at = loss.first().x.start;
            // A peer opposes when it reads straight through the place, or when
            // it has the same difference there and judges it benign (the copy
            // ends where a paragraph of the peer ends: a trim, not a cut).
            let benign = |diffs: &Vec<Difference>| {
                diffs.iter().any(|d| {
                    !d.verdict.is_loss()
                        && (d.region.a == a || (d.x.start == at && d.x.is_empty()))
                        && d.y_words > 0
                })
            };
            let others = || row.iter().filter(|(p, _, _)| !loss.is_supported_by(*p));
            let opposers = others()
                .filter(|(_, al, diffs)| reads_through(al, &a) || benign(diffs))
                .count();
            let read_on = others().filter(|(_, al, _)| reads_on(al, &a)).count();
            (loss.opposers, loss.read_on) = (opposers, read_on);
        }
        // A cut followed by words of the copy's own (a footer, it would be)
        // that a peer reads on through, straight after the words before the
        // cut, is no cut: those words are the article going on.
        found.retain(|l| {
            let goes_on = l.first().verdict == Verdict::Truncation && l.first().x_words > 0;
            l.supporters.len() > l.opposers && !(goes_on && l.read_on > 0)
        });
        losses.push(found);
    }

    // The reference: fewest confirmed losses, then the copy closest to the
    // others (what it shares with them, less what only it carries: markup,
    // menus and footers count against it). After the last word a peer
    // shares, a copy's own text counts only as far as a footer goes
    // beyond the peer's own tail: against a teaser, the article's rest is
    // no evidence, and the teaser would be the closest copy to all.
    let agreement: Vec<i64> = (0..n)
        .map(|m| {
            judged[m]
                .iter()
                .map(|(_, al, _)| {
                    let (ea, eb) = al
                        .runs
                        .last()
                        .map_or((0, 0), |r| (r.a + r.len, r.b + r.len));
                    let tail = (al.lens.0 - ea).min(al.lens.1 - eb + FOOTER_TOKENS);
                    2 * al.matched() as i64 - (ea + tail) as i64
                })
                .sum()
        })
        .collect();
    let preference = |m: usize| (losses[m].len(), std::cmp::Reverse(agreement[m]), m);
    // The lines a repair lays out, those the bytes break: needed only for
    // the repairs of losses.
    let breaks: Vec<Vec<bool>> = if losses.iter().any(|l| !l.is_empty()) {
        members
            .iter()
            .map(|&d| crate::tokenize::line_breaks(&texts[d]))
            .collect()
    } else {
        Vec::new()
    };
    let reference = (0..n).min_by_key(|&m| preference(m)).unwrap_or(0);
    // Where each copy's first page insert ends: read once per copy, not
    // once per loss (a long copy with many losses).
    let inserts_end: Vec<Option<usize>> = if losses.iter().any(|l| !l.is_empty()) {
        members
            .iter()
            .map(|&d| first_insert_end(&docs[d].bytes))
            .collect()
    } else {
        Vec::new()
    };

    let mut findings = Vec::new();
    // Losses inside sentences first: their repairs mend the text a cut
    // copy's tail is quoted from, when the quoted copy lost words itself.
    let mut repairs: Vec<Vec<Repair>> = vec![Vec::new(); n];
    for cuts in [false, true] {
        for m in 0..n {
            for loss in losses[m]
                .iter()
                .filter(|l| (l.first().verdict == Verdict::Truncation) == cuts)
            {
                let (from, diff) = quoted_supporter(loss, &losses, &side, &preference);
                // A cut copy gets back the lines the other copies share, not the
                // captions, embedded posts or tables only the quoted copy carries.
                // Tables, embedded posts and captions come back only into a
                // copy that carries such inserts itself.
                let keep_inserts = inserts_end[m].is_some_and(|end| end <= diff.x.start);
                let y_text = &texts[members[from]];
                // Where the restored text breaks into paragraphs: where most
                // copies carrying it do, not where the quoted copy alone does.
                // (Only the restored text's own tokens are looked at: a
                // copy may have many repairs.)
                let y_bytes = &docs[members[from]].bytes[..];
                let first = y_text.token_at_or_after(diff.y.start);
                let (starts, span) = if diff.verdict == Verdict::Truncation {
                    let span = first..y_text.tokens.len();
                    let peers: Vec<(&Alignment, &[bool])> = judged[from]
                        .iter()
                        .map(|(p, al, _)| (al, &breaks[*p][..]))
                        .collect();
                    let voted = voted_line_starts(&breaks[from], span.clone(), &peers);
                    (Cow::Owned(voted), span)
                } else {
                    let span = first..y_text.token_at_or_after(diff.y.end);
                    (Cow::Borrowed(&breaks[from][..]), span)
                };
                let starts = without_breaks_in_sentences(y_text, y_bytes, starts, span);
                let shared = |r: Range<usize>| -> Vec<Range<usize>> {
                    let others: Vec<&Alignment> = judged[from]
                        .iter()
                        .filter(|(p, _, _)| *p != m)
                        .map(|(_, al, _)| al)
                        .collect();
                    let y = (y_text, &docs[members[from]].bytes[..], &starts[..]);
                    lines_shared(y, r, &others, keep_inserts)
                };
                let finding = loss_finding(
                    diff,
                    side(m),
                    Quoted {
                        side: side(from),
                        starts: &starts,
                        mended: &repairs[from],
                    },
                    (members[m], members[from]),
                    family_index,
                    n,
                    &shared,
                );
                if !cuts && let Some(r) = &finding.repair {
                    repairs[m].push(r.clone());
                }
                findings.push(finding);
            }
        }
    }
    for m in 0..n {
        if m == reference {
            continue;
        }
        // Benign differences, against the reference only.
        if let Some((_, _, diffs)) = judged[m].iter().find(|(p, _, _)| *p == reference) {
            for d in diffs {
                let confirmed = losses[m].iter().any(|l| {
                    l.supporters
                        .iter()
                        .any(|(p, s)| *p == reference && s.region == d.region)
                });
                if !confirmed {
                    findings.push(info_finding(
                        d,
                        members[m],
                        members[reference],
                        family_index,
                    ));
                }
            }
        }
    }
    FamilyAudit {
        reference: Some(members[reference]),
        findings,
        timed_out,
    }
}

/// Adds the loss `d` seen against peer `p` to the losses `found` of one
/// copy: to the loss already seen at the same place, if any. A copy is cut
/// once: peers that place its cut apart (one matched a table cell or a
/// caption after it, one did not) see the same loss, listed first where
/// more of the copy is shared.
fn add_loss(found: &mut Vec<Loss>, p: usize, d: &Difference) {
    let cut = |v: Verdict| v == Verdict::Truncation;
    let same = |l: &&mut Loss| {
        l.first().region.a.start == d.region.a.start
            || l.first().x.start == d.x.start
            || cut(l.first().verdict) && cut(d.verdict)
    };
    let Some(l) = found.iter_mut().find(same) else {
        found.push(Loss {
            supporters: vec![(p, d.clone())],
            opposers: 0,
            read_on: 0,
        });
        return;
    };
    l.supporters.push((p, d.clone()));
    // The loss reads as most of its supporters see it (a peer that shares
    // a footer line the others lack sees a cut as words missing before
    // it); a cut is placed where it is latest.
    let cuts = l.supporters.iter().filter(|(_, s)| cut(s.verdict)).count();
    let as_cut = match (2 * cuts).cmp(&l.supporters.len()) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            cut(d.verdict) && d.x.start > l.first().x.start || cut(l.first().verdict)
        }
    };
    let lead = if as_cut {
        (0..l.supporters.len())
            .filter(|&i| cut(l.supporters[i].1.verdict))
            .min_by_key(|&i| (std::cmp::Reverse(l.supporters[i].1.x.start), i))
    } else {
        (0..l.supporters.len()).find(|&i| !cut(l.supporters[i].1.verdict))
    };
    if let Some(i) = lead.filter(|&i| i > 0) {
        let s = l.supporters.remove(i);
        l.supporters.insert(0, s);
    }
}

/// The supporter a loss's repair quotes, with the loss as judged against
/// it: for a cut, the one that restores the most text. A supporter that
/// lost text itself is quoted last. Of tails about as long as the longest
/// (a footer or a caption more or less), one that keeps its paragraphs,
/// then the longest; then the copy `preference` puts first.
fn quoted_supporter<'l, P: Ord>(
    loss: &'l Loss,
    losses: &[Vec<Loss>],
    side: &dyn Fn(usize) -> Side<'l>,
    preference: &dyn Fn(usize) -> P,
) -> (usize, &'l Difference) {
    // Per supporter: the words and lines of its tail after a cut, and
    // whether the text it would lend is damaged itself.
    let tails: Vec<(usize, usize, bool)> = loss
        .supporters
        .iter()
        .map(|(p, d)| {
            let y = side(*p);
            if d.verdict != Verdict::Truncation {
                return (0, 0, damaged(&y.bytes[d.y.clone()]));
            }
            let end = content_end(y, d.y.clone());
            let lines = y.text.tokens[y.text.token_at_or_after(d.y.start)..]
                .iter()
                .take_while(|t| (t.start as usize) < end)
                .filter(|t| t.starts_line)
                .count();
            let damaged = damaged(&y.bytes[d.y.start..end.max(d.y.start)]);
            (words_in(y.text, d.y.start..end), lines, damaged)
        })
        .collect();
    let longest = loss
        .supporters
        .iter()
        .zip(&tails)
        .filter(|((p, _), _)| losses[*p].is_empty())
        .map(|(_, &(tail, _, _))| tail)
        .max()
        .unwrap_or(0);
    let ((from, diff), _) = loss
        .supporters
        .iter()
        .zip(&tails)
        .min_by_key(|((p, d), (tail, lines, damaged))| {
            (
                (d.verdict == Verdict::Truncation) != (loss.first().verdict == Verdict::Truncation),
                std::cmp::Reverse(d.x.start),
                !losses[*p].is_empty(),
                *damaged,
                10 * tail < 9 * longest,
                *lines == 0,
                std::cmp::Reverse(*tail),
                preference(*p),
            )
        })
        .expect("a confirmed loss has a supporter");
    (*from, diff)
}

/// Bytes on each side of a repair whose lines a copy's style is read from.
const STYLE_REACH: usize = 16 * 1024;

/// The whole lines of `bytes` within [`STYLE_REACH`] bytes of `at`.
fn style_window(bytes: &[u8], at: Range<usize>) -> Range<usize> {
    let start = match at.start.checked_sub(STYLE_REACH) {
        Some(from) => bytes[from..at.start]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(at.start, |i| from + i + 1),
        None => 0,
    };
    let end = match at
        .end
        .checked_add(STYLE_REACH)
        .filter(|&to| to < bytes.len())
    {
        Some(to) => bytes[at.end..to]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(at.end, |i| at.end + i + 1),
        None => bytes.len(),
    };
    start.min(at.start)..end.max(at.end)
}

/// Appends `bytes` to `text` with the damage that can be undone undone:
/// mojibake decoded, NUL and other control characters (but line breaks and
/// tabs) left out. Bytes that are no UTF-8 stay unknown ("\u{fffd}").
fn push_undamaged(text: &mut String, bytes: &[u8]) {
    let s = crate::tokenize::lossy(bytes);
    let s = if crate::charset::holds_mojibake(&s) {
        Cow::Owned(crate::charset::decode_mojibake(&s))
    } else {
        s
    };
    text.extend(s.chars().filter(|&c| !is_stray_control(c)));
}

/// A control character other than a line break or a tab.
fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// True when text holds damage a repair must not carry into a copy: bytes
/// that are no UTF-8, a NUL or another control character, or mojibake.
fn damaged(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Err(_) => true,
        Ok(s) => s.chars().any(is_stray_control) || crate::charset::holds_mojibake(s),
    }
}

/// True when a splice sits between short matched runs, one of them a
/// single token: the peer's words were matched by chance inside another
/// sentence ("essential to the future | of | democracy" against "essential to
/// the future health of our democracy", a sentence the copy does not carry),
/// so the peer is no witness of a loss there.
fn among_chance_matches(
    al: &Alignment,
    d: &Difference,
    opens_lines: impl Fn(&Run) -> bool,
) -> bool {
    if d.verdict != Verdict::Splice {
        return false;
    }
    let (start, end) = (d.region.a.start, d.region.a.end);
    let before_run = al.runs.iter().find(|r| r.a < start && start <= r.a + r.len);
    let after_run = al.runs.iter().find(|r| r.a <= end && end < r.a + r.len);
    let before = before_run.map(|r| start - r.a);
    let after = after_run.map(|r| r.a + r.len - end);
    // Both sides short, one a single token; document edges count as long.
    let (before, after) = (before.unwrap_or(usize::MAX), after.unwrap_or(usize::MAX));
    // A single token that opens a line in both copies (a lead's first word
    // after each copy's header) is where the two lines meet, not chance.
    let single = [(before, before_run), (after, after_run)]
        .into_iter()
        .filter(|(len, _)| *len == 1)
        .all(|(_, r)| r.is_some_and(|r| !opens_lines(r)));
    before.min(after) == 1 && before.max(after) <= CHANCE_RUN && single
}

/// True when a splice falls in a sentence of the copy (document a of `al`)
/// whose words the peer mostly does not carry: the few words matched there
/// were matched by chance in another sentence of the peer ("Twigg said ...
/// was essential to the future of democracy" against "the process is
/// essential to the future health of our democracy"). In a real splice the
/// copy's sentence is the peer's with words missing, so nearly all of its
/// words are matched.
fn in_a_sentence_the_peer_lacks(x: &Text, al: &Alignment, d: &Difference) -> bool {
    let at = d.region.a.start;
    if d.verdict != Verdict::Splice || at == 0 || at > x.len() {
        return false;
    }
    // A sentence reaches at most SENTENCE_TOKENS_MOST tokens either side:
    // text without sentence ends or lines is read a window at a time.
    let edge = |k: usize| x.boundary_before(k) || x.line_starts_at(k);
    let floor = at.saturating_sub(SENTENCE_TOKENS_MOST);
    let ceiling = (at + SENTENCE_TOKENS_MOST).min(x.len());
    let mut start = at - 1;
    while start > floor && !edge(start) {
        start -= 1;
    }
    let mut end = at;
    while end < ceiling && (end == at || !edge(end)) {
        end += 1;
    }
    let words: Vec<usize> = (start..end)
        .filter(|&k| x.tokens[k].kind == crate::tokenize::TokenKind::Word)
        .collect();
    let matched = words.iter().filter(|&&k| al.is_matched_a(k)).count();
    words.len() >= LACKED_SENTENCE && 2 * matched < words.len()
}

/// Fewest words of a sentence for [`in_a_sentence_the_peer_lacks`] to judge it.
const LACKED_SENTENCE: usize = 8;

/// Most tokens either side of a place that [`in_a_sentence_the_peer_lacks`]
/// reads as its sentence.
const SENTENCE_TOKENS_MOST: usize = 400;

/// The longest matched run that still counts as chance beside a
/// single-token one.
const CHANCE_RUN: usize = 3;

/// True when the copy shows a cut at byte `at`: the junction falls inside a
/// token (two words glued, "thewith"), punctuation stands stranded after a
/// space ("approved , which"), or two spaces meet.
fn shows_cut(x: Side<'_>, at: usize) -> bool {
    let before = x.bytes[..at].last().copied();
    let after = x.bytes.get(at).copied();
    let stranded =
        before.is_some_and(|b| b == b' ') && after.is_some_and(|b| b",.;:)".contains(&b));
    let doubled = x
        .bytes
        .get(at.saturating_sub(1)..(at + 1).min(x.bytes.len()))
        == Some(b"  ");
    x.text.token_straddling(at).is_some() || stranded || doubled
}

/// True when the peer reads straight through the tokens of copy `x` around
/// token range `a`: it matches them and has nothing of its own between them.
fn reads_through(al: &Alignment, a: &Range<usize>) -> bool {
    let from = a.start.saturating_sub(1);
    let to = a.end.min(al.lens.0.saturating_sub(1));
    if a.end >= al.lens.0 {
        // A loss at the end: the peer matches the copy's last token and
        // stops too, or reads on through the copy's own words after it.
        let stops =
            al.is_matched_a(from) && al.runs.last().is_some_and(|r| r.b + r.len >= al.lens.1);
        return stops || reads_on(al, a);
    }
    if from == to {
        return al.is_matched_a(from);
    }
    (from..to).all(|i| al.continuous_a(i))
}

/// True when the loss `a` is at the end of the copy and the peer reads the
/// copy's own words after it straight on from the words before it: a copy
/// that ends a few sentences on, on a whole sentence, was not cut at the
/// place a peer lacking those sentences shows.
fn reads_on(al: &Alignment, a: &Range<usize>) -> bool {
    let from = a.start.saturating_sub(1);
    let to = a.end.min(al.lens.0.saturating_sub(1));
    a.end >= al.lens.0 && to > from + 1 && (from..to).all(|i| al.continuous_a(i))
}

/// The copy a repair quotes: its text, where lines of their own start in it
/// (per token), and the repairs of its own losses, to mend what is quoted.
struct Quoted<'a> {
    side: Side<'a>,
    starts: &'a [bool],
    mended: &'a [Repair],
}

fn loss_finding(
    d: &Difference,
    x: Side<'_>,
    quoted: Quoted<'_>,
    (x_doc, y_doc): (usize, usize),
    family: usize,
    copies: usize,
    shared: &dyn Fn(Range<usize>) -> Vec<Range<usize>>,
) -> Finding {
    let truncation = d.verdict == Verdict::Truncation;
    let y = quoted.side;
    let mut y_range = d.y.clone();
    let pieces = if truncation {
        y_range.end = content_end(y, y_range.clone());
        shared(y_range.clone())
    } else {
        vec![y_range.clone()]
    };
    let replacement = in_style_of(x, d.x.clone(), &quoted, &pieces);
    // Inside the text, words the copy keeps among those lost (shared words
    // between two losses) are not missing.
    let words = if truncation {
        d.y_words
    } else {
        d.y_words.saturating_sub(d.x_words)
    };
    // With one other copy there is no vote: a short phrase only it carries
    // may be its own addition, unless the copy shows the cut.
    let uncertain =
        copies == 2 && d.verdict == Verdict::Splice && words <= 3 && !shows_cut(x, d.x.start);
    let message = match (d.verdict, copies) {
        (Verdict::Truncation, _) => {
            format!("copy stops mid-sentence; the reference goes on for {words} more word(s)")
        }
        _ if uncertain => format!(
            "{words} word(s) of the other copy are missing mid-sentence here; with only one other copy and no sign of a cut at the junction, they may be that copy's own addition"
        ),
        (_, 2) => format!(
            "{words} word(s) of the other copy are missing mid-sentence here; the text on either side is glued together"
        ),
        _ => format!(
            "{words} word(s) that the other copies carry are missing mid-sentence here; the text on either side is glued together"
        ),
    };
    Finding {
        kind: if truncation {
            Kind::Truncation
        } else {
            Kind::Splice
        },
        severity: if uncertain {
            Severity::Warning
        } else {
            Severity::Error
        },
        doc: x_doc,
        family,
        start: d.x.start,
        end: d.x.start,
        reference: Some(ReferenceSpan {
            doc: y_doc,
            start: y_range.start,
            end: y_range.end,
        }),
        repair: Some(Repair {
            start: d.x.start,
            end: d.x.end,
            replacement,
        }),
        message,
    }
}

fn info_finding(d: &Difference, x_doc: usize, y_doc: usize, family: usize) -> Finding {
    let (kind, message) = match d.verdict {
        Verdict::Trim => (
            Kind::Trim,
            format!(
                "{} word(s) of whole sentences or lines of the reference are not in this copy",
                d.y_words
            ),
        ),
        Verdict::Boilerplate if d.x_words == 0 => (
            Kind::Boilerplate,
            format!(
                "the reference has {} word(s) of dateline or label here",
                d.y_words
            ),
        ),
        Verdict::Boilerplate => (
            Kind::Boilerplate,
            format!("{} word(s) of lines not in the reference", d.x_words),
        ),
        Verdict::Variant => (
            Kind::Variant,
            "wording differs from the reference".to_string(),
        ),
        Verdict::Splice | Verdict::Truncation => (
            Kind::Variant,
            format!(
                "the reference has {} word(s) here that the other copies do not support",
                d.y_words
            ),
        ),
    };
    Finding {
        kind,
        severity: Severity::Info,
        doc: x_doc,
        family,
        start: d.x.start,
        end: d.x.end,
        reference: Some(ReferenceSpan {
            doc: y_doc,
            start: d.y.start,
            end: d.y.end,
        }),
        repair: None,
        message,
    }
}

/// Tokens of a copy's own after the last word a peer shares that count
/// against it as a footer, beyond the peer's own tail.
const FOOTER_TOKENS: usize = 50;

/// The parts of a byte range of `text` to restore: its first line (the rest
/// of the cut sentence), then each line of its own that at least half of the
/// other copies also carry (most of its words matched in their alignments
/// `others`, with `text` as document a). A copy that ends before a line (it
/// was trimmed or cut there) has no say on it; when no copy has a say, a line
/// of prose is kept. Unless `keep_inserts`, page inserts (tables, whether
/// rows or a run of short cells, embedded posts, captions) are left out.
/// With no other copy and `keep_inserts`, the whole range.
fn lines_shared(
    (text, bytes, starts): (&Text, &[u8], &[bool]),
    r: Range<usize>,
    others: &[&Alignment],
    keep_inserts: bool,
) -> Vec<Range<usize>> {
    if others.is_empty() && keep_inserts {
        return vec![r];
    }
    let toks = &text.tokens;
    let first = text.token_at_or_after(r.start);
    let end = toks[first..]
        .iter()
        .take_while(|t| (t.start as usize) < r.end)
        .count()
        + first;
    if first == end {
        // White space only: nothing to sort into lines.
        return vec![r];
    }
    let mut units: Vec<Range<usize>> = Vec::new(); // token ranges
    let mut start = first;
    for k in (first + 1..end).filter(|&k| starts[k]) {
        units.push(start..k);
        start = k;
    }
    units.push(start..end);
    let line_text = |unit: &Range<usize>| {
        let from = toks[unit.start].start as usize;
        let to = toks[unit.end - 1].end as usize;
        crate::tokenize::lossy(&bytes[from..to]).into_owned()
    };
    let inserts: Vec<bool> = if keep_inserts {
        vec![false; units.len()]
    } else {
        let cells: Vec<bool> = units.iter().map(|u| is_cell(&line_text(u))).collect();
        (0..units.len())
            .map(|i| {
                let neighbour_cell = (i > 0 && cells[i - 1]) || cells.get(i + 1) == Some(&true);
                (cells[i] && neighbour_cell)
                    || crate::boilerplate::is_page_insert(&line_text(&units[i]))
            })
            .collect()
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        let words: Vec<usize> = unit
            .clone()
            .filter(|&k| toks[k].kind == crate::tokenize::TokenKind::Word)
            .collect();
        if i > 0 && inserts[i] {
            continue;
        }
        let carries = |al: &Alignment| {
            2 * words.iter().filter(|&&k| al.is_matched_a(k)).count() > words.len()
        };
        let voters = others
            .iter()
            .filter(|al| carries(al) || reach(al, end) >= unit.end)
            .count();
        let carriers = others.iter().filter(|al| carries(al)).count();
        // With no copy to ask, a line of prose is kept.
        let shared = if voters == 0 {
            words.len() >= PROSE_WORDS && toks[unit.end - 1].terminal
        } else {
            carriers > 0 && 2 * carriers >= voters
        };
        if i == 0 || (!words.is_empty() && shared) {
            let from = if i == 0 {
                r.start
            } else {
                toks[unit.start].start as usize
            };
            let to = units
                .get(i + 1)
                .map_or(r.end, |next| toks[next.start].start as usize);
            match out.last_mut() {
                Some(last) if last.end == from => last.end = to,
                _ => out.push(from..to),
            }
        }
    }
    // The last piece ends with its last word or mark, not the space after it.
    if let Some(last) = out.last_mut() {
        let k = toks.partition_point(|t| (t.start as usize) < last.end);
        if let Some(t) = k.checked_sub(1).map(|k| &toks[k]) {
            last.end = last.end.min(t.end as usize).max(last.start);
        }
    }
    out
}

/// Where lines of their own start in the tokens `span` of copy `y` (`own`
/// per token of `y`), by vote of `y` and the copies aligned with it
/// (`peers`: each alignment, with `y` as document a, and the line starts of
/// the peer): a token starts a line when more of the copies carrying it
/// start a line there than not. A copy with no line start in the part of
/// the span it carries (a copy on one line) has no say; on a tie `y` keeps
/// its own. Outside the span, `y`'s own line starts.
fn voted_line_starts(
    own: &[bool],
    span: Range<usize>,
    peers: &[(&Alignment, &[bool])],
) -> Vec<bool> {
    let mut out = own.to_vec();
    if span.len() < 2 {
        return out;
    }
    let inner = span.start + 1..span.end;
    let own_say = own[inner.clone()].iter().any(|&b| b);
    let says: Vec<bool> = peers
        .iter()
        .map(|(al, starts)| inner.clone().any(|k| al.b_of(k).is_some_and(|j| starts[j])))
        .collect();
    for k in inner {
        let (mut yes, mut no) = (0usize, 0usize);
        if own_say {
            if own[k] { yes += 1 } else { no += 1 }
        }
        for ((al, starts), _) in peers.iter().zip(&says).filter(|(_, say)| **say) {
            match al.b_of(k) {
                Some(j) if starts[j] => yes += 1,
                Some(_) => no += 1,
                None => {}
            }
        }
        if yes != no {
            out[k] = yes > no;
        }
    }
    out
}

/// `starts` (line starts per token of `text`) without those inside a
/// sentence, before a word in lower case, in the tokens `span`: such a
/// break is the wrap of a line a copy shortened, or a page's `<br>`, and a
/// repair does not start a paragraph there.
/// Copies `starts` only when it changes one.
fn without_breaks_in_sentences<'s>(
    text: &Text,
    bytes: &[u8],
    mut starts: Cow<'s, [bool]>,
    span: Range<usize>,
) -> Cow<'s, [bool]> {
    for k in span {
        if starts[k] && text.goes_on_sentence(bytes, k) {
            starts.to_mut()[k] = false;
        }
    }
    starts
}

/// True when a line is a table cell laid out on a line of its own: at most
/// three words and no sentence punctuation ("Area", "2019", "18,745").
fn is_cell(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.split_whitespace().count() <= 3
        && !line.ends_with(['.', '!', '?', ':', '"', '\u{201d}'])
}

/// Where the first page insert of a copy's text ends (a table's row or the
/// third of a run of cells, an embedded post, a caption), if it carries
/// one: a copy carries inserts before a place when the first ends there
/// or earlier.
fn first_insert_end(bytes: &[u8]) -> Option<usize> {
    let mut cells = 0;
    let mut start = 0;
    for line in bytes.split(|&b| b == b'\n') {
        let end = start + line.len();
        let text = crate::tokenize::lossy(line);
        if !text.trim().is_empty() {
            cells = if is_cell(&text) { cells + 1 } else { 0 };
            if cells >= 3 || crate::boilerplate::is_page_insert(&text) {
                return Some(end);
            }
        }
        start = end + 1;
    }
    None
}

/// A line of at least this many words, ending a sentence, reads as prose
/// rather than as a caption, a menu or a link.
const PROSE_WORDS: usize = 8;

/// One past the last token of document a before `limit` that a run of at
/// least three tokens matches: how far the other copy carries the text
/// (what both copies share after `limit`, a footer, is no evidence).
fn reach(al: &Alignment, limit: usize) -> usize {
    al.runs
        .iter()
        .rev()
        .find(|r| r.len >= 3 && r.a < limit)
        .map_or(0, |r| r.a + r.len)
}

/// Number of words in a byte range of a text.
fn words_in(text: &Text, r: Range<usize>) -> usize {
    text.tokens[text.token_at_or_after(r.start)..]
        .iter()
        .take_while(|t| (t.end as usize) <= r.end)
        .filter(|t| t.kind == crate::tokenize::TokenKind::Word)
        .count()
}

/// Where the article text of a reference tail ends: trailing lines that look
/// like a page footer (short, no sentence punctuation, or a known phrase) are left out.
fn content_end(y: Side<'_>, r: Range<usize>) -> usize {
    // Offsets are bytes: the range may hold bytes that are not UTF-8.
    let bytes = &y.bytes[r.clone()];
    let trim = |mut end: usize| {
        while end > 0 && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        end
    };
    let mut end = trim(bytes.len());
    while let Some(nl) = bytes[..end].iter().rposition(|&b| b == b'\n') {
        let line = crate::tokenize::lossy(&bytes[nl + 1..end]);
        // The last words of a wrapped paragraph are not a line of their own.
        let own_line = y
            .text
            .tokens
            .get(y.text.token_at_or_after(r.start + nl + 1))
            .is_none_or(|t| t.starts_line);
        if !own_line
            || !crate::boilerplate::is_boilerplate_line_with(line.trim(), y.extra_boilerplate)
        {
            break;
        }
        end = trim(nl);
    }
    r.start + end
}

/// Renders the byte ranges `pieces` of the quoted copy `y`, mended by its
/// own repairs that fall inside them, in the style of copy `x`, for the
/// bytes `at` of `x` they replace.
fn in_style_of(
    x: Side<'_>,
    at: Range<usize>,
    quoted: &Quoted<'_>,
    pieces: &[Range<usize>],
) -> String {
    let y = quoted.side;
    let mut text = String::new();
    let mut line_starts: Vec<usize> = Vec::new();
    // The quoted text line by line, mended of damage the quoted copy has
    // itself where that can be undone (mojibake, NUL and control bytes).
    let mut copy = |text: &mut String, from: Range<usize>| {
        let first = y.text.token_at_or_after(from.start);
        let starts: Vec<usize> = y.text.tokens[first..]
            .iter()
            .zip(&quoted.starts[first..])
            .take_while(|(t, _)| (t.start as usize) < from.end)
            .filter(|(_, starts)| **starts)
            .map(|(t, _)| t.start as usize)
            .collect();
        let mut pos = from.start;
        for at in starts.into_iter().chain([from.end]) {
            push_undamaged(text, &y.bytes[pos..at]);
            if at < from.end {
                line_starts.push(text.len());
            }
            pos = at;
        }
    };
    for piece in pieces {
        let mut pos = piece.start;
        let mut mends: Vec<&Repair> = quoted
            .mended
            .iter()
            .filter(|r| piece.start < r.start && r.end < piece.end)
            .collect();
        mends.sort_by_key(|r| r.start);
        for r in mends {
            if r.start >= pos {
                copy(&mut text, pos..r.start);
                text.push_str(&r.replacement);
                pos = r.end;
            }
        }
        copy(&mut text, pos..piece.end);
    }
    // What the repair replaces (a teaser's ellipsis) is no evidence of style.
    // The style is read from the lines around the repair only, so a copy
    // with many repairs is not read whole for each.
    let near = style_window(x.bytes, at.clone());
    let mut rest = x.bytes[near.start..at.start].to_vec();
    rest.extend_from_slice(&x.bytes[at.end..near.end]);
    let quoted_near = style_window(y.bytes, pieces.first().map_or(0..0, |p| p.start..p.start));
    let style = Style::of(&rest, x.text.wrapped, at.start - near.start)
        .keeping_distinctions_of(&y.bytes[quoted_near]);
    let before =
        crate::tokenize::lossy(&x.bytes[crate::tokenize::line_start(x.bytes, at.start)..at.start]);
    let rest = &x.bytes[at.end..];
    let word_end = rest
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(rest.len());
    let after = crate::tokenize::lossy(&rest[..word_end]);
    style.render(&text, &line_starts, &before, &after)
}

#[cfg(test)]
mod tests {
    use crate::{Document, Kind, Severity, audit_documents};

    const TEXT: &str = "The harbour board voted on Thursday to close the old ferry pier for repairs, a decision that will force commuters onto buses for most of the winter.\n\nOfficials said the work would cost about four million pounds and take at least five months, starting in early November.\n\n\"We had no choice,\" the chairman said after the meeting.\n";

    #[test]
    fn a_range_of_white_space_only_is_restored_whole() {
        let bytes = b"Sales rose.\n\n   \n\nThe end.\n";
        let text = crate::tokenize::tokenize(bytes);
        let starts = crate::tokenize::line_starts(&text);
        let r = 13..16;
        assert_eq!(
            super::lines_shared((&text, bytes, &starts), r.clone(), &[], false),
            vec![r]
        );
    }

    fn audit(copies: &[String]) -> crate::Report {
        audit_documents(
            copies
                .iter()
                .enumerate()
                .map(|(i, t)| Document::new(format!("f/{i}.txt"), t.clone().into_bytes()))
                .collect(),
        )
    }

    fn errors(report: &crate::Report) -> Vec<(usize, Kind, Severity)> {
        report
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Warning)
            .map(|f| (f.doc, f.kind, f.severity))
            .collect()
    }

    /// The repair of the truncation reported on the first copy.
    fn cut_repair(report: &crate::Report) -> &str {
        report
            .findings
            .iter()
            .find(|f| f.doc == 0 && f.kind == Kind::Truncation)
            .and_then(|f| f.repair.as_ref())
            .map(|r| r.replacement.as_str())
            .expect("a truncation with a repair")
    }

    #[test]
    fn one_corrupted_copy_of_five_is_blamed_even_when_longest_and_never_the_reference() {
        let noisy = format!(
            "The Daily Example\nHome | World | Business | Sport\nAdvertisement\n{}\nSubscribe to our newsletter for daily updates\nFollow us on social media\n",
            TEXT.replace("four million pounds and take at least ", "")
        );
        let mut copies = vec![noisy];
        copies.extend((0..4).map(|_| TEXT.to_string()));
        let report = audit(&copies);
        assert_eq!(errors(&report), vec![(0, Kind::Splice, Severity::Error)]);
        assert_ne!(report.families[0].reference, Some(0));
    }

    #[test]
    fn a_repair_is_quoted_from_a_copy_without_damage_of_its_own() {
        // Of the two copies that go on after the cut, the first carries a
        // NUL byte and a word garbled by a wrong charset where the repair
        // quotes it.
        // It also runs on longest, which would otherwise make it the one.
        let damaged = format!("{TEXT}The pier reopens next spring.\n")
            .replace("five months", "five\0 months")
            .replace("\"We had", "\u{e2}\u{20ac}\u{153}We had");
        let cut = TEXT[..TEXT.find(" onto buses").unwrap()].to_string();
        let report = audit(&[cut, damaged, TEXT.to_string(), TEXT.to_string()]);
        let repair = cut_repair(&report);
        assert!(
            !repair.contains('\0') && !repair.contains('\u{e2}'),
            "{:?}",
            repair
        );
    }

    #[test]
    fn a_repair_quoted_from_the_only_copy_that_goes_on_is_mended_of_its_damage() {
        let damaged = TEXT
            .replace("five months", "five\0 months")
            .replace("\"We had", "\u{e2}\u{20ac}\u{153}We had");
        let cut = TEXT[..TEXT.find(" onto buses").unwrap()].to_string();
        let report = audit(&[cut, damaged]);
        let repair = cut_repair(&report);
        assert!(
            repair.contains("five months") && repair.contains("\u{201c}We had"),
            "{:?}",
            repair
        );
    }

    #[test]
    fn a_style_is_read_from_whole_lines_near_the_repair() {
        use super::{STYLE_REACH, style_window};
        let short = b"One line.\nTwo line.\n";
        assert_eq!(style_window(short, 12..12), 0..short.len());
        // A long copy: the lines within reach on each side, whole.
        let line = b"A line of forty bytes, give or take it.\n";
        let long: Vec<u8> = line
            .iter()
            .copied()
            .cycle()
            .take(line.len() * 2000)
            .collect();
        let at = line.len() * 1000 + 5;
        let w = style_window(&long, at..at);
        assert!(w.start > 0 && w.end < long.len(), "{w:?}");
        assert!(
            at - w.start <= STYLE_REACH && w.end - at <= STYLE_REACH,
            "{w:?}"
        );
        assert_eq!(w.start % line.len(), 0);
        assert_eq!(w.end % line.len(), 0);
    }

    #[test]
    fn a_repair_starts_no_paragraph_inside_a_sentence() {
        // The copies break a sentence with a single line break (a page's
        // `<br>`); a copy cut before it gets the sentence back whole.
        let broken = TEXT.replace("take at least five", "take at least\nfive");
        let cut = TEXT[..TEXT.find(" onto buses").unwrap()].to_string();
        let report = audit(&[cut, broken.clone(), broken]);
        let repair = cut_repair(&report);
        assert!(repair.contains("at least five months"), "{:?}", repair);
    }

    #[test]
    fn a_cut_is_one_truncation_though_a_peer_sharing_a_long_footer_line_sees_words_missing() {
        let note = "This article was amended on 3 March to correct the name of the harbour board's finance committee chair.";
        let cut = format!(
            "{}\n\n{note}\n",
            &TEXT[..TEXT.find(" take at least").unwrap()]
        );
        let copies = [
            cut,
            format!("{TEXT}\n{note}\n"),
            TEXT.to_string(),
            TEXT.to_string(),
        ];
        let report = audit(&copies);
        assert_eq!(
            errors(&report),
            vec![(0, Kind::Truncation, Severity::Error)]
        );
    }

    #[test]
    fn with_two_copies_a_short_phrase_without_a_cut_is_only_a_warning() {
        let plain = TEXT.replace("about four million pounds", "four million pounds");
        let report = audit(&[TEXT.to_string(), plain]);
        assert_eq!(errors(&report), vec![(1, Kind::Splice, Severity::Warning)]);
        assert!(report.findings[0].message.contains("own addition"));
        // A stranded comma shows the cut.
        let stranded = TEXT.replace("for repairs,", "for ,");
        let report = audit(&[TEXT.to_string(), stranded]);
        assert_eq!(errors(&report), vec![(1, Kind::Splice, Severity::Error)]);
        // A third copy settles it.
        let report = audit(&[
            TEXT.to_string(),
            TEXT.to_string(),
            TEXT.replace("about four million pounds", "four million pounds"),
        ]);
        assert_eq!(errors(&report), vec![(2, Kind::Splice, Severity::Error)]);
    }

    #[test]
    fn a_phrase_only_one_copy_of_three_carries_is_not_a_loss_elsewhere() {
        let added = TEXT.replace(
            "the chairman said",
            "the chairman, a former harbour pilot, said",
        );
        let report = audit(&[TEXT.to_string(), TEXT.to_string(), added]);
        assert!(errors(&report).is_empty(), "{:?}", report.findings);
    }

    #[test]
    fn a_cut_copy_gets_back_only_the_lines_most_copies_share() {
        let captioned = TEXT.replace(
            "\n\nOfficials said",
            "\n\nThe old ferry pier seen from the harbour wall. Photo: Jane Doe/PA\n\nOfficials said",
        );
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit(&[captioned, TEXT.to_string(), TEXT.to_string(), cut]);
        let f = report
            .findings
            .iter()
            .find(|f| f.kind == Kind::Truncation)
            .unwrap();
        let replacement = &f.repair.as_ref().unwrap().replacement;
        assert!(replacement.contains("Officials said"), "{replacement}");
        assert!(!replacement.contains("Photo"), "{replacement}");
    }

    fn truncation_repair(report: &crate::Report) -> String {
        let f = report
            .findings
            .iter()
            .find(|f| f.kind == Kind::Truncation)
            .expect("a truncation");
        f.repair.as_ref().unwrap().replacement.clone()
    }

    #[test]
    fn a_dateline_stays_on_the_line_of_the_sentence_it_opens() {
        let full = format!(
            "{}\n\nDOVER (AP) -- Officials said the work would take five months and cost four million pounds.\n\nThe chairman said there was no choice.\n",
            TEXT.lines().next().unwrap()
        );
        let cut = full[..full.find(" (AP)").unwrap()].to_string() + "\n";
        let report = audit(&[full.clone(), full, cut]);
        let replacement = truncation_repair(&report);
        assert!(
            replacement.starts_with(" (AP) -- Officials said"),
            "{replacement:?}"
        );
    }

    #[test]
    fn a_copy_holding_only_the_lead_is_not_the_reference() {
        // The lead alone agrees with everything the others say; the full
        // copies carry the rest, which it cannot show.
        let full = format!(
            "{TEXT}\nThe pier, built in 1911, has been shored up twice in the past decade, and engineers warned last spring that its iron piles were corroding faster than expected.\n\nLocal traders fear the closure will keep visitors away during the Christmas market, when the ferry usually carries twice its normal number of passengers.\n"
        );
        let lead = TEXT[..TEXT.find("\n\nOfficials").unwrap()].to_string() + "\n";
        let report = audit(&[lead, full.clone(), full]);
        assert_eq!(report.families.len(), 1);
        assert_ne!(report.families[0].reference, Some(0));
    }

    #[test]
    fn copies_trimmed_before_a_paragraph_have_no_say_on_it() {
        let trimmed = TEXT[..TEXT.find("\n\nOfficials").unwrap()].to_string() + "\n";
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit(&[
            TEXT.to_string(),
            TEXT.to_string(),
            trimmed.clone(),
            trimmed,
            cut,
        ]);
        let replacement = truncation_repair(&report);
        assert!(replacement.contains("Officials said"), "{replacement}");
        assert!(replacement.ends_with("after the meeting."), "{replacement}");
    }

    #[test]
    fn a_trimmed_copy_sharing_only_the_footer_has_no_say_on_the_lines_before_it() {
        let footer = "\n\u{a9} 2024 The Gazette. All rights reserved.\n";
        let full = format!("{}{footer}", TEXT.trim_end());
        let trimmed = format!("{}{footer}", &TEXT[..TEXT.find("\n\nOfficials").unwrap()]);
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit(&[full, trimmed, cut]);
        let replacement = truncation_repair(&report);
        assert!(replacement.ends_with("after the meeting."), "{replacement}");
    }

    #[test]
    fn the_last_words_of_a_wrapped_paragraph_are_not_a_footer() {
        let wrapped = "The harbour board voted on Thursday to close the old ferry pier\nfor repairs, a decision that will force commuters onto buses for\nmost of the winter.\n\nLast year the prize went to the French animated feature Belleville\nRendezvous\n\nRead more\n";
        let cut = "The harbour board voted on Thursday to close the old ferry pier\nfor repairs, a decision that will\n";
        let report = audit(&[wrapped.to_string(), wrapped.to_string(), cut.to_string()]);
        let replacement = truncation_repair(&report);
        assert!(
            replacement.ends_with("Belleville Rendezvous"),
            "{replacement}"
        );
    }

    #[test]
    fn a_plain_copy_gets_no_embedded_post_or_table_back() {
        let page = TEXT.replace(
            "\n\nOfficials said",
            "\n\nStatement just released. pic.twitter.com/AbC123 \u{2014} Jane Doe (@jdoe) May 4, 2024\n\n| Area | 2019 | 2020 |\n\nOfficials said",
        );
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit(&[page.clone(), page.clone(), page, cut]);
        let replacement = truncation_repair(&report);
        assert!(replacement.contains("Officials said"), "{replacement}");
        assert!(!replacement.contains("pic.twitter"), "{replacement}");
        assert!(!replacement.contains("| Area"), "{replacement}");
    }

    #[test]
    fn paragraph_breaks_of_a_restored_tail_are_where_most_copies_break() {
        // The copy that keeps its paragraphs lost words itself, so the
        // one-line copy is quoted; its paragraphs come from the other copy.
        let one_line = TEXT.trim_end().replace("\n\n", " ") + "\n";
        let spliced = TEXT.replace("about four million pounds", "aboutpounds");
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit(&[one_line, spliced, cut]);
        let replacement = truncation_repair(&report);
        assert!(
            replacement.contains("winter.\n\nOfficials") && replacement.contains("November.\n\n\""),
            "{replacement}"
        );
    }

    #[test]
    fn a_tail_quoted_from_a_copy_that_lost_words_itself_gets_them_back() {
        // Only the spliced copy carries the cut sentence; the copy without
        // the lead confirms the splice.
        let spliced = TEXT.replace("cost about four million pounds", "costmillion pounds");
        let without_lead = TEXT[TEXT.find("Officials").unwrap()..].to_string();
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit(&[spliced, without_lead, cut]);
        let replacement = truncation_repair(&report);
        assert!(
            replacement.contains("cost about four million pounds"),
            "{replacement}"
        );
    }

    #[test]
    fn a_cut_copy_with_paragraphs_takes_them_from_a_copy_that_keeps_them() {
        // The one-line copy's tail is a little longer (one more sentence),
        // but the copy that keeps its paragraphs is quoted.
        let one_line = TEXT.trim_end().replace("\n\n", " ") + " It was long.\n";
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit(&[one_line, TEXT.to_string(), cut]);
        let replacement = truncation_repair(&report);
        assert!(
            replacement.contains("winter.\n\nOfficials"),
            "{replacement}"
        );
    }

    #[test]
    fn a_sentence_only_one_copy_carries_is_no_splice_of_a_sentence_the_others_carry() {
        let p1 = "The harbour board voted on Thursday to close the old ferry pier for repairs, a decision that will force commuters onto buses for most of the winter.";
        let p3 = "Officials said the work would cost about four million pounds and take at least five months, starting in early November.\n";
        let theirs = "He added that young people who are engaged by the political process are essential to the future health of our democracy.";
        let ours = "Schools Minister Stephen Twigg said engaging young people's interest was essential to the future of democracy.";
        let copy = |s: &str| format!("{p1} {s}\n\n{p3}");
        let report = audit(&[copy(theirs), copy(theirs), copy(theirs), copy(ours)]);
        assert!(
            !errors(&report)
                .iter()
                .any(|e| e.0 == 3 && e.1 == Kind::Splice),
            "{:?}",
            report.findings
        );
        // A real splice in that sentence is still found.
        let spliced = copy(&theirs.replace("future health of our democracy", "futuredemocracy"));
        let report = audit(&[copy(theirs), copy(theirs), copy(theirs), spliced]);
        assert!(
            errors(&report)
                .iter()
                .any(|e| e.0 == 3 && e.1 == Kind::Splice)
        );
    }

    #[test]
    fn a_copy_is_cut_once_wherever_its_peers_place_the_cut() {
        use super::{Loss, add_loss};
        use crate::align::Region;
        use crate::classify::{Difference, Verdict};
        let loss = |verdict, at: usize, token: usize| Difference {
            verdict,
            region: Region {
                a: token..token + 3,
                b: 0..1,
            },
            x: at..at,
            y: 0..10,
            y_words: 2,
            x_words: 0,
        };
        let mut found: Vec<Loss> = Vec::new();
        // One peer matched a table cell past the place the other saw.
        add_loss(&mut found, 1, &loss(Verdict::Truncation, 564, 90));
        add_loss(&mut found, 2, &loss(Verdict::Truncation, 658, 110));
        add_loss(&mut found, 3, &loss(Verdict::Splice, 200, 30));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].supporters.len(), 2);
        assert_eq!(found[0].first().x.start, 658);
        // Splices at different places stay apart.
        add_loss(&mut found, 1, &loss(Verdict::Splice, 300, 50));
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn a_peer_whose_words_around_the_junction_matched_by_chance_is_no_witness() {
        use super::among_chance_matches;
        use crate::align::{Alignment, Region, Run};
        use crate::classify::{Difference, Verdict};
        let splice_at = |at: usize| Difference {
            verdict: Verdict::Splice,
            region: Region { a: at..at, b: 0..1 },
            x: 0..0,
            y: 0..0,
            y_words: 1,
            x_words: 0,
        };
        let al = |runs: Vec<Run>| Alignment {
            runs,
            lens: (40, 40),
            timed_out: false,
        };
        // "essential to the future | of | democracy": three tokens, the gap,
        // one token: chance.
        let chance = al(vec![
            Run {
                a: 0,
                b: 0,
                len: 10,
            },
            Run {
                a: 13,
                b: 20,
                len: 3,
            },
            Run {
                a: 16,
                b: 24,
                len: 1,
            },
        ]);
        assert!(among_chance_matches(&chance, &splice_at(16), |_| false));
        // Unless the single token opens a line in both copies ("KYIV (AP) —
        // A | Scottish Parliament." against "A | decision on whether …
        // Scottish Parliament."): where two leads meet.
        assert!(!among_chance_matches(&chance, &splice_at(16), |r| r.a == 16));
        // "The | court. The demand …": a paragraph's first word, then a long
        // run: a real loss.
        let real = al(vec![
            Run {
                a: 0,
                b: 0,
                len: 10,
            },
            Run {
                a: 10,
                b: 11,
                len: 1,
            },
            Run {
                a: 11,
                b: 14,
                len: 20,
            },
        ]);
        assert!(!among_chance_matches(&real, &splice_at(11), |_| false));
        // At the start of the document nothing is chance.
        let edge = al(vec![Run { a: 0, b: 2, len: 1 }]);
        assert!(!among_chance_matches(&edge, &splice_at(0), |_| false));
    }

    #[test]
    fn a_reference_tail_with_invalid_bytes_is_measured_in_bytes() {
        let full = TEXT
            .replace("the chairman said", "the chairman \u{fffd}said")
            .replace('\u{fffd}', "\u{e9}");
        let mut bytes = full.into_bytes();
        let at = bytes
            .windows(2)
            .position(|w| w == "\u{e9}".as_bytes())
            .unwrap();
        bytes.splice(at..at + 2, [0xe9u8]); // a lone Latin-1 byte
        bytes.extend_from_slice(b"\nSubscribe to our newsletter\n");
        let cut = TEXT[..TEXT.find(" a decision").unwrap()].to_string() + "\n";
        let report = audit_documents(vec![
            Document::new("f/a.txt", bytes.clone()),
            Document::new("f/b.txt", bytes),
            Document::new("f/c.txt", cut.into_bytes()),
        ]);
        let f = report
            .findings
            .iter()
            .find(|f| f.kind == Kind::Truncation)
            .unwrap();
        assert!(
            f.repair
                .as_ref()
                .unwrap()
                .replacement
                .ends_with("after the meeting.")
        );
    }

    #[test]
    fn copies_that_end_a_paragraph_there_outvote_a_one_line_copy() {
        let article = "The board voted to close the pier for the winter months.\n\nVOTE Was the board right to close it? Yes No\n\nThe pier reopens in spring after repairs to its deck.\n";
        let one_line = article.replace("\n\n", " ");
        let trimmed = article[..article.find("\n\nThe pier").unwrap()].to_string() + "\n";
        let report = audit(&[article.to_string(), article.to_string(), one_line, trimmed]);
        assert!(errors(&report).is_empty(), "{:?}", report.findings);
    }

    #[test]
    fn a_copy_ending_on_a_whole_sentence_that_peers_read_on_through_is_not_cut() {
        // A summary copy (the page's key points only) ends on a whole
        // sentence; copies without the key points lack its last sentences,
        // copies with them read on through them.
        let points = "Key points:\n\nMr Howard's seat is at the top of the list.\n\nOthers targeted include Oliver Letwin and David Davis, Lord Rennard said.\n\nHe said it was nothing personal but that many had slender leads.\n";
        let body = "Mr Howard's seat is at the top of the list.\n\nAsked about the strategy, Lord Rennard said it was not a term he had ever used. But he urged supporters to vote tactically in the seats.\n\n\"We are in favour of tactical voting,\" he added.\n";
        let full = format!("{points}\n{body}");
        let copies = [points, &full, &full, body, body, body].map(String::from);
        let report = audit(&copies);
        assert!(
            errors(&report).iter().all(|e| e.0 != 0),
            "{:?}",
            report.findings
        );
    }

    #[test]
    fn a_teaser_copy_is_no_evidence_that_full_copies_are_cut() {
        let teaser = format!("{}...\n", &TEXT[..TEXT.find(" a decision").unwrap()]);
        let report = audit(&[TEXT.to_string(), TEXT.to_string(), teaser]);
        assert_eq!(
            errors(&report),
            vec![(2, Kind::Truncation, Severity::Error)]
        );
    }
}
