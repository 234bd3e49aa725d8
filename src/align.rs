//! Align stage: matches the tokens of two copies with `similar`.
//!
//! Token keys are numbered as `u32` once per family ([`Interner`]), so the diff
//! compares integer slices. The diff runs with a deadline so pathological input
//! cannot hang the run. The result is an [`Alignment`]: the runs of tokens the
//! two copies share, in order. Everything between two runs is a difference
//! region, which the classify stage judges. Very short runs stranded between
//! large differences (common words matched by chance inside two unrelated
//! boilerplate lines) are dropped so a region stays whole.

use std::ops::Range;
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use similar::algorithms::{Capture, Compact, DiffHook, NoFinishHook, Replace, myers};
use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::tokenize::{Text, TokenKind};

/// Numbers token keys as dense `u32` ids, shared by the documents of one family.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FxHashMap<u64, u32>,
    /// Per id: true for punctuation and web addresses, which cannot anchor
    /// an alignment on their own.
    weak: Vec<bool>,
}

impl Interner {
    /// The ids of token keys (all taken as words).
    pub fn ids(&mut self, keys: &[u64]) -> Vec<u32> {
        keys.iter().map(|&k| self.id(k, false)).collect()
    }

    /// The ids of a tokenised document's tokens.
    pub fn ids_of(&mut self, text: &Text) -> Vec<u32> {
        text.keys
            .iter()
            .zip(&text.tokens)
            .map(|(&k, t)| self.id(k, t.kind != TokenKind::Word))
            .collect()
    }

    fn id(&mut self, key: u64, weak: bool) -> u32 {
        let next = self.ids.len() as u32;
        let id = *self.ids.entry(key).or_insert(next);
        if id == next {
            self.weak.push(weak);
        }
        id
    }

    /// Per id: true for punctuation and web addresses.
    pub fn weak(&self) -> &[bool] {
        &self.weak
    }
}

/// A run of tokens two documents share: `a[a_start..a_start+len]` equals
/// `b[b_start..b_start+len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// First token in document a.
    pub a: usize,
    /// First token in document b.
    pub b: usize,
    /// Number of tokens.
    pub len: usize,
}

/// A stretch where the two documents differ: tokens `a` of document a stand
/// where tokens `b` of document b stand. Either side may be empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// Token range in document a.
    pub a: Range<usize>,
    /// Token range in document b.
    pub b: Range<usize>,
}

/// The matched runs of two documents, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Alignment {
    /// Shared runs, ascending in both documents.
    pub runs: Vec<Run>,
    /// Token counts of documents a and b.
    pub lens: (usize, usize),
    /// True when the diff hit its deadline and the result may be coarse.
    pub timed_out: bool,
}

/// How long one pairwise diff may take before `similar` settles for a coarser result.
pub const DEADLINE: Duration = Duration::from_secs(2);

/// What the aligner may know of the tokens besides their ids.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hints<'a> {
    /// Per id: true for punctuation (see [`Interner::weak`]); ids beyond it
    /// count as words.
    pub weak: &'a [bool],
    /// Per token of document a: true where a line of its own starts.
    pub lines_a: &'a [bool],
    /// Per token of document b: true where a line of its own starts.
    pub lines_b: &'a [bool],
    /// Per token of document a: true where it ends a sentence (empty when
    /// unknown).
    pub ends_a: &'a [bool],
    /// Per token of document b: true where it ends a sentence.
    pub ends_b: &'a [bool],
}

/// Inputs with at most this many tokens in both documents together are
/// diffed without a deadline: Myers needs at most about `(n + m)²` steps,
/// well under a second at this size, and reading the clock inside the diff
/// costs more than the diff itself on article-sized inputs.
pub const DEADLINE_FROM: usize = 8000;

/// Aligns two documents' token ids.
pub fn align(a: &[u32], b: &[u32], hints: &Hints<'_>) -> Alignment {
    let started = Instant::now();
    let deadline = (a.len() + b.len() > DEADLINE_FROM).then(|| started + DEADLINE);
    let ops = match deadline {
        None => patience(a, b),
        Some(_) => capture_diff_slices_deadline(Algorithm::Patience, a, b, deadline),
    };
    let mut runs: Vec<Run> = ops
        .iter()
        .filter_map(|op| match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => Some(Run {
                a: old_index,
                b: new_index,
                len,
            }),
            _ => None,
        })
        .collect();
    merge_adjacent(&mut runs);
    let all_weak = |r: &Run| {
        a[r.a..r.a + r.len]
            .iter()
            .all(|&id| hints.weak.get(id as usize).copied().unwrap_or(false))
    };
    let marks = Marks { a, b, hints };
    pull_marks_back(&mut runs, &marks);
    drop_stranded(&mut runs, &marks);
    if anchor_shared_stretches(&mut runs, &marks) {
        drop_stranded(&mut runs, &marks);
    }
    slide_run_ends(&mut runs, a, b, hints.weak);
    move_repeats_back(&mut runs, a, b, &all_weak);
    if add_line_anchors(&mut runs, a, b, hints)
        | anchor_lines_over_short_runs(&mut runs, a, b, hints)
    {
        drop_stranded(&mut runs, &marks);
    }
    move_line_openings(&mut runs, a, b, hints);
    slide_gaps_past_marks(&mut runs, a, b, hints);
    slide_gaps_to_lines(&mut runs, a, b, hints);
    Alignment {
        runs,
        lens: (a.len(), b.len()),
        timed_out: deadline.is_some() && started.elapsed() >= DEADLINE,
    }
}

/// A Patience diff: the ids that occur once in each document and pair up in
/// the same order (the longest increasing subsequence of their places in b,
/// taken in the order of a) anchor the alignment, and `similar`'s Myers diff
/// matches the stretches between anchors. The ops come in the form
/// `capture_diff_slices(Algorithm::Patience, a, b)` gives them.
fn patience(a: &[u32], b: &[u32]) -> Vec<DiffOp> {
    let mut d = Compact::new(Replace::new(Capture::new()), a, b);
    patience_into(&mut d, a, b);
    d.into_inner().into_inner().into_ops()
}

/// True when `similar` takes its shortcut for long inputs with (almost)
/// nothing in common and reports one replacement: both at least 512 long,
/// with different first and last items (also a few items in), and no more
/// items of `b` found in `a` than one per 1024 of the shorter (1 to 64).
fn nearly_disjoint(a: &[u32], b: &[u32]) -> bool {
    const MIN_LEN: usize = 512;
    const MIN_WORK: usize = 128 * 1024;
    const PROBE: usize = 8;
    let (n, m) = (a.len(), b.len());
    if n < MIN_LEN || m < MIN_LEN || n.saturating_mul(m) < MIN_WORK {
        return false;
    }
    if b[0] == a[0] || b[m - 1] == a[n - 1] {
        return false;
    }
    for skip in 1..n.min(m).min(PROBE + 1) {
        if b[skip] == a[0]
            || b[0] == a[skip]
            || b[m - 1 - skip] == a[n - 1]
            || b[m - 1] == a[n - 1 - skip]
        {
            return false;
        }
    }
    let budget = (n.min(m) / 1024).clamp(1, 64);
    let size = a.iter().chain(b).max().map_or(0, |&id| id as usize + 1);
    let mut in_a = vec![false; size];
    for &id in a {
        in_a[id as usize] = true;
    }
    b.iter().filter(|&&id| in_a[id as usize]).count() <= budget
}

fn patience_into<D: DiffHook>(d: &mut D, a: &[u32], b: &[u32]) {
    let (n, m) = (a.len(), b.len());
    if nearly_disjoint(a, b) {
        d.delete(0, n, 0).ok();
        d.insert(0, 0, m).ok();
        d.finish().ok();
        return;
    }
    if n == 0 || m == 0 {
        if m > 0 {
            d.insert(0, 0, m).ok();
        } else if n > 0 {
            d.delete(0, n, 0).ok();
        }
        d.finish().ok();
        return;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if n == m && prefix == n {
        d.equal(0, 0, prefix).ok();
        d.finish().ok();
        return;
    }
    let (mut x, mut y) = (0, 0);
    for (ea, eb) in anchors(a, b) {
        gap(d, a, x..ea, b, y..eb);
        (x, y) = (ea, eb);
    }
    gap(d, a, x..n, b, y..m);
    d.finish().ok();
}

/// Gaps with at least this many pairs of tokens (the product of their two
/// sides' lengths) are anchored again on the ids that occur once in each side
/// of the gap: a Myers diff of a long gap matches common words by chance
/// where the two sides share a whole sentence or line, and the gaps are
/// cheaper to diff in pieces.
const RECURSE_FROM: usize = 64;

/// Diffs the stretch `a[ra]` against `b[rb]` between two anchors (or an
/// anchor and an end): the shared runs at its start and end, an insertion or
/// deletion when one side is left empty, else the same Patience step inside
/// the gap when it is long and has anchors of its own, else a longest common
/// subsequence of the rest (by a table when it is small, else by Myers).
fn gap<D: DiffHook>(d: &mut D, a: &[u32], ra: Range<usize>, b: &[u32], rb: Range<usize>) {
    let (mut x, mut y) = (ra.start, rb.start);
    let (mut ea, mut eb) = (ra.end, rb.end);
    let head = a[x..ea]
        .iter()
        .zip(&b[y..eb])
        .take_while(|(p, q)| p == q)
        .count();
    if head > 0 {
        d.equal(x, y, head).ok();
        x += head;
        y += head;
    }
    let tail = a[x..ea]
        .iter()
        .rev()
        .zip(b[y..eb].iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    ea -= tail;
    eb -= tail;
    if x == ea && y < eb {
        d.insert(x, y, eb - y).ok();
    } else if y == eb && x < ea {
        d.delete(x, ea - x, y).ok();
    } else if x < ea {
        let pairs = if (ea - x) * (eb - y) >= RECURSE_FROM {
            anchors(&a[x..ea], &b[y..eb])
        } else {
            Vec::new()
        };
        if pairs.is_empty() && (ea - x) * (eb - y) <= TABLE_MOST {
            lcs_table(d, a, x..ea, b, y..eb);
        } else if pairs.is_empty() {
            myers::diff(&mut NoFinishHook::new(&mut *d), a, x..ea, b, y..eb).ok();
        } else {
            let (mut p, mut q) = (x, y);
            for (i, j) in pairs {
                gap(d, a, p..x + i, b, q..y + j);
                (p, q) = (x + i, y + j);
            }
            gap(d, a, p..ea, b, q..eb);
        }
    }
    if tail > 0 {
        d.equal(ea, eb, tail).ok();
    }
}

/// Gaps with at most this many pairs of tokens are diffed by [`lcs_table`].
const TABLE_MOST: usize = 1 << 16;

/// A longest common subsequence of `a[ra]` and `b[rb]` (as long as Myers'),
/// by the table of the longest common subsequences of their suffixes, walked
/// from the front (a deletion before an insertion where both keep the
/// length). `similar`'s Myers diff costs about the square of the number of
/// differences whatever the lengths, so a few words against a few hundred
/// cost it far more than the `n * m` steps of the table.
fn lcs_table<D: DiffHook>(d: &mut D, a: &[u32], ra: Range<usize>, b: &[u32], rb: Range<usize>) {
    let (sa, sb) = (&a[ra.clone()], &b[rb.clone()]);
    let (n, m) = (sa.len(), sb.len());
    let w = m + 1;
    let mut t = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * w + j] = if sa[i] == sb[j] {
                t[(i + 1) * w + j + 1] + 1
            } else {
                t[(i + 1) * w + j].max(t[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut di, mut dj) = (0, 0); // start of the pending difference
    while i < n && j < m {
        if sa[i] == sb[j] {
            if di < i {
                d.delete(ra.start + di, i - di, rb.start + dj).ok();
            }
            if dj < j {
                d.insert(ra.start + i, rb.start + dj, j - dj).ok();
            }
            let k = sa[i..]
                .iter()
                .zip(&sb[j..])
                .take_while(|(p, q)| p == q)
                .count();
            d.equal(ra.start + i, rb.start + j, k).ok();
            i += k;
            j += k;
            (di, dj) = (i, j);
        } else {
            let down = t[(i + 1) * w + j];
            let right = t[i * w + j + 1];
            if down >= right {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    if di < n {
        d.delete(ra.start + di, n - di, rb.start + dj).ok();
    }
    if dj < m {
        d.insert(ra.start + n, rb.start + dj, m - dj).ok();
    }
}

/// The anchors of a Patience diff: pairs of places `(i, j)` with `a[i] ==
/// b[j]` where that id occurs once in `a` and once in `b`, the most such
/// pairs that stand in the same order in both (a longest increasing
/// subsequence of the places in b, in O(k log k) for k candidate pairs).
fn anchors(a: &[u32], b: &[u32]) -> Vec<(usize, usize)> {
    const NONE: u32 = u32::MAX;
    let size = a.iter().chain(b).max().map_or(0, |&id| id as usize + 1);
    // Per id: occurrences in a (capped at 2), and its place in b when it
    // occurs there once (`NONE` when not at all, `NONE - 1` when more often).
    let mut count_a = vec![0u8; size];
    for &id in a {
        let c = &mut count_a[id as usize];
        *c = c.saturating_add(1).min(2);
    }
    let mut place_b = vec![NONE; size];
    for (j, &id) in b.iter().enumerate() {
        let p = &mut place_b[id as usize];
        *p = if *p == NONE { j as u32 } else { NONE - 1 };
    }
    let pairs: Vec<(u32, u32)> = a
        .iter()
        .enumerate()
        .filter_map(|(i, &id)| {
            let j = place_b[id as usize];
            (count_a[id as usize] == 1 && j < NONE - 1).then_some((i as u32, j))
        })
        .collect();
    // Patience sorting: `tails[k]` is the pair ending the best increasing
    // run of length k + 1 found so far (with the smallest place in b).
    let mut tails: Vec<u32> = Vec::new();
    let mut prev: Vec<u32> = vec![NONE; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t as usize].1 < j);
        if at > 0 {
            prev[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k as u32);
        } else {
            tails[at] = k as u32;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied().unwrap_or(NONE);
    while k != NONE {
        let (i, j) = pairs[k as usize];
        out.push((i as usize, j as usize));
        k = prev[k as usize];
    }
    out.reverse();
    out
}

/// Most tokens on either side of a difference searched for line anchors.
const ANCHOR_SEARCH: usize = 400;

/// Inside each difference with text on both sides, matches the longest run
/// that opens a line in both documents: the diff may have preferred common
/// words matched by chance (since dropped) over a paragraph's first word, as
/// when a copy lost the rest of its first sentence right after a dateline.
/// Returns true when it added a run.
fn add_line_anchors(runs: &mut Vec<Run>, a: &[u32], b: &[u32], hints: &Hints<'_>) -> bool {
    if hints.lines_a.len() != a.len() || hints.lines_b.len() != b.len() {
        return false;
    }
    let mut found = Vec::new();
    let mut edges: Vec<(usize, usize)> = vec![(0, 0)];
    edges.extend(
        runs.iter()
            .flat_map(|r| [(r.a, r.b), (r.a + r.len, r.b + r.len)]),
    );
    edges.push((a.len(), b.len()));
    for pair in edges.chunks(2) {
        let ((sa, sb), (ea, eb)) = (pair[0], pair[1]);
        if sa >= ea || sb >= eb || ea - sa > ANCHOR_SEARCH || eb - sb > ANCHOR_SEARCH {
            continue;
        }
        // Of equally long runs, one after which neither side has a line of
        // its own left before the difference ends: "Oasis" opens the
        // headline and the lead sentence of "Oasis star fined for brawl |
        // Oasis singer Liam Gallagher has been", and a copy of "Oasis
        // fined" lost words of the lead.
        // Before that, one whose line ends as the other's does ("DUBLIN
        // (AFP) – Prince list." against "Prince earned … annual list.",
        // below the headline "Prince crowned 'top music earner'").
        let inside = |lines: &[bool], from: usize, to: usize| (from..to).all(|k| !lines[k]);
        let line_end =
            |lines: &[bool], from: usize, to: usize| (from..to).find(|&k| lines[k]).unwrap_or(to);
        let weak = |id: u32| hints.weak.get(id as usize).copied().unwrap_or(false);
        let mut best: Option<((usize, bool, bool), Run)> = None;
        for i in (sa..ea).filter(|&i| hints.lines_a[i]) {
            for j in (sb..eb).filter(|&j| hints.lines_b[j] && a[i] == b[j]) {
                let len = (0..(ea - i).min(eb - j))
                    .take_while(|&k| a[i + k] == b[j + k])
                    .count();
                let alone =
                    inside(hints.lines_a, i + len, ea) && inside(hints.lines_b, j + len, eb);
                let (xa, xb) = (
                    line_end(hints.lines_a, i + len, ea),
                    line_end(hints.lines_b, j + len, eb),
                );
                let ends = (1..=(xa - i - len).min(xb - j - len))
                    .take_while(|&t| a[xa - t] == b[xb - t])
                    .any(|t| !weak(a[xa - t]));
                let rank = (len, ends, alone);
                if best.is_none_or(|(n, r)| (rank, i) > (n, r.a)) {
                    best = Some((rank, Run { a: i, b: j, len }));
                }
            }
        }
        found.extend(best.map(|(_, r)| r));
    }
    if found.is_empty() {
        return false;
    }
    runs.extend(found);
    runs.sort_by_key(|r| r.a);
    merge_adjacent(runs);
    true
}

/// Longest run [`anchor_lines_over_short_runs`] may set aside.
const CROSS_MOST: usize = 8;

/// Where a line opening of both documents is left unmatched because short
/// runs cross it (the lead's middle words matched to a headline a copy
/// repeats above its lead: "Ferry fares to rise in spring | LEEDS (PA) – A
/// harbour board." against "A plan for ferry fares to rise in spring was
/// approved on Monday by the harbour board."), matches the two openings and
/// sets the crossing runs aside. Only when the line goes on to a shared run
/// inside the same line of both documents, and each crossing run matches
/// words of that line in one document to another line of the other: the two
/// lines then agree at both ends, and the crossing words are a headline
/// made of the lead's words. Returns true when it changed the runs.
fn anchor_lines_over_short_runs(
    runs: &mut Vec<Run>,
    a: &[u32],
    b: &[u32],
    hints: &Hints<'_>,
) -> bool {
    let (la, lb) = (hints.lines_a, hints.lines_b);
    if la.len() != a.len() || lb.len() != b.len() {
        return false;
    }
    // No line opens in `from..=to` (the line of `from - 1` reaches `to`).
    let same_line = |lines: &[bool], from: usize, to: usize| (from..=to).all(|k| !lines[k]);
    let mut changed = false;
    let mut k = 0;
    while k < runs.len() {
        // The span between two runs too long to set aside.
        let first = k;
        while k < runs.len() && runs[k].len <= CROSS_MOST {
            k += 1;
        }
        let (sa, sb) = match first.checked_sub(1) {
            Some(p) => (runs[p].a + runs[p].len, runs[p].b + runs[p].len),
            None => (0, 0),
        };
        // The run that closes the span, if any.
        let closing = runs.get(k).copied();
        let (ea, eb) = closing.map_or((a.len(), b.len()), |r| (r.a, r.b));
        let inner = first..k;
        k += 1;
        if inner.is_empty() || ea - sa > ANCHOR_SEARCH || eb - sb > ANCHOR_SEARCH {
            continue;
        }
        let mut best: Option<(Run, Vec<usize>)> = None;
        for i in (sa..ea).filter(|&i| la[i]) {
            for j in (sb..eb).filter(|&j| lb[j] && a[i] == b[j]) {
                let len = (0..(ea - i).min(eb - j))
                    .take_while(|&t| a[i + t] == b[j + t])
                    .count();
                let (mut crossing, mut next) = (Vec::new(), None);
                let mut fits = true;
                for x in inner.clone() {
                    let r = runs[x];
                    if r.a + r.len <= i && r.b + r.len <= j {
                        continue;
                    }
                    if r.a >= i + len && r.b >= j + len {
                        next.get_or_insert(r);
                        continue;
                    }
                    // Words of the line after the opening in one document,
                    // matched to a line before the opening in the other; or
                    // the opening itself matched to the opening of a line
                    // before ("The" of "The Evening Ledger" above a lead
                    // "The controversialof a steel mill").
                    let one_line =
                        |lines: &[bool], at: usize| same_line(lines, at + 1, at + r.len - 1);
                    let a_in_line = r.a >= i + len && same_line(la, i + 1, r.a + r.len - 1);
                    let b_in_line = r.b >= j + len && same_line(lb, j + 1, r.b + r.len - 1);
                    let lines_apart = (a_in_line && r.b + r.len <= j && one_line(lb, r.b))
                        || (b_in_line && r.a + r.len <= i && one_line(la, r.a));
                    let rival = one_line(la, r.a)
                        && one_line(lb, r.b)
                        && ((r.a == i && r.b < j && lb[r.b]) || (r.b == j && r.a < i && la[r.a]));
                    if !(lines_apart || rival) {
                        fits = false;
                        break;
                    }
                    crossing.push(x);
                }
                // The line goes on to the next shared run in both.
                let Some(next) = next.or(closing) else {
                    continue;
                };
                if !fits
                    || crossing.is_empty()
                    || !same_line(la, i + 1, next.a)
                    || !same_line(lb, j + 1, next.b)
                {
                    continue;
                }
                if best.as_ref().is_none_or(|(r, _)| len > r.len) {
                    best = Some((Run { a: i, b: j, len }, crossing));
                }
            }
        }
        if let Some((anchor, crossing)) = best {
            for x in crossing.into_iter().rev() {
                runs.remove(x);
            }
            runs.push(anchor);
            runs.sort_by_key(|r| r.a);
            merge_adjacent(runs);
            changed = true;
            // Spans are found again from the start.
            k = 0;
        }
    }
    changed
}

/// Where a run opens with a mark or two that also stand right after the
/// run before it in both documents, and the two runs meet in one of them,
/// moves the marks to the run before: "engineers say." keeps its full
/// stop, not "as a result." the next paragraph's words follow in the other
/// copy. Both
/// are longest common subsequences; this one keeps a sentence's end with
/// its words, so the sentence is no lone word matched by chance.
fn pull_marks_back(runs: &mut [Run], marks: &Marks<'_>) {
    let (a, b) = (marks.a, marks.b);
    for i in 1..runs.len() {
        let (p, n) = (runs[i - 1], runs[i]);
        let (ea, eb) = (p.a + p.len, p.b + p.len);
        if p.len == 0 || (ea != n.a && eb != n.b) || (ea == n.a && eb == n.b) {
            continue;
        }
        let k = (0..n.len.min(3))
            .take_while(|&t| marks.only(n.a + t..n.a + t + 1, 0..0))
            .count();
        // The marks after the run before, in the document where the two
        // runs do not meet.
        let follows = |t: usize| {
            if ea == n.a {
                b.get(eb + t) == Some(&a[n.a + t])
            } else {
                a.get(ea + t) == Some(&a[n.a + t])
            }
        };
        if k == 0 || k == n.len || !(0..k).all(follows) {
            continue;
        }
        runs[i - 1].len += k;
        runs[i].a += k;
        runs[i].b += k;
        runs[i].len -= k;
    }
}

/// Fewest tokens (two of them words) of a stretch
/// [`anchor_shared_stretches`] anchors when it ends on a mark.
const STRETCH_LEAST: usize = 3;

/// Fewest tokens of a stretch [`anchor_shared_stretches`] anchors when it
/// ends on a word.
const STRETCH_OF_WORDS_LEAST: usize = 6;

/// Largest difference (tokens of one side times tokens of the other)
/// [`anchor_shared_stretches`] searches.
const STRETCH_CELLS: usize = 1 << 18;

/// Most tokens of the shorter side of a difference
/// [`anchor_shared_stretches`] searches: the words a copy keeps where it
/// lost some, against the other's text.
const STRETCH_SIDE_MOST: usize = 64;

/// Where the diff left a difference with words on both sides, anchors the
/// longest stretch of tokens both sides share there (at least
/// [`STRETCH_LEAST`], two of them words), then does the same on each side
/// of it. A longest common subsequence may prefer scattered single words
/// to a stretch that stands together ("office" matched to "box office
/// history" four sentences on, and three more lone words, rather than
/// "Boxing Day." right after a glued "officefor"); once the lone words
/// are dropped as chance, the stretch is still there to match. A short
/// stretch must end on a mark (a sentence's end, a comma): a few words
/// alone are shared by chance ("Follow us on social media" against "posted
/// a photograph on social media with the message").
fn anchor_shared_stretches(runs: &mut Vec<Run>, marks: &Marks<'_>) -> bool {
    let (a, b) = (marks.a, marks.b);
    let mut gaps: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let (mut pa, mut pb) = (0, 0);
    for r in runs.iter().chain(std::iter::once(&Run {
        a: a.len(),
        b: b.len(),
        len: 0,
    })) {
        gaps.push((pa..r.a, pb..r.b));
        (pa, pb) = (r.a + r.len, r.b + r.len);
    }
    let mut added = Vec::new();
    while let Some((ga, gb)) = gaps.pop() {
        if ga.len() < STRETCH_LEAST
            || gb.len() < STRETCH_LEAST
            || ga.len().min(gb.len()) > STRETCH_SIDE_MOST
            || ga.len().saturating_mul(gb.len()) > STRETCH_CELLS
        {
            continue;
        }
        let Some(r) = longest_shared_stretch(&a[ga.clone()], &b[gb.clone()]) else {
            continue;
        };
        let r = Run {
            a: ga.start + r.a,
            b: gb.start + r.b,
            len: r.len,
        };
        let words = (r.a..r.a + r.len)
            .filter(|&k| !marks.only(k..k + 1, 0..0))
            .count();
        let ends_on_mark = marks.only(r.a + r.len - 1..r.a + r.len, 0..0);
        if r.len < STRETCH_LEAST || words < 2 || !ends_on_mark && r.len < STRETCH_OF_WORDS_LEAST {
            continue;
        }
        gaps.push((ga.start..r.a, gb.start..r.b));
        gaps.push((r.a + r.len..ga.end, r.b + r.len..gb.end));
        added.push(r);
    }
    if added.is_empty() {
        return false;
    }
    runs.extend(added);
    runs.sort_unstable_by_key(|r| r.a);
    merge_adjacent(runs);
    true
}

/// The longest stretch of equal ids in `a` and `b` (of equals, the first
/// in `a`, then in `b`), as a run.
fn longest_shared_stretch(a: &[u32], b: &[u32]) -> Option<Run> {
    let swapped = a.len() > b.len();
    let (short, long) = if swapped { (b, a) } else { (a, b) };
    // The shorter side's places by id, to look each token of the longer up.
    let mut places: Vec<(u32, usize)> = short.iter().copied().zip(0..).collect();
    places.sort_unstable();
    let mut best: Option<Run> = None;
    for (i, &id) in long.iter().enumerate() {
        let from = places.partition_point(|&(p, _)| p < id);
        for &(_, j) in places[from..].iter().take_while(|&&(p, _)| p == id) {
            // Stretches are measured from where they start.
            if i > 0 && j > 0 && long[i - 1] == short[j - 1] {
                continue;
            }
            let len = long[i..]
                .iter()
                .zip(&short[j..])
                .take_while(|(x, y)| x == y)
                .count();
            let r = if swapped {
                Run { a: i, b: j, len }
            } else {
                Run { a: j, b: i, len }
            };
            if best.is_none_or(|x| {
                (len, std::cmp::Reverse((r.a, r.b))) > (x.len, std::cmp::Reverse((x.a, x.b)))
            }) {
                best = Some(r);
            }
        }
    }
    best
}

/// Most tokens at the end of a run that may move to a later place.
const SLIDE_MOST: usize = 3;

/// Most tokens counted when comparing places to slide to (the first place
/// with this many wins).
const SLIDE_GAIN_MOST: usize = 64;

/// Farthest [`slide_run_ends`] looks for a later place in the documents'
/// last difference.
const SLIDE_NEAR_END: usize = 32;

/// Where a run ends with words that document b also has later, inside the
/// difference that follows, and document a goes on there as b does, moves
/// those words to the later place: "lyrics The | parents ofare" against
/// "lyrics | The site pictured… | The parents of a…" matches "The parents"
/// in the paragraph, not "The" of a caption line b inserted. The match only
/// grows, and by a word at least: marks alone ("." then an opening quote
/// against "." then a closing one) match anywhere.
fn slide_run_ends(runs: &mut Vec<Run>, a: &[u32], b: &[u32], weak: &[bool]) {
    let word = |id: u32| !weak.get(id as usize).copied().unwrap_or(false);
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for i in 0..runs.len() {
        let r = runs[i];
        let (na, nb) = runs.get(i + 1).map_or((a.len(), b.len()), |n| (n.a, n.b));
        let (ea, eb) = (r.a + r.len, r.b + r.len);
        let mut best: Option<(usize, usize, usize)> = None; // (gain, m, j)
        // In the documents' last difference no later run shows where the
        // words go on, and short words recur: there the later place must be
        // near ("of a" of a copy cut mid-word, "package of a" then its
        // footer, is no match for "of a" 269 words further on).
        let reach = if i + 1 < runs.len() {
            ANCHOR_SEARCH
        } else {
            SLIDE_NEAR_END
        };
        if ea < na && eb < nb {
            for m in 1..=r.len.min(SLIDE_MOST) {
                let tail = &a[ea - m..ea];
                for j in eb..nb.saturating_sub(m).min(eb + reach) {
                    if &b[j..j + m] != tail {
                        continue;
                    }
                    let gain = (0..(na - ea).min(nb - j - m).min(SLIDE_GAIN_MOST))
                        .take_while(|&k| a[ea + k] == b[j + m + k])
                        .count();
                    let grows = a[ea..ea + gain].iter().any(|&id| word(id));
                    if grows && best.is_none_or(|(g, _, _)| gain > g) {
                        best = Some((gain, m, j));
                    }
                }
            }
        }
        match best {
            Some((gain, m, j)) => {
                if r.len > m {
                    out.push(Run {
                        len: r.len - m,
                        ..r
                    });
                }
                out.push(Run {
                    a: ea - m,
                    b: j,
                    len: m + gain,
                });
            }
            None => out.push(r),
        }
    }
    *runs = out;
    merge_adjacent(runs);
}

/// Shortest run [`move_repeats_back`] moves.
const REPEAT_LEAST: usize = 3;

/// Most words of one document's own before a run that [`move_repeats_back`]
/// matches with it.
const REPEAT_GAP_MOST: usize = 3;

/// Where one document repeats a run's words right after the run before it
/// (a pull quote repeating the sentence above it), matches the run to the
/// first of the two: the diff may have matched the other document's only
/// copy of the sentence to the repeat, which reads as the sentence's words
/// lost. "Next's](/story/31) shares fell 3%. | Analysis" against "Next's
/// shares fell 3%. | Next's shares fell 3%. | Analysis". Both are longest
/// common subsequences; this one keeps the sentence whole. Where one
/// document has up to [`REPEAT_GAP_MOST`] words of its own before the run
/// that the other has right after the run before too ("Stoltenberg | said |
/// Ukraine is making progress" against a standfirst "Stoltenberg said
/// Ukraine is making progress." and a paragraph repeating "Ukraine is
/// making progress"), they are matched there with the run: a longer match.
fn move_repeats_back(runs: &mut Vec<Run>, a: &[u32], b: &[u32], all_weak: &impl Fn(&Run) -> bool) {
    let mut moved = false;
    for i in 0..runs.len() {
        let r = runs[i];
        if r.len < REPEAT_LEAST || all_weak(&r) {
            continue;
        }
        let (pa, pb) = match i.checked_sub(1) {
            Some(p) => (runs[p].a + runs[p].len, runs[p].b + runs[p].len),
            None => (0, 0),
        };
        let words = &a[r.a..r.a + r.len];
        if r.a - pa >= r.len && &a[pa..pa + r.len] == words {
            runs[i].a = pa;
            moved = true;
        } else if r.b - pb >= r.len && &b[pb..pb + r.len] == words {
            runs[i].b = pb;
            moved = true;
        } else {
            // Words of one document's own before the run that the other
            // also has right after the run before, then the run's words.
            let (ka, kb) = (r.a - pa, r.b - pb);
            let own_a = (1..=REPEAT_GAP_MOST).contains(&ka)
                && kb >= ka + r.len
                && b[pb..pb + ka + r.len] == a[pa..r.a + r.len];
            let own_b = (1..=REPEAT_GAP_MOST).contains(&kb)
                && ka >= kb + r.len
                && a[pa..pa + kb + r.len] == b[pb..r.b + r.len];
            if own_a || own_b {
                runs[i] = Run {
                    a: pa,
                    b: pb,
                    len: if own_a { ka } else { kb } + r.len,
                };
                moved = true;
            }
        }
    }
    if moved {
        merge_adjacent(runs);
    }
}

/// Where a short run opens a line in both documents, and after it one
/// document's difference runs over into lines of its own while the
/// other's stays inside the line, and the first document opens its last
/// line in that difference with the run's words too, matches the run
/// there: a copy whose site name and lead both open with "The" ("The
/// Morning Record | … | MANCHESTER (PA) – The the Vampire Slayer") against
/// "The creator of Buffy the Vampire Slayer" lost words of its lead, after
/// lines of its own. Both are longest common subsequences; this one parts
/// the lines from the words lost inside one.
fn move_line_openings(runs: &mut [Run], a: &[u32], b: &[u32], hints: &Hints<'_>) {
    if hints.lines_a.len() != a.len() || hints.lines_b.len() != b.len() {
        return;
    }
    move_openings_in_a(runs, a, hints.lines_a, hints.lines_b, b.len());
    let flip = |runs: &mut [Run]| {
        runs.iter_mut()
            .for_each(|r| std::mem::swap(&mut r.a, &mut r.b))
    };
    flip(runs);
    move_openings_in_a(runs, b, hints.lines_b, hints.lines_a, a.len());
    flip(runs);
}

/// [`move_line_openings`] for the lines of document a (`b_len` tokens long
/// is document b).
fn move_openings_in_a(
    runs: &mut [Run],
    a: &[u32],
    lines_a: &[bool],
    lines_b: &[bool],
    b_len: usize,
) {
    let inside = |lines: &[bool], r: Range<usize>| r.clone().all(|k| !lines[k]);
    for i in 0..runs.len() {
        let r = runs[i];
        let (na, nb) = runs.get(i + 1).map_or((a.len(), b_len), |n| (n.a, n.b));
        let (ea, eb) = (r.a + r.len, r.b + r.len);
        if r.len > SLIDE_MOST
            || !lines_a[r.a]
            || !lines_b[r.b]
            || inside(lines_a, ea..na)
            || !inside(lines_b, eb..nb)
        {
            continue;
        }
        // The difference's last line opening: no line of a starts after it.
        let Some(p) = (ea..na).rev().find(|&p| lines_a[p]) else {
            continue;
        };
        if p + r.len <= na && a[p..p + r.len] == a[r.a..ea] {
            runs[i].a = p;
        }
    }
}

/// Most tokens a gap may slide by.
const GAP_SLIDE_MOST: usize = 16;

/// Where one document holds words the other lacks between two runs (an
/// insertion), and the same words stand at both ends of what it holds, the
/// insertion may be placed anywhere along them: places it where it is whole
/// lines, if such a place is there, so a paragraph one copy lacks stays
/// whole ("… profits. | GM added …" against "… profits. | GM and Ford blamed
/// … | • GM added …", where the diff matched "GM" to the first line). A
/// list's bullet before a line's words counts as part of the line's start,
/// and a closing quote after them as part of its end, though a place that
/// needs neither is better.
fn slide_gaps_to_lines(runs: &mut Vec<Run>, a: &[u32], b: &[u32], hints: &Hints<'_>) {
    if hints.lines_a.len() != a.len() || hints.lines_b.len() != b.len() {
        return;
    }
    let weak = |id: u32| hints.weak.get(id as usize).copied().unwrap_or(false);
    slide_gaps_in_b(runs, b, hints.lines_b, &weak);
    let flip = |runs: &mut Vec<Run>| {
        runs.iter_mut()
            .for_each(|r| std::mem::swap(&mut r.a, &mut r.b))
    };
    flip(runs);
    slide_gaps_in_b(runs, a, hints.lines_a, &weak);
    flip(runs);
}

/// [`slide_gaps_to_lines`] for insertions in document b.
fn slide_gaps_in_b(runs: &mut [Run], b: &[u32], lines: &[bool], weak: &impl Fn(u32) -> bool) {
    // 2 where token `k` opens a line, after a bullet or two at most; 1
    // where only a mark or two (a closing quote) are left of its line.
    let rank = |k: usize| {
        let opens = k >= b.len()
            || (k.saturating_sub(2)..=k)
                .rev()
                .find(|&s| lines[s])
                .is_some_and(|s| (s..k).all(|t| weak(b[t])));
        let marks_left = || {
            (k + 1..=(k + 2).min(b.len()))
                .find(|&e| e >= b.len() || lines[e])
                .is_some_and(|e| (k..e).all(|t| weak(b[t])))
        };
        if opens { 2 } else { usize::from(marks_left()) }
    };
    let whole = |from: usize, to: usize| {
        let (f, t) = (rank(from), rank(to));
        if f > 0 && t > 0 { f + t } else { 0 }
    };
    for i in 1..runs.len() {
        let (p, n) = (runs[i - 1], runs[i]);
        let (eb, nb) = (p.b + p.len, n.b);
        if p.a + p.len != n.a || eb >= nb || p.len == 0 || n.len == 0 {
            continue;
        }
        // Earlier (the words before the gap also end it), or later (the
        // words after it also open it): the place of the most whole lines,
        // the nearest of equals.
        let here = whole(eb, nb);
        if here == 4 {
            continue;
        }
        let earlier = (1..p.len.min(GAP_SLIDE_MOST + 1))
            .take_while(|&k| b[eb - k] == b[nb - k])
            .map(|k| (whole(eb - k, nb - k), -(k as isize)));
        let later = (1..n.len.min(GAP_SLIDE_MOST + 1))
            .take_while(|&k| b[eb + k - 1] == b[nb + k - 1])
            .map(|k| (whole(eb + k, nb + k), k as isize));
        let best = earlier
            .chain(later)
            .filter(|&(w, _)| w > here)
            .max_by_key(|&(w, k)| (w, std::cmp::Reverse(k.unsigned_abs())));
        let Some((_, k)) = best else {
            continue;
        };
        runs[i - 1].len = (p.len as isize + k) as usize;
        runs[i].a = (n.a as isize + k) as usize;
        runs[i].b = (n.b as isize + k) as usize;
        runs[i].len = (n.len as isize - k) as usize;
    }
}

/// Most marks [`slide_gaps_past_marks`] sets apart from a gap.
const MARKS_MOST: usize = 4;

/// Most tokens [`slide_gaps_past_marks`] slides a gap by: a repeated
/// sentence (a pull quote) is longer than the short repeats
/// [`GAP_SLIDE_MOST`] is meant for.
const MARKS_SLIDE_MOST: usize = 64;

/// Where one document holds words the other lacks, and the other holds
/// only a few marks there (a markdown link's target, a bracket), and the
/// words lacked could stand further on, where they are whole lines, sets
/// the marks apart as an insertion of their own and moves the gap there:
/// a copy whose sentence carries a link ("… the tax law was unfair
/// but](/t/15) added that …") against one that repeats the sentence as a
/// pull quote ("… was unfair but added that … | The minister … added that
/// …"), where the diff matched the sentence's end to the repeat's,
/// which reads as the words between lost mid-sentence. The same words end
/// the gap and the sentence, so both are longest common subsequences; this
/// one leaves the repeat whole. Words after the gap that the other
/// document parts by marks again (`**steady**`) slide as one stretch.
fn slide_gaps_past_marks(runs: &mut Vec<Run>, a: &[u32], b: &[u32], hints: &Hints<'_>) {
    if hints.lines_a.len() != a.len() || hints.lines_b.len() != b.len() {
        return;
    }
    let weak = |id: u32| hints.weak.get(id as usize).copied().unwrap_or(false);
    slide_gaps_past_marks_in_b(runs, b, a, hints.lines_b, &weak);
    let flip = |runs: &mut Vec<Run>| {
        runs.iter_mut()
            .for_each(|r| std::mem::swap(&mut r.a, &mut r.b))
    };
    flip(runs);
    slide_gaps_past_marks_in_b(runs, a, b, hints.lines_a, &weak);
    flip(runs);
}

/// [`slide_gaps_past_marks`] for words document b holds where document a
/// (`other`) holds marks.
fn slide_gaps_past_marks_in_b(
    runs: &mut Vec<Run>,
    b: &[u32],
    other: &[u32],
    lines: &[bool],
    weak: &impl Fn(u32) -> bool,
) {
    let opens = |k: usize| k >= b.len() || lines[k];
    // Only marks in `other` between two runs (`**`, a link's target).
    let marks_only = |from: usize, to: usize| {
        from < to && to - from <= MARKS_MOST && other[from..to].iter().all(|&id| weak(id))
    };
    let mut out: Vec<Run> = Vec::with_capacity(runs.len() + 2);
    let mut i = 0;
    while i < runs.len() {
        let n = runs[i];
        let Some(&p) = out.last() else {
            out.push(n);
            i += 1;
            continue;
        };
        let (ea, eb, nb) = (p.a + p.len, p.b + p.len, n.b);
        if !(eb < nb && marks_only(ea, n.a) && !(opens(eb) && opens(nb))) {
            out.push(n);
            i += 1;
            continue;
        }
        // The runs after the gap that go on in b without a break, parted in
        // `other` by marks only (the closing `**` of an emphasis): the words
        // after the gap, read as one stretch.
        let mut chain = i + 1;
        while chain < runs.len() {
            let (q, r) = (runs[chain - 1], runs[chain]);
            if r.b != q.b + q.len || !marks_only(q.a + q.len, r.a) {
                break;
            }
            chain += 1;
        }
        let after: usize = runs[i..chain].iter().map(|r| r.len).sum();
        // Later: the words after the gap also open it (the marks stay
        // before them); earlier: the words before it also end it (the
        // marks stay after them).
        let later = (1..=after.min(MARKS_SLIDE_MOST))
            .take_while(|&k| b[eb + k - 1] == b[nb + k - 1])
            .find(|&k| opens(eb + k) && opens(nb + k));
        let earlier = || {
            (1..=p.len.min(MARKS_SLIDE_MOST))
                .take_while(|&k| b[eb - k] == b[nb - k])
                .find(|&k| opens(eb - k) && opens(nb - k))
        };
        if let Some(k) = later {
            // The marks, then the first k words after the gap, matched to
            // the words the gap held; the gap now ends where they did.
            for r in &runs[i..chain] {
                let o = r.b - nb;
                if o < k {
                    let len = r.len.min(k - o);
                    out.push(Run {
                        a: r.a,
                        b: eb + o,
                        len,
                    });
                    if r.len > len {
                        out.push(Run {
                            a: r.a + len,
                            b: r.b + len,
                            len: r.len - len,
                        });
                    }
                } else {
                    out.push(*r);
                }
            }
            i = chain;
            continue;
        }
        if let Some(k) = earlier() {
            // The run before gives up its last words to the gap's end,
            // matched there; the marks follow them.
            let last = out.len() - 1;
            out[last].len -= k;
            if out[last].len == 0 {
                out.pop();
            }
            out.push(Run {
                a: ea - k,
                b: nb - k,
                len: k,
            });
        }
        out.push(n);
        i += 1;
    }
    *runs = out;
}

fn merge_adjacent(runs: &mut Vec<Run>) {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for r in runs.drain(..) {
        match out.last_mut() {
            Some(last) if last.a + last.len == r.a && last.b + last.len == r.b => last.len += r.len,
            _ => out.push(r),
        }
    }
    *runs = out;
}

/// Drops runs of one or two tokens that only chance put there, between two
/// differences: common words matched inside two unrelated lines, a title's
/// words matched inside a sentence, a full stop matched to the last one of a
/// longer copy. The ends of the documents count as differences.
///
/// A paragraph's first words, matched in both documents and followed by a
/// gap that stays inside the line, are structure, not chance: a copy that
/// lost the words right after them (one side of the gap holds at most
/// [`LOST_AFTER_OPENING`] tokens before its next line). The gap is the one left once the
/// chance matches after it are dropped too: runs are dropped until none is
/// stranded.
fn drop_stranded(runs: &mut Vec<Run>, marks: &Marks<'_>) {
    while drop_stranded_once(runs, marks) {}
}

/// Two documents' ids and hints, asked which stretches hold marks only.
struct Marks<'a> {
    a: &'a [u32],
    b: &'a [u32],
    hints: &'a Hints<'a>,
}

impl Marks<'_> {
    /// True when every token of `a` in range `in_a` and of `b` in `in_b` is
    /// a mark or a web address.
    fn only(&self, in_a: Range<usize>, in_b: Range<usize>) -> bool {
        self.a[in_a]
            .iter()
            .chain(&self.b[in_b])
            .all(|&id| self.hints.weak.get(id as usize).copied().unwrap_or(false))
    }
}

/// Most tokens of its own a copy may have after a paragraph's first words
/// for [`drop_stranded`] to read them as structure: the copy that lost the
/// rest of the line keeps a glued word or a mark at most ("The" then "Thehas"),
/// not a line of its own.
const LOST_AFTER_OPENING: usize = 2;

/// Most tokens of a run [`drop_stranded`] takes for chance at the end of a
/// line of one document's own.
const CHANCE_IN_OWN_LINE_MOST: usize = 4;

/// One pass of [`drop_stranded`]; true when it dropped a run.
fn drop_stranded_once(runs: &mut Vec<Run>, marks: &Marks<'_>) -> bool {
    let (lens, hints) = ((marks.a.len(), marks.b.len()), marks.hints);
    let all_weak = |r: &Run| marks.only(r.a..r.a + r.len, 0..0);
    let line = |starts: &[bool], k: usize| starts.get(k).copied().unwrap_or(false);
    let mut kept: Vec<Run> = Vec::with_capacity(runs.len());
    for (i, &r) in runs.iter().enumerate() {
        let (pa, pb) = kept.last().map_or((0, 0), |p| (p.a + p.len, p.b + p.len));
        let (na, nb) = runs.get(i + 1).map_or(lens, |n| (n.a, n.b));
        let (la, lb) = (r.a - pa, r.b - pb);
        let (ra, rb) = (na - (r.a + r.len), nb - (r.b + r.len));
        let at_start = r.a == 0 && r.b == 0;
        let at_end = r.a + r.len == lens.0 && r.b + r.len == lens.1;
        let total = la + lb + ra + rb;
        // Two texts that end with the same words agree there; the same lone
        // punctuation mark at an end is still chance, and so is a line's
        // last word and mark where both texts hold other lines before them
        // (a footer's "amended on 3 March." against an article's "on 11
        // March."). Two that start with the same word agree only when what
        // follows stays inside the line.
        let weak = all_weak(&r);
        // One side keeps at most a glued word or a mark (at least one before
        // a next line) before its next line; the other's gap stays inside
        // its line.
        let short = |starts: &[bool], gap: Range<usize>| {
            let n = gap.clone().take_while(|&k| !line(starts, k)).count();
            n <= LOST_AFTER_OPENING && (n > 0 || gap.is_empty())
        };
        let inside = |starts: &[bool], mut gap: Range<usize>| !gap.any(|k| line(starts, k));
        let (gap_a, gap_b) = (r.a + r.len..na, r.b + r.len..nb);
        let opens = (at_start || (line(hints.lines_a, r.a) && line(hints.lines_b, r.b)))
            && (short(hints.lines_a, gap_a.clone()) && inside(hints.lines_b, gap_b.clone())
                || short(hints.lines_b, gap_b) && inside(hints.lines_a, gap_a));
        // A sentence's last word and mark, ending a line in both, where one of them
        // goes straight on with the next shared text ("rehearsal schedule."
        // before a line "Advertisement" only one copy has) are structure
        // too: the words lost before them were lost inside the sentence. So
        // are they where one ends its line there and the other only its
        // sentence ("plan." before a sentence the first copy trimmed).
        let end = |starts: &[bool], k: usize| k >= starts.len() || line(starts, k);
        // A line or a sentence ends before token `k`.
        let ends_here = |starts: &[bool], ends: &[bool], k: usize| {
            end(starts, k) || k > 0 && ends.get(k - 1).copied().unwrap_or(false)
        };
        let mark_last = r.len >= 2
            && all_weak(&Run {
                a: r.a + r.len - 1,
                b: r.b + r.len - 1,
                len: 1,
            });
        // (Where in both a line of other words opens before them, as a
        // footer's "amended on 3 March." against an article's "on 11
        // March.", nothing was lost inside a sentence; a line that keeps a
        // glued word or a mark before them, "Viewersengineers say.", lost
        // its middle.)
        let opening = |starts: &[bool], gap: Range<usize>| {
            gap.clone()
                .rev()
                .position(|k| line(starts, k))
                .is_none_or(|n| n < LOST_AFTER_OPENING)
        };
        let lost_inside = opening(hints.lines_a, pa..r.a) || opening(hints.lines_b, pb..r.b);
        let closes = !weak
            && mark_last
            && (ra == 0 || rb == 0)
            && lost_inside
            && ends_here(hints.lines_a, hints.ends_a, r.a + r.len)
            && ends_here(hints.lines_b, hints.ends_b, r.b + r.len)
            && (end(hints.lines_a, r.a + r.len) || end(hints.lines_b, r.b + r.len))
            && !hints.lines_a.is_empty()
            && !hints.lines_b.is_empty();
        // A word one document has right before (or after) the next shared
        // text, and the other between a mark or two on each side (a hyphen
        // on one side is no frame: "Secretary-General" against "Secretary
        // General" in a caption): a markdown link's text ("The exchange [rejected](/topic/2) the
        // offer" against "… The exchange rejected the offer"), the text
        // itself.
        let framed =
            |(l, r_): (usize, usize), (ml, mr): (Range<usize>, Range<usize>), b_marks: bool| {
                (l == 0 || r_ == 0)
                    && (1..=2).contains(&ml.len())
                    && (1..=2).contains(&mr.len())
                    && if b_marks {
                        marks.only(0..0, ml) && marks.only(0..0, mr)
                    } else {
                        marks.only(ml, 0..0) && marks.only(mr, 0..0)
                    }
            };
        let linked = !weak
            && (framed((la, ra), (pb..r.b, r.b + r.len..nb), true)
                || framed((lb, rb), (pa..r.a, r.a + r.len..na), false));
        // A few words ending a line that one document starts in the
        // difference before them (a footer's "Follow us on social media")
        // and standing inside a line of the other's ("Fans complained on
        // social media that resellers"), with the documents differing
        // before and after them: chance, not where a cut copy stops.
        let own_line = |starts: &[bool], gap: Range<usize>| gap.clone().any(|k| line(starts, k));
        let mid_line = |starts: &[bool], at: usize, len: usize| {
            !own_line(starts, at..at + len + 1) && at + len < starts.len()
        };
        let line_of_own =
            |own: &[bool], at: usize, gap_from: usize, other: &[bool], at_other: usize| {
                own_line(own, gap_from..at)
                    && !own_line(own, at..at + r.len)
                    && (at + r.len >= own.len() || line(own, at + r.len))
                    && mid_line(other, at_other, r.len)
            };
        let by_chance = r.len <= CHANCE_IN_OWN_LINE_MOST
            && !closes
            && !linked
            && la > 0
            && lb > 0
            && ra + rb > 0
            && (line_of_own(hints.lines_a, r.a, pa, hints.lines_b, r.b)
                || line_of_own(hints.lines_b, r.b, pb, hints.lines_a, r.a));
        let least = if weak { 2 } else { 4 };
        let stranded = by_chance
            || r.len <= 2
                && !closes
                && !linked
                && (!opens || weak)
                && total >= least
                && (la + lb > 0 || at_start)
                && (ra + rb > 0 || (at_end && (weak || !lost_inside)));
        if !stranded {
            kept.push(r);
        }
    }
    let dropped = kept.len() < runs.len();
    *runs = kept;
    dropped
}

impl Alignment {
    /// The difference regions, in order, including a leading and a trailing one
    /// when the documents differ at their ends.
    pub fn regions(&self) -> Vec<Region> {
        let mut out = Vec::new();
        let (mut a, mut b) = (0, 0);
        for r in &self.runs {
            if r.a > a || r.b > b {
                out.push(Region {
                    a: a..r.a,
                    b: b..r.b,
                });
            }
            a = r.a + r.len;
            b = r.b + r.len;
        }
        if a < self.lens.0 || b < self.lens.1 {
            out.push(Region {
                a: a..self.lens.0,
                b: b..self.lens.1,
            });
        }
        out
    }

    /// The same alignment seen from document b.
    pub fn swapped(&self) -> Alignment {
        Alignment {
            runs: self
                .runs
                .iter()
                .map(|r| Run {
                    a: r.b,
                    b: r.a,
                    len: r.len,
                })
                .collect(),
            lens: (self.lens.1, self.lens.0),
            timed_out: self.timed_out,
        }
    }

    /// Number of tokens matched.
    pub fn matched(&self) -> usize {
        self.runs.iter().map(|r| r.len).sum()
    }

    /// True when token `i` of document a is matched.
    pub fn is_matched_a(&self, i: usize) -> bool {
        self.b_of(i).is_some()
    }

    /// The token of document b that token `i` of document a is matched to.
    pub fn b_of(&self, i: usize) -> Option<usize> {
        let k = self.runs.partition_point(|r| r.a + r.len <= i);
        self.runs
            .get(k)
            .filter(|r| r.a <= i)
            .map(|r| r.b + (i - r.a))
    }

    /// True when tokens `i` and `i + 1` of document a are matched to adjacent
    /// tokens of document b (nothing of b stands between them).
    pub fn continuous_a(&self, i: usize) -> bool {
        let k = self.runs.partition_point(|r| r.a + r.len <= i);
        match self.runs.get(k) {
            Some(r) if r.a <= i && i + 1 < r.a + r.len => true,
            Some(r) if r.a <= i && i + 1 == r.a + r.len => self
                .runs
                .get(k + 1)
                .is_some_and(|n| n.a == i + 1 && n.b == r.b + r.len),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str, interner: &mut Interner) -> Vec<u32> {
        let keys: Vec<u64> = s
            .split_whitespace()
            .map(|w| crate::tokenize::key(w.as_bytes(), crate::tokenize::TokenKind::Word))
            .collect();
        interner.ids(&keys)
    }

    #[test]
    fn a_deletion_is_one_region() {
        let mut i = Interner::default();
        let a = ids("the council approved , which residents opposed", &mut i);
        let b = ids(
            "the council approved the new parking levy , which residents opposed",
            &mut i,
        );
        let al = align(&a, &b, &Hints::default());
        assert_eq!(al.regions(), vec![Region { a: 3..3, b: 3..7 }]);
        assert!(al.continuous_a(0));
        assert!(!al.continuous_a(2));
        assert_eq!(al.swapped().regions(), vec![Region { a: 3..7, b: 3..3 }]);
    }

    /// Aligns two texts as a family audit does; returns the alignment and
    /// the token index of the first token of `a` that reads `word`.
    fn align_texts(a: &str, b: &str, word: &str) -> (Alignment, usize) {
        let ta = crate::tokenize::tokenize(a.as_bytes());
        let at = ta
            .tokens
            .iter()
            .position(|t| &a.as_bytes()[t.span()] == word.as_bytes())
            .unwrap();
        (align_pair(a, b), at)
    }

    /// The alignment of `copy` and `full` made each way round, both seen
    /// with `copy` as document a: neither may depend on the order.
    fn both_ways(copy: &str, full: &str) -> [Alignment; 2] {
        [align_pair(copy, full), align_pair(full, copy).swapped()]
    }

    /// Two texts tokenised and numbered as a family audit does, with what
    /// the aligner may know of their tokens.
    struct Prepared {
        ia: Vec<u32>,
        ib: Vec<u32>,
        interner: Interner,
        lines: (Vec<bool>, Vec<bool>),
        ends: (Vec<bool>, Vec<bool>),
    }

    impl Prepared {
        fn of(a: &str, b: &str) -> Self {
            let (ta, tb) = (
                crate::tokenize::tokenize(a.as_bytes()),
                crate::tokenize::tokenize(b.as_bytes()),
            );
            let mut interner = Interner::default();
            let (ia, ib) = (interner.ids_of(&ta), interner.ids_of(&tb));
            let lines = (
                crate::tokenize::line_starts(&ta),
                crate::tokenize::line_starts(&tb),
            );
            let ends = (
                crate::tokenize::sentence_ends(&ta),
                crate::tokenize::sentence_ends(&tb),
            );
            Prepared {
                ia,
                ib,
                interner,
                lines,
                ends,
            }
        }

        fn hints(&self) -> Hints<'_> {
            Hints {
                weak: self.interner.weak(),
                lines_a: &self.lines.0,
                lines_b: &self.lines.1,
                ends_a: &self.ends.0,
                ends_b: &self.ends.1,
            }
        }
    }

    /// Aligns two texts as a family audit does.
    fn align_pair(a: &str, b: &str) -> Alignment {
        let p = Prepared::of(a, b);
        align(&p.ia, &p.ib, &p.hints())
    }

    #[test]
    fn a_paragraph_opening_left_alone_by_dropped_chance_matches_is_dropped_too() {
        // A teaser's footer line opens with the word a later paragraph of
        // the full copy opens with; the footer's other words match inside
        // that paragraph by chance.
        let teaser = "The fiction prize went to a novel set in Paraguay...\n\nMost read\nThis article was amended on 3 March.\n";
        let full = "The fiction prize went to a novel set in Paraguay.\n\nThe book is a tale about a leader and his mistress.\n\nThis year's panel, which was criticised, overlooked works such as a novel by Roth, and chose five books, one judge carrying a note written on a napkin in March.\n";
        let (al, this) = align_texts(teaser, full, "This");
        assert!(!al.is_matched_a(this), "{:?}", al.runs);
    }

    #[test]
    fn a_paragraph_opening_before_a_glued_word_and_an_inserted_line_is_kept() {
        let glued = "NEW YORK (AFP) \u{2013} Film comedyweek.\n\nAdvertisement\n\nThe movie, which stars Ben Stiller, took $28.5m over the weekend.\n";
        let full = "Film comedy Meet The Fockers has topped the US box office for a third week.\n\nThe movie, which stars Ben Stiller, took $28.5m over the weekend.\n";
        let (al, film) = align_texts(glued, full, "Film");
        assert_eq!(al.b_of(film), Some(0), "{:?}", al.runs);
    }

    #[test]
    fn a_line_opening_is_matched_to_the_line_the_lost_words_were_in() {
        // The copy lacks the headline and the words after its first one;
        // the first word also opens the headline.
        let copy = "Oasis fined 50,000 euros after a fight in a hotel.\n\nThe band said they were attacked.\n";
        let full = "Oasis star fined for brawl\nPublished: 15/12/2024\n\nOasis singer Liam Gallagher has been fined 50,000 euros after a fight in a hotel.\n\nThe band said they were attacked.\n";
        // "Oasis", then the five words of "singer Liam Gallagher has been".
        let lead = |runs: &[Run], b: fn(&Run) -> usize| {
            assert!(runs.len() >= 2 && b(&runs[0]) > 0, "{runs:?}");
            assert_eq!(b(&runs[1]) - b(&runs[0]), 6, "{runs:?}");
        };
        let (al, _) = align_texts(copy, full, "Oasis");
        lead(&al.runs, |r| r.b);
        // The other way round the same.
        let (al, _) = align_texts(full, copy, "Oasis");
        lead(&al.runs, |r| r.a);
    }

    #[test]
    fn a_first_word_is_matched_to_the_lead_it_opens_not_to_a_site_name() {
        let copy = "The Morning Record\nNews | UK | World\nBy Lukas Brandt\n\nMANCHESTER (PA) \u{2013} The the Vampire Slayer is to take on a new superhero.\n";
        let full = "The creator of Buffy the Vampire Slayer is to take on a new superhero.\n";
        for al in both_ways(copy, full) {
            // The copy's "The" after the dateline is matched to the lead's.
            let run = al
                .runs
                .iter()
                .find(|r| r.b == 0)
                .expect("a run at the lead");
            assert!(run.a > 10, "{:?}", al.runs);
        }
    }

    #[test]
    fn a_lead_opening_wins_over_its_words_matched_in_a_repeated_headline() {
        // The copy repeats its headline, then lost the words of its lead
        // after the first: the diff prefers the lead's middle words matched
        // to the headline's over the lone first word after the dateline.
        let copy = "Riverside Gazette\nFerry fares to rise in spring\nFerry fares to rise in spring\nBy Ana Ruiz\n\nLEEDS (PA) \u{2013} A harbour board.\n\nThe operator blamed fuel costs.\n";
        let full = "A plan for ferry fares to rise in spring was approved on Monday by the harbour board.\n\nThe operator blamed fuel costs.\n";
        for al in both_ways(copy, full) {
            let run = al.runs.iter().find(|r| r.b == 0);
            assert!(run.is_some_and(|r| r.a > 20), "{:?}", al.runs);
        }
    }

    #[test]
    fn of_two_line_openings_the_one_whose_line_ends_alike_is_matched() {
        // The headline and the lead both open with the name; the copy's
        // lead kept its first and last words, and a line follows it.
        let copy = "Rivera named best-paid singer\nBy Ana Ruiz\n\nMADRID (AP) \u{2013} Rivera list.\n\nAdvertisement\n\nThe singer earned most from touring.\n";
        let full = "Rivera earned more than any other singer in 2024, topping the annual list.\n\nThe singer earned most from touring.\n";
        for al in both_ways(copy, full) {
            let run = al.runs.iter().find(|r| r.b == 0);
            assert!(run.is_some_and(|r| r.a > 10), "{:?}", al.runs);
        }
    }

    #[test]
    fn a_lead_opening_wins_over_a_site_name_opening_with_the_same_word() {
        // The site name and the lead open with "The"; the headline holds
        // the lead's next words; the copy glued what was left of them.
        let copy = "The Evening Ledger\nCourt voids mill sell-off\nBy Ana Ruiz\n\nKYIV (AP) \u{2013} The disputedof a steel mill to a\nrelative of the president was illegal.\n";
        let full =
            "The disputed sell-off of a steel mill to a relative of the president was illegal.\n";
        for al in both_ways(copy, full) {
            let run = al.runs.iter().find(|r| r.b == 0);
            assert!(run.is_some_and(|r| r.a > 10), "{:?}", al.runs);
        }
    }

    #[test]
    fn a_sentence_is_matched_to_its_first_place_not_to_a_pull_quote_repeating_it() {
        let copy = "The retailer expects profits of between \u{a3}415m [and \u{a3}425m. Next's](/story/31) shares fell more than 3% after the statement.\n\n## Analysis\n\nSales were weak.\n";
        let full = "The retailer expects profits of between \u{a3}415m and \u{a3}425m. Next's shares fell more than 3% after the statement.\nNext's shares fell more than 3% after the statement.\nAnalysis\nSales were weak.\n";
        for al in both_ways(copy, full) {
            // The copy's "shares" against the full text's first.
            let (copy_tokens, full_tokens) = (
                crate::tokenize::tokenize(copy.as_bytes()),
                crate::tokenize::tokenize(full.as_bytes()),
            );
            let word = |t: &Text, text: &str, w: &str| {
                t.tokens
                    .iter()
                    .position(|k| &text.as_bytes()[k.span()] == w.as_bytes())
                    .unwrap()
            };
            let (x, y) = (
                word(&copy_tokens, copy, "shares"),
                word(&full_tokens, full, "shares"),
            );
            assert_eq!(al.b_of(x), Some(y), "{:?}", al.runs);
        }
    }

    /// Asserts, aligning the texts each way round, that the first tokens of
    /// `copy` reading `first` and `then` are matched, `apart` tokens apart in
    /// `full` as well: to one place of the text, where `full` prints it twice
    /// (either will do).
    fn matched_in_one_place(copy: &str, full: &str, (first, then): (&str, &str), apart: usize) {
        for al in both_ways(copy, full) {
            let at = |w: &str| al.b_of(nth_token(copy, w, 0));
            let (x, y) = (at(first), at(then));
            assert!(x.is_some(), "{first}: {:?}", al.runs);
            assert_eq!(y, x.map(|k| k + apart), "{then}: {:?}", al.runs);
        }
    }

    /// Asserts, aligning the texts each way round, that token `x` of `copy`
    /// is matched to token `y` of `full`.
    fn token_matched(copy: &str, full: &str, x: usize, y: usize) {
        for al in both_ways(copy, full) {
            assert_eq!(al.b_of(x), Some(y), "{:?}", al.runs);
        }
    }

    /// Asserts, aligning the texts each way round, that token `x` of `copy`
    /// is matched to nothing.
    fn token_unmatched(copy: &str, full: &str, x: usize) {
        for al in both_ways(copy, full) {
            assert_eq!(al.b_of(x), None, "{x}: {:?}", al.runs);
        }
    }

    /// Asserts, aligning the texts each way round, that the first token of
    /// `copy` reading `w` is matched to the first of `full`.
    fn first_matched_to_first(copy: &str, full: &str, w: &str) {
        for al in both_ways(copy, full) {
            let (x, y) = (nth_token(copy, w, 0), nth_token(full, w, 0));
            assert_eq!(al.b_of(x), Some(y), "{w}: {:?}", al.runs);
        }
    }

    /// The index of the `n`th token of `text` that reads `w`.
    fn nth_token(text: &str, w: &str, n: usize) -> usize {
        let t = crate::tokenize::tokenize(text.as_bytes());
        t.tokens
            .iter()
            .enumerate()
            .filter(|(_, k)| &text.as_bytes()[k.span()] == w.as_bytes())
            .nth(n)
            .unwrap()
            .0
    }

    #[test]
    fn a_linked_sentence_is_matched_whole_to_the_first_of_two_repeats() {
        // The copy links words inside the sentence; the other repeats the
        // sentence as a pull quote and then shares the copy's next line.
        let copy = "Ministers met on Monday.\n\nThe finance minister, Ana Ruiz, said the 1990 tax law [was unfair but](/topic/15) added that \"in practice its effects are small\".\n\nEnjoying this story? Subscribe for full access\n\nThe reform bill goes to a vote in May.\n";
        let full = "Ministers met on Monday.\n\nThe finance minister, Ana Ruiz, said the 1990 tax law was unfair but added that \"in practice its effects are small\".\n\nThe finance minister, Ana Ruiz, said the 1990 tax law was unfair but added that \"in practice its effects are small\".\nEnjoying this story? Subscribe for full access\n\nThe reform bill goes to a vote in May.\n";
        for al in both_ways(copy, full) {
            for w in ["but", "added", "small"] {
                let (x, y) = (nth_token(copy, w, 0), nth_token(full, w, 0));
                assert_eq!(al.b_of(x), Some(y), "{w}: {:?}", al.runs);
            }
        }
    }

    #[test]
    fn words_lost_next_to_a_link_stay_lost_where_they_were() {
        // No repeat to slide along: the loss stays inside the sentence.
        let copy = "Ministers met on Monday.\n\nThe minister said the tax law [was unfair](/topic/15) its effects are small.\n";
        let full = "Ministers met on Monday.\n\nThe minister said the tax law was unfair but added that its effects are small.\n";
        for al in both_ways(copy, full) {
            let lost = nth_token(full, "but", 0)..nth_token(full, "its", 0);
            let region = al.regions().into_iter().find(|r| r.b == lost);
            assert!(region.is_some(), "{:?}", al.runs);
        }
    }

    #[test]
    fn a_hyphen_on_one_side_is_no_link_frame() {
        // "Council Secretary" of "Secretary-General" matched to a caption's
        // "Council Secretary General" is chance: the hyphen frames it on
        // one side only.
        let copy = "Leader says budget is on track\nCouncil Secretary-General Ann Lee says so.\n";
        let other = "Leader says budget is on track\n\nMay 3\n\nThe mayor meets with Council Secretary General Ann Lee today.\n";
        let p = Prepared::of(copy, other);
        let hints = p.hints();
        let marks = Marks {
            a: &p.ia,
            b: &p.ib,
            hints: &hints,
        };
        let (council_a, council_b) = (
            nth_token(copy, "Council", 0),
            nth_token(other, "Council", 0),
        );
        let mut runs = vec![
            Run { a: 0, b: 0, len: 6 },
            Run {
                a: council_a,
                b: council_b,
                len: 2,
            },
            Run {
                a: council_a + 3,
                b: council_b + 2,
                len: 3,
            },
        ];
        drop_stranded(&mut runs, &marks);
        assert!(runs.iter().all(|r| r.a != council_a), "{runs:?}");
    }

    #[test]
    fn a_linked_word_between_marks_is_kept_as_text() {
        // "[rejected](/topic/2)": the word alone between the link's marks,
        // the sentence around it repeated as a pull quote in the other copy.
        let copy = "The board met.\n\n## The numbers\n\nThe exchange [rejected](/topic/2) the offer in December, saying it was far too low.\n\nShares rose.\n";
        let full = "The board met.\n\nThe numbers\n\nThe exchange rejected the offer in December, saying it was far too low.\n\nThe exchange rejected the offer in December, saying it was far too low.\n\nShares rose.\n";
        matched_in_one_place(copy, full, ("rejected", "offer"), 2);
    }

    #[test]
    fn an_emphasised_word_in_a_sentence_repeated_as_a_pull_quote_is_kept_in_its_sentence() {
        // "**steady**": marks on both sides of a word inside a quote that
        // the other copy repeats on a line of its own.
        let copy = "The index rose again, said the head of the survey. \"While there is **steady** upward pressure on prices, the rate of increase is slowing.\"\n\nOrders grew.\n";
        let full = "The index rose again, said the head of the survey. \"While there is steady upward pressure on prices, the rate of increase is slowing.\"\n\"While there is steady upward pressure on prices, the rate of increase is slowing.\"\nOrders grew.\n";
        first_matched_to_first(copy, full, "steady");
        first_matched_to_first(copy, full, "slowing");
    }

    #[test]
    fn a_linked_phrase_in_a_long_sentence_repeated_as_a_pull_quote_is_kept_in_its_sentence() {
        // The repeated sentence is longer than the short repeats a gap
        // slides past elsewhere.
        let copy = "Talks began.\n\nThe country is looking for new supplies of coal, oil and liquefied gas from abroad as demand at home is [rising by](/t/3) more than 5% a year.\n\n## Next\n\nMore talks follow.\n";
        let full = "Talks began.\n\nThe country is looking for new supplies of coal, oil and liquefied gas from abroad as demand at home is rising by more than 5% a year.\nThe country is looking for new supplies of coal, oil and liquefied gas from abroad as demand at home is rising by more than 5% a year.\nNext\nMore talks follow.\n";
        matched_in_one_place(copy, full, ("home", "rising"), 2);
    }

    #[test]
    fn a_standfirst_is_matched_whole_not_to_a_paragraph_repeating_its_end() {
        // The copy trimmed a paragraph that repeats the standfirst's words
        // ("minister Anna Berg told ... the plan is on track"); the diff
        // matched the standfirst's end there, leaving its "said" alone.
        let mut i = Interner::default();
        let copy = ids(
            "minister Anna Berg said the plan is on track . Next",
            &mut i,
        );
        let full = ids(
            "minister Anna Berg said the plan is on track . LONDON minister Anna Berg told MPs the plan is on track . Next",
            &mut i,
        );
        let mut runs = vec![
            Run { a: 0, b: 0, len: 3 },
            Run {
                a: 4,
                b: 16,
                len: 5,
            },
            Run {
                a: 9,
                b: 21,
                len: 2,
            },
        ];
        move_repeats_back(&mut runs, &copy, &full, &|_: &Run| false);
        // One run: "said" and the standfirst's end matched in the standfirst.
        assert_eq!(runs[0], Run { a: 0, b: 0, len: 9 }, "{runs:?}");
    }

    #[test]
    fn a_paragraph_one_copy_lacks_is_whole_lines() {
        let copy = "Sales fell 2% from a year earlier.\n\nGM added that truck sales fell 9%.\n";
        let full = "Sales fell 2% from a year earlier.\n\nGM and Ford blamed high fuel prices.\n\n\u{2022} GM added that truck sales fell 9%.\n";
        // The copy's "GM" (token 9) against the full text's second (18).
        token_matched(copy, full, 9, 18);
    }

    #[test]
    fn a_note_one_copy_lacks_after_a_closing_quote_is_whole_lines() {
        // A pull quote repeating a sentence, in quotes in one copy, then a
        // correction note only that copy carries.
        let copy = "Voters were told. He said the example showed real difficulties to be confronted. Rolls are checked.\n\nCrowds gathered. Getty Images\n\nHe said the example showed real difficulties to be confronted.\n\nShare this article Facebook Twitter Email\n";
        let full = "Voters were told. He said the example showed real difficulties to be confronted. Rolls are checked.\n\nCrowds gathered. Getty Images\n\n\"He said the example showed real difficulties to be confronted.\"\n\n* An earlier version of this article misstated the date of the meeting. It has been corrected.\n\nShare this article Facebook Twitter Email\n";
        // The copy's last full stop before "Share" (token 34) against
        // the one closing the pull quote (35, one on for its quote).
        token_matched(copy, full, 34, 35);
    }

    #[test]
    fn a_sentence_end_before_a_line_one_copy_inserts_is_kept() {
        // The copy lost words inside its first sentence; the other copy has
        // an advertisement line after that sentence.
        let copy = "Preview performances of schedule.\n\nThe director made the decision.\n";
        let full = "Preview performances of the musical have been delayed to ease the rehearsal schedule.\n\nAdvertisement\n\nThe director made the decision.\n";
        // "schedule" (token 3) against the full text's (12).
        token_matched(copy, full, 3, 12);
        // A line without a sentence's mark, matched alone, is still chance.
        let copy = "Preview performances of here\n\nThe director made the decision.\n";
        let full = "Preview performances of the musical start here and now.\n\nAdvertisement\n\nThe director made the decision.\n";
        token_unmatched(copy, full, 3);
    }

    #[test]
    fn a_sentence_end_before_a_sentence_one_copy_trimmed_is_kept() {
        // The copy lost words inside a sentence and trimmed the sentence
        // after it; its sentence ends its line, the other's goes on.
        let copy = "The mayor said the vote \"completely plan.\n\nThe council had claimed the plan was sound.\n";
        let full = "The mayor said the vote \"completely changes\" the city's plan. The group said the city must now start again.\n\nThe council had claimed the plan was sound.\n";
        first_matched_to_first(copy, full, "plan");
    }

    #[test]
    fn a_footer_ending_on_the_word_an_article_ends_on_is_chance() {
        // A copy cut mid-sentence, then its correction note; the others go
        // on and end with the same date ("3 March." / "11 March.").
        let cut = "The final will be shown on Channel 5 the following\n\nThis article was amended on 3 March.\n";
        for full in [
            "The final will be shown on Channel 5 the following evening.\n\nThe replay will be shown on Channel 9 on 11 March.\n",
            "The final will be shown on Channel 5 the following evening.\n\nThe replay will be shown on Channel 9 on 11 March.\n\nFollow us online\n",
        ] {
            let march = nth_token(cut, "March", 0);
            token_unmatched(cut, full, march);
            token_unmatched(cut, full, march + 1);
        }
        // A copy that lost words inside its last sentence keeps its end.
        let lost = "The final will be shown on Channel 5 the following evening.\n\nThe replay will be on 11 March.\n";
        let full = "The final will be shown on Channel 5 the following evening.\n\nThe replay will be shown on Channel 9 on 11 March.\n";
        first_matched_to_first(lost, full, "March");
    }

    #[test]
    fn a_glued_sentence_keeps_its_last_word_and_full_stop() {
        // A copy that lost its first sentence's middle, glued
        // ("Viewersengineers say."), after header lines, keeps the sentence's
        // end.
        let glued = "Home > News > World\nBy Sam Whitfield, Staff writer\nAdvertisement\nViewersengineers say.\n\nEach week, a crew of testers wrecks a new car.\n";
        let full = "Viewers expect too much of crash testing, working engineers say.\n\nRequests sent to test centres have doubled as a result.\n\nEach week, a crew of testers wrecks a new car.\n";
        first_matched_to_first(glued, full, "say");
    }

    #[test]
    fn a_shared_stretch_is_matched_where_lone_words_outnumber_it() {
        // The copy glued "office" to "for" and carries sentences the other
        // trimmed, which hold "box office", "in" and "a" again.
        let glued = "The musical topped the holiday box officefor Boxing Day. The show took $12m between 26 and 31 December, setting the pace. It took $5m on Boxing Day alone, the best takings in a day in box office history. Takings were down on the year, in a slow week.\n\nCritics were unkind.\n";
        let full = "The musical topped the holiday box office in North America, setting a new record for Boxing Day.\n\nAdvertisement\n\nCritics were unkind.\n";
        first_matched_to_first(glued, full, "Day");
        // A few words a footer line shares with a sentence are not
        // anchored (the pass alone, on the difference after the shared
        // sentence); the same words ending on a mark in both are.
        let anchors = |footer: &str, full: &str| {
            let p = Prepared::of(footer, full);
            let hints = p.hints();
            let marks = Marks {
                a: &p.ia,
                b: &p.ib,
                hints: &hints,
            };
            let shared = nth_token(footer, "Friday", 0) + 2;
            let mut runs = vec![Run {
                a: 0,
                b: 0,
                len: shared,
            }];
            anchor_shared_stretches(&mut runs, &marks)
        };
        assert!(!anchors(
            "He signed a five-year deal on Friday.\n\nFollow us on social media\n",
            "He signed a five-year deal on Friday.\n\nHe posted a photograph on social media with the message thank you.\n",
        ));
        assert!(anchors(
            "He signed a five-year deal on Friday.\n\nFollow us on social media.\n",
            "He signed a five-year deal on Friday.\n\nHe posted a photograph on social media. He thanked them.\n",
        ));
    }

    #[test]
    fn chance_matches_inside_unrelated_lines_are_dropped() {
        let mut i = Interner::default();
        let a = ids(
            "story starts here and goes on . subscribe to our newsletter today",
            &mut i,
        );
        let b = ids(
            "story starts here and goes on . sign up to our daily briefing now please",
            &mut i,
        );
        let al = align(&a, &b, &Hints::default());
        assert_eq!(al.regions(), vec![Region { a: 7..12, b: 7..15 }]);
    }

    #[test]
    fn a_paragraph_opening_the_diff_skipped_is_anchored() {
        // The diff matches "to" inside the header line; the copy's first
        // sentence, after a dateline, lost all but its first word.
        let mut i = Interner::default();
        let a = ids(
            "news to read today . dateline - the . next paragraph goes on here",
            &mut i,
        );
        let b = ids(
            "the party lost one of its members to a new party . next paragraph goes on here",
            &mut i,
        );
        let mut lines_a = vec![false; a.len()];
        let mut lines_b = vec![false; b.len()];
        lines_a[0] = true;
        lines_a[7] = true; // "the", after the dateline
        lines_b[0] = true;
        let hints = Hints {
            weak: &[],
            lines_a: &lines_a,
            lines_b: &lines_b,
            ..Hints::default()
        };
        let al = align(&a, &b, &hints);
        assert!(
            al.runs.iter().any(|r| r.a == 7 && r.b == 0),
            "{:?}",
            al.runs
        );
    }

    /// Checks that `ops` are a diff of `a` and `b`: in order, covering both,
    /// with equal items where they say so. Returns the items matched.
    fn check_ops(ops: &[DiffOp], a: &[u32], b: &[u32]) -> usize {
        let (mut x, mut y, mut matched) = (0, 0, 0);
        for op in ops {
            let (ra, rb) = (op.old_range(), op.new_range());
            assert_eq!((ra.start, rb.start), (x, y), "{ops:?}");
            if let DiffOp::Equal { .. } = op {
                assert_eq!(a[ra.clone()], b[rb.clone()], "{ops:?}");
                matched += ra.len();
            }
            (x, y) = (ra.end, rb.end);
        }
        assert_eq!((x, y), (a.len(), b.len()), "{ops:?}");
        matched
    }

    #[test]
    fn the_longest_shared_stretch_is_the_first_longest() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |bound: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % u64::from(bound)) as u32
        };
        for round in 0..2000 {
            let alphabet = [2, 4, 9][round % 3];
            let a: Vec<u32> = (0..next(40)).map(|_| next(alphabet)).collect();
            let b: Vec<u32> = (0..next(40)).map(|_| next(alphabet)).collect();
            // Every pair of places, the first of the longest kept.
            let mut want: Option<Run> = None;
            for i in 0..a.len() {
                for j in 0..b.len() {
                    let len = a[i..]
                        .iter()
                        .zip(&b[j..])
                        .take_while(|(x, y)| x == y)
                        .count();
                    if len > want.map_or(0, |r| r.len) {
                        want = Some(Run { a: i, b: j, len });
                    }
                }
            }
            assert_eq!(longest_shared_stretch(&a, &b), want, "{round}: {a:?} {b:?}");
        }
    }

    #[test]
    fn alignments_with_line_hints_are_ordered_runs_of_equal_tokens() {
        // The passes after the diff (line anchors, slides, repeats moved
        // back, chance runs dropped) keep the runs a valid alignment, on
        // sequences with many repeats, lines and marks.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |bound: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % u64::from(bound)) as u32
        };
        let weak = [true, true, false, false, false, false, false, false];
        for round in 0..3000 {
            let alphabet = [3, 5, 8][round % 3];
            let len = next(80) as usize;
            let a: Vec<u32> = (0..len).map(|_| next(alphabet)).collect();
            let mut b = a.clone();
            for _ in 0..next(8) {
                let at = next(b.len() as u32 + 1) as usize;
                match next(3) {
                    0 => b.insert(at, next(alphabet)),
                    1 if at < b.len() => {
                        b.remove(at);
                    }
                    _ if at < b.len() => b[at] = next(alphabet),
                    _ => {}
                }
            }
            let lines_a: Vec<bool> = (0..a.len()).map(|_| next(5) == 0).collect();
            let lines_b: Vec<bool> = (0..b.len()).map(|_| next(5) == 0).collect();
            let hints = Hints {
                weak: &weak,
                lines_a: &lines_a,
                lines_b: &lines_b,
                ..Hints::default()
            };
            let al = align(&a, &b, &hints);
            let (mut x, mut y) = (0, 0);
            for r in &al.runs {
                assert!(r.len > 0 && r.a >= x && r.b >= y, "{round}: {:?}", al.runs);
                assert!(r.a + r.len <= a.len() && r.b + r.len <= b.len(), "{round}");
                assert_eq!(a[r.a..r.a + r.len], b[r.b..r.b + r.len], "{round}");
                (x, y) = (r.a + r.len, r.b + r.len);
            }
        }
    }

    #[test]
    fn patience_makes_a_valid_diff_as_long_as_similars_on_unique_items() {
        // A small xorshift generator: sequences over small alphabets (many
        // repeats), near copies with edits, and long nearly disjoint inputs.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |bound: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % u64::from(bound)) as u32
        };
        for round in 0..3000 {
            let alphabet = [2, 5, 20, 200, 5000][round % 5];
            let long = round % 7 == 0;
            let len = if long { 500 + next(700) } else { next(60) } as usize;
            let a: Vec<u32> = (0..len).map(|_| next(alphabet)).collect();
            let b: Vec<u32> = match round % 3 {
                0 => (0..len).map(|_| next(alphabet)).collect(),
                1 => {
                    // A copy with a few insertions, deletions and changes.
                    let mut b = a.clone();
                    for _ in 0..next(6) {
                        let at = next(b.len() as u32 + 1) as usize;
                        match next(3) {
                            0 => b.insert(at, next(alphabet)),
                            1 if at < b.len() => {
                                b.remove(at);
                            }
                            _ if at < b.len() => b[at] = next(alphabet),
                            _ => {}
                        }
                    }
                    b
                }
                _ => {
                    // Nothing in common but a few items.
                    let mut b: Vec<u32> = (0..len).map(|_| alphabet + next(alphabet)).collect();
                    for _ in 0..next(4).min(len as u32) {
                        b[next(len as u32) as usize] = next(alphabet);
                    }
                    b
                }
            };
            check_ops(&patience(&a, &b), &a, &b);
            check_ops(&patience(&b, &a), &b, &a);
            // The table finds a longest common subsequence; `similar`'s Myers
            // diff gives up a little on long inputs with many differences.
            let mut table = Capture::new();
            lcs_table(&mut table, &a, 0..a.len(), &b, 0..b.len());
            let mut plain = Capture::new();
            myers::diff(&mut plain, &a, 0..a.len(), &b, 0..b.len()).ok();
            let equal = |ops: &[DiffOp]| -> usize {
                ops.iter()
                    .filter(|op| matches!(op, DiffOp::Equal { .. }))
                    .map(|op| op.old_range().len())
                    .sum()
            };
            assert!(
                check_ops(&table.into_ops(), &a, &b) >= equal(&plain.into_ops()),
                "{a:?}\n{b:?}"
            );
            // Without repeated items the anchors are a longest common
            // subsequence, as long as the one Myers finds.
            let mut seen = vec![false; 2 * 5000 + 1];
            let ua: Vec<u32> = a
                .iter()
                .copied()
                .filter(|&v| !std::mem::replace(&mut seen[v as usize], true))
                .collect();
            let mut seen = vec![false; 2 * 5000 + 1];
            let ub: Vec<u32> = b
                .iter()
                .copied()
                .filter(|&v| !std::mem::replace(&mut seen[v as usize], true))
                .collect();
            if nearly_disjoint(&ua, &ub) {
                continue;
            }
            let ops = similar::capture_diff_slices(Algorithm::Myers, &ua, &ub);
            let want: usize = ops
                .iter()
                .filter(|op| matches!(op, DiffOp::Equal { .. }))
                .map(|op| op.old_range().len())
                .sum();
            assert_eq!(
                check_ops(&patience(&ua, &ub), &ua, &ub),
                want,
                "{ua:?}\n{ub:?}"
            );
        }
        for (a, b) in [(vec![], vec![]), (vec![1], vec![]), (vec![], vec![2, 3])] {
            check_ops(&patience(&a, &b), &a, &b);
        }
    }

    #[test]
    fn a_full_stop_stays_with_its_sentence_where_only_marks_follow_it_later() {
        // One copy repeats its last paragraph (a scraper's duplication) and
        // stops; the other goes on with a quote. The full stop ending the
        // shared paragraph matched again inside the repeat ("label.” He")
        // would grow the match by a quote mark alone, and read as the
        // repeat's first words lost mid-sentence.
        let going_on = "Deals were signed.\n\nThe chairman, Ana Ruiz, said: \u{201c}I know of no one better placed to carry this label.\u{201d} He hoped the singer would lead the company, he added. The singer said: \u{201c}I run two of the best studios in town, Red Harbour and Bluefield.\n\n\u{201c}This is a big day for me and for the band.\u{201d} Sales were strong.\n";
        let repeated = "Deals were signed.\n\nThe chairman, Ana Ruiz, said: \u{201c}I know of no one better placed to carry this label.\u{201d} He hoped the singer would lead the company, he added. The singer said: \u{201c}I run two of the best studios in town, Red Harbour and Bluefield.\n\nThe chairman, Ana Ruiz, said: \u{201c}I know of no one better placed to carry this label.\u{201d} He hoped the singer would lead the company, he added. The singer said: \u{201c}I run two of the best studios in town, Red Harbour and Bluefield.\n";
        for al in both_ways(going_on, repeated) {
            let fella = nth_token(going_on, "Bluefield", 0);
            // The full stop after "Bluefield" goes with it.
            assert!(al.b_of(fella).is_some(), "{:?}", al.runs);
            assert_eq!(
                al.b_of(fella + 1),
                al.b_of(fella).map(|y| y + 1),
                "{:?}",
                al.runs
            );
        }
    }

    #[test]
    fn the_last_words_of_a_cut_copy_stay_where_it_was_cut() {
        // Cut inside "ammunition", then a footer of its own: "of a" is
        // also in the other copy's last paragraph, far on.
        let copy = "The department announced a new package of a\n\nCopyright 2024 City Herald.\n";
        let full = "The department announced a new package of ammunition and weapons for the army. Officials said the aid would arrive within weeks, in time for the offensive planned for the summer, and that more would follow once the budget was agreed.\n\nThe minister, speaking after talks with her counterparts in the capital, spoke of a long road ahead.\n\nSubscribe to our newsletter\n";
        first_matched_to_first(copy, full, "of");
    }

    #[test]
    fn a_cut_copy_footer_sharing_words_with_the_lost_text_is_no_match() {
        // Cut inside "more", then footers of its own; "on social media"
        // also stands in the paragraph the copy lost.
        let copy = "The first batch sold out in six hours, and that m\n\nRead more\nFollow us on social media\nCopyright 2024 City Herald.\n";
        let full = "The first batch sold out in six hours, and that more would follow before Easter.\n\nFans complained on social media that resellers had bought up the stock and were offering it for three times the price.\n";
        let social = nth_token(copy, "social", 0);
        token_unmatched(copy, full, social);
        // The copy's words before the cut stay matched.
        first_matched_to_first(copy, full, "that");
        // So when the other copy ends with the same footer line.
        let full = format!("{full}Copyright 2024 City Herald.\n");
        token_unmatched(copy, &full, social);
        // A last run running into a line of its own (". | Share this
        // article") is where the two copies' lines meet: it stays.
        let copy = "Get the top stories every weekday.\n\nBy signing up you agree to our privacy policy .\n\nShare this article Facebook Twitter Email\n";
        let full = "Get the top stories every weekday.\n\nBy signing up you agree to our [privacy policy](/privacy).\n\n\\* An earlier version of this article misstated the date of the meeting. It has been corrected.\n\nShare this article [Facebook](#) [Twitter](#) [Email](#)\n\n## Most read\n\n1. [Council approves new budget](/m/0)\n";
        let (al, _) = align_texts(copy, full, "Share");
        let stop = nth_token(copy, ".", 1);
        assert!(al.b_of(stop).is_some(), "{:?}", al.runs);
    }

    #[test]
    fn a_word_a_caption_line_also_starts_with_is_matched_in_the_paragraph() {
        let mut i = Interner::default();
        let a = ids(
            "rude lyrics The parents ofare suing Wal-Mart over a CD",
            &mut i,
        );
        let b = ids(
            "rude lyrics The site pictured earlier . The parents of a girl are suing Wal-Mart over a CD",
            &mut i,
        );
        let al = align(&a, &b, &Hints::default());
        // "The parents" is one run, in the paragraph.
        assert!(
            al.runs.iter().any(|r| r.a == 2 && r.b == 7 && r.len == 2),
            "{:?}",
            al.runs
        );
        let mut runs = vec![
            Run { a: 0, b: 0, len: 3 },
            Run {
                a: 5,
                b: 13,
                len: 5,
            },
        ];
        slide_run_ends(&mut runs, &a, &b, i.weak());
        assert_eq!(
            runs,
            [
                Run { a: 0, b: 0, len: 2 },
                Run { a: 2, b: 7, len: 2 },
                Run {
                    a: 5,
                    b: 13,
                    len: 5
                }
            ]
        );
    }

    #[test]
    fn trailing_and_leading_regions_are_reported() {
        let mut i = Interner::default();
        let a = ids("alpha beta gamma delta", &mut i);
        let b = ids("header alpha beta gamma delta epsilon zeta", &mut i);
        let al = align(&a, &b, &Hints::default());
        assert_eq!(
            al.regions(),
            vec![Region { a: 0..0, b: 0..1 }, Region { a: 4..4, b: 5..7 }]
        );
        assert!(al.is_matched_a(3));
    }
}
