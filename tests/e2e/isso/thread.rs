//! The comments under an article, from Isso: a hostile comment shown as
//! text, the count and replies, replying, and a server that never answers.

use super::{
    comment, expect_author_link, open_seed, reader, setup, submit, Comments, ARTICLE_H1, HEADING, ITEMS,
    PUBLISHED, STARTED, TEXTS, THREAD_ERROR,
};
use crate::browser::Page;
use crate::check::Result;
use crate::comments::{type_all, wait_for_form, wait_for_values, OUTCOME, SEED};
use crate::content::Content;
use crate::server::{Layout, Nginx};
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A comment written to attack readers, posted straight to Isso: its
/// script and image show as text and nothing runs; the author's markup is
/// text too; only an http(s) website is a link.
pub(super) async fn isso_hostile_comment_renders_as_text(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    let hostile = "**bold** and [click](javascript:window.__pwned=3)\n\n\
                   <script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\">";
    comments
        .post(
            SEED,
            json!({ "text": hostile, "author": "<b>Mallory</b>", "email": "m@example.org",
                    "website": "https://mallory.example/?a=1&b=2", "title": "Seed" }),
        )
        .await?;
    page.js("window.__pwned = undefined;", vec![]).await?;
    open_seed(&page, &comments, "1 comment").await?;
    let text = page.text_of(TEXTS).await?;
    ensure!(
        text.contains("<script>window.__pwned = 1</script>") && text.contains("<img src=x onerror="),
        "the payload shows as text: {text:?}"
    );
    for css in ["script", "img", "a", "[onerror]"] {
        ensure_eq!(
            page.count(&format!(".comment-text {css}")).await?,
            0,
            "{css} in the comment"
        );
    }
    ensure_eq!(
        page.texts(".comment-text strong").await?,
        vec!["bold".to_string()],
        "Markdown emphasis"
    );
    expect_author_link(&page, "<b>Mallory</b>", "https://mallory.example/?a=1&b=2").await?;
    ensure_eq!(
        page.count(".comment-author b").await?,
        0,
        "markup in the author's name"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pwned = page.js("return window.__pwned === undefined;", vec![]).await?;
    ensure_eq!(pwned, json!(true), "nothing ran");
    page.expect_no_console_errors().await
}

/// Three comments and a reply from other readers: "4 comments", three in
/// the list, the reply under its parent; axe finds nothing wrong with the
/// list (headings, links, contrast).
pub(super) async fn isso_count_and_replies(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    let mut with_website = comment("First comment.", "One");
    with_website["website"] = json!("https://one.example/");
    let first = comments.post(SEED, with_website).await?;
    comments.post(SEED, comment("Second comment.", "Two")).await?;
    comments.post(SEED, comment("Third comment.", "Three")).await?;
    let mut reply = comment("A reply to the first.", "Four");
    reply["parent"] = json!(first);
    comments.post(SEED, reply).await?;
    open_seed(&page, &comments, "4 comments").await?;
    ensure_eq!(page.count(ITEMS).await?, 3, "top-level comments");
    let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    page.wait_for_texts(
        ".comment-list > li > .comment .comment-text",
        &texts(&["First comment.", "Second comment.", "Third comment."]),
    )
    .await?;
    page.wait_for_texts(
        ".comment-list > li:first-child > ol.children > li .comment-text",
        &texts(&["A reply to the first."]),
    )
    .await?;
    ensure_eq!(page.count("ol.children > li").await?, 1, "replies");
    let violations = crate::reader::axe(&page, &crate::reader::axe_source()?).await?;
    ensure!(violations.is_empty(), "axe: {violations:#?}");
    Ok(())
}

/// "Reply" under a comment: the form says whom it answers (and describes
/// the comment field with it) and takes the reader to that field; the draft
/// keeps it over a reload; the reply is posted as that comment's
/// child, listed under it at once and after a reload; "Cancel reply" goes
/// back to a plain comment.
pub(super) async fn isso_reply_from_the_browser(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    let first = comments.post(SEED, comment("The first comment.", "One")).await?;
    comments.post(SEED, comment("The second comment.", "Two")).await?;
    open_seed(&page, &comments, "2 comments").await?;
    let context = ".reply-context";
    let replies = ".comment-list > li:first-child > ol.children > li .comment-text";
    ensure_eq!(
        page.attrs(".comment-reply", "aria-label").await?,
        vec!["Reply to One".to_string(), "Reply to Two".to_string()],
        "the Reply buttons' names"
    );
    ensure_eq!(page.count(context).await?, 0, "a reply context before Reply");

    // Chosen, then cancelled: a plain comment again.
    page.click(".comment-list > li:nth-child(2) .comment-reply")
        .await?;
    page.wait_for_text(context, "Replying to Two. Cancel reply")
        .await?;
    page.click(".reply-context button").await?;
    page.wait_gone(context).await?;

    page.click(".comment-list > li:first-child .comment-reply")
        .await?;
    page.wait_for_text(context, "Replying to One. Cancel reply")
        .await?;
    ensure_eq!(
        page.js("return document.activeElement.id;", vec![]).await?,
        json!("comment"),
        "focus after Reply"
    );
    ensure!(
        page.attrs("#comment", "aria-describedby").await?[0]
            .split_whitespace()
            .any(|id| id == "reply-context"),
        "the comment field is not described by whom it answers"
    );
    let text = "A reply from the browser.";
    type_all(&page, &reader(text)).await?;
    // The draft keeps whom it answers.
    page.client.refresh().await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &reader(text), "after a reload while replying").await?;
    page.wait_for_text(context, "Replying to One. Cancel reply")
        .await?;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, PUBLISHED).await?;
    page.wait_for_text(HEADING, "3 comments").await?;
    page.wait_for_texts(replies, &[text.to_string()]).await?;
    ensure_eq!(page.count(ITEMS).await?, 2, "top-level comments after the reply");
    page.wait_gone(context).await?;

    let stored = comments.thread(SEED).await?;
    let stored_replies = stored[0]["replies"].as_array().cloned().unwrap_or_default();
    ensure_eq!(
        stored_replies.len(),
        1,
        "replies Isso holds under the first comment"
    );
    ensure_eq!(
        stored_replies[0]["parent"],
        json!(first),
        "the reply's parent in Isso"
    );

    page.client.refresh().await?;
    wait_for_form(&page).await?;
    page.wait_for_text(HEADING, "3 comments").await?;
    page.wait_for_texts(replies, &[text.to_string()]).await?;
    let violations = crate::reader::axe(&page, &crate::reader::axe_source()?).await?;
    ensure!(violations.is_empty(), "axe: {violations:#?}");
    Ok(())
}

/// A comment server that takes the connection and never answers: the
/// article and the form show at once, the comments show they are loading,
/// and after the app's timeout (10 s) give way to the quiet error with Retry.
pub(super) async fn isso_silent_server_never_holds_up_the_article(page: Page, _content: Content) -> Result {
    let setup = setup()?;
    // Connections complete in the kernel's backlog; nothing ever reads them.
    let silent = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = silent.local_addr()?.port();
    let dir = setup
        .temp
        .join(format!("silent-{}", STARTED.fetch_add(1, Ordering::SeqCst)));
    let nginx = Nginx::start_as(&dir.join("nginx"), &setup.site, Layout::WithComments(port)).await?;
    let opened = Instant::now();
    page.client.goto(&format!("{}{SEED}", nginx.base_url())).await?;
    wait_for_form(&page).await?;
    page.wait_for(ARTICLE_H1).await?;
    ensure_eq!(
        page.text_of(HEADING).await?,
        "Comments",
        "the heading while loading"
    );
    ensure_eq!(
        page.count(".comment-thread .placeholder").await?,
        1,
        "the loading placeholder"
    );
    ensure!(
        opened.elapsed() < Duration::from_secs(8),
        "the article took {:?} to show",
        opened.elapsed()
    );
    let deadline = Instant::now() + Duration::from_secs(25);
    while page.count(&format!("{THREAD_ERROR} button")).await? == 0 {
        ensure!(Instant::now() < deadline, "no Retry 25 s after the page opened");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    ensure!(
        opened.elapsed() >= Duration::from_secs(9),
        "the comments gave up after {:?}, before the 10 s timeout",
        opened.elapsed()
    );
    drop(silent);
    Ok(())
}
