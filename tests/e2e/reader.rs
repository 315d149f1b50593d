//! The reader's experience (issue 7): axe-core finds nothing on the main
//! views in either colour scheme; a keyboard alone gets from the homepage to
//! posting a comment; focus moves to the new view's heading on every in-app
//! route change; nothing scrolls sideways at 320 px; the chosen scheme is
//! there before the first paint; articles print cleanly and can be shared.
//! Screenshots of the main views go to `target/screenshots/` for review.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::{fail, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::path::PathBuf;

pub(crate) mod accessibility;
mod scheme;
mod screenshots;
mod share_and_print;
use accessibility::{
    reader_axe_dark, reader_axe_light, reader_focus_on_route_change, reader_keyboard_journey_to_a_comment,
    reader_no_sideways_scrolling_at_320px, reader_skip_link,
};
use scheme::{reader_scheme_before_first_paint, reader_scheme_with_storage_blocked};
use screenshots::{reader_screenshots_dark, reader_screenshots_light};
use share_and_print::{reader_print_article, reader_share_article};

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
