//! Broadsheet: a news site that runs in the browser.
//!
//! `App` loads the site file, then routes between the homepage, section pages
//! and article pages. Data types and their rules live in `broadsheet-model`;
//! fetching lives in `load`, links in `links`, dates in `dates`.

pub mod comments;
pub mod components;
pub mod dates;
pub mod drafts;
pub mod focus;
pub mod head;
pub mod isso;
pub mod links;
pub mod load;
pub mod routes;
pub mod safe_html;
pub mod storage;
pub mod theme;

use broadsheet_model::{site_file, Site};
use components::{Loaded, SiteFooter, SiteHeader};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    components::prune_old_drafts();
    let site = load::resource(site_file);
    view! {
        <Router base=links::base()>
            <Loaded resource=site render={|site: Arc<Site>| view! { <Shell site /> }} />
        </Router>
    }
}

/// The page around every route, once the site file is in.
#[component]
fn Shell(site: Arc<Site>) -> impl IntoView {
    provide_context(site);
    view! {
        <SiteHeader />
        <main id="main" tabindex="-1">
            <Routes fallback=routes::NotFound>
                <Route path=path!("/") view=routes::Home />
                <Route path=path!("/:section") view=routes::SectionPage />
                <Route path=path!("/:section/:slug") view=routes::ArticlePage />
            </Routes>
            <focus::RouteAnnouncer />
        </main>
        <SiteFooter />
    }
}

/// The site file, for any component under the shell.
pub fn use_site() -> Arc<Site> {
    expect_context::<Arc<Site>>()
}
