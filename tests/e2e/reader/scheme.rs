//! The chosen colour scheme: there before the first paint, and working
//! with site data blocked.

use super::{
    click_button, emulate, expect_scheme, scheme_shown, Scheme, DARK_PAPER, LIGHT_PAPER, SEED, THEME_KEY,
};
use crate::browser::Page;
use crate::check::Result;
use crate::content::Content;
use serde_json::{json, Value};

/// The reader's choice is kept, and applied before the app has even
/// started: with the wasm blocked, the page still comes up in it, since
/// `theme.js` in `<head>` sets it before anything is painted.
pub(super) async fn reader_scheme_before_first_paint(page: Page, _: Content) -> Result {
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
pub(super) async fn reader_scheme_with_storage_blocked(page: Page, _: Content) -> Result {
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
