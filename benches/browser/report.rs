//! The table the measurements make: medians (min–max) over the runs, each
//! figure with its goal in brackets. What each figure means:
//! docs/performance.md.

use crate::run::{Figures, CPU_SLOWDOWN, DOWN_KBIT, FONT_DELAY_MS, LATENCY_MS, UP_KBIT};
use serde_json::Value;
use std::time::Duration;

/// Goals (docs/performance.md), printed beside the figures; none fails the
/// bench.
const LCP_GOAL_MS: f64 = 1000.0;
const CLS_GOAL: f64 = 0.002;
const TASK_GOAL_MS: f64 = 50.0;
/// Bytes transferred before the first paint.
const PAINT_GOAL_KB: f64 = 50.0;
/// Font bytes a first visit to an article may cost.
const FONT_GOAL_KB: f64 = 60.0;
const NAV_GOAL_MS: f64 = 50.0;

/// The shift "through the takeover" counts every shift from navigation
/// start until this long after `data-app` is set, so that what the app
/// fills in after its first render (the date bar, dates, the form's draft)
/// is in: on a busy machine, throttled, the date bar's shift came 470 ms
/// after `data-app`.
const TAKEOVER_TAIL_MS: f64 = 1000.0;

/// Median, min and max.
pub(crate) fn spread(mut values: Vec<f64>) -> Option<(f64, f64, f64)> {
    values.retain(|v| v.is_finite());
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = match n {
        0 => return None,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    };
    Some((median, values[0], values[n - 1]))
}

pub(crate) fn median(values: Vec<f64>) -> f64 {
    spread(values).map_or(f64::NAN, |s| s.0)
}

/// "median (min–max)" of `f` over the runs, with `digits` decimals.
pub(crate) fn cell(runs: &[Value], digits: usize, f: impl Fn(&Value) -> Option<f64>) -> String {
    match spread(runs.iter().filter_map(f).collect()) {
        Some((median, min, max)) => format!("{median:.digits$} ({min:.digits$}–{max:.digits$})"),
        None => "–".to_string(),
    }
}

/// The same cell, unthrottled and throttled.
fn cells(runs: &[Vec<Value>; 2], digits: usize, f: impl Fn(&Value) -> Option<f64> + Copy) -> [String; 2] {
    [cell(&runs[0], digits, f), cell(&runs[1], digits, f)]
}

/// "n of N runs" in which `f` holds (N: the runs that have the figure).
fn tally(runs: &[Value], f: impl Fn(&Value) -> Option<bool>) -> String {
    let answers: Vec<bool> = runs.iter().filter_map(f).collect();
    let yes = answers.iter().filter(|&&b| b).count();
    format!("{yes} of {} runs", answers.len())
}

/// A row of the first-visit tables: label, unthrottled, throttled, goal.
fn row(label: &str, [unthrottled, throttled]: [String; 2], goal: &str) {
    println!("  {label:<44} {unthrottled:<22} {throttled:<22} {goal}");
}

/// One figure of a run, if it has it.
type Metric = fn(&Value) -> Option<f64>;

fn number(v: &Value, pointer: &str) -> Option<f64> {
    v.pointer(pointer).and_then(Value::as_f64)
}

fn requests(run: &Value) -> impl Iterator<Item = &Value> {
    run["requests"].as_array().into_iter().flatten()
}

fn path_ends(request: &Value, suffix: &str) -> bool {
    request["path"].as_str().is_some_and(|p| p.ends_with(suffix))
}

/// When the wasm had downloaded (its `responseEnd`), ms from navigation start.
fn wasm_end(run: &Value) -> Option<f64> {
    requests(run)
        .filter(|r| path_ends(r, "_bg.wasm"))
        .filter_map(|r| r["end"].as_f64())
        .reduce(f64::max)
}

/// When `<html data-app>` was set: the app had taken the page over.
fn app_at(run: &Value) -> Option<f64> {
    number(run, "/app/at")
}

fn fcp_before_wasm(run: &Value) -> Option<bool> {
    Some(number(run, "/fcp")? < wasm_end(run)?)
}

/// The layout shifts from navigation start to `TAKEOVER_TAIL_MS` after the
/// takeover, added up.
fn takeover_cls(run: &Value) -> Option<f64> {
    let until = app_at(run)? + TAKEOVER_TAIL_MS;
    let shifts = run["shifts"].as_array()?;
    Some(
        shifts
            .iter()
            .filter_map(|s| Some((s[0].as_f64()?, s[1].as_f64()?)))
            .filter(|(at, _)| *at <= until)
            // From 0.0: a float `sum()` of no shifts is -0.0, printed "-0.0000".
            .fold(0.0, |total, (_, value)| total + value),
    )
}

/// The longest task (over 50 ms: 0 if none) overlapping the time from the
/// wasm's arrival to the takeover.
fn takeover_task(run: &Value) -> Option<f64> {
    let (from, to) = (wasm_end(run)?, app_at(run)?);
    let tasks = run["tasks"].as_array()?;
    Some(
        tasks
            .iter()
            .filter_map(|t| Some((t[0].as_f64()?, t[1].as_f64()?)))
            .filter(|(start, duration)| *start < to && start + duration > from)
            .map(|(_, duration)| duration)
            .fold(0.0, f64::max),
    )
}

/// What the document and every response that had ended by the first paint
/// transferred (`transferSize`, headers included), in KB.
fn kb_before_paint(run: &Value) -> Option<f64> {
    let fcp = number(run, "/fcp")?;
    Some(
        requests(run)
            .filter(|r| r["end"].as_f64().is_some_and(|end| end <= fcp))
            .filter_map(|r| r["bytes"].as_f64())
            .sum::<f64>()
            / 1024.0,
    )
}

/// The bytes of the woff2 files a visit fetched, in KB.
fn font_kb(run: &Value) -> Option<f64> {
    run["requests"].as_array()?;
    Some(
        requests(run)
            .filter(|r| path_ends(r, ".woff2"))
            .filter_map(|r| r["bytes"].as_f64())
            .sum::<f64>()
            / 1024.0,
    )
}

fn transferred_kb(run: &Value) -> Option<f64> {
    run["requests"].as_array()?;
    Some(requests(run).filter_map(|r| r["bytes"].as_f64()).sum::<f64>() / 1024.0)
}

/// A run's layout shifts, each as "0.0016 at −850 ms from data-app (p.x)".
fn shift_times(run: &Value) -> String {
    let app = app_at(run).unwrap_or(f64::NAN);
    let each: Vec<String> = run["shifts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| {
            let (at, value) = (s[0].as_f64()?, s[1].as_f64()?);
            Some(format!(
                "{value:.4} at {:+.0} ms from data-app ({})",
                at - app,
                s[2].as_str().unwrap_or("?")
            ))
        })
        .collect();
    each.join(", ")
}

/// Distinct values of the string at `pointer` over the runs, each with how
/// many runs had it: "h1 ×7".
fn kinds(runs: &[Value], pointer: &str) -> String {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for run in runs {
        let v = run.pointer(pointer).and_then(Value::as_str).unwrap_or("none");
        let v = if v.is_empty() { "none" } else { v };
        match seen.iter_mut().find(|(s, _)| s == v) {
            Some((_, n)) => *n += 1,
            None => seen.push((v.to_string(), 1)),
        }
    }
    let each: Vec<String> = seen.iter().map(|(s, n)| format!("{s} ×{n}")).collect();
    each.join(", ")
}

pub fn print_report(f: &Figures, runs: usize, load_before: &str, load_after: &str, took: Duration) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("\nBroadsheet in headless Chromium: {runs} runs of each, median (min–max), [goal]");
    println!("browser: {}", f.chromium.trim_matches('"'));
    println!(
        "machine: {cores} cores, load average {load_before} before and {load_after} after ({:.0} s)",
        took.as_secs_f64()
    );
    println!(
        "throttled: {LATENCY_MS} ms added to each request, {DOWN_KBIT:.0} kbit/s down, {UP_KBIT:.0} kbit/s up, \
         CPU {CPU_SLOWDOWN}× slower (Lighthouse's mobile \"slow 4G\")"
    );

    first_visits(f);
    waterfalls(f);
    in_app(f);

    println!(
        "\nafter home → section → article (unthrottled, after a garbage collection): JS heap {} KB, wasm memory {} KB",
        cell(&f.journey[0], 0, |r| Some(number(r, "/heap/js")? / 1024.0)),
        cell(&f.journey[0], 0, |r| Some(number(r, "/heap/wasm")? / 1024.0)),
    );
}

fn first_visits(f: &Figures) {
    println!(
        "\nfirst visit, empty cache, ms from navigation start {:<4} {:<22} {:<22} [goal]",
        "", "unthrottled", "throttled"
    );
    for (label, visits) in [("/", &f.home), (f.article_path.as_str(), &f.article)] {
        println!("{label}");
        row("FCP", cells(visits, 0, |r| number(r, "/fcp")), "");
        row(
            "the wasm downloaded (its responseEnd)",
            cells(visits, 0, wasm_end),
            "",
        );
        row(
            "FCP before the wasm had downloaded",
            [
                tally(&visits[0], fcp_before_wasm),
                tally(&visits[1], fcp_before_wasm),
            ],
            "[every run]",
        );
        row(
            "LCP",
            cells(visits, 0, |r| number(r, "/lcp")),
            &format!("[≤ {LCP_GOAL_MS:.0} throttled]"),
        );
        row("app took over (data-app set)", cells(visits, 0, app_at), "");
        row(
            &format!("CLS through the takeover (to +{TAKEOVER_TAIL_MS:.0} ms)"),
            cells(visits, 4, takeover_cls),
            &format!("[≤ {CLS_GOAL}]"),
        );
        row(
            "CLS, whole visit (Web Vitals)",
            cells(visits, 4, |r| number(r, "/cls")),
            "",
        );
        row(
            "longest task, wasm downloaded → data-app",
            cells(visits, 0, takeover_task),
            &format!("[≤ {TASK_GOAL_MS:.0}; 0: none over 50]"),
        );
        row(
            "longest task, whole visit",
            cells(visits, 0, |r| number(r, "/longest")),
            "",
        );
        row(
            "KB transferred before FCP",
            cells(visits, 1, kb_before_paint),
            &format!("[≤ {PAINT_GOAL_KB:.0}]"),
        );
        row(
            "KB transferred, whole visit",
            cells(visits, 1, transferred_kb),
            "",
        );
        if label == f.article_path {
            row(
                "comment form answers typing (count changes)",
                cells(&f.form, 0, |r| number(r, "/form/responded")),
                "[no goal set]",
            );
            row(
                "  first keystroke, in those visits",
                cells(&f.form, 0, |r| number(r, "/form/typed")),
                "",
            );
            row("  app took over, in those visits", cells(&f.form, 0, app_at), "");
        }
        let mut shifted: Vec<&str> = visits
            .iter()
            .flatten()
            .flat_map(|r| {
                r["shifted"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
            })
            .collect();
        shifted.sort_unstable();
        shifted.dedup();
        println!(
            "  (throttled: largest paint {}; app {}; elements that moved, either: {})",
            kinds(&visits[1], "/lcpTag"),
            kinds(&visits[1], "/app/state"),
            if shifted.is_empty() {
                "none".to_string()
            } else {
                shifted.join(" ")
            }
        );
        for (net, runs) in ["unthrottled", "throttled"].iter().zip(visits) {
            if let Some(shifts) = runs.first().map(shift_times).filter(|s| !s.is_empty()) {
                println!("  ({net}, first run: shifts {shifts})");
            }
        }
    }
    println!(
        "{}, throttled, fonts {FONT_DELAY_MS} ms later than the rest: CLS {} [≤ {CLS_GOAL}], LCP {} ms",
        f.article_path,
        cell(&f.late_fonts, 4, |r| number(r, "/cls")),
        cell(&f.late_fonts, 0, |r| number(r, "/lcp")),
    );
    println!(
        "fonts on a first visit: {} KB to {}, {} KB to / [≤ {FONT_GOAL_KB:.0} KB to an article]",
        cell(&f.article[0], 1, font_kb),
        f.article_path,
        cell(&f.home[0], 1, font_kb),
    );
}

/// Every response of the throttled first visits: median start → end (ms
/// from navigation start), KB, who asked, and in how many runs it had
/// ended by the first paint.
fn waterfalls(f: &Figures) {
    println!(
        "\nfirst visit, throttled: each response, median ms from navigation start, start → end; KB; by whom; \
         ended before FCP in how many runs"
    );
    for (label, visits) in [("/", &f.home[1]), (f.article_path.as_str(), &f.article[1])] {
        println!("{label}   (FCP {} ms)", cell(visits, 0, |r| number(r, "/fcp")));
        let mut paths: Vec<String> = Vec::new();
        for r in visits.iter().flat_map(requests) {
            if let Some(path) = r["path"].as_str() {
                if !paths.iter().any(|p| p == path) {
                    paths.push(path.to_string());
                }
            }
        }
        let mut rows: Vec<(f64, String)> = paths
            .iter()
            .map(|path| {
                let mut starts = Vec::new();
                let (mut ends, mut kb, mut who, mut before) = (Vec::new(), Vec::new(), Vec::new(), 0);
                for run in visits {
                    let fcp = number(run, "/fcp").unwrap_or(f64::NAN);
                    for r in requests(run).filter(|r| r["path"].as_str() == Some(path)) {
                        let end = r["end"].as_f64().unwrap_or(f64::NAN);
                        starts.push(r["start"].as_f64().unwrap_or(f64::NAN));
                        ends.push(end);
                        kb.push(r["bytes"].as_f64().unwrap_or(0.0) / 1024.0);
                        before += usize::from(end <= fcp);
                        let by = r["initiator"].as_str().unwrap_or("?").to_string();
                        if !who.contains(&by) {
                            who.push(by);
                        }
                    }
                }
                let count = starts.len();
                let start = median(starts);
                let line = format!(
                    "  {path:<56} {start:>6.0} → {:>6.0}  {:>6.1} KB  {:<11} {before} of {count}",
                    median(ends),
                    median(kb),
                    who.join("+"),
                );
                (start, line)
            })
            .collect();
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (_, line) in rows {
            println!("{line}");
        }
    }
}

fn in_app(f: &Figures) {
    println!(
        "\nin-app navigation, click → painted       {:<20} {:<20} [goal]",
        "unthrottled ms", "throttled ms"
    );
    let nav = |pointer: &'static str| {
        move |r: &Value| {
            Some(number(r, &format!("{pointer}/painted"))? - number(r, &format!("{pointer}/click"))?)
        }
    };
    for (label, pointer) in [
        (format!("home → {}", f.section_names[0]), "/section"),
        ("section → article".to_string(), "/article"),
        (
            format!("home → {}, mouse rests first", f.section_names[1]),
            "/section_hovered",
        ),
        (
            "section → article, mouse rests first".to_string(),
            "/article_hovered",
        ),
    ] {
        println!(
            "  {label:<38} {:<20} {:<20} [≤ {NAV_GOAL_MS:.0}]",
            cell(&f.journey[0], 0, nav(pointer)),
            cell(&f.journey[1], 0, nav(pointer)),
        );
        println!(
            "    longest task during it, ms           {:<20} {:<20} [≤ {TASK_GOAL_MS:.0}]",
            cell(&f.journey[0], 0, |r| number(r, &format!("{pointer}/longest"))),
            cell(&f.journey[1], 0, |r| number(r, &format!("{pointer}/longest"))),
        );
    }

    println!(
        "\nsection page of {} summaries (synthetic)   {:<20} throttled ms",
        f.big_count, "unthrottled ms"
    );
    let rows: [(&str, Metric); 3] = [
        ("click → painted", |r| {
            Some(number(r, "/painted")? - number(r, "/click")?)
        }),
        ("its JSON arrived → painted", |r| {
            Some(number(r, "/painted")? - number(r, "/response")?)
        }),
        ("longest task", |r| number(r, "/longest")),
    ];
    for (label, f_of) in rows {
        println!(
            "  {label:<40} {:<20} {}",
            cell(&f.big[0], 0, f_of),
            cell(&f.big[1], 0, f_of)
        );
    }
}
