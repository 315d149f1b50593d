//! Reading `site.toml` and the article files, with every problem collected.

use crate::error::{line_of, SourceError};
use crate::markdown;
use broadsheet_model::{parse_rfc3339, Article, Image, Section, Site, SCHEMA};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Everything a build needs, read and checked.
#[derive(Debug)]
pub struct Sources {
    pub site: Site,
    /// Newest first.
    pub articles: Vec<Article>,
    /// Images to publish: (source file, path under the site root).
    pub media: Vec<(PathBuf, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteToml {
    name: String,
    tagline: String,
    locale: String,
    time_zone: String,
    #[serde(default)]
    base_url: String,
    #[serde(default = "default_page_size")]
    page_size: u32,
    sections: Vec<Section>,
}

fn default_page_size() -> u32 {
    10
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    headline: String,
    standfirst: String,
    authors: Vec<String>,
    published: String,
    updated: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    hero: Option<HeroToml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeroToml {
    src: String,
    alt: String,
    caption: Option<String>,
    credit: Option<String>,
    width: u32,
    height: u32,
}

/// Reads and checks every source under `dir`; all errors are reported at once.
pub fn load_sources(dir: &Path) -> Result<Sources, Vec<SourceError>> {
    let mut errors = Vec::new();
    let site_path = dir.join("site.toml");
    let site = match read_site(&site_path) {
        Ok(site) => site,
        Err(e) => return Err(vec![e]),
    };
    let mut articles = Vec::new();
    let mut media = Vec::new();
    for section in &site.sections {
        let folder = dir.join(&section.slug);
        let Ok(entries) = fs::read_dir(&folder) else {
            continue; // A section with no articles yet.
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        for file in files {
            match read_article(&file, &section.slug) {
                Ok((article, hero_file)) => {
                    if let (Some(hero), Some(from)) = (&article.hero, hero_file) {
                        media.push((from, hero.src.trim_start_matches('/').to_string()));
                    }
                    articles.push((file, article));
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
    }
    check_sections_exist(dir, &site, &mut errors);
    check_internal_links(&articles, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut articles: Vec<Article> = articles.into_iter().map(|(_, a)| a).collect();
    articles.sort_by(|a, b| {
        let key = |x: &Article| parse_rfc3339(&x.published).unwrap_or(0);
        key(b)
            .cmp(&key(a))
            .then_with(|| a.section.cmp(&b.section))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    Ok(Sources {
        site,
        articles,
        media,
    })
}

fn read_site(path: &Path) -> Result<Site, SourceError> {
    let text =
        fs::read_to_string(path).map_err(|e| SourceError::new(path, 0, format!("cannot read: {e}")))?;
    let toml: SiteToml = toml::from_str(&text).map_err(|e| toml_error(path, &text, 0, &e))?;
    let mut seen = BTreeSet::new();
    for s in &toml.sections {
        if !is_slug(&s.slug) {
            return Err(SourceError::new(
                path,
                0,
                format!(
                    "section slug {:?} must be lowercase letters, digits and hyphens",
                    s.slug
                ),
            ));
        }
        if !seen.insert(&s.slug) {
            return Err(SourceError::new(
                path,
                0,
                format!("section {:?} is listed twice", s.slug),
            ));
        }
    }
    if toml.page_size == 0 {
        return Err(SourceError::new(path, 0, "page_size must be at least 1"));
    }
    Ok(Site {
        schema: SCHEMA,
        name: toml.name,
        tagline: toml.tagline,
        locale: toml.locale,
        time_zone: toml.time_zone,
        base_url: toml.base_url,
        page_size: toml.page_size,
        sections: toml.sections,
    })
}

fn toml_error(path: &Path, text: &str, first_line: usize, e: &toml::de::Error) -> SourceError {
    let line = e.span().map(|s| line_of(text, s.start) + first_line).unwrap_or(0);
    SourceError::new(path, line, e.message().to_string())
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

fn read_article(path: &Path, section: &str) -> Result<(Article, Option<PathBuf>), Vec<SourceError>> {
    let err = |line, msg: String| vec![SourceError::new(path, line, msg)];
    let text = fs::read_to_string(path).map_err(|e| err(0, format!("cannot read: {e}")))?;
    let slug = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    if !is_slug(&slug) {
        return Err(err(
            0,
            format!("file name {slug:?} is not a slug (lowercase letters, digits and hyphens)"),
        ));
    }
    let Some(after_open) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(err(
            1,
            "an article starts with TOML front matter between `+++` lines".into(),
        ));
    };
    let Some(close) = after_open.find("\n+++") else {
        return Err(err(1, "the front matter is not closed by a `+++` line".into()));
    };
    let front_text = &after_open[..close + 1];
    let body_start = 4 + close + 4;
    let body = text.get(body_start..).unwrap_or_default();
    let body_first_line = line_of(&text, body_start);
    let front: FrontMatter =
        toml::from_str(front_text).map_err(|e| vec![toml_error(path, front_text, 1, &e)])?;

    let mut errors = Vec::new();
    let field_line = |name: &str| {
        front_text
            .lines()
            .position(|l| l.trim_start().starts_with(name))
            .map_or(1, |i| i + 2)
    };
    let mut check = |ok: bool, field: &str, msg: &str| {
        if !ok {
            errors.push(SourceError::new(path, field_line(field), msg.to_string()));
        }
    };
    check(!front.headline.trim().is_empty(), "headline", "headline is empty");
    check(
        !front.standfirst.trim().is_empty(),
        "standfirst",
        "standfirst is empty",
    );
    check(
        !front.authors.is_empty(),
        "authors",
        "an article needs at least one author",
    );
    let published = parse_rfc3339(&front.published);
    check(
        published.is_some(),
        "published",
        "published is not an RFC 3339 time like 2024-07-11T07:00:00Z",
    );
    if let Some(updated) = &front.updated {
        let u = parse_rfc3339(updated);
        check(
            u.is_some(),
            "updated",
            "updated is not an RFC 3339 time like 2024-07-11T07:00:00Z",
        );
        check(
            u.is_none() || published.is_none() || u >= published,
            "updated",
            "updated is before published",
        );
    }
    let mut hero_file = None;
    let hero = front.hero.map(|h| {
        check(!h.alt.trim().is_empty(), "alt", "the hero image needs alt text");
        check(
            h.width > 0 && h.height > 0,
            "width",
            "the hero image needs its width and height",
        );
        let from = path.with_file_name(&h.src);
        let name_ok = is_media_name(&h.src);
        check(name_ok, "src", "hero src must be a file name beside the article");
        check(
            !name_ok || from.is_file(),
            "src",
            &format!("hero image {} does not exist", h.src),
        );
        hero_file = Some(from);
        Image {
            src: format!("/media/{section}/{}", h.src),
            alt: h.alt,
            caption: h.caption,
            credit: h.credit,
            width: h.width,
            height: h.height,
        }
    });
    let blocks = markdown::to_blocks(body).map_err(|(offset, msg)| {
        let line = body_first_line + line_of(body, offset) - 1;
        vec![SourceError::new(path, line, msg)]
    });
    let body = match blocks {
        Ok(b) => b,
        Err(mut e) => {
            errors.append(&mut e);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let word_count = markdown::word_count(&front.standfirst, &body);
    Ok((
        Article {
            schema: SCHEMA,
            slug,
            section: section.to_string(),
            headline: front.headline,
            standfirst: front.standfirst,
            authors: front.authors,
            published: front.published,
            updated: front.updated,
            hero,
            tags: front.tags,
            body,
            word_count,
            reading_minutes: word_count.div_ceil(230).max(1),
        },
        hero_file,
    ))
}

fn is_media_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// Folders under the content directory that are not sections are a mistake.
fn check_sections_exist(dir: &Path, site: &Site, errors: &mut Vec<SourceError>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() && site.section(&name).is_none() {
            errors.push(SourceError::new(
                &path,
                0,
                format!("folder {name:?} is not a section listed in site.toml"),
            ));
        }
    }
}

/// Every link to `/section/slug` must reach an article that exists.
fn check_internal_links(articles: &[(PathBuf, Article)], errors: &mut Vec<SourceError>) {
    let known: BTreeSet<String> = articles
        .iter()
        .map(|(_, a)| format!("/{}/{}", a.section, a.slug))
        .collect();
    for (path, article) in articles {
        for href in markdown::hrefs(&article.body) {
            let target = href.split(['#', '?']).next().unwrap_or_default();
            if href.starts_with('/') && target.matches('/').count() == 2 && !known.contains(target) {
                errors.push(SourceError::new(
                    path,
                    0,
                    format!("link to {href} reaches no article"),
                ));
            }
        }
    }
}
