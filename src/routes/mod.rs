//! One module per route, and the view that picks one for the address.

mod archive;
mod article;
mod home;
mod not_found;
mod search;
mod section;

pub use archive::ArchiveRoute;
pub use article::ArticlePage;
pub use home::Home;
pub use not_found::NotFound;
pub use search::SearchPage;
pub use section::SectionPage;

use crate::links;
use broadsheet_model::{ArchiveKind, Route};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

/// The page at the router's address, by the site's route table. A new view
/// for each new route; the same one while only the hash changes.
///
/// In place of leptos_router's `<Routes>`, whose matching (and its copy of
/// every view) cost about 6 KB of brotli wasm for one catch-all route
/// (docs/performance.md). Like `<Routes>`, it tells the router when the new
/// view is drawn, which then writes the address to the browser's history
/// and scrolls to the top.
#[component]
pub fn RouteView() -> impl IntoView {
    let location = use_location();
    let history = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(history) = &history {
            history.ready_to_complete();
        }
    });
    let base = links::base();
    let route = Memo::new(move |_| {
        let path = location.pathname.get();
        let below_base = path.strip_prefix(base.as_str()).unwrap_or(&path);
        location.search.with(|query| Route::parse(below_base, query))
    });
    move || match route.get() {
        Route::Home => view! { <Home /> }.into_any(),
        Route::Section { section, page } => view! { <SectionPage section page /> }.into_any(),
        Route::Article { section, slug } => view! { <ArticlePage section slug /> }.into_any(),
        Route::Tag { slug, page } => view! { <ArchiveRoute kind=ArchiveKind::Tag slug page /> }.into_any(),
        Route::Author { slug, page } => {
            view! { <ArchiveRoute kind=ArchiveKind::Author slug page /> }.into_any()
        }
        // The page reads its query itself, once shown (routes/search.rs).
        Route::Search { .. } => view! { <SearchPage /> }.into_any(),
        Route::NotFound => view! { <NotFound /> }.into_any(),
    }
}
