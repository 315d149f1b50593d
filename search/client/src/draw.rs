//! Drawing what search found, and the results page's filters: elements
//! and text nodes made one by one, never HTML from the index.

use crate::web::*;
use crate::{count_message, no_results_message, page_address, PageQuery};
use broadsheet_search::{Error, Excerpt, Matcher, Results, EXCERPT_CHARS};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, HtmlElement, Response};

/// The results page's section filter and order, in the room the page keeps
/// for them (`.search-options`): they only work with this module, so the
/// page rendered at build time has none.
pub(crate) fn add_filters() {
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

pub(crate) fn set_text(id: &str, text: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        // Only when it changes: a live region reads every change.
        if el.text_content().as_deref() != Some(text) {
            el.set_text_content(Some(text));
        }
    }
}

pub(crate) fn draw_box(text: &str, answer: Result<Results, Error>) {
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

pub(crate) fn draw_page(text: &str, limit: usize, answer: Result<Results, Error>) {
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

pub(crate) fn element(doc: &Document, tag: &str, class: &str) -> Element {
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
/// (docs/content-format.md), a line each: what a reader reads. Code
/// (`code`) and embeds (`title`) are left out, as from the index. Deep
/// enough for a table's cells and a list four lists deep (version 2).
fn texts(value: &JsValue, out: &mut String, depth: u32) {
    if depth > 24 {
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

pub(crate) fn log(e: &Error) {
    web_sys::console::warn_1(&JsValue::from_str(&e.to_string()));
}
