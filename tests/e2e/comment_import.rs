//! Comments moved from WordPress (issue 17): a WordPress export (WXR) whose
//! `<link>` is the article's new address, put into a fresh Isso database
//! with Isso's own `isso import` (the command docs/comments.md gives), then
//! read in the browser: the approved comments in order, with their names
//! and dates, the reply under its parent; the pending and spam ones are
//! kept for moderation and never shown.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::Result;
use crate::comments::SEED;
use crate::content::Content;
use crate::isso::{setup, Comments};
use std::path::Path;

pub fn all() -> Vec<Case> {
    cases![comment_import_from_wordpress_shows_the_thread]
}

/// The export, with one post's five comments (tests/e2e/fixtures/).
const WXR: &str = include_str!("fixtures/wordpress-comments.xml");

const TOP: &str = ".comment-list > li > .comment";
const REPLIES: &str = ".comment-list > li:first-child > ol.children > li > .comment";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

async fn comment_import_from_wordpress_shows_the_thread(page: Page, _content: Content) -> Result {
    let dir = tempfile_dir()?;
    let wxr = dir.join("wordpress-comments.xml");
    std::fs::write(&wxr, WXR)?;
    let started = Comments::start_with(false, Some(&wxr)).await;
    let _ = std::fs::remove_dir_all(&dir);
    let comments = started?;

    // Isso took the thread from the link's path, as the app asks for it.
    let thread = comments.thread(SEED).await?;
    let authors: Vec<&str> = thread.iter().filter_map(|c| c["author"].as_str()).collect();
    ensure_eq!(
        authors,
        vec!["Ada Quill", "Bram Ostrowski"],
        "Isso's top-level comments"
    );

    comments.open(&page, SEED).await?;
    page.wait_for_text("#comment-thread-heading", "3 comments")
        .await?;
    page.wait_for_texts(
        &format!("{TOP} .comment-text"),
        &strings(&[
            "The first comment, from the old site.",
            "A second comment & a < sign.",
        ]),
    )
    .await?;
    ensure_eq!(
        page.texts(&format!("{TOP} .comment-author")).await?,
        strings(&["Ada Quill", "Bram Ostrowski"]),
        "the names, oldest first"
    );
    // The export's GMT dates, to the second.
    ensure_eq!(
        page.attrs(&format!("{TOP} time"), "datetime").await?,
        strings(&["2024-06-20T09:15:00Z", "2024-06-20T10:00:00Z"]),
        "the dates"
    );
    let shown = page.texts(&format!("{TOP} time")).await?;
    ensure!(
        shown.iter().all(|t| t.contains("2024")),
        "the dates as readers see them: {shown:?}"
    );
    ensure_eq!(
        page.texts(&format!("{REPLIES} .comment-text")).await?,
        strings(&["A reply to Ada."]),
        "the reply under its parent"
    );
    ensure_eq!(
        page.texts(&format!("{REPLIES} .comment-author")).await?,
        strings(&["Chen Wei"]),
        "the reply's author"
    );
    ensure_eq!(
        page.attrs(&format!("{REPLIES} time"), "datetime").await?,
        strings(&["2024-06-20T11:30:00Z"]),
        "the reply's date"
    );
    ensure_eq!(page.count("ol.children > li").await?, 1, "replies");
    let all = page.texts(".comment-list").await?.join("\n");
    for hidden in ["Never approved.", "Buy now.", "Pending Person", "Cheap Pills"] {
        ensure!(!all.contains(hidden), "{hidden:?} is shown: {all}");
    }

    // Isso's importer does not drop them: they wait for moderation (mode 2).
    let modes = pending(&comments.database()).await?;
    ensure_eq!(
        modes,
        "Pending Person 2\nCheap Pills 2\n",
        "the comments WordPress had not approved, in Isso"
    );
    Ok(())
}

/// The authors and modes of the comments that are not public, read from the
/// database with the Python of Isso's own environment.
async fn pending(database: &Path) -> Result<String> {
    let python = setup()?.isso.with_file_name("python");
    let out = tokio::process::Command::new(python)
        .arg("-c")
        .arg(
            "import sqlite3, sys\n\
             for author, mode in sqlite3.connect(sys.argv[1]).execute(\
             'SELECT author, mode FROM comments WHERE mode != 1 ORDER BY id'):\n    print(author, mode)",
        )
        .arg(database)
        .output()
        .await?;
    ensure!(
        out.status.success(),
        "reading the database: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A folder for the export, under the system's temporary folder.
fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("broadsheet-wxr-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
