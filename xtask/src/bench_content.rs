//! `cargo xtask bench-content`: how long broadsheet-press takes on synthetic
//! archives of 1 000, 10 000 and 100 000 articles, what it writes, and what a
//! first visit downloads at 100 and at 100 000 articles (the same bytes: the
//! front page and section pages have fixed sizes). Hugo builds the same
//! Markdown beside it, when it can be had.

use crate::size::measure;
use crate::util::{cmd, fail, output_of, project_root, run as run_command, Failure};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: cargo xtask bench-content [--sizes 1000,10000,100000] [--seed N] [--no-hugo] [--no-settle]

Builds synthetic archives (kept in target/bench-content/ between runs) with
the release build of broadsheet-press and prints the build time and output
size for each, and the bytes a first visit to / and to a section page
transfers at 100 articles and at the largest size. --no-hugo skips the
comparison with Hugo. The outputs are removed at the end (--keep keeps them
in target/bench-content/out-N and hugo-N); outputs left by an interrupted
run are removed first, with a wait that --no-settle skips (see
docs/publishing.md).";

/// The goal for the largest archive.
const GOAL: Duration = Duration::from_secs(20);
/// The small archive whose first-visit bytes are compared with the largest's.
const SMALL: usize = 100;
/// Built at opt-level 3 rather than the workspace's "z": broadsheet-press and
/// the crates that only it uses (none of them is in the app's wasm).
const FAST_PACKAGES: &[&str] = &[
    "broadsheet-press",
    "pulldown-cmark",
    "unicase",
    "rayon",
    "rayon-core",
    "crossbeam-deque",
    "crossbeam-epoch",
    "crossbeam-utils",
    "imagesize",
];

struct Options {
    sizes: Vec<usize>,
    seed: u64,
    hugo: bool,
    settle: bool,
    keep: bool,
}

fn options(args: &[String]) -> Result<Options, Failure> {
    let mut o = Options {
        sizes: vec![1_000, 10_000, 100_000],
        seed: 2024,
        hugo: true,
        settle: true,
        keep: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-hugo" => o.hugo = false,
            "--no-settle" => o.settle = false,
            "--keep" => o.keep = true,
            "--sizes" | "--seed" => {
                let value = args.next().map(|v| v.replace('_', "")).unwrap_or_default();
                if arg == "--seed" {
                    o.seed = value
                        .parse()
                        .or_else(|_| fail(format!("--seed needs a number\n\n{USAGE}")))?;
                } else {
                    let sizes: Result<Vec<usize>, _> = value.split(',').map(str::parse).collect();
                    o.sizes = sizes
                        .ok()
                        .filter(|s| !s.is_empty() && s.iter().all(|&n| n > 0))
                        .map_or_else(
                            || fail(format!("--sizes needs numbers like 1000,10000\n\n{USAGE}")),
                            Ok,
                        )?;
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return fail(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    Ok(o)
}

/// What one build of one archive gave.
struct Measured {
    articles: usize,
    took: Duration,
    files: u64,
    bytes: u64,
}

/// The content files a first visit loads: site.json with front.json for
/// `/`, site.json with the first section's first page for a section page.
struct Visit {
    site: Vec<u8>,
    front: Vec<u8>,
    page: Vec<u8>,
    section_file: String,
}

impl Visit {
    fn home(&self) -> Vec<u8> {
        [&self.site[..], &self.front[..]].concat()
    }

    fn section(&self) -> Vec<u8> {
        [&self.site[..], &self.page[..]].concat()
    }
}

pub fn run(args: &[String]) -> Result<(), Failure> {
    let o = options(args)?;
    let root = project_root();
    let dir = root.join("target/bench-content");
    fs::create_dir_all(&dir).or_else(|e| fail(format!("cannot make {}: {e}", dir.display())))?;

    // The workspace's release profile is tuned for a small wasm (opt-level
    // "z"); the tool and the crates only it uses are built for speed here.
    let mut build = cmd("cargo");
    build.args(["build", "--release", "--package", "broadsheet-press"]);
    for package in FAST_PACKAGES {
        build.args([
            "--config",
            &format!("profile.release.package.{package}.opt-level=3"),
        ]);
    }
    println!(
        "== release build of broadsheet-press (cargo build --release -p broadsheet-press, opt-level 3 for {})",
        FAST_PACKAGES.join(", ")
    );
    run_command(&mut build, "cargo build --release -p broadsheet-press")?;
    let press = root.join("target/release/broadsheet-press");
    let hugo = o.hugo && hugo_available();

    let mut sizes = o.sizes.clone();
    sizes.sort_unstable();
    sizes.dedup();
    let largest = *sizes.last().unwrap_or(&SMALL);
    let mut all = sizes.clone();
    if !all.contains(&SMALL) {
        all.insert(0, SMALL);
    }

    println!("\n== synthetic archives (kept between runs; remade when their numbers change)");
    for &n in &all {
        let src = dir.join(format!("src-{n}"));
        run_command(
            Command::new(&press)
                .args([
                    "synth",
                    "--articles",
                    &n.to_string(),
                    "--seed",
                    &o.seed.to_string(),
                    "--out",
                ])
                .arg(&src),
            "broadsheet-press synth",
        )?;
    }

    clear_outputs(&dir, &all, o.settle, "left by an earlier run")?;
    let busy = load_1min().is_some_and(|l| l > cores() as f64 * 0.75);
    println!(
        "\nmachine: {} cores, load average {}{}",
        cores(),
        load(),
        if busy {
            " (busy: the times below are inflated by other work)"
        } else {
            ""
        }
    );

    println!("\n== builds");
    let mut rows = Vec::new();
    let mut visits = Vec::new();
    for &n in &all {
        let (src, out) = (dir.join(format!("src-{n}")), dir.join(format!("out-{n}")));
        let started = Instant::now();
        let status = Command::new(&press)
            .args(["build", "--timings", "--content"])
            .arg(&src)
            .arg("--out")
            .arg(&out)
            .env_remove("TRUNK_STAGING_DIR")
            .status()
            .or_else(|e| fail(format!("cannot run {}: {e}", press.display())))?;
        let took = started.elapsed();
        if !status.success() {
            return fail(format!("broadsheet-press failed on the {n}-article archive"));
        }
        let (files, bytes) = tree_size(&out);
        visits.push((n, first_visit(&out)?));
        let hugo_row = if hugo && sizes.contains(&n) {
            Some(hugo_build(&dir, &src, n)?)
        } else {
            None
        };
        if sizes.contains(&n) {
            rows.push((
                Measured {
                    articles: n,
                    took,
                    files,
                    bytes,
                },
                hugo_row,
            ));
        }
    }

    println!(
        "\n== broadsheet-press{}",
        if hugo { " and Hugo, same Markdown" } else { "" }
    );
    print!("{:>9} {:>10} {:>9} {:>14}", "articles", "build", "files", "bytes");
    if hugo {
        print!("   {:>10} {:>9} {:>14}", "hugo", "files", "bytes");
    }
    println!();
    for (m, h) in &rows {
        print!(
            "{:>9} {:>9.2}s {:>9} {:>14}",
            group(m.articles as u64),
            m.took.as_secs_f64(),
            group(m.files),
            group(m.bytes)
        );
        if let Some(h) = h {
            print!(
                "   {:>9.2}s {:>9} {:>14}",
                h.took.as_secs_f64(),
                group(h.files),
                group(h.bytes)
            );
        }
        println!();
    }
    if o.hugo && !hugo {
        println!("Hugo: not available here (Debian package `hugo`), so no comparison.");
    }

    println!("\n== first visit: content JSON transferred (raw / brotli bytes)");
    println!(
        "{:>9} {:>26} {:>42}",
        "articles", "/ (site + front)", "section page (site + first page)"
    );
    for (n, v) in &visits {
        if *n == SMALL || *n == largest {
            let (h, s) = (measure(&v.home()), measure(&v.section()));
            println!(
                "{:>9} {:>15} / {:>8} {:>31} / {:>8}",
                group(*n as u64),
                group(h.raw as u64),
                group(h.brotli as u64),
                group(s.raw as u64),
                group(s.brotli as u64)
            );
        }
    }
    let small = &visits.iter().find(|(n, _)| *n == SMALL).expect("measured").1;
    let large = &visits.iter().find(|(n, _)| *n == largest).expect("measured").1;
    compare_visits(small, large, largest)?;

    if !o.keep {
        println!();
        clear_outputs(
            &dir,
            &all,
            false,
            "so that the next run starts on a calm file system",
        )?;
    }
    if let Some((m, _)) = rows.iter().find(|(m, _)| m.articles == 100_000) {
        let verdict = if m.took < GOAL { "met" } else { "NOT met" };
        println!(
            "goal, 100 000 articles in under {} s: {verdict} ({:.2} s)",
            GOAL.as_secs(),
            m.took.as_secs_f64()
        );
    }
    Ok(())
}

/// The first visit to `/` and to the first section's page, at two sizes,
/// must transfer the same bytes: site.json and front.json are equal byte for
/// byte; a section page may differ only in its item and page counts.
fn compare_visits(small: &Visit, large: &Visit, largest: usize) -> Result<(), Failure> {
    if small.site != large.site || small.front != large.front {
        return fail(format!(
            "the first visit to / transfers {} bytes at {SMALL} articles but {} at {largest}",
            small.home().len(),
            large.home().len()
        ));
    }
    println!("/ : the same bytes at {SMALL} and {largest} articles (site.json and front.json identical)");
    let counts_blanked = |bytes: &[u8]| -> Result<String, Failure> {
        let mut value: serde_json::Value =
            serde_json::from_slice(bytes).or_else(|e| fail(format!("a section page is not JSON: {e}")))?;
        value["total_items"] = 0.into();
        value["total_pages"] = 0.into();
        Ok(value.to_string())
    };
    if counts_blanked(&small.page)? != counts_blanked(&large.page)? {
        return fail(format!(
            "{} differs between {SMALL} and {largest} articles beyond its item and page counts",
            small.section_file
        ));
    }
    println!(
        "section page: the same items at {SMALL} and {largest} articles; {} differs only in the digits \
         of total_items and total_pages ({:+} bytes)",
        small.section_file,
        large.page.len() as i64 - small.page.len() as i64
    );
    Ok(())
}

fn first_visit(out: &Path) -> Result<Visit, Failure> {
    let read = |rel: &str| fs::read(out.join(rel)).or_else(|e| fail(format!("cannot read {rel}: {e}")));
    let site = read("content/site.json")?;
    let parsed: serde_json::Value =
        serde_json::from_slice(&site).or_else(|e| fail(format!("site.json is not JSON: {e}")))?;
    let first = parsed["sections"][0]["slug"]
        .as_str()
        .unwrap_or("world")
        .to_string();
    let section_file = format!("content/sections/{first}/1.json");
    Ok(Visit {
        front: read("content/front.json")?,
        page: read(&section_file)?,
        site,
        section_file,
    })
}

/// Removes the outputs of a run. On a file system that delays reusing freed
/// inodes (ext4 without a journal, as here), creating many files soon after
/// removing many is several times slower, for up to six minutes. So a run
/// removes its own outputs at its end, after measuring; outputs found at the
/// start (an interrupted run) are removed and flushed, and the builds wait a
/// minute, which helps but does not fully cure it.
fn clear_outputs(dir: &Path, sizes: &[usize], settle: bool, why: &str) -> Result<(), Failure> {
    let mut removed = false;
    for &n in sizes {
        for path in [dir.join(format!("out-{n}")), dir.join(format!("hugo-{n}"))] {
            if path.exists() {
                println!("removing {} ({why})", path.display());
                fs::remove_dir_all(&path)
                    .or_else(|e| fail(format!("cannot remove {}: {e}", path.display())))?;
                removed = true;
            }
        }
    }
    if removed {
        let _ = Command::new("sync").status();
        if settle {
            println!(
                "waiting 61 s before building: this file system delays reusing the inodes just freed, \
                 which would slow the builds (skip with --no-settle)"
            );
            std::thread::sleep(Duration::from_secs(61));
        }
    }
    Ok(())
}

/// Files and bytes under `dir`.
fn tree_size(dir: &Path) -> (u64, u64) {
    let (mut files, mut bytes) = (0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(entry.path()),
                Ok(_) => {
                    files += 1;
                    bytes += entry.metadata().map_or(0, |m| m.len());
                }
                Err(_) => {}
            }
        }
    }
    (files, bytes)
}

fn hugo_available() -> bool {
    if output_of("hugo", &["version"]).is_some() {
        return true;
    }
    let is_root = output_of("id", &["-u"]).as_deref() == Some("0");
    if !is_root || output_of("apt-get", &["--version"]).is_none() {
        return false;
    }
    println!("installing Hugo for the comparison (apt-get install hugo)…");
    let _ = cmd("apt-get").arg("update").stdout(Stdio::null()).status();
    let installed = cmd("apt-get")
        .args(["install", "-y", "--no-install-recommends", "hugo"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    installed && output_of("hugo", &["version"]).is_some()
}

/// A minimal Hugo site over the same Markdown: a page per article, paged
/// section lists, a home page, and Hugo's own RSS feeds and sitemap.
fn hugo_site(dir: &Path) -> Result<PathBuf, Failure> {
    let site = dir.join("hugo-site");
    let layouts = site.join("layouts/_default");
    let write = |path: PathBuf, text: &str| {
        fs::create_dir_all(path.parent().expect("a folder")).and_then(|_| fs::write(&path, text))
    };
    let files = [
        (
            site.join("hugo.toml"),
            "baseURL = \"https://courier.example.org/\"\ntitle = \"The Synthetic Courier\"\n\
             disableKinds = [\"taxonomy\", \"term\"]\npaginate = 12\n\
             [pagination]\npagerSize = 12\n[frontmatter]\ndate = [\"published\", \":default\"]\n\
             lastmod = [\"updated\", \"published\", \":default\"]\n",
        ),
        (
            layouts.join("baseof.html"),
            "<!doctype html><html><head><title>{{ block \"title\" . }}{{ .Site.Title }}{{ end }}</title></head>\
             <body>{{ block \"main\" . }}{{ end }}</body></html>\n",
        ),
        (
            layouts.join("single.html"),
            "{{ define \"title\" }}{{ .Params.headline }}{{ end }}{{ define \"main\" }}<article>\
             <h1>{{ .Params.headline }}</h1><p>{{ .Params.standfirst }}</p>\
             <p>{{ delimit .Params.authors \", \" }} · {{ .Date.Format \"2 January 2006\" }} · {{ .ReadingTime }} min</p>\
             {{ .Content }}</article>{{ end }}\n",
        ),
        (
            layouts.join("list.html"),
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range (.Paginate .Pages).Pages }}\
             <li><a href=\"{{ .RelPermalink }}\">{{ .Params.headline }}</a> {{ .Params.standfirst }}</li>\
             {{ end }}</ul>{{ end }}\n",
        ),
        (
            layouts.join("index.html"),
            "{{ define \"main\" }}<ul>{{ range first 20 .Site.RegularPages }}\
             <li><a href=\"{{ .RelPermalink }}\">{{ .Params.headline }}</a></li>{{ end }}</ul>{{ end }}\n",
        ),
    ];
    for (path, text) in files {
        write(path.clone(), text).or_else(|e| fail(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(site)
}

fn hugo_build(dir: &Path, src: &Path, n: usize) -> Result<Measured, Failure> {
    let site = hugo_site(dir)?;
    let out = dir.join(format!("hugo-{n}"));
    let started = Instant::now();
    let output = Command::new("hugo")
        .arg("--source")
        .arg(&site)
        .arg("--contentDir")
        .arg(src)
        .arg("--destination")
        .arg(&out)
        .args(["--quiet", "--noBuildLock", "--cacheDir"])
        .arg(dir.join("hugo-cache"))
        .output()
        .or_else(|e| fail(format!("cannot run hugo: {e}")))?;
    let took = started.elapsed();
    if !output.status.success() {
        return fail(format!(
            "hugo failed on the {n}-article archive:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let (files, bytes) = tree_size(&out);
    println!("hugo: {n} articles in {:.2} s", took.as_secs_f64());
    Ok(Measured {
        articles: n,
        took,
        files,
        bytes,
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn load() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn load_1min() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// 1234567 as "1 234 567".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
