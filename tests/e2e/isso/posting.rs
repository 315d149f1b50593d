//! Posting from the browser through Isso: published, held for moderation,
//! Isso stopped mid-way, a double click, Isso's refusals.

use super::{
    expect_author_link, open_seed, reader, setup, submit, Comments, ARTICLE_H1, FAILED, HEADING, ITEMS,
    MODERATED, PUBLISHED, TEXTS, THREAD_ERROR,
};
use crate::browser::Page;
use crate::check::Result;
use crate::comments::{read_values, type_all, wait_for_form, wait_for_values, OUTCOME, SEED, SUBMIT};
use crate::content::Content;
use serde_json::json;
use std::time::Duration;

/// Typed and posted in the browser: published at once, in the list with
/// author (linked to the website), time and text; the draft is cleared;
/// after a reload it is still listed, from Isso.
pub(super) async fn isso_post_is_listed_and_survives_reload(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    ensure_eq!(
        page.count(ITEMS).await?,
        0,
        "comments listed before any is posted"
    );
    let text = "Posted from the browser — with ünïcode ✓ & \"quotes\".";
    type_all(&page, &reader(text)).await?;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, PUBLISHED).await?;
    page.wait_for_text(HEADING, "1 comment").await?;
    page.wait_for_texts(TEXTS, &[text.to_string()]).await?;
    expect_author_link(&page, "Ann O'Neil", "https://ann.example/blog").await?;
    let datetime = page.attrs(".comment-list time", "datetime").await?;
    ensure!(
        datetime.len() == 1 && datetime[0].len() == 20 && datetime[0].ends_with('Z'),
        "the comment's time: {datetime:?}"
    );
    ensure_eq!(
        read_values(&page).await?[0],
        "",
        "the comment field after publishing"
    );

    let stored = comments.thread(SEED).await?;
    ensure_eq!(stored.len(), 1, "comments Isso holds");
    ensure_eq!(stored[0]["author"], json!("Ann O'Neil"), "the author Isso holds");
    ensure_eq!(
        stored[0]["website"],
        json!("https://ann.example/blog"),
        "the website Isso holds"
    );

    page.client.refresh().await?;
    wait_for_form(&page).await?;
    page.wait_for_text(HEADING, "1 comment").await?;
    page.wait_for_texts(TEXTS, &[text.to_string()]).await?;
    ensure_eq!(
        read_values(&page).await?[0],
        "",
        "the comment field after a reload"
    );
    page.expect_no_console_errors().await
}

/// Moderation on: Isso answers 202; the reader is told the comment awaits
/// moderation, it is not listed, and the draft is cleared.
pub(super) async fn isso_moderation_holds_the_comment(page: Page, _content: Content) -> Result {
    let comments = Comments::start(true).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    type_all(&page, &reader("Please approve me.")).await?;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, MODERATED).await?;
    ensure_eq!(page.text_of(HEADING).await?, "No comments yet", "the heading");
    ensure_eq!(page.count(ITEMS).await?, 0, "comments listed");
    ensure_eq!(comments.thread(SEED).await?.len(), 0, "comments Isso lists");
    page.client.refresh().await?;
    open_seed(&page, &comments, "No comments yet").await?;
    ensure_eq!(
        read_values(&page).await?[0],
        "",
        "the comment field after a reload"
    );
    Ok(())
}

/// Isso stopped after the page loaded: the post fails with the message,
/// and the draft survives a reload. The article still shows, with a quiet
/// error and Retry in place of the comments; once Isso is back, Retry lists
/// them and the same draft posts.
pub(super) async fn isso_stopped_keeps_the_draft(page: Page, _content: Content) -> Result {
    let mut comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    let typed = reader("Written while the server goes away.");
    type_all(&page, &typed).await?;
    comments.isso.stop().await;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, FAILED).await?;
    wait_for_values(&page, &typed, "after the failed post").await?;

    page.client.refresh().await?;
    wait_for_form(&page).await?;
    page.wait_for(ARTICLE_H1).await?;
    wait_for_values(&page, &typed, "after a reload").await?;
    page.wait_for(&format!("{THREAD_ERROR} button")).await?;
    ensure_eq!(
        page.text_of(HEADING).await?,
        "Comments",
        "the heading without the server"
    );

    comments.isso.run(&setup()?.isso).await?;
    page.click(&format!("{THREAD_ERROR} button")).await?;
    page.wait_for_text(HEADING, "No comments yet").await?;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, PUBLISHED).await?;
    page.wait_for_texts(TEXTS, &[typed[0].clone()]).await?;
    Ok(())
}

/// Two clicks before the first post is answered post one comment.
pub(super) async fn isso_double_click_posts_once(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    type_all(&page, &reader("Only once, please.")).await?;
    page.js(
        "const b = document.querySelector(arguments[0]); b.click(); b.click();",
        vec![json!(SUBMIT)],
    )
    .await?;
    page.wait_for_text(OUTCOME, PUBLISHED).await?;
    // Time for a second post to arrive, had one been sent.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    ensure_eq!(comments.thread(SEED).await?.len(), 1, "comments Isso holds");
    ensure_eq!(page.count(ITEMS).await?, 1, "comments listed");
    page.wait_for_text(HEADING, "1 comment").await
}

/// Isso refuses a two-character comment: its reason, in plain words, and
/// the draft is kept.
pub(super) async fn isso_refusal_in_plain_words(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    let typed = reader("ok");
    type_all(&page, &typed).await?;
    submit(&page).await?;
    let said = page
        .wait_until("the post's outcome", || async {
            let t = page.text_of(OUTCOME).await?;
            Ok((!t.is_empty()).then_some(t))
        })
        .await?;
    ensure_eq!(
        said,
        "Your comment was not posted: it is too short; please write at least 3 characters. Your draft is saved.",
        "the refusal"
    );
    page.client.refresh().await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &typed, "after a reload").await
}
