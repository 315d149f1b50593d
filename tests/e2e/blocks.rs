//! The blocks of content format version 2 (issue 17) on the sample article
//! that uses them all: a table and code that scroll inside their own boxes
//! at 320 px while the page does not, a gallery, a link card for an embed,
//! a nested list, a rule and line breaks; drawn the same by the page
//! rendered at build time (JavaScript off) and by the app when it loads the
//! article's file itself (a `"schema": 2` file). axe in both schemes and the
//! 320 px check of every view run over it too (reader.rs, `views`).

use crate::browser::Page;
use crate::cases::Case;
use crate::check::Result;
use crate::content::{text, Content};
use crate::reader::accessibility::sideways;
use crate::reader::viewport;
use serde_json::{json, Value};

pub fn all() -> Vec<Case> {
    cases![blocks_in_the_app_at_320px, blocks_without_javascript]
}

pub(crate) const ARTICLE: &str = "/politics/northgate-east-by-election/";
const SECTION: &str = "politics";
const SLUG: &str = "northgate-east-by-election";

/// What the page shows of each new block, in one script.
async fn blocks_shown(page: &Page) -> Result<Value> {
    page.js(
        "const body = document.querySelector('.article-body');
         const q = s => Array.from(body.querySelectorAll(s));
         const box = body.querySelector('.table-box');
         const code = body.querySelector('.code-box');
         return {
             table: box && {
                 role: box.getAttribute('role'), label: box.getAttribute('aria-label'),
                 tabindex: box.getAttribute('tabindex'),
                 headers: q('.table-box th[scope=col]').map(t => t.textContent),
                 rows: q('.table-box tbody tr').length,
                 first: q('.table-box tbody tr:first-child td').map(t => t.textContent),
                 right: getComputedStyle(body.querySelector('.table-box tbody td:nth-child(3)')).textAlign,
             },
             code: code && {
                 tabindex: code.getAttribute('tabindex'), label: code.getAttribute('aria-label'),
                 text: code.querySelector('pre > code').textContent,
             },
             separators: q('hr').length,
             gallery: q('ul.gallery > li > figure.figure').map(f => [f.querySelector('img').getAttribute('alt'), f.querySelector('figcaption').textContent]),
             embed: q('.embed a').map(a => [a.getAttribute('href'), a.querySelector('.embed-title').textContent, a.querySelector('.embed-provider').textContent]),
             frames: document.querySelectorAll('iframe, .article-body script').length,
             nested: q('li > ul > li').map(l => l.textContent),
             breaks: q('p > br').length,
         };",
        vec![],
    )
    .await
}

/// Checks what `blocks_shown` found against the article's file.
fn check_blocks(shown: &Value, content: &Content) -> Result {
    let article = content.article(SECTION, SLUG)?;
    ensure_eq!(article["schema"], json!(2), "the article's format version");
    let table = &shown["table"];
    ensure_eq!(
        (&table["role"], &table["tabindex"]),
        (&json!("region"), &json!("0")),
        "the table's box: a region a keyboard can focus"
    );
    ensure_eq!(
        table["label"],
        json!("Table: Candidate, Party, Votes, Share"),
        "the table's name"
    );
    ensure_eq!(
        table["headers"],
        json!(["Candidate", "Party", "Votes", "Share"]),
        "the column headers"
    );
    ensure_eq!(table["rows"], json!(4), "the table's rows");
    ensure_eq!(
        table["first"],
        json!(["Rosa Lindqvist", "Independent Alliance", "1,684", "43.6%"]),
        "the first row"
    );
    ensure_eq!(table["right"], json!("right"), "the votes column's alignment");
    let code = text(&article, "/body/4/code/code")?;
    ensure_eq!(shown["code"]["text"], json!(code), "the code, as written");
    ensure_eq!(
        shown["code"]["tabindex"],
        json!("0"),
        "the code's box is focusable"
    );
    ensure_eq!(shown["separators"], json!(1), "the rule");
    let gallery = shown["gallery"].as_array().map_or(0, Vec::len);
    ensure_eq!(gallery, 3, "the gallery's figures: {}", shown["gallery"]);
    ensure_eq!(
        shown["gallery"][1],
        json!([
            "Counting assistants at a long table sorting ballot papers into piles",
            "Counting began at 10.30pm."
        ]),
        "the second picture"
    );
    ensure_eq!(
        shown["embed"],
        json!([[
            "https://www.youtube.com/watch?v=nh-east-count-2024",
            "Watch the declaration and Rosa Lindqvist's speech",
            "YouTube"
        ]]),
        "the embed's card"
    );
    ensure_eq!(shown["frames"], json!(0), "frames or scripts in the body");
    ensure_eq!(
        shown["nested"],
        json!([
            "Eastfield",
            "Harbourside",
            "Millbrook and Old Town, which share a building"
        ]),
        "the nested list"
    );
    ensure_eq!(shown["breaks"], json!(2), "the line breaks");
    Ok(())
}

/// The app draws the article from its file (in-app navigation from the
/// section), then at 320 px the table and the code scroll inside their
/// boxes and the page does not scroll sideways.
async fn blocks_in_the_app_at_320px(page: Page, content: Content) -> Result {
    viewport(&page, 320, 640).await?;
    page.open("/politics/").await?;
    page.wait_for("html[data-app]").await?;
    page.click(&format!(".story-list a[href='{ARTICLE}']")).await?;
    page.wait_for_location(ARTICLE).await?;
    page.wait_for(".article-body .table-box").await?;
    check_blocks(&blocks_shown(&page).await?, &content)?;
    let found = sideways(&page).await?;
    ensure!(
        found["scroll"].as_f64() <= found["inner"].as_f64() && found["inner"] == json!(320),
        "the article scrolls sideways at 320 px: {found}"
    );
    let boxes = page
        .js(
            "return ['.table-box', '.code-box'].map(s => {
                 const e = document.querySelector(s);
                 return e.scrollWidth > e.clientWidth && e.getBoundingClientRect().right <= innerWidth;
             });",
            vec![],
        )
        .await?;
    ensure_eq!(
        boxes,
        json!([true, true]),
        "the table and the code scroll inside their boxes"
    );
    Ok(())
}

/// With JavaScript off, the page rendered at build time has every block.
async fn blocks_without_javascript(page: Page, content: Content) -> Result {
    let prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
    let page = page.relaunch(Some(prefs)).await?;
    page.open_without_app(ARTICLE).await?;
    page.wait_for(".article-body .table-box").await?;
    ensure_eq!(
        page.count("html[data-app]").await?,
        0,
        "the app ran with JavaScript off"
    );
    check_blocks(&blocks_shown(&page).await?, &content)
}
