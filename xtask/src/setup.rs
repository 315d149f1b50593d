//! Installing what the project needs, skipping whatever is already there.

use crate::util::{cmd, fail, output_of, project_root, run, tools_dir, Failure};
use std::path::{Path, PathBuf};

pub const TRUNK_VERSION: &str = "0.21.14";
const TWIGGY_VERSION: &str = "0.8.0";
/// The npm package `binaryen` gives a wasm-opt new enough for current rustc.
const BINARYEN_VERSION: &str = "132.0.0";
const MIN_WASM_OPT: u32 = 123;
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const NGINX: &str = "/usr/sbin/nginx";
/// The comment server, from PyPI.
pub const ISSO_VERSION: &str = "0.14.0";

/// Everything: build tools, the test browser and server, and Isso.
pub fn all() -> Result<(), Failure> {
    build_tools()?;
    debian_packages()?;
    isso()
}

/// Isso's own virtual environment.
fn isso_venv() -> PathBuf {
    project_root().join("target/isso")
}

/// The `isso` command installed by `isso()`.
pub fn isso_bin() -> PathBuf {
    isso_venv().join("bin/isso")
}

/// Isso, in a virtual environment under target/, unless it is there.
pub fn isso() -> Result<(), Failure> {
    let installed = || {
        output_of(&isso_bin().to_string_lossy(), &["--version"])
            .is_some_and(|v| v.ends_with(&format!(" {ISSO_VERSION}")))
    };
    if installed() {
        return Ok(());
    }
    say(&format!(
        "installing Isso {ISSO_VERSION} from PyPI into target/isso (python3 -m venv, pip)…"
    ));
    let venv = isso_venv();
    let made = run(
        cmd("python3").args(["-m", "venv", "--clear"]).arg(&venv),
        "python3 -m venv",
    );
    if made.is_err() {
        return fail(
            "Isso needs Python 3 with venv: install it (`sudo apt-get install python3 python3-venv`) and run again",
        );
    }
    run(
        cmd(&venv.join("bin/pip").to_string_lossy())
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("isso=={ISSO_VERSION}")),
        "pip install isso",
    )?;
    if installed() {
        Ok(())
    } else {
        fail(format!(
            "Isso {ISSO_VERSION} was installed into target/isso but `target/isso/bin/isso --version` does not run"
        ))
    }
}

/// What `trunk build` needs.
pub fn build_tools() -> Result<(), Failure> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    npm_tools()
}

/// Whether release builds can use nightly's `build-std` with the
/// `immediate-abort` panic strategy (no panic messages or locations in the
/// wasm: about 8% smaller). Makes sure nightly has the wasm32 target,
/// `rust-src`, and std's own dependencies fetched (Trunk builds offline).
/// Anything missing that cannot be added means: build with stable. Decided
/// once per run, so every build and the budget check agree.
pub fn nightly_for_release() -> bool {
    static DECIDED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DECIDED.get_or_init(nightly_can_build_std)
}

fn nightly_can_build_std() -> bool {
    if std::env::var_os("BROADSHEET_NO_NIGHTLY").is_some() {
        say("BROADSHEET_NO_NIGHTLY is set: the release build uses stable (larger wasm)");
        return false;
    }
    let has_nightly = output_of("rustc", &["+nightly", "--version"]).is_some();
    if !has_nightly {
        say("no nightly toolchain: the release build uses stable (larger wasm)");
        return false;
    }
    let targets = output_of("rustup", &["+nightly", "target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        say("adding wasm32-unknown-unknown to nightly…");
        let _ = run(
            cmd("rustup").args(["+nightly", "target", "add", "wasm32-unknown-unknown"]),
            "rustup",
        );
    }
    let Some(sysroot) = output_of("rustc", &["+nightly", "--print", "sysroot"]) else {
        return false;
    };
    let library = Path::new(&sysroot).join("lib/rustlib/src/rust/library/Cargo.toml");
    if !library.exists() {
        say("adding rust-src to nightly…");
        let _ = run(
            cmd("rustup").args(["component", "add", "rust-src", "--toolchain", "nightly"]),
            "rustup",
        );
    }
    let fetched = library.exists()
        && cmd("cargo")
            .args(["+nightly", "fetch", "--quiet", "--manifest-path"])
            .arg(&library)
            .status()
            .is_ok_and(|s| s.success());
    if !fetched {
        say("nightly cannot build std for wasm32 here: the release build uses stable (larger wasm)");
    }
    fetched
}

fn say(what: &str) {
    println!("xtask: {what}");
}

fn wasm_target() -> Result<(), Failure> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    say("adding the wasm32-unknown-unknown target (rustup)…");
    run(
        cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        "rustup target add",
    )
    .or_else(|_| fail("could not add the wasm32 target: run `rustup target add wasm32-unknown-unknown`"))
}

fn trunk() -> Result<(), Failure> {
    let version = output_of("trunk", &["--version"]).unwrap_or_default();
    if version.ends_with(TRUNK_VERSION) {
        return Ok(());
    }
    cargo_install(
        "trunk",
        TRUNK_VERSION,
        &["--locked"],
        "about 10 minutes on 2 cores",
    )
}

/// twiggy, the wasm size profiler `cargo xtask size` reports with.
pub fn twiggy() -> Result<(), Failure> {
    let version = output_of("twiggy", &["--version"]).unwrap_or_default();
    if version.ends_with(TWIGGY_VERSION) {
        return Ok(());
    }
    cargo_install("twiggy", TWIGGY_VERSION, &["--locked"], "a few minutes")
}

/// Lighthouse, for `cargo xtask bench` alone: in a folder of its own
/// (target/lighthouse), so that the tools every build needs stay few and
/// a newcomer's set-up does not fetch its 200 packages.
pub const LIGHTHOUSE_VERSION: &str = "12.8.2";

/// Lighthouse's command line, installed from npm if missing.
pub fn lighthouse() -> Result<PathBuf, Failure> {
    let dir = project_root().join("target/lighthouse");
    let cli = dir.join("node_modules/.bin/lighthouse");
    if npm_installed_in(&dir, "lighthouse", LIGHTHOUSE_VERSION) && cli.is_file() {
        return Ok(cli);
    }
    say(&format!(
        "installing lighthouse {LIGHTHOUSE_VERSION} from npm into target/lighthouse…"
    ));
    std::fs::create_dir_all(&dir).or_else(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    run(
        cmd("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(format!("lighthouse@{LIGHTHOUSE_VERSION}")),
        "npm install lighthouse",
    )?;
    Ok(cli)
}

/// `cargo install` of one crate at one version, with `flags`.
fn cargo_install(krate: &str, version: &str, flags: &[&str], how_long: &str) -> Result<(), Failure> {
    say(&format!(
        "installing {krate} {version} (cargo install, {how_long})…"
    ));
    run(
        cmd("cargo")
            .arg("install")
            .args(flags)
            .args([krate, "--version", version]),
        &format!("cargo install {krate}"),
    )
    .or_else(|_| {
        fail(format!(
            "could not install {krate}: run `cargo install {} {krate} --version {version}`",
            flags.join(" ")
        ))
    })
}

/// The wasm-bindgen version in Cargo.lock, which the CLI must equal.
pub fn locked_wasm_bindgen() -> Result<String, Failure> {
    let lock = std::fs::read_to_string(project_root().join("Cargo.lock"))
        .or_else(|e| fail(format!("cannot read Cargo.lock: {e}")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    fail("Cargo.lock names no wasm-bindgen")
}

fn wasm_bindgen() -> Result<(), Failure> {
    let wanted = locked_wasm_bindgen()?;
    let version = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    // Not --locked: one of its locked dependencies is missing from the registry.
    cargo_install("wasm-bindgen-cli", &wanted, &["--force"], "a few minutes")
}

fn wasm_opt_version() -> Option<u32> {
    // "wasm-opt version 132 (version_132)"
    output_of("wasm-opt", &["--version"])?
        .split_whitespace()
        .nth(2)?
        .parse()
        .ok()
}

/// The npm packages the project uses, installed together into target/tools
/// (npm removes what a later install does not name, so they go as one list).
const NPM_TOOLS: &[(&str, &str)] = &[
    // wasm-opt: Debian's binaryen 108 is too old for current rustc output.
    ("binaryen", BINARYEN_VERSION),
    // Minifies the JS glue (Trunk's own minifier fails on wasm-bindgen's).
    ("terser", "5.51.4"),
    // Accessibility checks in the end-to-end tests.
    ("axe-core", "4.14.1"),
];

fn npm_installed(package: &str, version: &str) -> bool {
    npm_installed_in(&tools_dir(), package, version)
}

/// Whether `npm install --prefix dir` has put `package` at `version` there.
fn npm_installed_in(dir: &Path, package: &str, version: &str) -> bool {
    let manifest = dir.join("node_modules").join(package).join("package.json");
    std::fs::read_to_string(manifest).is_ok_and(|m| m.contains(&format!("\"version\": \"{version}\"")))
}

fn npm_tools() -> Result<(), Failure> {
    if NPM_TOOLS.iter().all(|(p, v)| npm_installed(p, v)) {
        return Ok(());
    }
    if output_of("npm", &["--version"]).is_none() {
        return fail(format!(
            "Node.js and npm are needed for wasm-opt (binaryen {BINARYEN_VERSION}) and terser: \
             install them (`apt-get install nodejs npm`) and run again"
        ));
    }
    let list: Vec<String> = NPM_TOOLS.iter().map(|(p, v)| format!("{p}@{v}")).collect();
    say(&format!(
        "installing {} from npm into target/tools…",
        list.join(", ")
    ));
    std::fs::create_dir_all(tools_dir()).or_else(|e| fail(format!("cannot create target/tools: {e}")))?;
    let dependencies: Vec<String> = NPM_TOOLS
        .iter()
        .map(|(p, v)| format!("\"{p}\": \"{v}\""))
        .collect();
    let manifest = format!(
        "{{\n  \"private\": true,\n  \"description\": \"Tools for cargo xtask; written by xtask/src/setup.rs\",\n  \"dependencies\": {{ {} }}\n}}\n",
        dependencies.join(", ")
    );
    std::fs::write(tools_dir().join("package.json"), manifest)
        .or_else(|e| fail(format!("cannot write target/tools/package.json: {e}")))?;
    run(
        cmd("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(tools_dir()),
        "npm install",
    )?;
    match wasm_opt_version() {
        Some(v) if v >= MIN_WASM_OPT => Ok(()),
        _ => fail(format!(
            "wasm-opt from npm does not run; put a wasm-opt >= {MIN_WASM_OPT} on PATH"
        )),
    }
}

/// The fonts the test browsers see (tests/fonts.conf): DejaVu alone.
pub const PINNED_FONTS: &str = "tests/fonts.conf";

/// Chromium and its driver for the browser tests, nginx to serve the build,
/// openssl and curl for the HTTPS server's test and the bench's certificate
/// (tests/nginx_tls.rs), and the DejaVu faces the tests render with.
fn debian_packages() -> Result<(), Failure> {
    let missing: Vec<&str> = [
        (CHROMIUM, "chromium"),
        (CHROMEDRIVER, "chromium-driver"),
        (NGINX, "nginx"),
        ("/usr/bin/openssl", "openssl"),
        ("/usr/bin/curl", "curl"),
        (
            "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
            "fonts-dejavu-core",
        ),
        (
            "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
            "fonts-dejavu-extra",
        ),
    ]
    .into_iter()
    .filter(|(path, _)| !Path::new(path).exists())
    .map(|(_, package)| package)
    .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    let is_root = output_of("id", &["-u"]).as_deref() == Some("0");
    if !is_root || output_of("apt-get", &["--version"]).is_none() {
        return fail(format!(
            "the tests need Debian's {list}: install them (`sudo apt-get install {list}`) and run again"
        ));
    }
    say(&format!("installing {list} (apt-get)…"));
    run(cmd("apt-get").arg("update"), "apt-get update")?;
    run(
        cmd("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install",
    )
}
