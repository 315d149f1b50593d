//! Turns a folder of Markdown articles into the JSON a Broadsheet site loads.
//!
//! `content/site.toml` describes the site; `content/<section>/<slug>.md` holds
//! one article each (TOML front matter between `+++` lines, then Markdown),
//! with its images beside it.

mod error;
mod indexes;
mod markdown;
mod source;
mod write;

pub use error::SourceError;
pub use source::{load_sources, Sources};

use std::path::Path;

/// What a successful build made.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub articles: usize,
    pub sections: usize,
}

/// Reads the sources in `content` and writes the site's content into `out`.
/// On any error nothing in `out` is changed, and every error is returned.
pub fn build(content: &Path, out: &Path) -> Result<Report, Vec<SourceError>> {
    let sources = load_sources(content)?;
    let files = indexes::render(&sources);
    write::replace_content(out, &files, &sources.media).map_err(|e| vec![e])?;
    Ok(Report {
        articles: sources.articles.len(),
        sections: sources.site.sections.len(),
    })
}
