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
    /// A page of the articles with a tag (`/tag/<slug>/`), 1-based.
    Tag {
        slug: String,
        page: u32,
    },
    /// A page of an author's articles (`/author/<slug>/`), 1-based.
    Author {
        slug: String,
        page: u32,
    },
    /// The search page, `/search/?q=…`; `query` is the decoded `q` (empty
    /// without one). A static host serves one page for every query.
    Search {
        query: String,
    },
    /// Any other path.
    NotFound,
}

/// The folder that holds a section's later pages: `/world/page/2/`.
pub const PAGE_SEGMENT: &str = "page";
/// The first path segment of tag pages: `/tag/kim-jong-un/`.
pub const TAG_SEGMENT: &str = "tag";
/// The first path segment of author pages: `/author/jane-doe/`.
pub const AUTHOR_SEGMENT: &str = "author";
/// The search page's folder: `/search/`.
pub const SEARCH_SEGMENT: &str = "search";
/// The not-found page's own path, where it is rendered and written: a host
/// serves that file at every address it has no page for. It parses as
/// [`Route::NotFound`].
pub const NOT_FOUND_PAGE: &str = "/404.html";

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
        let page_in = |n: &str| {
            n.parse::<u32>()
                .ok()
                .filter(|&page| page >= 1 && n.bytes().all(|b| b.is_ascii_digit()))
        };
        match segments.as_slice() {
            [] => Route::Home,
            [SEARCH_SEGMENT] => Route::Search {
                query: query_value(query, "q")
                    .map(decode_query_value)
                    .unwrap_or_default(),
            },
            [kind @ (TAG_SEGMENT | AUTHOR_SEGMENT), slug, rest @ ..] => {
                let page = match rest {
                    [] => 1,
                    [PAGE_SEGMENT, n] => match page_in(n) {
                        Some(page) => page,
                        None => return Route::NotFound,
                    },
                    _ => return Route::NotFound,
                };
                let slug = slug.to_string();
                if *kind == TAG_SEGMENT {
                    Route::Tag { slug, page }
                } else {
                    Route::Author { slug, page }
                }
            }
            [TAG_SEGMENT | AUTHOR_SEGMENT] | [SEARCH_SEGMENT, ..] => Route::NotFound,
            [section] => Route::Section {
                section: section.to_string(),
                page: page_number(query_value(query, "page")),
            },
            [section, PAGE_SEGMENT, n] => match page_in(n) {
                Some(page) => Route::Section {
                    section: section.to_string(),
                    page,
                },
                None => Route::NotFound,
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
            Route::Tag { slug, page } => Some(tag_path(slug, *page)),
            Route::Author { slug, page } => Some(author_path(slug, *page)),
            Route::Search { .. } => Some(format!("/{SEARCH_SEGMENT}/")),
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

/// `/tag/<slug>/`, and `/tag/<slug>/page/N/` after the first page.
pub fn tag_path(slug: &str, page: u32) -> String {
    section_path(&format!("{TAG_SEGMENT}/{slug}"), page)
}

/// `/author/<slug>/`, and `/author/<slug>/page/N/` after the first page.
pub fn author_path(slug: &str, page: u32) -> String {
    section_path(&format!("{AUTHOR_SEGMENT}/{slug}"), page)
}

/// The search page for `query`: `/search/?q=…`, percent-encoded so any
/// text (quotes, `&`, `#`, emoji) comes back unchanged.
pub fn search_path(query: &str) -> String {
    let query = query.trim();
    if query.is_empty() {
        return format!("/{SEARCH_SEGMENT}/");
    }
    let mut out = format!("/{SEARCH_SEGMENT}/?q=");
    for b in query.bytes() {
        match b {
            b' ' => out.push('+'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A form-encoded query value: `+` is a space and `%XX` a byte. Malformed
/// escapes stay as they are, and bytes that are not UTF-8 become U+FFFD.
pub fn decode_query_value(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
        assert_eq!(Route::parse(NOT_FOUND_PAGE, ""), Route::NotFound);
    }

    #[test]
    fn tag_author_and_search_routes() {
        let tag = |slug: &str, page| Route::Tag {
            slug: slug.into(),
            page,
        };
        let author = |slug: &str, page| Route::Author {
            slug: slug.into(),
            page,
        };
        let search = |q: &str| Route::Search { query: q.into() };
        assert_eq!(Route::parse("/tag/kim-jong-un/", ""), tag("kim-jong-un", 1));
        assert_eq!(
            Route::parse("/tag/kim-jong-un/page/3/", ""),
            tag("kim-jong-un", 3)
        );
        assert_eq!(Route::parse("/author/jane-doe", ""), author("jane-doe", 1));
        assert_eq!(
            Route::parse("/author/jane-doe/page/2/", ""),
            author("jane-doe", 2)
        );
        for missing in [
            "/tag/",
            "/author",
            "/tag/x/page/0/",
            "/tag/x/y/",
            "/author/x/page/",
            "/search/x/",
        ] {
            assert_eq!(Route::parse(missing, ""), Route::NotFound, "{missing}");
        }
        assert_eq!(Route::parse("/search/", ""), search(""));
        assert_eq!(
            Route::parse("/search", "q=harbour+bridge"),
            search("harbour bridge")
        );
        assert_eq!(
            Route::parse("/search/", "?x=1&q=Q%26A%3A+%22%3C%2F"),
            search("Q&A: \"</")
        );
        assert_eq!(
            Route::parse("/search/", "q=%F0%9F%93%B0%20100%"),
            search("📰 100%")
        );
        assert_eq!(Route::parse("/search/", "q=%zz%4"), search("%zz%4"));
        for q in [
            "Q&A: \"</script>\" <b>",
            "100% sure",
            "a+b=c #1",
            "שלום עולם",
            "📰",
            "  spaced  out ",
        ] {
            let path = search_path(q);
            let (path, query) = path.split_once('?').unwrap();
            assert_eq!(Route::parse(path, query), search(q.trim()), "{q}");
        }
        assert_eq!(search_path("   "), "/search/");
        for route in [tag("x", 1), tag("x", 4), author("y", 1), author("y", 9)] {
            assert_eq!(Route::parse(&route.path().unwrap(), ""), route);
        }
        assert_eq!(tag_path("x", 2), "/tag/x/page/2/");
        assert_eq!(author_path("y", 1), "/author/y/");
        assert_eq!(search("anything").path().as_deref(), Some("/search/"));
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
