//! The cases. Each gets a fresh browser and the served copy of the build;
//! expected text comes from the same content files the app loads.

use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{article_file, headlines, href, list, number, section_page_file, squash, text, Content};
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;

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
const SEED_HEADLINE: &str =
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

// ---------------------------------------------------------------- routes

async fn homepage_by_deep_link(page: Page, content: Content) -> Result {
    let site = content.site()?;
    let front = content.front()?;
    let name = text(&site, "/name")?;
    page.open("/").await?;

    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await?;
    ensure_eq!(
        page.attrs(".lead .card-headline a", "href").await?,
        vec![href(&front["lead"])?],
        "lead story link"
    );
    ensure_eq!(page.count(".lead .card-standfirst").await?, 1, "lead standfirsts");
    let lead_img = page.attrs(".lead img", "width").await?;
    ensure!(
        lead_img.len() == 1 && !lead_img[0].is_empty(),
        "the lead has no sized image: widths {lead_img:?}"
    );
    // The lead picture is the homepage's largest paint: it must not wait.
    ensure_eq!(
        page.attrs(".lead img", "loading").await?,
        vec!["eager".to_string()],
        "the lead image's loading"
    );

    let top = list(&front, "/top")?;
    ensure!(!top.is_empty(), "front.json has no top stories");
    page.wait_for_texts(".top-stories .story-list .card-headline a", &headlines(top)?)
        .await?;

    // A block per section, in the site's order, each with its stories.
    let mut expected_blocks = Vec::new();
    for block in list(&front, "/sections")? {
        let items = list(block, "/items")?;
        if !items.is_empty() {
            let slug = text(block, "/section")?;
            expected_blocks.push(json!([
                section_name(&site, &slug)?,
                format!("/{slug}/"),
                headlines(items)?
            ]));
        }
    }
    ensure_eq!(
        expected_blocks.len(),
        list(&site, "/sections")?.len(),
        "sections with stories in front.json"
    );
    let blocks = page
        .js(
            "return Array.from(document.querySelectorAll('.section-block')).map(b => [
                 b.querySelector('h2').textContent.trim(),
                 b.querySelector('h2 a').getAttribute('href'),
                 Array.from(b.querySelectorAll('.card-headline a')).map(a => a.textContent.trim()),
             ]);",
            vec![],
        )
        .await?;
    ensure_eq!(
        blocks,
        Value::Array(expected_blocks),
        "section blocks (name, link, headlines)"
    );

    page.wait_for_texts(
        "aside.latest .card-headline a",
        &headlines(list(&front, "/latest")?)?,
    )
    .await?;

    let today = browser_date(&page, &site, None, true).await?;
    page.wait_for_text(".date-bar", &today).await?;

    page.wait_for_text(".masthead-name", &name).await?;
    let mut nav = vec!["Home".to_string()];
    for s in list(&site, "/sections")? {
        nav.push(text(s, "/name")?);
    }
    page.wait_for_texts(HEADER_NAV, &nav).await?;
    current_nav(&page, "Home").await?;

    page.wait_for_title(&name).await?;
    wait_for_description(&page, &text(&site, "/tagline")?).await?;
    Ok(())
}

async fn section_pages_by_deep_link(page: Page, content: Content) -> Result {
    let site = content.site()?;
    let name = text(&site, "/name")?;
    for section in list(&site, "/sections")? {
        let slug = text(section, "/slug")?;
        let section_name = text(section, "/name")?;
        let listing = content.section_page(&slug, 1)?;
        page.open(&format!("/{slug}")).await?;
        page.wait_for_text(".section-head h1", &section_name).await?;
        page.wait_for_text(".section-head p", &text(section, "/description")?)
            .await?;
        expect_listing(&page, &listing).await?;
        current_nav(&page, &section_name).await?;
        page.wait_for_title(&title(&section_name, &name)).await?;
        wait_for_description(&page, &text(section, "/description")?).await?;
    }

    // The first page of a section with two: "Older" leads on, nothing newer.
    let world = content.section_page("world", 1)?;
    ensure_eq!(
        number(&world, "/total_pages")?,
        2,
        "pages in World (sample content)"
    );
    page.open("/world").await?;
    expect_listing(&page, &world).await?;
    ensure_eq!(
        page.count(".story-list .card").await?,
        4,
        "cards on World page 1 (page size 4)"
    );
    page.wait_for_texts("nav.pager a", &["2".to_string(), "Older".to_string()])
        .await?;
    ensure_eq!(
        page.attrs("nav.pager a", "href").await?,
        vec!["/world/page/2/".to_string(), "/world/page/2/".to_string()],
        "pager links on World page 1"
    );
    Ok(())
}

async fn section_paging(page: Page, content: Content) -> Result {
    let name = content.site_name()?;
    let first = content.section_page("world", 1)?;
    let second = content.section_page("world", 2)?;
    ensure_eq!(
        item_count(&second)?,
        "8 articles · page 2 of 2",
        "item count of the sample's World page 2"
    );

    page.open("/world/page/2/").await?;
    expect_listing(&page, &second).await?;
    page.wait_for_title(&title("World, page 2", &name)).await?;
    page.wait_for_texts("nav.pager a", &["Newer".to_string(), "1".to_string()])
        .await?;
    ensure_eq!(
        page.attrs("nav.pager a", "href").await?,
        vec!["/world/".to_string(), "/world/".to_string()],
        "pager links on World page 2"
    );
    current_nav(&page, "World").await?;

    page.set_marker().await?;
    let steps = [
        ("Newer", "/world/", &first),
        ("2", "/world/page/2/", &second),
        ("1", "/world/", &first),
        ("Older", "/world/page/2/", &second),
    ];
    for (link, path, listing) in steps {
        page.click_link("nav.pager", link).await?;
        page.wait_for_location(path).await?;
        expect_listing(&page, listing)
            .await
            .map_err(|e| fail(format!("after clicking {link:?}: {}", e.0)))?;
        current_nav(&page, "World").await?;
    }
    page.wait_for_title(&title("World, page 2", &name)).await?;
    ensure!(
        page.has_marker().await?,
        "paging reloaded the page instead of staying in the app"
    );
    Ok(())
}

async fn article_by_deep_link(page: Page, content: Content) -> Result {
    let site = content.site()?;
    let name = text(&site, "/name")?;
    let article = content.article(SEED_SECTION, SEED_SLUG)?;
    let path = format!("/{SEED_SECTION}/{SEED_SLUG}");
    page.open(&path).await?;

    page.wait_for_text(ARTICLE_H1, SEED_HEADLINE).await?;
    page.wait_for_texts("nav.breadcrumb a", &["Home".to_string(), "World".to_string()])
        .await?;
    ensure_eq!(
        page.attrs("nav.breadcrumb a", "href").await?,
        vec!["/".to_string(), "/world/".to_string()],
        "breadcrumb links"
    );
    ensure_eq!(
        page.texts("nav.breadcrumb [aria-current=page]").await?,
        vec![SEED_HEADLINE.to_string()],
        "breadcrumb's last step"
    );
    page.wait_for_text(".standfirst", &text(&article, "/standfirst")?)
        .await?;
    let authors: Vec<String> = list(&article, "/authors")?
        .iter()
        .map(|a| a.as_str().unwrap_or_default().to_string())
        .collect();
    page.wait_for_text(".byline", &format!("By {}", authors.join(" and ")))
        .await?;

    let published = text(&article, "/published")?;
    ensure_eq!(
        page.attrs(".dateline time", "datetime").await?.first(),
        Some(&published),
        "the published time's datetime"
    );
    let date = page.texts(".dateline time").await?;
    ensure_eq!(
        date.first().map(String::as_str),
        Some(SEED_DATE),
        "the published date"
    );
    ensure_eq!(
        date.first(),
        Some(&browser_date(&page, &site, Some(&published), false).await?),
        "the published date, as Intl formats it"
    );

    // The hero: sized (no layout shift), described, and really served.
    let hero = ".article > figure img";
    ensure_eq!(page.count(hero).await?, 1, "hero images");
    ensure_eq!(
        page.attrs(hero, "width").await?,
        vec![number(&article, "/hero/width")?.to_string()],
        "hero width"
    );
    ensure_eq!(
        page.attrs(hero, "height").await?,
        vec![number(&article, "/hero/height")?.to_string()],
        "hero height"
    );
    ensure_eq!(
        page.attrs(hero, "alt").await?,
        vec![text(&article, "/hero/alt")?],
        "hero alt text"
    );
    page.wait_until("the hero image to load", || async {
        let v = page
            .js(
                "const i = document.querySelector(arguments[0]); return !!i && i.complete && i.naturalWidth > 0;",
                vec![json!(hero)],
            )
            .await?;
        Ok((v == json!(true)).then_some(()))
    })
    .await?;
    let caption = page.text_of(".article > figure figcaption").await?;
    ensure!(
        caption.contains(&text(&article, "/hero/caption")?),
        "the hero caption is missing from {caption:?}"
    );

    let paragraphs = list(&article, "/body")?
        .iter()
        .filter(|b| b.get("paragraph").is_some())
        .map(paragraph_text)
        .collect::<Result<Vec<_>>>()?;
    ensure!(
        paragraphs.len() >= 4,
        "the seed article has only {} paragraphs",
        paragraphs.len()
    );
    page.wait_for_texts(".article-body > p", &paragraphs).await?;

    let tags: Vec<String> = list(&article, "/tags")?
        .iter()
        .map(|t| t.as_str().unwrap_or_default().to_string())
        .collect();
    page.wait_for_texts(".tags li", &tags).await?;

    ensure_eq!(page.count("section#comments").await?, 1, "comment sections");
    ensure_eq!(
        page.count("section#comments h2").await?,
        1,
        "comment section headings"
    );

    // The rails: newest in World (this article is on page 2, so not among
    // them), and the newest across the site.
    let more: Vec<String> = list(&content.section_page("world", 1)?, "/items")?
        .iter()
        .map(href)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|h| *h != path)
        .take(RAIL_SIZE)
        .collect();
    page.wait_for_attrs(".more-articles .card-headline a", "href", &more)
        .await?;
    let latest: Vec<String> = list(&content.front()?, "/latest")?
        .iter()
        .map(href)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|h| *h != path)
        .take(RAIL_SIZE)
        .collect();
    page.wait_for_attrs(".latest-articles .card-headline a", "href", &latest)
        .await?;

    current_nav(&page, "World").await?;
    page.wait_for_title(&title(SEED_HEADLINE, &name)).await?;
    wait_for_description(&page, &text(&article, "/standfirst")?).await?;
    Ok(())
}

/// The newest World story is on World's first page and first in "Latest":
/// neither list under it may show it again.
async fn article_lists_leave_out_the_article(page: Page, content: Content) -> Result {
    let world = content.section_page("world", 1)?;
    let items = list(&world, "/items")?;
    let newest = items.first().ok_or_else(|| fail("World has no stories"))?;
    let path = href(newest)?;
    let article = content.article("world", &text(newest, "/slug")?)?;
    open_article(&page, &article).await?;

    // The newest others of World, from its first pages, as many as fit.
    let mut newest_first = items.clone();
    let world2 = content.section_page("world", 2)?;
    newest_first.extend(list(&world2, "/items")?.iter().cloned());
    let more: Vec<String> = newest_first
        .iter()
        .map(href)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|h| *h != path)
        .take(RAIL_SIZE)
        .collect();
    ensure_eq!(more.len(), RAIL_SIZE, "other stories of World");
    page.wait_for_attrs(".more-articles .card-headline a", "href", &more)
        .await?;

    let all_latest = list(&content.front()?, "/latest")?
        .iter()
        .map(href)
        .collect::<Result<Vec<_>>>()?;
    ensure!(
        all_latest.contains(&path),
        "{path} is not among the latest (sample content changed?)"
    );
    let latest: Vec<String> = all_latest
        .into_iter()
        .filter(|h| *h != path)
        .take(RAIL_SIZE)
        .collect();
    page.wait_for_attrs(".latest-articles .card-headline a", "href", &latest)
        .await?;
    Ok(())
}

/// Home → section → article → back to the section, all by clicking, all in
/// the app (no page load between them).
async fn navigation_by_clicking(page: Page, content: Content) -> Result {
    let name = content.site_name()?;
    let front = content.front()?;
    let world = content.section_page("world", 1)?;
    let first = &list(&world, "/items")?[0];

    page.open("/").await?;
    page.wait_for(".lead").await?;
    page.set_marker().await?;

    page.click(&format!("{HEADER_NAV}[href='/world/']")).await?;
    page.wait_for_location("/world/").await?;
    page.wait_for_text(".section-head h1", "World").await?;
    expect_listing(&page, &world).await?;
    current_nav(&page, "World").await?;
    page.wait_for_title(&title("World", &name)).await?;
    ensure!(page.has_marker().await?, "the section link loaded a new page");

    page.click(CARD_LINKS).await?;
    page.wait_for_location(&href(first)?).await?;
    page.wait_for_text(ARTICLE_H1, &text(first, "/headline")?).await?;
    page.wait_for_title(&title(&text(first, "/headline")?, &name))
        .await?;
    ensure!(page.has_marker().await?, "the headline link loaded a new page");

    page.click("nav.breadcrumb a[href='/world/']").await?;
    page.wait_for_location("/world/").await?;
    expect_listing(&page, &world).await?;
    ensure!(page.has_marker().await?, "the breadcrumb link loaded a new page");

    // And home again by the masthead, to the lead story, home by the breadcrumb.
    page.click(".masthead-name").await?;
    page.wait_for_location("/").await?;
    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await?;
    page.wait_for_title(&name).await?;
    page.click(".lead .card-headline a").await?;
    page.wait_for_location(&href(&front["lead"])?).await?;
    page.wait_for_text(ARTICLE_H1, &text(&front, "/lead/headline")?)
        .await?;
    page.click_link("nav.breadcrumb", "Home").await?;
    page.wait_for_location("/").await?;
    page.wait_for(".lead").await?;
    ensure!(page.has_marker().await?, "a link loaded a new page");
    Ok(())
}

async fn reload_keeps_the_page(page: Page, content: Content) -> Result {
    let name = content.site_name()?;
    let seed = content.article(SEED_SECTION, SEED_SLUG)?;
    open_article(&page, &seed).await?;
    page.set_marker().await?;
    page.client.refresh().await?;
    page.wait_for_text(ARTICLE_H1, SEED_HEADLINE).await?;
    ensure!(!page.has_marker().await?, "refresh did not reload the page");
    ensure_eq!(page.location().await?, href(&seed)?, "address after reload");
    page.wait_for_title(&title(SEED_HEADLINE, &name)).await?;

    // A page of a section keeps its page number.
    let second = content.section_page("world", 2)?;
    // An old link with the page in its query goes to the page's address.
    page.open("/world/page/2/").await?;
    expect_listing(&page, &second).await?;
    ensure_eq!(
        page.location().await?,
        "/world/page/2/",
        "address of an old page link"
    );
    page.client.refresh().await?;
    expect_listing(&page, &second).await?;
    ensure_eq!(page.location().await?, "/world/page/2/", "address after reload");

    // An address the app itself made (by a click) reloads to the same page.
    let world = content.section_page("world", 1)?;
    let first = &list(&world, "/items")?[0];
    page.open("/").await?;
    page.click(&format!("{HEADER_NAV}[href='/world/']")).await?;
    page.click(CARD_LINKS).await?;
    page.wait_for_text(ARTICLE_H1, &text(first, "/headline")?).await?;
    page.client.refresh().await?;
    page.wait_for_text(ARTICLE_H1, &text(first, "/headline")?).await?;
    ensure_eq!(page.location().await?, href(first)?, "address after reload");
    Ok(())
}

/// Back and forward move between the pages already seen, without loading
/// the page again, and without fetching any content file again.
async fn back_and_forward_without_refetching(page: Page, content: Content) -> Result {
    let front = content.front()?;
    let world = content.section_page("world", 1)?;
    let first = &list(&world, "/items")?[0];
    let article_path = href(first)?;
    let article_json = article_file("world", &text(first, "/slug")?);

    page.open("/").await?;
    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await?;
    page.set_marker().await?;
    page.click(&format!("{HEADER_NAV}[href='/world/']")).await?;
    expect_listing(&page, &world).await?;
    page.click(CARD_LINKS).await?;
    page.wait_for_text(ARTICLE_H1, &text(first, "/headline")?).await?;
    // Let the rails under the article finish loading too.
    page.wait_for(".more-articles .card").await?;
    page.wait_for(".latest-articles .card").await?;

    let before = page.requests_to("/content/").await?;
    // The listing and the article (the homepage carried the site file and
    // the front page): the count means something.
    ensure!(
        before.len() >= 2,
        "only these content requests were seen: {before:?}"
    );
    ensure_eq!(
        page.requests_to(&article_json).await?.len(),
        1,
        "requests for {article_json} on the first visit"
    );

    page.client.back().await?;
    page.wait_for_location("/world/").await?;
    expect_listing(&page, &world)
        .await
        .map_err(|e| fail(format!("after back: {}", e.0)))?;

    page.client.back().await?;
    page.wait_for_location("/").await?;
    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await
        .map_err(|e| fail(format!("after back twice: {}", e.0)))?;

    page.client.forward().await?;
    page.wait_for_location("/world/").await?;
    expect_listing(&page, &world)
        .await
        .map_err(|e| fail(format!("after forward: {}", e.0)))?;

    page.client.forward().await?;
    page.wait_for_location(&article_path).await?;
    page.wait_for_text(ARTICLE_H1, &text(first, "/headline")?)
        .await
        .map_err(|e| fail(format!("after forward twice: {}", e.0)))?;
    page.wait_for(".more-articles .card").await?;
    page.wait_for(".latest-articles .card").await?;

    ensure!(page.has_marker().await?, "back or forward loaded the page again");
    let after = page.requests_to("/content/").await?;
    ensure_eq!(
        page.requests_to(&article_json).await?.len(),
        1,
        "requests for {article_json} after back and forward"
    );
    // Nothing fetched twice. (A file never fetched may be: the mouse
    // resting on a link fetches its view ahead, public/preload.js.)
    let mut seen = std::collections::BTreeSet::new();
    let again: Vec<&String> = after.iter().filter(|url| !seen.insert(*url)).collect();
    ensure!(
        again.is_empty() && after.len() >= before.len(),
        "back and forward fetched content again: {again:?}"
    );
    Ok(())
}

// ---------------------------------------------------------------- not found

async fn not_found_unknown_path(page: Page, content: Content) -> Result {
    expect_not_found(&page, &content, "/no/such/path/here").await?;
    // Its link home works, inside the app.
    page.set_marker().await?;
    page.click(".not-found a[href='/']").await?;
    page.wait_for_location("/").await?;
    page.wait_for(".lead").await?;
    page.wait_for_title(&content.site_name()?).await?;
    ensure!(page.has_marker().await?, "the link home loaded a new page");
    Ok(())
}

async fn not_found_unknown_section(page: Page, content: Content) -> Result {
    expect_not_found(&page, &content, "/nosuchsection").await?;
    expect_not_found(&page, &content, "/nosuchsection/putin-visit-north-korea-alliance").await
}

async fn not_found_unknown_article(page: Page, content: Content) -> Result {
    expect_not_found(&page, &content, "/world/no-such-article").await
}

async fn not_found_page_out_of_range(page: Page, content: Content) -> Result {
    let pages = number(&content.section_page("world", 1)?, "/total_pages")?;
    ensure!(pages < 99, "World has {pages} pages");
    expect_not_found(&page, &content, "/world/page/99/").await?;
    expect_not_found(&page, &content, &format!("/world/page/{}/", pages + 1)).await?;
    // An old link's page number that is out of range: the same, at the
    // page's own address.
    expect_not_found(&page, &content, "/world?page=99").await
}

// ---------------------------------------------------------------- failures

/// A corrupted article file: the error view names it; fixed, Retry shows it.
async fn malformed_article_then_retry(page: Page, content: Content) -> Result {
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
async fn unknown_schema_then_retry(page: Page, content: Content) -> Result {
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
async fn missing_front_page_then_retry(page: Page, content: Content) -> Result {
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
async fn offline_then_retry(page: Page, content: Content) -> Result {
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
async fn placeholder_while_loading(page: Page, content: Content) -> Result {
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
async fn no_console_errors(page: Page, content: Content) -> Result {
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

/// A page rendered at build time carries the content it was drawn from,
/// and the app takes the page over with it: no content file is fetched
/// for the first view, and its article lists are there at once.
async fn first_view_content_is_carried(page: Page, _content: Content) -> Result {
    let article = format!("/{SEED_SECTION}/{SEED_SLUG}/");
    let views = [
        ("/", ".lead .card-headline a"),
        ("/world/page/2/", CARD_LINKS),
        (article.as_str(), ".latest-articles .card"),
    ];
    for (path, shown) in views {
        page.open(path).await?;
        ensure_eq!(
            page.js("return document.documentElement.dataset.app;", vec![])
                .await?,
            json!("took-over"),
            "how the app started at {path}"
        );
        page.wait_for(shown).await?;
        // Anything the app would fetch by now, it would have asked for.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        ensure_eq!(
            page.requests_to("/content/").await?,
            Vec::<String>::new(),
            "content requests of the first view at {path}"
        );
    }
    Ok(())
}

/// Who requested `file` (a path under the site root), once per request.
pub(crate) async fn requesters(page: &Page, file: &str) -> Result<Value> {
    page.js(
        "return performance.getEntriesByType('resource')
            .filter(e => e.name.endsWith('/' + arguments[0]))
            .map(e => e.initiatorType);",
        vec![json!(file)],
    )
    .await
}

/// Waits until `file` has been requested, by a preload, and only once.
pub(crate) async fn wait_preloaded(page: &Page, file: &str, why: &str) -> Result {
    page.wait_until(format!("{file} preloaded {why}"), || async {
        let by = requesters(page, file).await?;
        Ok((by == json!(["link"])).then_some(()))
    })
    .await
}

/// On the way to a click, `preload.js` fetches the link's view file: when
/// the mouse rests on the link, or the link gets keyboard focus; a pointer
/// only passing over fetches nothing. The app then uses that answer, so the
/// click makes no request of its own.
async fn next_view_is_fetched_on_the_way_to_a_click(page: Page, content: Content) -> Result {
    let front = content.front()?;
    let world = content.section_page("world", 1)?;
    let first = &list(&world, "/items")?[0];
    let article_json = article_file("world", &text(first, "/slug")?);
    let world_json = section_page_file("world", 1);
    let politics_json = section_page_file("politics", 1);
    page.open("/").await?;
    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await?;

    // Passing over (in and out at once) starts nothing.
    page.js(
        "const a = document.querySelector(arguments[0]);
         for (const type of ['pointerover', 'pointerout']) {
             a.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: 'mouse' }));
         }",
        vec![json!(format!("{HEADER_NAV}[href='/politics/']"))],
    )
    .await?;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    ensure_eq!(
        requesters(&page, &politics_json).await?,
        json!([]),
        "requests for {politics_json} after a pointer passed over its link"
    );

    let world_link = format!("{HEADER_NAV}[href='/world/']");
    page.hover(&world_link).await?;
    wait_preloaded(&page, &world_json, "with the mouse on its link").await?;
    page.click(&world_link).await?;
    expect_listing(&page, &world).await?;
    ensure_eq!(
        requesters(&page, &world_json).await?,
        json!(["link"]),
        "requests for {world_json} after the click"
    );

    page.js(
        "document.querySelector(arguments[0]).focus();",
        vec![json!(CARD_LINKS)],
    )
    .await?;
    wait_preloaded(&page, &article_json, "with its link focused").await?;
    page.click(CARD_LINKS).await?;
    page.wait_for_text(ARTICLE_H1, &text(first, "/headline")?).await?;
    ensure_eq!(
        requesters(&page, &article_json).await?,
        json!(["link"]),
        "requests for {article_json} after the click"
    );
    Ok(())
}
