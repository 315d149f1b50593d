//! One article's file: its TOML front matter and Markdown body into an
//! `Article`, with its images checked and sized; each problem at its line.

use crate::error::{line_of, lines_of, SourceError};
use crate::head::Warning;
use crate::images::{is_remote, Images, Photo, RemoteSize};
use crate::markdown;
use crate::site_toml::{is_slug, toml_error};
use broadsheet_model::{parse_rfc3339, schema_for, Article, Image};
use serde_json::value::RawValue;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use crate::images::{image_size, is_media_name};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

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
    "images",
];
const HERO_FIELDS: &[&str] = &["src", "alt", "caption", "credit", "width", "height"];

/// One article, read and checked on its own.
pub struct Loaded {
    pub article: Article,
    /// The body as JSON: far smaller in memory than the blocks.
    pub body: Box<RawValue>,
    pub published: i64,
    pub changed: i64,
    pub media: Vec<(PathBuf, String)>,
    /// The photographs among `media`, with the copies to make of each.
    pub photos: Vec<Photo>,
    /// `[[images]]` entries no image uses.
    pub warnings: Vec<Warning>,
    /// Lines of `authors` and `tags` in the file (0 without tags), for
    /// the warnings about them (`tags`, `authors`).
    pub lines: FrontLines,
}

/// Where an article's `authors` and `tags` are in its file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrontLines {
    pub authors: u32,
    pub tags: u32,
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

pub fn parse_article(
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
    let mut lines = FrontLines::default();
    let authors = match f.texts(&table, "authors") {
        Some((a, line)) if a.is_empty() => {
            f.error(line, "`authors` needs at least one name".into());
            None
        }
        Some((a, line)) => {
            lines.authors = line as u32;
            Some(a)
        }
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
    let tags = match f.texts(&table, "tags") {
        Some((t, line)) => {
            lines.tags = line as u32;
            t
        }
        None => Vec::new(),
    };
    let mut images = Images::new(path, section, beside);
    images.remote = read_remote_sizes(&mut f, &table);
    let hero = match Front::get(&table, "hero") {
        None => None,
        Some(value) => {
            let line = f.line(value.span());
            match value.get_ref() {
                DeValue::Table(hero) => read_hero(&mut f, hero, line, &mut images),
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
    for (at, index, place) in std::mem::take(&mut parsed.images) {
        let line = first + line_of(body_text, at) - 1;
        if let Some(image) = parsed.image_mut(index, place) {
            images.resolve(line, image, &mut errors);
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
            // Version 1 unless the body uses what version 2 added.
            schema: schema_for(&body),
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
            more_in_section: Vec::new(),
            latest: Vec::new(),
        },
        published: at,
        lines,
        changed,
        warnings: images.unused(),
        media: images.media,
        photos: images.photos,
    })
}

/// The `[[images]]` entries: the sizes of images elsewhere (`https://…`),
/// which the press never downloads.
fn read_remote_sizes(f: &mut Front, table: &DeTable) -> Vec<RemoteSize> {
    let Some(value) = Front::get(table, "images") else {
        return Vec::new();
    };
    let line = f.line(value.span());
    let DeValue::Array(entries) = value.get_ref() else {
        f.error(
            line,
            "`images` must be a list of tables: [[images]] with src, width and height".into(),
        );
        return Vec::new();
    };
    let mut sizes: Vec<RemoteSize> = Vec::new();
    for entry in entries.iter() {
        let line = f.line(entry.span());
        let DeValue::Table(entry) = entry.get_ref() else {
            f.error(
                line,
                "each of `images` is a table: [[images]] with src, width and height".into(),
            );
            continue;
        };
        f.unknown_keys(entry, &["src", "width", "height"], "images.");
        let src = f.text(entry, "src", true, line);
        let (width, height) = (f.size(entry, "width"), f.size(entry, "height"));
        let Some(src) = src else { continue };
        if !is_remote(&src) {
            f.error(
                line,
                format!(
                    "[[images]] is for images elsewhere (https://…); the size of {src:?}, a file \
                     beside the article, is read from the file"
                ),
            );
            continue;
        }
        if let Some(first) = sizes.iter().find(|s| s.src == src) {
            let first = first.line;
            f.error(
                line,
                format!("[[images]] gives {src} twice (first at line {first})"),
            );
            continue;
        }
        match (width, height) {
            (Some(width), Some(height)) => sizes.push(RemoteSize {
                src,
                width,
                height,
                line,
                used: false,
            }),
            _ => f.error(
                line,
                format!("[[images]] for {src} needs both `width` and `height`"),
            ),
        }
    }
    sizes
}

fn read_hero(f: &mut Front, hero: &DeTable, line: usize, images: &mut Images) -> Option<Image> {
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
    if is_remote(&src) && width.is_none() {
        f.error(
            line,
            format!(
                "the hero image {src} is not on this site, so its size cannot be read (the press \
                 never downloads): give `width` and `height`"
            ),
        );
        return None;
    }
    let mut image = Image {
        src,
        alt,
        caption,
        credit,
        width: width.unwrap_or(0),
        height: height.unwrap_or(0),
        variants: None,
    };
    let before = f.errors.len();
    images.resolve(src_line, &mut image, f.errors);
    (f.errors.len() == before).then_some(image)
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
}
