//! The comment form under every article (issue 3): drafts that survive a
//! reload, in-app navigation and a closed browser, and keep up with fast
//! typing; validation messages and focus; the remembered identity; a second
//! window on the same article; a browser that blocks site data, and one
//! whose storage is full; pruning of old and unreadable drafts; discarding;
//! the character count.
//!
//! Each case names what it types, and reads the fields back from the page:
//! whatever the reader typed must be there again, exactly.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::{fail, Result};
use crate::content::{href, list, number, Content};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

pub fn all() -> Vec<Case> {
    cases![
        comment_form_draft_survives_reload,
        comment_form_draft_survives_in_app_navigation,
        comment_form_draft_survives_closing_the_browser,
        comment_form_validation_messages_and_focus,
        comment_form_post_without_server_keeps_draft,
        comment_form_remembered_identity,
        comment_form_draft_reaches_a_second_window,
        comment_form_works_with_storage_blocked,
        comment_form_discard_draft,
        comment_form_character_count,
        comment_form_prunes_old_and_unreadable_drafts,
        comment_form_keeps_text_when_storage_is_full,
        comment_form_draft_keeps_up_with_continuous_typing,
        comment_form_discard_in_one_window_keeps_identity_in_the_other,
    ]
}

/// The seed article.
pub(crate) const SEED: &str = "/world/putin-visit-north-korea-alliance/";

const FORM: &str = "section#comments form.comment-form";
pub(crate) const COMMENT: &str = "#comment";
pub(crate) const NAME: &str = "#author";
pub(crate) const EMAIL: &str = "#email";
pub(crate) const WEBSITE: &str = "#url";
const REMEMBER: &str = "#remember-me";
pub(crate) const SUBMIT: &str = "form.comment-form button[type=submit]";
const STATUS: &str = "p.draft-status[role=status]";
pub(crate) const OUTCOME: &str = "p.post-outcome";
const NOTICE: &str = "p.storage-notice";
const COUNT: &str = "#comment-count";
const MORE_LINKS: &str = ".more-articles .card-headline a";

/// The ids of comment, name, email and website, in the form's order.
const FIELD_IDS: [&str; 4] = ["comment", "author", "email", "url"];

const SAVED: &str = "Draft saved";
const RESTORED: &str = "Draft restored";
const FROM_OTHER_TAB: &str = "Draft updated from another tab";
const DISCARDED: &str = "Draft discarded";
const NOT_ACCEPTING: &str =
    "This site is not accepting comments yet. Your draft stays saved in this browser.";

const NO_COMMENT: &str = "Please enter your comment!";
const NO_NAME: &str = "Please enter your name here";
const BAD_EMAIL: &str = "You have entered an incorrect email address!";

/// WebDriver keys: Control (held until Null), Null, Backspace.
const CONTROL: char = '\u{E009}';
const NULL: char = '\u{E000}';
const BACKSPACE: char = '\u{E003}';

/// Comment, name, email and website, as typed or as read from the page.
pub(crate) type Values = [String; 4];

pub(crate) fn values(comment: &str, name: &str, email: &str, website: &str) -> Values {
    [comment, name, email, website].map(str::to_string)
}

fn empty() -> Values {
    values("", "", "", "")
}

/// What a reader types into every field: several lines, punctuation and
/// letters outside ASCII, so a lossy format would show.
fn full_draft() -> Values {
    values(
        "A considered reply.\nSecond line — with ünïcode ✓, \"quotes\" & a \\ backslash.",
        "Ann O'Neil",
        "ann@example.org",
        "https://ann.example/blog",
    )
}

/// The storage key of an article's draft (the key scheme).
fn draft_key(path: &str) -> String {
    format!("broadsheet:draft:v1:{}", path.trim_matches('/'))
}

// ---------------------------------------------------------------- helpers

/// Opens an article by its address and waits for its comment form.
async fn open_form(page: &Page, path: &str) -> Result {
    page.open(path).await?;
    wait_for_form(page).await
}

pub(crate) async fn wait_for_form(page: &Page) -> Result {
    page.wait_for(&format!("{FORM} {COMMENT}")).await?;
    page.wait_for(&format!("{FORM} {WEBSITE}")).await?;
    Ok(())
}

/// The values of the four fields, read from the page.
pub(crate) async fn read_values(page: &Page) -> Result<Values> {
    let v = page
        .js(
            "return arguments[0].map(id => { const e = document.getElementById(id); return e ? e.value : null; });",
            vec![json!(FIELD_IDS)],
        )
        .await?;
    let read: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or("(missing)").to_string())
                .collect()
        })
        .unwrap_or_default();
    read.try_into()
        .map_err(|read| fail(format!("the form's fields could not be read: {read:?}")))
}

/// Waits until the four fields hold `expected`.
pub(crate) async fn wait_for_values(page: &Page, expected: &Values, what: &str) -> Result {
    let waited = page
        .wait_until(
            format!("{what}: the fields to hold {expected:?}"),
            move || async move { Ok((read_values(page).await? == *expected).then_some(())) },
        )
        .await;
    match waited {
        Ok(()) => Ok(()),
        Err(e) => Err(e.and(read_values(page).await.unwrap_or_default())),
    }
}

/// Types into a field, as a reader would (after what is there).
async fn type_into(page: &Page, css: &str, text: &str) -> Result {
    page.wait_for(css).await?.send_keys(text).await?;
    Ok(())
}

/// Selects all of a field's text and types `text` over it.
async fn replace_text(page: &Page, css: &str, text: &str) -> Result {
    type_into(page, css, &format!("{CONTROL}a{NULL}{BACKSPACE}{text}")).await
}

/// Types each value into its (empty) field; empty values are skipped.
pub(crate) async fn type_all(page: &Page, typed: &Values) -> Result {
    for (css, text) in [COMMENT, NAME, EMAIL, WEBSITE].iter().zip(typed) {
        if !text.is_empty() {
            type_into(page, css, text).await?;
        }
    }
    Ok(())
}

async fn status(page: &Page) -> Result<String> {
    Ok(page.texts(STATUS).await?.into_iter().next().unwrap_or_default())
}

/// The raw stored value under `key`, or `None`.
async fn stored(page: &Page, key: &str) -> Result<Option<String>> {
    let v = page
        .js("return localStorage.getItem(arguments[0]);", vec![json!(key)])
        .await?;
    Ok(v.as_str().map(str::to_string))
}

/// Waits for the status "Draft saved" and for the draft under `key` to hold
/// every one of `texts` (the status alone may be left over from an earlier
/// save).
async fn wait_saved(page: &Page, key: &str, texts: &[&str]) -> Result {
    page.wait_for_text(STATUS, SAVED).await?;
    let waited = page
        .wait_until(
            format!("the draft under {key} to hold {texts:?}"),
            move || async move {
                Ok(stored(page, key)
                    .await?
                    .is_some_and(|v| texts.iter().all(|t| v.contains(t)))
                    .then_some(()))
            },
        )
        .await;
    match waited {
        Ok(()) => Ok(()),
        Err(e) => Err(e.and(stored(page, key).await.unwrap_or_default())),
    }
}

async fn is_checked(page: &Page, css: &str) -> Result<bool> {
    let v = page
        .js(
            "const e = document.querySelector(arguments[0]); return !!(e && e.checked);",
            vec![json!(css)],
        )
        .await?;
    Ok(v == json!(true))
}

/// The id of the element that has focus.
async fn focused_id(page: &Page) -> Result<String> {
    let v = page
        .js(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

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

/// Makes `Date.now` run `days` days off in every page loaded from now on,
/// until `clock_reset` with the id this gives.
async fn shift_clock(page: &Page, days: i64) -> Result<Value> {
    let source = format!(
        "(() => {{ const real = Date.now.bind(Date); Date.now = () => real() + {}; }})();",
        days * 24 * 3600 * 1000
    );
    let added = page
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )
        .await?;
    Ok(added["identifier"].clone())
}

async fn clock_reset(page: &Page, id: Value) -> Result {
    page.cdp(
        "Page.removeScriptToEvaluateOnNewDocument",
        json!({ "identifier": id }),
    )
    .await?;
    Ok(())
}

/// Addresses of articles of World other than the seed, newest first.
fn other_world_articles(content: &Content) -> Result<Vec<String>> {
    let world = content.section_page("world", 1)?;
    let paths: Vec<String> = list(&world, "/items")?
        .iter()
        .map(href)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|p| p != SEED)
        .collect();
    ensure!(
        paths.len() >= 2,
        "World's first page has too few articles: {paths:?}"
    );
    Ok(paths)
}

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

// ---------------------------------------------------------------- cases

/// Type into all four fields → "Draft saved" → reload → all four restored,
/// "Draft restored". Then text typed just before a reload, with no pause
/// for the timed save, is restored too (saved on `pagehide`).
async fn comment_form_draft_survives_reload(page: Page, _content: Content) -> Result {
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
async fn comment_form_draft_survives_in_app_navigation(page: Page, content: Content) -> Result {
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
async fn comment_form_draft_survives_closing_the_browser(page: Page, _content: Content) -> Result {
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

/// Each message next to its field, tied to it, focus on the first field in
/// error, and nothing typed ever changed by validating.
async fn comment_form_validation_messages_and_focus(page: Page, _content: Content) -> Result {
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
async fn comment_form_post_without_server_keeps_draft(page: Page, _content: Content) -> Result {
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
async fn comment_form_remembered_identity(page: Page, content: Content) -> Result {
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

/// Two windows on one article: a draft saved in one shows in the other's
/// fields, except a field typed in there.
async fn comment_form_draft_reaches_a_second_window(page: Page, _content: Content) -> Result {
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

/// Chromium blocking site data: reading localStorage throws. The reader can
/// still type, a notice says drafts can't be saved, and posting still
/// answers.
async fn comment_form_works_with_storage_blocked(page: Page, _content: Content) -> Result {
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

/// "Discard draft" empties the form, cancels a pending save, and leaves
/// nothing to restore.
async fn comment_form_discard_draft(page: Page, _content: Content) -> Result {
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
async fn comment_form_character_count(page: Page, _content: Content) -> Result {
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

/// At start-up, drafts untouched for 30 days are removed (a 29-day-old one
/// is kept); a value under a draft key that is not a draft is ignored, then
/// removed, and nobody else's keys are touched.
async fn comment_form_prunes_old_and_unreadable_drafts(page: Page, content: Content) -> Result {
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
async fn comment_form_keeps_text_when_storage_is_full(page: Page, _content: Content) -> Result {
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

/// Typing without a pause long enough for the timed save: the draft in
/// storage is still at most about a second behind (the issue: "debounced,
/// at most about 1 s behind"), so a crash loses at most that much.
async fn comment_form_draft_keeps_up_with_continuous_typing(page: Page, _content: Content) -> Result {
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

/// A reader who asked to be remembered has two windows on one article;
/// discarding the draft in one empties the comment in both, and leaves the
/// remembered name, email and website in both.
async fn comment_form_discard_in_one_window_keeps_identity_in_the_other(
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
