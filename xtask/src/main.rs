//! `cargo xtask`: Broadsheet's own tooling.
//!
//! Each command first makes sure the tools it needs are installed (skipping
//! whatever is already there), so a fresh machine needs nothing but Rust.

mod bench;
mod bench_content;
mod bench_import;
mod boot;
mod comments;
mod dist;
mod fonts;
mod fresh;
mod icon;
mod measure;
mod search_client;
mod setup;
mod size;
mod util;

use std::process::ExitCode;
use util::{cmd, project_root, run, Failure};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [--comments] [ARGS…]
                  set up the toolchain, then `trunk serve` the sample site on :8080;
                  with --comments, a local Isso comment server beside it
  test [--fresh [--tz ZONE] [--no-nightly] [--keep]]
                  set up everything, then run every test (fmt, clippy, unit,
                  browser and end-to-end); with --fresh, the same in a fresh
                  clone of HEAD with an empty CARGO_HOME (but the toolchain),
                  LANG=C.UTF-8 and TZ=ZONE (default Pacific/Kiritimati), as a
                  newcomer would run it (`cargo xtask test --fresh --help`)
  size            build the release; print wasm/JS/CSS sizes, first-visit bytes,
                  the largest crates and functions (twiggy), and the budget
  size --floor    the same build of the smallest Leptos apps (benches/floor/):
                  what the framework weighs before any feature
  dist [--public-url /path/]
                  the site ready to upload, in dist/ (precompressed, with 404.html
                  and _redirects), to be served at the domain root or under /path/
  search-client [--out DIR]
                  the search module (search/client/) into DIR/search/client/; Trunk
                  runs it after each build, into its staging folder
  setup           only install what is missing
  fonts           remake the typefaces (public/fonts/, their @font-face rules in
                  style/main.css, the preload in index.html) with style/fonts.py
  bench-content   time broadsheet-press on synthetic archives of 1 000 to 100 000
                  articles (and Hugo beside it); first-visit bytes at 100 and 100 000
  bench-import [--posts N,M]
                  time `broadsheet-press import wordpress` (and its peak memory) on
                  synthetic WordPress exports of 5 000 and 50 000 posts
  bench [--runs N] [--search-only | --no-search]
                  the release in headless Chromium: paints, layout shift, tasks,
                  bytes, in-app navigation, a 500-summary page, JS heap";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") if args.len() == 1 => test(),
        Some("test") => fresh::run(&args[1..]),
        Some("size") if args.get(1).is_some_and(|a| a == "--floor") => size::floor(),
        Some("size") => size::report(),
        Some("setup") => setup::all(),
        Some("fonts") => fonts::run_script(),
        Some("dist") => dist::run(&args[1..]),
        Some("search-client") => search_client::run_command(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("bench-content") => bench_content::run(&args[1..]),
        Some("bench-import") => bench_import::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: &[String]) -> Result<(), Failure> {
    setup::build_tools()?;
    let with_comments = args.iter().any(|a| a == "--comments");
    let extra: Vec<&String> = args.iter().filter(|a| *a != "--comments").collect();
    let mut trunk = cmd("trunk");
    trunk
        .args(["serve", "--offline"])
        .args(&extra)
        .current_dir(project_root());
    // Stopped (dropped) when trunk exits, however it exits.
    let _isso = if with_comments {
        let isso = comments::start(comments::dev_port(args))?;
        trunk.env(comments::ENDPOINT_ENV, &isso.endpoint);
        Some(isso)
    } else {
        None
    };
    run(&mut trunk, "trunk serve")
}

fn test() -> Result<(), Failure> {
    setup::all()?;
    let root = project_root();
    let step = |title: &str| println!("\n== {title}");

    step("formatting (cargo fmt --check)");
    run(
        cmd("cargo").args(["fmt", "--all", "--", "--check"]),
        "cargo fmt --check",
    )?;

    step("lints, native (cargo clippy)");
    run(
        cmd("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
        "cargo clippy",
    )?;
    step("lints, wasm32 (cargo clippy --target wasm32-unknown-unknown)");
    run(
        cmd("cargo").args([
            "clippy",
            "--package",
            "broadsheet",
            "--package",
            "broadsheet-search-client",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
        "cargo clippy (wasm32)",
    )?;

    step("release build for the end-to-end tests (trunk build --release)");
    let dist = root.join("target/e2e/dist");
    dist::build(&dist, "/")?;
    step("size budget (wasm + JS, brotli; docs/performance.md)");
    size::check_budget(&dist)?;
    step("release build under a sub-path for the end-to-end tests (--public-url /news/)");
    let dist_news = root.join("target/e2e/dist-news");
    dist::build(&dist_news, "/news/")?;

    step("unit and end-to-end tests (cargo test)");
    run(
        cmd("cargo")
            .args(["test", "--workspace"])
            .env("BROADSHEET_DIST", &dist)
            .env("BROADSHEET_DIST_NEWS", &dist_news)
            .env("BROADSHEET_ISSO", setup::isso_bin()),
        "cargo test",
    )?;

    step("components in headless Chromium (wasm-bindgen-test)");
    run(
        cmd("cargo")
            .args([
                "test",
                "--package",
                "broadsheet",
                "--target",
                "wasm32-unknown-unknown",
                "--profile",
                "wasm-test",
            ])
            .env("CHROMEDRIVER", setup::CHROMEDRIVER)
            .env("FONTCONFIG_FILE", root.join(setup::PINNED_FONTS))
            // The runner gives chromedriver 5 s to listen by default; a
            // first start on a busy two-core machine has taken longer.
            .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30"),
        "wasm-bindgen-test",
    )?;
    println!("\nxtask: every test passed");
    Ok(())
}
