//! The document head: each view sets its title and description as it is
//! drawn. Two strings don't need leptos_meta's reactive head manager, which
//! cost several KB of wasm.

#[cfg(target_arch = "wasm32")]
use {
    broadsheet_model::Site,
    leptos::prelude::{document, use_context},
    std::sync::Arc,
};

pub use broadsheet_model::title_text;

/// At build time the press writes each page's head from the same data
/// (with everything link previews need), so the view has nothing to do.
#[cfg(not(target_arch = "wasm32"))]
pub fn describe_page(_page: &str, _description: Option<&str>) {}

/// Names the page (`title_text` with the site's name) and describes it for
/// search engines and link previews; no description removes the old one.
#[cfg(target_arch = "wasm32")]
pub fn describe_page(page: &str, description: Option<&str>) {
    let document = document();
    // No site yet when the site file itself failed to load.
    let site = use_context::<Arc<Site>>()
        .map(|site| site.name.clone())
        .unwrap_or_default();
    document.set_title(&title_text(page, &site));
    let old = document.query_selector("meta[name=description]").ok().flatten();
    match (old, description) {
        (Some(meta), Some(text)) => set_content(&meta, text),
        (Some(meta), None) => meta.remove(),
        (None, Some(text)) => {
            let meta = document.create_element("meta").ok();
            if let (Some(meta), Some(head)) = (meta, document.head()) {
                let _ = meta.set_attribute("name", "description");
                set_content(&meta, text);
                let _ = head.append_child(&meta);
            }
        }
        (None, None) => {}
    }
}

#[cfg(target_arch = "wasm32")]
fn set_content(meta: &web_sys::Element, text: &str) {
    let _ = meta.set_attribute("content", text);
}

#[cfg(test)]
mod tests {
    use super::title_text;

    #[test]
    fn the_homepage_is_titled_with_the_site_name_alone() {
        assert_eq!(title_text("", "The Herald"), "The Herald");
        assert_eq!(title_text("World", "The Herald"), "World – The Herald");
        assert_eq!(
            title_text("This page could not be loaded", ""),
            "This page could not be loaded"
        );
    }
}
