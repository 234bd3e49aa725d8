//! Group stage: sorts documents into families of copies of the same article.
//!
//! The files of one folder are candidates (a folder is one scrape of one story).
//! Inside a folder, two documents are copies when most of the shorter one's word
//! 5-gram shingles also occur in the longer one (containment, so an abridged or
//! truncated copy still joins its sibling). Copies are merged with union-find.
//! Different articles about the same event share quotes, not most of their
//! text, and stay apart.

use std::path::PathBuf;

use rustc_hash::FxHashMap;

use crate::tokenize::{Text, TokenKind};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Share of the smaller document's shingles that must occur in the other.
pub const CONTAINMENT: f64 = 0.5;
/// Fewest shared shingles for two documents to be copies.
pub const MIN_SHARED: usize = 4;

/// Which documents are candidates for one family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The files of one folder are candidates (a folder is one scrape of one story).
    #[default]
    Folder,
}

impl Mode {
    /// The name of the mode, as written in the configuration file.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Folder => "folder",
        }
    }
}

/// How documents are grouped: the candidates, and when two of them are copies.
#[derive(Clone, Copy, Debug, PartialEq)]
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
    let words: Vec<u64> = text
        .tokens
        .iter()
        .zip(&text.keys)
        .filter(|(t, _)| t.kind == TokenKind::Word)
        .map(|(_, &k)| k)
        .collect();
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
    let mut by_folder: FxHashMap<&PathBuf, Vec<usize>> = FxHashMap::default();
    for (i, f) in folders.iter().enumerate() {
        by_folder.entry(f).or_default().push(i);
    }
    let mut parent: Vec<usize> = (0..folders.len()).collect();
    for members in by_folder.values() {
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if grouping.are_copies(&sets[a], &sets[b]) {
                    union(&mut parent, a, b);
                }
            }
        }
    }
    let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..folders.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut families: Vec<Vec<usize>> = groups.into_values().collect();
    families.sort_by_key(|m| m[0]);
    families
        .into_iter()
        .enumerate()
        .map(|(n, members)| Family {
            id: format!("f{}", n + 1),
            members,
            reference: None,
        })
        .collect()
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
