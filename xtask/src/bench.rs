//! `cargo xtask bench [--runs N]`: the release build in a real browser.
//!
//! Builds the site twice, every page rendered at build time as `cargo xtask
//! dist` does: the sample publication, and the same app over a synthetic
//! archive whose section pages hold 500 summaries. Then runs the `browser`
//! bench target (benches/browser/), which serves both with nginx and
//! measures them in headless Chromium: first visits and the app's takeover
//! of the page, in-app navigation, a 500-summary page and the heap. It
//! reports each figure beside its goal; it never fails on a timing. Then
//! Lighthouse's mobile audit of the home page and an article, from npm
//! (`setup::lighthouse`).
//!
//! And search (issue 16, docs/search.md): a third site, the content JSON and
//! search index of a 100 000-article synthetic archive (no pages: rendering
//! 100 000 of them takes minutes and gigabytes, and the bench visits only
//! the search page) with the release build's app and search module, and the
//! search page rendered over a small archive with the same site file. The
//! bench target types a rare and the most common word into its search page,
//! each as the first and as the second query of a session.

use crate::util::{cmd, fail, project_root, run as run_command, Failure};
use crate::{dist, setup};
use std::fs;
use std::path::Path;

const USAGE: &str = "usage: cargo xtask bench [--runs N] [--search-only | --no-search] [--search-articles N]

Builds the release into target/bench/dist (and a copy over a synthetic
archive with 500 summaries a section page into target/bench/dist-synth,
and one with the content and search index of a synthetic archive of
100 000 articles, --search-articles to change, in target/bench/dist-search),
then prints medians (min–max) of N runs (default 7) of each measurement,
with its goal in brackets: see docs/performance.md and docs/search.md.
--search-only measures search alone (and skips dist-synth); --no-search
leaves search out (and skips dist-search, whose archive takes minutes to
build). Lighthouse's
mobile audit of the home page and an article runs N times too (installed
from npm into target/lighthouse the first time).";

/// Enough articles that every section's first page is full at 500 a page.
const SYNTH_ARTICLES: &str = "3600";
const SYNTH_PAGE_SIZE: &str = "500";
/// The search bench's archive, and the small one its search page is
/// rendered over (same seed, so the same site file).
const SEARCH_ARTICLES: usize = 100_000;
const SEARCH_PAGE_ARTICLES: &str = "100";
/// A word no synthetic article has, planted at the end of the body of
/// `RARE_ARTICLES` articles (so deeper than the excerpt the index keeps);
/// the bench target searches for it (benches/browser/search.rs).
const RARE_WORD: &str = "zeppelin";
const RARE_ARTICLES: usize = 3;

pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut runs = "7".to_string();
    let mut search_only = false;
    let mut no_search = false;
    let mut search_articles = SEARCH_ARTICLES;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().filter(|n| n.parse::<u32>().is_ok_and(|n| n > 0)) {
                Some(n) => runs = n.clone(),
                None => return fail(format!("--runs needs a whole number above 0\n\n{USAGE}")),
            },
            "--search-only" => search_only = true,
            "--no-search" => no_search = true,
            "--search-articles" => {
                match args
                    .next()
                    .and_then(|n| n.replace('_', "").parse::<usize>().ok())
                    .filter(|&n| n >= RARE_ARTICLES * 100)
                {
                    Some(n) => search_articles = n,
                    None => {
                        return fail(format!(
                            "--search-articles needs a number of at least {}\n\n{USAGE}",
                            RARE_ARTICLES * 100
                        ))
                    }
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return fail(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    if search_only && no_search {
        return fail(format!(
            "--search-only and --no-search leave nothing to measure\n\n{USAGE}"
        ));
    }
    setup::all()?;
    let lighthouse = if search_only {
        None
    } else {
        Some(setup::lighthouse()?)
    };
    let dir = project_root().join("target/bench");
    let site = dir.join("dist");
    println!("== release build (as `cargo xtask dist`) into {}", site.display());
    dist::build(&site, "/")?;
    let synth = dir.join("dist-synth");
    if !search_only {
        println!("\n== the same build over a synthetic archive, {SYNTH_PAGE_SIZE} summaries a page");
        synthetic_site(&site, &dir.join("synth-src"), &synth)?;
    }
    let mut bench = cmd("cargo");
    bench
        .args(["bench", "--quiet", "--bench", "browser", "--", "--runs", &runs])
        .env("BROADSHEET_BENCH_DIST", &site);
    if !no_search {
        let search = dir.join("dist-search");
        println!(
            "\n== the app over the content and search index of a synthetic archive of {search_articles} articles"
        );
        search_site(&site, &dir, search_articles, &search)?;
        bench
            .env("BROADSHEET_BENCH_DIST_SEARCH", &search)
            .env("BROADSHEET_BENCH_SEARCH_ARTICLES", search_articles.to_string());
    }
    println!("\n== measuring in headless Chromium (cargo bench --bench browser)");
    if let Some(lighthouse) = &lighthouse {
        bench.env("BROADSHEET_BENCH_LIGHTHOUSE", lighthouse);
    }
    if search_only {
        bench.arg("--search-only");
    } else {
        bench.env("BROADSHEET_BENCH_DIST_SYNTH", &synth);
    }
    run_command(&mut bench, "cargo bench --bench browser")
}

/// The release build of broadsheet-press, made for speed as
/// `cargo xtask bench-content` makes it (so the two share it), run with `args`.
fn fast_press(args: &[&str], what: &str) -> Result<(), Failure> {
    run_command(
        cmd("cargo")
            .args([
                "run",
                "--quiet",
                "--release",
                "--package",
                "broadsheet-press",
                "--config",
                "profile.release.opt-level=3",
                "--",
            ])
            .args(args),
        what,
    )
}

/// The search bench's site in `out`: the content JSON and search index of
/// an `articles`-article synthetic archive (made in `dir`, `RARE_WORD`
/// planted), the app's files and search module from the release build in
/// `site`, and the search page rendered into its shell over a small
/// synthetic archive (the same site file, so the same sections). Only the
/// search folder gets `.gz` twins (gzip at its best, as `cargo xtask dist`
/// writes them); nginx compresses the rest as it serves.
fn search_site(site: &Path, dir: &Path, articles: usize, out: &Path) -> Result<(), Failure> {
    let io = |p: &Path, e: std::io::Error| Failure(format!("{}: {e}", p.display()));
    let src = dir.join(format!("search-src-{articles}"));
    let src_arg = src.to_string_lossy().into_owned();
    fast_press(
        &["synth", "--articles", &articles.to_string(), "--out", &src_arg],
        "broadsheet-press synth",
    )?;
    plant_rare_word(&src)?;
    let shell = site.join(dist::SHELL);
    if !shell.is_file() {
        return fail(format!(
            "{} has no {}: the release build keeps its shell there",
            site.display(),
            dist::SHELL
        ));
    }
    // The search page, rendered over a small archive.
    let page_src = dir.join("search-page-src");
    let page_out = dir.join("search-page-out");
    let _ = fs::remove_dir_all(&page_out);
    fast_press(
        &[
            "synth",
            "--articles",
            SEARCH_PAGE_ARTICLES,
            "--out",
            &page_src.to_string_lossy(),
        ],
        "broadsheet-press synth",
    )?;
    fast_press(
        &[
            "build",
            "--content",
            &page_src.to_string_lossy(),
            "--out",
            &page_out.to_string_lossy(),
            "--shell",
            &shell.to_string_lossy(),
        ],
        "broadsheet-press build --shell (the search page)",
    )?;
    // Content and index only: no shell, so no pages.
    fs::create_dir_all(out).map_err(|e| io(out, e))?;
    fast_press(
        &[
            "build",
            "--timings",
            "--content",
            &src_arg,
            "--out",
            &out.to_string_lossy(),
        ],
        "broadsheet-press build (content and search index)",
    )?;
    let same_site =
        fs::read(page_out.join("content/site.json")).ok() == fs::read(out.join("content/site.json")).ok();
    if !same_site {
        return fail(format!(
            "the search page's archive and the {articles}-article one have different site files"
        ));
    }
    let copy = |from: &Path, to: &Path| -> Result<(), Failure> {
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        fs::copy(from, to).map(|_| ()).map_err(|e| io(from, e))
    };
    // The app's own files (the shell among them, pages not), its
    // typefaces, and the search module with its twins.
    for (sub, twins) in [("", false), ("fonts", false), (crate::search_client::DIR, true)] {
        let from = if sub.is_empty() {
            site.to_path_buf()
        } else {
            site.join(sub)
        };
        for entry in fs::read_dir(&from).map_err(|e| io(&from, e))?.flatten() {
            let path = entry.path();
            let twin = path.extension().is_some_and(|x| x == "gz" || x == "br");
            let page = path.extension().is_some_and(|x| x == "html") && entry.file_name() != dist::SHELL;
            if entry.file_type().is_ok_and(|t| t.is_file()) && (twins || !twin) && !page {
                let to = if sub.is_empty() {
                    out.to_path_buf()
                } else {
                    out.join(sub)
                };
                copy(&path, &to.join(entry.file_name()))?;
            }
        }
    }
    // The search page, and a homepage: nginx's readiness check (and a
    // reader) asks for `/` first.
    for page in ["search/index.html", "index.html"] {
        copy(&page_out.join(page), &out.join(page))?;
    }
    let twins = gzip_twins(&out.join("search/index"))?;
    println!("search site: {} ({twins} .gz twins written)", out.display());
    Ok(())
}

/// Appends a sentence with `RARE_WORD` to the body of `RARE_ARTICLES`
/// articles, one in each of the first sections, unless it is there.
fn plant_rare_word(src: &Path) -> Result<(), Failure> {
    let io = |p: &Path, e: std::io::Error| Failure(format!("{}: {e}", p.display()));
    let mut sections: Vec<_> = fs::read_dir(src)
        .map_err(|e| io(src, e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    sections.sort();
    let mut planted = 0;
    for section in sections {
        if planted == RARE_ARTICLES {
            break;
        }
        let mut articles: Vec<_> = fs::read_dir(&section)
            .map_err(|e| io(&section, e))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        articles.sort();
        let Some(article) = articles.first() else {
            continue;
        };
        let text = fs::read_to_string(article).map_err(|e| io(article, e))?;
        if !text.contains(RARE_WORD) {
            let text = format!("{}\n\nA {RARE_WORD} was seen over the town.\n", text.trim_end());
            fs::write(article, text).map_err(|e| io(article, e))?;
        }
        planted += 1;
    }
    if planted < RARE_ARTICLES {
        return fail(format!(
            "{} has fewer than {RARE_ARTICLES} sections with articles",
            src.display()
        ));
    }
    Ok(())
}

/// Writes a `.gz` twin (gzip at its best) beside every file under `dir`
/// that has none or an older one; returns how many.
fn gzip_twins(dir: &Path) -> Result<usize, Failure> {
    use std::io::Write as _;
    let mut written = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)
            .map_err(|e| Failure(format!("{}: {e}", d.display())))?
            .flatten()
        {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
                continue;
            }
            if path.extension().is_some_and(|x| x == "gz" || x == "br") {
                continue;
            }
            let mut twin = path.clone().into_os_string();
            twin.push(".gz");
            let twin = std::path::PathBuf::from(twin);
            let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
            if modified(&twin).is_some_and(|t| modified(&path).is_some_and(|f| t >= f)) {
                continue;
            }
            let bytes = fs::read(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&bytes).map_err(|e| Failure(e.to_string()))?;
            let gz = gz.finish().map_err(|e| Failure(e.to_string()))?;
            fs::write(&twin, gz).map_err(|e| Failure(format!("{}: {e}", twin.display())))?;
            written += 1;
        }
    }
    Ok(written)
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
