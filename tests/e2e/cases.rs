//! The cases. Each gets a fresh browser and the served copy of the build;
//! expected text comes from the same content files the app loads.

use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{headlines, href, list, number, squash, text, Content};
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;

mod deep_links;
mod failures;
pub(crate) mod fetching;
mod navigation;
mod not_found;
use deep_links::{
    article_by_deep_link, article_lists_leave_out_the_article, homepage_by_deep_link,
    section_pages_by_deep_link, section_paging,
};
use failures::{
    malformed_article_then_retry, missing_front_page_then_retry, no_console_errors, offline_then_retry,
    placeholder_while_loading, unknown_schema_then_retry,
};
use fetching::{first_view_content_is_carried, next_view_is_fetched_on_the_way_to_a_click};
use navigation::{
    back_and_forward_without_refetching, links_the_app_leaves_to_the_browser, navigation_by_clicking,
    reload_keeps_the_page, scroll_on_following_links_and_going_back,
};
use not_found::{
    not_found_page_out_of_range, not_found_unknown_article, not_found_unknown_path, not_found_unknown_section,
};

pub type CaseFn = fn(Page, Content) -> Pin<Box<dyn Future<Output = Result> + Send>>;
pub type Case = (&'static str, CaseFn);

pub fn all() -> Vec<Case> {
    cases![
        homepage_by_deep_link,
        section_pages_by_deep_link,
        section_paging,
        article_by_deep_link,
        article_lists_leave_out_the_article,
        navigation_by_clicking,
        reload_keeps_the_page,
        back_and_forward_without_refetching,
        links_the_app_leaves_to_the_browser,
        scroll_on_following_links_and_going_back,
        not_found_unknown_path,
        not_found_unknown_section,
        not_found_unknown_article,
        not_found_page_out_of_range,
        malformed_article_then_retry,
        unknown_schema_then_retry,
        missing_front_page_then_retry,
        offline_then_retry,
        placeholder_while_loading,
        no_console_errors,
        first_view_content_is_carried,
        next_view_is_fetched_on_the_way_to_a_click,
    ]
}

/// The seed article, as the issue gives it.
const SEED_SECTION: &str = "world";
const SEED_SLUG: &str = "putin-visit-north-korea-alliance";
pub(crate) const SEED_HEADLINE: &str =
    "Putin’s Visit to North Korea Signals Deepening Alliance and Strategic Importance";
const SEED_DATE: &str = "July 11, 2024";

/// Stories in "More articles" and "Latest articles" under an article.
const RAIL_SIZE: usize = 4;

const HEADER_NAV: &str = "nav.section-nav a";
const CARD_LINKS: &str = ".story-list .card-headline a";
const ARTICLE_H1: &str = ".article-head h1";

// ---------------------------------------------------------------- helpers

/// `Headline – Site`, or the site alone.
fn title(page_title: &str, site: &str) -> String {
    if page_title.is_empty() {
        site.to_string()
    } else {
        format!("{page_title} – {site}")
    }
}

async fn wait_for_description(page: &Page, expected: &str) -> Result {
    page.wait_for_attrs("meta[name=description]", "content", &[expected.to_string()])
        .await
}

/// The name of the section nav link marked as the current page.
async fn current_nav(page: &Page, expected: &str) -> Result {
    page.wait_for_texts(
        &format!("{HEADER_NAV}[aria-current=page]"),
        &[expected.to_string()],
    )
    .await
}

/// `Intl`'s date for a timestamp (or now), as the app should show it.
async fn browser_date(page: &Page, site: &Value, timestamp: Option<&str>, weekday: bool) -> Result<String> {
    let v = page
        .js(
            "const [when, locale, timeZone, weekday] = arguments;
             const d = when ? new Date(when) : new Date();
             const o = { year: 'numeric', month: 'long', day: 'numeric', timeZone };
             if (weekday) o.weekday = 'long';
             return d.toLocaleDateString(locale, o);",
            vec![
                json!(timestamp),
                json!(text(site, "/locale")?),
                json!(text(site, "/time_zone")?),
                json!(weekday),
            ],
        )
        .await?;
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| fail("toLocaleDateString gave no text"))
}

/// "8 articles · page 1 of 2", from a listing file.
fn item_count(listing: &Value) -> Result<String> {
    let total = number(listing, "/total_items")?;
    let pages = number(listing, "/total_pages")?;
    let count = match total {
        0 => "No articles yet".to_string(),
        1 => "1 article".to_string(),
        n => format!("{n} articles"),
    };
    Ok(if pages > 1 {
        format!("{count} · page {} of {pages}", number(listing, "/page")?)
    } else {
        count
    })
}

/// Waits for a section listing page to show `listing`.
async fn expect_listing(page: &Page, listing: &Value) -> Result {
    page.wait_for_text(".item-count", &item_count(listing)?).await?;
    let items = list(listing, "/items")?;
    page.wait_for_texts(CARD_LINKS, &headlines(items)?).await?;
    let hrefs = items.iter().map(href).collect::<Result<Vec<_>>>()?;
    page.wait_for_attrs(CARD_LINKS, "href", &hrefs).await?;
    let current = number(listing, "/page")?.to_string();
    if number(listing, "/total_pages")? > 1 {
        page.wait_for_texts("nav.pager [aria-current=page]", &[current])
            .await?;
    }
    Ok(())
}

/// The section's name from the site file.
fn section_name(site: &Value, slug: &str) -> Result<String> {
    list(site, "/sections")?
        .iter()
        .find(|s| s["slug"] == slug)
        .map(|s| text(s, "/name"))
        .unwrap_or_else(|| Err(fail(format!("site.json has no section {slug}"))))
}

/// A paragraph block's text (blocks are `{"paragraph": {"spans": […]}}`).
fn paragraph_text(block: &Value) -> Result<String> {
    let spans = list(block, "/paragraph/spans")?;
    let joined: String = spans
        .iter()
        .map(|s| s["text"].as_str().unwrap_or_default())
        .collect();
    Ok(squash(&joined))
}

/// Opens an article and waits for its headline.
async fn open_article(page: &Page, article: &Value) -> Result {
    page.open(&href(article)?).await?;
    page.wait_for_text(ARTICLE_H1, &text(article, "/headline")?).await
}

/// What a not-found view must be: the view itself, a link home, the title,
/// no error view, and the address left as it was.
async fn expect_not_found(page: &Page, content: &Content, path: &str) -> Result {
    page.open(path).await?;
    page.wait_for_text(".not-found h1", "Page not found").await?;
    let links = page.attrs(".not-found a", "href").await?;
    ensure!(
        links.iter().any(|l| l == "/"),
        "{path}: the not-found view has no link home: {links:?}"
    );
    page.wait_for_title(&title("Page not found", &content.site_name()?))
        .await?;
    ensure_eq!(
        page.count(".load-error").await?,
        0,
        "{path}: error views next to not found"
    );
    // An old section page link goes to the page's own address first.
    let address = match path.split_once("?page=") {
        Some((section, n)) => format!("{}/page/{n}/", section.trim_end_matches('/')),
        None => path.to_string(),
    };
    ensure_eq!(
        page.location().await?,
        address,
        "{path}: address after showing not found"
    );
    // The shell is still there: nothing blank.
    ensure_eq!(page.count(".masthead-name").await?, 1, "{path}: mastheads");
    // The host answered with its not-found page (an old link, `?page=99`,
    // by way of the page's own address), and the app took that over as it
    // was: it did not ask for the content of the page the address would
    // name, to draw loading and then not found again.
    ensure_eq!(
        page.app_started().await?,
        json!("took-over"),
        "{path}: how the app started"
    );
    ensure_eq!(
        page.requests_to("/content/").await?,
        Vec::<String>::new(),
        "{path}: content requested at the not-found page"
    );
    Ok(())
}

/// The error view: naming `file`, saying `words`, with a Retry button.
async fn expect_error(page: &Page, file: &str, words: &str) -> Result {
    page.wait_for(".load-error").await?;
    let detail = page.text_of(".load-error-detail").await?;
    ensure!(
        detail.contains(file),
        "the error does not name {file}: {detail:?}"
    );
    ensure!(
        detail.contains(words),
        "the error does not say {words:?}: {detail:?}"
    );
    ensure_eq!(
        page.texts(".load-error button").await?,
        vec!["Retry".to_string()],
        "buttons in the error view"
    );
    ensure_eq!(
        page.count(".masthead-name").await?,
        1,
        "mastheads on the error page"
    );
    Ok(())
}
