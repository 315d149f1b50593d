//! The browser side: fetching index files, answering the header box and the
//! search page, and drawing results. Listeners are delegated from the
//! document, installed once, so the search page's elements, which the app
//! draws anew on every visit, need nothing attached to them.

use crate::{count_message, no_results_message, page_address, read_address, PageQuery};
use broadsheet_search::{
    Engine, Error, Excerpt, Matcher, Order, Query, Results, Step, EXCERPT_CHARS, MANIFEST_FILE,
};
use js_sys::{Array, Promise, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, Response};

const BOX_INPUT: &str = "site-search-q";
const BOX_PANEL: &str = "site-search-panel";
/// The header box's live region, made here (the panel is hidden when empty,
/// and a region must be in the page before what it announces).
const BOX_STATUS: &str = "site-search-status";
const PAGE_INPUT: &str = "search-q";
const PAGE_SECTION: &str = "search-section";
const PAGE_ORDER: &str = "search-order";
const PAGE_STATUS: &str = "search-status";
const PAGE_LIST: &str = "search-results";
const PAGE_UNAVAILABLE: &str = "search-unavailable";

/// Results in the header's panel, and on a page of the results page.
const BOX_HITS: usize = 5;
const PAGE_HITS: usize = 20;
/// Milliseconds after the last keystroke before a search starts.
const DEBOUNCE_MS: i32 = 150;

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Box,
    Page,
}

#[derive(Default)]
struct State {
    base: String,
    installed: bool,
    /// The site's locale and time zone, and section names, for results.
    locale: String,
    time_zone: Option<String>,
    sections: Vec<(String, String)>,
    /// Hits shown on the results page (grows with "More results").
    page_hits: usize,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
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

/// The results page's section filter and order, in the room the page keeps
/// for them (`.search-options`): they only work with this module, so the
/// page rendered at build time has none.
fn add_filters() {
    let doc = document();
    let Some(room) = doc.query_selector(".search-form .search-options").ok().flatten() else {
        return;
    };
    if doc.get_element_by_id(PAGE_SECTION).is_some() {
        return;
    }
    let sections = STATE.with_borrow(|s| s.sections.clone());
    let mut section = vec![(String::new(), "All sections".to_string())];
    section.extend(sections);
    let order = vec![
        (String::new(), "Most relevant first".to_string()),
        ("newest".to_string(), "Newest first".to_string()),
    ];
    for (id, label, options) in [(PAGE_SECTION, "Section", section), (PAGE_ORDER, "Order", order)] {
        let name = element(&doc, "label", "");
        let _ = name.set_attribute("for", id);
        name.set_text_content(Some(label));
        let select = element(&doc, "select", "");
        select.set_id(id);
        let _ = select.set_attribute("name", if id == PAGE_SECTION { "section" } else { "order" });
        for (value, text) in options {
            let option = element(&doc, "option", "");
            let _ = option.set_attribute("value", &value);
            option.set_text_content(Some(&text));
            let _ = select.append_child(&option);
        }
        let _ = room.append_child(&name);
        let _ = room.append_child(&select);
    }
}

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn document() -> Document {
    window().document().expect("a document")
}

fn by_id<T: JsCast>(id: &str) -> Option<T> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

fn input(id: &str) -> Option<HtmlInputElement> {
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
            // The results page, in the app: a link the app's router follows
            // (it takes every same-origin link's click), rather than
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

fn set_text(id: &str, text: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        // Only when it changes: a live region reads every change.
        if el.text_content().as_deref() != Some(text) {
            el.set_text_content(Some(text));
        }
    }
}

fn draw_box(text: &str, answer: Result<Results, Error>) {
    let Some(panel) = by_id::<HtmlElement>(BOX_PANEL) else {
        return;
    };
    let doc = document();
    panel.set_text_content(None);
    let status = match &answer {
        Err(e) => {
            log(e);
            "Search is unavailable right now.".to_string()
        }
        Ok(r) if r.hits.is_empty() => no_results_message(text),
        Ok(r) => count_message(r.total, r.total_exact, text),
    };
    set_text(BOX_STATUS, &status);
    let message = element(&doc, "p", "search-panel-status");
    message.set_text_content(Some(&status));
    let _ = message.set_attribute("aria-hidden", "true");
    let _ = panel.append_child(&message);
    if let Ok(results) = &answer {
        if !results.hits.is_empty() {
            let _ = panel.append_child(&hit_list(&doc, results, "h3"));
        }
    }
    if let Some(results) = answer.as_ref().ok().filter(|r| !r.hits.is_empty()) {
        // Enter does the same; this is for the mouse and for Tab.
        let base = STATE.with_borrow(|s| s.base.clone());
        let all = element(&doc, "a", "search-panel-all");
        let query = PageQuery {
            text: text.to_string(),
            ..PageQuery::default()
        };
        let _ = all.set_attribute("href", &page_address(&base, &query));
        all.set_text_content(Some(if results.hits.len() < results.total {
            "See all results"
        } else {
            "Open the results page"
        }));
        let _ = panel.append_child(&all);
    }
    panel.set_hidden(false);
}

fn draw_page(text: &str, limit: usize, answer: Result<Results, Error>) {
    let Some(list) = by_id::<Element>(PAGE_LIST) else {
        return;
    };
    let doc = document();
    list.set_text_content(None);
    if let Some(unavailable) = by_id::<HtmlElement>(PAGE_UNAVAILABLE) {
        unavailable.set_hidden(answer.is_ok());
    }
    let results = match answer {
        Err(e) => {
            log(&e);
            set_text(PAGE_STATUS, "");
            return;
        }
        Ok(r) => r,
    };
    if results.hits.is_empty() {
        set_text(PAGE_STATUS, &no_results_message(text));
        return;
    }
    set_text(
        PAGE_STATUS,
        &count_message(results.total, results.total_exact, text),
    );
    let items = hit_list(&doc, &results, "h2");
    while let Some(item) = items.first_child() {
        let _ = list.append_child(&item);
    }
    if results.hits.len() == limit && results.total > limit {
        let more = element(&doc, "li", "search-more");
        let button = element(&doc, "button", "button-quiet");
        let _ = button.set_attribute("type", "button");
        button.set_text_content(Some("More results"));
        let _ = more.append_child(&button);
        let _ = list.append_child(&more);
    }
}

fn element(doc: &Document, tag: &str, class: &str) -> Element {
    let el = doc.create_element(tag).expect("an element");
    if !class.is_empty() {
        el.set_class_name(class);
    }
    el
}

/// The hits as `<li>`s in a `<ul>`: the headline (a link to the article,
/// a heading of level `heading`), section and date, and the excerpt, with
/// the query's words in `<mark>`s. Every text is a text node.
fn hit_list(doc: &Document, results: &Results, heading: &str) -> Element {
    let (base, locale, zone, sections) = STATE.with_borrow(|s| {
        (
            s.base.clone(),
            s.locale.clone(),
            s.time_zone.clone(),
            s.sections.clone(),
        )
    });
    let list = element(doc, "ul", "search-hits");
    for hit in &results.hits {
        let item = element(doc, "li", "search-hit");
        let title = element(doc, heading, "search-hit-title");
        let link = element(doc, "a", "");
        let _ = link.set_attribute("href", &format!("{base}/{}/", hit.path));
        let headline = Excerpt {
            text: hit.headline.clone(),
            marks: hit.headline_marks.clone(),
        };
        marked(doc, &link, &headline);
        let _ = title.append_child(&link);
        let _ = item.append_child(&title);
        let meta = element(doc, "p", "search-hit-meta");
        let section = sections
            .iter()
            .find(|(slug, _)| *slug == hit.section)
            .map_or(hit.section.as_str(), |(_, name)| name.as_str());
        let _ = meta.append_child(&doc.create_text_node(&format!("{section} · ")));
        let time = element(doc, "time", "");
        let date = js_sys::Date::new(&JsValue::from_f64(hit.published as f64 * 1000.0));
        let _ = time.set_attribute("datetime", &String::from(date.to_iso_string()));
        time.set_text_content(Some(&format_date(&date, &locale, zone.as_deref())));
        let _ = meta.append_child(&time);
        let _ = item.append_child(&meta);
        let excerpt = element(doc, "p", "search-hit-excerpt");
        marked(doc, &excerpt, &hit.excerpt);
        let _ = item.append_child(&excerpt);
        let _ = list.append_child(&item);
        if hit.excerpt.marks.is_empty() && !results.matcher.is_empty() {
            // The words are deeper in the article than the index keeps:
            // an excerpt from its body instead (one content file).
            let file = format!("{base}/content/articles/{}.json", hit.path);
            wasm_bindgen_futures::spawn_local(deeper_excerpt(excerpt, file, results.matcher.clone()));
        }
    }
    list
}

/// The date in the site's language and time zone, as the app writes it;
/// in the reader's if the site's are unknown to the browser (which throws).
fn format_date(date: &js_sys::Date, locale: &str, zone: Option<&str>) -> String {
    let format = Reflect::get(date, &JsValue::from_str("toLocaleDateString"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(format) = format else {
        return String::new();
    };
    let call = |locale: &str, zone: Option<&str>| {
        let args = Array::of2(&JsValue::from_str(locale), &date_options(zone));
        Reflect::apply(&format, date, &args)
            .ok()
            .and_then(|v| v.as_string())
    };
    call(locale, zone)
        .or_else(|| call("en", None))
        .unwrap_or_default()
}

/// Replaces `excerpt`'s text with one cut from the article's body around
/// the query's words, if the article can be had and has them.
async fn deeper_excerpt(excerpt: Element, file: String, matcher: Matcher) {
    let Ok(response) = JsFuture::from(window().fetch_with_str(&file)).await else {
        return;
    };
    let response: Response = response.unchecked_into();
    let Some(text) = response.text().ok().filter(|_| response.ok()) else {
        return;
    };
    let Some(article) = JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .and_then(|t| js_sys::JSON::parse(&t).ok())
    else {
        return;
    };
    let mut body = String::new();
    if let Ok(blocks) = Reflect::get(&article, &JsValue::from_str("body")) {
        texts(&blocks, &mut body, 0);
    }
    let cut = matcher.excerpt(&body, EXCERPT_CHARS);
    if !cut.marks.is_empty() {
        excerpt.set_text_content(None);
        marked(&document(), &excerpt, &cut);
    }
}

/// Every `text` and `caption` string in a content file's body blocks
/// (docs/content-format.md), a line each: what a reader reads.
fn texts(value: &JsValue, out: &mut String, depth: u32) {
    if depth > 8 {
        return;
    }
    if let Some(list) = value.dyn_ref::<Array>() {
        for item in list.iter() {
            texts(&item, out, depth + 1);
            // A line after each block or list item; a paragraph's spans
            // (objects with a `text`) run on.
            let span = Reflect::has(&item, &JsValue::from_str("text")).unwrap_or(false);
            if !span && !out.ends_with('\n') {
                out.push('\n');
            }
        }
    } else if value.is_object() {
        let object: &js_sys::Object = value.unchecked_ref();
        for entry in js_sys::Object::entries(object).iter() {
            let pair: Array = entry.unchecked_into();
            let (key, item) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
            match item.as_string() {
                Some(text) if key == "text" => out.push_str(&text),
                Some(text) if key == "caption" => {
                    out.push('\n');
                    out.push_str(&text);
                    out.push('\n');
                }
                Some(_) => {}
                None => texts(&item, out, depth + 1),
            }
        }
    }
}

fn date_options(zone: Option<&str>) -> JsValue {
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("year", "numeric");
    set("month", "long");
    set("day", "numeric");
    if let Some(zone) = zone {
        set("timeZone", zone);
    }
    options.into()
}

/// Appends `text` to `parent` as text nodes, its marked runs in `<mark>`s.
fn marked(doc: &Document, parent: &Element, text: &Excerpt) {
    for (run, is_marked) in text.segments() {
        if is_marked {
            let mark = element(doc, "mark", "");
            mark.set_text_content(Some(run));
            let _ = parent.append_child(&mark);
        } else {
            let _ = parent.append_child(&doc.create_text_node(run));
        }
    }
}

fn log(e: &Error) {
    web_sys::console::warn_1(&JsValue::from_str(&e.to_string()));
}
