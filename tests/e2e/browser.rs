//! Chromium through chromedriver: starting the driver, one fresh session per
//! case, and the waits and reads the cases are written with. The app renders
//! asynchronously, so every read of the page waits for what it expects.

use crate::check::{fail, Error, Result};
use crate::http;
use crate::server::free_port;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::fmt::Display;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long a wait for the page lasts before the case fails.
pub const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it is ready.
    /// Its browsers see only the pinned fonts of tests/fonts.conf.
    pub async fn start(log: &Path) -> Result<Driver> {
        let port = free_port()?;
        let fonts = pinned_fonts()?;
        let child = Command::new(CHROMEDRIVER)
            .env("FONTCONFIG_FILE", fonts)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| fail(format!("cannot start {CHROMEDRIVER}: {e}")))?;
        let mut driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(fail(format!(
                    "chromedriver exited ({status}); see {}",
                    log.display()
                )));
            }
            if let Ok(response) = http::request(port, "GET", "/status", None).await {
                let ready = serde_json::from_str::<Value>(&response.body)
                    .ok()
                    .and_then(|v| v.pointer("/value/ready").and_then(Value::as_bool));
                if response.status == 200 && ready == Some(true) {
                    return Ok(driver);
                }
            }
            if Instant::now() > deadline {
                driver.stop().await;
                return Err(fail("chromedriver did not become ready within 15 s"));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// A new browser with its own profile in `profile`.
    pub async fn session(&self, profile: &Path) -> Result<Client> {
        session(self.port, profile, None).await
    }

    /// Asks chromedriver to quit (closing any browser left over), then makes
    /// sure it has.
    pub async fn stop(&mut self) {
        let _ = http::request(self.port, "GET", "/shutdown", None).await;
        if tokio::time::timeout(Duration::from_secs(3), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.start_kill();
            let _ = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
        }
    }
}

/// tests/fonts.conf, the fonts every test browser sees: DejaVu alone, so
/// pages lay out the same on every machine. Fails, saying what to install,
/// when DejaVu is missing.
pub fn pinned_fonts() -> Result<PathBuf> {
    const DEJAVU: &str = "/usr/share/fonts/truetype/dejavu";
    let needed = [
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSans.ttf",
    ];
    if let Some(missing) = needed.iter().find(|f| !Path::new(DEJAVU).join(f).is_file()) {
        return Err(fail(format!(
            "{DEJAVU}/{missing} is missing: the tests render with DejaVu alone \
             (apt-get install fonts-dejavu-core fonts-dejavu-extra, or `cargo xtask setup`)"
        )));
    }
    Ok(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fonts.conf"))
}

/// A new browser through the chromedriver on `port`, with its profile in
/// `profile` (a profile used before keeps its site data), and with Chrome
/// preferences `prefs` (`goog:chromeOptions.prefs`) if given.
pub async fn session(port: u16, profile: &Path, prefs: Option<&Value>) -> Result<Client> {
    let mut options = json!({
        "binary": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1280,900",
            format!("--user-data-dir={}", profile.display()),
        ],
    });
    if let Some(prefs) = prefs {
        options["prefs"] = prefs.clone();
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), options);
    capabilities.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    let client = ClientBuilder::rustls()?
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await?;
    Ok(client)
}

/// Every browser session a case has had, so the harness can close them all
/// when the case ends, whatever it did.
#[derive(Clone, Default)]
pub struct Sessions(Arc<Mutex<Vec<Client>>>);

impl Sessions {
    fn add(&self, client: Client) {
        if let Ok(mut clients) = self.0.lock() {
            clients.push(client);
        }
    }

    /// Closes every session (one already closed just answers with an error).
    pub async fn close_all(&self) {
        let clients = self
            .0
            .lock()
            .map(|mut c| std::mem::take(&mut *c))
            .unwrap_or_default();
        for client in clients {
            let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        }
    }
}

/// One browser session, pointed at the served site.
pub struct Page {
    pub client: Client,
    base: String,
    driver_port: u16,
    /// The browser's profile folder, kept across `relaunch`.
    profile: PathBuf,
    sessions: Sessions,
}

impl Page {
    pub fn new(client: Client, base: String, driver_port: u16, profile: PathBuf) -> Self {
        let sessions = Sessions::default();
        sessions.add(client.clone());
        Page {
            client,
            base,
            driver_port,
            profile,
            sessions,
        }
    }

    /// The sessions of this page and of every page relaunched from it.
    pub fn sessions(&self) -> Sessions {
        self.sessions.clone()
    }

    /// Closes this browser, as a reader quitting it would (if closing its
    /// last window has not ended it already), and starts a new one on the
    /// same profile folder, so with the same site data; with Chrome
    /// preferences `prefs` if given.
    pub async fn relaunch(self, prefs: Option<Value>) -> Result<Page> {
        // An error here means the session had already ended.
        let _ = tokio::time::timeout(Duration::from_secs(20), self.client.clone().close())
            .await
            .map_err(|_| fail("the browser did not close within 20 s"))?;
        let client = tokio::time::timeout(
            Duration::from_secs(30),
            session(self.driver_port, &self.profile, prefs.as_ref()),
        )
        .await
        .map_err(|_| fail("the browser did not start again within 30 s"))?
        .map_err(|e| fail(format!("the browser did not start again: {}", e.0)))?;
        self.sessions.add(client.clone());
        Ok(Page { client, ..self })
    }

    /// The site's address: `http://127.0.0.1:PORT`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Loads a path of the site, as typing it into the address bar would.
    /// Opens `path` and waits until the app has taken the page over (or
    /// drawn it: `<html data-app>`), so that what a test does next meets
    /// the app, not only the page's HTML.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.open_without_app(path).await?;
        self.wait_for_app(path).await?;
        Ok(())
    }

    /// Waits until the app has taken over the page loaded for `path`, or
    /// drawn it (`<html data-app>`). Until then the page's HTML is what a
    /// test sees, and at an address its page was not rendered for (the
    /// not-found page at an unknown article) the app then replaces it.
    /// Returns how it started (`app_started`).
    pub async fn wait_for_app(&self, path: &str) -> Result<String> {
        self.wait_until(format!("the app to start at {path}"), || async {
            Ok(self.app_started().await?.as_str().map(str::to_string))
        })
        .await
    }

    /// How the app started (`<html data-app>`): `"took-over"` the page
    /// rendered at build time, `"drew"` it afresh, or null (not yet).
    pub async fn app_started(&self) -> Result<Value> {
        self.js("return document.documentElement.dataset.app || null;", vec![])
            .await
    }

    /// Goes to `path` in the app, by a link followed from the not-found page
    /// (which carries only the site file): the view then loads its content
    /// files as the app does, rather than taking them from a page rendered
    /// at build time. For tests of content that fails to load.
    pub async fn open_in_app(&self, path: &str) -> Result<()> {
        self.open("/no/such/page/").await?;
        self.js(
            "const a = document.createElement('a');
             a.href = arguments[0];
             document.body.append(a);
             a.click();
             a.remove();",
            vec![Value::String(format!("{}{}", self.base, path))],
        )
        .await?;
        self.wait_for_location(path).await
    }

    /// Opens `path` without waiting for the app: for pages read as HTML,
    /// with JavaScript off or the wasm blocked.
    pub async fn open_without_app(&self, path: &str) -> Result<()> {
        self.client.goto(&format!("{}{}", self.base, path)).await?;
        Ok(())
    }

    /// Runs a script in the page (`arguments[0]`… are `args`).
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// Path and query of the current page: `/world?page=2`.
    pub async fn location(&self) -> Result<String> {
        let v = self
            .js("return location.pathname + location.search;", vec![])
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub async fn title(&self) -> Result<String> {
        let v = self.js("return document.title;", vec![]).await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Polls `probe` until it gives a value; after `WAIT`, fails naming `what`
    /// and where the browser is.
    pub async fn wait_until<T, F, Fut>(&self, what: impl Display, mut probe: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + WAIT;
        let mut last_error = None;
        loop {
            match probe().await {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) => last_error = Some(e),
            }
            if Instant::now() > deadline {
                return Err(self.timed_out(what, last_error).await);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    async fn timed_out(&self, what: impl Display, last_error: Option<Error>) -> Error {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("(unknown: {e})"),
        };
        let shown = self
            .js(
                "const m = document.querySelector('main') || document.body; return m ? m.innerText : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s.chars().take(400).collect::<String>()))
            .unwrap_or_default();
        let title = self.title().await.unwrap_or_default();
        let mut message = format!(
            "timed out after {} s waiting for {what}\n    at {url}, titled {title:?}\n    page shows: {shown:?}",
            WAIT.as_secs(),
        );
        if let Some(e) = last_error {
            message.push_str(&format!("\n    last error: {}", e.0));
        }
        Error(message)
    }

    /// Text of every element matching `css`, whitespace collapsed.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]))
                    .map(e => (e.textContent || '').replace(/\\s+/g, ' ').trim());",
                vec![json!(css)],
            )
            .await?;
        Ok(strings(&v))
    }

    /// An attribute of every element matching `css` (`""` where it is absent).
    pub async fn attrs(&self, css: &str, name: &str) -> Result<Vec<String>> {
        let v = self
            .js(
                "return Array.from(document.querySelectorAll(arguments[0]))
                    .map(e => e.getAttribute(arguments[1]) || '');",
                vec![json!(css), json!(name)],
            )
            .await?;
        Ok(strings(&v))
    }

    pub async fn count(&self, css: &str) -> Result<usize> {
        let v = self
            .js(
                "return document.querySelectorAll(arguments[0]).length;",
                vec![json!(css)],
            )
            .await?;
        Ok(v.as_u64().unwrap_or(0) as usize)
    }

    /// Waits until an element matches `css`.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        self.wait_until(format!("an element matching `{css}`"), move || async move {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => Ok(Some(element)),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) -> Result<()> {
        self.wait_until(format!("`{css}` to go away"), move || async move {
            Ok((self.count(css).await? == 0).then_some(()))
        })
        .await
    }

    /// Waits until the first element matching `css` has exactly this text.
    pub async fn wait_for_text(&self, css: &str, text: &str) -> Result<()> {
        let text = &crate::content::squash(text);
        self.wait_until(format!("`{css}` to read {text:?}"), move || async move {
            Ok(self
                .texts(css)
                .await?
                .first()
                .is_some_and(|t| t == text)
                .then_some(()))
        })
        .await
    }

    /// Waits until an element matches `css`, then gives its text.
    pub async fn text_of(&self, css: &str) -> Result<String> {
        self.wait_until(format!("an element matching `{css}`"), move || async move {
            Ok(self.texts(css).await?.into_iter().next())
        })
        .await
    }

    /// Waits until the elements matching `css` have exactly these texts, in
    /// this order.
    pub async fn wait_for_texts(&self, css: &str, expected: &[String]) -> Result<()> {
        let expected: &Vec<String> = &expected.iter().map(|t| crate::content::squash(t)).collect();
        let waited = self
            .wait_until(format!("`{css}` to read {expected:?}"), move || async move {
                Ok((self.texts(css).await? == *expected).then_some(()))
            })
            .await;
        match waited {
            Ok(()) => Ok(()),
            Err(e) => Err(e.and(self.texts(css).await.unwrap_or_default())),
        }
    }

    /// Waits until the elements matching `css` have exactly these values of
    /// attribute `name`, in this order.
    pub async fn wait_for_attrs(&self, css: &str, name: &str, expected: &[String]) -> Result<()> {
        let waited = self
            .wait_until(
                format!("`{css}` to have {name} {expected:?}"),
                move || async move { Ok((self.attrs(css, name).await? == expected).then_some(())) },
            )
            .await;
        match waited {
            Ok(()) => Ok(()),
            Err(e) => Err(e.and(self.attrs(css, name).await.unwrap_or_default())),
        }
    }

    pub async fn wait_for_title(&self, title: &str) -> Result<()> {
        self.wait_until(format!("the title {title:?}"), move || async move {
            Ok((self.title().await? == title).then_some(()))
        })
        .await
    }

    pub async fn wait_for_location(&self, path: &str) -> Result<()> {
        self.wait_until(format!("the address {path:?}"), move || async move {
            Ok((self.location().await? == path).then_some(()))
        })
        .await
    }

    /// Clicks the element matching `css`, as a reader would.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.wait_for(css).await?.click().await?;
        Ok(())
    }

    /// Moves the mouse onto the element matching `css`, and leaves it there.
    pub async fn hover(&self, css: &str) -> Result<()> {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let element = self.wait_for(css).await?;
        let moves = MouseActions::new("mouse".to_string()).then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0,
            y: 0,
        });
        self.client.perform_actions(moves).await?;
        Ok(())
    }

    /// Clicks the link under `scope` whose text is `text`.
    pub async fn click_link(&self, scope: &str, text: &str) -> Result<()> {
        let css = format!("{scope} a");
        let css = css.as_str();
        let link = self
            .wait_until(format!("a link {text:?} in `{scope}`"), move || async move {
                for link in self.client.find_all(Locator::Css(css)).await? {
                    if link
                        .text()
                        .await?
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        == text
                    {
                        return Ok(Some(link));
                    }
                }
                Ok(None)
            })
            .await?;
        link.click().await?;
        Ok(())
    }

    /// Marks the current document. The mark survives in-app navigation and
    /// is gone after a full page load.
    pub async fn set_marker(&self) -> Result<()> {
        self.js("window.__e2eMarker = 1;", vec![]).await?;
        Ok(())
    }

    pub async fn has_marker(&self) -> Result<bool> {
        Ok(self.js("return window.__e2eMarker === 1;", vec![]).await? == json!(true))
    }

    /// Requests this document has made for resources whose URL contains
    /// `part` (fetches of content files among them).
    pub async fn requests_to(&self, part: &str) -> Result<Vec<String>> {
        let v = self
            .js(
                "return performance.getEntriesByType('resource')
                    .map(e => e.name).filter(n => n.includes(arguments[0]));",
                vec![json!(part)],
            )
            .await?;
        Ok(strings(&v))
    }

    /// The browser's console log since the last call, from chromedriver's
    /// log endpoint (fantoccini has no method for it).
    pub async fn browser_log(&self) -> Result<Vec<Value>> {
        let value = self
            .session_command("se/log", json!({ "type": "browser" }))
            .await?;
        Ok(value.as_array().cloned().unwrap_or_default())
    }

    /// Fails if the console holds errors: a panic shows there (as
    /// "panicked", or as "RuntimeError: unreachable" with `panic=immediate-abort`).
    pub async fn expect_no_console_errors(&self) -> Result<()> {
        self.expect_no_console_errors_but(&[]).await
    }

    /// As `expect_no_console_errors`, but errors whose message contains one
    /// of `expected` (such as the browser's own note of a 404) are allowed.
    pub async fn expect_no_console_errors_but(&self, expected: &[&str]) -> Result<()> {
        let errors: Vec<String> = self
            .browser_log()
            .await?
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            .filter(|message| !expected.iter().any(|e| message.contains(e)))
            .collect();
        ensure!(errors.is_empty(), "the console has errors: {errors:#?}");
        Ok(())
    }

    /// Takes the browser off the network, or puts it back, through
    /// chromedriver's network conditions.
    pub async fn set_offline(&self, offline: bool) -> Result<()> {
        self.network_conditions(offline, 0).await
    }

    /// Delays every request by `latency_ms`.
    pub async fn set_latency(&self, latency_ms: u64) -> Result<()> {
        self.network_conditions(false, latency_ms).await
    }

    async fn network_conditions(&self, offline: bool, latency_ms: u64) -> Result<()> {
        let conditions = json!({
            "network_conditions": {
                "offline": offline,
                "latency": latency_ms,
                "download_throughput": 10_000_000,
                "upload_throughput": 10_000_000,
            }
        });
        self.session_command("chromium/network_conditions", conditions)
            .await?;
        Ok(())
    }

    /// Runs `source` in every document the browser loads from now on,
    /// before any script of the page; gives the script's CDP identifier.
    pub async fn before_every_document(&self, source: &str) -> Result<Value> {
        let added = self
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            )
            .await?;
        Ok(added["identifier"].clone())
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, command: &str, params: Value) -> Result<Value> {
        self.session_command("goog/cdp/execute", json!({ "cmd": command, "params": params }))
            .await
    }

    async fn session_command(&self, command: &str, body: Value) -> Result<Value> {
        let id = self
            .client
            .session_id()
            .await?
            .ok_or_else(|| fail("the browser session has no id"))?;
        let path = format!("/session/{id}/{command}");
        let response = http::request(self.driver_port, "POST", &path, Some(&body.to_string())).await?;
        let value: Value = serde_json::from_str(&response.body).map_err(|e| {
            fail(format!(
                "POST {path}: answer is not JSON ({e}): {}",
                response.body
            ))
        })?;
        ensure!(
            response.status == 200,
            "POST {path} answered {}: {}",
            response.status,
            value
                .pointer("/value/message")
                .and_then(Value::as_str)
                .unwrap_or(&response.body)
        );
        Ok(value.get("value").cloned().unwrap_or(Value::Null))
    }
}

/// The strings of a JSON array (anything else as empty strings).
pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}
