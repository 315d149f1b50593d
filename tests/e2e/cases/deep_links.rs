//! Each route opened by its address: the homepage, the section pages and
//! their paging, and an article with the lists under it.

use super::{
    browser_date, current_nav, expect_listing, item_count, open_article, paragraph_text, section_name, title,
    wait_for_description, ARTICLE_H1, HEADER_NAV, RAIL_SIZE, SEED_DATE, SEED_HEADLINE, SEED_SECTION,
    SEED_SLUG,
};
use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{headlines, href, list, number, text, Content};
use serde_json::{json, Value};

pub(super) async fn homepage_by_deep_link(page: Page, content: Content) -> Result {
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

pub(super) async fn section_pages_by_deep_link(page: Page, content: Content) -> Result {
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

pub(super) async fn section_paging(page: Page, content: Content) -> Result {
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

pub(super) async fn article_by_deep_link(page: Page, content: Content) -> Result {
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

    // The rails: its related stories then the newest in World (this article
    // is on page 2, so not among those), and the newest across the site.
    let more = more_articles(
        &content,
        &article,
        list(&content.section_page("world", 1)?, "/items")?,
        &path,
    )?;
    page.wait_for_attrs(".more-articles .card-headline a", "href", &more)
        .await?;
    let latest = latest_beside(list(&content.front()?, "/latest")?, &path, &more)?;
    page.wait_for_attrs(".latest-articles .card-headline a", "href", &latest)
        .await?;

    current_nav(&page, "World").await?;
    page.wait_for_title(&title(SEED_HEADLINE, &name)).await?;
    wait_for_description(&page, &text(&article, "/standfirst")?).await?;
    Ok(())
}

/// The addresses of the first `stories` but `leave_out`, as many as a list
/// under an article shows.
fn rail(stories: &[Value], leave_out: &str) -> Result<Vec<String>> {
    Ok(stories
        .iter()
        .map(href)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|h| h != leave_out)
        .take(RAIL_SIZE)
        .collect())
}

/// What "More articles" under a World `article` (at `path`) lists: first the
/// World stories that share a tag with it, in the order its file gives them
/// (most related first: broadsheet-press's tests check that order), then
/// the newest others of World (`newest_first`), as many as fit. Fails when
/// no story shares a tag, so that the check always covers both parts.
fn more_articles(
    content: &Content,
    article: &Value,
    newest_first: &[Value],
    path: &str,
) -> Result<Vec<String>> {
    let tags = |story: &Value| -> Result<Vec<String>> {
        Ok(list(story, "/tags")?
            .iter()
            .map(|t| t.as_str().unwrap_or_default().to_lowercase())
            .collect())
    };
    let own = tags(article)?;
    let mut related = Vec::new();
    for story in list(article, "/more_in_section")? {
        let other = content.article("world", &text(story, "/slug")?)?;
        if !tags(&other)?.iter().any(|t| own.contains(t)) {
            break;
        }
        related.push(href(story)?);
    }
    if related.is_empty() {
        return Err(fail(format!(
            "no World story shares a tag with {path} (sample content changed?)"
        )));
    }
    let newest = rail(newest_first, path)?
        .into_iter()
        .filter(|h| !related.contains(h));
    let mut more = related.clone();
    more.extend(newest);
    more.truncate(RAIL_SIZE);
    Ok(more)
}

/// What "Latest articles" under the article at `path` lists: the site's
/// newest (`all_latest`, the homepage's list) but the article and the
/// stories "More articles" shows already (`more`), as many as fit.
fn latest_beside(all_latest: &[Value], path: &str, more: &[String]) -> Result<Vec<String>> {
    let beside: Vec<String> = all_latest
        .iter()
        .map(href)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|h| h != path && !more.contains(h))
        .take(RAIL_SIZE)
        .collect();
    if beside.len() < RAIL_SIZE {
        return Err(fail(format!(
            "the homepage's latest has too few stories to check {path}'s"
        )));
    }
    Ok(beside)
}

/// The newest World story is on World's first page and first in "Latest":
/// neither list under it may show it again.
pub(super) async fn article_lists_leave_out_the_article(page: Page, content: Content) -> Result {
    let world = content.section_page("world", 1)?;
    let items = list(&world, "/items")?;
    let newest = items.first().ok_or_else(|| fail("World has no stories"))?;
    let path = href(newest)?;
    let article = content.article("world", &text(newest, "/slug")?)?;
    open_article(&page, &article).await?;

    // Its related stories, then the newest others of World from its first
    // pages, as many as fit.
    let mut newest_first = items.clone();
    let world2 = content.section_page("world", 2)?;
    newest_first.extend(list(&world2, "/items")?.iter().cloned());
    let more = more_articles(&content, &article, &newest_first, &path)?;
    ensure_eq!(more.len(), RAIL_SIZE, "other stories of World");
    ensure!(!more.contains(&path), "{path} is listed beside itself");
    page.wait_for_attrs(".more-articles .card-headline a", "href", &more)
        .await?;

    let front = content.front()?;
    let all_latest = list(&front, "/latest")?;
    ensure!(
        all_latest
            .iter()
            .any(|story| href(story).is_ok_and(|h| h == path)),
        "{path} is not among the latest (sample content changed?)"
    );
    let latest = latest_beside(all_latest, &path, &more)?;
    page.wait_for_attrs(".latest-articles .card-headline a", "href", &latest)
        .await?;
    Ok(())
}
