//! The form itself: validation messages and focus, posting without a
//! server, the remembered identity, discarding, the character count.

use super::{
    draft_key, empty, focused_id, full_draft, is_checked, open_form, other_world_articles, read_values,
    replace_text, status, stored, type_all, type_into, values, wait_for_form, wait_for_values, wait_saved,
    BAD_EMAIL, COMMENT, COUNT, DISCARDED, EMAIL, FIELD_IDS, NAME, NOTICE, NOT_ACCEPTING, NO_COMMENT, NO_NAME,
    OUTCOME, REMEMBER, RESTORED, SEED, STATUS, SUBMIT, WEBSITE,
};
use crate::browser::Page;
use crate::check::Result;
use crate::content::Content;
use serde_json::{json, Value};
use std::time::Duration;

/// For each field id: its `aria-invalid`, its `aria-describedby`, and the
/// text of the error message that it names, if that message sits inside
/// the field's own `.field` wrapper.
async fn field_errors(page: &Page) -> Result<Value> {
    page.js(
        "return arguments[0].map(id => {
             const control = document.getElementById(id);
             const error = document.getElementById(id + '-error');
             const describedby = (control.getAttribute('aria-describedby') || '').split(/\\s+/);
             return {
                 id,
                 invalid: control.getAttribute('aria-invalid'),
                 described: error ? describedby.includes(error.id) : null,
                 next_to_field: error ? control.closest('.field').contains(error) : null,
                 is_field_error: error ? error.classList.contains('field-error') : null,
                 message: error ? error.textContent.trim() : null,
             };
         });",
        vec![json!(FIELD_IDS)],
    )
    .await
}

/// What `field_errors` gives for a field with the error `message`, or none.
fn expected_error(id: &str, message: Option<&str>) -> Value {
    match message {
        Some(message) => json!({
            "id": id, "invalid": "true", "described": true, "next_to_field": true,
            "is_field_error": true, "message": message,
        }),
        None => json!({
            "id": id, "invalid": null, "described": null, "next_to_field": null,
            "is_field_error": null, "message": null,
        }),
    }
}

/// Submits, then checks the messages of all four fields (comment, name,
/// email, website), where focus went, and that nothing typed was changed.
async fn submit_expecting(page: &Page, messages: [Option<&str>; 4], focus: &str, step: &str) -> Result {
    let before = read_values(page).await?;
    page.click(SUBMIT).await?;
    let expected = Value::Array(
        FIELD_IDS
            .iter()
            .zip(messages)
            .map(|(id, message)| expected_error(id, message))
            .collect(),
    );
    let waited = page
        .wait_until(format!("{step}: the error messages {expected}"), || async {
            Ok((field_errors(page).await? == expected).then_some(()))
        })
        .await;
    if let Err(e) = waited {
        return Err(e.and(field_errors(page).await.unwrap_or_default()));
    }
    let shown = page.count("p.field-error").await?;
    let wanted = messages.iter().flatten().count();
    ensure_eq!(shown, wanted, "{step}: error messages on the page");
    ensure_eq!(focused_id(page).await?, focus, "{step}: the focused field");
    ensure_eq!(
        read_values(page).await?,
        before,
        "{step}: the fields after submitting"
    );
    ensure_eq!(
        page.texts(OUTCOME).await?.concat(),
        "",
        "{step}: a post outcome despite errors"
    );
    Ok(())
}

/// Each message next to its field, tied to it, focus on the first field in
/// error, and nothing typed ever changed by validating.
pub(super) async fn comment_form_validation_messages_and_focus(page: Page, _content: Content) -> Result {
    open_form(&page, SEED).await?;
    // Empty: website may be empty, the other three may not.
    submit_expecting(
        &page,
        [Some(NO_COMMENT), Some(NO_NAME), Some(BAD_EMAIL), None],
        "comment",
        "empty form",
    )
    .await?;

    type_into(&page, COMMENT, "Only a comment so far.").await?;
    submit_expecting(
        &page,
        [None, Some(NO_NAME), Some(BAD_EMAIL), None],
        "author",
        "comment only",
    )
    .await?;

    type_into(&page, NAME, "Ann").await?;
    type_into(&page, EMAIL, "ann@example").await?;
    submit_expecting(
        &page,
        [None, None, Some(BAD_EMAIL), None],
        "email",
        "malformed email",
    )
    .await?;

    replace_text(&page, EMAIL, "ann@example.org").await?;
    type_into(&page, WEBSITE, "ftp://x").await?;
    page.click(SUBMIT).await?;
    let website_error = page.text_of("#url-error").await?;
    ensure!(
        website_error.contains("http"),
        "the website message does not say what is wanted: {website_error:?}"
    );
    submit_expecting(
        &page,
        [None, None, None, Some(&website_error)],
        "url",
        "ftp website",
    )
    .await?;

    // Whitespace alone is no comment; the spaces stay as typed.
    replace_text(&page, WEBSITE, "").await?;
    replace_text(&page, COMMENT, "   \n  ").await?;
    submit_expecting(
        &page,
        [Some(NO_COMMENT), None, None, None],
        "comment",
        "whitespace comment",
    )
    .await?;
    ensure_eq!(read_values(&page).await?[0], "   \n  ", "the whitespace comment");
    ensure_eq!(page.count(NOTICE).await?, 0, "storage notices");
    Ok(())
}

/// No comment server: a valid post says so plainly, and the draft stays,
/// in the page and after a reload.
pub(super) async fn comment_form_post_without_server_keeps_draft(page: Page, _content: Content) -> Result {
    open_form(&page, SEED).await?;
    let typed = full_draft();
    type_all(&page, &typed).await?;
    page.click(SUBMIT).await?;
    page.wait_for_text(OUTCOME, NOT_ACCEPTING).await?;
    ensure_eq!(
        page.count("p.field-error").await?,
        0,
        "error messages for a valid comment"
    );
    ensure_eq!(read_values(&page).await?, typed, "the fields after posting");
    wait_saved(&page, &draft_key(SEED), &["A considered reply."]).await?;

    page.client.refresh().await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &typed, "after posting and reloading").await?;
    page.wait_for_text(STATUS, RESTORED).await?;
    Ok(())
}

/// Ticked, name, email and website fill the form under every article;
/// unticked, they are forgotten at once (kept only in that article's own
/// draft).
pub(super) async fn comment_form_remembered_identity(page: Page, content: Content) -> Result {
    let others = other_world_articles(&content)?;
    let (second, third) = (&others[0], &others[1]);
    let identity = values("", "Ann O'Neil", "ann@example.org", "https://ann.example");

    open_form(&page, SEED).await?;
    ensure!(
        !is_checked(&page, REMEMBER).await?,
        "the box is ticked in a new browser"
    );
    let label = page.text_of("label[for=remember-me]").await?;
    ensure!(
        label.starts_with("Save my name, email, and website in this browser"),
        "the checkbox's label: {label:?}"
    );
    page.click(REMEMBER).await?;
    type_all(&page, &identity).await?;
    wait_saved(&page, &draft_key(SEED), &["Ann O'Neil"]).await?;

    open_form(&page, second).await?;
    wait_for_values(&page, &identity, "another article, identity remembered").await?;
    ensure!(
        is_checked(&page, REMEMBER).await?,
        "the box is not ticked on {second}"
    );

    // Untick: forgotten at once, here and everywhere.
    page.click(REMEMBER).await?;
    let holders = page
        .js(
            "return Object.keys(localStorage).filter(k => (localStorage.getItem(k) || '').includes(arguments[0]));",
            vec![json!("ann@example.org")],
        )
        .await?;
    ensure_eq!(
        holders,
        json!([draft_key(SEED)]),
        "keys holding the email after unticking (only the seed's own draft may)"
    );
    page.client.refresh().await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &empty(), &format!("{second} reloaded after unticking")).await?;
    ensure!(
        !is_checked(&page, REMEMBER).await?,
        "the box is ticked after unticking"
    );

    open_form(&page, third).await?;
    wait_for_values(&page, &empty(), "a third article after unticking").await?;
    ensure!(
        !is_checked(&page, REMEMBER).await?,
        "the box is ticked on {third}"
    );

    // The first article keeps its own draft, identity included.
    open_form(&page, SEED).await?;
    wait_for_values(&page, &identity, "the first article's own draft").await?;
    ensure!(
        !is_checked(&page, REMEMBER).await?,
        "the box is ticked on the first article"
    );
    Ok(())
}

/// "Discard draft" empties the form, cancels a pending save, and leaves
/// nothing to restore.
pub(super) async fn comment_form_discard_draft(page: Page, _content: Content) -> Result {
    let key = draft_key(SEED);
    open_form(&page, SEED).await?;
    type_all(&page, &values("Second thoughts.", "Ann", "", "")).await?;
    wait_saved(&page, &key, &["Second thoughts."]).await?;
    // More typing, then discard before the timed save runs.
    type_into(&page, COMMENT, " Third thoughts.").await?;
    page.click("form.comment-form button.button-quiet").await?;
    ensure_eq!(
        page.texts("form.comment-form button[type=button]").await?,
        vec!["Discard draft".to_string()],
        "the discard button"
    );
    wait_for_values(&page, &empty(), "after discarding").await?;
    page.wait_for_text(STATUS, DISCARDED).await?;
    page.wait_for_text(COUNT, "0 / 5000").await?;
    // Past the time the pending save would have run.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    ensure_eq!(
        stored(&page, &key).await?,
        None,
        "the stored draft after discarding"
    );

    page.client.refresh().await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &empty(), "after discarding and reloading").await?;
    ensure_eq!(
        status(&page).await?,
        "",
        "the status after discarding and reloading"
    );
    Ok(())
}

/// The live count, in characters, and the limit it counts to.
pub(super) async fn comment_form_character_count(page: Page, _content: Content) -> Result {
    open_form(&page, SEED).await?;
    page.wait_for_text(COUNT, "0 / 5000").await?;
    let describedby = page.attrs(COMMENT, "aria-describedby").await?;
    ensure!(
        describedby
            .first()
            .is_some_and(|d| d.split_whitespace().any(|id| id == "comment-count")),
        "the comment field is not described by its count: {describedby:?}"
    );
    type_into(&page, COMMENT, "hello").await?;
    page.wait_for_text(COUNT, "5 / 5000").await?;
    type_into(&page, COMMENT, " ✓é").await?;
    page.wait_for_text(COUNT, "8 / 5000").await?;

    // Over the limit (pasted): counted, and refused with a message, the
    // text kept.
    let long = "x".repeat(5001);
    page.js(
        "const e = document.getElementById('comment'); e.value = arguments[0];
         e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(long)],
    )
    .await?;
    page.wait_for_text(COUNT, "5001 / 5000").await?;
    type_all(&page, &values("", "Ann", "ann@example.org", "")).await?;
    page.click(SUBMIT).await?;
    let message = page.text_of("#comment-error").await?;
    ensure!(
        message.contains("5000"),
        "the message for a long comment: {message:?}"
    );
    ensure_eq!(focused_id(&page).await?, "comment", "the focused field");
    ensure_eq!(
        read_values(&page).await?[0].len(),
        5001,
        "the long comment's length"
    );
    Ok(())
}

/// A reader who asked to be remembered has two windows on one article;
/// discarding the draft in one empties the comment in both, and leaves the
/// remembered name, email and website in both.
pub(super) async fn comment_form_discard_in_one_window_keeps_identity_in_the_other(
    page: Page,
    content: Content,
) -> Result {
    let key = draft_key(SEED);
    let identity = values("", "Ann O'Neil", "ann@example.org", "https://ann.example");
    open_form(&page, SEED).await?;
    page.click(REMEMBER).await?;
    type_all(&page, &identity).await?;
    wait_saved(&page, &key, &["Ann O'Neil"]).await?;

    let window_a = page.client.window().await?;
    let window_b = page.client.new_window(false).await?.handle;
    page.client.switch_to_window(window_b.clone()).await?;
    open_form(&page, SEED).await?;
    wait_for_values(&page, &identity, "window B at first").await?;

    page.client.switch_to_window(window_a.clone()).await?;
    type_into(&page, COMMENT, "To be discarded.").await?;
    wait_saved(&page, &key, &["To be discarded."]).await?;
    page.client.switch_to_window(window_b.clone()).await?;
    let mut with_comment = identity.clone();
    with_comment[0] = "To be discarded.".to_string();
    wait_for_values(&page, &with_comment, "window B after A saved").await?;

    page.client.switch_to_window(window_a.clone()).await?;
    page.click("form.comment-form button.button-quiet").await?;
    wait_for_values(&page, &identity, "window A after discarding").await?;
    page.client.switch_to_window(window_b.clone()).await?;
    // Give the storage event time to arrive, then B must show the same.
    tokio::time::sleep(Duration::from_millis(500)).await;
    wait_for_values(&page, &identity, "window B after A discarded").await?;
    ensure!(
        is_checked(&page, REMEMBER).await?,
        "the box is not ticked in window B"
    );

    // Writing on in B keeps the identity remembered for other articles.
    type_into(&page, COMMENT, "Typed in B after the discard.").await?;
    wait_saved(&page, &key, &["Typed in B after the discard."]).await?;
    let others = other_world_articles(&content)?;
    open_form(&page, &others[0]).await?;
    wait_for_values(&page, &identity, "another article after writing on in B").await?;
    Ok(())
}
