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
use crate::comments::{values, wait_for_form, Values, SEED, SUBMIT};
use crate::http;
use crate::server::{free_port, Layout, Nginx};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

mod posting;
mod thread;
use posting::{
    isso_double_click_posts_once, isso_moderation_holds_the_comment, isso_post_is_listed_and_survives_reload,
    isso_refusal_in_plain_words, isso_stopped_keeps_the_draft,
};
use thread::{
    isso_count_and_replies, isso_hostile_comment_renders_as_text, isso_reply_from_the_browser,
    isso_silent_server_never_holds_up_the_article,
};

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
