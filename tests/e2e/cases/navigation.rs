//! Moving between pages inside the app: clicking, reloading, back and
//! forward.

use super::{
    current_nav, expect_listing, open_article, title, ARTICLE_H1, CARD_LINKS, HEADER_NAV, SEED_HEADLINE,
    SEED_SECTION, SEED_SLUG,
};
use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{article_file, href, list, text, Content};
use serde_json::{json, Value};

/// Home → section → article → back to the section, all by clicking, all in
/// the app (no page load between them).
pub(super) async fn navigation_by_clicking(page: Page, content: Content) -> Result {
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

pub(super) async fn reload_keeps_the_page(page: Page, content: Content) -> Result {
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
pub(super) async fn back_and_forward_without_refetching(page: Page, content: Content) -> Result {
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

/// Only a plain left click on a link the app can show is followed in the
/// app: with a modifier key, another button, a `target`, `download`,
/// `rel="external"`, another origin or a file the route table does not know
/// (a feed), the browser does what it always does.
pub(super) async fn links_the_app_leaves_to_the_browser(page: Page, _content: Content) -> Result {
    page.open("/").await?;
    page.set_marker().await?;
    // A listener after the app's notes whether the app took each click, and
    // then keeps the browser from acting on it.
    let taken = page
        .js(
            "const taken = [];
             window.addEventListener('click', e => { taken.push(e.defaultPrevented); e.preventDefault(); });
             const nav = document.querySelector(arguments[0]);
             const click = (link, how) =>
                 link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...how }));
             for (const how of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
                 click(nav, how);
             }
             const made = (href, attrs) => {
                 const a = document.createElement('a');
                 a.href = href;
                 for (const [name, value] of Object.entries(attrs)) a.setAttribute(name, value);
                 a.textContent = href;
                 document.body.append(a);
                 return a;
             };
             click(made('/world/', { target: '_blank' }), {});
             click(made('/world/', { download: '' }), {});
             click(made('/world/', { rel: 'noopener external' }), {});
             click(made('https://example.org/world/', {}), {});
             click(made('/feed.xml', {}), {});
             click(made('/media/report.pdf', {}), {});
             const left = taken.length;
             click(nav, {});
             return { taken, left, path: location.pathname };",
            vec![Value::String(format!("{HEADER_NAV}[href='/world/']"))],
        )
        .await?;
    let left = taken["left"].as_u64().unwrap_or_default() as usize;
    let taken: Vec<bool> = taken["taken"]
        .as_array()
        .map(|all| all.iter().map(|t| t.as_bool() == Some(true)).collect())
        .unwrap_or_default();
    ensure_eq!(left, 11, "clicks made before the plain one");
    ensure_eq!(
        taken[..left].iter().filter(|&&t| t).count(),
        0,
        "clicks the app took that were the browser's: {taken:?}"
    );
    ensure_eq!(
        taken.get(left),
        Some(&true),
        "the plain click was followed in the app"
    );
    page.wait_for_location("/world/").await?;
    page.wait_for_text(".section-head h1", "World").await?;
    ensure!(page.has_marker().await?, "the plain click loaded a new page");
    Ok(())
}

/// A followed link shows the new page from its top, or from the element its
/// fragment names; back returns to where the reader was on the page before;
/// a link to a fragment of the same page only scrolls, and its view stays.
pub(super) async fn scroll_on_following_links_and_going_back(page: Page, content: Content) -> Result {
    let world = content.section_page("world", 1)?;
    let items = list(&world, "/items")?;
    let last = items.last().ok_or_else(|| fail("an empty section"))?;
    // A short window, so that the section page scrolls.
    page.client.set_window_size(800, 500).await?;
    page.open("/world/").await?;
    page.set_marker().await?;
    // The last story's link, down the page, scrolled to and followed.
    page.wait_for(CARD_LINKS).await?;
    let before = page
        .js(
            "const links = document.querySelectorAll(arguments[0]);
             const link = links[links.length - 1];
             link.scrollIntoView({ block: 'center' });
             const y = window.scrollY;
             link.click();
             return y;",
            vec![Value::String(CARD_LINKS.into())],
        )
        .await?;
    ensure!(
        before.as_f64().unwrap_or_default() > 0.0,
        "the last story is down the page"
    );
    page.wait_for_text(ARTICLE_H1, &text(last, "/headline")?).await?;
    page.wait_until("the article to show from its top", || async {
        let y = page.js("return window.scrollY;", vec![]).await?;
        Ok((y == json!(0)).then_some(()))
    })
    .await?;

    page.client.back().await?;
    page.wait_for_location("/world/").await?;
    expect_listing(&page, &world).await?;
    page.wait_until(format!("the section page back at {before}"), || async {
        let y = page.js("return window.scrollY;", vec![]).await?;
        Ok((y == before).then_some(()))
    })
    .await?;

    // Through a page too short to scroll (the page left must keep its own
    // position, though the short one cuts the scrolling while it is drawn).
    page.js(
        "const a = document.createElement('a');
         a.href = '/world/no-such-story/';
         a.textContent = 'gone';
         document.querySelector('main').append(a);
         a.click();",
        vec![],
    )
    .await?;
    page.wait_for(".not-found").await?;
    page.client.back().await?;
    page.wait_for_location("/world/").await?;
    page.wait_until(format!("the section page back at {before} again"), || async {
        let y = page.js("return window.scrollY;", vec![]).await?;
        Ok((y == before).then_some(()))
    })
    .await?;
    page.client.forward().await?;
    page.wait_for(".not-found").await?;
    page.client.back().await?;
    page.wait_for_location("/world/").await?;

    // A fragment of the page that is shown: it scrolls there, in the same view.
    page.js(
        "const links = document.querySelectorAll(arguments[0]);
         links[links.length - 1].click();",
        vec![Value::String(CARD_LINKS.into())],
    )
    .await?;
    page.wait_for_text(ARTICLE_H1, &text(last, "/headline")?).await?;
    let moved = page
        .js(
            "const h1 = document.querySelector(arguments[0]);
             h1.dataset.same = 'yes';
             const target = document.querySelector('footer') ;
             target.id = target.id || 'the-end';
             const a = document.createElement('a');
             // The page's own path: the page's <base href> is the site's root.
             a.href = location.pathname + '#' + target.id;
             a.textContent = 'to the end';
             document.querySelector('main').prepend(a);
             window.scrollTo(0, 0);
             a.click();
             return { hash: location.hash, id: target.id, y: window.scrollY,
                      same: document.querySelector(arguments[0]).dataset.same || null };",
            vec![Value::String(ARTICLE_H1.into())],
        )
        .await?;
    ensure_eq!(
        moved["hash"],
        json!(format!("#{}", moved["id"].as_str().unwrap_or_default())),
        "{moved}"
    );
    ensure!(
        moved["y"].as_f64().unwrap_or_default() > 0.0,
        "not scrolled to the fragment: {moved}"
    );
    ensure_eq!(
        moved["same"],
        json!("yes"),
        "the view was drawn again for a fragment"
    );
    ensure!(page.has_marker().await?, "a link or back loaded a new page");
    Ok(())
}
