//! `cargo xtask search-client [--out DIR]`: the search module
//! (`broadsheet-search-client`, docs/search.md) built for the browser into
//! `DIR/search/client/`: cargo for wasm32 with the release settings of the
//! app (`util::release_env`), wasm-bindgen's `--target web` glue, wasm-opt
//! `-Oz` and terser. Trunk runs it after every build (a `post_build` hook
//! in Trunk.toml, with `DIR` its staging folder), so `trunk serve`,
//! `cargo xtask dist` and every build made from them have it.

use crate::util::{cmd, fail, release_env, run, tools_dir, Failure};
use std::path::{Path, PathBuf};

/// Where the module goes below the site's root; src/search.js loads it from
/// there.
pub const DIR: &str = "search/client";
const NAME: &str = "broadsheet_search_client";

pub fn run_command(args: &[String]) -> Result<(), Failure> {
    let out = match args {
        [flag, dir] if flag == "--out" => PathBuf::from(dir),
        [] => match std::env::var_os("TRUNK_STAGING_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => return fail("usage: cargo xtask search-client --out DIR (or as a Trunk hook)"),
        },
        _ => return fail("usage: cargo xtask search-client --out DIR"),
    };
    build(&out)
}

/// Builds the module into `site/search/client/`.
pub fn build(site: &Path) -> Result<(), Failure> {
    let mut cargo = cmd("cargo");
    cargo.args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "broadsheet-search-client",
    ]);
    release_env(&mut cargo);
    run(&mut cargo, "cargo build (search module)")?;
    let target = crate::util::cargo_target_dir();
    let wasm = target.join(format!("wasm32-unknown-unknown/release/{NAME}.wasm"));
    let out = site.join(DIR);
    std::fs::create_dir_all(&out).or_else(|e| fail(format!("{}: {e}", out.display())))?;
    run(
        cmd("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&out)
            .arg(&wasm),
        "wasm-bindgen (search module)",
    )?;
    let bg = out.join(format!("{NAME}_bg.wasm"));
    run(
        cmd(&tools_dir().join("node_modules/.bin/wasm-opt").to_string_lossy())
            .arg("-Oz")
            // What current rustc emits for wasm32 by default.
            .args([
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(&bg)
            .arg("-o")
            .arg(&bg),
        "wasm-opt (search module)",
    )?;
    crate::dist::minify(&out.join(format!("{NAME}.js")))?;
    Ok(())
}
