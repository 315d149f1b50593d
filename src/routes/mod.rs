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

use crate::navigation;
use broadsheet_model::{ArchiveKind, Route};
use leptos::prelude::*;

/// The page at the app's address, by the site's route table. A new view for
/// each new route; the same one while only the fragment changes.
///
/// Once the view for a new path is drawn, it tells `navigation`, which then
/// writes the address to the browser's history and scrolls to the top.
#[component]
pub fn RouteView() -> impl IntoView {
    let address = navigation::use_address();
    let path = Memo::new(move |_| address.with(|address| address.path.clone()));
    Effect::new(move |_| {
        // Read, not only tracked: a memo that is never read is never
        // computed, so it would never change either.
        path.with(|_| ());
        navigation::view_drawn();
    });
    let route = Memo::new(move |_| address.with(navigation::Address::route));
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
