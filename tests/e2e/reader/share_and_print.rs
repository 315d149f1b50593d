//! An article shared, and printed cleanly.

use super::screenshots::{full_page_png, print_saved};
use super::{click_button, emulate, open_view, project_root, viewport, wait_for_focus, Scheme, SEED};
use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::{href, list, text, Content};
use serde_json::json;

pub(super) async fn reader_share_article(page: Page, content: Content) -> Result {
    let article = content.article("world", "putin-visit-north-korea-alliance")?;
    let headline = text(&article, "/headline")?;
    open_view(&page, SEED, ".latest-articles .card").await?;
    let url = format!(
        "{}{SEED}",
        page.js("return location.origin;", vec![])
            .await?
            .as_str()
            .unwrap_or_default()
    );

    // No Web Share API (as on desktop Linux): the link is copied.
    page.js(
        "delete Navigator.prototype.share; delete navigator.share;
         window.__copied = null;
         navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };",
        vec![],
    )
    .await?;
    click_button(&page, ".share", "Share").await?;
    page.wait_for_text(".share-status[role=status]", "Link copied")
        .await?;
    ensure_eq!(
        page.js("return window.__copied;", vec![]).await?,
        json!(url),
        "the link copied"
    );

    // The Web Share API where there is one.
    page.js(
        "window.__shared = null;
         navigator.share = d => { window.__shared = d; return Promise.resolve(); };",
        vec![],
    )
    .await?;
    click_button(&page, ".share", "Share").await?;
    page.wait_until("navigator.share to be called", || async {
        let shared = page.js("return window.__shared;", vec![]).await?;
        Ok((!shared.is_null()).then_some(shared))
    })
    .await
    .and_then(|shared| {
        ensure_eq!(
            shared,
            json!({ "title": headline, "url": url }),
            "what was shared"
        );
        Ok(())
    })?;
    ensure_eq!(
        page.texts(".share-status").await?,
        vec![String::new()],
        "status after sharing"
    );

    // Neither works: the link, selected in a field, to copy by hand.
    page.js(
        "navigator.share = () => Promise.reject(new DOMException('no', 'NotAllowedError'));
         navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError'));",
        vec![],
    )
    .await?;
    click_button(&page, ".share", "Share").await?;
    page.wait_for(".share input#share-url").await?;
    wait_for_focus(&page, "#share-url").await?;
    let field = page
        .js(
            "const i = document.getElementById('share-url');
             return [i.value, i.selectionStart, i.selectionEnd, i.labels.length];",
            vec![],
        )
        .await?;
    let len = url.chars().count();
    ensure_eq!(
        field,
        json!([url, 0, len, 1]),
        "the link field: value, selection, labels"
    );
    Ok(())
}

/// An article with a link out and a link within the site, from the content.
fn article_with_links(content: &Content) -> Result<String> {
    for section in list(&content.site()?, "/sections")? {
        let slug = text(section, "/slug")?;
        for item in list(&content.section_page(&slug, 1)?, "/items")? {
            let article = content.article(&slug, &text(item, "/slug")?)?;
            let body = article["body"].to_string();
            if body.contains("\"href\":\"http") && body.contains("\"href\":\"/") {
                return href(item);
            }
        }
    }
    Err(fail("no article on a first section page has both kinds of link"))
}

pub(super) async fn reader_print_article(page: Page, content: Content) -> Result {
    let path = article_with_links(&content)?;
    open_view(&page, &path, ".latest-articles .card").await?;
    emulate(&page, Scheme::Dark, true).await?;
    let hidden = page
        .js(
            "return ['.skip-link', '.top-bar', 'nav.section-nav', 'nav.breadcrumb', '.share', '#comments',
                     '.article-rail', '.site-footer nav']
                .filter(css => { const e = document.querySelector(css); return e && getComputedStyle(e).display !== 'none'; });",
            vec![],
        )
        .await?;
    ensure_eq!(hidden, json!([]), "parts still printed");
    let shown = page
        .js(
            "return ['.masthead-name', '.article-head h1', '.article-body', '.article > figure']
                .filter(css => { const e = document.querySelector(css); return !e || getComputedStyle(e).display === 'none'; });",
            vec![],
        )
        .await?;
    ensure_eq!(shown, json!([]), "parts missing from the print");
    let targets = page
        .js(
            "return Array.from(document.querySelectorAll('.article-body a')).map(a =>
                [a.getAttribute('href'), getComputedStyle(a, '::after').content]);",
            vec![],
        )
        .await?;
    let targets = targets.as_array().cloned().unwrap_or_default();
    ensure!(!targets.is_empty(), "{path}: no links in the body");
    for pair in &targets {
        let href = pair[0].as_str().unwrap_or_default();
        let after = pair[1].as_str().unwrap_or_default();
        ensure!(
            after.contains(href),
            "{path}: the link to {href} prints without its address: ::after is {after}"
        );
    }
    // Printed black on white, whatever the scheme.
    let colours = page
        .js(
            "return [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color];",
            vec![],
        )
        .await?;
    ensure_eq!(
        colours,
        json!(["rgb(255, 255, 255)", "rgb(0, 0, 0)"]),
        "printed colours"
    );
    // How it prints, for review (a print preview, at a paper-like width).
    viewport(&page, 800, 1100).await?;
    let dir = project_root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("article-print.png");
    std::fs::write(&file, full_page_png(&page, 800).await?)?;
    print_saved(&[file]);
    Ok(())
}
