//! Search (issue 16, docs/search.md) against the site `cargo xtask bench`
//! makes of a large synthetic archive (`BROADSHEET_BENCH_DIST_SEARCH`):
//! its content JSON and search index, the release build's app and search
//! module, and the search page. Each session opens `/search/` with an empty
//! cache, waits for the module to take the page over, then types two
//! queries into the page's box: the most common word then a rare one, or
//! the other way round. For each query: the time from its last keystroke
//! (the box's last `input` event) to the end of the first frame that shows
//! its results, and to the end of the frame after the last change to the
//! list (excerpts fetched from an article's file for a hit whose words lie
//! deeper than the index keeps), and the bytes transferred (Resource Timing
//! `transferSize`: compressed bodies and headers) from the keystroke on,
//! plus, for the first query, the search module, which the page loads
//! when it is shown. Never fails on a timing.

use crate::check::{fail, Result};
use crate::report;
use crate::run::{Bench, Net, BOTH};
use fantoccini::Locator;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The synthetic archive's most common word (docs/search.md: in 99 935 of
/// 100 000 articles), and the word `cargo xtask bench` plants at the end
/// of the body of 3 articles (xtask/src/bench.rs, `RARE_WORD`).
pub const COMMON_WORD: &str = "report";
pub const RARE_WORD: &str = "zeppelin";

/// Goals (docs/search.md), printed beside the figures.
const FIRST_GOAL_KB: f64 = 150.0;
const SECOND_GOAL_KB: f64 = 50.0;
const PAINTED_GOAL_MS: f64 = 300.0;

/// A query is over when its list and the requests have not changed for this long.
const QUIET: Duration = Duration::from_millis(1000);

/// Watches the search page: the box's `input` events and, after the last,
/// the first frame in which the status names the query and hits are
/// listed, and the frame after the list's last change. Installed once per
/// page; each call starts a query (`arguments[0]`: its word).
const ARM: &str = r##"
const word = arguments[0];
window.__search = { word, typed: null, first: null, last: null, status: "", hits: 0,
                    mark: performance.getEntriesByType("resource").length };
if (!window.__searchWatch) {
  window.__searchWatch = true;
  const frameEnd = (then) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => then(performance.now());
    channel.port2.postMessage(0);
  });
  document.addEventListener("input", (e) => {
    const s = window.__search;
    if (s && e.target && e.target.id === "search-q") {
      s.typed = performance.now();
      s.first = null;
      s.last = null;
    }
  }, true);
  new MutationObserver(() => {
    const s = window.__search;
    if (!s || s.typed === null) return;
    const status = document.getElementById("search-status");
    const text = status ? status.textContent : "";
    const hits = document.querySelectorAll("#search-results .search-hit").length;
    if (!(hits > 0 && text.includes("\u201c" + s.word + "\u201d"))) return;
    const typed = s.typed;
    frameEnd((at) => {
      if (s.typed !== typed) return;
      if (s.first === null) { s.first = at; s.status = text; s.hits = hits; }
      s.last = at;
    });
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}
"##;

const READ: &str = r#"
const s = window.__search;
const entries = performance.getEntriesByType("resource").map((e) => ({
  path: new URL(e.name).pathname, bytes: e.transferSize, body: e.encodedBodySize,
}));
return { typed: s.typed, first: s.first, last: s.last, status: s.status, hits: s.hits,
         mark: s.mark, entries };
"#;

/// The figures of one query: `ms` (keystroke to results painted), `all_ms`
/// (to the list's last change), `kb` and `files` transferred (`index_kb`
/// of them the module and index, the rest articles' files), `status`.
pub struct Figures {
    pub chromium: String,
    pub articles: String,
    /// `[unthrottled, throttled]`, each `(label, runs)` in a fixed order.
    pub queries: [Vec<(String, Vec<Value>)>; 2],
}

pub async fn measure(bench: &Bench<'_>, base: &str, runs: usize) -> Result<Figures> {
    let articles = std::env::var("BROADSHEET_BENCH_SEARCH_ARTICLES").unwrap_or_else(|_| "?".into());
    let orders = [[COMMON_WORD, RARE_WORD], [RARE_WORD, COMMON_WORD]];
    let labels = [
        format!("first query, most common word \"{COMMON_WORD}\""),
        format!("second query, rare word \"{RARE_WORD}\""),
        format!("first query, rare word \"{RARE_WORD}\""),
        format!("second query, most common word \"{COMMON_WORD}\""),
    ];
    let mut f = Figures {
        chromium: String::new(),
        articles,
        queries: Default::default(),
    };
    for (i, net) in BOTH.into_iter().enumerate() {
        f.queries[i] = labels.iter().map(|l| (l.clone(), Vec::new())).collect();
        for run in 0..runs {
            for (o, words) in orders.iter().enumerate() {
                crate::run::progress(&format!(
                    "search, {}, run {}, {} then {}",
                    net.name(),
                    run + 1,
                    words[0],
                    words[1]
                ));
                let s = bench.start(base, net).await?;
                let measured = session(&s.page, words).await;
                if f.chromium.is_empty() {
                    if let Ok(agent) = s.page.js("return navigator.userAgent;", vec![]).await {
                        f.chromium = agent.as_str().unwrap_or_default().to_string();
                    }
                }
                s.end().await;
                let [first, second] = measured?;
                f.queries[i][o * 2].1.push(first);
                f.queries[i][o * 2 + 1].1.push(second);
            }
        }
    }
    eprintln!();
    Ok(f)
}

/// Opens the search page and types `words[0]`, then `words[1]`.
async fn session(page: &crate::browser::Page, words: &[&str; 2]) -> Result<[Value; 2]> {
    page.open("/search/").await?;
    // The module has taken the page over once it has added its filters.
    page.wait_for("#search-section").await?;
    crate::run::settle(page).await?;
    let first = query(page, words[0], true).await?;
    let second = query(page, words[1], false).await?;
    Ok([first, second])
}

async fn query(page: &crate::browser::Page, word: &str, first: bool) -> Result<Value> {
    page.js(
        "const i = document.getElementById('search-q'); i.value = ''; i.focus();",
        vec![],
    )
    .await?;
    page.js(ARM, vec![json!(word)]).await?;
    page.client
        .find(Locator::Css("#search-q"))
        .await?
        .send_keys(word)
        .await?;
    page.wait_until(format!("the results for {word:?}"), || async {
        let first = page.js("return window.__search.first;", vec![]).await?;
        Ok(first.is_number().then_some(()))
    })
    .await?;
    // Then until nothing changes: excerpts from articles' files.
    let mut seen = Value::Null;
    let mut since = Instant::now();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = page
            .js(
                "return [window.__search.last, performance.getEntriesByType('resource').length];",
                vec![],
            )
            .await?;
        if now != seen {
            (seen, since) = (now, Instant::now());
        } else if since.elapsed() >= QUIET {
            break;
        }
        if Instant::now() > deadline {
            return Err(fail(format!("the results for {word:?} kept changing for 20 s")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let r = page.js(READ, vec![]).await?;
    let number = |key: &str| r[key].as_f64().unwrap_or(f64::NAN);
    let mark = r["mark"].as_u64().unwrap_or(0) as usize;
    let entries = r["entries"].as_array().cloned().unwrap_or_default();
    let module = |e: &Value| e["path"].as_str().is_some_and(|p| p.contains("/search/client/"));
    let counted: Vec<&Value> = entries
        .iter()
        .enumerate()
        .filter(|(i, e)| *i >= mark || (first && module(e)))
        .map(|(_, e)| e)
        .collect();
    let kb = |pick: &dyn Fn(&Value) -> bool| {
        counted
            .iter()
            .filter(|e| pick(e))
            .map(|e| e["bytes"].as_f64().unwrap_or(0.0))
            .sum::<f64>()
            / 1024.0
            // An empty float sum is -0.0.
            + 0.0
    };
    let search_file = |e: &Value| e["path"].as_str().is_some_and(|p| p.contains("/search/"));
    Ok(json!({
        "ms": number("first") - number("typed"),
        "all_ms": number("last") - number("typed"),
        "kb": kb(&|_| true),
        "index_kb": kb(&search_file),
        "module_kb": kb(&|e| module(e)),
        "files": counted.len(),
        "status": r["status"],
    }))
}

/// "median (min–max)" of `key` over the runs (`report::cell`).
fn cell(runs: &[Value], key: &str, digits: usize) -> String {
    report::cell(runs, digits, |r| r[key].as_f64())
}

fn median(runs: &[Value], key: &str) -> f64 {
    report::median(runs.iter().filter_map(|r| r[key].as_f64()).collect())
}

pub fn print(f: &Figures, runs: usize, load_before: &str, load_after: &str, took: Duration) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "\nSearch over {} synthetic articles in headless Chromium: {runs} runs of each, median (min–max), [goal]",
        f.articles
    );
    if !f.chromium.is_empty() {
        println!("browser: {}", f.chromium);
    }
    println!(
        "machine: {cores} cores, load average {load_before} before and {load_after} after ({:.0} s)",
        took.as_secs_f64()
    );
    println!(
        "painted: ms from the last keystroke (debounce of 150 ms included) to the end of the first frame \
         with the results; all: to the list's last change (excerpts cut from articles' files)"
    );
    println!(
        "KB: KiB transferred (transferSize: compressed, with headers) from the keystroke on; a first \
         query also counts the search module, loaded when the page is shown; index: module and index \
         files, the rest articles' files; module: the search module's JS and wasm"
    );
    for (i, net) in BOTH.into_iter().enumerate() {
        println!("\n{}", net.name());
        println!(
            "{:<46} {:>22} {:>22} {:>24} {:>20} {:>18} {:>6}",
            "", "painted ms", "all ms", "KB", "of which index KB", "of which module KB", "files"
        );
        for (label, runs) in &f.queries[i] {
            let goal_kb = if label.starts_with("first") {
                FIRST_GOAL_KB
            } else {
                SECOND_GOAL_KB
            };
            let ms_goal = if net == Net::Unthrottled {
                format!(" [{PAINTED_GOAL_MS:.0}]")
            } else {
                String::new()
            };
            println!(
                "{:<46} {:>22} {:>22} {:>24} {:>20} {:>18} {:>6}",
                label,
                format!("{}{ms_goal}", cell(runs, "ms", 0)),
                cell(runs, "all_ms", 0),
                format!("{} [{goal_kb:.0}]", cell(runs, "kb", 1)),
                cell(runs, "index_kb", 1),
                cell(runs, "module_kb", 1),
                cell(runs, "files", 0),
            );
        }
    }
    println!("\nwhat the page said (first run, unthrottled):");
    for (label, runs) in &f.queries[0] {
        if let Some(r) = runs.first() {
            println!("  {label}: {}", r["status"].as_str().unwrap_or(""));
        }
    }
    println!("\ngoals (timings never fail the bench):");
    let verdict = |met: bool| if met { "goal met" } else { "goal missed" };
    for (i, net) in BOTH.into_iter().enumerate() {
        for (label, runs) in &f.queries[i] {
            let goal_kb = if label.starts_with("first") {
                FIRST_GOAL_KB
            } else {
                SECOND_GOAL_KB
            };
            let kb = median(runs, "kb");
            let mut line = format!(
                "  {}, {label}: ≤ {goal_kb:.0} KB: {} ({kb:.1} KB)",
                net.name(),
                verdict(kb <= goal_kb)
            );
            if net == Net::Unthrottled {
                let ms = median(runs, "ms");
                line.push_str(&format!(
                    "; painted ≤ {PAINTED_GOAL_MS:.0} ms after the last keystroke: {} ({ms:.0} ms)",
                    verdict(ms <= PAINTED_GOAL_MS)
                ));
            }
            println!("{line}");
        }
    }
}
