//! Drafts that survive a reload, in-app navigation and a closed browser,
//! reach a second window, and keep up with fast typing.

use super::{
    draft_key, empty, full_draft, open_form, read_values, replace_text, status, stored, type_all, type_into,
    values, wait_for_form, wait_for_values, wait_saved, COMMENT, COUNT, FROM_OTHER_TAB, MORE_LINKS, NAME,
    NOTICE, RESTORED, SEED, STATUS,
};
use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{href, list, number, Content};
use std::time::{Duration, Instant};

/// The page of World's listing that links to the seed article.
fn seed_listing_page(content: &Content) -> Result<u32> {
    let pages = number(&content.section_page("world", 1)?, "/total_pages")?;
    for n in 1..=pages as u32 {
        let listing = content.section_page("world", n)?;
        if list(&listing, "/items")?
            .iter()
            .any(|item| href(item).is_ok_and(|h| h == SEED))
        {
            return Ok(n);
        }
    }
    Err(fail(format!("no page of World lists {SEED}")))
}

/// Type into all four fields → "Draft saved" → reload → all four restored,
/// "Draft restored". Then text typed just before a reload, with no pause
/// for the timed save, is restored too (saved on `pagehide`).
pub(super) async fn comment_form_draft_survives_reload(page: Page, _content: Content) -> Result {
    open_form(&page, SEED).await?;
    page.wait_for_text("section#comments h2", "Leave a reply").await?;
    ensure_eq!(
        page.count("form.comment-form[novalidate]").await?,
        1,
        "forms with novalidate"
    );
    ensure_eq!(read_values(&page).await?, empty(), "a new form");
    ensure_eq!(status(&page).await?, "", "the status of a new form");
    ensure_eq!(
        page.count(NOTICE).await?,
        0,
        "storage notices with working storage"
    );
    ensure_eq!(
        stored(&page, &draft_key(SEED)).await?,
        None,
        "a draft before typing"
    );

    let typed = full_draft();
    type_all(&page, &typed).await?;
    wait_saved(&page, &draft_key(SEED), &["A considered reply.", "Ann O'Neil"]).await?;

    page.set_marker().await?;
    page.client.refresh().await?;
    wait_for_form(&page).await?;
    ensure!(!page.has_marker().await?, "refresh did not reload the page");
    wait_for_values(&page, &typed, "after reload").await?;
    page.wait_for_text(STATUS, RESTORED).await?;
    let length = typed[0].chars().count();
    page.wait_for_text(COUNT, &format!("{length} / 5000")).await?;

    // Typed, and reloaded at once: the timed save has not run yet.
    type_into(&page, COMMENT, " P.S. typed just before reloading").await?;
    page.client.refresh().await?;
    wait_for_form(&page).await?;
    let mut expected = typed.clone();
    expected[0].push_str(" P.S. typed just before reloading");
    wait_for_values(&page, &expected, "after typing and reloading at once").await?;
    page.wait_for_text(STATUS, RESTORED).await?;
    Ok(())
}

/// Type, follow a link to another article at once (inside the app): that
/// article shows its own empty form; its own draft stays its own; back and
/// forward restore each article's draft.
pub(super) async fn comment_form_draft_survives_in_app_navigation(page: Page, content: Content) -> Result {
    open_form(&page, SEED).await?;
    page.wait_for(MORE_LINKS).await?;
    let other = page
        .attrs(MORE_LINKS, "href")
        .await?
        .into_iter()
        .find(|h| h != SEED)
        .ok_or_else(|| fail("the seed article links to no other article"))?;
    let typed = values("My thoughts on the seed article.", "Ann", "", "");
    type_all(&page, &typed).await?;

    // At once: no waiting for the timed save.
    page.set_marker().await?;
    page.click(&format!("{MORE_LINKS}[href='{other}']")).await?;
    page.wait_for_location(&other).await?;
    wait_for_form(&page).await?;
    ensure!(page.has_marker().await?, "the link loaded a new page");
    // The other article has its own, empty form.
    wait_for_values(&page, &empty(), "the other article").await?;
    ensure_eq!(status(&page).await?, "", "the other article's status");
    page.wait_for_text(COUNT, "0 / 5000").await?;
    let seed_draft = stored(&page, &draft_key(SEED)).await?.unwrap_or_default();
    ensure!(
        seed_draft.contains("My thoughts on the seed article."),
        "leaving the article did not save its draft: {seed_draft:?}"
    );
    ensure_eq!(
        stored(&page, &draft_key(&other)).await?,
        None,
        "a draft of {other} before typing there"
    );

    let other_typed = values("About the other one.", "", "", "");
    type_all(&page, &other_typed).await?;
    wait_saved(&page, &draft_key(&other), &["About the other one."]).await?;

    page.client.back().await?;
    page.wait_for_location(SEED).await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &typed, "back on the seed article").await?;
    page.wait_for_text(STATUS, RESTORED).await?;

    page.client.forward().await?;
    page.wait_for_location(&other).await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &other_typed, "forward on the other article").await?;
    page.wait_for_text(STATUS, RESTORED).await?;

    // And back by links in the page: the breadcrumb to World, the page of
    // World that lists the seed, the seed.
    let listed_on = seed_listing_page(&content)?;
    page.click(".breadcrumb a[href='/world/']").await?;
    page.wait_for_location("/world/").await?;
    if listed_on > 1 {
        let pager = format!("nav.pager a[href='/world/page/{listed_on}/']");
        page.click(&pager).await?;
        page.wait_for_location(&format!("/world/page/{listed_on}/"))
            .await?;
    }
    page.click(&format!(".story-list .card-headline a[href='{SEED}']"))
        .await?;
    page.wait_for_location(SEED).await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &typed, "the seed article again, by links").await?;
    ensure!(
        page.has_marker().await?,
        "a link or history step loaded a new page"
    );
    page.expect_no_console_errors().await
}

/// Type, end the browser, start a new one on the same profile folder: the
/// draft is restored. Then text typed just before closing the window, with
/// no pause for the timed save, is restored too.
pub(super) async fn comment_form_draft_survives_closing_the_browser(page: Page, _content: Content) -> Result {
    open_form(&page, SEED).await?;
    let typed = full_draft();
    type_all(&page, &typed).await?;
    wait_saved(&page, &draft_key(SEED), &["A considered reply."]).await?;

    let page = page.relaunch(None).await?;
    open_form(&page, SEED).await?;
    wait_for_values(&page, &typed, "in a new browser").await?;
    page.wait_for_text(STATUS, RESTORED).await?;

    type_into(&page, COMMENT, " Typed just before closing.").await?;
    page.client.close_window().await?;
    let page = page.relaunch(None).await?;
    open_form(&page, SEED).await?;
    let mut expected = typed;
    expected[0].push_str(" Typed just before closing.");
    wait_for_values(&page, &expected, "after closing the window at once").await?;
    page.wait_for_text(STATUS, RESTORED).await?;
    Ok(())
}

/// Two windows on one article: a draft saved in one shows in the other's
/// fields, except a field typed in there.
pub(super) async fn comment_form_draft_reaches_a_second_window(page: Page, _content: Content) -> Result {
    let key = draft_key(SEED);
    open_form(&page, SEED).await?;
    let window_a = page.client.window().await?;
    let window_b = page.client.new_window(false).await?.handle;
    page.client.switch_to_window(window_b.clone()).await?;
    open_form(&page, SEED).await?;
    wait_for_values(&page, &empty(), "window B at first").await?;

    page.client.switch_to_window(window_a.clone()).await?;
    type_into(&page, COMMENT, "Typed in window A.").await?;
    wait_saved(&page, &key, &["Typed in window A."]).await?;

    page.client.switch_to_window(window_b.clone()).await?;
    wait_for_values(
        &page,
        &values("Typed in window A.", "", "", ""),
        "window B after A saved",
    )
    .await?;
    page.wait_for_text(STATUS, FROM_OTHER_TAB).await?;

    // B types its own name; A has not typed one, so it takes B's.
    type_into(&page, NAME, "Bea").await?;
    wait_saved(&page, &key, &["Bea"]).await?;
    page.client.switch_to_window(window_a.clone()).await?;
    wait_for_values(
        &page,
        &values("Typed in window A.", "Bea", "", ""),
        "window A after B saved",
    )
    .await?;

    // A changes the name and the comment: B takes the comment, never the
    // name it typed itself.
    replace_text(&page, NAME, "Ann").await?;
    type_into(&page, COMMENT, " And more from A.").await?;
    wait_saved(&page, &key, &["And more from A.", "Ann"]).await?;
    page.client.switch_to_window(window_b.clone()).await?;
    wait_for_values(
        &page,
        &values("Typed in window A. And more from A.", "Bea", "", ""),
        "window B after A changed the name",
    )
    .await?;
    page.expect_no_console_errors().await
}

/// Typing without a pause long enough for the timed save: the draft in
/// storage is still at most about a second behind (the issue: "debounced,
/// at most about 1 s behind"), so a crash loses at most that much.
pub(super) async fn comment_form_draft_keeps_up_with_continuous_typing(
    page: Page,
    _content: Content,
) -> Result {
    const GAP: Duration = Duration::from_millis(250);
    const BEHIND: Duration = Duration::from_millis(1500);
    let key = draft_key(SEED);
    open_form(&page, SEED).await?;
    let started = Instant::now();
    let mut typed: Vec<(Instant, String)> = Vec::new();
    let mut so_far = String::new();
    for i in 1..=14 {
        let chunk = format!("word{i} ");
        type_into(&page, COMMENT, &chunk).await?;
        so_far.push_str(&chunk);
        typed.push((Instant::now(), so_far.clone()));
        tokio::time::sleep(GAP).await;
    }
    // Still "typing": the last words went in less than a pause ago.
    let checked = Instant::now();
    let draft = stored(&page, &key).await?.unwrap_or_default();
    let due = typed
        .iter()
        .rev()
        .find(|(at, _)| checked.duration_since(*at) >= BEHIND)
        .map(|(_, text)| text.trim_end().to_string())
        .unwrap_or_default();
    ensure!(
        !due.is_empty() && draft.contains(&due),
        "after {:.1} s of typing with pauses of {} ms, the stored draft is more than {:.1} s behind:\n    \
         typed by then: {due:?}\n    stored: {draft:?}",
        checked.duration_since(started).as_secs_f64(),
        GAP.as_millis(),
        BEHIND.as_secs_f64(),
    );
    Ok(())
}
