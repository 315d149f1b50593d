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
/// header box (`"box"`) or the search page (`"page"`). Resolves once it has
/// taken over; fails if it cannot be loaded.
#[cfg(target_arch = "wasm32")]
pub async fn open(what: &str) -> Result<(), ()> {
    // Fails at once if preload.js did not run (blocked, or an old copy).
    let promise = open_search(&crate::links::base(), what).map_err(|_| ())?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| ())
}

/// Natively (pages rendered at build time) there is nothing to load.
#[cfg(not(target_arch = "wasm32"))]
pub async fn open(_what: &str) -> Result<(), ()> {
    Ok(())
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// public/preload.js: imports the module (once) and has it attach.
    #[wasm_bindgen(catch, js_name = broadsheetOpenSearch)]
    fn open_search(base: &str, what: &str) -> Result<js_sys::Promise, wasm_bindgen::JsValue>;
}
