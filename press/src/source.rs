//! Reading the sources: `site.toml` (`site_toml`) and every article
//! (`parse`), in parallel, with every problem collected.

use crate::authors::{link_authors, PHOTO_DIR};
use crate::error::SourceError;
use crate::head::Warning;
use crate::images::Photo;
use crate::parse::{parse_article, Loaded};
use crate::site_toml::{read_site, RESERVED_SECTIONS};
use crate::tags::{collect_tags, Archive};
use broadsheet_model::{Article, Site};
use rayon::prelude::*;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Everything a build needs, read and checked.
#[derive(Debug)]
pub struct Sources {
    pub site: Site,
    /// `site.base_url`, ending in `/`.
    pub base_url: String,
    /// Newest first (then by section and slug). Their `body` is left empty:
    /// it is in `bodies`, already as JSON.
    pub articles: Vec<Article>,
    /// Each article's body as JSON, in the same order.
    pub bodies: Vec<Box<RawValue>>,
    /// For each article, in the same order: (published, last changed), in
    /// seconds since the Unix epoch.
    pub times: Vec<(i64, i64)>,
    /// Images to publish: (source file, path under the site root), sorted by
    /// the latter, no repeats.
    pub media: Vec<(PathBuf, String)>,
    /// The photographs among `media`, each once (the first use, in article
    /// order), sorted by published path: their copies are made (`photos`).
    pub photos: Vec<Photo>,
    /// Every tag, by slug, with its articles (`tags`).
    pub tags: Vec<Archive>,
    /// Every declared author who has a page, in the order declared, with
    /// their articles (`authors`).
    pub authors: Vec<Archive>,
    /// About tags and authors: spellings of one tag, undeclared authors.
    /// Never errors.
    pub warnings: Vec<Warning>,
}

/// What reading one article gave: the article if it could be made, its
/// links as far as they could be read, and its errors.
struct Read {
    path: PathBuf,
    loaded: Option<Loaded>,
    /// (line, target) of every link in the body.
    links: Vec<(usize, String)>,
    errors: Vec<SourceError>,
}

/// Reads and checks every source under `dir`; all errors are reported at once,
/// sorted by file and line.
pub fn load_sources(dir: &Path) -> Result<Sources, Vec<SourceError>> {
    let site_path = dir.join("site.toml");
    let (site, base_url, declared) = read_site(&site_path)?;
    let mut errors = Vec::new();
    let (files, folders) = list_articles(dir, &site, &mut errors);
    let results: Vec<Read> = files
        .par_iter()
        .map(|(file, section)| read_article(file, section, &folders[section]))
        .collect();
    // Links are checked in every article, even one with other errors.
    check_internal_links(&site, &files, &results, &mut errors);
    let mut loaded = Vec::with_capacity(results.len());
    for mut result in results {
        match result.loaded {
            Some(l) if result.errors.is_empty() => loaded.push(l),
            _ => errors.append(&mut result.errors),
        }
    }
    check_unique_slugs(&files, &mut errors);
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
        errors.dedup();
        return Err(errors);
    }
    loaded.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then_with(|| a.article.section.cmp(&b.article.section))
            .then_with(|| a.article.slug.cmp(&b.article.slug))
    });
    // Published path -> source file; many articles may share a picture.
    let mut media = BTreeMap::new();
    let mut articles = Vec::with_capacity(loaded.len());
    let mut bodies = Vec::with_capacity(loaded.len());
    let mut times = Vec::with_capacity(loaded.len());
    let mut lines = Vec::with_capacity(loaded.len());
    let mut photos = BTreeMap::new();
    let mut image_warnings = Vec::new();
    for author in &declared {
        if let Some((from, to)) = &author.media {
            media.insert(to.clone(), from.clone());
        }
    }
    for l in loaded {
        for (from, to) in l.media {
            media.entry(to).or_insert(from);
        }
        for photo in l.photos {
            photos.entry(photo.published.clone()).or_insert(photo);
        }
        image_warnings.extend(l.warnings);
        times.push((l.published, l.changed));
        lines.push(l.lines);
        articles.push(l.article);
        bodies.push(l.body);
    }
    let file_of = |a: &Article| dir.join(&a.section).join(format!("{}.md", a.slug));
    let (tags, mut warnings) = collect_tags(&mut articles, &lines, file_of);
    let (authors, more) = link_authors(&declared, &mut articles, &lines, file_of);
    warnings.extend(more);
    warnings.extend(image_warnings);
    Ok(Sources {
        site,
        base_url,
        articles,
        bodies,
        times,
        media: media.into_iter().map(|(to, from)| (from, to)).collect(),
        photos: photos.into_values().collect(),
        tags,
        authors,
        warnings,
    })
}

/// Every `<section>/<slug>.md`, sorted (sections in site order), with the
/// mistakes in the folder layout: folders that are no section, articles
/// outside a section, folders inside a section.
fn list_articles(
    dir: &Path,
    site: &Site,
    errors: &mut Vec<SourceError>,
) -> (Vec<(PathBuf, String)>, Folders) {
    let mut files = Vec::new();
    let mut folders = Folders::new();
    let mut root: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            errors.push(SourceError::new(dir, 1, format!("cannot read the folder: {e}")));
            return (files, folders);
        }
    };
    root.sort();
    for path in root {
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        if name.starts_with('.') || (name == PHOTO_DIR && path.is_dir()) {
            continue; // Authors' photos (`authors`) are not articles.
        }
        if path.is_dir() && site.section(&name).is_none() {
            let mut md = markdown_files(&path);
            let count = md.len();
            let (at, line) = match md.is_empty() {
                true => (path.clone(), 1),
                false => (md.swap_remove(0), 1),
            };
            errors.push(SourceError::new(
                &at,
                line,
                format!(
                    "folder {name:?} ({count} article(s)) is not a section listed in site.toml \
                     (sections: {})",
                    site.sections
                        .iter()
                        .map(|s| s.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        } else if path.extension().is_some_and(|x| x == "md") {
            errors.push(SourceError::new(
                &path,
                1,
                "an article lives in its section's folder: <section>/<slug>.md",
            ));
        }
    }
    for section in &site.sections {
        let folder = dir.join(&section.slug);
        let Ok(entries) = fs::read_dir(&folder) else {
            continue; // A section with no articles yet.
        };
        // The file type comes with the listing: no stat per file.
        let mut paths: Vec<(PathBuf, bool)> = entries
            .flatten()
            .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
            .collect();
        paths.sort();
        let names = folders.entry(section.slug.clone()).or_default();
        for (path, is_dir) in paths {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if !is_dir {
                names.insert(name.to_string());
            }
            if is_dir {
                errors.push(SourceError::new(
                    &path,
                    1,
                    format!(
                        "folders inside a section are not read: put articles in {}",
                        folder.display()
                    ),
                ));
            } else if path.extension().is_some_and(|x| x == "md") {
                files.push((path, section.slug.clone()));
            }
        }
    }
    (files, folders)
}

/// The names of the files in each section's folder, to check images without a stat each.
type Folders = HashMap<String, HashSet<String>>;

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn read_article(path: &Path, section: &str, beside: &HashSet<String>) -> Read {
    let mut links = Vec::new();
    match read_article_into(path, section, beside, &mut links) {
        Ok(loaded) => Read {
            path: path.to_path_buf(),
            loaded: Some(loaded),
            links,
            errors: Vec::new(),
        },
        Err(errors) => Read {
            path: path.to_path_buf(),
            loaded: None,
            links,
            errors,
        },
    }
}

fn read_article_into(
    path: &Path,
    section: &str,
    beside: &HashSet<String>,
    links: &mut Vec<(usize, String)>,
) -> Result<Loaded, Vec<SourceError>> {
    with_text(path, |text| parse_article(path, text, section, beside, links))
        .map_err(|e| vec![SourceError::new(path, 1, format!("cannot read: {e}"))])?
}

/// Reads a file into this thread's buffer and hands its text to `with`.
/// Reading with no size hint skips the stat and seek that `fs::read` adds
/// (a third of the system calls for 100 000 small files), and the buffer is
/// reused rather than allocated and zeroed for each file.
fn with_text<T>(path: &Path, with: impl FnOnce(&str) -> T) -> std::io::Result<T> {
    use std::io::Read as _;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut bytes = buffer.take();
        bytes.clear();
        let file = fs::File::open(path)?;
        let read = file.take(u64::MAX).read_to_end(&mut bytes);
        let result = match read {
            Ok(_) => match std::str::from_utf8(&bytes) {
                Ok(text) => Ok(with(text)),
                Err(_) => Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "not UTF-8 text",
                )),
            },
            Err(e) => Err(e),
        };
        buffer.replace(bytes);
        result
    })
}

/// A slug names one article across the whole site, whatever its section, so
/// an article can move between sections without clashing, and a slug alone
/// is enough to find it.
fn check_unique_slugs(files: &[(PathBuf, String)], errors: &mut Vec<SourceError>) {
    let mut first: BTreeMap<&str, &Path> = BTreeMap::new();
    for (path, _) in files {
        let Some(slug) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        match first.get(slug) {
            Some(other) => errors.push(SourceError::new(
                path,
                1,
                format!(
                    "slug {slug:?} is already used by {}: slugs are unique across the site",
                    other.display()
                ),
            )),
            None => {
                first.insert(slug, path);
            }
        }
    }
}

/// Every site-relative link that looks like a page of the site must reach
/// one: `/section` a section, `/section/slug` an article. (Links to the files
/// a build writes, like `/feed.xml` or `/media/…`, are not checked.)
fn check_internal_links(
    site: &Site,
    files: &[(PathBuf, String)],
    read: &[Read],
    errors: &mut Vec<SourceError>,
) {
    // Articles that failed to load still exist: a link to them is no error of its own.
    let known: BTreeSet<(&str, &str)> = files
        .iter()
        .filter_map(|(path, section)| Some((section.as_str(), path.file_stem()?.to_str()?)))
        .collect();
    for l in read {
        for (line, href) in &l.links {
            if !href.starts_with('/') {
                continue;
            }
            let path = href.split(['#', '?']).next().unwrap_or_default();
            let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
            let problem = match parts[..] {
                [first, ..] if RESERVED_SECTIONS.contains(&first) || first.contains('.') => None,
                [section] if !section.is_empty() && site.section(section).is_none() => {
                    Some(format!("link to {href}: there is no section {section:?}"))
                }
                [section, _] if site.section(section).is_none() => {
                    Some(format!("link to {href}: there is no section {section:?}"))
                }
                [section, slug] if !known.contains(&(section, slug)) => {
                    Some(format!("link to {href}: there is no article {section}/{slug}.md"))
                }
                [_, _, _, ..] => Some(format!(
                    "link to {href}: site links are /section or /section/slug"
                )),
                _ => None,
            };
            if let Some(message) = problem {
                errors.push(SourceError::new(&l.path, *line, message));
            }
        }
    }
}
