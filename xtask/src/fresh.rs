//! `cargo xtask test --fresh`: the README's `cargo xtask test` run the way a
//! newcomer runs it, so that what it quietly takes from this machine shows up.
//!
//! A developer's machine hides things: Trunk and wasm-bindgen already in
//! ~/.cargo/bin, crates already downloaded, a CARGO_TARGET_DIR or RUSTFLAGS,
//! files never committed, a locale or time zone the tests happen to agree
//! with. So the run clones the committed HEAD into
//! target/fresh/run-<secs>/broadsheet and runs `cargo xtask test` there with
//! a new CARGO_HOME that holds nothing but rustup's proxies, and with an
//! environment built from a short list rather than inherited. What it cannot
//! take away stays the machine's: apt packages, npm and pip download caches,
//! and the rustup toolchains (RUSTUP_HOME is shared; nothing writes to the
//! user's own CARGO_HOME).

use crate::util::{cargo_bin, cmd, fail, output_of, project_root, run as run_command, Failure};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const USAGE: &str = "usage: cargo xtask test --fresh [--tz ZONE] [--no-nightly] [--keep]

Runs `cargo xtask test` in a fresh clone of HEAD (target/fresh/run-<secs>/)
with an empty CARGO_HOME apart from the Rust toolchain, LANG=C.UTF-8, and no
other variables of yours but HOME, USER, LOGNAME, TERM, TMPDIR, CI, the proxy
and certificate-authority ones, RUSTUP_HOME and PATH (less your cargo bin
folder).
Roughly 40-60 minutes on 2 cores: Trunk, wasm-bindgen-cli and the project
compile from nothing.

  --tz ZONE     the time zone of the run, a name under /usr/share/zoneinfo
                (default Pacific/Kiritimati, UTC+14: its today is not UTC's)
  --no-nightly  build the release with stable (BROADSHEET_NO_NIGHTLY=1)
  --keep        keep the run folder after a pass (a failed run's is always kept)";

/// UTC+14: for ten hours of each day its date is not UTC's, so a test that
/// mixes local and UTC dates fails here on most afternoons.
const DEFAULT_TZ: &str = "Pacific/Kiritimati";

/// What the fresh CARGO_HOME holds: links to `rustup`, which runs the
/// toolchain's tool named by the link it was started through.
const PROXIES: &str = "cargo rustc rustup rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver";

/// The only variables passed on as they are: who and where the user is, and
/// how this network is reached (proxies, certificate authorities), which a
/// newcomer on the same network has too; not how their Rust or their shell
/// is set up.
const PASSED: &[&str] = &[
    "HOME",
    "USER",
    "LOGNAME",
    "TERM",
    "TMPDIR",
    "CI",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "CURL_CA_BUNDLE",
    "REQUESTS_CA_BUNDLE",
    "PIP_CERT",
    "NODE_EXTRA_CA_CERTS",
    "GIT_SSL_CAINFO",
];

#[derive(Debug)]
struct Options {
    tz: String,
    nightly: bool,
    keep: bool,
}

/// `cargo xtask test ARGS…` when there are ARGS.
pub fn run(args: &[String]) -> Result<(), Failure> {
    let options = match parse(args) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return Ok(());
        }
        Err(message) => return fail(format!("{message}\n\n{USAGE}")),
    };
    // An unknown TZ silently means UTC, which would test nothing.
    let zone = Path::new("/usr/share/zoneinfo").join(&options.tz);
    if !zone.is_file() {
        return fail(format!(
            "no time zone {}: {} is missing; name one like Pacific/Kiritimati, or install tzdata",
            options.tz,
            zone.display()
        ));
    }
    let commit = committed_head()?;
    let rustup = real_rustup()?;
    let nightly = match (options.nightly, has_nightly(&rustup)) {
        (false, _) => "stable, --no-nightly",
        (true, false) => "stable, no nightly toolchain",
        (true, true) => "nightly",
    };
    let settings = format!("TZ={}, LANG=C.UTF-8, {nightly}", options.tz);
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let run_dir = project_root().join(format!("target/fresh/run-{secs}"));
    let clone = run_dir.join("broadsheet");
    let cargo_home = run_dir.join("cargo-home");
    std::fs::create_dir_all(run_dir.parent().expect("under target/fresh")).map_err(|e| io(&run_dir, e))?;
    std::fs::create_dir(&run_dir).map_err(|e| io(&run_dir, e))?;
    let env = child_env(|name| std::env::var_os(name), &cargo_home, &options);
    println!("xtask: a fresh run of {commit} in {}", clone.display());
    println!("xtask: CARGO_HOME={}, {settings}", cargo_home.display());
    println!("xtask: it takes roughly 40-60 minutes on 2 cores");

    let started = Instant::now();
    let outcome = prepare(&clone, &commit, &cargo_home, &rustup).and_then(|()| {
        let mut test = Command::new(cargo_home.join("bin/cargo"));
        test.args(["xtask", "test"])
            .current_dir(&clone)
            .env_clear()
            .envs(env.iter().cloned());
        run_command(&mut test, "`cargo xtask test` in the fresh clone")
    });
    let took = took(started.elapsed());
    if let Err(Failure(message)) = outcome {
        let env: Vec<String> = env
            .iter()
            .map(|(k, v)| format!("{k}={}", quoted(&v.to_string_lossy())))
            .collect();
        return fail(format!(
            "{message}\n\nthe fresh run failed after {took} ({settings}). Its clone and cargo home are kept in\n  {}\n\
             To run it again the same way:\n  cd {} && env -i {} cargo xtask test\nand delete the folder when done.",
            run_dir.display(),
            quoted(&clone.to_string_lossy()),
            env.join(" ")
        ));
    }
    println!("\nxtask: the fresh run passed in {took} ({settings})");
    if options.keep {
        println!("xtask: kept (--keep): {}", clone.display());
    } else if let Err(e) = std::fs::remove_dir_all(&run_dir) {
        println!("xtask: could not delete {}: {e}", run_dir.display());
    } else {
        println!("xtask: deleted the run folder {}", run_dir.display());
    }
    Ok(())
}

/// `Some(options)` for `--fresh` with its options in any order, `None` for
/// help, and what is wrong otherwise.
fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let (mut tz, mut nightly, mut keep, mut fresh) = (DEFAULT_TZ.to_string(), true, false, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--fresh" => fresh = true,
            "--tz" => match args.next().filter(|z| !z.is_empty() && !z.starts_with('-')) {
                Some(zone) => tz = zone.clone(),
                None => return Err("--tz needs a time zone, like --tz America/Los_Angeles".into()),
            },
            "--no-nightly" => nightly = false,
            "--keep" => keep = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown option {other} for `cargo xtask test`")),
        }
    }
    if !fresh {
        return Err("--tz, --no-nightly and --keep go with --fresh".into());
    }
    Ok(Some(Options { tz, nightly, keep }))
}

/// The commit HEAD names. What is not committed is not cloned: say so.
fn committed_head() -> Result<String, Failure> {
    let Some(commit) = output_of("git", &["rev-parse", "--verify", "HEAD"]) else {
        return fail("--fresh clones the committed HEAD, and `git rev-parse HEAD` finds none: run it in a git checkout");
    };
    let changes = output_of("git", &["status", "--porcelain"]).unwrap_or_default();
    if !changes.is_empty() {
        println!(
            "xtask: note: {} uncommitted change(s) (`git status`) are not part of the run: it tests commit {} only",
            changes.lines().count(),
            &commit[..commit.len().min(12)]
        );
    }
    Ok(commit)
}

/// The clone of `commit` (committed files only) and the CARGO_HOME whose bin
/// holds nothing but the rustup proxies.
fn prepare(clone: &Path, commit: &str, cargo_home: &Path, rustup: &Path) -> Result<(), Failure> {
    println!("\n== git clone of {commit}");
    let git = || cmd("git");
    run_command(
        git()
            .args(["clone", "--quiet", "--no-checkout"])
            .arg(project_root())
            .arg(clone),
        "git clone",
    )?;
    run_command(
        git()
            .arg("-C")
            .arg(clone)
            .args(["checkout", "--quiet", "--detach", commit]),
        "git checkout",
    )?;
    let bin = cargo_home.join("bin");
    std::fs::create_dir_all(&bin).map_err(|e| io(&bin, e))?;
    for proxy in PROXIES.split(' ') {
        link(rustup, &bin.join(proxy))?;
    }
    note_configs_above(clone);
    Ok(())
}

/// Cargo also reads `.cargo/config.toml` in every folder above the one it
/// runs in, so one above the clone (~/.cargo/config.toml, when the project
/// lives under HOME) reaches the run all the same: say so. The project's own,
/// as committed, is harmless.
fn note_configs_above(clone: &Path) {
    let own = std::fs::read(clone.join(".cargo/config.toml")).ok();
    for dir in clone.ancestors().skip(1) {
        for config in [dir.join(".cargo/config.toml"), dir.join(".cargo/config")] {
            if config.is_file() && std::fs::read(&config).ok() != own {
                println!(
                    "xtask: note: cargo also reads {} (in a folder above the clone): its settings reach the fresh run",
                    config.display()
                );
            }
        }
    }
}

fn io(path: &Path, e: std::io::Error) -> Failure {
    Failure(format!("{}: {e}", path.display()))
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) -> Result<(), Failure> {
    std::os::unix::fs::symlink(target, link).map_err(|e| io(link, e))
}

#[cfg(not(unix))]
fn link(_: &Path, _: &Path) -> Result<(), Failure> {
    fail("--fresh links rustup's proxies into a new CARGO_HOME, which it does on Linux and macOS only")
}

/// The `rustup` binary the proxies link to: the one on PATH (or in the
/// user's cargo home), followed through its links. Only read, never changed.
fn real_rustup() -> Result<PathBuf, Failure> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(cargo_bin())
        .map(|dir| dir.join("rustup"))
        .find(|candidate| candidate.is_file())
        .and_then(|found| std::fs::canonicalize(found).ok())
        .ok_or_else(|| Failure("--fresh needs rustup (https://rustup.rs), and it is not on PATH".into()))
}

fn has_nightly(rustup: &Path) -> bool {
    let list = Command::new(rustup).args(["toolchain", "list"]).output();
    list.is_ok_and(|out| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l.starts_with("nightly"))
    })
}

/// The child's whole environment, from `var` (the current environment):
/// the PASSED variables, RUSTUP_HOME (rustup puts it under HOME when unset),
/// the new CARGO_HOME, its bin first on a PATH without the user's cargo
/// bins, LANG=C.UTF-8 and TZ. Nothing else: no CARGO_TARGET_DIR, RUSTFLAGS,
/// RUSTUP_TOOLCHAIN, LC_* or the CARGO_* cargo set for xtask itself.
fn child_env(
    var: impl Fn(&str) -> Option<OsString>,
    cargo_home: &Path,
    options: &Options,
) -> Vec<(String, OsString)> {
    let var = |name: &str| var(name).filter(|v| !v.is_empty());
    let mut env: Vec<(String, OsString)> = PASSED
        .iter()
        .filter_map(|&name| Some((name.to_string(), var(name)?)))
        .collect();
    let home = var("HOME").map(PathBuf::from);
    if let Some(rustup_home) = var("RUSTUP_HOME").or_else(|| Some(home.as_ref()?.join(".rustup").into())) {
        env.push(("RUSTUP_HOME".into(), rustup_home));
    }
    let user_bins = [
        home.map(|h| h.join(".cargo")),
        var("CARGO_HOME").map(PathBuf::from),
    ];
    let user_bins: Vec<PathBuf> = user_bins.into_iter().flatten().map(|h| h.join("bin")).collect();
    let mut path = vec![cargo_home.join("bin")];
    path.extend(without(&var("PATH").unwrap_or_default(), &user_bins));
    env.push(("PATH".into(), std::env::join_paths(path).unwrap_or_default()));
    env.push(("CARGO_HOME".into(), cargo_home.into()));
    env.push(("LANG".into(), "C.UTF-8".into()));
    env.push(("TZ".into(), options.tz.clone().into()));
    if !options.nightly {
        env.push(("BROADSHEET_NO_NIGHTLY".into(), "1".into()));
    }
    env
}

/// The folders of a PATH value but `dropped` ones (and empty entries, which
/// mean the current folder).
fn without(path: &std::ffi::OsStr, dropped: &[PathBuf]) -> Vec<PathBuf> {
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty() && !dropped.contains(dir))
        .collect()
}

/// "41 min 12 s", or "12 s" under a minute.
fn took(elapsed: Duration) -> String {
    let secs = elapsed.as_secs();
    match secs / 60 {
        0 => format!("{secs} s"),
        minutes => format!("{minutes} min {} s", secs % 60),
    }
}

/// `value` as one shell word.
fn quoted(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:,=@%".contains(c);
    if !value.is_empty() && value.chars().all(plain) {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(list: &[&str]) -> Result<Option<Options>, String> {
        parse(&list.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_the_options_in_any_order() {
        let o = parsed(&["--fresh"]).unwrap().unwrap();
        assert_eq!((o.tz.as_str(), o.nightly, o.keep), (DEFAULT_TZ, true, false));
        let o = parsed(&["--keep", "--fresh", "--no-nightly", "--tz", "Pacific/Pago_Pago"])
            .unwrap()
            .unwrap();
        assert_eq!(
            (o.tz.as_str(), o.nightly, o.keep),
            ("Pacific/Pago_Pago", false, true)
        );
        assert!(parsed(&["--fresh", "--help"]).is_ok_and(|o| o.is_none()));
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        assert!(parsed(&["--fresh", "--tz"]).is_err());
        assert!(parsed(&["--fresh", "--tz", "--keep"]).is_err());
        assert!(parsed(&["--fresh", "--release"]).is_err());
        assert!(parsed(&["--keep"]).is_err(), "--keep without --fresh");
    }

    #[test]
    fn path_loses_the_cargo_bins_and_empty_entries_only() {
        let path = OsString::from("/h/.cargo/bin:/usr/bin::/c/bin/:/bin:/h/.cargo/bin");
        let dropped = [PathBuf::from("/h/.cargo/bin"), PathBuf::from("/c/bin")];
        assert_eq!(
            without(&path, &dropped),
            [Path::new("/usr/bin"), Path::new("/bin")]
        );
    }

    #[test]
    fn the_child_gets_the_whitelist_and_nothing_else() {
        let outside =
            "HOME=/h USER=ann TERM=xterm CI= PATH=/h/.cargo/bin:/opt/ch/bin:/usr/bin:/h/.local/bin \
            CARGO_HOME=/opt/ch CARGO_TARGET_DIR=/t CARGO_MANIFEST_DIR=/w/xtask RUSTFLAGS=-Ctarget-cpu=native \
            RUSTUP_TOOLCHAIN=nightly LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 TZ=Europe/Berlin";
        let var = |name: &str| {
            let mut pairs = outside.split_whitespace();
            pairs
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .map(OsString::from)
        };
        let shown = |env: Vec<(String, OsString)>| {
            let pairs: Vec<String> = env
                .iter()
                .map(|(k, v)| format!("{k}={}", v.to_string_lossy()))
                .collect();
            pairs.join(" ")
        };
        let mut options = parsed(&["--fresh", "--no-nightly", "--tz", "Asia/Tokyo"])
            .unwrap()
            .unwrap();
        assert_eq!(
            shown(child_env(var, Path::new("/w/run/cargo-home"), &options)),
            "HOME=/h USER=ann TERM=xterm RUSTUP_HOME=/h/.rustup PATH=/w/run/cargo-home/bin:/usr/bin:/h/.local/bin \
             CARGO_HOME=/w/run/cargo-home LANG=C.UTF-8 TZ=Asia/Tokyo BROADSHEET_NO_NIGHTLY=1"
        );
        options.nightly = true;
        let var = |name: &str| {
            Some("/r".into())
                .filter(|_| name == "RUSTUP_HOME")
                .or_else(|| var(name))
        };
        let env = shown(child_env(var, Path::new("/c"), &options));
        assert!(
            env.contains(" RUSTUP_HOME=/r ") && !env.contains("NIGHTLY"),
            "{env}"
        );
    }

    #[test]
    fn wall_time_and_shell_words() {
        assert_eq!(took(Duration::from_secs(12)), "12 s");
        assert_eq!(took(Duration::from_secs(41 * 60 + 12)), "41 min 12 s");
        assert_eq!(quoted("/w/target/x"), "/w/target/x");
        assert_eq!(quoted("it's here"), r"'it'\''s here'");
    }
}
