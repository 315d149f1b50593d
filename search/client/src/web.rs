//! The browser side: fetching index files, answering the header box and the
//! search page, and drawing results. Listeners are delegated from the
//! document, installed once, so the search page's elements, which the app
//! draws anew on every visit, need nothing attached to them.

use crate::draw::{add_filters, draw_box, draw_page, set_text};
use crate::{page_address, read_address, PageQuery};
use broadsheet_search::{Engine, Error, Order, Query, Results, Step, MANIFEST_FILE};
use js_sys::{Array, Promise, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, Response};

pub(crate) const BOX_INPUT: &str = "site-search-q";
pub(crate) const BOX_PANEL: &str = "site-search-panel";
/// The header box's live region, made here (the panel is hidden when empty,
/// and a region must be in the page before what it announces).
pub(crate) const BOX_STATUS: &str = "site-search-status";
pub(crate) const PAGE_INPUT: &str = "search-q";
pub(crate) const PAGE_SECTION: &str = "search-section";
pub(crate) const PAGE_ORDER: &str = "search-order";
pub(crate) const PAGE_STATUS: &str = "search-status";
pub(crate) const PAGE_LIST: &str = "search-results";
pub(crate) const PAGE_UNAVAILABLE: &str = "search-unavailable";

/// Results in the header's panel, and on a page of the results page. Ten
/// a page: hits ranked by relevance lie far apart in the archive, each in
/// a docs file of its own, so each costs a file (docs/search.md).
pub(crate) const BOX_HITS: usize = 5;
pub(crate) const PAGE_HITS: usize = 10;
/// Milliseconds after the last keystroke before a search starts.
pub(crate) const DEBOUNCE_MS: i32 = 150;

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Box,
    Page,
}

#[derive(Default)]
pub(crate) struct State {
    pub(crate) base: String,
    installed: bool,
    /// The site's locale and time zone, and section names, for results.
    pub(crate) locale: String,
    pub(crate) time_zone: Option<String>,
    pub(crate) sections: Vec<(String, String)>,
    /// Hits shown on the results page (grows with "More results").
    pub(crate) page_hits: usize,
}

thread_local! {
    pub(crate) static STATE: RefCell<State> = RefCell::default();
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    /// Each search's number, per target: an answer that arrives after a
    /// newer search started is dropped.
    static BOX_RUN: Cell<u32> = const { Cell::new(0) };
    static PAGE_RUN: Cell<u32> = const { Cell::new(0) };
    static TIMERS: Cell<(i32, i32)> = const { Cell::new((0, 0)) };
}

/// Called by the app (src/search.js) with its base path and what to take
/// over: `"box"` (the header's box, on its first focus or keystroke) or
/// `"page"` (the search page, each time it is shown).
#[wasm_bindgen]
pub fn attach(base: String, what: String) {
    let first = STATE.with_borrow_mut(|s| {
        s.base = base;
        !std::mem::replace(&mut s.installed, true)
    });
    if first {
        read_site();
        install();
    }
    if what == "page" {
        STATE.with_borrow_mut(|s| s.page_hits = PAGE_HITS);
        let query = read_address(&window().location().search().unwrap_or_default());
        add_filters();
        if let Some(input) = input(PAGE_INPUT) {
            input.set_value(&query.text);
        }
        if let Some(select) = by_id::<HtmlSelectElement>(PAGE_SECTION) {
            select.set_value(query.section.as_deref().unwrap_or(""));
        }
        if let Some(select) = by_id::<HtmlSelectElement>(PAGE_ORDER) {
            select.set_value(if query.newest { "newest" } else { "" });
        }
        search_page(false, false);
    } else if first && input(BOX_INPUT).is_some_and(|i| !i.value().trim().is_empty()) {
        // Typed before the module arrived; from now on its own listener
        // answers each keystroke (the app calls again on each: a no-op).
        search_box();
    }
}

pub(crate) fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

pub(crate) fn document() -> Document {
    window().document().expect("a document")
}

pub(crate) fn by_id<T: JsCast>(id: &str) -> Option<T> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

pub(crate) fn input(id: &str) -> Option<HtmlInputElement> {
    by_id(id)
}

/// The site's locale, time zone and sections, from the site file the page
/// carries (docs/rendering.md), or else from the page itself.
fn read_site() {
    let doc = document();
    let carried = doc
        .query_selector("script[data-file='content/site.json']")
        .ok()
        .flatten()
        .and_then(|s| s.text_content())
        .and_then(|t| js_sys::JSON::parse(&t).ok());
    let get = |v: &JsValue, k: &str| Reflect::get(v, &JsValue::from_str(k)).ok();
    let mut sections = Vec::new();
    let (mut locale, mut zone) = (None, None);
    if let Some(site) = &carried {
        locale = get(site, "locale").and_then(|v| v.as_string());
        zone = get(site, "time_zone").and_then(|v| v.as_string());
        if let Some(list) = get(site, "sections").and_then(|v| v.dyn_into::<Array>().ok()) {
            for s in list.iter() {
                if let (Some(slug), Some(name)) = (
                    get(&s, "slug").and_then(|v| v.as_string()),
                    get(&s, "name").and_then(|v| v.as_string()),
                ) {
                    sections.push((slug, name));
                }
            }
        }
    }
    if sections.is_empty() {
        // The section names as the header's menu shows them.
        if let Ok(links) = doc.query_selector_all(".section-nav a[href]") {
            for i in 0..links.length() {
                let Some(a) = links.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                let href = a.get_attribute("href").unwrap_or_default();
                let slug = href.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
                sections.push((slug.to_string(), a.text_content().unwrap_or_default()));
            }
        }
    }
    let lang = doc
        .document_element()
        .map(|e| e.get_attribute("lang").unwrap_or_default());
    STATE.with_borrow_mut(|s| {
        s.locale = locale.or(lang).unwrap_or_default();
        s.time_zone = zone;
        s.sections = sections;
    });
}

fn listen(doc: &Document, event: &str, handler: fn(Event)) {
    let closure = Closure::<dyn Fn(Event)>::new(handler);
    let _ = doc.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // For the page's lifetime, like the app itself.
    closure.forget();
}

fn install() {
    let doc = document();
    // A status line for the header box, in the page from now on.
    if let (Some(form), Ok(status)) = (
        doc.query_selector("form.site-search").ok().flatten(),
        doc.create_element("p"),
    ) {
        status.set_id(BOX_STATUS);
        status.set_class_name("visually-hidden");
        let _ = status.set_attribute("role", "status");
        let _ = form.append_child(&status);
    }
    listen(&doc, "input", |ev| match target_id(&ev).as_str() {
        BOX_INPUT => debounce(Target::Box),
        PAGE_INPUT => debounce(Target::Page),
        _ => {}
    });
    listen(&doc, "change", |ev| {
        if matches!(target_id(&ev).as_str(), PAGE_SECTION | PAGE_ORDER) {
            search_page(true, false);
        }
    });
    listen(&doc, "submit", |ev| {
        let Some(form) = target::<Element>(&ev) else {
            return;
        };
        if form.matches(".search-form").unwrap_or(false) {
            // The results page answers in place; the address follows.
            ev.prevent_default();
            search_page(true, false);
        } else if form.matches(".site-search").unwrap_or(false) {
            // The results page, in the app: a link the app follows itself
            // (it takes the clicks on links to its own pages), rather than
            // loading the page again.
            ev.prevent_default();
            hide_panel();
            let query = PageQuery {
                text: input(BOX_INPUT).map(|i| i.value()).unwrap_or_default(),
                ..PageQuery::default()
            };
            let base = STATE.with_borrow(|s| s.base.clone());
            follow(&page_address(&base, &query));
        }
    });
    listen(&doc, "keydown", |ev| {
        let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if key.key() == "Escape" && in_box(target::<web_sys::Node>(&ev).as_ref()) {
            hide_panel();
            if let Some(input) = input(BOX_INPUT) {
                let _ = input.focus();
            }
        }
    });
    listen(&doc, "focusout", |ev| {
        let Some(focus) = ev.dyn_ref::<web_sys::FocusEvent>() else {
            return;
        };
        let next = focus
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if in_box(target::<web_sys::Node>(&ev).as_ref()) && !in_box(next.as_ref()) {
            hide_panel();
        }
    });
    listen(&doc, "click", |ev| {
        let node = target::<Element>(&ev);
        if let Some(el) = &node {
            if el.closest("#site-search-panel a").ok().flatten().is_some() {
                // Followed in the app; the panel has done its work.
                hide_panel();
            } else if el.closest(".search-more button").ok().flatten().is_some() {
                STATE.with_borrow_mut(|s| s.page_hits += PAGE_HITS);
                search_page(false, false);
            }
        }
    });
}

/// Goes to `href` as a click on a link there would.
fn follow(href: &str) {
    let doc = document();
    let (Ok(link), Some(body)) = (doc.create_element("a"), doc.body()) else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = body.append_child(&link);
    if let Some(link) = link.dyn_ref::<HtmlElement>() {
        link.click();
    }
    link.remove();
}

fn target<T: JsCast>(ev: &Event) -> Option<T> {
    ev.target()?.dyn_into().ok()
}

fn target_id(ev: &Event) -> String {
    target::<Element>(ev).map(|e| e.id()).unwrap_or_default()
}

/// Whether `node` is the header box's form or its panel, or inside them.
fn in_box(node: Option<&web_sys::Node>) -> bool {
    let doc = document();
    let form = doc.query_selector("form.site-search").ok().flatten();
    let panel = doc.get_element_by_id(BOX_PANEL);
    node.is_some_and(|n| {
        form.is_some_and(|f| f.contains(Some(n))) || panel.is_some_and(|p| p.contains(Some(n)))
    })
}

fn hide_panel() {
    if let Some(panel) = by_id::<HtmlElement>(BOX_PANEL) {
        panel.set_hidden(true);
    }
}

/// Searches `target` once the reader pauses typing.
fn debounce(target: Target) {
    let (box_timer, page_timer) = TIMERS.get();
    let old = if target == Target::Box {
        box_timer
    } else {
        page_timer
    };
    window().clear_timeout_with_handle(old);
    let run = Closure::once_into_js(move || match target {
        Target::Box => search_box(),
        Target::Page => search_page(true, true),
    });
    let handle = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), DEBOUNCE_MS)
        .unwrap_or(0);
    TIMERS.set(if target == Target::Box {
        (handle, page_timer)
    } else {
        (box_timer, handle)
    });
}

fn next_run(target: Target) -> u32 {
    let cell = if target == Target::Box {
        &BOX_RUN
    } else {
        &PAGE_RUN
    };
    cell.with(|c| {
        c.set(c.get().wrapping_add(1));
        c.get()
    })
}

fn current_run(target: Target) -> u32 {
    if target == Target::Box {
        BOX_RUN.get()
    } else {
        PAGE_RUN.get()
    }
}

fn search_box() {
    let text = input(BOX_INPUT).map(|i| i.value()).unwrap_or_default();
    let run = next_run(Target::Box);
    if text.trim().is_empty() {
        hide_panel();
        set_text(BOX_STATUS, "");
        return;
    }
    let query = Query {
        limit: BOX_HITS,
        ..Query::typing(text.clone())
    };
    wasm_bindgen_futures::spawn_local(async move {
        let answer = search(&query).await;
        if current_run(Target::Box) == run {
            draw_box(&text, answer);
        }
    });
}

/// Searches what the results page's form says. `typed`: the reader changed
/// it (typing, Enter, a filter), so the query goes into the address,
/// replacing the current entry so that Back leaves the page rather than
/// undoing letters. `prefix`: the last word is still being typed.
fn search_page(typed: bool, prefix: bool) {
    let query = PageQuery {
        text: input(PAGE_INPUT).map(|i| i.value()).unwrap_or_default(),
        section: by_id::<HtmlSelectElement>(PAGE_SECTION)
            .map(|s| s.value())
            .filter(|s| !s.is_empty()),
        newest: by_id::<HtmlSelectElement>(PAGE_ORDER).is_some_and(|s| s.value() == "newest"),
    };
    let base = STATE.with_borrow(|s| s.base.clone());
    if typed {
        if let Ok(history) = window().history() {
            let state = history.state().unwrap_or(JsValue::NULL);
            let _ = history.replace_state_with_url(&state, "", Some(&page_address(&base, &query)));
        }
    }
    let run = next_run(Target::Page);
    if query.text.trim().is_empty() {
        set_text(PAGE_STATUS, "");
        if let Some(list) = by_id::<Element>(PAGE_LIST) {
            list.set_text_content(None);
        }
        return;
    }
    let mut engine_query = Query::new(query.text.clone());
    engine_query.prefix = prefix;
    engine_query.section = query.section.clone();
    engine_query.order = if query.newest {
        Order::Newest
    } else {
        Order::Relevance
    };
    engine_query.limit = STATE.with_borrow(|s| s.page_hits);
    wasm_bindgen_futures::spawn_local(async move {
        let answer = search(&engine_query).await;
        if current_run(Target::Page) == run {
            draw_page(&query.text, engine_query.limit, answer);
        }
    });
}

/// Runs a query to the end: the manifest first if need be, then each round
/// of files the engine asks for, fetched in parallel.
async fn search(query: &Query) -> Result<Results, Error> {
    if ENGINE.with_borrow(Option::is_none) {
        let manifest = fetch_all(&[MANIFEST_FILE.to_string()]).await?;
        let engine = Engine::new(&manifest[0])?;
        ENGINE.with_borrow_mut(|e| {
            e.get_or_insert(engine);
        });
    }
    // Each round fetches files the last did not have; the bound only
    // guards against a bug looping forever.
    for _ in 0..64 {
        let step = ENGINE.with_borrow(|e| e.as_ref().expect("made above").search(query))?;
        match step {
            Step::Done(results) => return Ok(results),
            Step::Need(paths) => {
                let files = fetch_all(&paths).await?;
                ENGINE.with_borrow_mut(|e| {
                    let engine = e.as_mut().expect("made above");
                    paths
                        .iter()
                        .zip(&files)
                        .try_for_each(|(path, bytes)| engine.insert(path, bytes))
                })?;
            }
        }
    }
    Err(Error::Malformed {
        path: MANIFEST_FILE.into(),
        reason: "a query did not settle".into(),
    })
}

/// Fetches index files (paths below `search/index/`) in parallel.
async fn fetch_all(paths: &[String]) -> Result<Vec<Vec<u8>>, Error> {
    let base = STATE.with_borrow(|s| s.base.clone());
    let failed = |path: &str, reason: String| Error::Fetch {
        path: path.to_string(),
        reason,
    };
    let reason = |e: JsValue| e.as_string().unwrap_or_else(|| "network error".into());
    let requests: Array = paths
        .iter()
        .map(|p| window().fetch_with_str(&format!("{base}/search/index/{p}")))
        .collect();
    let responses = JsFuture::from(Promise::all(&requests))
        .await
        .map_err(|e| failed(&paths[0], reason(e)))?;
    let bodies = Array::new();
    for (path, response) in paths.iter().zip(Array::from(&responses).iter()) {
        let response: Response = response.unchecked_into();
        if !response.ok() {
            return Err(failed(path, format!("HTTP {}", response.status())));
        }
        let body = response.array_buffer().map_err(|e| failed(path, reason(e)))?;
        bodies.push(&body);
    }
    let bodies = JsFuture::from(Promise::all(&bodies))
        .await
        .map_err(|e| failed(&paths[0], reason(e)))?;
    Ok(Array::from(&bodies)
        .iter()
        .map(|b| Uint8Array::new(&b).to_vec())
        .collect())
}
