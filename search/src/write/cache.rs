//! The analysis cache that makes rebuilds incremental.
//!
//! Analysing a document (splitting, folding and stemming some 400 words) is
//! most of an index build. Its result depends only on the document's text,
//! so the cache keeps it under a hash of that text: a rebuild analyses only
//! new and changed documents and reuses the rest. What depends on the whole
//! archive (document numbers, average length, impacts, tiers, files) is
//! recomputed every time; it is quick and cannot be reused safely.

use crate::format::Reader;
use crate::Error;
use std::collections::HashMap;

/// Raised when analysis changes (tokenising, folding, stemming, field
/// weights), so old entries are never reused under new rules.
pub(crate) const ANALYSIS_VERSION: u8 = 1;
const MAGIC: &[u8; 4] = b"BSXK";

/// A document's analysis: its weighted length and (term, weighted count)
/// pairs, with terms as indexes into a vocabulary.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub len: u32,
    pub terms: Vec<(u32, u32)>,
}

#[derive(Default)]
pub(crate) struct Cache {
    pub vocab: Vec<String>,
    pub entries: HashMap<u128, Entry>,
}

/// FNV-1a, 128 bits: stable across Rust versions and machines (unlike
/// std's hasher), and wide enough that 10^5 documents never collide.
pub(crate) struct Hasher(u128);

impl Hasher {
    pub fn new() -> Hasher {
        let mut h = Hasher(0x6c62272e07bb014262b821756295c58d);
        h.bytes(&[ANALYSIS_VERSION]);
        h
    }

    pub fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u128::from(x);
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }

    /// A field, with a separator no UTF-8 text contains.
    pub fn field(&mut self, s: &str) {
        self.bytes(s.as_bytes());
        self.bytes(&[0xFF]);
    }

    pub fn finish(&self) -> u128 {
        self.0
    }
}

impl Cache {
    /// Reads a cache; anything unreadable (another version, a torn write)
    /// is an error, which the builder treats as an empty cache.
    pub fn read(buf: &[u8]) -> Result<Cache, Error> {
        const PATH: &str = "(analysis cache)";
        if buf.len() < 5 || &buf[..4] != MAGIC || buf[4] != ANALYSIS_VERSION {
            return Err(Error::Malformed {
                path: PATH.into(),
                reason: "not a cache of this version".into(),
            });
        }
        let mut r = Reader::raw(PATH, &buf[5..]);
        let vocab = (0..r.count()?)
            .map(|_| r.string())
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.count()?;
        let mut entries = HashMap::with_capacity(n);
        for _ in 0..n {
            let h = r.bytes(16)?;
            let hash = u128::from_le_bytes(h.try_into().expect("16 bytes"));
            let len = r.u32()?;
            let k = r.count()?;
            let mut terms = Vec::with_capacity(k);
            for _ in 0..k {
                let t = r.u32()?;
                if t as usize >= vocab.len() {
                    return Err(r.error("term out of range"));
                }
                terms.push((t, r.u32()?));
            }
            entries.insert(hash, Entry { len, terms });
        }
        r.end()?;
        Ok(Cache { vocab, entries })
    }

    /// Writes entries in hash order, so the same archive gives the same bytes.
    pub fn write(vocab: &[String], entries: &[(u128, &Entry)]) -> Vec<u8> {
        use crate::format::write::Writer;
        let mut w = Writer(MAGIC.to_vec());
        w.0.push(ANALYSIS_VERSION);
        w.varint(vocab.len() as u64);
        for t in vocab {
            w.string(t);
        }
        let mut sorted: Vec<&(u128, &Entry)> = entries.iter().collect();
        sorted.sort_by_key(|(h, _)| *h);
        sorted.dedup_by_key(|(h, _)| *h);
        w.varint(sorted.len() as u64);
        for (hash, e) in sorted {
            w.0.extend_from_slice(&hash.to_le_bytes());
            w.varint(e.len.into());
            w.varint(e.terms.len() as u64);
            for &(t, tf) in &e.terms {
                w.varint(t.into());
                w.varint(tf.into());
            }
        }
        w.0
    }
}
