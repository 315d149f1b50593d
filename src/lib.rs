//! Broadsheet: a news site that runs in the browser.
//!
//! `App` loads the site file, then routes between the homepage, section pages
//! and article pages. Data types and their rules live in `broadsheet-model`;
//! fetching lives in `load`, links in `links`, dates in `dates`.

#![recursion_limit = "256"]

pub mod comments;
pub mod components;
pub mod dates;
pub mod drafts;
pub mod focus;
pub mod head;
pub mod hydrate_later;
pub mod isso;
pub mod links;
pub mod load;
pub mod navigation;
#[cfg(feature = "ssr")]
pub mod render;
pub mod routes;
pub mod safe_html;
pub mod search;
pub mod storage;
pub mod theme;

use broadsheet_model::{site_file, Site};
use components::{Loaded, SiteFooter, SiteHeader};
use hydrate_later::hydrate_later;
use leptos::prelude::*;
use std::sync::Arc;
#[cfg(target_arch = "wasm32")]
use {broadsheet_model::Route, wasm_bindgen::JsCast};

#[component]
pub fn App() -> impl IntoView {
    // After the first render: it reads storage, which the page rendered at
    // build time cannot know.
    Effect::new(|_| components::prune_old_drafts());
    navigation::provide_navigation();
    let site = load::resource(site_file);
    view! { <Loaded resource=site render={|site: Arc<Site>| view! { <Shell site /> }} /> }
}

/// The page around every route, once the site file is in.
#[component]
fn Shell(site: Arc<Site>) -> impl IntoView {
    provide_context(site);
    // The page's main part and its footer are taken over each in a task of
    // its own, after the header (`hydrate_later`).
    view! {
        <SiteHeader />
        {hydrate_later(|| view! {
            <main id="main" tabindex="-1">
                // Which page an address is, is for the site's own route table
                // (`broadsheet_model::Route`), which the build-time renderer
                // shares; `navigation` keeps the address.
                <routes::RouteView />
                <focus::RouteAnnouncer />
            </main>
        })}
        {hydrate_later(|| view! { <SiteFooter /> })}
    }
}

/// The site file, for any component under the shell.
pub fn use_site() -> Arc<Site> {
    expect_context::<Arc<Site>>()
}

/// Starts the app in the browser: takes over the page if it was rendered
/// at build time for this address (hydration), else draws it afresh (a
/// development server, or a host answering a missing page with another).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // Not in the task that instantiated the wasm: that one is long enough.
    hydrate_later::next_task(start_now);
}

#[cfg(target_arch = "wasm32")]
fn start_now() {
    let document = document();
    let Some(body) = document.body() else {
        return;
    };
    let carried = body.query_selector_all("script[type='application/json'][data-file]");
    let mut files = Vec::new();
    if let Ok(carried) = carried {
        for i in 0..carried.length() {
            let Some(element) = carried
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            if let (Some(file), Some(text)) = (element.get_attribute("data-file"), element.text_content()) {
                files.push((file, text));
            }
        }
    }
    load::take_carried(files);
    load::decode_carried::<Site>(&site_file());
    let rendered_for = body.get_attribute("data-route").map(|path| {
        if path.is_empty() {
            Route::NotFound
        } else {
            Route::parse(&path, "")
        }
    });
    // One page can serve several routes: the search page is rendered without
    // a query and serves every `?q=` (its view reads the query only after
    // the takeover), so pages are compared by address; and the not-found
    // page serves every address a host has no page for.
    let served_not_found = rendered_for == Some(Route::NotFound);
    if served_not_found {
        navigation::served_not_found();
    }
    // A page changed since it was served (a translation tool, an extension)
    // is drawn afresh: taking over elements that are no longer the ones the
    // app would draw stops it dead. No loader to ask: a development server.
    let changed = page_changed().unwrap_or(false);
    // Either way, the comment form the app makes takes what the reader
    // typed into the page's.
    components::expect_form_to_take_over();
    if !changed
        && (served_not_found || rendered_for.is_some_and(|route| route.path() == current_route().path()))
    {
        // Parts of the page are taken over in later tasks; whatever would
        // change the page first finishes them, before `navigation` (which
        // listens on the window too, after these) sees it.
        for event in ["click", "popstate"] {
            leptos::prelude::window_event_listener_untyped(event, |_| hydrate_later::finish_now());
        }
        // The rest in a task of its own too: each of these steps is the
        // first call of much of the wasm, which V8 compiles then.
        hydrate_later::next_task(move || {
            leptos::mount::hydrate_body(App);
            // After the tasks this one's effects ask for (the date bar's).
            hydrate_later::next_task(move || {
                hydrate_later::finish_then(move || mark_started(&document, "took-over"))
            });
        });
    } else {
        // The new page is drawn after the old one, whose comment form still
        // holds what the reader may have typed, for the new form to take;
        // then the old one goes, and focus moves to the new element that
        // has the id the focused one had.
        let focused = document.active_element().map(|element| element.id());
        let old = document
            .create_range()
            .ok()
            .filter(|old| old.select_node_contents(&body).is_ok());
        if old.is_none() {
            body.set_text_content(None);
        }
        leptos::mount::mount_to_body(App);
        if let Some(old) = old {
            let _ = old.delete_contents();
        }
        if let Some(id) = focused.filter(|id| !id.is_empty()) {
            focus::focus_element(&id);
        }
        mark_started(&document, "drew");
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The loader's (xtask/src/boot.rs): whether anything but the app has
    /// changed the page since it was served.
    #[wasm_bindgen(catch, js_name = broadsheetPageChanged)]
    fn page_changed() -> Result<bool, wasm_bindgen::JsValue>;
}

/// What the app did, for tests and for anyone curious: `took-over` a page
/// rendered at build time, or `drew` one afresh.
#[cfg(target_arch = "wasm32")]
fn mark_started(document: &web_sys::Document, started: &str) {
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-app", started);
    }
}

/// The route at the browser's address.
#[cfg(target_arch = "wasm32")]
fn current_route() -> Route {
    navigation::browser_address().route()
}

/// Natively there is nothing to start: the app runs in the browser, and the
/// press renders its pages (`render`).
#[cfg(not(target_arch = "wasm32"))]
pub fn start() {
    eprintln!("broadsheet runs in the browser: build it with `trunk build` or `cargo xtask dist`");
}
