//! The storage under the drafts: a browser that blocks site data, one
//! whose storage is full, and pruning of old and unreadable drafts.

use super::{
    draft_key, empty, full_draft, open_form, other_world_articles, read_values, status, stored, type_all,
    type_into, values, wait_for_form, wait_for_values, wait_saved, COMMENT, COUNT, NOTICE, NOT_ACCEPTING,
    OUTCOME, RESTORED, SAVED, SEED, STATUS, SUBMIT,
};
use crate::browser::Page;
use crate::check::Result;
use crate::content::Content;
use serde_json::{json, Value};
use std::time::Duration;

/// Makes `Date.now` run `days` days off in every page loaded from now on,
/// until `clock_reset` with the id this gives.
async fn shift_clock(page: &Page, days: i64) -> Result<Value> {
    let source = format!(
        "(() => {{ const real = Date.now.bind(Date); Date.now = () => real() + {}; }})();",
        days * 24 * 3600 * 1000
    );
    page.before_every_document(&source).await
}

async fn clock_reset(page: &Page, id: Value) -> Result {
    page.cdp(
        "Page.removeScriptToEvaluateOnNewDocument",
        json!({ "identifier": id }),
    )
    .await?;
    Ok(())
}

/// Chromium blocking site data: reading localStorage throws. The reader can
/// still type, a notice says drafts can't be saved, and posting still
/// answers.
pub(super) async fn comment_form_works_with_storage_blocked(page: Page, _content: Content) -> Result {
    let prefs = json!({ "profile.default_content_setting_values.cookies": 2 });
    let page = page.relaunch(Some(prefs)).await?;
    page.open("/").await?;
    page.wait_for(".lead").await?;
    let probe = page
        .js(
            "try { window.localStorage.getItem('x'); return 'no error'; }
             catch (e) { return 'threw ' + e.name; }",
            vec![],
        )
        .await?;
    ensure!(
        probe.as_str().is_some_and(|p| p.starts_with("threw")),
        "with site data blocked, reading localStorage did not throw: {probe}"
    );

    open_form(&page, SEED).await?;
    page.wait_for(NOTICE).await?;
    let notice = page.text_of(NOTICE).await?;
    ensure!(
        notice.contains("can't be saved"),
        "the storage notice: {notice:?}"
    );

    let typed = full_draft();
    type_all(&page, &typed).await?;
    // Past the timed save: the text stays, nothing else is claimed.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    ensure_eq!(
        read_values(&page).await?,
        typed,
        "the fields after the save failed"
    );
    ensure!(
        status(&page).await? != SAVED,
        "the status claims the draft was saved"
    );
    ensure_eq!(page.count(NOTICE).await?, 1, "storage notices");
    ensure_eq!(page.count(".load-error").await?, 0, "error views");
    page.wait_for_text(COUNT, &format!("{} / 5000", typed[0].chars().count()))
        .await?;

    page.click(SUBMIT).await?;
    page.wait_for_text(OUTCOME, NOT_ACCEPTING).await?;
    ensure_eq!(read_values(&page).await?, typed, "the fields after posting");
    // Still alive after all that: typing still updates the count.
    type_into(&page, COMMENT, "!").await?;
    page.wait_for_text(COUNT, &format!("{} / 5000", typed[0].chars().count() + 1))
        .await?;
    page.expect_no_console_errors().await?;
    Ok(())
}

/// At start-up, drafts untouched for 30 days are removed (a 29-day-old one
/// is kept); a value under a draft key that is not a draft is ignored, then
/// removed, and nobody else's keys are touched.
pub(super) async fn comment_form_prunes_old_and_unreadable_drafts(page: Page, content: Content) -> Result {
    let others = other_world_articles(&content)?;
    let (recent, junk) = (&others[0], &others[1]);

    let clock = shift_clock(&page, -31).await?;
    open_form(&page, SEED).await?;
    type_into(&page, COMMENT, "Written 31 days ago.").await?;
    wait_saved(&page, &draft_key(SEED), &["Written 31 days ago."]).await?;
    clock_reset(&page, clock).await?;
    let clock = shift_clock(&page, -29).await?;
    open_form(&page, recent).await?;
    type_into(&page, COMMENT, "Written 29 days ago.").await?;
    wait_saved(&page, &draft_key(recent), &["Written 29 days ago."]).await?;
    clock_reset(&page, clock).await?;
    page.js(
        "localStorage.setItem(arguments[0], '{\"comment\": \"not a draft of ours\"}');
         localStorage.setItem('someone-elses-key', 'keep me');",
        vec![json!(draft_key(junk))],
    )
    .await?;

    // Now, at the right time: a new start.
    open_form(&page, junk).await?;
    wait_for_values(&page, &empty(), "under a draft key holding something else").await?;
    ensure_eq!(status(&page).await?, "", "the status with an unreadable draft");
    ensure_eq!(
        page.count(NOTICE).await?,
        0,
        "storage notices with an unreadable draft"
    );
    ensure_eq!(
        stored(&page, &draft_key(SEED)).await?,
        None,
        "the 31-day-old draft"
    );
    ensure_eq!(
        stored(&page, &draft_key(junk)).await?,
        None,
        "the unreadable draft"
    );
    ensure_eq!(
        stored(&page, "someone-elses-key").await?.as_deref(),
        Some("keep me"),
        "a key that is not the app's"
    );
    type_into(&page, COMMENT, "A real draft now.").await?;
    wait_saved(&page, &draft_key(junk), &["A real draft now."]).await?;

    open_form(&page, recent).await?;
    wait_for_values(
        &page,
        &values("Written 29 days ago.", "", "", ""),
        "the 29-day-old draft",
    )
    .await?;
    page.wait_for_text(STATUS, RESTORED).await?;
    open_form(&page, SEED).await?;
    wait_for_values(&page, &empty(), "the seed after its draft was pruned").await?;
    page.expect_no_console_errors().await?;
    Ok(())
}

/// Storage full (`QuotaExceededError`): the text stays in the page and the
/// notice shows; once there is room again, the next save works and the
/// draft survives a reload.
pub(super) async fn comment_form_keeps_text_when_storage_is_full(page: Page, _content: Content) -> Result {
    open_form(&page, SEED).await?;
    let filled = page
        .js(
            "let n = 0, size = 1 << 20;
             while (size >= 1) {
                 try { localStorage.setItem('e2e-fill-' + n, 'x'.repeat(size)); n++; }
                 catch (e) { if (e.name !== 'QuotaExceededError') return 'threw ' + e.name; size >>= 1; }
             }
             try { localStorage.setItem('e2e-probe', 'x'); return 'room left'; }
             catch (e) { return e.name; }",
            vec![],
        )
        .await?;
    ensure_eq!(filled, json!("QuotaExceededError"), "filling localStorage");

    type_into(&page, COMMENT, "Typed into a full storage.").await?;
    page.wait_for(NOTICE).await?;
    ensure_eq!(
        read_values(&page).await?,
        values("Typed into a full storage.", "", "", ""),
        "the fields with storage full"
    );
    ensure!(
        status(&page).await? != SAVED,
        "the status claims the draft was saved"
    );
    ensure_eq!(
        stored(&page, &draft_key(SEED)).await?,
        None,
        "the draft in a full storage"
    );

    page.js(
        "Object.keys(localStorage).filter(k => k.startsWith('e2e-fill-')).forEach(k => localStorage.removeItem(k));",
        vec![],
    )
    .await?;
    type_into(&page, COMMENT, " Room again.").await?;
    wait_saved(
        &page,
        &draft_key(SEED),
        &["Typed into a full storage. Room again."],
    )
    .await?;
    page.wait_gone(NOTICE).await?;
    page.client.refresh().await?;
    wait_for_form(&page).await?;
    wait_for_values(
        &page,
        &values("Typed into a full storage. Room again.", "", "", ""),
        "after storage was full, then reloaded",
    )
    .await?;
    Ok(())
}
