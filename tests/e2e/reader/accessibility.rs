//! axe-core on the main views in either colour scheme; a keyboard alone
//! from the homepage to a posted comment; focus on the new view's heading
//! after every in-app route change; nothing scrolling sideways at 320 px.

use super::{
    axe, axe_source, choose_scheme, expect_scheme, focus_matches, focused, open_view, press, tab_to,
    type_text, viewport, views, wait_for_focus, Scheme, NOT_ACCEPTING, NOT_FOUND, SEED,
};
use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{href, list, text, Content};
use fantoccini::key::Key;
use serde_json::{json, Value};

pub(super) async fn reader_axe_light(page: Page, _: Content) -> Result {
    axe_all_views(&page, Scheme::Light).await
}

pub(super) async fn reader_axe_dark(page: Page, _: Content) -> Result {
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

/// From the homepage to a posted comment with Tab, Enter and typing alone.
pub(super) async fn reader_keyboard_journey_to_a_comment(page: Page, _: Content) -> Result {
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
pub(super) async fn reader_skip_link(page: Page, _: Content) -> Result {
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

pub(super) async fn reader_focus_on_route_change(page: Page, content: Content) -> Result {
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

pub(super) async fn reader_no_sideways_scrolling_at_320px(page: Page, _: Content) -> Result {
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
