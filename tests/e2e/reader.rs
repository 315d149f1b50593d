//! The reader's experience (issue 7): axe-core finds nothing on the main
//! views in either colour scheme; a keyboard alone gets from the homepage to
//! posting a comment; focus moves to the new view's heading on every in-app
//! route change; nothing scrolls sideways at 320 px; the chosen scheme is
//! there before the first paint; articles print cleanly and can be shared.
//! Screenshots of the main views go to `target/screenshots/` for review.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::{fail, Result};
use crate::content::{href, list, text, Content};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::path::PathBuf;

pub fn all() -> Vec<Case> {
    cases![
        reader_axe_light,
        reader_axe_dark,
        reader_keyboard_journey_to_a_comment,
        reader_skip_link,
        reader_focus_on_route_change,
        reader_no_sideways_scrolling_at_320px,
        reader_scheme_before_first_paint,
        reader_scheme_with_storage_blocked,
        reader_share_article,
        reader_print_article,
        reader_screenshots_light,
        reader_screenshots_dark,
    ]
}

/// The seed article.
pub(crate) const SEED: &str = "/world/putin-visit-north-korea-alliance/";
const NOT_FOUND: &str = "/no/such/page";
const THEME_KEY: &str = "broadsheet:theme";
const NOT_ACCEPTING: &str =
    "This site is not accepting comments yet. Your draft stays saved in this browser.";

/// The page backgrounds of the two schemes, as `getComputedStyle` gives them.
const LIGHT_PAPER: &str = "rgb(253, 252, 248)";
const DARK_PAPER: &str = "rgb(18, 18, 18)";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    fn paper(self) -> &'static str {
        match self {
            Scheme::Light => LIGHT_PAPER,
            Scheme::Dark => DARK_PAPER,
        }
    }

    /// The other one: what the emulated system prefers, so that the
    /// reader's choice is seen to win.
    fn other(self) -> Scheme {
        match self {
            Scheme::Light => Scheme::Dark,
            Scheme::Dark => Scheme::Light,
        }
    }
}

// ---------------------------------------------------------------- helpers

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs an asynchronous script: it ends by calling `done(value)`.
async fn js_async(page: &Page, body: &str, args: Vec<Value>) -> Result<Value> {
    let script = format!("const done = arguments[arguments.length - 1];\n{body}");
    Ok(page.client.execute_async(&script, args).await?)
}

/// Emulates the system's colour scheme (`prefers-color-scheme`) and, with
/// `print`, the print medium.
async fn emulate(page: &Page, system: Scheme, print: bool) -> Result {
    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({
            "media": if print { "print" } else { "" },
            "features": [{ "name": "prefers-color-scheme", "value": system.name() }],
        }),
    )
    .await?;
    Ok(())
}

/// A viewport `width` CSS pixels wide, as a phone or a desktop would have
/// (headless Chrome keeps windows wider than a phone, so through CDP).
pub(crate) async fn viewport(page: &Page, width: u32, height: u32) -> Result {
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
    )
    .await?;
    Ok(())
}

/// Chooses a scheme as a returning reader would have: stored, then the page
/// loaded again. The system prefers the other one.
async fn choose_scheme(page: &Page, scheme: Scheme) -> Result {
    emulate(page, scheme.other(), false).await?;
    page.open("/").await?;
    page.js(
        "localStorage.setItem(arguments[0], arguments[1]);",
        vec![json!(THEME_KEY), json!(scheme.name())],
    )
    .await?;
    Ok(())
}

/// `data-theme` on `<html>` and the page's background colour.
async fn scheme_shown(page: &Page) -> Result<(String, String)> {
    let v = page
        .js(
            "return [document.documentElement.getAttribute('data-theme') || '',
                     getComputedStyle(document.body).backgroundColor];",
            vec![],
        )
        .await?;
    Ok((
        v[0].as_str().unwrap_or_default().to_string(),
        v[1].as_str().unwrap_or_default().to_string(),
    ))
}

async fn expect_scheme(page: &Page, scheme: Scheme, what: &str) -> Result {
    let (attribute, background) = scheme_shown(page).await?;
    ensure_eq!(
        (attribute.as_str(), background.as_str()),
        (scheme.name(), scheme.paper()),
        "{what}: data-theme and background"
    );
    Ok(())
}

/// The views every check goes through, each with what shows it is ready.
fn views() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("home", "/", "aside.latest .card"),
        ("section", "/world", ".section-page .story-list .card"),
        ("article", SEED, ".latest-articles .card"),
        ("tag", "/tag/climate/", ".archive-page .story-list .card"),
        (
            "author",
            "/author/amara-okafor/",
            ".archive-page .story-list .card",
        ),
        (
            "article-blocks",
            crate::blocks::ARTICLE,
            ".article-body .table-box",
        ),
        ("not-found", NOT_FOUND, ".not-found h1"),
    ]
}

/// Opens a view and waits until it and its parts have loaded.
pub(crate) async fn open_view(page: &Page, path: &str, ready: &str) -> Result {
    page.open(path).await?;
    page.wait_for(ready).await?;
    if path == SEED {
        page.wait_for(".more-articles .card").await?;
        page.wait_for("form.comment-form #comment").await?;
    }
    Ok(())
}

/// A short description of the focused element: `tag#id.class "text"`.
pub(crate) async fn focused(page: &Page) -> Result<String> {
    let v = page
        .js(
            "const e = document.activeElement;
             if (!e) return '(nothing)';
             let s = e.tagName.toLowerCase();
             if (e.id) s += '#' + e.id;
             if (e.className && typeof e.className === 'string') s += '.' + e.className.trim().split(/\\s+/).join('.');
             const t = (e.innerText || e.value || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
             return t ? s + ' ' + JSON.stringify(t) : s;",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Whether the focused element matches `css`.
pub(crate) async fn focus_matches(page: &Page, css: &str) -> Result<bool> {
    let v = page
        .js(
            "const e = document.activeElement; return !!e && e.matches(arguments[0]);",
            vec![json!(css)],
        )
        .await?;
    Ok(v == json!(true))
}

pub(crate) async fn wait_for_focus(page: &Page, css: &str) -> Result {
    let waited = page
        .wait_until(format!("focus on `{css}`"), move || async move {
            Ok(focus_matches(page, css).await?.then_some(()))
        })
        .await;
    match waited {
        Ok(()) => Ok(()),
        Err(e) => Err(e.and(focused(page).await.unwrap_or_default())),
    }
}

/// Presses a key, as a keyboard would.
pub(crate) async fn press(page: &Page, key: Key) -> Result {
    let key: char = key.into();
    let actions = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    page.client.perform_actions(actions).await?;
    Ok(())
}

/// Types text into whatever has focus, key by key.
pub(crate) async fn type_text(page: &Page, text: &str) -> Result {
    let mut actions = KeyActions::new("keyboard".to_string());
    for c in text.chars() {
        actions = actions
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    page.client.perform_actions(actions).await?;
    Ok(())
}

/// Presses Tab until the focused element matches `css`; fails after `most`.
pub(crate) async fn tab_to(page: &Page, css: &str, most: usize) -> Result {
    let mut path = Vec::new();
    for _ in 0..most {
        press(page, Key::Tab).await?;
        if focus_matches(page, css).await? {
            return Ok(());
        }
        path.push(focused(page).await?);
    }
    Err(fail(format!(
        "{most} presses of Tab did not reach `{css}`; focus went through:\n      {}",
        path.join("\n      ")
    )))
}

/// Clicks the button under `scope` whose text is `label`.
async fn click_button(page: &Page, scope: &str, label: &str) -> Result {
    let css = format!("{scope} button");
    let css = css.as_str();
    let button = page
        .wait_until(format!("a button {label:?} in `{scope}`"), move || async move {
            for button in page.client.find_all(fantoccini::Locator::Css(css)).await? {
                if button.text().await?.trim() == label {
                    return Ok(Some(button));
                }
            }
            Ok(None)
        })
        .await?;
    button.click().await?;
    Ok(())
}

/// Path to `axe.min.js`, installed by `cargo xtask test`'s set-up.
pub(crate) fn axe_source() -> Result<String> {
    let path = project_root().join("target/tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).map_err(|e| {
        fail(format!(
            "{}: {e}; `cargo xtask test` installs axe-core (or run \
             `npm install --prefix target/tools axe-core`)",
            path.display()
        ))
    })
}

/// Runs axe-core on the page as it is (WCAG 2.2 AA and best practices,
/// target sizes included); gives one line per violation.
pub(crate) async fn axe(page: &Page, source: &str) -> Result<Vec<String>> {
    let loaded = page.js("return typeof window.axe === 'object';", vec![]).await?;
    if loaded != json!(true) {
        page.js(&format!("{source}\nreturn true;"), vec![]).await?;
    }
    let result = js_async(
        page,
        "axe.run(document, { rules: { 'target-size': { enabled: true } }, resultTypes: ['violations'] })
            .then(r => done(r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + (n.failureSummary ? ' — ' + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 300) : '')),
            }))))
            .catch(e => done({ error: String(e) }));",
        vec![],
    )
    .await?;
    if let Some(error) = result.get("error") {
        return Err(fail(format!("axe.run failed: {error}")));
    }
    let lines = result
        .as_array()
        .map(|violations| {
            violations
                .iter()
                .map(|v| {
                    let nodes: Vec<String> = v["nodes"]
                        .as_array()
                        .map(|n| {
                            n.iter()
                                .map(|s| s.as_str().unwrap_or_default().to_string())
                                .collect()
                        })
                        .unwrap_or_default();
                    format!(
                        "{} ({}): {}\n        {}",
                        v["id"].as_str().unwrap_or_default(),
                        v["impact"].as_str().unwrap_or("no impact"),
                        v["help"].as_str().unwrap_or_default(),
                        nodes.join("\n        ")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(lines)
}

// ---------------------------------------------------------------- axe

async fn reader_axe_light(page: Page, _: Content) -> Result {
    axe_all_views(&page, Scheme::Light).await
}

async fn reader_axe_dark(page: Page, _: Content) -> Result {
    axe_all_views(&page, Scheme::Dark).await
}

/// axe-core on the homepage, a section, an article whose comment form shows
/// its errors, and the not-found view, in one scheme.
async fn axe_all_views(page: &Page, scheme: Scheme) -> Result {
    let source = axe_source()?;
    choose_scheme(page, scheme).await?;
    let mut found = Vec::new();
    for (name, path, ready) in views() {
        open_view(page, path, ready).await?;
        expect_scheme(page, scheme, path).await?;
        if path == SEED {
            // An empty form posted: every required field says what is wrong.
            page.click("form.comment-form button[type=submit]").await?;
            page.wait_for("#comment-error").await?;
            page.wait_for("#author-error").await?;
        }
        for violation in axe(page, &source).await? {
            found.push(format!("{name} ({path}): {violation}"));
        }
    }
    ensure!(
        found.is_empty(),
        "axe-core found {} violations in the {} scheme:\n    {}",
        found.len(),
        scheme.name(),
        found.join("\n    ")
    );
    Ok(())
}

// ---------------------------------------------------------------- keyboard

/// From the homepage to a posted comment with Tab, Enter and typing alone.
async fn reader_keyboard_journey_to_a_comment(page: Page, _: Content) -> Result {
    page.open("/").await?;
    page.wait_for(".lead .card-headline a").await?;
    let lead = page.attrs(".lead .card-headline a", "href").await?;
    let lead = lead.first().cloned().unwrap_or_default();

    // Through the skip link, the header and the section links to the lead.
    tab_to(&page, ".lead .card-headline a", 40).await?;
    press(&page, Key::Enter).await?;
    page.wait_for_location(&lead).await?;
    wait_for_focus(&page, ".article-head h1").await?;

    tab_to(&page, "#comment", 80).await?;
    type_text(&page, "Clear reporting, thank you.").await?;
    press(&page, Key::Tab).await?;
    wait_for_focus(&page, "#author").await?;
    type_text(&page, "Kim Reader").await?;
    press(&page, Key::Tab).await?;
    wait_for_focus(&page, "#email").await?;
    type_text(&page, "kim@example.org").await?;
    tab_to(&page, "form.comment-form button[type=submit]", 5).await?;
    press(&page, Key::Enter).await?;
    page.wait_for_text("p.post-outcome", NOT_ACCEPTING).await?;
    ensure_eq!(
        page.count(".field-error").await?,
        0,
        "error messages after a valid comment"
    );
    Ok(())
}

/// The first Tab reaches "Skip to main content", shown on screen; Enter
/// moves focus to the main content, on the same page.
async fn reader_skip_link(page: Page, _: Content) -> Result {
    open_view(&page, SEED, ".latest-articles .card").await?;
    page.set_marker().await?;
    press(&page, Key::Tab).await?;
    wait_for_focus(&page, "a.skip-link").await?;
    ensure_eq!(
        page.texts("a.skip-link").await?,
        vec!["Skip to main content".to_string()],
        "the skip link"
    );
    let shown = page
        .js(
            "const r = document.querySelector('a.skip-link').getBoundingClientRect();
             return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.width >= 24 && r.height >= 24;",
            vec![],
        )
        .await?;
    ensure_eq!(
        shown,
        json!(true),
        "the focused skip link is on screen, at least 24 px"
    );
    press(&page, Key::Enter).await?;
    wait_for_focus(&page, "main#main").await?;
    ensure_eq!(page.location().await?, SEED, "address after the skip link");
    ensure!(page.has_marker().await?, "the skip link loaded a page");
    // The next Tab goes into the content, not back to the header.
    press(&page, Key::Tab).await?;
    ensure!(
        focus_matches(&page, "main *").await?,
        "after the skip link, Tab went to {}",
        focused(&page).await?
    );
    Ok(())
}

// ---------------------------------------------------------------- focus

/// Exactly one h1 shown (to the eye, or to a screen reader if visually
/// hidden) in the document.
async fn one_h1(page: &Page, what: &str) -> Result {
    let h1s = page
        .js(
            "return Array.from(document.querySelectorAll('h1'))
                .filter(h => h.getClientRects().length > 0)
                .map(h => h.textContent.trim());",
            vec![],
        )
        .await?;
    let h1s = h1s.as_array().cloned().unwrap_or_default();
    ensure!(h1s.len() == 1, "{what}: the page has {} h1s: {h1s:?}", h1s.len());
    Ok(())
}

/// After an in-app route change: the view's h1 has focus, it is the only
/// one, and the live region reads out the new title.
async fn expect_view_focus(page: &Page, heading: &str, what: &str) -> Result {
    wait_for_focus(page, heading)
        .await
        .map_err(|e| fail(format!("{what}: {}", e.0)))?;
    one_h1(page, what).await?;
    let title = page.title().await?;
    page.wait_for_text("#route-announcer[aria-live=polite]", &title)
        .await
        .map_err(|e| fail(format!("{what}: {}", e.0)))?;
    Ok(())
}

async fn reader_focus_on_route_change(page: Page, content: Content) -> Result {
    let world = content.section_page("world", 1)?;
    let first = &list(&world, "/items")?[0];

    // The first page: focus stays where the browser puts it.
    page.open("/").await?;
    page.wait_for(".lead").await?;
    one_h1(&page, "home").await?;
    ensure!(
        focus_matches(&page, "body").await?,
        "on the first page, focus went to {}",
        focused(&page).await?
    );
    page.set_marker().await?;

    page.click("nav.section-nav a[href='/world/']").await?;
    page.wait_for_location("/world/").await?;
    expect_view_focus(&page, ".section-head h1", "home → World").await?;

    page.click_link("nav.pager", "Older").await?;
    page.wait_for_location("/world/page/2/").await?;
    expect_view_focus(&page, ".section-head h1", "World → page 2").await?;

    page.client.back().await?;
    page.wait_for_location("/world/").await?;
    expect_view_focus(&page, ".section-head h1", "back to World").await?;

    page.click(".section-page .card-headline a").await?;
    page.wait_for_location(&href(first)?).await?;
    page.wait_for_text(".article-head h1", &text(first, "/headline")?)
        .await?;
    expect_view_focus(&page, ".article-head h1", "World → article").await?;

    // From one article to another: the route stays, the article changes.
    page.wait_for(".more-articles .card-headline a").await?;
    let next = page.attrs(".more-articles .card-headline a", "href").await?;
    let next = next.first().cloned().unwrap_or_default();
    let next_headline = page.texts(".more-articles .card-headline a").await?;
    let next_headline = next_headline.first().cloned().unwrap_or_default();
    page.click(".more-articles .card-headline a").await?;
    page.wait_for_location(&next).await?;
    page.wait_for_text(".article-head h1", &next_headline).await?;
    expect_view_focus(&page, ".article-head h1", "article → article").await?;

    page.click(".masthead-name").await?;
    page.wait_for_location("/").await?;
    expect_view_focus(&page, "main h1.visually-hidden", "article → home").await?;
    ensure!(page.has_marker().await?, "a link loaded a new page");

    // The not-found view and the error view have their own h1.
    page.open(NOT_FOUND).await?;
    page.wait_for(".not-found h1").await?;
    one_h1(&page, "not found").await?;
    page.open("/world?page=99").await?;
    page.wait_for(".not-found h1").await?;
    one_h1(&page, "page 99 of World").await?;
    Ok(())
}

// ---------------------------------------------------------------- layout

/// Elements wider than the viewport or reaching past its right edge.
pub(crate) async fn sideways(page: &Page) -> Result<Value> {
    page.js(
        "const w = document.documentElement.clientWidth;
         const out = [];
         for (const e of document.querySelectorAll('body *')) {
             const r = e.getBoundingClientRect();
             if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5) && !e.closest('.visually-hidden, .skip-link')) {
                 out.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
                     + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
             }
         }
         return { scroll: document.documentElement.scrollWidth, inner: innerWidth, out: out.slice(0, 10) };",
        vec![],
    )
    .await
}

async fn reader_no_sideways_scrolling_at_320px(page: Page, _: Content) -> Result {
    viewport(&page, 320, 640).await?;
    let mut views = views();
    views.push((
        "section page 2",
        "/world/page/2/",
        ".section-page .story-list .card",
    ));
    for (name, path, ready) in views {
        open_view(&page, path, ready).await?;
        let found = sideways(&page).await?;
        ensure!(
            found["scroll"].as_f64() <= found["inner"].as_f64() && found["inner"] == json!(320),
            "{name} ({path}) scrolls sideways at 320 px: {found}"
        );
        // Every image keeps its space while it loads.
        let bare = page
            .js(
                "return Array.from(document.images)
                    .filter(i => !i.getAttribute('width') || !i.getAttribute('height') || !i.hasAttribute('alt'))
                    .map(i => i.src);",
                vec![],
            )
            .await?;
        ensure_eq!(bare, json!([]), "{name}: images without width, height or alt");
    }
    Ok(())
}

// ---------------------------------------------------------------- scheme

/// The reader's choice is kept, and applied before the app has even
/// started: with the wasm blocked, the page still comes up in it, since
/// `theme.js` in `<head>` sets it before anything is painted.
async fn reader_scheme_before_first_paint(page: Page, _: Content) -> Result {
    emulate(&page, Scheme::Light, false).await?;
    page.open("/").await?;
    page.wait_for(".lead").await?;
    let (attribute, background) = scheme_shown(&page).await?;
    ensure_eq!(
        (attribute.as_str(), background.as_str()),
        ("", LIGHT_PAPER),
        "before any choice, with the system light"
    );
    let buttons = ".theme-switch button";
    page.wait_for_texts(buttons, &["Light", "Dark", "System"].map(String::from))
        .await?;
    page.wait_for_attrs(
        buttons,
        "aria-pressed",
        &["false", "false", "true"].map(String::from),
    )
    .await?;

    click_button(&page, ".theme-switch", "Dark").await?;
    page.wait_for_attrs(
        buttons,
        "aria-pressed",
        &["false", "true", "false"].map(String::from),
    )
    .await?;
    expect_scheme(&page, Scheme::Dark, "after choosing Dark").await?;
    let stored = page
        .js(
            "return localStorage.getItem(arguments[0]);",
            vec![json!(THEME_KEY)],
        )
        .await?;
    ensure_eq!(stored, json!("dark"), "the stored choice");

    // Reloaded: dark at once, as soon as the document is there.
    page.client.refresh().await?;
    expect_scheme(&page, Scheme::Dark, "right after reloading").await?;
    page.wait_for_attrs(
        buttons,
        "aria-pressed",
        &["false", "true", "false"].map(String::from),
    )
    .await?;

    // Without the app at all (its wasm blocked): still dark, from theme.js.
    page.cdp("Network.enable", json!({})).await?;
    page.cdp("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] }))
        .await?;
    page.open_without_app(SEED).await?;
    let outcome = async {
        expect_scheme(&page, Scheme::Dark, "with the app blocked").await?;
        ensure_eq!(
            page.count("html[data-app]").await?,
            0,
            "the app ran with its wasm blocked"
        );
        Ok(())
    }
    .await;
    page.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await?;
    outcome?;

    // Light by choice under a dark system; then the system's again.
    emulate(&page, Scheme::Dark, false).await?;
    page.open("/").await?;
    page.wait_for(".lead").await?;
    click_button(&page, ".theme-switch", "Light").await?;
    expect_scheme(&page, Scheme::Light, "Light chosen, the system dark").await?;
    page.client.refresh().await?;
    expect_scheme(&page, Scheme::Light, "Light chosen, reloaded").await?;
    page.wait_for(".theme-switch button").await?;
    click_button(&page, ".theme-switch", "System").await?;
    let stored = page
        .js(
            "return localStorage.getItem(arguments[0]);",
            vec![json!(THEME_KEY)],
        )
        .await?;
    ensure_eq!(stored, Value::Null, "the stored choice after System");
    let (attribute, background) = scheme_shown(&page).await?;
    ensure_eq!(
        (attribute.as_str(), background.as_str()),
        ("", DARK_PAPER),
        "System chosen, the system dark"
    );
    Ok(())
}

/// With site data blocked (localStorage throws), theme.js and the app go
/// on: the system's scheme at first, and a choice lasts for the page.
async fn reader_scheme_with_storage_blocked(page: Page, _: Content) -> Result {
    let prefs = json!({ "profile.default_content_setting_values.cookies": 2 });
    let page = page.relaunch(Some(prefs)).await?;
    emulate(&page, Scheme::Dark, false).await?;
    page.open("/").await?;
    page.wait_for(".lead").await?;
    let probe = page
        .js(
            "try { localStorage.getItem('x'); return 'no error'; } catch (e) { return 'threw'; }",
            vec![],
        )
        .await?;
    ensure_eq!(
        probe,
        json!("threw"),
        "reading localStorage with site data blocked"
    );
    let (attribute, background) = scheme_shown(&page).await?;
    ensure_eq!(
        (attribute.as_str(), background.as_str()),
        ("", DARK_PAPER),
        "the system's scheme"
    );
    click_button(&page, ".theme-switch", "Light").await?;
    expect_scheme(&page, Scheme::Light, "Light chosen without storage").await?;
    page.wait_for_attrs(
        ".theme-switch button",
        "aria-pressed",
        &["true", "false", "false"].map(String::from),
    )
    .await?;
    // The app goes on working.
    page.click("nav.section-nav a[href='/world/']").await?;
    page.wait_for(".section-page .story-list .card").await?;
    expect_scheme(&page, Scheme::Light, "after moving to World").await?;
    let errors: Vec<Value> = page
        .browser_log()
        .await?
        .into_iter()
        .filter(|entry| entry["level"] == "SEVERE" && !entry["message"].to_string().contains("favicon"))
        .collect();
    ensure_eq!(errors, Vec::<Value>::new(), "console errors");
    Ok(())
}

// ---------------------------------------------------------------- share

async fn reader_share_article(page: Page, content: Content) -> Result {
    let article = content.article("world", "putin-visit-north-korea-alliance")?;
    let headline = text(&article, "/headline")?;
    open_view(&page, SEED, ".latest-articles .card").await?;
    let url = format!(
        "{}{SEED}",
        page.js("return location.origin;", vec![])
            .await?
            .as_str()
            .unwrap_or_default()
    );

    // No Web Share API (as on desktop Linux): the link is copied.
    page.js(
        "delete Navigator.prototype.share; delete navigator.share;
         window.__copied = null;
         navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };",
        vec![],
    )
    .await?;
    click_button(&page, ".share", "Share").await?;
    page.wait_for_text(".share-status[role=status]", "Link copied")
        .await?;
    ensure_eq!(
        page.js("return window.__copied;", vec![]).await?,
        json!(url),
        "the link copied"
    );

    // The Web Share API where there is one.
    page.js(
        "window.__shared = null;
         navigator.share = d => { window.__shared = d; return Promise.resolve(); };",
        vec![],
    )
    .await?;
    click_button(&page, ".share", "Share").await?;
    page.wait_until("navigator.share to be called", || async {
        let shared = page.js("return window.__shared;", vec![]).await?;
        Ok((!shared.is_null()).then_some(shared))
    })
    .await
    .and_then(|shared| {
        ensure_eq!(
            shared,
            json!({ "title": headline, "url": url }),
            "what was shared"
        );
        Ok(())
    })?;
    ensure_eq!(
        page.texts(".share-status").await?,
        vec![String::new()],
        "status after sharing"
    );

    // Neither works: the link, selected in a field, to copy by hand.
    page.js(
        "navigator.share = () => Promise.reject(new DOMException('no', 'NotAllowedError'));
         navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError'));",
        vec![],
    )
    .await?;
    click_button(&page, ".share", "Share").await?;
    page.wait_for(".share input#share-url").await?;
    wait_for_focus(&page, "#share-url").await?;
    let field = page
        .js(
            "const i = document.getElementById('share-url');
             return [i.value, i.selectionStart, i.selectionEnd, i.labels.length];",
            vec![],
        )
        .await?;
    let len = url.chars().count();
    ensure_eq!(
        field,
        json!([url, 0, len, 1]),
        "the link field: value, selection, labels"
    );
    Ok(())
}

// ---------------------------------------------------------------- print

/// An article with a link out and a link within the site, from the content.
fn article_with_links(content: &Content) -> Result<String> {
    for section in list(&content.site()?, "/sections")? {
        let slug = text(section, "/slug")?;
        for item in list(&content.section_page(&slug, 1)?, "/items")? {
            let article = content.article(&slug, &text(item, "/slug")?)?;
            let body = article["body"].to_string();
            if body.contains("\"href\":\"http") && body.contains("\"href\":\"/") {
                return href(item);
            }
        }
    }
    Err(fail("no article on a first section page has both kinds of link"))
}

async fn reader_print_article(page: Page, content: Content) -> Result {
    let path = article_with_links(&content)?;
    open_view(&page, &path, ".latest-articles .card").await?;
    emulate(&page, Scheme::Dark, true).await?;
    let hidden = page
        .js(
            "return ['.skip-link', '.top-bar', 'nav.section-nav', 'nav.breadcrumb', '.share', '#comments',
                     '.article-rail', '.site-footer nav']
                .filter(css => { const e = document.querySelector(css); return e && getComputedStyle(e).display !== 'none'; });",
            vec![],
        )
        .await?;
    ensure_eq!(hidden, json!([]), "parts still printed");
    let shown = page
        .js(
            "return ['.masthead-name', '.article-head h1', '.article-body', '.article > figure']
                .filter(css => { const e = document.querySelector(css); return !e || getComputedStyle(e).display === 'none'; });",
            vec![],
        )
        .await?;
    ensure_eq!(shown, json!([]), "parts missing from the print");
    let targets = page
        .js(
            "return Array.from(document.querySelectorAll('.article-body a')).map(a =>
                [a.getAttribute('href'), getComputedStyle(a, '::after').content]);",
            vec![],
        )
        .await?;
    let targets = targets.as_array().cloned().unwrap_or_default();
    ensure!(!targets.is_empty(), "{path}: no links in the body");
    for pair in &targets {
        let href = pair[0].as_str().unwrap_or_default();
        let after = pair[1].as_str().unwrap_or_default();
        ensure!(
            after.contains(href),
            "{path}: the link to {href} prints without its address: ::after is {after}"
        );
    }
    // Printed black on white, whatever the scheme.
    let colours = page
        .js(
            "return [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color];",
            vec![],
        )
        .await?;
    ensure_eq!(
        colours,
        json!(["rgb(255, 255, 255)", "rgb(0, 0, 0)"]),
        "printed colours"
    );
    // How it prints, for review (a print preview, at a paper-like width).
    viewport(&page, 800, 1100).await?;
    let dir = project_root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("article-print.png");
    std::fs::write(&file, full_page_png(&page, 800).await?)?;
    print_saved(&[file]);
    Ok(())
}

// ---------------------------------------------------------------- screenshots

async fn reader_screenshots_light(page: Page, _: Content) -> Result {
    screenshots(&page, Scheme::Light).await
}

async fn reader_screenshots_dark(page: Page, _: Content) -> Result {
    screenshots(&page, Scheme::Dark).await
}

/// The whole page, as a PNG, through CDP (WebDriver's screenshot is the
/// viewport only).
async fn full_page_png(page: &Page, width: u32) -> Result<Vec<u8>> {
    let height = page
        .js("return Math.ceil(document.documentElement.scrollHeight);", vec![])
        .await?
        .as_f64()
        .unwrap_or(900.0);
    let shot = page
        .cdp(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": width, "height": height.min(12_000.0), "scale": 1 },
            }),
        )
        .await?;
    let data = shot["data"]
        .as_str()
        .ok_or_else(|| fail("Page.captureScreenshot gave no data"))?;
    base64_decode(data)
}

/// The views at 360 and 1280 px in one scheme, under target/screenshots/.
async fn screenshots(page: &Page, scheme: Scheme) -> Result {
    let dir = project_root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    choose_scheme(page, scheme).await?;
    let mut saved = Vec::new();
    for width in [360, 1280] {
        viewport(page, width, 900).await?;
        for (name, path, ready) in views() {
            open_view(page, path, ready).await?;
            expect_scheme(page, scheme, path).await?;
            // Let lazy images below the fold arrive.
            page.js(
                "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager');",
                vec![],
            )
            .await?;
            page.wait_until("the images to load", || async {
                let done = page
                    .js(
                        "return Array.from(document.images).every(i => i.complete);",
                        vec![],
                    )
                    .await?;
                Ok((done == json!(true)).then_some(()))
            })
            .await?;
            let png = full_page_png(page, width).await?;
            let file = dir.join(format!("{name}-{width}-{}.png", scheme.name()));
            std::fs::write(&file, png)?;
            saved.push(file);
        }
    }
    print_saved(&saved);
    Ok(())
}

fn print_saved(files: &[PathBuf]) {
    let root = project_root();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string())
        .collect();
    println!("    saved {}", names.join(", "));
}

/// Standard base64, as CDP sends images.
fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u8);
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            other => return Err(fail(format!("not base64: byte {other}"))),
        };
        bits = (bits << 6) | u32::from(value);
        count += 1;
        if count == 4 {
            out.extend_from_slice(&[(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]);
            (bits, count) = (0, 0);
        }
    }
    match count {
        2 => out.push((bits >> 4) as u8),
        3 => out.extend_from_slice(&[(bits >> 10) as u8, (bits >> 2) as u8]),
        _ => {}
    }
    Ok(out)
}
