//! Runs the cases: copies the build, starts nginx and chromedriver, gives
//! each case a fresh browser, and stops everything at the end, whatever
//! happened.

use crate::blocks;
use crate::browser::{Driver, Page};
use crate::cases::{self, Case};
use crate::check::{fail, Result};
use crate::comments;
use crate::content::Content;
use crate::deploy;
use crate::discovery;
use crate::isso;
use crate::photos;
use crate::prerender;
use crate::reader;
use crate::search;
use crate::server::Nginx;
use crate::typography;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The longest one case may take, browser start included.
const CASE_TIMEOUT: Duration = Duration::from_secs(60);

pub fn main() -> ExitCode {
    let filter = filter_from_args(std::env::args().skip(1));
    let dist = match std::env::var_os("BROADSHEET_DIST").map(PathBuf::from) {
        Some(dist) if dist.join("index.html").is_file() => dist,
        other => {
            let why = match other {
                Some(dist) => format!("BROADSHEET_DIST={} has no index.html", dist.display()),
                None => "BROADSHEET_DIST is not set".to_string(),
            };
            eprintln!(
                "e2e: {why}.\n\
                 e2e: The end-to-end tests need the release build of the site. Run `cargo xtask test`, \
                 which builds the release and sets BROADSHEET_DIST; or build it yourself with \
                 `trunk build --release --offline --dist target/e2e/dist` and run \
                 `BROADSHEET_DIST=$PWD/target/e2e/dist cargo test --test e2e`."
            );
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("e2e: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let selected: Vec<Case> = cases::all()
        .into_iter()
        .chain(comments::all())
        .chain(reader::all())
        .chain(deploy::all())
        .chain(isso::all())
        .chain(typography::all())
        .chain(prerender::all())
        .chain(discovery::all())
        .chain(photos::all())
        .chain(search::all())
        .chain(crate::redirects::all())
        .chain(crate::comment_import::all())
        .chain(crate::import::all())
        .chain(blocks::all())
        .filter(|(name, _)| filter.as_deref().is_none_or(|f| name.contains(f)))
        .collect();
    let started = Instant::now();
    let (passed, failed) = runtime.block_on(run(&dist, selected));
    println!("\ne2e finished in {:.1} s", started.elapsed().as_secs_f64());
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The first argument that is not a flag (cargo test passes its own flags
/// through, such as `--nocapture`).
fn filter_from_args(args: impl Iterator<Item = String>) -> Option<String> {
    // Flags of the standard harness that take a value.
    const WITH_VALUE: [&str; 6] = [
        "--test-threads",
        "--color",
        "--format",
        "--logfile",
        "--skip",
        "-Z",
    ];
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if WITH_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if !arg.starts_with('-') {
            return Some(arg);
        }
    }
    None
}

/// Runs the cases; gives (passed, failed).
async fn run(dist: &Path, cases: Vec<Case>) -> (usize, usize) {
    let total = cases.len();
    let temp = match TempDir::new() {
        Ok(temp) => temp,
        Err(e) => {
            println!("e2e: cannot make a temporary folder: {}", e.0);
            return (0, total);
        }
    };
    match run_in(dist, &temp.0, cases).await {
        Ok(counts) => counts,
        Err(e) => {
            println!("e2e: could not set up: {}", e.0);
            (0, total)
        }
    }
}

async fn run_in(dist: &Path, temp: &Path, cases: Vec<Case>) -> Result<(usize, usize)> {
    let site = temp.join("dist");
    copy_dir(dist, &site).map_err(|e| fail(format!("copying {}: {}", dist.display(), e.0)))?;
    // The comment cases start their own Isso and nginx on a copy of it.
    isso::prepare(temp, &site);
    // The import cases build a site of their own from the same app files.
    crate::import::prepare(temp, &site);
    let mut nginx = Nginx::start(&temp.join("nginx"), &site).await?;
    // The sub-path build and the host without rewrites (deploy.rs).
    let mut servers = match deploy::Servers::start(temp, &site, nginx.port).await {
        Ok(servers) => servers,
        Err(e) => {
            nginx.stop().await;
            return Err(e);
        }
    };
    let driver = Driver::start(&temp.join("chromedriver.log")).await;
    let mut driver = match driver {
        Ok(driver) => driver,
        Err(e) => {
            servers.stop().await;
            nginx.stop().await;
            return Err(e);
        }
    };
    println!(
        "\nrunning {} end-to-end cases against {}",
        cases.len(),
        nginx.base_url()
    );
    let content = Content::new(&site);
    let (mut passed, mut failed) = (0, 0);
    for (name, case) in cases {
        let profile = temp.join("profiles").join(name);
        match run_case(&driver, &nginx.base_url(), &content, &profile, case).await {
            Ok(()) => {
                passed += 1;
                println!("test {name} ... ok");
            }
            Err(e) => {
                failed += 1;
                println!("test {name} ... FAILED\n    {}", e.0);
            }
        }
        let _ = std::fs::remove_dir_all(&profile);
    }
    driver.stop().await;
    servers.stop().await;
    nginx.stop().await;
    Ok((passed, failed))
}

/// One case in a new browser session; it and any other session the case
/// started (`Page::relaunch`) are closed afterwards whatever the case did:
/// returned an error, panicked or ran out of time.
async fn run_case(
    driver: &Driver,
    base: &str,
    content: &Content,
    profile: &Path,
    case: cases::CaseFn,
) -> Result<()> {
    std::fs::create_dir_all(profile)?;
    let client = tokio::time::timeout(Duration::from_secs(30), driver.session(profile))
        .await
        .map_err(|_| fail("the browser did not start within 30 s"))?
        .map_err(|e| fail(format!("the browser did not start: {}", e.0)))?;
    let page = Page::new(client, base.to_string(), driver.port, profile.to_path_buf());
    let sessions = page.sessions();
    let mut task = tokio::spawn(case(page, content.clone()));
    let outcome = match tokio::time::timeout(CASE_TIMEOUT, &mut task).await {
        Ok(Ok(result)) => result,
        Ok(Err(e)) if e.is_panic() => Err(fail(format!("panicked: {}", panic_message(e.into_panic())))),
        Ok(Err(e)) => Err(fail(format!("did not finish: {e}"))),
        Err(_) => {
            task.abort();
            // Let the aborted case drop what it holds (restoring any file it
            // changed) before the next case starts.
            let _ = task.await;
            Err(fail(format!("timed out after {} s", CASE_TIMEOUT.as_secs())))
        }
    };
    sessions.close_all().await;
    outcome
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_string()
    }
}

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<Self> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!("broadsheet-e2e-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
