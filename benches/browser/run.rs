//! The measurements; report.rs makes the table.

use crate::browser::{Driver, Page};
use crate::check::{fail, Result};
use crate::content::Content;
use crate::in_app::{big_section, journey, largest_first_page};
use crate::report::print_report;
use crate::server::{Layout, Nginx};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Records paints, shifts, long tasks, the app's start and navigations in
/// every page.
const OBSERVE: &str = include_str!("observe.js");

/// Lighthouse's mobile ("slow 4G") profile: 150 ms round trip, 1.6 Mbit/s
/// down, 750 kbit/s up, a CPU four times slower. The latency is added to
/// each request by Chromium's network emulation.
pub const LATENCY_MS: u32 = 150;
pub const DOWN_KBIT: f64 = 1.6 * 1024.0;
pub const UP_KBIT: f64 = 750.0;
pub const CPU_SLOWDOWN: u32 = 4;

/// A first visit is over when nothing new has loaded or painted for this long.
const SETTLE: Duration = Duration::from_secs(1);
/// How long the mouse rests on a link before the click, in the navigations
/// that say so: about a reader's time from pointing to pressing.
pub const HOVER: Duration = Duration::from_millis(300);

/// How much later than the rest the fonts arrive in the late-font visits.
pub const FONT_DELAY_MS: u32 = 3000;

#[derive(Clone, Copy, PartialEq)]
pub enum Net {
    Unthrottled,
    Throttled,
}

impl Net {
    pub fn name(self) -> &'static str {
        match self {
            Net::Unthrottled => "unthrottled",
            Net::Throttled => "throttled",
        }
    }
}

pub const BOTH: [Net; 2] = [Net::Unthrottled, Net::Throttled];

pub fn main() -> ExitCode {
    let mut runs = 7;
    let mut search_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        // `cargo bench` adds `--bench`.
        if arg == "--search-only" {
            search_only = true;
        } else if arg == "--runs" {
            match args.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0) {
                Some(n) => runs = n,
                None => {
                    eprintln!("bench: --runs needs a whole number above 0");
                    return ExitCode::from(2);
                }
            }
        }
    }
    let dist = |var: &str| match std::env::var_os(var).map(PathBuf::from) {
        Some(dir) if dir.join("index.html").is_file() => Some(dir),
        _ => {
            eprintln!(
                "bench: {var} must name a release build of the site; `cargo xtask bench` builds both and sets them"
            );
            None
        }
    };
    let Some(site) = dist("BROADSHEET_BENCH_DIST") else {
        return ExitCode::FAILURE;
    };
    let synth = if search_only {
        None
    } else {
        match dist("BROADSHEET_BENCH_DIST_SYNTH") {
            Some(synth) => Some(synth),
            None => return ExitCode::FAILURE,
        }
    };
    // The search site has no home page rendered, only the search page.
    let search = match std::env::var_os("BROADSHEET_BENCH_DIST_SEARCH").map(PathBuf::from) {
        Some(dir) if dir.join("search/index.html").is_file() => Some(dir),
        Some(dir) => {
            eprintln!(
                "bench: BROADSHEET_BENCH_DIST_SEARCH ({}) has no search/index.html",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
        None if search_only => {
            eprintln!("bench: --search-only needs BROADSHEET_BENCH_DIST_SEARCH; `cargo xtask bench` sets it");
            return ExitCode::FAILURE;
        }
        None => None,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bench: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(bench(&site, synth.as_deref(), search.as_deref(), runs)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {}", e.0);
            ExitCode::FAILURE
        }
    }
}

/// Measures the sample (with `synth`, the synthetic archive), then search
/// on `search`'s site, if given.
async fn bench(site: &Path, synth: Option<&Path>, search: Option<&Path>, runs: usize) -> Result<()> {
    let work = site.parent().unwrap_or(site).join("run");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    // On an error, dropping these stops them.
    // Over plain HTTP/1.1 for the measurements and one Lighthouse audit, and,
    // when Lighthouse audits, over HTTPS with HTTP/2 for another (a
    // certificate made for this run).
    let lighthouse = std::env::var_os("BROADSHEET_BENCH_LIGHTHOUSE");
    let mut nginx = if lighthouse.is_some() {
        let tls = work.join("tls");
        crate::server::self_signed_certificate(&tls)?;
        Nginx::start_as(&work.join("nginx"), site, Layout::ShippedTls(&tls)).await?
    } else {
        Nginx::start(&work.join("nginx"), site).await?
    };
    let reports_dir = lighthouse_reports(site);
    let mut nginx_synth = match synth {
        Some(synth) => Some(Nginx::start(&work.join("nginx-synth"), synth).await?),
        None => None,
    };
    let mut nginx_search = match search {
        Some(search) => Some(Nginx::start(&work.join("nginx-search"), search).await?),
        None => None,
    };
    let mut driver = Driver::start(&work.join("chromedriver.log")).await?;
    let bench = Bench {
        driver: &driver,
        work: work.clone(),
        runs,
        next_profile: std::sync::atomic::AtomicUsize::new(0),
    };
    let measured = async {
        let mut main = None;
        if let (Some(synth), Some(server)) = (synth, &nginx_synth) {
            let load_before = load_average();
            let started = Instant::now();
            let figures = bench
                .measure(
                    &nginx.base_url(),
                    &Content::new(site),
                    &server.base_url(),
                    &Content::new(synth),
                )
                .await?;
            let mut audited = Vec::new();
            if let Some(cli) = &lighthouse {
                let bases = [Some(nginx.base_url()), nginx.tls_base_url()];
                for base in bases.into_iter().flatten() {
                    let reports = crate::lighthouse::measure(
                        Path::new(cli),
                        &base,
                        &["/", &figures.article_path],
                        runs,
                        &reports_dir,
                    )?;
                    audited.push((base, reports));
                }
            }
            main = Some((figures, audited, load_before, load_average(), started.elapsed()));
        }
        let mut searched = None;
        if let Some(server) = &nginx_search {
            let load_before = load_average();
            let started = Instant::now();
            let figures = crate::search::measure(&bench, &server.base_url(), runs).await?;
            searched = Some((figures, load_before, load_average(), started.elapsed()));
        }
        Ok::<_, crate::check::Error>((main, searched))
    }
    .await;
    driver.stop().await;
    if let Some(server) = &mut nginx_search {
        server.stop().await;
    }
    if let Some(server) = &mut nginx_synth {
        server.stop().await;
    }
    nginx.stop().await;
    let (main, searched) = measured?;
    let _ = std::fs::remove_dir_all(&work);
    if let Some((figures, audited, before, after, took)) = &main {
        print_report(figures, runs, before, after, *took);
        for (base, reports) in audited {
            crate::lighthouse::print(base, reports, &reports_dir);
        }
    }
    if let Some((figures, before, after, took)) = &searched {
        crate::search::print(figures, runs, before, after, *took);
    }
    Ok(())
}

/// Where the last Lighthouse report of each page stays: beside the build.
fn lighthouse_reports(site: &Path) -> PathBuf {
    site.parent().unwrap_or(site).join("lighthouse")
}

pub struct Bench<'a> {
    driver: &'a Driver,
    work: PathBuf,
    runs: usize,
    next_profile: std::sync::atomic::AtomicUsize,
}

/// One browser with a fresh profile (so an empty cache).
pub struct Session {
    pub page: Page,
    profile: PathBuf,
}

impl Session {
    pub async fn end(self) {
        self.page.sessions().close_all().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// What a view must show to count as there: each `(css, text, count)` has
/// at least `count` matches, the first reading `text` (any, if empty).
pub type Ready = Vec<(String, String, usize)>;

pub fn ready(conditions: &[(&str, &str, usize)]) -> Ready {
    conditions
        .iter()
        .map(|(css, text, count)| (css.to_string(), text.to_string(), *count))
        .collect()
}

/// Everything measured: one JSON value per run; `[unthrottled, throttled]`.
pub struct Figures {
    pub chromium: String,
    pub home: [Vec<Value>; 2],
    pub article: [Vec<Value>; 2],
    pub article_path: String,
    /// First visits to the article typing into the comment form from the
    /// start (`typeFromStart` in observe.js).
    pub form: [Vec<Value>; 2],
    pub journey: [Vec<Value>; 2],
    pub section_names: [String; 2],
    pub big: [Vec<Value>; 2],
    pub big_count: usize,
    /// First visits to the article, throttled, with the fonts arriving late.
    pub late_fonts: Vec<Value>,
}

impl Bench<'_> {
    async fn measure(
        &self,
        base: &str,
        content: &Content,
        synth_base: &str,
        synth: &Content,
    ) -> Result<Figures> {
        let lead = content.front()?["lead"].clone();
        let (section, slug) = (text(&lead, "/section")?, text(&lead, "/slug")?);
        // Each page's one address (model/src/routes.rs): in a folder of its
        // own, so with the slash (without it, nginx would redirect first).
        let article_path = format!("/{section}/{slug}/");
        let home_ready = ready(&[(".front .card-headline a", "", 1)]);
        let article_ready = ready(&[(".article-head h1", &text(&lead, "/headline")?, 1)]);
        let site = content.site()?;
        let section = |i: usize| -> Result<(String, String)> {
            let s = &site["sections"][i];
            Ok((text(s, "/slug")?, text(s, "/name")?))
        };
        let sections = [section(0)?, section(1)?];
        let (big_slug, big_name, big_count) = largest_first_page(synth)?;

        let mut f = Figures {
            chromium: String::new(),
            home: Default::default(),
            article: Default::default(),
            article_path: article_path.clone(),
            form: Default::default(),
            journey: Default::default(),
            section_names: [sections[0].1.clone(), sections[1].1.clone()],
            big: Default::default(),
            big_count,
            late_fonts: Vec::new(),
        };
        for (i, net) in BOTH.into_iter().enumerate() {
            for run in 0..self.runs {
                progress(&format!("first visits, {}, run {}", net.name(), run + 1));
                f.home[i].push(self.first_visit(base, "/", &home_ready, net).await?);
                f.article[i].push(self.first_visit(base, &article_path, &article_ready, net).await?);
            }
        }
        for (i, net) in BOTH.into_iter().enumerate() {
            for run in 0..self.runs {
                progress(&format!(
                    "first visits typing into the comment form, {}, run {}",
                    net.name(),
                    run + 1
                ));
                let s = self.start(base, net).await?;
                let measured = async {
                    s.page
                        .cdp(
                            "Page.addScriptToEvaluateOnNewDocument",
                            json!({ "source": "window.__bench.typeFromStart();" }),
                        )
                        .await?;
                    type_from_start(&s.page, &article_path).await
                }
                .await;
                s.end().await;
                f.form[i].push(measured?);
            }
        }
        for run in 0..self.runs {
            progress(&format!("first visits, throttled, fonts late, run {}", run + 1));
            let s = self.start(base, Net::Throttled).await?;
            let measured = async {
                delay_fonts(&s.page, base).await?;
                visit(&s.page, &article_path, &article_ready).await
            }
            .await;
            s.end().await;
            f.late_fonts.push(measured?);
        }
        for (i, net) in BOTH.into_iter().enumerate() {
            for run in 0..self.runs {
                progress(&format!(
                    "home → section → article, {}, run {}",
                    net.name(),
                    run + 1
                ));
                let s = self.start(base, net).await?;
                let measured = journey(&s.page, &home_ready, &sections, net).await;
                if f.chromium.is_empty() {
                    f.chromium = s
                        .page
                        .js("return navigator.userAgent;", vec![])
                        .await?
                        .to_string();
                }
                s.end().await;
                f.journey[i].push(measured?);
            }
        }
        let big_ready = ready(&[
            ("main h1", &big_name, 1),
            (".section-page .story-list > li", "", big_count),
        ]);
        let big_file = format!("content/sections/{big_slug}/1.json");
        for (i, net) in BOTH.into_iter().enumerate() {
            for run in 0..self.runs {
                progress(&format!("{big_count} summaries, {}, run {}", net.name(), run + 1));
                let s = self.start(synth_base, net).await?;
                let measured = big_section(&s.page, &home_ready, &big_slug, &big_ready, &big_file).await;
                s.end().await;
                f.big[i].push(measured?);
            }
        }
        eprintln!();
        Ok(f)
    }

    /// A new browser with a fresh profile, the observers installed and the
    /// network and CPU as `net` says.
    pub async fn start(&self, base: &str, net: Net) -> Result<Session> {
        let n = self
            .next_profile
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let profile = self.work.join(format!("profile-{n}"));
        std::fs::create_dir_all(&profile)?;
        let client = tokio::time::timeout(Duration::from_secs(30), self.driver.session(&profile))
            .await
            .map_err(|_| fail("the browser did not start within 30 s"))??;
        let session = Session {
            page: Page::new(client, base.to_string(), self.driver.port, profile.clone()),
            profile,
        };
        if let Err(e) = setup(&session.page, net).await {
            session.end().await;
            return Err(e);
        }
        Ok(session)
    }

    /// A first visit to `path`: paints, shifts, long tasks, the app's start
    /// and requests.
    async fn first_visit(&self, base: &str, path: &str, ready: &Ready, net: Net) -> Result<Value> {
        let s = self.start(base, net).await?;
        let measured = visit(&s.page, path, ready).await;
        s.end().await;
        measured
    }
}

/// Opens `path` (which waits for the app to start) and measures it once it
/// shows `ready` and has settled.
async fn visit(page: &Page, path: &str, ready: &Ready) -> Result<Value> {
    page.open(path).await?;
    wait_ready(page, ready).await?;
    settle(page).await?;
    page.js(
        "const m = window.__bench;
         return { fcp: m.fcp, lcp: m.lcp, lcpTag: m.lcpTag, cls: m.cls, shifts: m.shifts,
                  shifted: m.shifted, tasks: m.tasks, longest: m.longest, app: m.app,
                  requests: m.requests() };",
        vec![],
    )
    .await
}

/// Opens the article at `path` in a page typing into its comment form from
/// the start, and waits until the form's character count has answered:
/// `{ app, form: { typed, responded } }`.
async fn type_from_start(page: &Page, path: &str) -> Result<Value> {
    page.open(path).await?;
    page.wait_until("the comment form's count to follow the typing", || async {
        let form = page.js("return window.__bench.form;", vec![]).await?;
        Ok(form["responded"].is_number().then_some(form))
    })
    .await?;
    page.js(
        "const m = window.__bench; return { app: m.app, form: m.form, fcp: m.fcp };",
        vec![],
    )
    .await
}

/// On the throttled profile, the site's fonts arrive `FONT_DELAY_MS` later
/// than everything else.
async fn delay_fonts(page: &Page, base: &str) -> Result<()> {
    let bytes_per_s = |kbit: f64| kbit * 1024.0 / 8.0;
    let conditions = |pattern: String, latency: u32| {
        json!({
            "urlPattern": pattern,
            "latency": latency,
            "downloadThroughput": bytes_per_s(DOWN_KBIT),
            "uploadThroughput": bytes_per_s(UP_KBIT),
        })
    };
    page.cdp(
        "Network.emulateNetworkConditionsByRule",
        json!({ "matchedNetworkConditions": [
            conditions(format!("{}/fonts/*", base.trim_end_matches('/')), LATENCY_MS + FONT_DELAY_MS),
            conditions(String::new(), LATENCY_MS),
        ] }),
    )
    .await?;
    Ok(())
}

async fn setup(page: &Page, net: Net) -> Result<()> {
    page.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": OBSERVE }),
    )
    .await?;
    if net == Net::Throttled {
        let bytes_per_s = |kbit: f64| kbit * 1024.0 / 8.0;
        page.cdp("Network.enable", json!({})).await?;
        page.cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": LATENCY_MS,
                "downloadThroughput": bytes_per_s(DOWN_KBIT),
                "uploadThroughput": bytes_per_s(UP_KBIT),
            }),
        )
        .await?;
        page.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": CPU_SLOWDOWN }))
            .await?;
    }
    Ok(())
}

pub async fn wait_ready(page: &Page, ready: &Ready) -> Result<()> {
    let conditions = json!(ready);
    page.wait_until(format!("the view to show {ready:?}"), || async {
        let holds = page
            .js(
                "return window.__bench.holds(arguments[0]);",
                vec![conditions.clone()],
            )
            .await?;
        Ok((holds == json!(true)).then_some(()))
    })
    .await
}

/// Waits until no request has ended and no larger paint come for `SETTLE`.
pub async fn settle(page: &Page) -> Result<()> {
    let mut last = Value::Null;
    let mut since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let now = page
            .js(
                "return [performance.getEntriesByType('resource').length, window.__bench.lcp];",
                vec![],
            )
            .await?;
        if now != last {
            (last, since) = (now, Instant::now());
        } else if since.elapsed() >= SETTLE {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(fail("the page kept loading for 20 s"))
}

pub fn text(value: &Value, pointer: &str) -> Result<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| fail(format!("no text at {pointer} in {value}")))
}

pub fn progress(what: &str) {
    use std::io::Write;
    eprint!("\r\x1b[2K{what}…");
    let _ = std::io::stderr().flush();
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
