//! Which content files the app fetches, and when: none for a page
//! rendered at build time, and the next view's on the way to a click.

use super::{expect_listing, ARTICLE_H1, CARD_LINKS, HEADER_NAV, SEED_SECTION, SEED_SLUG};
use crate::browser::Page;
use crate::check::Result;
use crate::content::{article_file, list, section_page_file, text, Content};
use serde_json::{json, Value};

/// A page rendered at build time carries the content it was drawn from,
/// and the app takes the page over with it: no content file is fetched
/// for the first view, and its article lists are there at once.
pub(super) async fn first_view_content_is_carried(page: Page, _content: Content) -> Result {
    let article = format!("/{SEED_SECTION}/{SEED_SLUG}/");
    let views = [
        ("/", ".lead .card-headline a"),
        ("/world/page/2/", CARD_LINKS),
        (article.as_str(), ".latest-articles .card"),
    ];
    for (path, shown) in views {
        page.open(path).await?;
        ensure_eq!(
            page.app_started().await?,
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
pub(super) async fn next_view_is_fetched_on_the_way_to_a_click(page: Page, content: Content) -> Result {
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
