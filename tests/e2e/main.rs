//! End-to-end tests: the release build (`trunk build --release`), served by a
//! real nginx serving the pages rendered at build time, driven in headless Chromium through
//! chromedriver with fantoccini.
//!
//! Run them with `cargo xtask test`, which builds the release and sets
//! `BROADSHEET_DIST`; or by hand:
//!
//! ```text
//! trunk build --release --offline --dist target/e2e/dist
//! BROADSHEET_DIST=$PWD/target/e2e/dist cargo test --test e2e [filter]
//! ```
//!
//! The hosting cases (deploy.rs) also need the build for a sub-path in
//! `BROADSHEET_DIST_NEWS` (`cargo xtask dist --public-url /news/`, copied to
//! target/e2e/dist-news); `cargo xtask test` builds and sets both.
//!
//! This file is its own harness (`harness = false`): it starts nginx and
//! chromedriver, runs each case in a fresh browser session, and ends with a
//! line `N passed, M failed`.

// `cargo test --target wasm32-unknown-unknown` builds this file too; there it
// has nothing to do.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[macro_use]
mod check;
#[cfg(not(target_arch = "wasm32"))]
mod blocks;
#[cfg(not(target_arch = "wasm32"))]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod cases;
#[cfg(not(target_arch = "wasm32"))]
mod comment_import;
#[cfg(not(target_arch = "wasm32"))]
mod comments;
#[cfg(not(target_arch = "wasm32"))]
mod content;
#[cfg(not(target_arch = "wasm32"))]
mod deploy;
#[cfg(not(target_arch = "wasm32"))]
mod discovery;
#[cfg(not(target_arch = "wasm32"))]
mod harness;
#[cfg(not(target_arch = "wasm32"))]
mod http;
#[cfg(not(target_arch = "wasm32"))]
mod import;
#[cfg(not(target_arch = "wasm32"))]
mod isso;
#[cfg(not(target_arch = "wasm32"))]
mod photos;
#[cfg(not(target_arch = "wasm32"))]
mod prerender;
#[cfg(not(target_arch = "wasm32"))]
mod reader;
#[cfg(not(target_arch = "wasm32"))]
mod redirects;
#[cfg(not(target_arch = "wasm32"))]
mod search;
#[cfg(not(target_arch = "wasm32"))]
mod server;
#[cfg(not(target_arch = "wasm32"))]
mod typography;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    harness::main()
}
