//! `cargo xtask bench-import`: `broadsheet-press import wordpress` on
//! synthetic WordPress exports (`broadsheet-press synth-wordpress`), timed,
//! with its peak memory, at two sizes, so that a flat memory shows: the
//! export is streamed, so the peak should not grow with the posts.

use crate::measure::{cores, load, megabytes, release_press, timed, Peak};
use crate::util::{fail, project_root, run as run_command, Failure};
use std::fs;
use std::path::Path;
use std::process::Command;

const USAGE: &str = "usage: cargo xtask bench-import [--posts N,M,…] [--seed S]

Writes synthetic WordPress exports of N posts (default 5000 and 50000; each
post with its featured image's attachment, comments, drafts, pages and menu
items among them) into target/bench-import/ (kept between runs), imports each
into a new content folder with the release press, and prints the time, the
peak memory (max RSS), posts a second and what was written; then runs
`broadsheet-press check` on the result.";

pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut sizes = vec![5_000usize, 50_000];
    let mut seed = 2024u64;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = || {
            args.clone()
                .next()
                .map(|v| v.replace('_', ""))
                .unwrap_or_default()
        };
        match arg.as_str() {
            "--posts" => {
                let parsed: Result<Vec<usize>, _> = value().split(',').map(str::parse).collect();
                sizes = parsed
                    .ok()
                    .filter(|s| !s.is_empty() && s.iter().all(|&n| n > 0))
                    .map_or_else(
                        || fail(format!("--posts needs numbers like 500,5000\n\n{USAGE}")),
                        Ok,
                    )?;
                args.next();
            }
            "--seed" => {
                seed = value()
                    .parse()
                    .or_else(|_| fail(format!("--seed needs a number\n\n{USAGE}")))?;
                args.next();
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return fail(format!("unknown option {other}\n\n{USAGE}")),
        }
    }
    let root = project_root();
    let dir = root.join("target/bench-import");
    fs::create_dir_all(&dir).or_else(|e| fail(format!("cannot make {}: {e}", dir.display())))?;
    let press = release_press()?;
    let peak = Peak::pick();
    println!("peak memory: {}", peak.describe());

    println!("\n== synthetic exports (kept between runs)");
    for &n in &sizes {
        let export = dir.join(format!("export-{n}-{seed}.xml"));
        if !export.exists() {
            run_command(
                Command::new(&press)
                    .args([
                        "synth-wordpress",
                        "--posts",
                        &n.to_string(),
                        "--seed",
                        &seed.to_string(),
                        "--out",
                    ])
                    .arg(&export),
                "broadsheet-press synth-wordpress",
            )?;
        }
        println!("{}: {:.1} MB", export.display(), size(&export) as f64 / 1e6);
    }

    println!("\nmachine: {} cores, load average {}", cores(), load());
    println!("\n== imports (broadsheet-press import wordpress, into an empty content folder)");
    let mut rows = Vec::new();
    for &n in &sizes {
        let export = dir.join(format!("export-{n}-{seed}.xml"));
        let content = dir.join(format!("content-{n}"));
        if content.exists() {
            fs::remove_dir_all(&content)
                .or_else(|e| fail(format!("cannot clear {}: {e}", content.display())))?;
        }
        let mut import = Command::new(&press);
        import
            .args(["import", "wordpress"])
            .arg(&export)
            .arg("--content")
            .arg(&content);
        let log = dir.join(format!("import-{n}.log"));
        let run = timed(peak, &import, &log, true)?;
        let output = fs::read_to_string(&log).unwrap_or_default();
        if !run.success {
            eprint!("{output}");
            return fail(format!("the import of {n} posts failed (log: {})", log.display()));
        }
        // The importer's own summary: its last lines.
        for line in output
            .lines()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            println!("  {line}");
        }
        let articles = count_md(&content);
        let mut check = Command::new(&press);
        check.args(["check", "--content"]).arg(&content);
        let check_log = dir.join(format!("check-{n}.log"));
        let checked = timed(peak, &check, &check_log, true)?;
        let check_output = fs::read_to_string(&check_log).unwrap_or_default();
        let verdict = check_output
            .lines()
            .rfind(|l| l.starts_with("broadsheet-press"))
            .unwrap_or("(no summary)")
            .to_string();
        println!("  press check: {verdict}");
        if !checked.success {
            return fail(format!(
                "press check found errors in the import of {n} posts (log: {})",
                check_log.display()
            ));
        }
        rows.push((n, run.took.as_secs_f64(), run.peak_kib, articles, size(&export)));
    }
    println!(
        "\n{:>8} {:>10} {:>10} {:>11} {:>10} {:>10}",
        "posts", "export MB", "import s", "posts/s", "peak MB", "articles"
    );
    for (n, secs, peak_kib, articles, bytes) in rows {
        println!(
            "{n:>8} {:>10.1} {secs:>10.2} {:>11.0} {:>10} {articles:>10}",
            bytes as f64 / 1e6,
            n as f64 / secs,
            megabytes(peak_kib)
        );
    }
    Ok(())
}

fn size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

/// Markdown articles under a content folder (one level of section folders).
fn count_md(content: &Path) -> usize {
    let Ok(sections) = fs::read_dir(content) else {
        return 0;
    };
    sections
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|e| fs::read_dir(e.path()).into_iter().flatten().flatten())
        .filter(|f| f.path().extension().is_some_and(|x| x == "md"))
        .count()
}
