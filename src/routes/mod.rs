//! One module per route, and the view that picks one for the address.

mod article;
mod home;
mod not_found;
mod section;

pub use article::ArticlePage;
pub use home::Home;
pub use not_found::NotFound;
pub use section::SectionPage;

use crate::links;
use broadsheet_model::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page at the router's address, by the site's route table. A new view
/// for each new route; the same one while only the hash changes.
#[component]
pub fn RouteView() -> impl IntoView {
    let location = use_location();
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
        Route::NotFound => view! { <NotFound /> }.into_any(),
    }
}
