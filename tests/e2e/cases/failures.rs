//! Content files that are broken, missing, slow or out of reach: the
//! error view, Retry, the placeholder; and no console errors on the way.

use super::{
    expect_error, expect_listing, open_article, ARTICLE_H1, CARD_LINKS, HEADER_NAV, SEED_SECTION, SEED_SLUG,
};
use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{article_file, href, list, section_page_file, text, Content};
use serde_json::json;

/// A corrupted article file: the error view names it; fixed, Retry shows it.
pub(super) async fn malformed_article_then_retry(page: Page, content: Content) -> Result {
    let world = content.section_page("world", 2)?;
    let victim = list(&world, "/items")?
        .last()
        .cloned()
        .ok_or_else(|| fail("World page 2 is empty"))?;
    let slug = text(&victim, "/slug")?;
    let file = article_file("world", &slug);
    let article = content.article("world", &slug)?;

    let broken = content.replace(&file, br#"{"schema": 1, "slug": "cut off in the mid"#)?;
    page.open_in_app(&href(&victim)?).await?;
    expect_error(&page, &file, "is not valid content").await?;
    ensure_eq!(
        page.count(ARTICLE_H1).await?,
        0,
        "article headlines beside the error"
    );

    broken.restore()?;
    page.set_marker().await?;
    page.click(".load-error button").await?;
    page.wait_for_text(ARTICLE_H1, &text(&article, "/headline")?)
        .await?;
    page.wait_gone(".load-error").await?;
    ensure!(
        page.has_marker().await?,
        "Retry reloaded the page instead of fetching again"
    );
    Ok(())
}

/// A listing file from a newer format: the error says which version.
pub(super) async fn unknown_schema_then_retry(page: Page, content: Content) -> Result {
    let file = section_page_file("science", 1);
    let listing = content.json(&file)?;
    let mut newer = listing.clone();
    newer["schema"] = json!(99);
    let broken = content.replace(&file, newer.to_string().as_bytes())?;

    page.open_in_app("/science/").await?;
    page.wait_for_text(".section-head h1", "Science").await?;
    expect_error(&page, &file, "version 99").await?;

    broken.restore()?;
    page.click(".load-error button").await?;
    expect_listing(&page, &listing).await?;
    page.wait_gone(".load-error").await?;
    Ok(())
}

/// No front-page file at all: the homepage says so, and recovers.
pub(super) async fn missing_front_page_then_retry(page: Page, content: Content) -> Result {
    let front = content.front()?;
    let hidden = content.hide("content/front.json")?;
    page.open_in_app("/").await?;
    expect_error(&page, "content/front.json", "was not found").await?;
    ensure_eq!(page.count(".lead").await?, 0, "lead stories without a front page");

    hidden.restore()?;
    page.click(".load-error button").await?;
    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await?;
    page.wait_gone(".load-error").await?;
    Ok(())
}

/// The connection drops between two pages: the error says so; back
/// online, Retry loads the page.
pub(super) async fn offline_then_retry(page: Page, content: Content) -> Result {
    let world = content.section_page("world", 1)?;
    page.open("/").await?;
    page.wait_for(".lead").await?;
    page.set_offline(true).await?;
    page.click(&format!("{HEADER_NAV}[href='/world/']")).await?;
    let outcome = async {
        page.wait_for_location("/world/").await?;
        expect_error(&page, &section_page_file("world", 1), "connection failed").await?;
        let words = page.texts(".load-error p").await?;
        ensure!(
            words.iter().any(|w| w.contains("connection")),
            "the error does not suggest checking the connection: {words:?}"
        );
        Ok(())
    }
    .await;
    page.set_offline(false).await?;
    outcome?;
    page.click(".load-error button").await?;
    expect_listing(&page, &world).await?;
    page.wait_gone(".load-error").await?;
    Ok(())
}

/// While a file loads, a placeholder holds its place.
pub(super) async fn placeholder_while_loading(page: Page, content: Content) -> Result {
    let world = content.section_page("world", 1)?;
    page.open("/").await?;
    page.wait_for(".lead").await?;
    page.set_latency(1500).await?;
    page.click(&format!("{HEADER_NAV}[href='/world/']")).await?;
    let outcome = async {
        page.wait_for(".section-page .placeholder").await?;
        let height = page
            .js(
                "const p = document.querySelector('.section-page .placeholder');
                 return p ? p.getBoundingClientRect().height : 0;",
                vec![],
            )
            .await?;
        ensure!(
            height.as_f64().unwrap_or(0.0) >= 40.0,
            "the placeholder reserves no space: height {height}"
        );
        expect_listing(&page, &world).await?;
        page.wait_gone(".placeholder").await
    }
    .await;
    page.set_latency(0).await?;
    outcome
}

/// The main routes log no errors to the console.
pub(super) async fn no_console_errors(page: Page, content: Content) -> Result {
    let seed = content.article(SEED_SECTION, SEED_SLUG)?;
    page.open("/").await?;
    page.wait_for(".lead").await?;
    page.click(&format!("{HEADER_NAV}[href='/world/']")).await?;
    page.wait_for(".story-list .card").await?;
    page.click(CARD_LINKS).await?;
    page.wait_for(ARTICLE_H1).await?;
    page.open("/world/page/2/").await?;
    page.wait_for(".item-count").await?;
    open_article(&page, &seed).await?;
    page.wait_for(".latest-articles .card").await?;
    page.wait_for(".more-articles .card").await?;

    page.expect_no_console_errors().await
}
