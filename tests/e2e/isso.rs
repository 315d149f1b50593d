//! Comments through a real Isso (issue 6). Each case starts its own Isso on
//! a free loopback port with a fresh SQLite database, behind an nginx that
//! serves a copy of the build whose site file names `/comments` as the
//! endpoint, with the shipped config and the location docs/comments.md
//! gives: the production setup. Posting from the browser, moderation, Isso
//! stopped mid-way, a hostile comment, the count and replies, replying, a double click,
//! Isso's refusals, and a server that never answers.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::{fail, Result};
use crate::comments::{
    read_values, type_all, values, wait_for_form, wait_for_values, Values, OUTCOME, SEED, SUBMIT,
};
use crate::content::Content;
use crate::http;
use crate::server::{free_port, Layout, Nginx};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

pub fn all() -> Vec<Case> {
    cases![
        isso_post_is_listed_and_survives_reload,
        isso_moderation_holds_the_comment,
        isso_stopped_keeps_the_draft,
        isso_hostile_comment_renders_as_text,
        isso_count_and_replies,
        isso_reply_from_the_browser,
        isso_double_click_posts_once,
        isso_refusal_in_plain_words,
        isso_silent_server_never_holds_up_the_article,
    ]
}

const HEADING: &str = "#comment-thread-heading";
const ITEMS: &str = ".comment-list > li";
const TEXTS: &str = ".comment-list .comment-text";
const THREAD_ERROR: &str = ".comment-thread-error";
const ARTICLE_H1: &str = ".article-head h1";

const PUBLISHED: &str = "Thank you: your comment is published.";
const MODERATED: &str = "Your comment is awaiting moderation.";
const FAILED: &str = "Your comment could not be posted. Your draft is saved — try again.";

// ---------------------------------------------------------------- servers

/// The copy of the build whose site file names the comment server, and
/// where each case's servers keep their files.
pub(crate) struct Setup {
    site: PathBuf,
    temp: PathBuf,
    pub(crate) isso: PathBuf,
}

static SETUP: OnceLock<std::result::Result<Setup, String>> = OnceLock::new();
static STARTED: AtomicUsize = AtomicUsize::new(0);

/// Copies the build to `temp/comments-site` and renders its content and
/// pages again with `comments` in the site file, as a publisher's build
/// with comments would be: the pages carry the site file they were drawn
/// from, so changing the JSON alone would not do. (Precompressed twins are
/// removed, so nginx serves the new files.) Failing here fails only the
/// cases of this module.
pub fn prepare(temp: &Path, site: &Path) {
    let prepared = (|| -> Result<Setup> {
        let isso = std::env::var_os("BROADSHEET_ISSO")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/isso/bin/isso"));
        ensure!(
            isso.is_file(),
            "no Isso at {}: `cargo xtask setup` installs it (or set BROADSHEET_ISSO)",
            isso.display()
        );
        let copy = temp.join("comments-site");
        crate::harness::copy_dir(site, &copy)?;
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let press = std::process::Command::new(env!("CARGO"))
            .current_dir(root)
            .args([
                "run",
                "--quiet",
                "--package",
                "broadsheet-press",
                "--",
                "build",
                "--content",
            ])
            .arg(root.join("content"))
            .arg("--out")
            .arg(&copy)
            .arg("--shell")
            .arg(copy.join("shell.html"))
            .env("BROADSHEET_COMMENTS_ENDPOINT", "/comments")
            .output()?;
        ensure!(
            press.status.success(),
            "broadsheet-press could not render the comment site: {}",
            String::from_utf8_lossy(&press.stderr)
        );
        remove_twins(&copy)?;
        Ok(Setup {
            site: copy,
            temp: temp.to_path_buf(),
            isso,
        })
    })();
    let _ = SETUP.set(prepared.map_err(|e| e.0));
}

/// The key Isso keeps an article's comments under: its address without the
/// trailing slash (`links::comment_thread`), as before pages were folders.
fn thread_key(page: &str) -> &str {
    page.trim_end_matches('/')
}

/// Removes every precompressed twin (`.gz`, `.br`) under `dir`.
fn remove_twins(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_twins(&path)?;
        } else if path.extension().is_some_and(|e| e == "gz" || e == "br") {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

pub(crate) fn setup() -> Result<&'static Setup> {
    match SETUP.get() {
        Some(Ok(setup)) => Ok(setup),
        Some(Err(e)) => Err(fail(format!("the comment site was not prepared: {e}"))),
        None => Err(fail("the comment site was not prepared (harness.rs)")),
    }
}

/// One case's Isso and the nginx in front of it; both stop when dropped.
pub(crate) struct Comments {
    isso: Isso,
    nginx: Nginx,
}

struct Isso {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl Comments {
    async fn start(moderated: bool) -> Result<Comments> {
        Self::start_with(moderated, None).await
    }

    /// `start`, with the comments of the WordPress export `wxr` put into
    /// the database by `isso import` before Isso starts (comment_import.rs).
    pub(crate) async fn start_with(moderated: bool, wxr: Option<&Path>) -> Result<Comments> {
        Self::start_on(&setup()?.site, moderated, wxr).await
    }

    /// `start_with`, in front of another build of a site whose site file
    /// names `/comments` (import.rs: an imported WordPress site).
    pub(crate) async fn start_on(site: &Path, moderated: bool, wxr: Option<&Path>) -> Result<Comments> {
        let setup = setup()?;
        let n = STARTED.fetch_add(1, Ordering::SeqCst);
        let dir = setup.temp.join(format!("isso-{n}"));
        std::fs::create_dir_all(&dir)?;
        let isso = Isso::start(&setup.isso, &dir, free_port()?, moderated, wxr).await?;
        let nginx = Nginx::start_as(&dir.join("nginx"), site, Layout::WithComments(isso.port)).await?;
        Ok(Comments { isso, nginx })
    }

    pub(crate) async fn open(&self, page: &Page, path: &str) -> Result {
        page.client
            .goto(&format!("{}{path}", self.nginx.base_url()))
            .await?;
        Ok(())
    }

    /// Isso's SQLite database.
    pub(crate) fn database(&self) -> PathBuf {
        self.isso.dir.join("comments.db")
    }

    /// The article's thread, straight from Isso.
    pub(crate) async fn thread(&self, path: &str) -> Result<Vec<Value>> {
        let path = thread_key(path);
        let response = http::request(self.isso.port, "GET", &format!("/?uri={path}"), None).await?;
        ensure!(
            response.status == 200,
            "Isso answered {}: {}",
            response.status,
            response.body
        );
        let json: Value = serde_json::from_str(&response.body)?;
        Ok(json["replies"].as_array().cloned().unwrap_or_default())
    }

    /// Posts a comment straight to Isso, as another reader's browser would;
    /// gives its id.
    async fn post(&self, path: &str, comment: Value) -> Result<i64> {
        let path = thread_key(path);
        let response = http::request(
            self.isso.port,
            "POST",
            &format!("/new?uri={path}"),
            Some(&comment.to_string()),
        )
        .await?;
        ensure!(
            response.status == 201,
            "Isso answered {}: {}",
            response.status,
            response.body
        );
        let json: Value = serde_json::from_str(&response.body)?;
        json["id"]
            .as_i64()
            .ok_or_else(|| fail(format!("Isso's answer has no id: {json}")))
    }
}

impl Isso {
    async fn start(bin: &Path, dir: &Path, port: u16, moderated: bool, wxr: Option<&Path>) -> Result<Isso> {
        let conf = dir.join("isso.cfg");
        // No limits that unrelated steps could trip; author and email
        // required, as the form requires them.
        std::fs::write(
            &conf,
            format!(
                "[general]\ndbpath = {db}\nhost = http://127.0.0.1\n\
                 [moderation]\nenabled = {moderated}\n\
                 [server]\nlisten = http://127.0.0.1:{port}\n\
                 [guard]\nenabled = true\nratelimit = 100\ndirect-reply = 100\nreply-to-self = true\n\
                 require-author = true\nrequire-email = true\n",
                db = dir.join("comments.db").display(),
            ),
        )?;
        if let Some(wxr) = wxr {
            // As docs/comments.md says: in UTC, since Isso reads the export's
            // GMT dates as local time.
            let import = Command::new(bin)
                .arg("-c")
                .arg(&conf)
                .arg("import")
                .arg(wxr)
                .env("TZ", "UTC")
                .stdin(Stdio::null())
                .output()
                .await?;
            ensure!(
                import.status.success(),
                "isso import failed ({}): {}",
                import.status,
                String::from_utf8_lossy(&import.stderr)
            );
        }
        let mut isso = Isso {
            child: None,
            port,
            dir: dir.to_path_buf(),
        };
        isso.run(bin).await?;
        Ok(isso)
    }

    /// Starts (or starts again) the server, on the same port and database.
    async fn run(&mut self, bin: &Path) -> Result {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("isso.log"))?;
        let child = Command::new(bin)
            .arg("-c")
            .arg(self.dir.join("isso.cfg"))
            .arg("run")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| fail(format!("cannot start {}: {e}", bin.display())))?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                let log = std::fs::read_to_string(self.dir.join("isso.log")).unwrap_or_default();
                return Err(fail(format!("Isso exited ({status}):\n{log}")));
            }
            if let Ok(response) = http::request(self.port, "GET", "/?uri=/", None).await {
                if response.status == 200 {
                    return Ok(());
                }
            }
            ensure!(
                Instant::now() < deadline,
                "Isso did not answer on port {} within 20 s",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.start_kill();
            let _ = tokio::time::timeout(Duration::from_secs(5), child.wait()).await;
        }
    }
}

// ---------------------------------------------------------------- helpers

fn reader(comment: &str) -> Values {
    values(
        comment,
        "Ann O'Neil",
        "ann@example.org",
        "https://ann.example/blog",
    )
}

/// Opens the seed article and waits for its form and its comments' heading
/// to read `heading`.
async fn open_seed(page: &Page, comments: &Comments, heading: &str) -> Result {
    comments.open(page, SEED).await?;
    wait_for_form(page).await?;
    page.wait_for_text(HEADING, heading).await
}

async fn submit(page: &Page) -> Result {
    page.click(SUBMIT).await
}

/// The one comment's author: a link to the website, with its rel.
async fn expect_author_link(page: &Page, name: &str, href: &str) -> Result {
    let author = ".comment-list .comment-author a";
    ensure_eq!(page.texts(author).await?, vec![name.to_string()], "the author");
    ensure_eq!(
        page.attrs(author, "href").await?,
        vec![href.to_string()],
        "the author's website"
    );
    ensure_eq!(
        page.attrs(author, "rel").await?,
        vec!["nofollow ugc noopener".to_string()],
        "the website link's rel"
    );
    Ok(())
}

/// A comment as another reader posts it.
fn comment(text: &str, author: &str) -> Value {
    json!({ "text": text, "author": author, "email": "other@example.org", "website": null, "title": "Seed" })
}

// ---------------------------------------------------------------- cases

/// Typed and posted in the browser: published at once, in the list with
/// author (linked to the website), time and text; the draft is cleared;
/// after a reload it is still listed, from Isso.
async fn isso_post_is_listed_and_survives_reload(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    ensure_eq!(
        page.count(ITEMS).await?,
        0,
        "comments listed before any is posted"
    );
    let text = "Posted from the browser — with ünïcode ✓ & \"quotes\".";
    type_all(&page, &reader(text)).await?;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, PUBLISHED).await?;
    page.wait_for_text(HEADING, "1 comment").await?;
    page.wait_for_texts(TEXTS, &[text.to_string()]).await?;
    expect_author_link(&page, "Ann O'Neil", "https://ann.example/blog").await?;
    let datetime = page.attrs(".comment-list time", "datetime").await?;
    ensure!(
        datetime.len() == 1 && datetime[0].len() == 20 && datetime[0].ends_with('Z'),
        "the comment's time: {datetime:?}"
    );
    ensure_eq!(
        read_values(&page).await?[0],
        "",
        "the comment field after publishing"
    );

    let stored = comments.thread(SEED).await?;
    ensure_eq!(stored.len(), 1, "comments Isso holds");
    ensure_eq!(stored[0]["author"], json!("Ann O'Neil"), "the author Isso holds");
    ensure_eq!(
        stored[0]["website"],
        json!("https://ann.example/blog"),
        "the website Isso holds"
    );

    page.client.refresh().await?;
    wait_for_form(&page).await?;
    page.wait_for_text(HEADING, "1 comment").await?;
    page.wait_for_texts(TEXTS, &[text.to_string()]).await?;
    ensure_eq!(
        read_values(&page).await?[0],
        "",
        "the comment field after a reload"
    );
    page.expect_no_console_errors().await
}

/// Moderation on: Isso answers 202; the reader is told the comment awaits
/// moderation, it is not listed, and the draft is cleared.
async fn isso_moderation_holds_the_comment(page: Page, _content: Content) -> Result {
    let comments = Comments::start(true).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    type_all(&page, &reader("Please approve me.")).await?;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, MODERATED).await?;
    ensure_eq!(page.text_of(HEADING).await?, "No comments yet", "the heading");
    ensure_eq!(page.count(ITEMS).await?, 0, "comments listed");
    ensure_eq!(comments.thread(SEED).await?.len(), 0, "comments Isso lists");
    page.client.refresh().await?;
    open_seed(&page, &comments, "No comments yet").await?;
    ensure_eq!(
        read_values(&page).await?[0],
        "",
        "the comment field after a reload"
    );
    Ok(())
}

/// Isso stopped after the page loaded: the post fails with the message,
/// and the draft survives a reload. The article still shows, with a quiet
/// error and Retry in place of the comments; once Isso is back, Retry lists
/// them and the same draft posts.
async fn isso_stopped_keeps_the_draft(page: Page, _content: Content) -> Result {
    let mut comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    let typed = reader("Written while the server goes away.");
    type_all(&page, &typed).await?;
    comments.isso.stop().await;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, FAILED).await?;
    wait_for_values(&page, &typed, "after the failed post").await?;

    page.client.refresh().await?;
    wait_for_form(&page).await?;
    page.wait_for(ARTICLE_H1).await?;
    wait_for_values(&page, &typed, "after a reload").await?;
    page.wait_for(&format!("{THREAD_ERROR} button")).await?;
    ensure_eq!(
        page.text_of(HEADING).await?,
        "Comments",
        "the heading without the server"
    );

    comments.isso.run(&setup()?.isso).await?;
    page.click(&format!("{THREAD_ERROR} button")).await?;
    page.wait_for_text(HEADING, "No comments yet").await?;
    submit(&page).await?;
    page.wait_for_text(OUTCOME, PUBLISHED).await?;
    page.wait_for_texts(TEXTS, &[typed[0].clone()]).await?;
    Ok(())
}

/// A comment written to attack readers, posted straight to Isso: its
/// script and image show as text and nothing runs; the author's markup is
/// text too; only an http(s) website is a link.
async fn isso_hostile_comment_renders_as_text(page: Page, _content: Content) -> Result {
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
async fn isso_count_and_replies(page: Page, _content: Content) -> Result {
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
async fn isso_reply_from_the_browser(page: Page, _content: Content) -> Result {
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

/// Two clicks before the first post is answered post one comment.
async fn isso_double_click_posts_once(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    type_all(&page, &reader("Only once, please.")).await?;
    page.js(
        "const b = document.querySelector(arguments[0]); b.click(); b.click();",
        vec![json!(SUBMIT)],
    )
    .await?;
    page.wait_for_text(OUTCOME, PUBLISHED).await?;
    // Time for a second post to arrive, had one been sent.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    ensure_eq!(comments.thread(SEED).await?.len(), 1, "comments Isso holds");
    ensure_eq!(page.count(ITEMS).await?, 1, "comments listed");
    page.wait_for_text(HEADING, "1 comment").await
}

/// Isso refuses a two-character comment: its reason, in plain words, and
/// the draft is kept.
async fn isso_refusal_in_plain_words(page: Page, _content: Content) -> Result {
    let comments = Comments::start(false).await?;
    open_seed(&page, &comments, "No comments yet").await?;
    let typed = reader("ok");
    type_all(&page, &typed).await?;
    submit(&page).await?;
    let said = page
        .wait_until("the post's outcome", || async {
            let t = page.text_of(OUTCOME).await?;
            Ok((!t.is_empty()).then_some(t))
        })
        .await?;
    ensure_eq!(
        said,
        "Your comment was not posted: it is too short; please write at least 3 characters. Your draft is saved.",
        "the refusal"
    );
    page.client.refresh().await?;
    wait_for_form(&page).await?;
    wait_for_values(&page, &typed, "after a reload").await
}

/// A comment server that takes the connection and never answers: the
/// article and the form show at once, the comments show they are loading,
/// and after the app's timeout (10 s) give way to the quiet error with Retry.
async fn isso_silent_server_never_holds_up_the_article(page: Page, _content: Content) -> Result {
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
