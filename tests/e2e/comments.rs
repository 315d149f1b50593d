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
use crate::content::{href, list, Content};
use serde_json::json;

mod drafts;
mod form;
mod storage;
use drafts::{
    comment_form_draft_keeps_up_with_continuous_typing, comment_form_draft_reaches_a_second_window,
    comment_form_draft_survives_closing_the_browser, comment_form_draft_survives_in_app_navigation,
    comment_form_draft_survives_reload,
};
use form::{
    comment_form_character_count, comment_form_discard_draft,
    comment_form_discard_in_one_window_keeps_identity_in_the_other,
    comment_form_post_without_server_keeps_draft, comment_form_remembered_identity,
    comment_form_validation_messages_and_focus,
};
use storage::{
    comment_form_keeps_text_when_storage_is_full, comment_form_prunes_old_and_unreadable_drafts,
    comment_form_works_with_storage_blocked,
};

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
