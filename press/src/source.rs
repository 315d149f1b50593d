//! Reading `site.toml` and the article files, with every problem collected.

use crate::error::{line_of, lines_of, SourceError};
use crate::markdown;
use broadsheet_model::{parse_rfc3339, Article, Block, Comments, Image, Section, Site, SCHEMA};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

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
}

/// Names at the root of a published site that a section cannot take: the
/// folders and files the build writes there, the app's own files, and names
/// kept for what a site commonly adds. (A slug has no dot, so `feed.xml` or
/// `index.html` cannot be one, but their stems are kept too, to avoid confusion.)
pub const RESERVED_SECTIONS: &[&str] = &[
    "content", "media", "feeds", "feed", "sitemap", "sitemaps", "robots", "assets", "static", "public",
    "page", "pages", "index", "404", "favicon", "api", "tag", "tags", "author", "authors", "search",
];

/// Front matter keys, in the order the docs give them.
const FIELDS: &[&str] = &[
    "headline",
    "standfirst",
    "section",
    "authors",
    "published",
    "updated",
    "tags",
    "hero",
];
const HERO_FIELDS: &[&str] = &["src", "alt", "caption", "credit", "width", "height"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteToml {
    name: Spanned<String>,
    tagline: String,
    locale: Spanned<String>,
    time_zone: Spanned<String>,
    base_url: Option<Spanned<String>>,
    page_size: Option<Spanned<i64>>,
    comments: Option<CommentsToml>,
    sections: Vec<SectionToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentsToml {
    service: Spanned<String>,
    endpoint: Spanned<String>,
}

/// When set, the site file names an Isso server at this endpoint, whatever
/// site.toml says: `cargo xtask serve --comments` points the dev site at
/// the Isso it starts.
pub const COMMENTS_ENDPOINT_ENV: &str = "BROADSHEET_COMMENTS_ENDPOINT";

/// The only comment service the app speaks to.
const ISSO: &str = "isso";

/// A comment server's address as the site file holds it (no trailing
/// slash), or why it cannot be one.
fn comments_endpoint(endpoint: &str) -> Result<String, String> {
    let e = endpoint.trim_end_matches('/');
    let host = e.strip_prefix("https://").or_else(|| e.strip_prefix("http://"));
    let absolute = host.is_some_and(|h| !h.is_empty() && !h.starts_with('/'));
    let path = e.starts_with('/') && !e.starts_with("//");
    if !(absolute || path) || e.contains(char::is_whitespace) {
        return Err(format!(
            "comments endpoint {endpoint:?} must be an absolute http(s) address like \
             https://comments.example.org, or a path on this site like /comments"
        ));
    }
    if e.contains(['?', '#', '<', '>', '"']) {
        return Err(format!(
            "comments endpoint {endpoint:?} cannot have a query or fragment"
        ));
    }
    Ok(e.to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionToml {
    slug: Spanned<String>,
    name: Spanned<String>,
    description: String,
}

/// One article, read and checked on its own.
struct Loaded {
    article: Article,
    /// The body as JSON: far smaller in memory than the blocks.
    body: Box<RawValue>,
    published: i64,
    changed: i64,
    media: Vec<(PathBuf, String)>,
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
    let (site, base_url) = read_site(&site_path)?;
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
    for l in loaded {
        for (from, to) in l.media {
            media.entry(to).or_insert(from);
        }
        times.push((l.published, l.changed));
        articles.push(l.article);
        bodies.push(l.body);
    }
    Ok(Sources {
        site,
        base_url,
        articles,
        bodies,
        times,
        media: media.into_iter().map(|(to, from)| (from, to)).collect(),
    })
}

fn read_site(path: &Path) -> Result<(Site, String), Vec<SourceError>> {
    let text = fs::read_to_string(path).map_err(|e| {
        vec![SourceError::new(
            path,
            1,
            format!("cannot read the site's settings: {e}"),
        )]
    })?;
    let toml: SiteToml = toml::from_str(&text).map_err(|e| vec![toml_error(path, &text, 0, &e)])?;
    let mut errors = Vec::new();
    let line = |span: std::ops::Range<usize>| line_of(&text, span.start);
    let mut err = |line: usize, message: String| errors.push(SourceError::new(path, line, message));
    for (value, what) in [
        (&toml.name, "name"),
        (&toml.locale, "locale"),
        (&toml.time_zone, "time_zone"),
    ] {
        if value.get_ref().trim().is_empty() {
            err(line(value.span()), format!("{what} is empty"));
        }
    }
    let base_url = match &toml.base_url {
        None => {
            err(
                1,
                "base_url is missing: feeds and the sitemap need the site's address, \
                 like base_url = \"https://news.example.org/\""
                    .into(),
            );
            String::new()
        }
        Some(url) => {
            let u = url.get_ref();
            let host = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
            if host.is_none_or(|h| h.is_empty() || h.starts_with('/') || u.contains(char::is_whitespace)) {
                err(
                    line(url.span()),
                    format!(
                        "base_url {u:?} must be an absolute http(s) address like https://news.example.org/"
                    ),
                );
            }
            if u.contains(['?', '#', '<', '>', '"']) {
                err(
                    line(url.span()),
                    format!("base_url {u:?} cannot have a query or fragment"),
                );
            }
            if u.ends_with('/') {
                u.clone()
            } else {
                format!("{u}/")
            }
        }
    };
    let page_size = match &toml.page_size {
        None => 10,
        Some(size) => {
            let n = *size.get_ref();
            if !(1..=1000).contains(&n) {
                err(line(size.span()), "page_size must be between 1 and 1000".into());
            }
            n.clamp(1, 1000) as u32
        }
    };
    let mut comments = None;
    if let Some(c) = &toml.comments {
        if c.service.get_ref() != ISSO {
            err(
                line(c.service.span()),
                format!(
                    "comments service {:?} is not supported: the only one is \"{ISSO}\"",
                    c.service.get_ref()
                ),
            );
        }
        match comments_endpoint(c.endpoint.get_ref()) {
            Ok(endpoint) => comments = Some(endpoint),
            Err(e) => err(line(c.endpoint.span()), e),
        }
    }
    if let Ok(endpoint) = std::env::var(COMMENTS_ENDPOINT_ENV) {
        match comments_endpoint(&endpoint) {
            Ok(endpoint) => comments = Some(endpoint),
            Err(e) => err(1, format!("{COMMENTS_ENDPOINT_ENV}: {e}")),
        }
    }
    if toml.sections.is_empty() {
        err(1, "a site needs at least one [[sections]] entry".into());
    }
    let mut seen = BTreeSet::new();
    for s in &toml.sections {
        let slug = s.slug.get_ref();
        let at = line(s.slug.span());
        if !is_slug(slug) {
            err(
                at,
                format!("section slug {slug:?} must be lowercase letters, digits and hyphens"),
            );
        } else if RESERVED_SECTIONS.contains(&slug.as_str()) {
            err(
                at,
                format!(
                    "section slug {slug:?} is taken by the site itself (/{slug}); reserved: {}",
                    RESERVED_SECTIONS.join(", ")
                ),
            );
        }
        if !seen.insert(slug) {
            err(at, format!("section {slug:?} is listed twice"));
        }
        if s.name.get_ref().trim().is_empty() {
            err(line(s.name.span()), format!("section {slug:?} has an empty name"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let site = Site {
        schema: SCHEMA,
        name: toml.name.into_inner(),
        tagline: toml.tagline,
        locale: toml.locale.into_inner(),
        time_zone: toml.time_zone.into_inner(),
        base_url: toml.base_url.map(Spanned::into_inner).unwrap_or_default(),
        page_size,
        sections: toml
            .sections
            .into_iter()
            .map(|s| Section {
                slug: s.slug.into_inner(),
                name: s.name.into_inner(),
                description: s.description,
            })
            .collect(),
        comments: comments.map(|endpoint| Comments {
            service: ISSO.to_string(),
            endpoint,
        }),
    };
    Ok((site, base_url))
}

fn toml_error(path: &Path, text: &str, first_line: usize, e: &toml::de::Error) -> SourceError {
    let line = e
        .span()
        .map(|s| line_of(text, s.start) + first_line)
        .unwrap_or(first_line.max(1));
    SourceError::new(path, line, e.message().trim().to_string())
}

/// Lowercase ASCII letters and digits in hyphen-joined words.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
        if name.starts_with('.') {
            continue;
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

/// The front matter's text and the body's, with the byte offset of each in the file.
fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let after_open = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let front_start = text.len() - after_open.len();
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "+++" {
            let body_start = front_start + offset + line.len();
            return Some((
                &after_open[..offset],
                front_start,
                &text[body_start..],
                body_start,
            ));
        }
        offset += line.len();
    }
    None
}

/// Reads a front matter table, noting each problem at its line.
struct Front<'t, 'e> {
    path: &'t Path,
    text: &'t str,
    /// Line of the file where `text` starts.
    first_line: usize,
    /// The files beside the article.
    beside: &'t HashSet<String>,
    errors: &'e mut Vec<SourceError>,
}

impl Front<'_, '_> {
    fn line(&self, span: std::ops::Range<usize>) -> usize {
        self.first_line + line_of(self.text, span.start) - 1
    }

    fn error(&mut self, line: usize, message: String) {
        self.errors.push(SourceError::new(self.path, line, message));
    }

    fn unknown_keys(&mut self, table: &DeTable, known: &[&str], within: &str) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if !known.contains(&name) {
                let line = self.line(key.span());
                self.error(
                    line,
                    format!("unknown field `{within}{name}` (known: {})", known.join(", ")),
                );
            }
        }
    }

    fn get<'a, 'i>(table: &'a DeTable<'i>, name: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        table.iter().find(|(k, _)| k.get_ref() == name).map(|(_, v)| v)
    }

    /// A text field; `None` (after noting why) if it is missing, not text or empty.
    fn text(&mut self, table: &DeTable, name: &str, required: bool, at: usize) -> Option<String> {
        let value = match Self::get(table, name) {
            Some(v) => v,
            None => {
                if required {
                    self.error(at, format!("`{name}` is missing"));
                }
                return None;
            }
        };
        let line = self.line(value.span());
        match value.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
            DeValue::String(_) => {
                self.error(line, format!("`{name}` is empty"));
                None
            }
            other => {
                self.error(line, format!("`{name}` must be text, not {}", other.type_str()));
                None
            }
        }
    }

    /// A list of non-empty texts.
    fn texts(&mut self, table: &DeTable, name: &str) -> Option<(Vec<String>, usize)> {
        let value = Self::get(table, name)?;
        let line = self.line(value.span());
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                line,
                format!("`{name}` must be a list of texts, like {name} = [\"…\"]"),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                _ => {
                    let line = self.line(item.span());
                    self.error(line, format!("`{name}` must be a list of non-empty texts"));
                    return None;
                }
            }
        }
        Some((out, line))
    }

    /// An RFC 3339 time, written as text or as a TOML date-time.
    fn time(&mut self, table: &DeTable, name: &str, required: bool) -> Option<(String, i64, usize)> {
        let Some(value) = Self::get(table, name) else {
            if required {
                let at = self.first_line - 1;
                self.error(at, format!("`{name}` is missing"));
            }
            return None;
        };
        let line = self.line(value.span());
        let written = match value.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Datetime(d) => d.to_string(),
            other => other.type_str().to_string(),
        };
        match parse_rfc3339(&written) {
            Some(t) => Some((written, t, line)),
            None => {
                self.error(
                    line,
                    format!(
                        "`{name}` {written:?} is not a date and time with its offset (RFC 3339), \
                         like 2024-07-11T07:00:00Z or 2024-07-11T09:00:00+02:00"
                    ),
                );
                None
            }
        }
    }

    fn size(&mut self, table: &DeTable, name: &str) -> Option<u32> {
        let value = Self::get(table, name)?;
        let line = self.line(value.span());
        let n = match value.get_ref() {
            DeValue::Integer(i) => u32::from_str_radix(i.as_str(), i.radix()).ok().filter(|&n| n > 0),
            _ => None,
        };
        if n.is_none() {
            self.error(line, format!("`{name}` must be a whole number of pixels above 0"));
        }
        n
    }
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

fn parse_article(
    path: &Path,
    text: &str,
    section: &str,
    beside: &HashSet<String>,
    links: &mut Vec<(usize, String)>,
) -> Result<Loaded, Vec<SourceError>> {
    let slug = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let mut errors = Vec::new();
    if !is_slug(&slug) {
        errors.push(SourceError::new(
            path,
            1,
            format!(
                "file name {slug:?} is not a slug: use lowercase letters, digits and hyphens, \
                 like {section}/harbour-talks-stall.md"
            ),
        ));
    }
    let Some((front_text, front_start, body_text, body_start)) = split_front_matter(text) else {
        let msg = if text.starts_with("+++") {
            "the front matter is not closed by a `+++` line"
        } else {
            "an article starts with TOML front matter between `+++` lines"
        };
        errors.push(SourceError::new(path, 1, msg));
        return Err(errors);
    };
    let first_line = line_of(text, front_start);
    let table = match DeTable::parse(front_text) {
        Ok(t) => t.into_inner(),
        Err(e) => {
            errors.push(toml_error(path, front_text, first_line - 1, &e));
            return Err(errors);
        }
    };
    let mut f = Front {
        path,
        text: front_text,
        first_line,
        beside,
        errors: &mut errors,
    };
    f.unknown_keys(&table, FIELDS, "");
    let headline = f.text(&table, "headline", true, 1);
    let standfirst = f.text(&table, "standfirst", true, 1);
    if let Some(named) = Front::get(&table, "section") {
        let line = f.line(named.span());
        if named.get_ref().as_str() != Some(section) {
            f.error(
                line,
                format!(
                    "`section` says {:?} but the file is in the {section:?} folder; \
                     the folder decides (or leave `section` out)",
                    named.get_ref().as_str().unwrap_or("")
                ),
            );
        }
    }
    let authors = match f.texts(&table, "authors") {
        Some((a, line)) if a.is_empty() => {
            f.error(line, "`authors` needs at least one name".into());
            None
        }
        Some((a, _)) => Some(a),
        None => {
            if Front::get(&table, "authors").is_none() {
                f.error(1, "`authors` is missing: authors = [\"Name\"]".into());
            }
            None
        }
    };
    let published = f.time(&table, "published", true);
    let updated = f.time(&table, "updated", false);
    if let (Some((_, p, _)), Some((_, u, line))) = (&published, &updated) {
        if u < p {
            f.error(*line, "`updated` is before `published`".into());
        }
    }
    let tags = f.texts(&table, "tags").map(|(t, _)| t).unwrap_or_default();
    let mut media = Vec::new();
    let hero = match Front::get(&table, "hero") {
        None => None,
        Some(value) => {
            let line = f.line(value.span());
            match value.get_ref() {
                DeValue::Table(hero) => read_hero(&mut f, hero, line, section, &mut media),
                _ => {
                    f.error(line, "`hero` must be a table: [hero] with src, alt, …".into());
                    None
                }
            }
        }
    };
    let (mut parsed, found) = markdown::to_blocks(body_text);
    let first = line_of(text, body_start);
    let offsets: Vec<usize> = parsed.links.iter().map(|(at, _)| *at).collect();
    for ((_, href), line) in parsed.links.drain(..).zip(lines_of(body_text, &offsets)) {
        links.push((first + line - 1, href));
    }
    for (at, message) in found {
        errors.push(SourceError::new(
            path,
            first + line_of(body_text, at) - 1,
            message,
        ));
    }
    for (at, index) in std::mem::take(&mut parsed.images) {
        let line = first + line_of(body_text, at) - 1;
        if let Some(Block::Image { image }) = parsed.blocks.get_mut(index) {
            resolve_image(path, line, section, beside, image, &mut media, &mut errors);
        }
    }
    let body = parsed.blocks;
    let (Some(headline), Some(standfirst), Some(authors), Some((published, at, _)), true) =
        (headline, standfirst, authors, published, errors.is_empty())
    else {
        return Err(errors);
    };
    let changed = updated.as_ref().map_or(at, |(_, u, _)| *u);
    let word_count = markdown::word_count(&standfirst, &body);
    let body_json = serde_json::value::to_raw_value(&body).expect("blocks always serialize");
    Ok(Loaded {
        body: body_json,
        article: Article {
            schema: SCHEMA,
            slug,
            section: section.to_string(),
            headline,
            standfirst,
            authors,
            // Filled in once every article is read (tags and authors).
            author_slugs: Vec::new(),
            published,
            updated: updated.map(|(u, _, _)| u),
            hero,
            tags,
            tag_slugs: Vec::new(),
            body: Vec::new(),
            word_count,
            reading_minutes: markdown::reading_minutes(word_count),
            related: Vec::new(),
            more_in_section: Vec::new(),
            latest: Vec::new(),
        },
        published: at,
        changed,
        media,
    })
}

fn read_hero(
    f: &mut Front,
    hero: &DeTable,
    line: usize,
    section: &str,
    media: &mut Vec<(PathBuf, String)>,
) -> Option<Image> {
    f.unknown_keys(hero, HERO_FIELDS, "hero.");
    let src = f.text(hero, "src", true, line);
    let alt = match Front::get(hero, "alt") {
        None => {
            f.error(
                line,
                "the hero image needs alt text: alt = \"what the picture shows\"".into(),
            );
            None
        }
        Some(v) if v.get_ref().as_str().is_some_and(|s| s.trim().is_empty()) => {
            let line = f.line(v.span());
            f.error(line, "the hero image needs alt text: `alt` is empty".into());
            None
        }
        Some(_) => f.text(hero, "alt", true, line),
    };
    let caption = f.text(hero, "caption", false, line);
    let credit = f.text(hero, "credit", false, line);
    let width = f.size(hero, "width");
    let height = f.size(hero, "height");
    if width.is_some() != height.is_some() {
        f.error(
            line,
            "give the hero's `width` and `height` both, or neither (then they are read from the file)".into(),
        );
        return None;
    }
    let src_line = Front::get(hero, "src").map_or(line, |v| f.line(v.span()));
    let (src, alt) = (src?, alt?);
    let mut image = Image {
        src,
        alt,
        caption,
        credit,
        width: width.unwrap_or(0),
        height: height.unwrap_or(0),
    };
    let (path, beside) = (f.path, f.beside);
    let before = f.errors.len();
    resolve_image(path, src_line, section, beside, &mut image, media, f.errors);
    (f.errors.len() == before).then_some(image)
}

/// Checks that an image's file sits beside the article, reads its size if not
/// given, points `src` at where it is published and adds it to `media`.
fn resolve_image(
    article: &Path,
    line: usize,
    section: &str,
    beside: &HashSet<String>,
    image: &mut Image,
    media: &mut Vec<(PathBuf, String)>,
    errors: &mut Vec<SourceError>,
) {
    let name = image.src.clone();
    if !is_media_name(&name) {
        errors.push(SourceError::new(
            article,
            line,
            format!(
                "image {name:?} must be a file beside the article (letters, digits, - _ .), like photo.jpg"
            ),
        ));
        return;
    }
    let file = article.with_file_name(&name);
    if !beside.contains(&name) {
        errors.push(SourceError::new(
            article,
            line,
            format!("image {name} does not exist (looked for {})", file.display()),
        ));
        return;
    }
    if image.width == 0 || image.height == 0 {
        match image_size(&file) {
            Some((w, h)) => (image.width, image.height) = (w, h),
            None => {
                errors.push(SourceError::new(
                    article,
                    line,
                    format!("cannot read the size of image {name}; give width and height"),
                ));
                return;
            }
        }
    }
    let published = format!("media/{section}/{name}");
    image.src = format!("/{published}");
    media.push((file, published));
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

fn is_media_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.contains('.')
        && !name.ends_with(".md")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// Width and height of a PNG, JPEG, GIF, WebP… (through `imagesize`) or an SVG
/// (its `width`/`height` attributes, else its `viewBox`).
pub fn image_size(file: &Path) -> Option<(u32, u32)> {
    if file.extension().is_some_and(|x| x.eq_ignore_ascii_case("svg")) {
        let text = fs::read_to_string(file).ok()?;
        return svg_size(&text);
    }
    let size = imagesize::size(file).ok()?;
    Some((u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?))
}

fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |s: &str| {
        let n: f64 = s.trim().trim_end_matches("px").parse().ok()?;
        (n > 0.0 && n < 1e6).then_some(n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(number), attr("height").and_then(number)) {
        return Some((w, h));
    }
    let view: Vec<&str> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .collect();
    match view[..] {
        [_, _, w, h] => Some((number(w)?, number(h)?)),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\na = 1\n+++\nBody\n";
        let (front, fs, body, bs) = split_front_matter(text).unwrap();
        assert_eq!((front, fs, body, bs), ("a = 1\n", 4, "Body\n", 14));
        assert!(split_front_matter("+++\na = 1\n").is_none());
        assert!(split_front_matter("a = 1\n+++\n").is_none());
        let crlf = "+++\r\na = 1\r\n+++\r\nBody";
        assert_eq!(split_front_matter(crlf).unwrap().2, "Body");
    }

    #[test]
    fn reads_svg_sizes() {
        assert_eq!(svg_size(r#"<svg width="1200" height="675">"#), Some((1200, 675)));
        assert_eq!(svg_size(r#"<svg viewBox="0 0 64 48">"#), Some((64, 48)));
        assert_eq!(svg_size(r#"<svg width="100%" viewBox="0,0,3,2">"#), Some((3, 2)));
        assert_eq!(svg_size("<svg>"), None);
    }

    #[test]
    fn comments_endpoints() {
        assert_eq!(
            comments_endpoint("https://c.example.org/").unwrap(),
            "https://c.example.org"
        );
        assert_eq!(
            comments_endpoint("http://127.0.0.1:8090").unwrap(),
            "http://127.0.0.1:8090"
        );
        assert_eq!(comments_endpoint("/comments/").unwrap(), "/comments");
        for bad in [
            "",
            "/",
            "//c.example.org",
            "comments",
            "ftp://c.org",
            "https://",
            "/a b",
            "/c?x=1",
        ] {
            assert!(comments_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        for ok in ["a", "world", "a-1", "2024-review"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a.b", "ünï"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
