use std::path::{Path, PathBuf};
use std::process::Command;

/// Why a command failed, said in a way a new user can act on.
#[derive(Debug)]
pub struct Failure(pub String);

pub fn fail<T>(message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure(message.into()))
}

/// The workspace root (the folder above xtask/).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where cargo puts what it builds for the project: `$CARGO_TARGET_DIR`
/// (relative to the project root, where the builds run) if set, else
/// target/.
pub fn cargo_target_dir() -> PathBuf {
    let root = project_root();
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| root.join("target"), |d| root.join(d))
}

/// Where the project's own copies of tools live.
pub fn tools_dir() -> PathBuf {
    project_root().join("target/tools")
}

/// A command run from the project root, with the project's tools first on PATH.
pub fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(project_root()).env("PATH", tool_path());
    command
}

/// The project's npm tools, then where `cargo install` put Trunk and
/// wasm-bindgen, then PATH.
fn tool_path() -> std::ffi::OsString {
    let mut dirs = vec![tools_dir().join("node_modules/.bin")];
    dirs.extend(cargo_bin());
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// Where `cargo install` puts tools: `$CARGO_HOME/bin`, or `~/.cargo/bin`
/// when CARGO_HOME is unset. Not always ~/.cargo: `test --fresh` runs with a
/// new, empty CARGO_HOME, and must not find the tools installed in the real one.
pub fn cargo_bin() -> Option<PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    match var("CARGO_HOME") {
        Some(cargo_home) => Some(PathBuf::from(cargo_home).join("bin")),
        None => Some(PathBuf::from(var("HOME")?).join(".cargo/bin")),
    }
}

/// Runs a command to the end, passing its output through.
pub fn run(command: &mut Command, what: &str) -> Result<(), Failure> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => fail(format!("{what} failed ({status})")),
        Err(e) => fail(format!("could not start {what}: {e}")),
    }
}

/// The first line a command prints, if it runs.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = cmd(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `trunk build --release` into `dist`, optionally under a public URL. With
/// nightly at hand, std is rebuilt for size: `panic=immediate-abort` (no
/// panic messages or unwinding), std's `optimize_for_size`, Debug impls that
/// print nothing and no source locations (docs/performance.md weighs each);
/// otherwise stable builds it as it is.
pub fn trunk_build(dist: &Path, public_url: Option<&str>) -> Result<(), Failure> {
    let mut trunk = release_build(dist);
    if let Some(url) = public_url {
        trunk.args(["--public-url", url]);
    }
    run(&mut trunk, "trunk build --release")
}

/// `trunk build --release` into `dist` with the settings above, from the
/// project root unless the caller sets another folder (`size --floor`).
pub fn release_build(dist: &Path) -> Command {
    let mut trunk = cmd("trunk");
    trunk
        .args(["build", "--release", "--offline", "--dist"])
        .arg(dist);
    release_env(&mut trunk);
    trunk
}

/// The release settings above, for any build of wasm for the site (the app
/// through Trunk, the search module through cargo).
pub fn release_env(command: &mut Command) {
    if crate::setup::nightly_for_release() {
        command
            .env("RUSTUP_TOOLCHAIN", "nightly")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none",
            );
    }
}
