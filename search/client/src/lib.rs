//! Broadsheet's search in the browser (docs/search.md): a wasm module of its
//! own, which the app loads with `import()` the first time a reader focuses
//! the header's search box or opens the search page (src/search.js), so
//! neither its code nor the index costs any page load.
//!
//! It takes over markup the app has already drawn, by id: the header box
//! (`#site-search-q`) and its panel, and the search page's form, live
//! region and list. It draws results as text nodes and `<mark>` elements,
//! never HTML from the index. The pure parts (the page's address, the
//! messages) are here and tested natively; the browser parts are `web`.

mod address;
#[cfg(target_arch = "wasm32")]
mod draw;
mod messages;
#[cfg(target_arch = "wasm32")]
mod web;

pub use address::{page_address, read_address, PageQuery};
pub use messages::{count_message, no_results_message};
