//! The index writer (feature `write`): documents in, files out.
//!
//! [`Builder::add`] analyses documents on every core as they arrive and
//! keeps only their terms and what a result shows, so memory grows with the
//! postings, not with the text. [`Builder::finish`] numbers the documents
//! oldest first (so a new article only appends, and a rebuild rewrites few
//! files), computes BM25 impacts and writes every file into memory, in a
//! deterministic order; [`write_dir`] puts them on disk, touching only files
//! whose bytes changed.

mod cache;
mod dir;

pub use dir::{write_dir, Written};

use crate::analysis::{for_each_word, Analyzer};
use crate::format::write::{self as enc, Writer};
use crate::format::{self, Chunk, DocRecord, Kind, Manifest, Posting, TermEntry, TermPostings, TierInfo};
use cache::{Cache, Entry, Hasher};
use std::collections::{BTreeSet, HashMap};
use std::thread;

/// One article, as the press knows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Where the result links, e.g. `world/some-slug`; shown to no one.
    pub path: String,
    /// Section slug.
    pub section: String,
    /// Unix seconds (`broadsheet_model::parse_rfc3339` reads the front
    /// matter's dates).
    pub published: i64,
    pub headline: String,
    pub standfirst: String,
    /// The body as plain text, paragraphs separated by newlines.
    pub body: String,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
}

/// How much a word counts in each field (BM25F with integer weights): a
/// word in the headline is worth four in the body.
const HEADLINE: u32 = 4;
const STANDFIRST: u32 = 2;
const TAGS: u32 = 2;
const AUTHORS: u32 = 1;
const BODY: u32 = 1;

#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// BM25 term-frequency saturation and length normalisation.
    pub k1: f32,
    pub b: f32,
    /// Postings in a term's first impact tier: what a one-word query costs.
    pub first_tier: usize,
    /// Each later tier is this many times the one before.
    pub tier_growth: usize,
    /// Terms in at most this many documents keep their postings in the
    /// dictionary (no file of their own).
    pub inline_max: usize,
    /// Postings per date chunk.
    pub chunk_size: u32,
    /// Documents per document shard: a result costs one shard.
    pub docs_per_shard: u32,
    /// A dictionary shard is closed once it reaches this many bytes.
    pub terms_shard_bytes: usize,
    /// Characters of the body kept after the standfirst as the excerpt's
    /// source (0: the standfirst alone).
    pub lead_chars: usize,
    /// Worker threads for analysis (0: one per core).
    pub threads: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            k1: 1.2,
            b: 0.75,
            first_tier: 512,
            tier_growth: 4,
            inline_max: 24,
            chunk_size: 512,
            docs_per_shard: 8,
            terms_shard_bytes: 8192,
            lead_chars: 200,
            threads: 0,
        }
    }
}

/// Counts from a build.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    pub documents: usize,
    /// Documents analysed in this build, and those whose analysis came
    /// from the cache.
    pub analysed: usize,
    pub reused: usize,
    pub terms: usize,
    pub postings: usize,
    pub files: usize,
    pub bytes: usize,
}

/// A finished index: every file (path relative to the index folder, and
/// bytes), sorted by path; the cache for the next build; counts.
pub struct Index {
    pub files: Vec<(String, Vec<u8>)>,
    pub cache: Vec<u8>,
    pub stats: Stats,
}

/// One analysis thread's state, kept across batches: the words it has
/// stemmed (most words repeat, and stemming is the costly step) and its
/// own term numbers, mapped to the builder's after each batch.
struct Worker {
    analyzer: Analyzer,
    words: HashMap<String, u32>,
    term_ids: HashMap<String, u32>,
    terms: Vec<String>,
    counts: Vec<u32>,
    global: Vec<u32>,
}

impl Worker {
    fn new() -> Worker {
        Worker {
            analyzer: Analyzer::new(),
            words: HashMap::new(),
            term_ids: HashMap::new(),
            terms: Vec::new(),
            counts: Vec::new(),
            global: Vec::new(),
        }
    }

    fn analyse(&mut self, doc: &Document) -> Entry {
        let mut len = 0;
        let mut touched: Vec<u32> = Vec::new();
        let fields = [
            (doc.headline.as_str(), HEADLINE),
            (doc.standfirst.as_str(), STANDFIRST),
            (doc.body.as_str(), BODY),
        ];
        let lists = doc
            .tags
            .iter()
            .map(|t| (t.as_str(), TAGS))
            .chain(doc.authors.iter().map(|a| (a.as_str(), AUTHORS)));
        for (text, weight) in fields.into_iter().chain(lists) {
            for_each_word(text, |_, _, folded| {
                let id = match self.words.get(folded) {
                    Some(&id) => id,
                    None => {
                        let term = self.analyzer.term(folded);
                        let id = match self.term_ids.get(&term) {
                            Some(&id) => id,
                            None => {
                                let id = self.terms.len() as u32;
                                self.term_ids.insert(term.clone(), id);
                                self.terms.push(term);
                                self.counts.push(0);
                                id
                            }
                        };
                        self.words.insert(folded.to_string(), id);
                        id
                    }
                };
                if self.counts[id as usize] == 0 {
                    touched.push(id);
                }
                self.counts[id as usize] += weight;
                len += weight;
            });
        }
        let terms = touched
            .into_iter()
            .map(|id| (id, std::mem::take(&mut self.counts[id as usize])))
            .collect();
        Entry { len, terms }
    }
}

pub struct Builder {
    params: Params,
    workers: Vec<Worker>,
    vocab: Vec<String>,
    ids: HashMap<String, u32>,
    cache: Cache,
    /// Cache vocabulary index to builder term, filled as entries are reused.
    cache_ids: Vec<u32>,
    docs: Vec<(u128, DocRecord, String)>,
    entries: Vec<Entry>,
    analysed: usize,
    reused: usize,
}

const UNMAPPED: u32 = u32::MAX;

/// Index files: path relative to the index folder, and bytes.
type Files = Vec<(String, Vec<u8>)>;

impl Builder {
    pub fn new(params: Params) -> Builder {
        let threads = match params.threads {
            0 => thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        Builder {
            params,
            workers: (0..threads).map(|_| Worker::new()).collect(),
            vocab: Vec::new(),
            ids: HashMap::new(),
            cache: Cache::default(),
            cache_ids: Vec::new(),
            docs: Vec::new(),
            entries: Vec::new(),
            analysed: 0,
            reused: 0,
        }
    }

    /// Reuses the analyses in a cache from an earlier build ([`Index::cache`]).
    /// Returns false, and starts from nothing, if it cannot be read.
    pub fn load_cache(&mut self, bytes: &[u8]) -> bool {
        match Cache::read(bytes) {
            Ok(c) => {
                self.cache_ids = vec![UNMAPPED; c.vocab.len()];
                self.cache = c;
                true
            }
            Err(_) => false,
        }
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.vocab.len() as u32;
        self.vocab.push(term.to_string());
        self.ids.insert(term.to_string(), id);
        id
    }

    /// Analyses a batch of documents, in parallel, and keeps what the index needs.
    pub fn add(&mut self, docs: Vec<Document>) {
        let per = docs.len().div_ceil(self.workers.len()).max(1);
        let cache = &self.cache;
        // Per document: its hash and, unless the cache has it, its analysis.
        let results: Vec<Vec<(u128, Option<Entry>)>> = thread::scope(|s| {
            let handles: Vec<_> = self
                .workers
                .iter_mut()
                .zip(docs.chunks(per))
                .map(|(worker, batch)| {
                    s.spawn(move || {
                        batch
                            .iter()
                            .map(|d| {
                                let h = hash(d);
                                let fresh = (!cache.entries.contains_key(&h)).then(|| worker.analyse(d));
                                (h, fresh)
                            })
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("analysis thread"))
                .collect()
        });
        for (w, (batch, results)) in docs.chunks(per).zip(results).enumerate() {
            for (doc, (h, fresh)) in batch.iter().zip(results) {
                let entry = match fresh {
                    Some(mut e) => {
                        self.analysed += 1;
                        for (t, _) in e.terms.iter_mut() {
                            *t = self.worker_term(w, *t);
                        }
                        e
                    }
                    None => {
                        self.reused += 1;
                        let cached = self.cache.entries[&h].clone();
                        let terms = cached
                            .terms
                            .iter()
                            .map(|&(t, tf)| (self.cache_term(t), tf))
                            .collect();
                        Entry {
                            len: cached.len,
                            terms,
                        }
                    }
                };
                self.entries.push(entry);
                self.docs
                    .push((h, record(doc, self.params.lead_chars), doc.section.clone()));
            }
        }
    }

    fn worker_term(&mut self, w: usize, local: u32) -> u32 {
        let global = &mut self.workers[w].global;
        if global.len() <= local as usize {
            global.resize(local as usize + 1, UNMAPPED);
        }
        if global[local as usize] == UNMAPPED {
            let term = self.workers[w].terms[local as usize].clone();
            let id = self.intern(&term);
            self.workers[w].global[local as usize] = id;
        }
        self.workers[w].global[local as usize]
    }

    fn cache_term(&mut self, t: u32) -> u32 {
        if self.cache_ids[t as usize] == UNMAPPED {
            let term = self.cache.vocab[t as usize].clone();
            self.cache_ids[t as usize] = self.intern(&term);
        }
        self.cache_ids[t as usize]
    }

    /// Every file of the index. Fails only past the format's limits
    /// (256 sections, 2^32 documents).
    pub fn finish(self) -> Result<Index, String> {
        let p = &self.params;
        let n = self.docs.len();
        if u32::try_from(n).is_err() {
            return Err("too many documents".into());
        }
        // Documents oldest first; ties by path, so the order is total.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.docs[a].1, &self.docs[b].1);
            (x.published, &x.path).cmp(&(y.published, &y.path))
        });
        let sections: Vec<String> = self
            .docs
            .iter()
            .map(|d| d.2.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if sections.len() > 256 {
            return Err(format!(
                "{} sections; the index holds at most 256",
                sections.len()
            ));
        }
        let section_of = |s: &str| sections.binary_search_by(|x| x.as_str().cmp(s)).unwrap_or(0) as u8;
        let avg = (self.entries.iter().map(|e| f64::from(e.len)).sum::<f64>() / n.max(1) as f64).max(1.0);
        let mut postings: Vec<Vec<Posting>> = vec![Vec::new(); self.vocab.len()];
        let mut total_postings = 0;
        for (doc, &i) in order.iter().enumerate() {
            let e = &self.entries[i];
            let section = section_of(&self.docs[i].2);
            let k = f64::from(p.k1) * (1.0 - f64::from(p.b) + f64::from(p.b) * f64::from(e.len) / avg);
            for &(t, tf) in &e.terms {
                let tf = f64::from(tf);
                // tf / (tf + K) is BM25's term part over (k1 + 1), in (0, 1).
                let impact = (255.0 * tf / (tf + k)).round().clamp(1.0, 255.0) as u8;
                postings[t as usize].push(Posting {
                    doc: doc as u32,
                    impact,
                    section,
                });
                total_postings += 1;
            }
        }
        let mut sorted: Vec<u32> = (0..self.vocab.len() as u32).collect();
        sorted.sort_by(|&a, &b| self.vocab[a as usize].cmp(&self.vocab[b as usize]));
        // Each term's entry and files, on every core.
        let threads = self.workers.len();
        let per = sorted.len().div_ceil(threads).max(1);
        let built: Vec<(TermEntry, Files)> = thread::scope(|s| {
            let handles: Vec<_> = sorted
                .chunks(per)
                .map(|ids| {
                    let (vocab, postings) = (&self.vocab, &postings);
                    s.spawn(move || {
                        ids.iter()
                            .map(|&t| term_files(p, &vocab[t as usize], &postings[t as usize]))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("term thread"))
                .collect()
        });
        drop(postings);
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        // The dictionary, cut into shards of about `terms_shard_bytes`.
        let mut shards: Vec<String> = Vec::new();
        let mut shard = Writer::default();
        let mut count = 0usize;
        let mut prev = String::new();
        let close =
            |shard: &mut Writer, count: &mut usize, files: &mut Vec<(String, Vec<u8>)>, index: usize| {
                let mut w = Writer::new(Kind::Terms);
                w.varint(*count as u64);
                w.0.extend_from_slice(&shard.0);
                files.push((format::terms_file(index), w.0));
                shard.0.clear();
                *count = 0;
            };
        for (entry, term_files) in built {
            if count == 0 {
                shards.push(if shards.is_empty() {
                    String::new()
                } else {
                    entry.term.clone()
                });
                prev.clear();
            }
            enc::term_entry(&mut shard, &prev, &entry);
            count += 1;
            prev = entry.term;
            files.extend(term_files);
            if shard.0.len() >= p.terms_shard_bytes {
                close(&mut shard, &mut count, &mut files, shards.len() - 1);
            }
        }
        if count > 0 || shards.is_empty() {
            if shards.is_empty() {
                shards.push(String::new());
            }
            close(&mut shard, &mut count, &mut files, shards.len() - 1);
        }
        // Document shards, in document order.
        let records: Vec<DocRecord> = order
            .iter()
            .map(|&i| DocRecord {
                section: section_of(&self.docs[i].2),
                ..self.docs[i].1.clone()
            })
            .collect();
        for (k, batch) in records.chunks(p.docs_per_shard as usize).enumerate() {
            let first = (k * p.docs_per_shard as usize) as u32;
            files.push((format::docs_file(k as u32), enc::docs(first, batch)));
        }
        files.push((
            format::MANIFEST_FILE.to_string(),
            enc::manifest(&Manifest {
                doc_count: n as u32,
                k1: p.k1,
                b: p.b,
                docs_per_shard: p.docs_per_shard,
                chunk_size: p.chunk_size,
                sections,
                shards,
            }),
        ));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let entries: Vec<(u128, &Entry)> = self.docs.iter().map(|d| d.0).zip(&self.entries).collect();
        let cache = Cache::write(&self.vocab, &entries);
        let stats = Stats {
            documents: n,
            analysed: self.analysed,
            reused: self.reused,
            terms: self.vocab.len(),
            postings: total_postings,
            files: files.len(),
            bytes: files.iter().map(|f| f.1.len()).sum(),
        };
        Ok(Index { files, cache, stats })
    }
}

fn hash(d: &Document) -> u128 {
    let mut h = Hasher::new();
    for f in [&d.headline, &d.standfirst, &d.body] {
        h.field(f);
    }
    for t in &d.tags {
        h.field(t);
    }
    h.bytes(&[0xFE]);
    for a in &d.authors {
        h.field(a);
    }
    h.finish()
}

/// What a result shows; `section` is set once all sections are known.
fn record(d: &Document, lead_chars: usize) -> DocRecord {
    let mut text = d.standfirst.trim().to_string();
    if lead_chars > 0 {
        let body = d.body.trim();
        let cut = body.char_indices().nth(lead_chars).map_or(body.len(), |(i, _)| i);
        // End at a word's end, not inside it.
        let end = if cut < body.len() {
            body[..cut].rfind(char::is_whitespace).unwrap_or(cut)
        } else {
            cut
        };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(body[..end].trim_end());
    }
    DocRecord {
        published: d.published,
        section: 0,
        path: d.path.clone(),
        headline: d.headline.clone(),
        text,
    }
}

/// A term's dictionary entry and files. `postings` are in document order.
fn term_files(p: &Params, term: &str, postings: &[Posting]) -> (TermEntry, Files) {
    let df = postings.len() as u32;
    if postings.len() <= p.inline_max {
        let postings = TermPostings::Inline(postings.to_vec());
        return (
            TermEntry {
                term: term.to_string(),
                df,
                postings,
            },
            Vec::new(),
        );
    }
    let mut files = Vec::new();
    // Impact tiers: best first, ties by newer document; each in document order.
    let mut by_impact = postings.to_vec();
    by_impact.sort_by(|a, b| b.impact.cmp(&a.impact).then(b.doc.cmp(&a.doc)));
    let mut tiers = Vec::new();
    let (mut at, mut size) = (0, p.first_tier.max(1));
    while at < by_impact.len() {
        let end = (at + size).min(by_impact.len());
        let mut tier = by_impact[at..end].to_vec();
        let max_impact = tier[0].impact;
        tier.sort_by_key(|p| p.doc);
        files.push((format::tier_file(term, tiers.len()), enc::tier(&tier)));
        tiers.push(TierInfo {
            count: tier.len() as u32,
            max_impact,
        });
        at = end;
        size = size.saturating_mul(p.tier_growth.max(1));
    }
    // Date chunks, oldest first; the newest holds the directory.
    let size = p.chunk_size.max(1) as usize;
    let directory: Vec<u32> = postings.chunks(size).map(|c| c[0].doc).collect();
    let chunks = directory.len();
    for (k, c) in postings.chunks(size).enumerate() {
        let chunk = Chunk {
            docs: c.iter().map(|p| p.doc).collect(),
            sections: c.iter().map(|p| p.section).collect(),
            directory: if k + 1 == chunks {
                directory.clone()
            } else {
                Vec::new()
            },
        };
        files.push((format::chunk_file(term, k as u32), enc::chunk(&chunk)));
    }
    let postings = TermPostings::Files {
        tiers,
        chunks: chunks as u32,
    };
    (
        TermEntry {
            term: term.to_string(),
            df,
            postings,
        },
        files,
    )
}
