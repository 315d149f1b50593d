//! `cargo xtask bench-content`: how long a full build of broadsheet-press
//! takes (the content JSON, every page as HTML, the feeds and sitemap) on
//! synthetic archives of 1 000, 10 000 and 100 000 articles, how much memory
//! it needs at its peak, what it writes, and what a first visit downloads at
//! 100 and at 100 000 articles (the same bytes: the front page and section
//! pages have fixed sizes). Hugo renders the same Markdown to pages with a
//! minimal theme beside it, when it can be had.

mod hugo;
mod photos;
mod visits;

use crate::measure::{cores, load, load_1min, megabytes, release_press, timed, Peak, Timed};
use crate::size::measure;
use crate::util::{fail, project_root, run as run_command, Failure};
use hugo::{hugo_available, hugo_build, hugo_site};
use photos::{copy_tree, encode_photos, photo_summary, PHOTO_CACHE};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use visits::{compare_visits, first_visit};

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

pub fn run(args: &[String]) -> Result<(), Failure> {
    let o = options(args)?;
    let root = project_root();
    let dir = root.join("target/bench-content");
    fs::create_dir_all(&dir).or_else(|e| fail(format!("cannot make {}: {e}", dir.display())))?;

    let press = release_press()?;
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
