//! Tag and author pages (issue 16): from an article's tags and byline to
//! the pages that list it, in the app and with JavaScript off; paging; an
//! unknown tag or author is not found (404 from the host); the same links
//! under a sub-path. axe, 320 px and both schemes run over a tag and an
//! author page with the other views (reader.rs, `views`).

use crate::browser::Page;
use crate::cases::Case;
use crate::check::{fail, Result};
use crate::content::{href, list, text, Content};
use crate::deploy::{goto, links_under_news, news, NEWS};
use crate::http;
use crate::prerender::port;
use crate::reader::{wait_for_focus, SEED};
use serde_json::Value;

pub fn all() -> Vec<Case> {
    cases![
        discovery_tag_link_leads_to_a_page_listing_the_article,
        discovery_byline_leads_to_the_author,
        discovery_tag_pages_are_paged,
        discovery_unknown_tag_or_author_is_not_found,
        discovery_without_javascript,
        discovery_news_subpath_links,
    ]
}

/// The seed article's tag with a page of its own, and its byline: one
/// author with a page, and an agency without.
const TAG: &str = "north-korea";
const AUTHOR: &str = "herald-staff";
const AUTHOR_NAME: &str = "Herald Staff";
const AGENCY: &str = "Reuters";
/// A tag with more articles than a page holds.
const LONG_TAG: &str = "climate";

fn archive(content: &Content, kind: &str, slug: &str, page: u32) -> Result<Value> {
    content.json(&format!("content/{kind}/{slug}/{page}.json"))
}

/// The headlines of the page's cards.
async fn card_links(page: &Page) -> Result<Vec<String>> {
    page.attrs(".archive-page .card-headline a", "href").await
}

async fn discovery_tag_link_leads_to_a_page_listing_the_article(page: Page, content: Content) -> Result {
    let site = content.site_name()?;
    page.open(SEED).await?;
    let link = format!(".tags a[href='/tag/{TAG}/']");
    page.wait_for(&link).await?;
    ensure_eq!(page.count(".tags li").await?, 3, "tags on the seed article");
    ensure_eq!(page.count(".tags a").await?, 3, "tag links on the seed article");
    page.set_marker().await?;
    page.click(&link).await?;
    page.wait_for_location(&format!("/tag/{TAG}/")).await?;
    let tag = archive(&content, "tags", TAG, 1)?;
    page.wait_for_text(".archive-head h1", &text(&tag, "/name")?)
        .await?;
    page.wait_for_text(".archive-kind", "Tag").await?;
    wait_for_focus(&page, ".archive-head h1").await?;
    page.wait_for_title(&format!("Tag: {} – {site}", text(&tag, "/name")?))
        .await?;
    let links = card_links(&page).await?;
    ensure!(
        links.iter().any(|l| l == SEED),
        "the tag page does not list the article: {links:?}"
    );
    let count = page.text_of(".item-count").await?;
    let total = tag["total_items"].as_u64().unwrap_or(0);
    ensure!(
        count.starts_with(&format!("{total} article")),
        "the article count reads {count:?}, for {total}"
    );
    ensure!(page.has_marker().await?, "the tag link loaded a new page");
    page.expect_no_console_errors().await
}

async fn discovery_byline_leads_to_the_author(page: Page, content: Content) -> Result {
    page.open(SEED).await?;
    let link = format!(".byline a[href='/author/{AUTHOR}/']");
    page.wait_for(&link).await?;
    ensure_eq!(
        page.text_of(".byline").await?,
        format!("By {AUTHOR_NAME} and {AGENCY}"),
        "the byline"
    );
    // The agency has no page: plain text.
    ensure_eq!(page.count(".byline a").await?, 1, "links in the byline");
    page.set_marker().await?;
    page.click(&link).await?;
    page.wait_for_location(&format!("/author/{AUTHOR}/")).await?;
    let author = archive(&content, "authors", AUTHOR, 1)?;
    page.wait_for_text(".archive-head h1", AUTHOR_NAME).await?;
    page.wait_for_text(".archive-head p:not(.archive-kind)", &text(&author, "/about")?)
        .await?;
    wait_for_focus(&page, ".archive-head h1").await?;
    let links = card_links(&page).await?;
    ensure!(
        links.iter().any(|l| l == SEED),
        "the author page does not list the article: {links:?}"
    );
    ensure!(page.has_marker().await?, "the byline link loaded a new page");

    // An author with a photo: it is shown, sized, with its alt text.
    page.open("/author/amara-okafor/").await?;
    let amara = archive(&content, "authors", "amara-okafor", 1)?;
    page.wait_for(".archive-photo").await?;
    ensure_eq!(
        page.attrs(".archive-photo", "alt").await?,
        vec![text(&amara, "/photo/alt")?],
        "the photo's alt text"
    );
    page.expect_no_console_errors().await
}

async fn discovery_tag_pages_are_paged(page: Page, content: Content) -> Result {
    let first = archive(&content, "tags", LONG_TAG, 1)?;
    let pages = first["total_pages"].as_u64().unwrap_or(0);
    ensure!(
        pages >= 2,
        "tag {LONG_TAG} has {pages} page(s): the sample needs more"
    );
    page.open(&format!("/tag/{LONG_TAG}/")).await?;
    page.wait_for(".archive-page .card").await?;
    // The page rendered at build time is taken over, with the content it
    // carries: nothing fetched again.
    let started = page.app_started().await?;
    ensure_eq!(
        started,
        serde_json::json!("took-over"),
        "how the app started on a tag page"
    );
    let fetched = page
        .requests_to(&format!("content/tags/{LONG_TAG}/1.json"))
        .await?;
    ensure!(
        fetched.is_empty(),
        "the tag page's content fetched again: {fetched:?}"
    );
    page.click("nav.pager a[rel='next']").await?;
    page.wait_for_location(&format!("/tag/{LONG_TAG}/page/2/"))
        .await?;
    let second = archive(&content, "tags", LONG_TAG, 2)?;
    let expected: Vec<String> = list(&second, "/items")?.iter().map(href).collect::<Result<_>>()?;
    page.wait_for_attrs(".archive-page .card-headline a", "href", &expected)
        .await?;
    wait_for_focus(&page, ".archive-head h1").await?;
    // Newest first across the pages.
    let newest_on_2 = text(&list(&second, "/items")?[0], "/published")?;
    let oldest_on_1 = text(
        list(&first, "/items")?.last().ok_or_else(|| fail("no items"))?,
        "/published",
    )?;
    ensure!(newest_on_2 <= oldest_on_1, "page 2 starts newer than page 1 ends");
    Ok(())
}

async fn discovery_unknown_tag_or_author_is_not_found(page: Page, content: Content) -> Result {
    let site = content.site_name()?;
    for path in [
        "/tag/no-such-tag/",
        "/author/nobody-at-all/",
        "/author/reuters/",
        "/tag/climate/page/99/",
    ] {
        let response = http::request(port(&page)?, "GET", path, None).await?;
        ensure_eq!(response.status, 404, "status of GET {path}");
        page.open(path).await?;
        page.wait_for_text(".not-found h1", "Page not found").await?;
        page.wait_for_title(&format!("Page not found – {site}")).await?;
        ensure_eq!(page.count(".load-error").await?, 0, "{path}: error views");
        ensure_eq!(page.location().await?, path, "{path}: address after not found");
    }
    Ok(())
}

/// With JavaScript off the pages are plain pages: from the article to its
/// tag's page, through the pager, and to the author's page by the byline.
async fn discovery_without_javascript(page: Page, content: Content) -> Result {
    let prefs = serde_json::json!({ "profile.managed_default_content_settings.javascript": 2 });
    let page = page.relaunch(Some(prefs)).await?;
    page.open_without_app(SEED).await?;
    page.wait_for(".article-head h1").await?;
    ensure_eq!(
        page.count("html[data-app]").await?,
        0,
        "the app ran with JavaScript off"
    );
    page.click(&format!(".tags a[href='/tag/{TAG}/']")).await?;
    page.wait_for_location(&format!("/tag/{TAG}/")).await?;
    let tag = archive(&content, "tags", TAG, 1)?;
    page.wait_for_text(".archive-head h1", &text(&tag, "/name")?)
        .await?;
    ensure!(
        card_links(&page).await?.iter().any(|l| l == SEED),
        "the tag page lists the article"
    );

    page.open_without_app(&format!("/tag/{LONG_TAG}/")).await?;
    page.click("nav.pager a[rel='next']").await?;
    page.wait_for_location(&format!("/tag/{LONG_TAG}/page/2/"))
        .await?;
    let second = archive(&content, "tags", LONG_TAG, 2)?;
    let first = &list(&second, "/items")?[0];
    page.wait_for_text(".card-headline a", &text(first, "/headline")?)
        .await?;

    page.open_without_app(SEED).await?;
    page.click(&format!(".byline a[href='/author/{AUTHOR}/']"))
        .await?;
    page.wait_for_location(&format!("/author/{AUTHOR}/")).await?;
    page.wait_for_text(".archive-head h1", AUTHOR_NAME).await?;
    let author = archive(&content, "authors", AUTHOR, 1)?;
    let about = page.text_of(".archive-head").await?;
    ensure!(
        about.contains(&text(&author, "/about")?),
        "the bio with JavaScript off: {about:?}"
    );
    ensure_eq!(
        page.count("html[data-app]").await?,
        0,
        "the app ran with JavaScript off"
    );
    Ok(())
}

/// Under `/news/`, tag and byline links stay under it and lead to pages
/// that are there.
async fn discovery_news_subpath_links(page: Page, _content: Content) -> Result {
    let site = news()?;
    goto(&page, &site, &format!("{NEWS}{SEED}")).await?;
    let tag_link = format!(".tags a[href='{NEWS}/tag/{TAG}/']");
    page.wait_for(&tag_link).await?;
    page.wait_for(&format!(".byline a[href='{NEWS}/author/{AUTHOR}/']"))
        .await?;
    links_under_news(&page, "the article").await?;
    page.click(&tag_link).await?;
    page.wait_for_location(&format!("{NEWS}/tag/{TAG}/")).await?;
    page.wait_for(".archive-page .card").await?;
    let links = card_links(&page).await?;
    ensure!(
        links.iter().any(|l| *l == format!("{NEWS}{SEED}")),
        "the tag page under /news/ does not list the article: {links:?}"
    );
    links_under_news(&page, "the tag page").await?;
    goto(&page, &site, &format!("{NEWS}/author/{AUTHOR}/")).await?;
    page.wait_for_text(".archive-head h1", AUTHOR_NAME).await?;
    links_under_news(&page, "the author page").await?;
    goto(&page, &site, &format!("{NEWS}/tag/{LONG_TAG}/page/2/")).await?;
    page.wait_for(".archive-page .card").await?;
    links_under_news(&page, "a tag's second page").await?;
    Ok(())
}
