//! Old addresses that keep working (issue 17): the sample site's
//! `content/redirects.txt`, built into the release by the press and served
//! by the real nginx with the shipped config (and docs/deploy.md's sub-path
//! blocks under `/news/`): each old address answers 301 with the page's
//! address in `Location`, that page answers 200, and a browser that follows
//! an old link lands on the article.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::Result;
use crate::content::Content;
use crate::deploy::{news, root, Site};
use crate::http;

pub fn all() -> Vec<Case> {
    cases![
        redirects_root_old_addresses,
        redirects_news_old_addresses,
        redirects_followed_by_the_browser,
    ]
}

/// The sample's redirects: the file the build read.
const SAMPLE: &str = include_str!("../../content/redirects.txt");

const ARTICLE: &str = "/world/harbour-talks-stall/";
const PERMALINK: &str = "/2024/06/03/harbour-talks-stall-fishing-quotas/";

/// (old address, where it must go) below the base path.
const MOVED: &[(&str, &str)] = &[
    (PERMALINK, ARTICLE),
    // Without its trailing slash, and with a query a link added.
    ("/2024/06/03/harbour-talks-stall-fishing-quotas", ARTICLE),
    (
        "/2024/06/03/harbour-talks-stall-fishing-quotas/?utm_source=feed",
        ARTICLE,
    ),
    ("/?p=123", ARTICLE),
    ("/category/world-news/", "/world/"),
    ("/tag/fishing-quotas/", "/tag/fishing/"),
];

/// Old addresses that are not redirected, and what they answer.
const NOT_MOVED: &[(&str, u16)] = &[
    // Another post's short link: the home page, as before.
    ("/?p=1234", 200),
    ("/?p=123&x=1", 200),
    ("/category/no-such-thing/", 404),
    ("/world/", 200),
];

/// Each old address of `MOVED` answers 301 to its page under `base`, which
/// answers 200; the others are served as they were.
async fn check_site(site: &Site, base: &str) -> Result {
    for line in [
        "/2024/06/03/harbour-talks-stall-fishing-quotas/  /world/harbour-talks-stall/",
        "/?p=123  ",
        "/category/world-news/  /world/",
        "/tag/fishing-quotas/   /tag/fishing/",
    ] {
        ensure!(
            SAMPLE.contains(line),
            "content/redirects.txt no longer has {line:?}: update tests/e2e/redirects.rs"
        );
    }
    let origin = format!("http://127.0.0.1:{}", site.port);
    for (old, new) in MOVED {
        let old = format!("{base}{old}");
        let new = format!("{base}{new}");
        let response = http::request(site.port, "GET", &old, None).await?;
        ensure_eq!(response.status, 301, "GET {old}");
        let location = response.header("location").unwrap_or_default();
        ensure!(
            location == new || location == format!("{origin}{new}"),
            "GET {old}: Location {location:?}, not {new}"
        );
        let target = http::request(site.port, "GET", &new, None).await?;
        ensure_eq!(target.status, 200, "GET {new} (the target of {old})");
        ensure!(target.body.contains("<html"), "GET {new} is not a page");
    }
    for (old, status) in NOT_MOVED {
        let old = format!("{base}{old}");
        let response = http::request(site.port, "GET", &old, None).await?;
        ensure_eq!(response.status, *status, "GET {old} (not moved)");
    }
    Ok(())
}

async fn redirects_root_old_addresses(_page: Page, _content: Content) -> Result {
    check_site(&root()?, "").await
}

async fn redirects_news_old_addresses(_page: Page, _content: Content) -> Result {
    check_site(&news()?, "/news").await
}

/// An old link in the browser: the article, at its new address.
async fn redirects_followed_by_the_browser(page: Page, _content: Content) -> Result {
    let site = root()?;
    let origin = format!("http://127.0.0.1:{}", site.port);
    for old in [PERMALINK, "/?p=123"] {
        page.client.goto(&format!("{origin}{old}")).await?;
        page.wait_for_text(
            ".article-head h1",
            "Harbour talks stall as fishing quotas divide neighbours",
        )
        .await?;
        let url = page.client.current_url().await?;
        ensure_eq!(
            url.as_str(),
            format!("{origin}{ARTICLE}"),
            "the address after {old}"
        );
    }
    Ok(())
}
