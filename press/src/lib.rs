//! Turns a folder of Markdown articles into the files a Broadsheet site loads.
//!
//! `content/site.toml` describes the site; `content/<section>/<slug>.md` holds
//! one article each (TOML front matter between `+++` lines, then Markdown),
//! with its images beside it; `site.toml`'s `[[authors]]` declare the
//! bylines' authors (`authors`), and tags are normalised into one page each
//! (`tags`). The build writes, under the output folder, `content/` (the
//! JSON the app loads), `media/` (the images), `feed.xml`,
//! `feeds/<section>.xml`, `feeds/tags/…` and `feeds/authors/…`,
//! `sitemap.xml`, `robots.txt` and the search index (`search/index/`,
//! docs/search.md), and with a shell every page (`archives` for tag and
//! author pages); and the redirects of `redirects.txt` for nginx and
//! `_redirects` (`redirects`). See `docs/publishing.md`.

mod archives;
mod authors;
mod error;
mod feeds;
pub mod head;
mod images;
mod indexes;
mod markdown;
pub mod pages;
mod parse;
pub mod photos;
pub mod redirects;
mod related;
pub mod search;
mod site_toml;
mod source;
mod synth;
pub mod synth_wordpress;
mod tags;
pub mod wordpress;
mod write;
mod xml;

pub use error::SourceError;
pub use feeds::{archive_feed_file, section_feed_file, site_feed_file, FEED_ITEMS, SITEMAP_URLS};
pub use indexes::{LATEST, PER_SECTION, TOP_STORIES};
pub use related::RELATED;
pub use site_toml::RESERVED_SECTIONS;
pub use source::Sources;
pub use synth::synth;
pub use tags::{tag_slug, Archive};
pub use write::MANAGED;

use std::path::Path;
use std::time::{Duration, Instant};

/// Reads and checks every source under `dir`, `redirects.txt` included;
/// all errors are reported at once, sorted by file and line.
pub fn load_sources(dir: &Path) -> Result<Sources, Vec<SourceError>> {
    let sources = source::load_sources(dir)?;
    redirects::read(dir, &sources)?;
    Ok(sources)
}

/// Every warning about the sources, sorted by file and line: tags spelled
/// two ways, undeclared authors, and where articles fall short of what
/// search engines and link previews want. Never errors.
pub fn warnings(content: &Path, sources: &Sources) -> Vec<head::Warning> {
    let mut all = head::guideline_warnings(content, sources);
    all.extend(sources.warnings.iter().cloned());
    all.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
    all
}

/// What a successful build made.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub articles: usize,
    pub sections: usize,
    /// Files and bytes written (JSON, XML, text and images).
    pub files: u64,
    pub bytes: u64,
    /// The search index: its files (in `search/index/`), bytes, and the
    /// articles analysed anew rather than taken from the cache.
    pub search: broadsheet_search::write::Stats,
    /// The photographs' smaller copies: how many were encoded (and how
    /// long each took) or taken from the cache, and their bytes.
    pub photos: photos::Stats,
    /// How long each step took.
    pub phases: Vec<(&'static str, Duration)>,
    /// Where the sources fall short of what search engines and link
    /// previews want (never an error).
    pub warnings: Vec<head::Warning>,
}

/// How long each step of a build took, and when the current one started.
struct Laps {
    phases: Vec<(&'static str, Duration)>,
    clock: Instant,
}

impl Laps {
    /// The step `name` ends now, and the next begins.
    fn lap(&mut self, name: &'static str) {
        self.phases.push((name, self.clock.elapsed()));
        self.clock = Instant::now();
    }
}

/// Reads the sources in `content` and writes the site's content into `out`.
/// On any error nothing in `out` is changed, and every error is returned,
/// sorted by file and line.
pub fn build(content: &Path, out: &Path) -> Result<Report, Vec<SourceError>> {
    build_with(content, out, None)
}

/// `build`, and with `shell` (the app's `index.html` as Trunk built it),
/// every page as HTML too (`pages`).
pub fn build_with(content: &Path, out: &Path, shell: Option<&Path>) -> Result<Report, Vec<SourceError>> {
    build_cached(content, out, shell, None)
}

/// `build_with`, keeping the search index's analysis cache in the file
/// `search_cache` (`search::cache_file` says where the command keeps it),
/// so a rebuild analyses only new and changed articles, and the copies of
/// the photographs beside it (`photos::cache_dir`), so a rebuild encodes
/// only new and changed ones. Without it, every photograph is encoded.
pub fn build_cached(
    content: &Path,
    out: &Path,
    shell: Option<&Path>,
    search_cache: Option<&Path>,
) -> Result<Report, Vec<SourceError>> {
    let mut laps = Laps {
        phases: Vec::new(),
        clock: Instant::now(),
    };
    let shell = shell.map(pages::Shell::read).transpose().map_err(|e| vec![e])?;
    let sources = source::load_sources(content)?;
    let moved = redirects::read(content, &sources)?;
    let warnings = warnings(content, &sources);
    laps.lap("read and check");
    let published: Vec<i64> = sources.times.iter().map(|t| t.0).collect();
    let related = related::related(&sources.articles, &published);
    laps.lap("related");
    let staging = write::Staging::new(out).map_err(|e| vec![e])?;
    let photo_cache = match search_cache {
        Some(file) => photos::cache_dir(file),
        None => staging.scratch("photos"),
    };
    let (entries, photo_stats) = photos::prepare(&sources.photos, &photo_cache)?;
    laps.lap("photos");
    // The search index is built while the pages are written: writing waits
    // on the disk much of the time, and the index's analysis is all CPU, so
    // each fills the other's gaps (docs/performance.md, "Build time"). The
    // two phases overlap: `write` is the pages' and `search index` the
    // index's own time.
    let started = laps.clock;
    let (written, (search, search_time)) = std::thread::scope(|scope| {
        let index = scope.spawn(|| {
            let started = Instant::now();
            // A pool of its own: in the pages' pool its work would wait
            // behind every page's.
            let stats = match rayon::ThreadPoolBuilder::new().build() {
                Ok(pool) => pool.install(|| search::write_index(&sources, &staging, out, search_cache)),
                Err(_) => search::write_index(&sources, &staging, out, search_cache),
            };
            (stats, started.elapsed())
        });
        let written = (|| {
            indexes::write_all(&sources, &related, &staging, shell.as_ref())?;
            let base = shell.as_ref().map_or("/", |s| s.base_href.as_str());
            redirects::write(&staging, &moved, base, shell.is_some())?;
            photos::publish(&sources.photos, &entries, &staging)?;
            Ok::<_, SourceError>(started.elapsed())
        })();
        (written, index.join().expect("the search index's thread"))
    });
    let write_time = written.map_err(|e| vec![e])?;
    let search = search.map_err(|e| vec![e])?;
    laps.phases.push(("write", write_time));
    laps.phases.push(("search index", search_time));
    laps.clock = Instant::now();
    let (files, bytes) = staging.written();
    staging.commit().map_err(|e| vec![e])?;
    laps.lap("swap in");
    let report = Report {
        articles: sources.articles.len(),
        sections: sources.site.sections.len(),
        files,
        bytes,
        search,
        photos: photo_stats,
        phases: laps.phases,
        warnings,
    };
    // Freeing a large archive takes a while; nobody needs to wait for it.
    std::thread::spawn(move || drop((sources, related)));
    Ok(report)
}
