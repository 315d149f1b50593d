//! Pages rendered at build time, then taken over by the app (issue 15,
//! docs/rendering.md): the raw HTML of each kind of page, its head for
//! search engines and link previews, the takeover (same nodes, nothing
//! moved, text typed early kept), and reading with JavaScript off.

use crate::browser::Page;
use crate::cases::{Case, SEED_HEADLINE};
use crate::check::{fail, Result};
use crate::content::{href, list, text, Content};
use crate::http;
use crate::reader::{focus_matches, press, wait_for_focus, SEED};
use fantoccini::key::Key;
use serde_json::{json, Value};

pub fn all() -> Vec<Case> {
    cases![
        prerender_every_kind_of_page_is_html,
        prerender_takeover_keeps_the_page,
        prerender_click_during_the_takeover_is_the_apps,
        prerender_reading_without_javascript,
        prerender_page_changed_before_the_app_is_drawn_afresh,
        prerender_page_changed_after_the_takeover_still_navigates,
    ]
}

/// The port the main nginx listens on, from the page's base address.
pub(crate) fn port(page: &Page) -> Result<u16> {
    page.base()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .ok_or_else(|| fail(format!("no port in {}", page.base())))
}

/// What a page's raw HTML holds, read by the browser's own HTML parser
/// (`DOMParser`, which runs no script): title, headings and text, head
/// metadata and parsed JSON-LD.
async fn read_raw(page: &Page, html: &str) -> Result<Value> {
    page.js(
        "const doc = new DOMParser().parseFromString(arguments[0], 'text/html');
         const meta = {};
         for (const m of doc.querySelectorAll('meta[property], meta[name]')) {
             const key = m.getAttribute('property') || m.getAttribute('name');
             (meta[key] = meta[key] || []).push(m.getAttribute('content'));
         }
         const ld = Array.from(doc.querySelectorAll('script[type=\"application/ld+json\"]'))
             .map(s => JSON.parse(s.textContent));
         const graph = ld.flatMap(d => d['@graph'] || [d]);
         return {
             title: doc.title,
             h1: Array.from(doc.querySelectorAll('h1')).map(h => h.textContent.trim()),
             canonical: doc.querySelector('link[rel=canonical]')?.getAttribute('href') ?? null,
             icon: doc.querySelector('link[rel=icon]')?.getAttribute('href') ?? null,
             meta,
             types: graph.map(g => g['@type']),
             graph,
             text: doc.body.textContent,
             route: doc.body.getAttribute('data-route'),
             carried: Array.from(doc.querySelectorAll('script[type=\"application/json\"][data-file]'))
                 .map(s => [s.getAttribute('data-file'), JSON.parse(s.textContent).schema]),
             executable: Array.from(doc.querySelectorAll('script'))
                 .filter(s => !s.src && !['application/json', 'application/ld+json'].includes(s.type))
                 .map(s => s.textContent),
             cardLinks: Array.from(doc.querySelectorAll('.card-headline a')).map(a => a.getAttribute('href')),
         };",
        vec![json!(html)],
    )
    .await
}

/// GET `path` from the main nginx: its status and what its HTML holds.
async fn fetch_raw(page: &Page, path: &str) -> Result<(u16, Value)> {
    let response = http::request(port(page)?, "GET", path, None).await?;
    let read = read_raw(page, &response.body).await?;
    Ok((response.status, read))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

fn meta(read: &Value, key: &str) -> Vec<String> {
    strings(&read["meta"][key])
}

/// `curl` of any page returns it in full: the home page, a later section
/// page, an article (headline, standfirst, body, metadata, JSON-LD) and the
/// not-found page, each with no inline script that could run.
async fn prerender_every_kind_of_page_is_html(page: Page, content: Content) -> Result {
    page.open("/").await?;
    let site = content.json("content/site.json")?;
    let name = text(&site, "/name")?;
    let base_url = text(&site, "/base_url")?;
    let base_url = base_url.trim_end_matches('/');

    // The home page.
    let front = content.front()?;
    let (status, home) = fetch_raw(&page, "/").await?;
    ensure_eq!(status, 200, "status of /");
    ensure_eq!(home["title"], json!(name), "title of /");
    ensure_eq!(home["canonical"], json!(format!("{base_url}/")), "canonical of /");
    let lead = text(&front, "/lead/headline")?;
    ensure!(
        home["text"].as_str().unwrap_or_default().contains(&lead),
        "/ lacks the lead story {lead:?}"
    );
    ensure!(
        strings(&home["cardLinks"]).contains(&href(&front["lead"])?),
        "/ does not link the lead story"
    );
    for kind in ["WebSite", "Organization"] {
        ensure!(
            home["types"].as_array().is_some_and(|t| t.contains(&json!(kind))),
            "/ has no {kind}: {}",
            home["types"]
        );
    }
    ensure_eq!(home["route"], json!("/"), "data-route of /");

    // A later page of a section, at its own address.
    let second = content.section_page("world", 2)?;
    let (status, world2) = fetch_raw(&page, "/world/page/2/").await?;
    ensure_eq!(status, 200, "status of /world/page/2/");
    ensure_eq!(
        world2["title"],
        json!(format!("World, page 2 – {name}")),
        "title of World page 2"
    );
    ensure_eq!(
        world2["canonical"],
        json!(format!("{base_url}/world/page/2/")),
        "canonical of World page 2"
    );
    let hrefs: Vec<String> = list(&second, "/items")?.iter().map(href).collect::<Result<_>>()?;
    ensure_eq!(strings(&world2["cardLinks"]), hrefs, "stories on World page 2");
    ensure!(
        world2["text"].as_str().unwrap_or_default().contains("page 2 of"),
        "World page 2 does not say which page it is"
    );

    // An article: headline, standfirst, body, and its metadata.
    let (section, slug) = SEED.trim_matches('/').split_once('/').unwrap_or_default();
    let article = content.article(section, slug)?;
    let headline = text(&article, "/headline")?;
    let standfirst = text(&article, "/standfirst")?;
    let (status, raw) = fetch_raw(&page, SEED).await?;
    ensure_eq!(status, 200, "status of {SEED}");
    ensure_eq!(raw["h1"], json!([headline]), "h1 of {SEED}");
    ensure_eq!(
        raw["title"],
        json!(format!("{headline} – {name}")),
        "title of {SEED}"
    );
    let body_text = raw["text"].as_str().unwrap_or_default();
    ensure!(body_text.contains(&standfirst), "{SEED} lacks its standfirst");
    let first_paragraph: String = article["body"]
        .as_array()
        .and_then(|b| {
            b.iter()
                .find_map(|block| block["paragraph"]["spans"].as_array().cloned())
        })
        .ok_or_else(|| fail("the seed article has no paragraph"))?
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    ensure!(
        body_text.contains(&first_paragraph),
        "{SEED} lacks its first paragraph {first_paragraph:?}"
    );
    let url = format!("{base_url}{SEED}");
    ensure_eq!(raw["canonical"], json!(url), "canonical of {SEED}");
    ensure_eq!(
        meta(&raw, "og:type"),
        vec!["article".to_string()],
        "og:type of {SEED}"
    );
    ensure_eq!(
        meta(&raw, "og:title"),
        vec![headline.clone()],
        "og:title of {SEED}"
    );
    ensure_eq!(meta(&raw, "og:url"), vec![url.clone()], "og:url of {SEED}");
    ensure_eq!(
        meta(&raw, "description"),
        vec![standfirst.clone()],
        "description of {SEED}"
    );
    ensure_eq!(
        meta(&raw, "article:published_time"),
        vec![text(&article, "/published")?],
        "article:published_time of {SEED}"
    );
    ensure_eq!(
        meta(&raw, "twitter:card"),
        vec!["summary_large_image".to_string()],
        "twitter:card of {SEED}"
    );
    let hero = &article["hero"];
    ensure_eq!(
        meta(&raw, "og:image:width"),
        vec![hero["width"].to_string()],
        "og:image:width of {SEED}"
    );
    let news = raw["graph"]
        .as_array()
        .and_then(|g| g.iter().find(|n| n["@type"] == "NewsArticle"))
        .ok_or_else(|| fail(format!("{SEED} has no NewsArticle: {}", raw["types"])))?;
    ensure_eq!(news["headline"], json!(headline), "NewsArticle headline");
    ensure_eq!(
        news["datePublished"],
        article["published"],
        "NewsArticle datePublished"
    );
    ensure!(
        news["author"].is_array() || news["author"].is_object(),
        "NewsArticle has no author"
    );
    ensure!(
        news["publisher"]["logo"].is_object(),
        "NewsArticle publisher has no logo"
    );
    ensure!(
        raw["types"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("BreadcrumbList"))),
        "{SEED} has no BreadcrumbList"
    );
    let carried: Vec<String> = raw["carried"]
        .as_array()
        .map(|c| c.iter().filter_map(|f| f[0].as_str().map(String::from)).collect())
        .unwrap_or_default();
    ensure!(
        carried.contains(&format!("content/articles/{section}/{slug}.json"))
            && carried.contains(&"content/site.json".to_string()),
        "{SEED} does not carry its content: {carried:?}"
    );

    // The not-found page, for any path with no page.
    let (status, missing) = fetch_raw(&page, "/world/no-such-article/").await?;
    ensure_eq!(status, 404, "status of a missing article");
    ensure_eq!(
        missing["h1"],
        json!(["Page not found"]),
        "h1 of the not-found page"
    );
    ensure_eq!(missing["route"], json!(""), "data-route of the not-found page");
    ensure_eq!(
        meta(&missing, "robots"),
        vec!["noindex".to_string()],
        "robots of the not-found page"
    );

    // The one inline script that runs is the colour scheme's, public/theme.js,
    // which the Content-Security-Policy allows by its hash (deploy.rs checks
    // that no script is refused). The icon is in the page, a `data:` URL of
    // the site's icon (xtask/src/icon.rs): no request of its own.
    let theme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/theme.js"))?;
    let icon = http::request(port(&page)?, "GET", "/favicon.svg", None).await?;
    ensure_eq!(icon.status, 200, "status of /favicon.svg");
    for (path, read) in [
        ("/", &home),
        ("/world/page/2/", &world2),
        (SEED, &raw),
        ("404", &missing),
    ] {
        ensure_eq!(
            read["executable"],
            json!([theme]),
            "inline scripts that could run in {path}"
        );
        let inlined = read["icon"]
            .as_str()
            .and_then(|href| href.strip_prefix("data:image/svg+xml,"))
            .ok_or_else(|| fail(format!("the icon of {path} is not a data: URL: {}", read["icon"])))?;
        let decoded: Value = page
            .js("return decodeURIComponent(arguments[0]);", vec![json!(inlined)])
            .await?;
        ensure_eq!(
            decoded,
            json!(icon.body),
            "the icon in {path} against /favicon.svg"
        );
    }
    Ok(())
}

/// Before the app starts (as soon as the HTML is parsed), remember every
/// element, count the ones removed from then on, note focus and scroll,
/// and type into the comment form and post it, as a quick reader would.
const BEFORE_THE_APP: &str = "
document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return;
    window.__before = Array.from(document.body.querySelectorAll('*'));
    window.__removed = [];
    new MutationObserver(records => {
        for (const r of records) for (const n of r.removedNodes) {
            if (n.nodeType === 1) window.__removed.push(n.outerHTML.slice(0, 80));
        }
    }).observe(document.body, { childList: true, subtree: true });
    const area = document.getElementById('comment');
    if (area) area.value = 'Typed before the app arrived.';
    // And post it, as a quick reader would: the page must stay (once: a
    // form that did leave would come back here with its text in the query).
    if (area && !location.search) area.form.requestSubmit();
    const link = document.querySelector('.breadcrumb a');
    if (link) link.focus();
    window.__focused = document.activeElement;
    // The reader scrolls the page as it is drawn, styled (the app is only
    // asked for after the first paint, which waits for the stylesheet too).
    const sheet = document.querySelector('link[rel=stylesheet]');
    if (sheet && !sheet.sheet) sheet.addEventListener('load', () => window.scrollTo(0, 300));
    else window.scrollTo(0, 300);
    // Where the page stands as the wasm is ready, just before the takeover:
    // the browser's scroll anchoring may have moved it since (a web font
    // arriving within its 100 ms re-flows the text above; a loaded machine
    // saw 321 for 300), and what the takeover must keep is this.
    for (const name of ['instantiateStreaming', 'instantiate']) {
        const real = WebAssembly[name];
        WebAssembly[name] = function (...args) {
            return real.apply(this, args).then(result => {
                if (window.__scrollAtTakeover === undefined) window.__scrollAtTakeover = window.scrollY;
                return result;
            });
        };
    }
    window.__shift = 0;
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
});";

/// The app takes the page over: the same elements, none removed or added
/// twice, nothing moved, focus and scroll where the reader left them, the
/// text typed (and posted) before it arrived kept as the draft and the page
/// not left, no console errors.
async fn prerender_takeover_keeps_the_page(page: Page, _content: Content) -> Result {
    page.before_every_document(BEFORE_THE_APP).await?;
    page.open(SEED).await?;
    ensure_eq!(
        page.app_started().await?,
        json!("took-over"),
        "how the app started"
    );
    // Effects run after the takeover: give them a moment.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let after = page
        .js(
            "return {
                 gone: window.__before.filter(e => !e.isConnected).map(e => e.outerHTML.slice(0, 80)),
                 removed: window.__removed,
                 kept: window.__before.length,
                 h1: document.querySelectorAll('h1').length,
                 headers: document.querySelectorAll('.site-header').length,
                 bodies: document.querySelectorAll('.article-body').length,
                 forms: document.querySelectorAll('.comment-form').length,
                 focusKept: document.activeElement === window.__focused,
                 scrollY: window.scrollY,
                 scrollAtTakeover: window.__scrollAtTakeover,
                 typed: document.getElementById('comment').value,
                 query: location.search,
                 shift: window.__shift,
             };",
            vec![],
        )
        .await?;
    ensure_eq!(
        after["gone"],
        json!([]),
        "elements of the page gone after the takeover"
    );
    ensure_eq!(
        after["removed"],
        json!([]),
        "elements removed during the takeover"
    );
    ensure!(
        after["kept"].as_u64().unwrap_or(0) > 100,
        "too few elements seen: {}",
        after["kept"]
    );
    for (what, key) in [
        ("h1", "h1"),
        ("site headers", "headers"),
        ("article bodies", "bodies"),
        ("comment forms", "forms"),
    ] {
        ensure_eq!(after[key], json!(1), "{what} after the takeover");
    }
    ensure_eq!(after["focusKept"], json!(true), "focus kept through the takeover");
    ensure!(
        after["scrollAtTakeover"]
            .as_f64()
            .is_some_and(|y| (250.0..=350.0).contains(&y)),
        "the page was not scrolled to about 300 px before the takeover: {}",
        after["scrollAtTakeover"]
    );
    ensure_eq!(
        after["scrollY"],
        after["scrollAtTakeover"],
        "scroll position after the takeover (expected: as it was when the wasm was ready)"
    );
    ensure_eq!(
        after["query"],
        json!(""),
        "the address after posting the form before the app (the form left the page)"
    );
    ensure_eq!(
        after["typed"],
        json!("Typed before the app arrived."),
        "text typed before the app"
    );
    ensure!(
        after["shift"].as_f64().unwrap_or(1.0) <= 0.002,
        "layout shift through the takeover: {}",
        after["shift"]
    );
    // The app's JS glue and wasm are asked for only once the page has
    // painted (xtask/src/boot.rs): until then the page's own files have
    // the connection.
    let timing = page
        .js(
            "const paint = performance.getEntriesByName('first-contentful-paint')[0];
             return {
                 paint: paint ? paint.startTime : null,
                 app: performance.getEntriesByType('resource')
                     .filter(e => /\\/broadsheet-[0-9a-f]+(_bg\\.wasm|\\.js)$/.test(e.name))
                     .map(e => [e.name, e.startTime]),
             };",
            vec![],
        )
        .await?;
    let paint = timing["paint"]
        .as_f64()
        .ok_or_else(|| fail("no first-contentful-paint entry"))?;
    let app = timing["app"].as_array().cloned().unwrap_or_default();
    ensure_eq!(app.len(), 2, "requests for the app's glue and wasm: {timing}");
    for request in &app {
        ensure!(
            request[1].as_f64().is_some_and(|start| start >= paint),
            "{} was asked for before the first paint ({paint} ms): {timing}",
            request[0]
        );
    }
    // The early text became the draft.
    let key = format!("broadsheet:draft:v1:{}", SEED.trim_matches('/'));
    page.wait_until(format!("the early text saved as the draft {key}"), || async {
        let saved = page
            .js("return localStorage.getItem(arguments[0]);", vec![json!(key)])
            .await?;
        Ok(saved
            .as_str()
            .filter(|s| s.contains("Typed before the app arrived."))
            .map(|_| ()))
    })
    .await?;
    // And the app is in charge: a link is followed in the app.
    page.set_marker().await?;
    follow_world_in_the_app(&page).await?;
    page.expect_no_console_errors().await
}

/// Follows the article's breadcrumb link to World, and checks that the app
/// drew that page, without loading it anew (the marker set before stays).
async fn follow_world_in_the_app(page: &Page) -> Result {
    page.click(".breadcrumb a[href='/world/']").await?;
    page.wait_for_location("/world/").await?;
    page.wait_for(".section-page .story-list .card").await?;
    ensure!(page.has_marker().await?, "the link loaded a new page");
    Ok(())
}

/// As soon as the app has taken over the header (the date bar filled in),
/// and before the page's main part is taken over in a task of its own
/// (`hydrate_later`), follow a link inside that part.
const CLICK_DURING_THE_TAKEOVER: &str = "
document.addEventListener('readystatechange', () => {
    // Only on the article: a page that the link loaded afresh has no
    // marker (and clicks nothing).
    if (document.readyState !== 'interactive' || !document.querySelector('.article-body')) return;
    window.__e2eMarker = 1;
    const bar = document.querySelector('.date-bar');
    const observer = new MutationObserver(() => {
        if (!bar.textContent.trim()) return;
        observer.disconnect();
        window.__clickedBeforeTheEnd = !document.documentElement.dataset.app;
        document.querySelector(\".breadcrumb a[href='/world/']\").click();
    });
    observer.observe(bar, { childList: true, characterData: true, subtree: true });
});";

/// A click while the app is still taking over the page (its parts each in
/// a task of their own) is the app's: the parts are taken over first, and
/// the link is followed in the app, with no reload and no error.
async fn prerender_click_during_the_takeover_is_the_apps(page: Page, _content: Content) -> Result {
    page.before_every_document(CLICK_DURING_THE_TAKEOVER).await?;
    page.open_without_app(SEED).await?;
    page.wait_for_location("/world/").await?;
    page.wait_for(".section-page .story-list .card").await?;
    let seen = page
        .js(
            "return {
                 clickedBeforeTheEnd: window.__clickedBeforeTheEnd,
                 app: document.documentElement.dataset.app || null,
                 mains: document.querySelectorAll('main').length,
                 headers: document.querySelectorAll('.site-header').length,
                 articles: document.querySelectorAll('.article-body').length,
             };",
            vec![],
        )
        .await?;
    ensure_eq!(
        seen["clickedBeforeTheEnd"],
        json!(true),
        "the click came before the takeover's last task"
    );
    ensure!(page.has_marker().await?, "the link loaded a new page");
    ensure_eq!(seen["app"], json!("took-over"), "how the app started");
    ensure_eq!(seen["mains"], json!(1), "main elements");
    ensure_eq!(seen["headers"], json!(1), "site headers");
    ensure_eq!(seen["articles"], json!(0), "the article's body after leaving it");
    page.expect_no_console_errors().await
}

/// With JavaScript off, the site is a site: the home page, a section and
/// its pager, and an article read completely through plain links; the
/// comment area says comments need JavaScript, with no dead form.
async fn prerender_reading_without_javascript(page: Page, content: Content) -> Result {
    let prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
    let page = page.relaunch(Some(prefs)).await?;
    let displayed = |css: &'static str| {
        let page = &page;
        async move {
            let v = page
                .js(
                    "const e = document.querySelector(arguments[0]);
                     return e ? getComputedStyle(e).display !== 'none' : null;",
                    vec![json!(css)],
                )
                .await?;
            Ok::<Value, crate::check::Error>(v)
        }
    };

    page.open_without_app("/").await?;
    let front = content.front()?;
    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await?;
    ensure_eq!(
        page.count("html[data-app]").await?,
        0,
        "the app ran with JavaScript off"
    );

    // A section by its link in the header, then its second page by the pager.
    page.click("nav.section-nav a[href='/world/']").await?;
    page.wait_for_location("/world/").await?;
    page.wait_for_text(".section-head h1", "World").await?;
    page.click("nav.pager a[rel='next']").await?;
    page.wait_for_location("/world/page/2/").await?;
    let second = content.section_page("world", 2)?;
    let first = &list(&second, "/items")?[0];
    page.wait_for_text(".card-headline a", &text(first, "/headline")?)
        .await?;

    // An article by its card.
    page.click(".card-headline a").await?;
    page.wait_for_location(&href(first)?).await?;
    page.wait_for_text(".article-head h1", &text(first, "/headline")?)
        .await?;
    ensure!(
        page.count(".article-body p").await? > 1,
        "the article's body is not there"
    );
    ensure_eq!(
        displayed(".comment-form").await?,
        json!(false),
        "the comment form with JavaScript off"
    );
    ensure_eq!(
        displayed(".needs-script").await?,
        json!(true),
        "the note that comments need JavaScript"
    );
    let note = page.text_of(".needs-script").await?;
    ensure!(note.contains("JavaScript"), "the comment note says {note:?}");
    ensure_eq!(
        displayed(".share").await?,
        json!(false),
        "the share button with JavaScript off"
    );
    ensure_eq!(
        displayed(".date-bar").await?,
        json!(false),
        "the date bar with JavaScript off"
    );

    // The skip link stays on the page: a bare `#main` would resolve
    // against `<base href>` and lead to the home page.
    let article = href(first)?;
    page.set_marker().await?;
    press(&page, Key::Tab).await?;
    wait_for_focus(&page, "a.skip-link").await?;
    press(&page, Key::Enter).await?;
    page.wait_until("the address's #main", || async {
        let hash = page.js("return location.hash;", vec![]).await?;
        Ok((hash == json!("#main")).then_some(()))
    })
    .await?;
    ensure_eq!(page.location().await?, article, "address after the skip link");
    ensure!(page.has_marker().await?, "the skip link loaded a page");
    // The next Tab goes into the content, not back to the header.
    press(&page, Key::Tab).await?;
    ensure!(
        focus_matches(&page, "main *").await?,
        "after the skip link, Tab went elsewhere"
    );

    // The not-found page, served at an address its build could not know:
    // its skip link (a bare `#main`, so the home page's) steps aside, and
    // the first Tab goes to the header's first link.
    page.open_without_app("/no-such-page/").await?;
    page.wait_for_text(".not-found h1", "Page not found").await?;
    ensure_eq!(
        displayed(".skip-link").await?,
        json!(false),
        "the not-found page's skip link with JavaScript off"
    );
    press(&page, Key::Tab).await?;
    wait_for_focus(&page, "header a:not(.skip-link)").await?;
    Ok(())
}

/// What a translation tool does to a page (Chrome's wraps each text in two
/// `<font>` elements), to the article's text, its links and the menu.
const TRANSLATE: &str = "
for (const p of document.querySelectorAll('.article-body p, .article-head h1, .standfirst, .breadcrumb a, .card a, .section-nav a')) {
    for (const node of [...p.childNodes]) {
        if (node.nodeType !== 3) continue;
        const outer = document.createElement('font');
        const inner = document.createElement('font');
        inner.textContent = node.textContent.toUpperCase();
        outer.append(inner);
        node.replaceWith(outer);
    }
}";

/// The page translated as it is parsed, before the app arrives; and the
/// reader starts a comment (the box focused, so in view).
fn translated_before_the_app() -> String {
    format!(
        "document.addEventListener('DOMContentLoaded', () => {{
             if (!document.querySelector('.article-body')) return;
             window.__e2eMarker = 1;
             {TRANSLATE}
             const area = document.getElementById('comment');
             area.value = 'Typed on a translated page.';
             area.focus();
         }});"
    )
}

/// A page changed before the app arrived, as a translation tool changes it,
/// no longer matches what the app would draw, and taking it over stopped
/// the app dead: a link then changed the address and nothing else. The
/// loader notes the change (xtask/src/boot.rs) and the app draws the page
/// afresh instead, keeping what the reader typed; it then works as anywhere.
async fn prerender_page_changed_before_the_app_is_drawn_afresh(page: Page, _content: Content) -> Result {
    page.before_every_document(&translated_before_the_app()).await?;
    page.open(SEED).await?;
    let seen = page
        .js(
            "return {
                 app: document.documentElement.dataset.app,
                 fonts: document.querySelectorAll('font').length,
                 h1: [...document.querySelectorAll('h1')].map(e => e.textContent),
                 bodies: document.querySelectorAll('.article-body').length,
                 headers: document.querySelectorAll('.site-header').length,
                 mains: document.querySelectorAll('main').length,
                 typed: [...document.querySelectorAll('textarea')].map(e => e.value),
                 focused: document.activeElement.id,
                 boxTop: document.getElementById('comment').getBoundingClientRect().top,
                 viewport: window.innerHeight,
             };",
            vec![],
        )
        .await?;
    ensure_eq!(seen["app"], json!("drew"), "how the app started: {seen}");
    ensure_eq!(
        seen["h1"],
        json!([SEED_HEADLINE]),
        "headings after the app drew the page"
    );
    ensure_eq!(seen["fonts"], json!(0), "the changed elements left: {seen}");
    for key in ["bodies", "headers", "mains"] {
        ensure_eq!(seen[key], json!(1), "{key} after the app drew the page");
    }
    ensure_eq!(
        seen["typed"],
        json!(["Typed on a translated page."]),
        "the comment typed before the app"
    );
    // The reader was typing there: the box keeps focus, and stays in view.
    ensure_eq!(
        seen["focused"],
        json!("comment"),
        "focus after the app drew the page"
    );
    let top = seen["boxTop"].as_f64().unwrap_or(-1.0);
    ensure!(
        top >= 0.0 && top < seen["viewport"].as_f64().unwrap_or(0.0),
        "the comment box out of view after the app drew the page: {seen}"
    );
    page.expect_no_console_errors().await?;
    // The app is in charge: a link is followed in the app.
    follow_world_in_the_app(&page).await?;
    page.expect_no_console_errors().await
}

/// The same tool, once the app has taken the page over: the text it wraps
/// is no longer the app's to update, but the app goes on. Leptos removes
/// and moves nodes by themselves (`remove()`), never by their parent, so a
/// node the tool took out of the page is no error.
async fn prerender_page_changed_after_the_takeover_still_navigates(page: Page, _content: Content) -> Result {
    page.open(SEED).await?;
    page.set_marker().await?;
    page.js(TRANSLATE, vec![]).await?;
    follow_world_in_the_app(&page).await?;
    ensure_eq!(
        page.count(".article-body").await?,
        0,
        "article bodies on the World page"
    );
    page.client.back().await?;
    page.wait_for_location(SEED).await?;
    page.wait_for(".article-body").await?;
    ensure_eq!(
        page.js(
            "return [...document.querySelectorAll('h1')].map(e => e.textContent);",
            vec![]
        )
        .await?,
        json!([SEED_HEADLINE]),
        "headings back on the article"
    );
    ensure!(page.has_marker().await?, "a page was loaded anew");
    page.expect_no_console_errors().await
}
