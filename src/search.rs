//! Search (docs/search.md): the header's search box on every page and the
//! search page are plain markup here. What they do (results as the reader
//! types, the results page, the index) is a wasm module of its own,
//! `broadsheet-search-client` (search/client/), loaded by `open` the first
//! time it is wanted, so none of it is in the app's wasm or any page load.
//!
//! The loader itself is a few lines in public/preload.js, which every page
//! runs anyway: as a wasm-bindgen snippet it would be a module the app's JS
//! imports, one more request before the app can start on every page.

/// The header's search box (id of its input).
pub const BOX_INPUT: &str = "site-search-q";

/// Asks the search module, loading it first if need be, to take over the
/// header box (`"box"`) or the search page (`"page"`). If it cannot be
/// loaded, the search page says search is unavailable (preload.js shows
/// its message; here, if preload.js itself did not run).
pub fn open(what: &str) {
    #[cfg(target_arch = "wasm32")]
    if open_search(&crate::links::base(), what).is_err() {
        use wasm_bindgen::JsCast;
        let note = leptos::prelude::document()
            .get_element_by_id(UNAVAILABLE)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(note) = note {
            note.set_hidden(false);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = what;
}

/// The search page's "search is unavailable" message (id).
pub const UNAVAILABLE: &str = "search-unavailable";

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// public/preload.js: imports the module (once) and has it attach.
    #[wasm_bindgen(catch, js_name = broadsheetOpenSearch)]
    fn open_search(base: &str, what: &str) -> Result<(), wasm_bindgen::JsValue>;
}
