//! Broadsheet's full-text search: a static inverted index, sharded by term so
//! that a query fetches only its words' files, and the engine that queries it.
//! The design and its measured figures are in `docs/search.md`.
//!
//! # Writing an index (feature `write`, native only)
//!
//! ```ignore
//! use broadsheet_search::write::{Builder, Document, Params};
//! let mut builder = Builder::new(Params::default());
//! builder.load_cache(&std::fs::read(cache_path).unwrap_or_default()); // optional: incremental
//! builder.add(vec![Document { path: "world/slug".into(), section: "world".into(),
//!     published: 1_751_306_400, headline: "…".into(), standfirst: "…".into(),
//!     body: "…".into(), tags: vec![], authors: vec![] }]);
//! let index = builder.finish();           // every file, in memory, deterministic
//! broadsheet_search::write::write_dir(&out_dir, &index)?; // writes only what changed
//! std::fs::write(cache_path, &index.cache)?;
//! ```
//!
//! # Querying (wasm32 and native; no I/O of its own)
//!
//! ```ignore
//! use broadsheet_search::{Engine, Query, Step};
//! let mut engine = Engine::new(&fetch("manifest.bin"))?;
//! let query = Query::typing("elect");             // or Query::new(...) on the results page
//! let results = loop {
//!     match engine.search(&query)? {
//!         Step::Need(paths) => for p in paths {       // fetch these in parallel
//!             engine.insert(&p, &fetch(&p))?;
//!         },
//!         Step::Done(results) => break results,
//!     }
//! };
//! for hit in &results.hits {
//!     // hit.headline + hit.headline_marks, hit.section, hit.published (unix s),
//!     // hit.excerpt.segments() -> (text, marked), hit.path
//! }
//! ```
//!
//! Natively, [`Engine::run`] drives the loop with any [`Fetch`] (a
//! `HashMap<String, Vec<u8>>`, a closure over a folder). The engine keeps
//! every file it was given, so a second query fetches only what is new.
//! [`Matcher::excerpt`] marks the query's words in any other text, such as an
//! article body the client already loaded. Every error names the file at
//! fault; none panics.

mod analysis;
mod engine;
mod format;
mod query;
mod rank;
#[cfg(feature = "write")]
pub mod write;

pub use analysis::{fold, words, Analyzer, Word};
pub use engine::{Engine, Fetch, Hit, Results, Step, EXCERPT_CHARS};
pub use format::{FORMAT_VERSION, MANIFEST_FILE};
pub use query::{Excerpt, Matcher, Order, Query, MAX_WORDS};

use std::fmt;

/// Why a query could not be answered. Each names the index file at fault,
/// so a client can say "search is unavailable" and a log can say why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The file could not be fetched (missing, blocked, offline).
    Fetch { path: String, reason: String },
    /// The file is not what the index says it should be: truncated,
    /// corrupt, or from another build.
    Malformed { path: String, reason: String },
    /// The file was written by another version of this format.
    Version { path: String, found: u8, expected: u8 },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Fetch { path, reason } => write!(f, "search index file {path} could not be loaded: {reason}"),
            Error::Malformed { path, reason } => write!(f, "search index file {path} is malformed: {reason}"),
            Error::Version { path, found, expected } => write!(
                f,
                "search index file {path} has format version {found}; this engine reads version {expected} (rebuild the index)"
            ),
        }
    }
}

impl std::error::Error for Error {}
