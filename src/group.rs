//! Group stage: sorts documents into families of copies of the same article.
//!
//! Which documents are candidates for one family depends on the [`Mode`]: the
//! files of one folder (a folder is one scrape of one story), the documents
//! given one family name (a manifest, or a `family` field of a JSON Lines
//! record), or, with [`Mode::Auto`], the pairs the MinHash index of
//! [`crate::minhash`] proposes across the whole corpus. Two candidates are
//! copies when most of the shorter one's word 5-gram shingles also occur in the
//! longer one (containment, so an abridged or truncated copy still joins its
//! sibling). Copies are merged with union-find. Different articles about the
//! same event share quotes, not most of their text, and stay apart.

use std::path::PathBuf;

use rayon::prelude::*;

use rustc_hash::FxHashMap;

use crate::minhash::Signature;
use crate::tokenize::{Text, TokenKind};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Share of the smaller document's shingles that must occur in the other.
pub const CONTAINMENT: f64 = 0.5;
/// Fewest shared shingles for two documents to be copies.
pub const MIN_SHARED: usize = 4;

/// Which documents are candidates for one family. Documents that carry a
/// family name of their own ([`crate::Document::family`]) are always grouped
/// with the documents of that name, whatever the mode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The files of one folder are candidates (a folder is one scrape of one story).
    #[default]
    Folder,
    /// Candidates are found across the whole corpus by a MinHash index of
    /// the shingles ([`crate::minhash`]).
    Auto,
    /// A manifest file (CSV `path,family` or JSON `{"path": "family"}`)
    /// names each document's family; documents it does not list are
    /// singletons.
    Manifest(PathBuf),
}

impl Mode {
    /// The name of the mode, as written in the configuration file.
    pub fn name(&self) -> &'static str {
        match self {
            Mode::Folder => "folder",
            Mode::Auto => "auto",
            Mode::Manifest(_) => "manifest",
        }
    }

    /// Parses `folder`, `auto` or `manifest=FILE`.
    pub fn parse(text: &str) -> Result<Mode, String> {
        match text {
            "folder" => Ok(Mode::Folder),
            "auto" => Ok(Mode::Auto),
            _ => match text.strip_prefix("manifest=") {
                Some(file) if !file.is_empty() => Ok(Mode::Manifest(PathBuf::from(file))),
                _ => Err(format!(
                    "unknown grouping {text:?}: expected folder, auto or manifest=FILE"
                )),
            },
        }
    }
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        Mode::parse(s)
    }
}

/// How documents are grouped: the candidates, and when two of them are copies.
#[derive(Clone, Debug, PartialEq)]
pub struct Grouping {
    /// Which documents are candidates for one family.
    pub mode: Mode,
    /// Share of the smaller document's shingles that must occur in the other
    /// ([`CONTAINMENT`] unless configured).
    pub containment: f64,
    /// Fewest shared shingles for two documents to be copies ([`MIN_SHARED`]
    /// unless configured).
    pub min_shared: usize,
}

impl Default for Grouping {
    fn default() -> Grouping {
        Grouping {
            mode: Mode::Folder,
            containment: CONTAINMENT,
            min_shared: MIN_SHARED,
        }
    }
}

impl Grouping {
    /// True when two shingle sets belong to copies of one article.
    pub fn are_copies(&self, a: &[u64], b: &[u64]) -> bool {
        let n = shared(a, b);
        n >= self.min_shared && n as f64 >= self.containment * a.len().min(b.len()) as f64
    }
}

/// A group of documents that are copies of one article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// A stable identifier: `f` and the family's position in the report, from 1.
    pub id: String,
    /// Indices of the member documents, ascending.
    pub members: Vec<usize>,
    /// The member chosen as reference, if the family has two or more members.
    pub reference: Option<usize>,
}

impl Family {
    /// True for a document with no sibling copy.
    pub fn is_singleton(&self) -> bool {
        self.members.len() < 2
    }
}

/// The sorted, de-duplicated word-shingle hashes of a text.
pub fn shingles(text: &Text) -> Vec<u64> {
    shingles_of(&text.word_keys(0..usize::MAX))
}

/// The shingles of a text (`text`, the tokens of `bytes`) over the words
/// of its lines of text: lines of page furniture (a menu, a byline,
/// "Advertisement", "Related: …") are left out, so a copy cut short among
/// a header and footer of its own still shows how much of its article its
/// sibling holds. For documents a folder or a name already groups: across
/// a whole corpus, a short text's few lines of prose would join other
/// articles that share a paragraph with it.
pub fn content_shingles(text: &Text, bytes: &[u8]) -> Vec<u64> {
    shingles_of(&content_word_keys(text, bytes))
}

fn shingles_of(words: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &k| {
                (h ^ k).wrapping_mul(0x0100_0000_01b3).rotate_left(29)
            })
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Longest line [`content_shingles`] reads as possible page furniture.
const LINE_READ: usize = 400;

/// The keys of the words of `text` outside lines of page furniture.
fn content_word_keys(text: &Text, bytes: &[u8]) -> Vec<u64> {
    let toks = &text.tokens;
    let mut keys = Vec::with_capacity(toks.len());
    let mut k = 0;
    let mut start = 0;
    for line in bytes.split(|&b| b == b'\n') {
        let end = start + line.len();
        // Only a short line of its own (not a long paragraph, nor a hard
        // wrap's next line) may be furniture.
        let furniture = line.len() <= LINE_READ
            && toks
                .get(k)
                .is_some_and(|t| (t.start as usize) < end && t.starts_line)
            && is_furniture(&crate::tokenize::lossy(line));
        while k < toks.len() && (toks[k].start as usize) < end {
            if !furniture && toks[k].kind == TokenKind::Word {
                keys.push(text.keys[k]);
            }
            k += 1;
        }
        start = end + 1;
    }
    keys
}

/// True for a line of page furniture: a known phrase or a short line with
/// no sentence punctuation ([`crate::boilerplate::is_boilerplate_line`]),
/// or a label opening a short line that ends no sentence ("By Tom Okafor,
/// in London", "Published 17 November 2024"). Prose may open with the same
/// word ("By any measure, …").
fn is_furniture(line: &str) -> bool {
    let s = line.trim_end();
    crate::boilerplate::is_boilerplate_line(s)
        || crate::boilerplate::opens_furniture(s)
            && !s.ends_with(['.', '!', '?', '"', '\u{201d}'])
            && s.split_whitespace().nth(12).is_none()
}

/// How many values two sorted slices share.
pub fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Containment of the smaller shingle set in the larger one.
pub fn containment(a: &[u64], b: &[u64]) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    shared(a, b) as f64 / smaller as f64
}

/// True when two shingle sets belong to copies of one article, with the
/// default thresholds.
pub fn are_copies(a: &[u64], b: &[u64]) -> bool {
    Grouping::default().are_copies(a, b)
}

/// Groups documents by folder, then by shared text inside each folder.
/// `folders[i]` is the folder of document `i`; `sets[i]` its shingles.
pub fn group_by_folder(folders: &[PathBuf], sets: &[Vec<u64>], grouping: &Grouping) -> Vec<Family> {
    let keys: Vec<Key<'_>> = folders.iter().map(Key::Folder).collect();
    group_by_key(&keys, sets, grouping).0
}

/// Where a document looks for its copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key<'a> {
    /// Among the documents of this folder.
    Folder(&'a PathBuf),
    /// Among the documents given this family name.
    Named(&'a str),
    /// Among the documents of one group formed beforehand (a streaming audit
    /// groups the whole corpus with the MinHash index first, then audits the
    /// families a few at a time).
    Group(usize),
    /// Across the whole corpus, among the candidates of the MinHash index.
    Auto,
    /// Nowhere: the document is a singleton.
    Alone,
}

/// What grouping did, besides the families: the work of the MinHash index
/// when one was used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents grouped by the MinHash index.
    pub auto_documents: usize,
    /// Candidate pairs the index proposed and containment checked.
    pub candidates: usize,
    /// Candidate pairs found to be copies.
    pub verified: usize,
    /// Index buckets too large to pair all their members (paired with a sample).
    pub oversized_buckets: usize,
    /// Members of the largest index bucket.
    pub largest_bucket: usize,
}

/// Groups documents: those with the same [`Key::Folder`], [`Key::Named`] or
/// [`Key::Group`] key are candidates for one family, those with [`Key::Auto`] are paired by
/// the MinHash index, [`Key::Alone`] ones stay singletons. Candidates that
/// are copies ([`Grouping::are_copies`]) are merged with union-find.
pub fn group_by_key(
    keys: &[Key<'_>],
    sets: &[Vec<u64>],
    grouping: &Grouping,
) -> (Vec<Family>, Stats) {
    let mut by_key: FxHashMap<Key<'_>, Vec<usize>> = FxHashMap::default();
    let mut auto = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        match k {
            Key::Auto => auto.push(i),
            Key::Alone => {}
            _ => by_key.entry(*k).or_default().push(i),
        }
    }
    let mut candidates: Vec<&Vec<usize>> = by_key.values().collect();
    candidates.sort();
    // Groups of candidates share no document: each is joined on its own
    // (in parallel). In a group small enough for [`split_bridged`] every
    // pair is checked once, and the same checks serve the split; in a
    // larger one (thousands of copies of one text) pairs already joined
    // are not checked, and it is not split.
    let keyed: Vec<Vec<Vec<usize>>> = candidates
        .par_iter()
        .map(|members| {
            let n = members.len();
            let all_pairs = n <= BRIDGE_CHECK_MOST;
            let mut copy = vec![false; if all_pairs { n * n } else { 0 }];
            let mut local: Vec<usize> = (0..n).collect();
            for x in 0..n {
                for y in x + 1..n {
                    if !all_pairs && find(&mut local, x) == find(&mut local, y) {
                        continue;
                    }
                    if grouping.are_copies(&sets[members[x]], &sets[members[y]]) {
                        if all_pairs {
                            copy[x * n + y] = true;
                            copy[y * n + x] = true;
                        }
                        union(&mut local, x, y);
                    }
                }
            }
            let mut parts: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
            for x in 0..n {
                let root = find(&mut local, x);
                parts.entry(root).or_default().push(x);
            }
            parts
                .into_values()
                .flat_map(|part| {
                    if all_pairs {
                        split_bridged(part, |x, y| copy[x * n + y], |x| &sets[members[x]])
                    } else {
                        vec![part]
                    }
                })
                .map(|part| part.into_iter().map(|x| members[x]).collect())
                .collect()
        })
        .collect();
    let mut families: Vec<Vec<usize>> = keyed.into_iter().flatten().collect();
    let mut stats = Stats::default();
    if !auto.is_empty() {
        let mut parent: Vec<usize> = (0..keys.len()).collect();
        stats = group_auto(&auto, sets, grouping, &mut parent);
        let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for &i in &auto {
            groups.entry(find(&mut parent, i)).or_default().push(i);
        }
        let copies = |a: usize, b: usize| grouping.are_copies(&sets[a], &sets[b]);
        families.extend(
            groups
                .into_values()
                .flat_map(|members| split_bridged(members, copies, |d| &sets[d])),
        );
    }
    families.extend(
        keys.iter()
            .enumerate()
            .filter(|(_, k)| matches!(k, Key::Alone))
            .map(|(i, _)| vec![i]),
    );
    families.sort_by_key(|m| m[0]);
    let families = families
        .into_iter()
        .enumerate()
        .map(|(n, members)| Family {
            id: format!("f{}", n + 1),
            members,
            reference: None,
        })
        .collect();
    (families, stats)
}

/// Largest group [`split_bridged`] checks pair by pair.
const BRIDGE_CHECK_MOST: usize = 64;

/// Splits a group joined through a short copy that two different articles
/// both contain (a teaser holding only the headline and lead they share)
/// back into those articles. Where some members are no copies of each
/// other (`copies`), the members, largest first (by their shingles,
/// `set`), each join the group holding a member it is a copy of, the one
/// whose member contains it most; a member that is a copy of none starts a
/// group. The teaser, smallest, comes last and joins one article. A group whose members are all copies of
/// each other, the usual case, stays whole; so do groups larger than
/// [`BRIDGE_CHECK_MOST`]. Members are kept ascending.
fn split_bridged<'s>(
    mut members: Vec<usize>,
    copies: impl Fn(usize, usize) -> bool,
    set: impl Fn(usize) -> &'s [u64],
) -> Vec<Vec<usize>> {
    members.sort_unstable();
    let n = members.len();
    if !(3..=BRIDGE_CHECK_MOST).contains(&n) {
        return vec![members];
    }
    let complete = (0..n).all(|x| (x + 1..n).all(|y| copies(members[x], members[y])));
    if complete {
        return vec![members];
    }
    let mut order = members;
    order.sort_by_key(|&m| (std::cmp::Reverse(set(m).len()), m));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for m in order {
        // The group holding the member it is a copy of that contains it
        // most: a copy cut short may share too little with a larger copy
        // that lacks its part of the article (an extractor that dropped the
        // first paragraphs) and still be a copy of the others.
        let best = groups
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                g.iter()
                    .filter(|&&o| copies(m, o))
                    .map(|&o| containment(set(m), set(o)))
                    .fold(None, |most: Option<f64>, c| {
                        Some(most.map_or(c, |b| b.max(c)))
                    })
                    .map(|c| (i, c))
            })
            .fold(None, |best: Option<(usize, f64)>, (i, c)| match best {
                Some((_, b)) if b >= c => best,
                _ => Some((i, c)),
            });
        match best {
            Some((i, _)) => groups[i].push(m),
            None => groups.push(vec![m]),
        }
    }
    for g in &mut groups {
        g.sort_unstable();
    }
    groups
}

/// Joins the copies among the documents `docs` (indices into `sets`) with
/// the MinHash index: candidate pairs are checked in parallel, then merged in
/// their sorted order, so the result does not depend on scheduling.
fn group_auto(
    docs: &[usize],
    sets: &[Vec<u64>],
    grouping: &Grouping,
    parent: &mut [usize],
) -> Stats {
    let signatures: Vec<Signature> = docs.par_iter().map(|&d| Signature::of(&sets[d])).collect();
    let (pairs, found) = crate::minhash::candidates(&signatures);
    let copies: Vec<(usize, usize)> = pairs
        .par_iter()
        .map(|&(a, b)| (docs[a as usize], docs[b as usize]))
        .filter(|&(a, b)| grouping.are_copies(&sets[a], &sets[b]))
        .collect();
    for &(a, b) in &copies {
        union(parent, a, b);
    }
    Stats {
        auto_documents: docs.len(),
        candidates: found.pairs,
        verified: copies.len(),
        oversized_buckets: found.oversized_buckets,
        largest_bucket: found.largest_bucket,
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    const ARTICLE: &str = "The harbour board voted on Thursday to close the old ferry pier for repairs, \
        a decision that will force commuters onto buses for most of the winter. Officials said the \
        work would cost about four million pounds and take at least five months to finish.";

    #[test]
    fn restyled_and_abridged_copies_group_together() {
        let a = shingles(&tokenize(ARTICLE.as_bytes()));
        let restyled = ARTICLE.replace("pounds", "pounds,\n").to_uppercase();
        let b = shingles(&tokenize(restyled.as_bytes()));
        let abridged = &ARTICLE[..ARTICLE.find("Officials").unwrap()];
        let c = shingles(&tokenize(abridged.as_bytes()));
        assert!(are_copies(&a, &b));
        assert!(are_copies(&a, &c));
    }

    #[test]
    fn a_copy_cut_short_among_furniture_of_its_own_groups_with_its_sibling() {
        let header = "The Daily Example\nHome | World | Business | Sport\nBy Tom Okafor, in London\n\
                      Published 17 November 2024, 17:59 GMT\nShare this article\nAdvertisement\n";
        let footer = "\nRelated: Hollywood ready for Oscars night\nRead more\n\
                      Subscribe to our newsletter for daily updates\nFollow us on social media\n";
        let cut = format!(
            "{header}{}{footer}",
            &ARTICLE[..ARTICLE.find(" for most").unwrap()]
        );
        let content = |s: &str| content_shingles(&tokenize(s.as_bytes()), s.as_bytes());
        let (a, c) = (content(ARTICLE), content(&cut));
        assert!(are_copies(&a, &c), "containment {}", containment(&a, &c));
        // A line of prose that opens like a byline is text.
        let one_line = format!("By any measure, {}", ARTICLE.replace('\n', " "));
        let b = content(&one_line);
        assert!(are_copies(&a, &b), "containment {}", containment(&a, &b));
    }

    #[test]
    fn articles_sharing_one_quote_stay_apart() {
        let quote =
            "\"We will reopen the pier as soon as it is safe to do so,\" the chairman said.";
        let one = format!("{ARTICLE} {quote}");
        let other = format!(
            "Commuters reacted angrily on Friday to news that their ferry would stop running. \
             Many said the buses were already full before the closure was announced. {quote}"
        );
        let a = shingles(&tokenize(one.as_bytes()));
        let b = shingles(&tokenize(other.as_bytes()));
        assert!(!are_copies(&a, &b), "containment {}", containment(&a, &b));
    }

    #[test]
    fn grouping_is_per_folder_and_ordered() {
        let s = shingles(&tokenize(ARTICLE.as_bytes()));
        let other = shingles(&tokenize(
            b"Something else entirely, written by someone else for another paper.",
        ));
        let folders = vec![
            PathBuf::from("a"),
            PathBuf::from("a"),
            PathBuf::from("b"),
            PathBuf::from("a"),
        ];
        let sets = vec![s.clone(), other, s.clone(), s];
        let fams = group_by_folder(&folders, &sets, &Grouping::default());
        let members: Vec<Vec<usize>> = fams.iter().map(|f| f.members.clone()).collect();
        assert_eq!(members, vec![vec![0, 3], vec![1], vec![2]]);
        assert_eq!(fams[0].id, "f1");
    }

    #[test]
    fn a_teaser_two_articles_both_contain_does_not_join_them() {
        // Two reports open with the same headline and lead, then differ; a
        // teaser of the first holds only what they share.
        let lead = "Pier to close for winter repairs\n\nThe harbour board voted on Thursday to close the old ferry pier, a decision that will force commuters onto buses for months.\n\n";
        let one = format!(
            "{lead}Officials said the work would cost about four million pounds and take at least five months. The board chairman said there had been no other choice after divers found cracks in the piles last spring. Engineers will start in early November."
        );
        let other = format!(
            "{lead}Commuters reacted angrily on Friday, saying the buses were already full before the closure was announced. A petition against the decision has gathered three thousand names, and the local MP has asked to meet the board next week."
        );
        let teaser =
            format!("{lead}Officials said the work would cost about four million pounds...");
        let sets: Vec<Vec<u64>> = [&one, &one.replace("pier", "jetty pier"), &teaser, &other]
            .iter()
            .map(|t| shingles(&tokenize(t.as_bytes())))
            .collect();
        assert!(are_copies(&sets[2], &sets[3]) && !are_copies(&sets[0], &sets[3]));
        let folders = vec![PathBuf::from("a"); 4];
        let fams = group_by_folder(&folders, &sets, &Grouping::default());
        let members: Vec<Vec<usize>> = fams.iter().map(|f| f.members.clone()).collect();
        assert_eq!(members, vec![vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn a_cut_copy_joins_its_family_though_the_largest_copy_lacks_its_part() {
        // One extractor dropped the article's first half and kept a long
        // comment thread; a copy cut in the first half shares too little
        // with it, but is a copy of the others.
        let first =
            "The harbour board voted on Thursday to close the old ferry pier for the winter.";
        let second = "Officials said the work would cost about four million pounds and take at least five months. The board chairman said there had been no other choice after divers found cracks in the piles last spring. Engineers will start in early November, and the pier should reopen before the summer timetable begins.";
        let comments = "Reader comments: I have taken that ferry every morning for twenty years and the buses will never keep to time. Another reader asked who would pay for the extra buses this winter.";
        let full = format!("{first}\n\n{second}\n");
        let late = format!("{second}\n\n{comments}\n");
        let cut = format!("{first}\n");
        let sets: Vec<Vec<u64>> = [&full, &full.replace("pier,", "jetty,"), &late, &cut]
            .iter()
            .map(|t| shingles(&tokenize(t.as_bytes())))
            .collect();
        assert!(sets[2].len() > sets[0].len() && !are_copies(&sets[2], &sets[3]));
        let folders = vec![PathBuf::from("a"); 4];
        let fams = group_by_folder(&folders, &sets, &Grouping::default());
        let members: Vec<Vec<usize>> = fams.iter().map(|f| f.members.clone()).collect();
        assert_eq!(members, vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn stricter_thresholds_keep_an_abridged_copy_apart() {
        let a = shingles(&tokenize(ARTICLE.as_bytes()));
        let abridged = &ARTICLE[..ARTICLE.find("Officials").unwrap()];
        let c = shingles(&tokenize(abridged.as_bytes()));
        assert!(are_copies(&a, &c));
        let strict = Grouping {
            min_shared: a.len() + 1,
            ..Grouping::default()
        };
        assert!(!strict.are_copies(&a, &c));
    }
}
