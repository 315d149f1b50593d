//! Lighthouse's mobile audit of the home page and an article (issue 15:
//! LCP ≤ 1.2 s on both), when `cargo xtask bench` has installed Lighthouse
//! and named its command line in `BROADSHEET_BENCH_LIGHTHOUSE`.
//!
//! Lighthouse runs as it does by default: the mobile form factor and its
//! simulated "slow 4G" throttling (150 ms round trips, 1.6 Mbit/s, a CPU
//! 4× slower), in a Chromium of its own that it starts (the same Debian
//! Chromium, headless, with the pinned fonts). Only the performance
//! category is audited. Timings: printed, never a failure.
//!
//! Each page is audited twice over: over plain HTTP/1.1, and over HTTPS
//! with HTTP/2 as hosts and CDNs serve it (the same nginx and config, with
//! docs/deploy.md's TLS lines and a self-signed certificate, which the
//! audit's Chromium is told to accept). Lighthouse's simulation gives every
//! HTTP/1.1 request a cold connection of its own, and HTTP/2 requests to one
//! origin one shared connection, so the two differ (docs/performance.md).
//! The bench checks that each report's page came by the protocol meant.
//!
//! The LCP goal is judged over HTTPS with HTTP/2, the way the site is
//! served (docs/deploy.md). Over plain HTTP/1.1 the simulation opens a cold
//! connection for the preloaded typeface (issue 14), which alone puts `/`
//! some 0.25 s later there (docs/performance.md, "The Lighthouse goal");
//! those rows are printed for comparison.

use crate::check::{fail, Result};
use crate::report::cell;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The figures printed, by their Lighthouse audit id, and how they are
/// shown: label, unit's divisor from Lighthouse's value, decimals, goal.
const AUDITS: &[(&str, &str, f64, usize, &str)] = &[
    ("first-contentful-paint", "FCP, s", 1000.0, 2, ""),
    ("largest-contentful-paint", "LCP, s", 1000.0, 2, "[≤ 1.2]"),
    ("speed-index", "Speed Index, s", 1000.0, 2, ""),
    ("total-blocking-time", "Total Blocking Time, ms", 1.0, 0, ""),
    ("cumulative-layout-shift", "CLS", 1.0, 4, "[≤ 0.002]"),
];

/// The protocol a page is expected to come by, by the address's scheme:
/// Lighthouse's name for it, and the suffix of the kept report's name.
pub fn protocol(base: &str) -> (&'static str, &'static str) {
    if base.starts_with("https://") {
        ("h2", "-h2")
    } else {
        ("http/1.1", "")
    }
}

/// The protocol the audited page's document came by, from the report's
/// list of requests.
fn document_protocol(report: &Value) -> Option<&str> {
    let page = report["finalDisplayedUrl"].as_str()?;
    report["audits"]["network-requests"]["details"]["items"]
        .as_array()?
        .iter()
        .find(|r| r["url"].as_str() == Some(page))?["protocol"]
        .as_str()
}

/// Audits each of `paths` under `base` `runs` times (over HTTPS, with
/// HTTP/2 expected, when `base` is `https://`). The last report of each
/// page stays in `keep` (`home.json`, or the page's last path segment;
/// `-h2` added over HTTPS), to be read in full or opened in Lighthouse's
/// viewer.
pub fn measure(
    cli: &Path,
    base: &str,
    paths: &[&str],
    runs: usize,
    keep: &Path,
) -> Result<Vec<(String, Vec<Value>)>> {
    std::fs::create_dir_all(keep)?;
    let fonts = crate::browser::pinned_fonts()?;
    let (expected, suffix) = protocol(base);
    // The bench's certificate is self-signed.
    let accept_certificate = if suffix.is_empty() {
        ""
    } else {
        " --ignore-certificate-errors"
    };
    let mut audited = Vec::new();
    for path in paths {
        let mut reports = Vec::new();
        let name = path
            .trim_matches('/')
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("home");
        let out = keep.join(format!("{name}{suffix}.json"));
        for run in 0..runs {
            crate::run::progress(&format!(
                "Lighthouse, mobile, {expected}, {path}, run {}",
                run + 1
            ));
            let status = Command::new(cli)
                .arg(format!("{base}{path}"))
                .args(["--only-categories=performance", "--output=json", "--quiet"])
                .arg(format!(
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
                     --disable-background-networking --disable-component-update --disable-sync --no-first-run\
                     {accept_certificate}"
                ))
                .arg(format!("--output-path={}", out.display()))
                .env("CHROME_PATH", crate::browser::CHROMIUM)
                .env("FONTCONFIG_FILE", &fonts)
                .status()?;
            if !status.success() {
                return Err(fail(format!("lighthouse {base}{path} failed ({status})")));
            }
            let report: Value = serde_json::from_slice(&std::fs::read(&out)?)?;
            if let Some(error) = report["runtimeError"]["message"].as_str() {
                return Err(fail(format!("lighthouse {base}{path}: {error}")));
            }
            let came_by = document_protocol(&report);
            if came_by != Some(expected) {
                return Err(fail(format!(
                    "lighthouse {base}{path}: the page came by {came_by:?}, not {expected} (report: {})",
                    out.display()
                )));
            }
            reports.push(report);
        }
        audited.push((path.to_string(), reports));
    }
    Ok(audited)
}

pub fn print(base: &str, audited: &[(String, Vec<Value>)], kept: &Path) {
    let Some(version) = audited
        .first()
        .and_then(|(_, runs)| runs.first())
        .and_then(|r| r["lighthouseVersion"].as_str())
    else {
        return;
    };
    let (protocol, _) = protocol(base);
    println!(
        "\nLighthouse {version}, mobile (simulated slow 4G, CPU 4×), performance only, over {protocol} ({base}): \
         median (min–max) of {} runs",
        audited[0].1.len()
    );
    for (path, runs) in audited {
        println!("{path}");
        for &(id, label, divisor, digits, goal) in AUDITS {
            let figure = cell(runs, digits, |r| {
                Some(r["audits"][id]["numericValue"].as_f64()? / divisor)
            });
            let goal = match (id, protocol) {
                ("largest-contentful-paint", "http/1.1") => "[≤ 1.2 judged over HTTPS and HTTP/2, below]",
                _ => goal,
            };
            println!("  {label:<40} {figure:<24} {goal}");
        }
        let score = cell(runs, 0, |r| {
            Some(r["categories"]["performance"]["score"].as_f64()? * 100.0)
        });
        println!("  {:<40} {score}", "performance score");
        // Lighthouse's split of the (simulated) LCP, for a picture.
        for phase in ["TTFB", "Load Delay", "Load Time", "Render Delay"] {
            let figure = cell(runs, 0, |r| {
                r["audits"]["largest-contentful-paint-element"]["details"]["items"][1]["items"]
                    .as_array()?
                    .iter()
                    .find(|p| p["phase"].as_str() == Some(phase))?["timing"]
                    .as_f64()
            });
            println!("  {:<40} {figure}", format!("LCP: {phase}, ms"));
        }
        let lcp_element = runs
            .first()
            .and_then(|r| {
                r["audits"]["largest-contentful-paint-element"]["details"]["items"][0]["items"][0]["node"]
                    ["selector"]
                    .as_str()
            })
            .unwrap_or("?");
        println!("  {:<40} {lcp_element}", "LCP element (first run)");
    }
    println!("each page's last report: {}", kept.display());
}
