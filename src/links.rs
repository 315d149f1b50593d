//! Every URL the app makes, from one base path, so the site works at the
//! domain root or under a sub-path (`/news/`) alike.

use broadsheet_model::{article_path, author_path, search_path, section_path, tag_path};
#[cfg(target_arch = "wasm32")]
use std::sync::OnceLock;

/// The path the site lives under, without a trailing slash: `""` at the
/// domain root, `"/news"` under a sub-path. Read once from `<base href>`,
/// which the build writes.
#[cfg(target_arch = "wasm32")]
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

/// At build time, the base path of the site being rendered on this thread.
#[cfg(not(target_arch = "wasm32"))]
pub fn base() -> String {
    RENDER_BASE.with_borrow(Clone::clone)
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static RENDER_BASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Sets the base path pages are rendered for on this thread, from the
/// shell's `<base href>` (build time only).
#[cfg(not(target_arch = "wasm32"))]
pub fn set_render_base(href: Option<&str>) {
    RENDER_BASE.with_borrow_mut(|base| *base = base_from_href(href));
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
    section_page(slug, 1)
}

/// Each page has one URL: page 1 is the section's own. Any listing pages
/// so: `slug` may be `tag/floods` or `author/ann-lee` (`Pager`).
pub fn section_page(slug: &str, page: u32) -> String {
    format!("{}{}", base(), section_path(slug, page))
}

pub fn tag(slug: &str) -> String {
    format!("{}{}", base(), tag_path(slug, 1))
}

pub fn author(slug: &str) -> String {
    format!("{}{}", base(), author_path(slug, 1))
}

/// The search page, with `query` as `?q=` unless it is blank.
pub fn search(query: &str) -> String {
    format!("{}{}", base(), search_path(query))
}

pub fn article(section: &str, slug: &str) -> String {
    format!("{}{}", base(), article_path(section, slug))
}

/// The address comments are kept under at the comment server: the article's
/// first address, without the trailing slash it has as a page of its own,
/// so that comments made before pages moved into folders stay with it.
pub fn comment_thread(section: &str, slug: &str) -> String {
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
        assert_eq!(section("world"), "/world/");
        assert_eq!(section_page("world", 1), "/world/");
        assert_eq!(section_page("world", 3), "/world/page/3/");
        assert_eq!(article("world", "a-b"), "/world/a-b/");
        assert_eq!(tag("kim-jong-un"), "/tag/kim-jong-un/");
        assert_eq!(author("ann-lee"), "/author/ann-lee/");
        assert_eq!(section_page("tag/floods", 2), "/tag/floods/page/2/");
        assert_eq!(comment_thread("world", "a-b"), "/world/a-b");
        assert_eq!(search(""), "/search/");
        assert_eq!(search("a&b c"), "/search/?q=a%26b+c");
        assert_eq!(asset("content/site.json"), "/content/site.json");
        assert_eq!(from_content("/media/world/x.svg"), "/media/world/x.svg");
        assert_eq!(from_content("https://example.org/"), "https://example.org/");
    }
}
