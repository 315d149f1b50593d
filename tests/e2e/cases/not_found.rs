//! Addresses that name nothing: the not-found view.

use super::{expect_not_found, title};
use crate::browser::Page;
use crate::check::Result;
use crate::content::{number, Content};

pub(super) async fn not_found_unknown_path(page: Page, content: Content) -> Result {
    expect_not_found(&page, &content, "/no/such/path/here").await?;
    // Its link home works, inside the app.
    page.set_marker().await?;
    page.click(".not-found a[href='/']").await?;
    page.wait_for_location("/").await?;
    page.wait_for(".lead").await?;
    page.wait_for_title(&content.site_name()?).await?;
    ensure!(page.has_marker().await?, "the link home loaded a new page");
    Ok(())
}

pub(super) async fn not_found_unknown_section(page: Page, content: Content) -> Result {
    expect_not_found(&page, &content, "/nosuchsection").await?;
    expect_not_found(&page, &content, "/nosuchsection/putin-visit-north-korea-alliance").await
}

pub(super) async fn not_found_unknown_article(page: Page, content: Content) -> Result {
    expect_not_found(&page, &content, "/world/no-such-article").await?;
    // The page taken over as served is the app's: its link home is followed
    // in the app, and going back shows not found again at the address.
    page.set_marker().await?;
    page.click(".not-found a[href='/']").await?;
    page.wait_for_location("/").await?;
    page.wait_for(".lead").await?;
    page.client.back().await?;
    page.wait_for_location("/world/no-such-article").await?;
    page.wait_for_text(".not-found h1", "Page not found").await?;
    page.wait_for_title(&title("Page not found", &content.site_name()?))
        .await?;
    ensure!(
        page.has_marker().await?,
        "the link home or back loaded a new page"
    );
    ensure_eq!(
        page.count(".load-error").await?,
        0,
        "error views after going back"
    );
    // The console's only errors are the browser's own notes of the 404s.
    page.expect_no_console_errors_but(&["status of 404"]).await
}

pub(super) async fn not_found_page_out_of_range(page: Page, content: Content) -> Result {
    let pages = number(&content.section_page("world", 1)?, "/total_pages")?;
    ensure!(pages < 99, "World has {pages} pages");
    expect_not_found(&page, &content, "/world/page/99/").await?;
    expect_not_found(&page, &content, &format!("/world/page/{}/", pages + 1)).await?;
    // An old link's page number that is out of range: the same, at the
    // page's own address.
    expect_not_found(&page, &content, "/world?page=99").await
}
