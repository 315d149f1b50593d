//! Authors: declared once in `site.toml` as `[[authors]]` (name, bio,
//! optional slug and photo; `agency = true` for a wire service, which has
//! no page), matched to the articles' bylines. An article naming an author
//! who is not declared is a warning, not an error: an imported archive
//! still builds, that author just gets no page and no byline link.

use crate::error::{line_of, SourceError};
use crate::head::Warning;
use crate::parse::{image_size, is_media_name, FrontLines};
use crate::site_toml::is_slug;
use crate::tags::{tag_slug, Archive};
use broadsheet_model::{Article, Image};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The folder beside `site.toml` that holds the authors' photos; published
/// under `media/authors/`. ("authors" cannot be a section.)
pub const PHOTO_DIR: &str = "authors";

/// An `[[authors]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorToml {
    name: Spanned<String>,
    slug: Option<Spanned<String>>,
    bio: Option<Spanned<String>>,
    photo: Option<Spanned<PhotoToml>>,
    #[serde(default)]
    agency: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhotoToml {
    src: String,
    alt: String,
    width: Option<u32>,
    height: Option<u32>,
}

/// A declared author, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    pub name: String,
    /// The page's slug (`/author/<slug>/`); empty for an agency.
    pub slug: String,
    pub bio: String,
    /// `src` already as published (`/media/authors/x.jpg`).
    pub photo: Option<Image>,
    /// (source file, path under the site root) of the photo.
    pub media: Option<(PathBuf, String)>,
}

/// Checks the `[[authors]]` of `site_toml` (its `text`), each problem at
/// its line.
pub fn read_authors(
    site_toml: &Path,
    text: &str,
    entries: Vec<AuthorToml>,
    errors: &mut Vec<SourceError>,
) -> Vec<Author> {
    let line = |at: usize| line_of(text, at);
    let mut err = |at: usize, message: String| errors.push(SourceError::new(site_toml, at, message));
    let mut slugs: HashMap<String, String> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let name = entry.name.get_ref().trim().to_string();
        let at = line(entry.name.span().start);
        if name.is_empty() {
            err(at, "an author's name is empty".into());
            continue;
        }
        if let Some(other) = names.insert(tag_slug(&name), name.clone()) {
            err(
                at,
                format!("author {name:?} is declared twice (as {other:?} before)"),
            );
        }
        let bio = entry
            .bio
            .as_ref()
            .map(|b| b.get_ref().trim().to_string())
            .unwrap_or_default();
        if entry.agency {
            if let Some(s) = entry.slug.as_ref().map(|s| line(s.span().start)) {
                err(
                    s,
                    format!("{name:?} is an agency, which has no page: leave out `slug`"),
                );
            }
            if let Some(p) = entry.photo.as_ref().map(|p| line(p.span().start)) {
                err(
                    p,
                    format!("{name:?} is an agency, which has no page: leave out `photo`"),
                );
            }
            out.push(Author {
                name,
                slug: String::new(),
                bio,
                photo: None,
                media: None,
            });
            continue;
        }
        if bio.is_empty() {
            let at = entry.bio.as_ref().map_or(at, |b| line(b.span().start));
            err(at, format!("author {name:?} needs a short `bio` for their page"));
        }
        let slug = match &entry.slug {
            Some(s) if !is_slug(s.get_ref()) => {
                let at = line(s.span().start);
                err(
                    at,
                    format!(
                        "author slug {:?} must be lowercase letters, digits and hyphens",
                        s.get_ref()
                    ),
                );
                continue;
            }
            Some(s) => s.get_ref().clone(),
            None => tag_slug(&name),
        };
        if let Some(other) = slugs.insert(slug.clone(), name.clone()) {
            err(
                at,
                format!("author slug {slug:?} of {name:?} is already {other:?}'s: give one a `slug`"),
            );
        }
        let (photo, media) = match entry.photo {
            None => (None, None),
            Some(p) => {
                let at = line(p.span().start);
                match photo(site_toml, p.into_inner()) {
                    Ok((image, media)) => (Some(image), Some(media)),
                    Err(message) => {
                        err(at, format!("photo of {name:?}: {message}"));
                        (None, None)
                    }
                }
            }
        };
        out.push(Author {
            name,
            slug,
            bio,
            photo,
            media,
        });
    }
    out
}

/// An author's photo: a file in `authors/` beside `site.toml`, with alt text.
fn photo(site_toml: &Path, p: PhotoToml) -> Result<(Image, (PathBuf, String)), String> {
    if p.alt.trim().is_empty() {
        return Err("`alt` is empty: say what the photo shows".into());
    }
    if !is_media_name(&p.src) {
        return Err(format!(
            "{:?} must be a file name in {PHOTO_DIR}/ beside site.toml (letters, digits, - _ .)",
            p.src
        ));
    }
    let file = site_toml.with_file_name(PHOTO_DIR).join(&p.src);
    if !file.is_file() {
        return Err(format!("{} does not exist", file.display()));
    }
    let (width, height) = match (p.width, p.height) {
        (Some(w), Some(h)) if w > 0 && h > 0 => (w, h),
        _ => image_size(&file).ok_or("cannot read its size; give width and height")?,
    };
    let published = format!("media/{PHOTO_DIR}/{}", p.src);
    let image = Image {
        src: format!("/{published}"),
        alt: p.alt,
        caption: None,
        credit: None,
        width,
        height,
        variants: None,
    };
    Ok((image, (file, published)))
}

/// Each declared author with a page, in the order declared, with their
/// articles (indexes into `articles`, newest first); fills in each
/// article's `author_slugs`. Names are matched as tags are (`tag_slug`:
/// case, accents and punctuation aside). With authors declared, an author
/// who is not is a warning at the article's `authors` line, with the
/// closest declared name; a site that declares none has no author pages
/// and no such warnings.
pub fn link_authors(
    declared: &[Author],
    articles: &mut [Article],
    lines: &[FrontLines],
    file_of: impl Fn(&Article) -> PathBuf,
) -> (Vec<Archive>, Vec<Warning>) {
    let by_key: HashMap<String, usize> = declared
        .iter()
        .enumerate()
        .map(|(i, a)| (tag_slug(&a.name), i))
        .collect();
    let mut items: Vec<Vec<u32>> = vec![Vec::new(); declared.len()];
    let mut warnings = Vec::new();
    for (i, article) in articles.iter_mut().enumerate() {
        let mut slugs = Vec::with_capacity(article.authors.len());
        for name in &article.authors {
            match by_key.get(&tag_slug(name)) {
                Some(&a) => {
                    let author = &declared[a];
                    if !author.slug.is_empty() && items[a].last() != Some(&(i as u32)) {
                        items[a].push(i as u32);
                    }
                    slugs.push(author.slug.clone());
                }
                None => {
                    slugs.push(String::new());
                    if !declared.is_empty() {
                        warnings.push(Warning {
                            file: file_of(article),
                            line: lines[i].authors.max(1) as usize,
                            message: undeclared(name, declared),
                        });
                    }
                }
            }
        }
        // No page for anyone: leave the field out, as older files do.
        if slugs.iter().any(|s| !s.is_empty()) {
            article.author_slugs = slugs;
        }
    }
    let archives = declared
        .iter()
        .zip(items)
        .filter(|(a, _)| !a.slug.is_empty())
        .map(|(a, items)| Archive {
            slug: a.slug.clone(),
            name: a.name.clone(),
            about: a.bio.clone(),
            photo: a.photo.clone(),
            items,
        })
        .collect();
    (archives, warnings)
}

/// Names below this similarity (Jaro–Winkler) are not suggested.
const SUGGEST_ABOVE: f64 = 0.75;

fn undeclared(name: &str, declared: &[Author]) -> String {
    let closest = declared
        .iter()
        .map(|a| {
            (
                strsim::jaro_winkler(&name.to_lowercase(), &a.name.to_lowercase()),
                a,
            )
        })
        .filter(|(score, _)| *score >= SUGGEST_ABOVE)
        .max_by(|x, y| x.0.total_cmp(&y.0));
    let mut message = format!(
        "author {name:?} is not declared in site.toml's [[authors]], so has no page and no byline link"
    );
    if let Some((_, a)) = closest {
        message.push_str(&format!("; did you mean {:?}?", a.name));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(name: &str, slug: &str) -> Author {
        Author {
            name: name.into(),
            slug: slug.into(),
            bio: "Bio".into(),
            photo: None,
            media: None,
        }
    }

    #[test]
    fn suggestions_name_the_closest_declared_author() {
        let declared = [author("Amara Okafor", "amara-okafor"), author("Reuters", "")];
        let m = undeclared("Amara Okafr", &declared);
        assert!(m.ends_with("did you mean \"Amara Okafor\"?"), "{m}");
        let m = undeclared("Zed Q", &declared);
        assert!(!m.contains("did you mean"), "{m}");
    }
}
