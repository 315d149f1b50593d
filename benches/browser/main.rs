//! The release build in a real browser: `cargo xtask bench` builds the site
//! and runs this with `BROADSHEET_BENCH_DIST` (the sample publication) and
//! `BROADSHEET_BENCH_DIST_SYNTH` (a synthetic archive, 500 summaries a
//! section page). Each is served by nginx with the shipped config, and
//! headless Chromium, driven through chromedriver and the DevTools protocol,
//! measures first visits (the page rendered at build time, then taken over
//! by the app), in-app navigation, a 500-summary page and the heap; and,
//! with `BROADSHEET_BENCH_DIST_SEARCH` (a large archive's search index),
//! search (search.rs; `--search-only`: search alone); with
//! `BROADSHEET_BENCH_LIGHTHOUSE`, Lighthouse's mobile audit of the home
//! page and an article (lighthouse.rs). It
//! prints medians (min–max) and the goals beside them; it never fails on a
//! timing. What each figure means: docs/performance.md.
//!
//! Shares the end-to-end tests' nginx, chromedriver and page helpers.

// `cargo clippy --target wasm32-unknown-unknown --all-targets` builds this
// file too; there it has nothing to do.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[macro_use]
#[allow(unused_macros, dead_code)]
#[path = "../../tests/e2e/check.rs"]
mod check;
// The bench uses part of the shared helpers.
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../../tests/e2e/browser.rs"]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../../tests/e2e/content.rs"]
mod content;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../../tests/e2e/http.rs"]
mod http;
#[cfg(not(target_arch = "wasm32"))]
mod in_app;
#[cfg(not(target_arch = "wasm32"))]
mod lighthouse;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod run;
#[cfg(not(target_arch = "wasm32"))]
mod search;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../../tests/e2e/server.rs"]
mod server;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    run::main()
}
