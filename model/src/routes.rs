//! The site's route table: every page there is, parsed from its path and
//! written back. The app routes with it and the press renders a page for
//! each, so the two cannot disagree about an address.
//!
//! Every page lives in a folder of its own (`/world/`, `/world/page/2/`,
//! `/world/some-article/`), so that a static host serves it as
//! `…/index.html` with no rewrite rules. Query strings are for old links
//! only: a static host ignores them.

/// One page of the site. Paths here are below the site's base path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// A page of a section's listing, 1-based.
    Section {
        section: String,
        page: u32,
    },
    Article {
        section: String,
        slug: String,
    },
    /// Any other path.
    NotFound,
}

/// The folder that holds a section's later pages: `/world/page/2/`.
pub const PAGE_SEGMENT: &str = "page";

impl Route {
    /// The route at `path` (below the base path, such as `/world/page/2/`);
    /// `query` is the part after `?`, without it, where an old section link
    /// (`/world?page=2`) keeps its page number. Whether the section or the
    /// article exists is for the caller to find out.
    pub fn parse(path: &str, query: &str) -> Route {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let plain = |s: &&str| !s.contains('.');
        if !segments.iter().all(plain) {
            return Route::NotFound;
        }
        match segments.as_slice() {
            [] => Route::Home,
            [section] => Route::Section {
                section: section.to_string(),
                page: page_number(query_value(query, "page")),
            },
            [section, PAGE_SEGMENT, n] => match n.parse::<u32>() {
                Ok(page) if page >= 1 && n.bytes().all(|b| b.is_ascii_digit()) => Route::Section {
                    section: section.to_string(),
                    page,
                },
                _ => Route::NotFound,
            },
            [section, slug] => Route::Article {
                section: section.to_string(),
                slug: slug.to_string(),
            },
            _ => Route::NotFound,
        }
    }

    /// The route's one address, below the base path (`/`, `/world/`,
    /// `/world/page/2/`, `/world/a-b/`); the not-found page has none.
    pub fn path(&self) -> Option<String> {
        match self {
            Route::Home => Some("/".to_string()),
            Route::Section { section, page } => Some(section_path(section, *page)),
            Route::Article { section, slug } => Some(article_path(section, slug)),
            Route::NotFound => None,
        }
    }
}

/// Page 1 is the section's own address, so each page has one URL.
pub fn section_path(section: &str, page: u32) -> String {
    if page <= 1 {
        format!("/{section}/")
    } else {
        format!("/{section}/{PAGE_SEGMENT}/{page}/")
    }
}

pub fn article_path(section: &str, slug: &str) -> String {
    format!("/{section}/{slug}/")
}

/// The value of `name` in a query string (`a=1&page=2`), undecoded.
fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// A page number; anything else (missing, 0, negative, words) is page 1.
pub fn page_number(value: Option<&str>) -> u32 {
    value
        .and_then(|v| v.parse().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(s: &str, page: u32) -> Route {
        Route::Section {
            section: s.into(),
            page,
        }
    }

    fn article(s: &str, slug: &str) -> Route {
        Route::Article {
            section: s.into(),
            slug: slug.into(),
        }
    }

    #[test]
    fn paths_parse_to_routes() {
        assert_eq!(Route::parse("/", ""), Route::Home);
        assert_eq!(Route::parse("", ""), Route::Home);
        assert_eq!(Route::parse("/index.html", ""), Route::Home);
        assert_eq!(Route::parse("/world", ""), section("world", 1));
        assert_eq!(Route::parse("/world/", ""), section("world", 1));
        assert_eq!(Route::parse("/world/page/3/", ""), section("world", 3));
        assert_eq!(Route::parse("/world/page/3", ""), section("world", 3));
        assert_eq!(Route::parse("/world/page/3/index.html", ""), section("world", 3));
        assert_eq!(Route::parse("/world/a-b", ""), article("world", "a-b"));
        assert_eq!(Route::parse("/world/a-b/", ""), article("world", "a-b"));
        for missing in [
            "/world/page/0/",
            "/world/page/x/",
            "/world/page/+2/",
            "/a/b/c",
            "/a/b/c/d",
            "/favicon.ico",
            "/world/x.json",
        ] {
            assert_eq!(Route::parse(missing, ""), Route::NotFound, "{missing}");
        }
    }

    #[test]
    fn old_page_queries_keep_their_page() {
        assert_eq!(Route::parse("/world", "page=2"), section("world", 2));
        assert_eq!(Route::parse("/world/", "?utm=x&page=4"), section("world", 4));
        assert_eq!(Route::parse("/world/", "page=0"), section("world", 1));
        assert_eq!(Route::parse("/world/", "page=two"), section("world", 1));
        assert_eq!(Route::parse("/world/", "pages=3"), section("world", 1));
    }

    #[test]
    fn routes_write_their_one_address() {
        for route in [
            Route::Home,
            section("world", 1),
            section("world", 12),
            article("world", "a-b"),
        ] {
            let path = route.path().unwrap();
            assert!(path.starts_with('/') && path.ends_with('/'), "{path}");
            assert_eq!(Route::parse(&path, ""), route, "{path}");
        }
        assert_eq!(section_path("world", 1), "/world/");
        assert_eq!(section_path("world", 2), "/world/page/2/");
        assert_eq!(Route::NotFound.path(), None);
    }

    #[test]
    fn page_numbers() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("-2")), 1);
        assert_eq!(page_number(Some("two")), 1);
    }
}
