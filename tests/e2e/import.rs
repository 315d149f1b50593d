//! A WordPress site moved onto Broadsheet, end to end (issue 17): a
//! realistic export (tests/e2e/fixtures/wordpress/, both editors, a
//! featured photograph in its uploads folder, comments) is imported with
//! `broadsheet-press import wordpress`, built with the release's app files
//! into a site of its own, and served by the real nginx with the shipped
//! config, beside a real Isso holding the comments the importer wrote for
//! `isso import`. Old addresses answer 301 to the new pages; the article
//! reads in Chromium with its photograph at the size a phone needs, its
//! imported blocks, and its comments in order with names and dates.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::{fail, Result};
use crate::content::Content;
use crate::http;
use crate::isso::Comments;
use crate::reader::viewport;
use crate::server::{Layout, Nginx};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tokio::sync::OnceCell;

pub fn all() -> Vec<Case> {
    cases![
        import_old_addresses_redirect_to_the_new_pages,
        import_article_reads_with_its_photo_and_comments,
    ]
}

const ARTICLE: &str = "/local-news/harbour-bridge-reopens/";
const HEADLINE: &str = "Harbour bridge reopens after two years of repairs";
const HERO: &str = ".article > figure picture img";

/// (old address, its new page): the post's permalink, its short link,
/// the other post's, and a category archive.
const MOVED: &[(&str, &str)] = &[
    ("/2023/05/17/harbour-bridge-reopens/", ARTICLE),
    ("/?p=101", ARTICLE),
    (
        "/2023/05/20/rovers-win-county-cup/",
        "/sport/rovers-win-county-cup/",
    ),
    ("/?p=102", "/sport/rovers-win-county-cup/"),
    ("/category/local-news/", "/local-news/"),
];

/// Where the harness keeps its files and the release build to take the
/// app's files from (set once by `prepare`).
static PLACES: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
/// The imported site, made on first use: (its content sources, the site).
static IMPORTED: OnceCell<std::result::Result<(PathBuf, PathBuf), String>> = OnceCell::const_new();

/// Notes where to work; the import and build run only if a case here runs.
pub fn prepare(temp: &Path, release: &Path) {
    let _ = PLACES.set((temp.to_path_buf(), release.to_path_buf()));
}

async fn imported() -> Result<&'static (PathBuf, PathBuf)> {
    let made = IMPORTED
        .get_or_init(|| async {
            tokio::task::spawn_blocking(|| import_and_build().map_err(|e| e.0))
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
        })
        .await;
    made.as_ref()
        .map_err(|e| fail(format!("the imported site could not be made: {e}")))
}

/// Imports the fixture export into `temp/import/content`, then builds it
/// into `temp/import/site` beside the release's app files, with `/comments`
/// as the comment server, as a publisher's build with comments would be.
fn import_and_build() -> Result<(PathBuf, PathBuf)> {
    let (temp, release) = PLACES
        .get()
        .ok_or_else(|| fail("import::prepare was not called (harness.rs)"))?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/e2e/fixtures/wordpress");
    let work = temp.join("import");
    let (content, site) = (work.join("content"), work.join("site"));
    let press = |args: &[&std::ffi::OsStr]| -> Result<String> {
        let out = std::process::Command::new(env!("CARGO"))
            .current_dir(root)
            .args(["run", "--quiet", "--package", "broadsheet-press", "--"])
            .args(args)
            .env("BROADSHEET_COMMENTS_ENDPOINT", "/comments")
            .env("BROADSHEET_PRESS_CACHE", work.join("cache"))
            .env_remove("TRUNK_STAGING_DIR")
            .output()?;
        ensure!(
            out.status.success(),
            "broadsheet-press {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let summary = press(&[
        "import".as_ref(),
        "wordpress".as_ref(),
        fixture.join("export.xml").as_os_str(),
        "--uploads".as_ref(),
        fixture.join("uploads").as_os_str(),
        "--content".as_ref(),
        content.as_os_str(),
    ])?;
    ensure!(
        summary.contains("2 article(s) written"),
        "the import's summary: {summary}"
    );
    app_files(release, &site)?;
    press(&[
        "build".as_ref(),
        "--content".as_ref(),
        content.as_os_str(),
        "--out".as_ref(),
        site.as_os_str(),
        "--shell".as_ref(),
        site.join("shell.html").as_os_str(),
    ])?;
    Ok((content, site))
}

/// The release's own files (the shell, scripts, wasm, styles, fonts and
/// the search module) without the sample's content and pages or the
/// precompressed twins, so that nothing of the sample site can pass for
/// the imported one's.
fn app_files(release: &Path, site: &Path) -> Result {
    let _ = std::fs::remove_dir_all(site);
    let copy_files = |from: &Path, to: &Path| -> Result {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let twin = name.ends_with(".gz") || name.ends_with(".br");
            let page = name.ends_with(".html") && name != "shell.html";
            if entry.file_type()?.is_file() && !twin && !page {
                std::fs::copy(&path, to.join(&name))?;
            }
        }
        Ok(())
    };
    copy_files(release, site)?;
    for dir in ["fonts", "search/client"] {
        if release.join(dir).is_dir() {
            copy_files(&release.join(dir), &site.join(dir))?;
        }
    }
    ensure!(
        site.join("shell.html").is_file(),
        "{} has no shell.html",
        release.display()
    );
    Ok(())
}

async fn import_old_addresses_redirect_to_the_new_pages(_page: Page, _content: Content) -> Result {
    let (_, site) = imported().await?;
    let temp = &PLACES.get().expect("prepared").0;
    let mut nginx = Nginx::start_as(&temp.join("import/nginx"), site, Layout::Shipped).await?;
    let result = async {
        for (old, new) in MOVED {
            let response = http::request(nginx.port, "GET", old, None).await?;
            ensure_eq!(response.status, 301, "{old}: status");
            let location = response.header("location").unwrap_or_default().to_string();
            ensure!(
                location.ends_with(new) && !location.ends_with(&format!("/{new}")),
                "{old} goes to {location:?}, not {new}"
            );
            let page = http::request(nginx.port, "GET", new, None).await?;
            ensure_eq!(page.status, 200, "{new}, where {old} goes");
        }
        let article = http::request(nginx.port, "GET", ARTICLE, None).await?;
        ensure!(
            article.body.contains(HEADLINE) && article.body.contains("Harbour master Dee Okonjo"),
            "the article's page has its headline and its quote's source"
        );
        // The things the import left out are nowhere in the pages.
        let cup = http::request(nginx.port, "GET", "/sport/rovers-win-county-cup/", None).await?;
        ensure!(
            cup.body.contains("Goalkeeper Sam O’Neill saved the fifth kick.")
                && !cup.body.contains("trackReaders")
                && !cup.body.contains("contact-form-7"),
            "the classic post reads, without its script or form"
        );
        Ok(())
    }
    .await;
    nginx.stop().await;
    result
}

async fn import_article_reads_with_its_photo_and_comments(page: Page, _content: Content) -> Result {
    let (content, site) = imported().await?;
    let comments = Comments::start_on(site, false, Some(&content.join("wordpress-comments.xml"))).await?;
    viewport(&page, 390, 844).await?;
    comments.open(&page, ARTICLE).await?;
    page.wait_for_text(".article-head h1", HEADLINE).await?;
    page.wait_for("html[data-app]").await?;

    // The blocks the block editor had: a table, a nested list, an embed as a
    // plain link (no iframe, no script), a line break.
    ensure_eq!(
        page.texts(".article-body table th").await?,
        vec!["Year", "Crossings a day"],
        "the table's head"
    );
    ensure_eq!(
        page.count(".article-body li li").await?,
        1,
        "the nested list item"
    );
    ensure_eq!(page.count("iframe").await?, 0, "iframes");
    let embed = page
        .js(
            "return [...document.querySelectorAll('.article-body a')].map(a => a.href).filter(h => h.includes('youtube.com')).length;",
            vec![],
        )
        .await?;
    ensure_eq!(embed, json!(1), "the video, as a link");
    ensure_eq!(page.count(".article-body br").await?, 1, "the line break");

    // The featured photograph, copied in from uploads: its size kept, and at
    // a phone's width the small modern copy.
    ensure_eq!(
        page.attrs(HERO, "width").await?,
        vec!["1600"],
        "the photograph's width"
    );
    ensure_eq!(
        page.attrs(HERO, "height").await?,
        vec!["1000"],
        "the photograph's height"
    );
    let loaded: Value = page
        .wait_until("the photograph to load", || async {
            let v = page
                .js(
                    "const i = document.querySelector(arguments[0]);
                     return i && i.complete && i.naturalWidth > 0 ? i.currentSrc : null;",
                    vec![json!(HERO)],
                )
                .await?;
            Ok((!v.is_null()).then_some(v))
        })
        .await?;
    let src = loaded.as_str().unwrap_or_default();
    ensure!(
        src.ends_with("/media/local-news/harbour-bridge-reopens-harbour-bridge.jpg.480.avif"),
        "at 390 px the browser took {src}, not the 480 px copy"
    );

    // The comments WordPress had approved, oldest first, the reply under its
    // parent; the spam and the pending one nowhere.
    page.wait_for_text("#comment-thread-heading", "3 comments")
        .await?;
    ensure_eq!(
        page.texts(".comment-list > li > .comment .comment-author")
            .await?,
        vec!["Ann Byrne", "Chidi Obi"],
        "the top-level comments' names"
    );
    ensure_eq!(
        page.attrs(".comment-list > li > .comment time", "datetime")
            .await?,
        vec!["2023-05-17T10:15:00Z", "2023-05-18T07:05:00Z"],
        "their dates"
    );
    ensure_eq!(
        page.texts(".comment-list > li:first-child > ol.children .comment-author")
            .await?,
        vec!["Bo Lindgren"],
        "the reply"
    );
    let all = page.texts(".comment-list").await?.join("\n");
    for hidden in ["Cheap Watches", "Dana Pike"] {
        ensure!(!all.contains(hidden), "{hidden:?} is shown: {all}");
    }
    Ok(())
}
