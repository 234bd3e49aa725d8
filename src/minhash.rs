//! Candidate pairs for automatic family discovery, without comparing every
//! document with every other.
//!
//! Each document's word-shingle set ([`crate::group::shingles`]) is reduced to
//! a one-permutation MinHash [`Signature`]: every shingle hash is mixed once,
//! its top bits choose one of [`BINS`] bins and the bin keeps its smallest
//! value; empty bins borrow the next filled bin's value (rotation
//! densification), so every signature has the same fixed size whatever the
//! document's length.
//!
//! Banding uses one bin per band: two documents are candidates when some bin
//! holds the same value in both. For a copy mostly contained in its sibling
//! (an abridged or truncated copy) the Jaccard similarity can be low (a
//! teaser holding a fifth of the article has about 0.2), and the chance that
//! at least one of [`BINS`] bins agrees stays near 1 (`1 - (1 - J)^BINS`);
//! unrelated texts share no shingle and hence no bin. Candidates are then
//! verified exactly by the caller (containment).
//!
//! A bucket (documents sharing one bin value) larger than [`MAX_BUCKET`] is
//! usually boilerplate shared by unrelated texts, or one family with very many
//! copies: its members are paired only with its first [`SAMPLE`] members, so
//! no bucket makes the work quadratic. Everything is sorted, so the candidates
//! do not depend on thread scheduling or hash seeds.

/// Bins (and bands) per signature.
pub const BINS: usize = 32;
/// Largest bucket whose members are all paired with each other.
pub const MAX_BUCKET: usize = 64;
/// Members of an oversized bucket that every other member is paired with.
pub const SAMPLE: usize = 8;

/// A fixed-size one-permutation MinHash signature; all zero for a document
/// without shingles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature(pub [u64; BINS]);

impl Signature {
    /// The signature of a shingle set (sorted or not).
    pub fn of(shingles: &[u64]) -> Signature {
        let mut bins = [u64::MAX; BINS];
        let shift = 64 - BINS.trailing_zeros();
        for &s in shingles {
            let h = mix(s);
            let bin = (h >> shift) as usize;
            let value = h & (u64::MAX >> BINS.trailing_zeros());
            if value < bins[bin] {
                bins[bin] = value;
            }
        }
        if bins.iter().all(|&b| b == u64::MAX) {
            return Signature([0; BINS]);
        }
        // Rotation densification: an empty bin takes the value of the next
        // filled bin (cyclically), marked with the distance so that two
        // documents borrowing from different places do not agree by chance.
        let mut out = bins;
        for (i, slot) in out.iter_mut().enumerate() {
            if bins[i] != u64::MAX {
                continue;
            }
            let mut d = 1;
            while bins[(i + d) % BINS] == u64::MAX {
                d += 1;
            }
            *slot = mix(bins[(i + d) % BINS] ^ (d as u64).rotate_left(57));
        }
        Signature(out)
    }

    /// True for the signature of a document without shingles (it is never a
    /// candidate).
    pub fn is_empty(&self) -> bool {
        self.0 == [0; BINS]
    }

    /// Share of bins on which two signatures agree: an estimate of the
    /// Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / BINS as f64
    }
}

/// What candidate generation did, for the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Distinct candidate pairs handed to verification.
    pub pairs: usize,
    /// Buckets larger than [`MAX_BUCKET`], whose members were paired only
    /// with a sample.
    pub oversized_buckets: usize,
    /// Members of the largest bucket.
    pub largest_bucket: usize,
}

/// The candidate pairs `(a, b)` with `a < b`, sorted and distinct, among the
/// documents whose signatures are given (indices into `signatures`), and what
/// was done to find them.
pub fn candidates(signatures: &[Signature]) -> (Vec<(u32, u32)>, Candidates) {
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(signatures.len() * BINS);
    for (doc, sig) in signatures.iter().enumerate() {
        if sig.is_empty() {
            continue;
        }
        for (bin, &v) in sig.0.iter().enumerate() {
            keys.push((
                mix(v ^ (bin as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                doc as u32,
            ));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    let mut stats = Candidates::default();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let mut end = start + 1;
        while end < keys.len() && keys[end].0 == keys[start].0 {
            end += 1;
        }
        let bucket = &keys[start..end];
        stats.largest_bucket = stats.largest_bucket.max(bucket.len());
        let partners = if bucket.len() > MAX_BUCKET {
            stats.oversized_buckets += 1;
            SAMPLE
        } else {
            bucket.len()
        };
        for (i, &(_, a)) in bucket.iter().enumerate() {
            for &(_, b) in &bucket[..i.min(partners)] {
                pairs.push((b.min(a), b.max(a)));
            }
        }
        start = end;
    }
    pairs.sort_unstable();
    pairs.dedup();
    stats.pairs = pairs.len();
    (pairs, stats)
}

/// A 64-bit mixing function (the SplitMix64 finaliser).
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::shingles;
    use crate::tokenize::tokenize;

    const ARTICLE: &str = "The harbour board voted on Thursday to close the old ferry pier for repairs, \
        a decision that will force commuters onto buses for most of the winter. Officials said the \
        work would cost about four million pounds and take at least five months to finish. The \
        pier, built in 1911, has been shored up twice in the past decade, and engineers warned in \
        the spring that its timber piles were rotting faster than expected. Local businesses said \
        the closure would cut trade at the busiest time of the year, and the chamber of commerce \
        asked the board to phase the work so that one berth stays open.";

    const OTHER: &str = "A rare orchid thought lost from the valley for half a century has been \
        found growing beside a disused railway line, volunteers from the county wildlife trust \
        said on Monday. The plant, identified by a retired botanist on a weekend walk, was \
        confirmed by experts at the university herbarium. The trust will fence off the site and \
        ask the rail company to delay clearing the embankment until the seeds have ripened.";

    fn sig(text: &str) -> Signature {
        Signature::of(&shingles(&tokenize(text.as_bytes())))
    }

    #[test]
    fn identical_and_abridged_copies_collide() {
        let full = sig(ARTICLE);
        let restyled = sig(&ARTICLE.replace("pounds", "pounds,\n").to_uppercase());
        let abridged = sig(&ARTICLE[..ARTICLE.find("The pier").unwrap()]);
        let other = sig(OTHER);
        let (pairs, stats) = candidates(&[full, restyled, abridged, other]);
        assert!(pairs.contains(&(0, 1)), "{pairs:?}");
        assert!(pairs.contains(&(0, 2)), "{pairs:?}");
        assert!(!pairs.iter().any(|&(a, b)| a == 3 || b == 3), "{pairs:?}");
        assert_eq!(stats.oversized_buckets, 0);
        assert_eq!(full, restyled);
    }

    #[test]
    fn unrelated_texts_do_not_collide() {
        let (pairs, _) = candidates(&[sig(ARTICLE), sig(OTHER), sig("Too short."), sig("")]);
        assert!(pairs.is_empty(), "{pairs:?}");
        assert!(sig("").is_empty());
        assert!(sig(ARTICLE).similarity(&sig(OTHER)) < 0.1);
    }

    #[test]
    fn signatures_and_candidates_are_deterministic() {
        let texts: Vec<String> = (0..20)
            .map(|i| format!("{} Paragraph number {i} follows here.", ARTICLE))
            .collect();
        let sigs: Vec<Signature> = texts.iter().map(|t| sig(t)).collect();
        let again: Vec<Signature> = texts.iter().map(|t| sig(t)).collect();
        assert_eq!(sigs, again);
        assert_eq!(candidates(&sigs), candidates(&again));
    }

    #[test]
    fn oversized_buckets_are_sampled() {
        let same = sig(ARTICLE);
        let sigs = vec![same; MAX_BUCKET * 4];
        let (pairs, stats) = candidates(&sigs);
        assert!(stats.oversized_buckets > 0);
        assert_eq!(stats.largest_bucket, MAX_BUCKET * 4);
        // Every member is paired with the sample, not with every other member.
        assert!(pairs.len() <= SAMPLE * MAX_BUCKET * 4, "{}", pairs.len());
        assert!(pairs.iter().all(|&(a, _)| (a as usize) < SAMPLE));
    }
}
