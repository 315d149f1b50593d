//! Reading `site.toml`: the site's settings and sections, each problem at
//! its line.

use crate::authors::{read_authors, Author, AuthorToml};
use crate::error::{line_of, SourceError};
use broadsheet_model::{Comments, Section, Site, SCHEMA};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use toml::Spanned;

/// Names at the root of a published site that a section cannot take: the
/// folders and files the build writes there, the app's own files, and names
/// kept for what a site commonly adds. (A slug has no dot, so `feed.xml` or
/// `index.html` cannot be one, but their stems are kept too, to avoid confusion.)
pub const RESERVED_SECTIONS: &[&str] = &[
    "content", "media", "feeds", "feed", "sitemap", "sitemaps", "robots", "assets", "static", "public",
    "page", "pages", "index", "404", "favicon", "api", "tag", "tags", "author", "authors", "search",
];

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
    #[serde(default)]
    authors: Vec<AuthorToml>,
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

/// The site, its base URL (ending in `/`) and its declared authors.
pub fn read_site(path: &Path) -> Result<(Site, String, Vec<Author>), Vec<SourceError>> {
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
    let authors = read_authors(path, &text, toml.authors, &mut errors);
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
    Ok((site, base_url, authors))
}

pub fn toml_error(path: &Path, text: &str, first_line: usize, e: &toml::de::Error) -> SourceError {
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

#[cfg(test)]
mod tests {
    use super::*;

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
