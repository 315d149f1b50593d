//! The query engine. It does no I/O: [`Engine::search`] either answers from
//! the files it holds or names the files it needs next, all at once so the
//! caller can fetch them in parallel, and the caller hands them over with
//! [`Engine::insert`] and asks again. Re-running a query from the start costs
//! well under a millisecond; it keeps the engine free of async, threads and
//! clocks, so the same code runs natively in tests and in the browser.

use crate::analysis::Analyzer;
use crate::format::{self, Chunk, DocRecord, Manifest, Posting, TermEntry, TermPostings};
use crate::query::{self, Excerpt, Matcher, Order, Query, Slot};
use crate::rank;
use crate::Error;
use std::collections::HashMap;
use std::ops::Range;

/// Characters of an excerpt built from the stored text.
pub const EXCERPT_CHARS: usize = 180;
/// A prefix expands to at most this many terms (the most frequent), each a
/// file to fetch.
const MAX_EXPANSIONS: usize = 5;
/// A prefix shorter than this matches its own term only.
const MIN_PREFIX_CHARS: usize = 2;
/// A prefix whose terms span more dictionary shards than this matches only
/// its own term until the reader types another letter: it would cost every
/// shard.
const MAX_PREFIX_SHARDS: usize = 2;
/// The part a stem may lack of a word being typed: `electi` still finds
/// `elect` (from `election`), but `electri` does not.
const SUFFIXES: [&str; 16] = [
    "ing", "ion", "ions", "ities", "ed", "es", "er", "ers", "ly", "ment", "ness", "ous", "al", "ive",
    "ations", "s",
];

/// What [`Engine::search`] asks for next.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Fetch these files (paths relative to the index folder, all at once),
    /// [`Engine::insert`] them and search again.
    Need(Vec<String>),
    Done(Results),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// How many documents match; an estimate unless `total_exact`.
    pub total: usize,
    pub total_exact: bool,
    /// Marks this query's words in any text (for excerpts of article bodies).
    pub matcher: Matcher,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// As given to the writer, e.g. `world/some-slug`.
    pub path: String,
    /// Section slug.
    pub section: String,
    /// Unix seconds.
    pub published: i64,
    pub headline: String,
    /// Byte ranges of `headline` to mark.
    pub headline_marks: Vec<Range<usize>>,
    /// From the standfirst and the start of the body.
    pub excerpt: Excerpt,
    /// BM25 (0 when ordered by date).
    pub score: f32,
}

/// Reads the files of an index, one at a time, for [`Engine::run`]. A
/// browser client drives [`Engine::search`] itself, fetching in parallel.
pub trait Fetch {
    /// The bytes of `path` (relative to the index folder), or why not.
    fn fetch(&mut self, path: &str) -> Result<Vec<u8>, String>;
}

impl Fetch for HashMap<String, Vec<u8>> {
    fn fetch(&mut self, path: &str) -> Result<Vec<u8>, String> {
        self.get(path).cloned().ok_or_else(|| "not found".to_string())
    }
}

impl<F: FnMut(&str) -> Result<Vec<u8>, String>> Fetch for F {
    fn fetch(&mut self, path: &str) -> Result<Vec<u8>, String> {
        self(path)
    }
}

/// A term a query slot matches, with its IDF.
pub(crate) struct Expansion<'a> {
    pub entry: &'a TermEntry,
    pub idf: f32,
}

pub struct Engine {
    pub(crate) manifest: Manifest,
    analyzer: Analyzer,
    terms: HashMap<usize, Vec<TermEntry>>,
    pub(crate) tiers: HashMap<String, Vec<Posting>>,
    pub(crate) chunks: HashMap<String, Chunk>,
    docs: HashMap<u32, Vec<DocRecord>>,
}

impl Engine {
    /// An engine for the index whose `manifest.bin` this is.
    pub fn new(manifest: &[u8]) -> Result<Engine, Error> {
        Ok(Engine {
            manifest: format::read_manifest(format::MANIFEST_FILE, manifest)?,
            analyzer: Analyzer::new(),
            terms: HashMap::new(),
            tiers: HashMap::new(),
            chunks: HashMap::new(),
            docs: HashMap::new(),
        })
    }

    /// Fetches the manifest and makes an engine.
    pub fn open(fetch: &mut impl Fetch) -> Result<Engine, Error> {
        let bytes = fetch
            .fetch(format::MANIFEST_FILE)
            .map_err(|reason| Error::Fetch {
                path: format::MANIFEST_FILE.to_string(),
                reason,
            })?;
        Engine::new(&bytes)
    }

    /// Section slugs, for a filter.
    pub fn sections(&self) -> &[String] {
        &self.manifest.sections
    }

    pub fn doc_count(&self) -> u32 {
        self.manifest.doc_count
    }

    /// Hands over a file that [`Engine::search`] asked for. A file that is
    /// not what its name says is refused here, with its name in the error.
    pub fn insert(&mut self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let sections = self.manifest.sections.len();
        let number =
            |prefix: &str| -> Option<u32> { path.strip_prefix(prefix)?.strip_suffix(".bin")?.parse().ok() };
        if let Some(n) = number("terms/") {
            if n as usize >= self.manifest.shards.len() {
                return Err(unknown(path));
            }
            let entries = format::read_terms(path, bytes, sections)?;
            if entries
                .first()
                .is_some_and(|e| e.term < self.manifest.shards[n as usize])
            {
                return Err(stale(path));
            }
            self.terms.insert(n as usize, entries);
        } else if let Some(n) = number("docs/") {
            let (first, docs) = format::read_docs(path, bytes, sections)?;
            if first != n.saturating_mul(self.manifest.docs_per_shard)
                || docs.len() > self.manifest.docs_per_shard as usize
            {
                return Err(stale(path));
            }
            self.docs.insert(n, docs);
        } else if path.starts_with("tiers/") && path.ends_with(".bin") {
            self.tiers
                .insert(path.to_string(), format::read_tier(path, bytes, sections)?);
        } else if path.starts_with("chunks/") && path.ends_with(".bin") {
            self.chunks
                .insert(path.to_string(), format::read_chunk(path, bytes, sections)?);
        } else {
            return Err(unknown(path));
        }
        Ok(())
    }

    /// Answers `query` from the files held, or names the files to fetch.
    pub fn search(&self, query: &Query) -> Result<Step, Error> {
        let slots = query::parse(&query.text, query.prefix, &self.analyzer);
        if slots.is_empty() || query.limit == 0 {
            return Ok(Step::Done(Results {
                hits: Vec::new(),
                total: 0,
                total_exact: true,
                matcher: Matcher::default(),
            }));
        }
        let section = match &query.section {
            None => None,
            Some(s) => match self.manifest.sections.iter().position(|x| x == s) {
                Some(i) => Some(i as u8),
                // A section the index does not have holds nothing.
                None => return Ok(Step::Done(empty(Matcher::from_slots(&slots, &[])))),
            },
        };
        let mut need = Vec::new();
        let expansions: Vec<Vec<Expansion>> = slots.iter().map(|s| self.expand(s, &mut need)).collect();
        if !need.is_empty() {
            need.sort();
            need.dedup();
            return Ok(Step::Need(need));
        }
        let matched: Vec<String> = expansions
            .iter()
            .flatten()
            .map(|e| e.entry.term.clone())
            .collect();
        let matcher = Matcher::from_slots(&slots, &matched);
        let wanted = query.offset.saturating_add(query.limit);
        let ranked = match query.order {
            Order::Relevance => rank::relevance(self, &expansions, section, wanted)?,
            Order::Newest => rank::newest(self, &expansions, section, wanted)?,
        };
        let ranked = match ranked {
            rank::Ranked::Need(paths) => return Ok(Step::Need(paths)),
            rank::Ranked::Done(r) => r,
        };
        let shown = ranked.docs.iter().skip(query.offset).take(query.limit);
        let per = self.manifest.docs_per_shard;
        let mut need: Vec<String> = shown
            .clone()
            .filter(|(d, _)| !self.docs.contains_key(&(d / per)))
            .map(|(d, _)| format::docs_file(d / per))
            .collect();
        if !need.is_empty() {
            need.sort();
            need.dedup();
            return Ok(Step::Need(need));
        }
        let mut hits = Vec::new();
        for &(doc, score) in shown {
            let record = self.docs[&(doc / per)]
                .get((doc % per) as usize)
                .ok_or_else(|| stale(&format::docs_file(doc / per)))?;
            hits.push(Hit {
                path: record.path.clone(),
                section: self.manifest.sections[record.section as usize].clone(),
                published: record.published,
                headline_marks: matcher.marks(&record.headline),
                headline: record.headline.clone(),
                excerpt: matcher.excerpt(&record.text, EXCERPT_CHARS),
                score,
            });
        }
        Ok(Step::Done(Results {
            hits,
            total: ranked.total,
            total_exact: ranked.exact,
            matcher,
        }))
    }

    /// Runs `query` to the end, fetching each file it needs with `fetch`
    /// (natively: tests, benchmarks, a server).
    pub fn run(&mut self, query: &Query, fetch: &mut impl Fetch) -> Result<Results, Error> {
        // Each round fetches files the last did not have, so this bound is
        // only a guard against a bug looping forever.
        for _ in 0..64 {
            match self.search(query)? {
                Step::Done(r) => return Ok(r),
                Step::Need(paths) => {
                    for p in paths {
                        let bytes = fetch.fetch(&p).map_err(|reason| Error::Fetch {
                            path: p.clone(),
                            reason,
                        })?;
                        self.insert(&p, &bytes)?;
                    }
                }
            }
        }
        Err(Error::Malformed {
            path: format::MANIFEST_FILE.into(),
            reason: "a query did not settle after 64 rounds of fetches".into(),
        })
    }

    fn shard_of(&self, term: &str) -> usize {
        self.manifest
            .shards
            .partition_point(|s| s.as_str() <= term)
            .max(1)
            - 1
    }

    /// The entry for `term`, if its shard is held; else records the shard.
    fn entry(&self, term: &str, need: &mut Vec<String>) -> Option<&TermEntry> {
        let shard = self.shard_of(term);
        match self.terms.get(&shard) {
            None => {
                need.push(format::terms_file(shard));
                None
            }
            Some(entries) => entries
                .binary_search_by(|e| e.term.as_str().cmp(term))
                .ok()
                .map(|i| &entries[i]),
        }
    }

    /// The terms a query word matches: its own, and for the word being typed
    /// the most frequent terms it may be the start of.
    fn expand(&self, slot: &Slot, need: &mut Vec<String>) -> Vec<Expansion<'_>> {
        let mut found: Vec<&TermEntry> = Vec::new();
        found.extend(self.entry(&slot.term, need));
        let p = slot.word.as_str();
        if slot.prefix && p.chars().count() >= MIN_PREFIX_CHARS {
            // Stems shorter than the word typed: `electi` -> `elect`.
            for (k, _) in p.char_indices().skip(3) {
                let rest = &p[k..];
                if SUFFIXES.iter().any(|s| s.starts_with(rest)) {
                    found.extend(self.entry(&p[..k], need));
                }
            }
            // Terms that start with it, if they lie in few shards.
            let first = self.shard_of(p);
            let last = first
                + self.manifest.shards[first + 1..]
                    .iter()
                    .take_while(|s| s.starts_with(p))
                    .count();
            if last - first < MAX_PREFIX_SHARDS {
                for shard in first..=last {
                    match self.terms.get(&shard) {
                        None => need.push(format::terms_file(shard)),
                        Some(entries) => {
                            let from = entries.partition_point(|e| e.term.as_str() < p);
                            found.extend(entries[from..].iter().take_while(|e| e.term.starts_with(p)));
                        }
                    }
                }
            }
            found.sort_by(|a, b| {
                (a.term != slot.term, b.df, &a.term).cmp(&(b.term != slot.term, a.df, &b.term))
            });
            found.dedup_by(|a, b| a.term == b.term);
            found.truncate(MAX_EXPANSIONS);
        }
        let n = self.manifest.doc_count as f32;
        found
            .into_iter()
            .map(|entry| {
                let df = entry.df as f32;
                Expansion {
                    entry,
                    idf: (1.0 + (n - df + 0.5) / (df + 0.5)).ln(),
                }
            })
            .collect()
    }

    /// A posting's BM25 weight, without the IDF.
    pub(crate) fn weight(&self, impact: u8) -> f32 {
        (self.manifest.k1 + 1.0) * f32::from(impact) / 255.0
    }
}

/// The postings of an inline entry, for the rankers.
pub(crate) fn inline(entry: &TermEntry) -> Option<&[Posting]> {
    match &entry.postings {
        TermPostings::Inline(p) => Some(p),
        TermPostings::Files { .. } => None,
    }
}

fn empty(matcher: Matcher) -> Results {
    Results {
        hits: Vec::new(),
        total: 0,
        total_exact: true,
        matcher,
    }
}

fn unknown(path: &str) -> Error {
    Error::Malformed {
        path: path.to_string(),
        reason: "not a file of this index".into(),
    }
}

pub(crate) fn stale(path: &str) -> Error {
    Error::Malformed {
        path: path.to_string(),
        reason: "does not match the manifest or dictionary (files from different builds?)".into(),
    }
}
