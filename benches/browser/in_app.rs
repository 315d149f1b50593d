//! In-app navigation, measured: home → section → article (with and without
//! the mouse resting on each link first), and a section page of 500
//! summaries.

use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::Content;
use crate::run::{ready, settle, text, wait_ready, Net, Ready, HOVER};
use fantoccini::Locator;
use serde_json::{json, Value};

/// Clicks `link` (with `hover`, after resting the mouse on it for `HOVER`)
/// and waits until the view is painted: `{ click, painted }` (ms since
/// navigation start) and the longest task in between.
async fn navigate(page: &Page, link: &str, ready: &Ready, hover: bool) -> Result<Value> {
    page.js("window.__bench.arm(arguments[0]);", vec![json!(ready)])
        .await?;
    if hover {
        page.hover(link).await?;
        tokio::time::sleep(HOVER).await;
    }
    page.client.find(Locator::Css(link)).await?.click().await?;
    let mut nav = page
        .wait_until(format!("the view after clicking {link}"), || async {
            let nav = page.js("return window.__bench.nav;", vec![]).await?;
            Ok((!nav.is_null()).then_some(nav))
        })
        .await?;
    nav["longest"] = page.js("return window.__bench.longest;", vec![]).await?;
    Ok(nav)
}

/// Home, then a section from the header, then its first article; the heap
/// after that, after a garbage collection. Then home again, and the same
/// with another section, the mouse resting on each link before the click
/// (`preload.js` fetches the view's file meanwhile).
pub async fn journey(page: &Page, home: &Ready, sections: &[(String, String); 2], net: Net) -> Result<Value> {
    page.open("/").await?;
    wait_ready(page, home).await?;
    settle(page).await?;
    let (section, article) = section_then_article(page, &sections[0], false).await?;
    let mut heap = Value::Null;
    if net == Net::Unthrottled {
        settle(page).await?;
        page.cdp("HeapProfiler.collectGarbage", json!({})).await?;
        let usage = page.cdp("Runtime.getHeapUsage", json!({})).await?;
        let wasm = page
            .js(
                "const m = window.__bench.memory; return m ? m.buffer.byteLength : null;",
                vec![],
            )
            .await?;
        heap = json!({ "js": usage["usedSize"], "wasm": wasm });
    }
    page.client
        .find(Locator::Css("a.masthead-name"))
        .await?
        .click()
        .await?;
    wait_ready(page, home).await?;
    settle(page).await?;
    let (section_hovered, article_hovered) = section_then_article(page, &sections[1], true).await?;
    Ok(json!({
        "section": section, "article": article, "heap": heap,
        "section_hovered": section_hovered, "article_hovered": article_hovered,
    }))
}

/// A section from the header (`(slug, name)`), then its first article.
async fn section_then_article(
    page: &Page,
    (slug, name): &(String, String),
    hover: bool,
) -> Result<(Value, Value)> {
    let section = navigate(
        page,
        &format!("nav.section-nav a[href=\"/{slug}/\"]"),
        &ready(&[("main h1", name, 1), (".section-page .story-list > li", "", 1)]),
        hover,
    )
    .await?;
    let first = ".section-page .card-headline a";
    let headline = page.text_of(first).await?;
    let article = navigate(page, first, &ready(&[(".article-head h1", &headline, 1)]), hover).await?;
    Ok((section, article))
}

/// From the synthetic home, the section whose first page is largest: click
/// to painted, and from its content file's arrival to painted.
pub async fn big_section(page: &Page, home: &Ready, slug: &str, ready: &Ready, file: &str) -> Result<Value> {
    page.open("/").await?;
    wait_ready(page, home).await?;
    settle(page).await?;
    let mut nav = navigate(
        page,
        &format!("nav.section-nav a[href=\"/{slug}/\"]"),
        ready,
        false,
    )
    .await?;
    nav["response"] = page
        .js(
            "return performance.getEntriesByType('resource')
                .filter(e => e.name.endsWith(arguments[0])).map(e => e.responseEnd).pop();",
            vec![json!(file)],
        )
        .await?;
    Ok(nav)
}

/// The section of the synthetic archive with the most summaries on its first page.
pub fn largest_first_page(synth: &Content) -> Result<(String, String, usize)> {
    let site = synth.site()?;
    let mut best = None;
    for section in site["sections"].as_array().into_iter().flatten() {
        let slug = text(section, "/slug")?;
        let count = synth.section_page(&slug, 1)?["items"]
            .as_array()
            .map_or(0, Vec::len);
        if best.as_ref().is_none_or(|(_, _, n)| count > *n) {
            best = Some((slug, text(section, "/name")?, count));
        }
    }
    best.ok_or_else(|| fail("the synthetic site has no sections"))
}
