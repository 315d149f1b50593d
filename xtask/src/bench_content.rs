//! `cargo xtask bench-content`: how long a full build of broadsheet-press
//! takes (the content JSON, every page as HTML, the feeds and sitemap) on
//! synthetic archives of 1 000, 10 000 and 100 000 articles, how much memory
//! it needs at its peak, what it writes, and what a first visit downloads at
//! 100 and at 100 000 articles (the same bytes: the front page and section
//! pages have fixed sizes). Hugo renders the same Markdown to pages with a
//! minimal theme beside it, when it can be had.

use crate::measure::{cores, load, load_1min, megabytes, release_press, timed, Peak, Timed};
use crate::size::measure;
use crate::util::{cmd, fail, output_of, project_root, run as run_command, Failure};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const USAGE: &str =
    "usage: cargo xtask bench-content [--sizes 1000,10000,100000] [--seed N] [--no-hugo] [--no-settle] [--keep]

Builds synthetic archives (kept in target/bench-content/ between runs) with
the release build of broadsheet-press, pages included (--shell: a copy of
dist/shell.html, else of target/e2e/dist/shell.html, else a minimal shell,
in target/bench-content/shell.html), and prints for each the build time,
the HTML pages written and the peak memory (max RSS, the whole build's,
the search index's phase included), the files and bytes written, the
search index's phase time, files, bytes and size on disk, and the bytes a first visit to / and to a section page transfers
at 100 articles and at the largest size. Hugo renders the same Markdown to
a page per article, paged section lists and a home page, and is timed and
measured the same way; --no-hugo skips it. Each build's sources are read
once beforehand, untimed, so that both find them in the page cache. Whether
the goals are met is printed; timings never fail the command. The outputs
are removed at the end (--keep keeps them in target/bench-content/out-N and
hugo-N); outputs left by an interrupted run are removed first, with a wait
that --no-settle skips (see docs/publishing.md).";

/// The search index's goals at `GOAL_ARTICLES` (docs/search.md): its phase
/// of the build, and the peak memory of the whole build, which includes it.
const INDEX_GOAL: Duration = Duration::from_secs(60);
const INDEX_MEMORY_GOAL_KIB: u64 = 2_000_000_000 / 1024;
/// Where the press writes the search index in its output.
const INDEX_DIR: &str = "search/index";

/// The goal for the full build (JSON, pages, feeds) of `GOAL_ARTICLES`
/// articles on the 2-core development machine; the other goal is to be
/// faster than Hugo at every size.
const GOAL: Duration = Duration::from_secs(30);
const GOAL_ARTICLES: usize = 100_000;
/// The small archive whose first-visit bytes are compared with the largest's.
const SMALL: usize = 100;
/// The app's shell as `cargo xtask dist` keeps it, or as the end-to-end
/// tests built it: the first that exists is the bench's shell.
const SHELLS: &[&str] = &["dist/shell.html", "target/e2e/dist/shell.html"];
/// The shell when the app has not been built here.
const MINIMAL_SHELL: &str = "<!doctype html><html lang=en><head><meta charset=utf-8>\
<meta name=viewport content=\"width=device-width,initial-scale=1\"><base href=\"/\">\
<title>x</title><link rel=stylesheet href=/main.css></head><body></body></html>\n";

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
    took: Duration,
    /// Peak memory (max RSS) in KiB, if it could be read.
    peak_kib: Option<u64>,
    out: Tree,
    /// The search index a broadsheet-press build wrote (none for Hugo).
    index: Option<Index>,
}

/// The search index of a build: its phase of the build (`--timings`), and
/// its files and bytes (apparent, and allocated on disk).
#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Index {
    phase: Option<Duration>,
    files: u64,
    bytes: u64,
    disk: u64,
}

/// What a build wrote.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Tree {
    files: u64,
    bytes: u64,
    /// HTML pages: every `index.html` and `404.html`, but not redirects.
    pages: u64,
    page_bytes: u64,
    /// Bytes allocated on disk (whole blocks).
    disk: u64,
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

    let press = release_press(&root)?;
    let hugo = o.hugo && hugo_available();
    let hugo_site = if hugo { Some(hugo_site(&dir)?) } else { None };
    let (shell, shell_from) = bench_shell(&root, &dir)?;
    let peak = Peak::pick();
    println!("\nshell: {} ({shell_from})", shell.display());
    println!("peak memory: {}", peak.describe());
    println!(
        "sources: read once before each build, untimed, so that every build finds them in the page cache"
    );

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

    encode_photos(&press, &dir.join(format!("src-{}", all[0])), &dir, &shell)?;

    println!("\n== builds (broadsheet-press: JSON, every page as HTML, feeds, sitemap)");
    let mut rows = Vec::new();
    let mut visits = Vec::new();
    for &n in &all {
        if n != all[0] {
            println!();
        }
        let (src, out) = (dir.join(format!("src-{n}")), dir.join(format!("out-{n}")));
        let ours = press_build(peak, &press, &src, &out, &shell, &dir, n)?;
        visits.push((n, first_visit(&out)?));
        let theirs = match &hugo_site {
            Some(site) if sizes.contains(&n) => Some(hugo_build(peak, &dir, site, &src, n)?),
            _ => None,
        };
        if sizes.contains(&n) {
            rows.push((n, ours, theirs));
        }
    }

    println!(
        "\n== full builds{} (peak MB: the whole build's, search index included)",
        if hugo {
            ": broadsheet-press and Hugo, same Markdown, both writing every page"
        } else {
            " of broadsheet-press"
        }
    );
    print!(
        "{:>9} {:>10} {:>9} {:>9}",
        "articles", "ours (s)", "pages", "peak MB"
    );
    if hugo {
        print!(" {:>10} {:>11} {:>13}", "Hugo (s)", "Hugo pages", "Hugo peak MB");
    }
    println!();
    for (n, m, h) in &rows {
        print!(
            "{:>9} {:>10.2} {:>9} {:>9}",
            group(*n as u64),
            m.took.as_secs_f64(),
            group(m.out.pages),
            megabytes(m.peak_kib)
        );
        if let Some(h) = h {
            print!(
                " {:>10.2} {:>11} {:>13}",
                h.took.as_secs_f64(),
                group(h.out.pages),
                megabytes(h.peak_kib)
            );
        }
        println!();
    }
    println!("\n== what each build wrote (all files / of which HTML pages, bytes)");
    print!(
        "{:>9} {:>9} {:>14} {:>15}",
        "articles", "files", "bytes", "page bytes"
    );
    if hugo {
        print!(
            " {:>11} {:>14} {:>16}",
            "Hugo files", "Hugo bytes", "Hugo page bytes"
        );
    }
    println!();
    for (n, m, h) in &rows {
        print!(
            "{:>9} {:>9} {:>14} {:>15}",
            group(*n as u64),
            group(m.out.files),
            group(m.out.bytes),
            group(m.out.page_bytes)
        );
        if let Some(h) = h {
            print!(
                " {:>11} {:>14} {:>16}",
                group(h.out.files),
                group(h.out.bytes),
                group(h.out.page_bytes)
            );
        }
        println!();
    }
    if o.hugo && !hugo {
        println!("Hugo: not available here (Debian package `hugo`), so no comparison.");
    }

    println!(
        "\n== search index ({INDEX_DIR}/, written by each build above; \
         peak MB is the whole build's, the index included)"
    );
    println!(
        "{:>9} {:>10} {:>9} {:>14} {:>14} {:>9}",
        "articles", "phase (s)", "files", "bytes", "on disk", "peak MB"
    );
    for (n, m, _) in &rows {
        let i = m.index.unwrap_or_default();
        println!(
            "{:>9} {:>10} {:>9} {:>14} {:>14} {:>9}",
            group(*n as u64),
            i.phase
                .map_or_else(|| "n/a".to_string(), |p| format!("{:.2}", p.as_secs_f64())),
            group(i.files),
            group(i.bytes),
            group(i.disk),
            megabytes(m.peak_kib)
        );
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

    println!("\n== goals (timings never fail this command)");
    let versus: Vec<(usize, Duration, Duration)> = rows
        .iter()
        .filter_map(|(n, m, h)| h.as_ref().map(|h| (*n, m.took, h.took)))
        .collect();
    let figures = versus
        .iter()
        .map(|(n, ours, theirs)| {
            format!(
                "{}: {:.2} s against {:.2} s, {:.1}×",
                group(*n as u64),
                ours.as_secs_f64(),
                theirs.as_secs_f64(),
                theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    println!(
        "faster than Hugo at every size: {}",
        if versus.is_empty() {
            "not measured (no Hugo)".to_string()
        } else if versus.iter().all(|(_, ours, theirs)| ours < theirs) {
            format!("goal met ({figures})")
        } else {
            format!("goal missed ({figures})")
        }
    );
    let goal = format!(
        "{} articles, full build with pages, in at most {} s on this machine",
        group(GOAL_ARTICLES as u64),
        GOAL.as_secs()
    );
    match rows.iter().find(|(n, _, _)| *n == GOAL_ARTICLES) {
        Some((_, m, _)) => println!(
            "{goal}: {} ({:.2} s{})",
            if m.took <= GOAL { "goal met" } else { "goal missed" },
            m.took.as_secs_f64(),
            if busy { ", on a busy machine" } else { "" }
        ),
        None => println!("{goal}: not measured (--sizes without {GOAL_ARTICLES})"),
    }
    println!(
        "{}",
        index_goals(
            rows.iter()
                .find(|(n, _, _)| *n == GOAL_ARTICLES)
                .map(|(_, m, _)| m),
            busy
        )
    );
    Ok(())
}

/// The search index's goals at `GOAL_ARTICLES`, said in two lines.
fn index_goals(m: Option<&Measured>, busy: bool) -> String {
    let time = format!(
        "search index at {} articles, its phase in at most {} s",
        group(GOAL_ARTICLES as u64),
        INDEX_GOAL.as_secs()
    );
    let memory = format!(
        "search index at {} articles, in at most {} MB (peak of the whole build, which includes it)",
        group(GOAL_ARTICLES as u64),
        megabytes(Some(INDEX_MEMORY_GOAL_KIB))
    );
    let Some(m) = m else {
        return format!("{time}: not measured (--sizes without {GOAL_ARTICLES})\n{memory}: not measured");
    };
    let on_busy = if busy { ", on a busy machine" } else { "" };
    let time = match m.index.and_then(|i| i.phase) {
        Some(p) => format!(
            "{time}: {} ({:.2} s{on_busy})",
            if p <= INDEX_GOAL {
                "goal met"
            } else {
                "goal missed"
            },
            p.as_secs_f64()
        ),
        None => format!("{time}: not measured (no `search index` line from --timings)"),
    };
    let memory = match m.peak_kib {
        Some(kib) => format!(
            "{memory}: {} ({} MB)",
            if kib <= INDEX_MEMORY_GOAL_KIB {
                "goal met"
            } else {
                "goal missed"
            },
            megabytes(Some(kib))
        ),
        None => format!("{memory}: not measured"),
    };
    format!("{time}\n{memory}")
}

/// Writes the shell every page of the bench is rendered into, and says
/// where it came from: the app's own shell if it has been built here,
/// else a minimal one.
fn bench_shell(root: &Path, dir: &Path) -> Result<(PathBuf, String), Failure> {
    let shell = dir.join("shell.html");
    let (text, from) = SHELLS
        .iter()
        .find_map(|rel| {
            let text = fs::read_to_string(root.join(rel)).ok()?;
            is_shell(&text).then(|| (text, format!("a copy of {rel}")))
        })
        .unwrap_or_else(|| {
            (
                MINIMAL_SHELL.to_string(),
                format!("a minimal shell: no {} here", SHELLS.join(" or ")),
            )
        });
    fs::write(&shell, text).or_else(|e| fail(format!("cannot write {}: {e}", shell.display())))?;
    Ok((shell, from))
}

/// Whether broadsheet-press takes `text` as a shell (`pages::Shell::parse`):
/// a `</head>`, then a `<body`, and not a page rendered before.
fn is_shell(text: &str) -> bool {
    text.find("</head>")
        .is_some_and(|head_end| text[head_end..].contains("<body"))
        && !text.contains("data-route")
}

/// A full build of the `n`-article archive in `src` into `out`.
fn press_build(
    peak: Peak,
    press: &Path,
    src: &Path,
    out: &Path,
    shell: &Path,
    dir: &Path,
    n: usize,
) -> Result<Measured, Failure> {
    let mut build = Command::new(press);
    build
        .args(["build", "--timings", "--content"])
        .arg(src)
        .arg("--out")
        .arg(out)
        .arg("--shell")
        .arg(shell)
        .env_remove("TRUNK_STAGING_DIR");
    // A full build: the search index's analysis cache starts empty. (Its
    // phase, files and bytes are in the press's own lines, printed below.)
    let cache = dir.join(format!("search-cache-{n}"));
    let _ = fs::remove_dir_all(&cache);
    // The photographs' copies were made once (`encode_photos`): Hugo makes
    // none, so the timed builds copy them from the cache.
    copy_tree(&dir.join(PHOTO_CACHE).join("photos"), &cache.join("photos"))
        .map_err(|e| Failure(format!("copying the photo cache: {e}")))?;
    build.env("BROADSHEET_PRESS_CACHE", &cache);
    let log = dir.join(format!("press-{n}.log"));
    warm(src);
    let load = load();
    // Its output too, for the `search index` phase.
    let run = timed(peak, &build, &log, true)?;
    let output = fs::read_to_string(&log).unwrap_or_default();
    if !run.success {
        eprint!("{output}");
        return fail(format!("broadsheet-press failed on the {n}-article archive"));
    }
    // The synthetic archive's own warnings (articles without a hero image),
    // the same every run: only their count is shown.
    for line in output.lines().filter(|l| !l.starts_with("warning: ")) {
        println!("{line}");
    }
    if let Some(summary) = photo_summary(&output) {
        println!("{summary}");
    }
    let index = tree(&out.join(INDEX_DIR));
    let mut m = measured("broadsheet-press", n, &run, out, &load);
    m.index = Some(Index {
        phase: phase(&output, "search index"),
        files: index.files,
        bytes: index.bytes,
        disk: index.disk,
    });
    Ok(m)
}

/// Where `encode_photos` keeps the copies the timed builds reuse.
const PHOTO_CACHE: &str = "photo-cache";

/// Encodes the synthetic archive's photographs (a JPEG per section, the
/// same at every size) once, untimed beside Hugo, and prints what each took
/// and the bytes saved (docs/images.md): a build of `src` (the smallest
/// archive) with an empty cache, whose copies the timed builds then reuse.
fn encode_photos(press: &Path, src: &Path, dir: &Path, shell: &Path) -> Result<(), Failure> {
    println!("\n== photographs (AVIF and JPEG copies of each, encoded from an empty cache)");
    let cache = dir.join(PHOTO_CACHE);
    let out = dir.join("out-photos");
    let _ = fs::remove_dir_all(&cache);
    let _ = fs::remove_dir_all(&out);
    let log = dir.join("press-photos.log");
    let mut build = Command::new(press);
    build
        .args(["build", "--timings", "--content"])
        .arg(src)
        .arg("--out")
        .arg(&out)
        .arg("--shell")
        .arg(shell)
        .env_remove("TRUNK_STAGING_DIR")
        .env("BROADSHEET_PRESS_CACHE", &cache);
    let run = timed(Peak::Proc, &build, &log, true)?;
    let output = fs::read_to_string(&log).unwrap_or_default();
    let _ = fs::remove_dir_all(&out);
    if !run.success {
        eprint!("{output}");
        return fail("broadsheet-press failed encoding the photographs");
    }
    for line in output.lines().filter(|l| l.trim_start().starts_with("encoded ")) {
        println!("{line}");
    }
    println!(
        "{}",
        photo_summary(&output).unwrap_or_else(|| "photos: none".into())
    );
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The photographs' figures from the press's lines (docs/images.md): the
/// encode time of each photograph (`  encoded media/x.jpg  1.234 s`), and
/// the bytes a reader is served against the originals' (`…: photos: …;
/// originals N bytes, served M bytes …`).
fn photo_summary(output: &str) -> Option<String> {
    let times: Vec<f64> = output
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("encoded "))
        .filter_map(|l| l.trim_end().strip_suffix(" s")?.rsplit(' ').next()?.parse().ok())
        .collect();
    let line = output.lines().find(|l| l.contains(": photos: "))?;
    let number_after = |label: &str| -> Option<f64> {
        let rest = &line[line.find(label)? + label.len()..];
        rest.split_whitespace().next()?.parse().ok()
    };
    let (original, served) = (number_after("originals ")?, number_after("served ")?);
    let encode = if times.is_empty() {
        "none encoded (all from the cache)".to_string()
    } else {
        let total: f64 = times.iter().sum();
        let slowest = times.iter().cloned().fold(0.0, f64::max);
        format!(
            "{} encoded, {:.2} s a photo on average (slowest {:.2} s, {:.1} s in all)",
            times.len(),
            total / times.len() as f64,
            slowest,
            total
        )
    };
    let saved = if original > 0.0 {
        100.0 * (1.0 - served / original)
    } else {
        0.0
    };
    Some(format!(
        "photos: {encode}; served {served:.0} of the originals' {original:.0} bytes ({saved:.0} % saved)"
    ))
}

/// A phase's time from the press's `--timings` lines (`  search index  1.234 s`).
fn phase(output: &str, name: &str) -> Option<Duration> {
    output.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix(name)?;
        let seconds: f64 = rest.trim().strip_suffix(" s")?.trim().parse().ok()?;
        Some(Duration::from_secs_f64(seconds))
    })
}

/// Reads every file under `src` once, untimed, so that each build finds its
/// sources in the page cache. Without it the first build of an archive
/// waits for the disk (here, 100 000 cold reads took about a minute, against
/// 10 s of reading and parsing them when cached) and the next, Hugo's,
/// finds them cached; and a large build's output can push them out of the
/// cache again.
fn warm(src: &Path) {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => stack.push(entry.path()),
                Ok(_) => files.push(entry.path()),
                Err(_) => {}
            }
        }
    }
    // A few readers at once, so that the disk has several requests to serve.
    let share = files.len().div_ceil(4).max(1);
    std::thread::scope(|scope| {
        for chunk in files.chunks(share) {
            scope.spawn(move || {
                for file in chunk {
                    let _ = fs::read(file);
                }
            });
        }
    });
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

/// Files, bytes and HTML pages under `dir`.
fn tree(dir: &Path) -> Tree {
    let mut t = Tree::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => stack.push(entry.path()),
                Ok(_) => {
                    let meta = entry.metadata().ok();
                    let len = meta.as_ref().map_or(0, |m| m.len());
                    t.files += 1;
                    t.bytes += len;
                    t.disk += meta.map_or(0, |m| std::os::unix::fs::MetadataExt::blocks(&m) * 512);
                    let name = entry.file_name();
                    if (name == "index.html" || name == "404.html") && !is_redirect(&entry.path(), len) {
                        t.pages += 1;
                        t.page_bytes += len;
                    }
                }
                Err(_) => {}
            }
        }
    }
    t
}

/// Hugo writes each section's `page/1/` as a redirect to the section: a
/// file of its output, but not a page of the site.
fn is_redirect(path: &Path, len: u64) -> bool {
    len < 1024 && fs::read_to_string(path).is_ok_and(|t| t.contains("http-equiv=\"refresh\""))
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

/// Hugo's settings: the synthetic archive's site, 12 to a section page as
/// in its site.toml, dates from `published` and `updated`, no tag pages
/// (the app has none).
const HUGO_CONFIG: &str = r#"baseURL = "https://courier.example.org/"
title = "The Synthetic Courier"
languageCode = "en-gb"
disableKinds = ["taxonomy", "term"]
disableAliases = true
pluralizeListTitles = false
paginate = 12
[pagination]
pagerSize = 12
[params]
tagline = "Every story made up, every byte counted"
[frontmatter]
date = ["published", ":default"]
lastmod = ["updated", "published", ":default"]
"#;

/// A minimal theme: what every page shares (head with description,
/// canonical link and stylesheet; the sections in the header).
const HUGO_BASEOF: &str = r#"<!doctype html><html lang="{{ site.LanguageCode }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ block "title" . }}{{ site.Title }}{{ end }}</title><meta name="description" content="{{ block "description" . }}{{ site.Params.tagline }}{{ end }}"><link rel="canonical" href="{{ .Permalink }}"><link rel="stylesheet" href="/main.css"></head><body><header><a href="/">{{ site.Title }}</a><nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header><main>{{ block "main" . }}{{ end }}</main><footer><p>{{ site.Title }}: {{ site.Params.tagline }}</p></footer></body></html>
"#;

/// An article: its section, headline, standfirst, hero, byline, date,
/// reading time, body and tags, then the newest in its section and the
/// newest of all (as the app's rail; Hugo's related content is left out).
const HUGO_SINGLE: &str = r#"{{ define "title" }}{{ .Params.headline }} | {{ site.Title }}{{ end }}{{ define "description" }}{{ .Params.standfirst }}{{ end }}{{ define "main" }}<article><p><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></p><h1>{{ .Params.headline }}</h1><p>{{ .Params.standfirst }}</p>{{ with .Params.hero }}<figure><img src="{{ $.CurrentSection.RelPermalink }}{{ .src }}" alt="{{ .alt }}" width="{{ .width }}" height="{{ .height }}"><figcaption>{{ .caption }} {{ .credit }}</figcaption></figure>{{ end }}<p>{{ delimit .Params.authors ", " }} · <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time> · {{ .ReadingTime }} min read</p>{{ .Content }}<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul></article><aside><h2>More in {{ .CurrentSection.Title }}</h2><ul>{{ range first 4 .CurrentSection.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul><h2>Latest</h2><ul>{{ range first 8 site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul></aside>{{ end }}
"#;

/// A section's pages, 12 summaries each, newest first, with their pager.
const HUGO_LIST: &str = r#"{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pager := .Paginate .Pages }}<ul>{{ range $pager.Pages }}<li><article><h2><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></h2><p>{{ .Params.standfirst }}</p><time>{{ .Date.Format "2 January 2006" }}</time></article></li>{{ end }}</ul><nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a> {{ end }}Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}{{ with $pager.Next }} <a href="{{ .URL }}">Older</a>{{ end }}</nav>{{ end }}
"#;

/// The home page, as the app's front page: the lead, four top stories,
/// four from each section, the eight latest.
const HUGO_HOME: &str = r#"{{ define "main" }}{{ $all := site.RegularPages }}{{ range first 1 $all }}<article><h1><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></h1><p>{{ .Params.standfirst }}</p></article>{{ end }}<ul>{{ range first 4 (after 1 $all) }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a> {{ .Params.standfirst }}</li>{{ end }}</ul>{{ range site.Sections }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><ul>{{ range first 4 .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul></section>{{ end }}<h2>Latest</h2><ul>{{ range first 8 $all }}<li><a href="{{ .RelPermalink }}">{{ .Params.headline }}</a></li>{{ end }}</ul>{{ end }}
"#;

const HUGO_404: &str = r#"{{ define "main" }}<h1>Page not found</h1><p><a href="/">{{ site.Title }}</a></p>{{ end }}
"#;

/// A minimal Hugo site over the same Markdown, made afresh each run: a page
/// per article, paged section lists, a home page and a not-found page (as
/// broadsheet-press writes), and Hugo's own RSS feeds and sitemap.
fn hugo_site(dir: &Path) -> Result<PathBuf, Failure> {
    let site = dir.join("hugo-site");
    if site.exists() {
        fs::remove_dir_all(&site).or_else(|e| fail(format!("cannot remove {}: {e}", site.display())))?;
    }
    let files = [
        ("hugo.toml", HUGO_CONFIG),
        ("layouts/_default/baseof.html", HUGO_BASEOF),
        ("layouts/_default/single.html", HUGO_SINGLE),
        ("layouts/_default/list.html", HUGO_LIST),
        ("layouts/index.html", HUGO_HOME),
        ("layouts/404.html", HUGO_404),
    ];
    for (rel, text) in files {
        let path = site.join(rel);
        fs::create_dir_all(path.parent().expect("a folder"))
            .and_then(|_| fs::write(&path, text))
            .or_else(|e| fail(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(site)
}

fn hugo_build(peak: Peak, dir: &Path, site: &Path, src: &Path, n: usize) -> Result<Measured, Failure> {
    let out = dir.join(format!("hugo-{n}"));
    let mut hugo = Command::new("hugo");
    hugo.arg("--source")
        .arg(site)
        .arg("--contentDir")
        .arg(src)
        .arg("--destination")
        .arg(&out)
        .args(["--noBuildLock", "--cacheDir"])
        .arg(dir.join("hugo-cache"));
    let log = dir.join(format!("hugo-{n}.log"));
    warm(src);
    let load = load();
    let run = timed(peak, &hugo, &log, true)?;
    if !run.success {
        return fail(format!(
            "hugo failed on the {n}-article archive:\n{}",
            fs::read_to_string(&log).unwrap_or_default()
        ));
    }
    Ok(measured("hugo", n, &run, &out, &load))
}

/// What a build in `out` gave, said in a line.
fn measured(who: &str, n: usize, run: &Timed, out: &Path, load: &str) -> Measured {
    let out = tree(out);
    let cpu = run.cpu.map_or_else(String::new, |(user, system)| {
        format!(" (CPU {user:.2} s user + {system:.2} s system)")
    });
    println!(
        "{who}: {} articles in {:.2} s{cpu}, {} pages, peak {} MB; load average before: {load}",
        group(n as u64),
        run.took.as_secs_f64(),
        group(out.pages),
        megabytes(run.peak_kib)
    );
    Measured {
        took: run.took,
        peak_kib: run.peak_kib,
        out,
        index: None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shells() {
        assert!(is_shell(MINIMAL_SHELL));
        assert!(is_shell(
            "<html><meta charset=utf-8></head><body class=x></body></html>"
        ));
        assert!(!is_shell("<html><body></body></html>"));
        assert!(!is_shell("<html></head><body data-route=\"/\"></body></html>"));
    }

    #[test]
    fn pages_are_counted_and_redirects_are_not() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-tree-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let put = |rel: &str, text: &str| {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        put("index.html", "<p>home</p>");
        put("404.html", "<p>lost</p>");
        put("world/a/index.html", "<p>a</p>");
        let redirect = "<meta http-equiv=\"refresh\" content=\"0; url=/world/\">";
        put("world/page/1/index.html", redirect);
        put("content/site.json", "{}");
        let t = tree(&dir);
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            t,
            Tree {
                files: 5,
                bytes: 11 + 11 + 8 + redirect.len() as u64 + 2,
                pages: 3,
                page_bytes: 11 + 11 + 8,
                // Whole blocks, as the file system allocates them.
                disk: t.disk,
            }
        );
    }

    #[test]
    fn photo_figures_from_the_press_lines() {
        let output = "broadsheet-press: photos: 2 (2 encoded, 0 from the cache); originals 400000 bytes, \
                      served 40000 bytes (each one's avif copy at most 800 px wide), all copies 9 bytes\n  \
                      encoded media/world/picture-0.jpg  1.500 s\n  encoded media/sport/picture-0.jpg  0.500 s\n";
        assert_eq!(
            photo_summary(output).as_deref(),
            Some(
                "photos: 2 encoded, 1.00 s a photo on average (slowest 1.50 s, 2.0 s in all); \
                 served 40000 of the originals' 400000 bytes (90 % saved)"
            )
        );
        assert_eq!(photo_summary("broadsheet-press: 1 articles\n"), None);
    }

    #[test]
    fn phases_from_the_press_timings() {
        let output = "broadsheet-press: 10 articles in 2 sections -> out (40 files, 9000 bytes)\n\
                      broadsheet-press: search index: 12 files, 3000 bytes; 10 articles analysed, 0 from the cache\n  \
                      write               0.125 s\n  search index        1.500 s\n  swap in             0.010 s\n";
        assert_eq!(phase(output, "search index"), Some(Duration::from_millis(1500)));
        assert_eq!(phase(output, "write"), Some(Duration::from_millis(125)));
        assert_eq!(phase(output, "related"), None);
        assert_eq!(phase("", "search index"), None);
    }

    #[test]
    fn groups() {
        assert_eq!(group(1_234_567), "1 234 567");
        assert_eq!(group(100), "100");
    }
}
