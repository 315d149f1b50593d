//! `cargo xtask bench [--runs N]`: the release build in a real browser.
//!
//! Builds the site twice, every page rendered at build time as `cargo xtask
//! dist` does: the sample publication, and the same app over a synthetic
//! archive whose section pages hold 500 summaries. Then runs the `browser`
//! bench target (benches/browser/), which serves both with nginx and
//! measures them in headless Chromium: first visits and the app's takeover
//! of the page, in-app navigation, a 500-summary page and the heap. It
//! reports each figure beside its goal; it never fails on a timing.

use crate::util::{cmd, fail, project_root, run as run_command, Failure};
use crate::{dist, setup};
use std::fs;
use std::path::Path;

const USAGE: &str = "usage: cargo xtask bench [--runs N]

Builds the release into target/bench/dist (and a copy over a synthetic
archive with 500 summaries a section page into target/bench/dist-synth),
then prints medians (min–max) of N runs (default 7) of each measurement,
with its goal in brackets: see docs/performance.md.";

/// Enough articles that every section's first page is full at 500 a page.
const SYNTH_ARTICLES: &str = "3600";
const SYNTH_PAGE_SIZE: &str = "500";

pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut runs = "7".to_string();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().filter(|n| n.parse::<u32>().is_ok_and(|n| n > 0)) {
                Some(n) => runs = n.clone(),
                None => return fail(format!("--runs needs a whole number above 0\n\n{USAGE}")),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return fail(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    setup::all()?;
    let dir = project_root().join("target/bench");
    let site = dir.join("dist");
    println!("== release build (as `cargo xtask dist`) into {}", site.display());
    dist::build(&site, "/")?;
    let synth = dir.join("dist-synth");
    println!("\n== the same build over a synthetic archive, {SYNTH_PAGE_SIZE} summaries a page");
    synthetic_site(&site, &dir.join("synth-src"), &synth)?;
    println!("\n== measuring in headless Chromium (cargo bench --bench browser)");
    run_command(
        cmd("cargo")
            .args(["bench", "--quiet", "--bench", "browser", "--", "--runs", &runs])
            .env("BROADSHEET_BENCH_DIST", &site)
            .env("BROADSHEET_BENCH_DIST_SYNTH", &synth),
        "cargo bench --bench browser",
    )
}

/// `site`'s app files with the content of a synthetic archive (made in
/// `src`) built by broadsheet-press into `out`, every page rendered into the
/// shell the release build kept. The wasm does not depend on the content,
/// so no second app build is needed.
fn synthetic_site(site: &Path, src: &Path, out: &Path) -> Result<(), Failure> {
    let press = |args: &[&str], what: &str| {
        run_command(
            cmd("cargo")
                .args(["run", "--quiet", "--package", "broadsheet-press", "--"])
                .args(args),
            what,
        )
    };
    let src_arg = src.to_string_lossy();
    press(
        &["synth", "--articles", SYNTH_ARTICLES, "--out", &src_arg],
        "broadsheet-press synth",
    )?;
    let toml = src.join("site.toml");
    let text = fs::read_to_string(&toml).or_else(|e| fail(format!("{}: {e}", toml.display())))?;
    let Some(line) = text.lines().find(|l| l.starts_with("page_size = ")) else {
        return fail(format!("{} has no page_size line", toml.display()));
    };
    let text = text.replace(line, &format!("page_size = {SYNTH_PAGE_SIZE}"));
    fs::write(&toml, text).or_else(|e| fail(format!("{}: {e}", toml.display())))?;

    // The app's own files sit at the top of the build (the shell among
    // them), its typefaces in `fonts/`; broadsheet-press writes the content
    // and every page. The sample's pages are left behind, so that a page
    // the press did not write cannot pass for the synthetic site's. Without
    // precompressed twins (nginx compresses as it serves): brotli at its
    // best on 3 600 articles takes minutes.
    let io = |p: &Path, e: std::io::Error| Failure(format!("{}: {e}", p.display()));
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let copy_files = |from: &Path, to: &Path| -> Result<(), Failure> {
        fs::create_dir_all(to).map_err(|e| io(to, e))?;
        for entry in fs::read_dir(from).map_err(|e| io(from, e))?.flatten() {
            let path = entry.path();
            let twin = path.extension().is_some_and(|x| x == "gz" || x == "br");
            let page = path.extension().is_some_and(|x| x == "html") && entry.file_name() != dist::SHELL;
            if entry.file_type().is_ok_and(|t| t.is_file()) && !twin && !page {
                fs::copy(&path, to.join(entry.file_name())).map_err(|e| io(&path, e))?;
            }
        }
        Ok(())
    };
    copy_files(site, out)?;
    // The typefaces, and the search module (the press writes the index).
    for dir in ["fonts", crate::search_client::DIR] {
        if site.join(dir).is_dir() {
            copy_files(&site.join(dir), &out.join(dir))?;
        }
    }
    let shell = out.join(dist::SHELL);
    if !shell.is_file() {
        return fail(format!(
            "{} has no {}: the release build keeps its shell there",
            site.display(),
            dist::SHELL
        ));
    }
    press(
        &[
            "build",
            "--content",
            &src_arg,
            "--out",
            &out.to_string_lossy(),
            "--shell",
            &shell.to_string_lossy(),
        ],
        "broadsheet-press build --shell",
    )?;
    if !out.join("index.html").is_file() {
        return fail(format!(
            "broadsheet-press wrote no {}",
            out.join("index.html").display()
        ));
    }
    Ok(())
}
