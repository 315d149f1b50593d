//! Every URL the app makes, from one base path, so the site works at the
//! domain root or under a sub-path (`/news/`) alike.

use std::sync::OnceLock;

/// The path the site lives under, without a trailing slash: `""` at the
/// domain root, `"/news"` under a sub-path. Read once from `<base href>`,
/// which the build writes.
pub fn base() -> String {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| base_from_href(base_href().as_deref()))
        .clone()
}

#[cfg(target_arch = "wasm32")]
fn base_href() -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector("base[href]").ok()??.get_attribute("href")
}

#[cfg(not(target_arch = "wasm32"))]
fn base_href() -> Option<String> {
    None
}

/// The base path in a `<base href>` value such as `/news/` or
/// `https://host/news/`.
pub fn base_from_href(href: Option<&str>) -> String {
    let Some(href) = href else {
        return String::new();
    };
    let path = match href.find("://") {
        Some(scheme_end) => {
            let after = &href[scheme_end + 3..];
            after.find('/').map_or("", |i| &after[i..])
        }
        None => href,
    };
    path.trim_end_matches('/').to_string()
}

pub fn home() -> String {
    format!("{}/", base())
}

pub fn section(slug: &str) -> String {
    format!("{}/{slug}", base())
}

/// Page 1 has no query, so each page has one URL.
pub fn section_page(slug: &str, page: u32) -> String {
    if page <= 1 {
        section(slug)
    } else {
        format!("{}/{slug}?page={page}", base())
    }
}

pub fn article(section: &str, slug: &str) -> String {
    format!("{}/{section}/{slug}", base())
}

/// A file under the site root, such as `content/site.json`.
pub fn asset(file: &str) -> String {
    format!("{}/{}", base(), file.trim_start_matches('/'))
}

/// A link or image source from content: site-relative ones move under the
/// base path, absolute ones stay as they are.
pub fn from_content(href: &str) -> String {
    if href.starts_with('/') && !href.starts_with("//") {
        format!("{}{href}", base())
    } else {
        href.to_string()
    }
}

/// The `?page=N` of a section URL; anything else is page 1.
pub fn page_param(value: Option<&str>) -> u32 {
    value
        .and_then(|v| v.parse().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_from_the_base_element() {
        assert_eq!(base_from_href(None), "");
        assert_eq!(base_from_href(Some("/")), "");
        assert_eq!(base_from_href(Some("/news/")), "/news");
        assert_eq!(base_from_href(Some("/news")), "/news");
        assert_eq!(base_from_href(Some("https://example.org/news/")), "/news");
        assert_eq!(base_from_href(Some("https://example.org")), "");
    }

    #[test]
    fn links_at_the_root() {
        assert_eq!(home(), "/");
        assert_eq!(section("world"), "/world");
        assert_eq!(section_page("world", 1), "/world");
        assert_eq!(section_page("world", 3), "/world?page=3");
        assert_eq!(article("world", "a-b"), "/world/a-b");
        assert_eq!(asset("content/site.json"), "/content/site.json");
        assert_eq!(from_content("/media/world/x.svg"), "/media/world/x.svg");
        assert_eq!(from_content("https://example.org/"), "https://example.org/");
    }

    #[test]
    fn page_numbers_from_the_query() {
        assert_eq!(page_param(None), 1);
        assert_eq!(page_param(Some("3")), 3);
        assert_eq!(page_param(Some("0")), 1);
        assert_eq!(page_param(Some("-2")), 1);
        assert_eq!(page_param(Some("two")), 1);
    }
}
