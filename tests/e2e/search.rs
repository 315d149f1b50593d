//! Search (issue 16, docs/search.md): the header's box answers as the reader
//! types, Enter opens the results page, results are links the app follows
//! and Back returns to; nothing of search is fetched before the box is
//! used; hostile and odd queries are text; a missing index or module says
//! search is unavailable; the sub-path build; axe on the page and panel.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::Result;
use crate::content::Content;
use crate::reader::{axe, axe_source, press, tab_to, type_text, wait_for_focus};
use fantoccini::key::Key;
use serde_json::json;

pub fn all() -> Vec<Case> {
    cases![
        search_first_load_fetches_nothing_of_search,
        search_as_you_type_finds_a_rare_word_marked,
        search_no_results_says_so,
        search_by_keyboard_alone,
        search_bad_queries_are_text,
        search_index_missing_is_unavailable,
        search_module_missing_is_unavailable,
        search_sub_path,
        search_axe_page_and_panel,
        search_page_without_javascript,
    ]
}

/// A word in exactly one sample article (and its page).
const RARE: &str = "anaesthetist";
const RARE_PATH: &str = "/science/walking-trial-cuts-hospital-recovery-time/";
/// A word in every sample article.
const EVERYWHERE: &str = "northgate";
const BOX: &str = "#site-search-q";
const PANEL_HITS: &str = "#site-search-panel .search-hit";
const PAGE_HITS: &str = "#search-results .search-hit";

/// Index and module requests this document made.
async fn search_requests(page: &Page) -> Result<Vec<String>> {
    page.requests_to("/search/").await
}

/// Focuses the header box and types `text` into it, key by key.
async fn type_in_box(page: &Page, text: &str) -> Result {
    page.click(BOX).await?;
    type_text(page, text).await
}

/// The marked words of the elements matching `css`, lowercased.
async fn marks(page: &Page, css: &str) -> Result<Vec<String>> {
    let v = page
        .js(
            "return Array.from(document.querySelectorAll(arguments[0] + ' mark')).map(m => m.textContent.toLowerCase());",
            vec![json!(css)],
        )
        .await?;
    Ok(crate::browser::strings(&v))
}

async fn status(page: &Page, id: &str) -> Result<String> {
    let v = page
        .js(
            "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;",
            vec![json!(id)],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn wait_status(page: &Page, id: &str, part: &str) -> Result<String> {
    page.wait_until(format!("#{id} to say {part:?}"), || async {
        let s = status(page, id).await?;
        Ok(s.contains(part).then_some(s))
    })
    .await
}

/// No `<script>`, no element from any query's text, in what search drew.
async fn nothing_injected(page: &Page) -> Result {
    let found = page
        .js(
            "return document.querySelectorAll('#search-results script, #site-search-panel script, #search-results b, #site-search-panel b, #search-results img').length;",
            vec![],
        )
        .await?;
    ensure_eq!(found, json!(0), "elements made from query text");
    let ran = page.js("return window.__injected === 1;", vec![]).await?;
    ensure!(ran != json!(true), "a query's script ran");
    Ok(())
}

async fn first_load_fetches_nothing(page: &Page) -> Result {
    page.open("/").await?;
    page.wait_for(".lead .card").await?;
    // Long enough for anything the page would fetch on its own.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let early = search_requests(page).await?;
    ensure!(early.is_empty(), "fetched before the box was used: {early:#?}");
    Ok(())
}

async fn search_first_load_fetches_nothing_of_search(page: Page, _: Content) -> Result {
    first_load_fetches_nothing(&page).await?;
    // Focus alone loads the module, and the index waits for a query.
    page.click(BOX).await?;
    page.wait_until("the search module to load", || async {
        let r = search_requests(&page).await?;
        Ok(r.iter().any(|u| u.ends_with("_bg.wasm")).then_some(()))
    })
    .await?;
    let index: Vec<String> = search_requests(&page)
        .await?
        .into_iter()
        .filter(|u| u.contains("/search/index/"))
        .collect();
    ensure!(index.is_empty(), "the index was fetched on focus: {index:#?}");
    Ok(())
}

async fn search_as_you_type_finds_a_rare_word_marked(page: Page, _: Content) -> Result {
    page.open("/").await?;
    type_in_box(&page, RARE).await?;
    wait_status(&page, "site-search-status", &format!("for “{RARE}”")).await?;
    // As typed, the word is also a prefix (of `anaesthetists`, say): its
    // own article first.
    let links = page.attrs(&format!("{PANEL_HITS} a"), "href").await?;
    ensure_eq!(
        links.first(),
        Some(&RARE_PATH.to_string()),
        "the first hit's link"
    );
    // The word is deep in the article: its excerpt comes from the body.
    page.wait_until(format!("the first hit to mark {RARE:?}"), || async {
        let marked = marks(&page, &format!("{PANEL_HITS}:first-child .search-hit-excerpt")).await?;
        Ok(marked.iter().any(|m| m == RARE).then_some(()))
    })
    .await?;
    wait_status(&page, "site-search-status", &format!("for “{RARE}”")).await?;
    // Finished (a space after it), the word is only itself: one article.
    type_text(&page, " ").await?;
    wait_status(&page, "site-search-status", &format!("1 result for “{RARE}”")).await?;
    ensure_eq!(page.count(PANEL_HITS).await?, 1, "hits for {RARE:?} finished");
    // A word in every article, typed on: the panel follows the newest text.
    page.js(
        "document.querySelector(arguments[0]).value = '';",
        vec![json!(BOX)],
    )
    .await?;
    type_text(&page, EVERYWHERE).await?;
    wait_status(
        &page,
        "site-search-status",
        &format!("results for “{EVERYWHERE}”"),
    )
    .await?;
    ensure_eq!(page.count(PANEL_HITS).await?, 5, "hits in the panel");
    // Escape closes the panel and leaves focus in the box.
    press(&page, Key::Escape).await?;
    page.wait_until("the panel to close", || async {
        let hidden = page
            .js(
                "return document.getElementById('site-search-panel').hidden;",
                vec![],
            )
            .await?;
        Ok((hidden == json!(true)).then_some(()))
    })
    .await?;
    wait_for_focus(&page, BOX).await?;
    page.expect_no_console_errors().await
}

async fn search_no_results_says_so(page: Page, _: Content) -> Result {
    page.open("/").await?;
    type_in_box(&page, "qwxzvbnm").await?;
    wait_status(&page, "site-search-status", "No articles match “qwxzvbnm”").await?;
    ensure_eq!(page.count(PANEL_HITS).await?, 0, "hits");
    page.open("/search/?q=qwxzvbnm").await?;
    let said = wait_status(&page, "search-status", "No articles match").await?;
    ensure!(said.contains("browse the sections"), "{said}");
    ensure!(
        page.count(".search-page .section-links a").await? >= 6,
        "the page offers the sections"
    );
    Ok(())
}

async fn search_by_keyboard_alone(page: Page, _: Content) -> Result {
    page.open("/").await?;
    tab_to(&page, BOX, 6).await?;
    type_text(&page, RARE).await?;
    wait_status(&page, "site-search-status", &format!("for “{RARE}”")).await?;
    press(&page, Key::Enter).await?;
    let results = format!("/search/?q={RARE}");
    page.wait_for_location(&results).await?;
    page.wait_for(PAGE_HITS).await?;
    tab_to(&page, &format!("{PAGE_HITS} a"), 12).await?;
    press(&page, Key::Enter).await?;
    page.wait_for_location(RARE_PATH).await?;
    page.wait_for(".article-head h1").await?;
    page.client.back().await?;
    page.wait_for_location(&results).await?;
    page.wait_for(PAGE_HITS).await?;
    let links = page.attrs(&format!("{PAGE_HITS} a"), "href").await?;
    ensure_eq!(links, vec![RARE_PATH.to_string()], "results after Back");
    let value = page
        .js("return document.getElementById('search-q').value;", vec![])
        .await?;
    ensure_eq!(value, json!(RARE), "the query in the page's box after Back");
    page.expect_no_console_errors().await
}

async fn search_bad_queries_are_text(page: Page, _: Content) -> Result {
    let long = "word ".repeat(400);
    let queries = [
        "\"quoted\" 'single'".to_string(),
        "<script>window.__injected = 1</script><b>bold</b><img src=x onerror=\"window.__injected=1\">"
            .to_string(),
        "100% & more %zz %".to_string(),
        long.trim().to_string(),
        "🎉 emoji 👩‍👩‍👧".to_string(),
        "שלום עולם مرحبا".to_string(),
        "     ".to_string(),
        EVERYWHERE.to_string(),
    ];
    page.open("/").await?;
    for q in &queries {
        let address = page
            .js(
                "const u = new URL('/search/', location.origin); u.searchParams.set('q', arguments[0]); return u.pathname + u.search;",
                vec![json!(q)],
            )
            .await?;
        let address = address.as_str().unwrap_or_default().to_string();
        page.open(&address).await?;
        let expected = q.trim();
        if expected.is_empty() {
            // Nothing to search: no count, no list, no error.
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            ensure_eq!(status(&page, "search-status").await?, "", "status for spaces");
        } else {
            page.wait_until(format!("an answer to {q:?}"), || async {
                let s = status(&page, "search-status").await?;
                Ok((!s.is_empty()).then_some(s))
            })
            .await?;
        }
        let value = page
            .js("return document.getElementById('search-q').value;", vec![])
            .await?;
        ensure_eq!(value, json!(q), "the page's box holds the query as typed");
        ensure!(
            !page
                .js(
                    "return document.getElementById('search-unavailable').hidden;",
                    vec![]
                )
                .await?
                .eq(&json!(false)),
            "{q:?}: the page says search is unavailable"
        );
        nothing_injected(&page).await?;
    }
    // The word in every article: a full page and a way to more.
    ensure_eq!(
        page.count(PAGE_HITS).await?,
        10,
        "hits on the first page for {EVERYWHERE:?}"
    );
    page.click(".search-more button").await?;
    page.wait_until("more results", || async {
        Ok((page.count(PAGE_HITS).await? > 10).then_some(()))
    })
    .await?;
    // The same, typed into the header box.
    type_in_box(&page, &queries[1]).await?;
    page.wait_until("an answer in the panel", || async {
        Ok((!status(&page, "site-search-status").await?.is_empty()).then_some(()))
    })
    .await?;
    nothing_injected(&page).await?;
    page.expect_no_console_errors().await
}

/// The page says search is unavailable and offers the sections; nothing
/// spins forever.
async fn unavailable(page: &Page) -> Result {
    page.wait_until("the page to say search is unavailable", || async {
        let hidden = page
            .js(
                "return document.getElementById('search-unavailable').hidden;",
                vec![],
            )
            .await?;
        Ok((hidden == json!(false)).then_some(()))
    })
    .await?;
    let text = page.text_of("#search-unavailable").await?;
    ensure!(text.contains("Search is unavailable"), "{text}");
    ensure!(
        page.count(".search-page .section-links a").await? >= 6,
        "the page offers the sections"
    );
    Ok(())
}

async fn search_index_missing_is_unavailable(page: Page, content: Content) -> Result {
    let hidden = content.hide("search/index/manifest.bin")?;
    page.open(&format!("/search/?q={RARE}")).await?;
    unavailable(&page).await?;
    ensure_eq!(page.count(PAGE_HITS).await?, 0, "hits");
    // The header box says so too.
    type_in_box(&page, "x").await?;
    wait_status(&page, "site-search-status", "Search is unavailable").await?;
    hidden.restore()
}

async fn search_module_missing_is_unavailable(page: Page, content: Content) -> Result {
    let hidden = content.hide("search/client/broadsheet_search_client.js")?;
    page.open(&format!("/search/?q={RARE}")).await?;
    unavailable(&page).await?;
    hidden.restore()
}

async fn search_sub_path(page: Page, _: Content) -> Result {
    let site = crate::deploy::news()?;
    crate::deploy::goto(&page, &site, "/news/").await?;
    page.wait_for(".lead .card").await?;
    page.click(BOX).await?;
    type_text(&page, RARE).await?;
    // The answer to the whole word, not to the letters typed before.
    wait_status(&page, "site-search-status", &format!("for “{RARE}”")).await?;
    let links = page.attrs(&format!("{PANEL_HITS} a"), "href").await?;
    ensure_eq!(
        links.first(),
        Some(&format!("/news{RARE_PATH}")),
        "the first hit's link under /news/"
    );
    press(&page, Key::Enter).await?;
    page.wait_for_location(&format!("/news/search/?q={RARE}")).await?;
    page.wait_for(PAGE_HITS).await?;
    let requests = page.requests_to("/search/").await?;
    ensure!(
        requests.iter().all(|u| u.contains("/news/search/")),
        "every search request under /news/: {requests:#?}"
    );
    crate::deploy::goto(&page, &site, &format!("/news/search/?q={RARE}")).await?;
    page.wait_for(PAGE_HITS).await?;
    let links = page.attrs(&format!("{PAGE_HITS} a"), "href").await?;
    ensure_eq!(
        links,
        vec![format!("/news{RARE_PATH}")],
        "the page's link under /news/"
    );
    page.expect_no_console_errors().await
}

async fn search_axe_page_and_panel(page: Page, _: Content) -> Result {
    let source = axe_source()?;
    for scheme in ["light", "dark"] {
        page.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "media": "", "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await?;
        page.open(&format!("/search/?q={EVERYWHERE}")).await?;
        page.wait_for(PAGE_HITS).await?;
        let violations = axe(&page, &source).await?;
        ensure!(
            violations.is_empty(),
            "axe on the results page ({scheme}): {violations:#?}"
        );
        type_in_box(&page, RARE).await?;
        page.wait_for(PANEL_HITS).await?;
        let violations = axe(&page, &source).await?;
        ensure!(
            violations.is_empty(),
            "axe with the panel open ({scheme}): {violations:#?}"
        );
    }
    Ok(())
}

async fn search_page_without_javascript(page: Page, content: Content) -> Result {
    let html = content.text_file("search/index.html")?;
    ensure!(
        html.contains("data-route=\"/search/\""),
        "the page is rendered for /search/"
    );
    for part in [
        "role=\"search\"",
        "Search needs JavaScript",
        "action=\"/search/\"",
        "name=\"q\"",
        "class=\"section-links\"",
    ] {
        ensure!(html.contains(part), "search/index.html lacks {part:?}");
    }
    // Every page's header has the box, as a plain GET form.
    let home = content.text_file("index.html")?;
    ensure!(
        home.contains("id=\"site-search-q\"") && home.contains("method=\"get\""),
        "the home page's header has the search form"
    );
    ensure!(
        !home.contains("search/client"),
        "the home page names the search module"
    );
    drop(page);
    Ok(())
}
