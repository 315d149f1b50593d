//! Where each content file lives, relative to the site root, and which links
//! content may carry.

/// The folder, under the site root, that holds every content file.
pub const CONTENT_DIR: &str = "content";

pub fn site_file() -> String {
    format!("{CONTENT_DIR}/site.json")
}

pub fn front_file() -> String {
    format!("{CONTENT_DIR}/front.json")
}

/// `page` is 1-based.
pub fn section_page_file(section: &str, page: u32) -> String {
    format!("{CONTENT_DIR}/sections/{section}/{page}.json")
}

/// One page of a tag's articles; `page` is 1-based.
pub fn tag_page_file(slug: &str, page: u32) -> String {
    format!("{CONTENT_DIR}/tags/{slug}/{page}.json")
}

/// One page of an author's articles; `page` is 1-based.
pub fn author_page_file(slug: &str, page: u32) -> String {
    format!("{CONTENT_DIR}/authors/{slug}/{page}.json")
}

pub fn article_file(section: &str, slug: &str) -> String {
    format!("{CONTENT_DIR}/articles/{section}/{slug}.json")
}

/// Links in content may go to http(s) or stay on the site (`/world/slug`);
/// anything else (`javascript:`, `data:`, protocol-relative `//host`) may not.
pub fn is_safe_href(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    for scheme in ["http://", "https://"] {
        if let Some(rest) = lower.strip_prefix(scheme) {
            return !rest.is_empty();
        }
    }
    href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_under_the_content_dir() {
        assert_eq!(site_file(), "content/site.json");
        assert_eq!(front_file(), "content/front.json");
        assert_eq!(section_page_file("world", 2), "content/sections/world/2.json");
        assert_eq!(tag_page_file("kim-jong-un", 1), "content/tags/kim-jong-un/1.json");
        assert_eq!(author_page_file("jane-doe", 3), "content/authors/jane-doe/3.json");
        assert_eq!(article_file("world", "a-b"), "content/articles/world/a-b.json");
    }

    #[test]
    fn safe_hrefs() {
        for ok in ["https://example.org/", "HTTP://x.org", "/world/a", "/"] {
            assert!(is_safe_href(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "//evil.example",
            "/\\evil.example",
            "mailto:a@b.c",
            "world/a",
            "https://",
            "",
        ] {
            assert!(!is_safe_href(bad), "{bad}");
        }
    }
}
