//! Running a command while measuring it: wall time, peak memory (max RSS)
//! and CPU time, for the content benches (`bench-content`, `bench-import`).

use crate::util::{cmd, fail, run as run_command, Failure};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// GNU time, for the peak memory of a build.
const TIME: &str = "/usr/bin/time";

/// How the peak memory of a build is read.
#[derive(Clone, Copy, Debug)]
pub enum Peak {
    /// GNU time's `%M`: the child's `ru_maxrss` from `wait4`, in KiB.
    Time,
    /// `VmHWM` in `/proc/<pid>/status`, read every 10 ms until the child
    /// exits (growth in its last 10 ms is missed).
    Proc,
}

impl Peak {
    pub fn pick() -> Peak {
        let works = Command::new(TIME)
            .args(["-f", "%M %U %S", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if works {
            Peak::Time
        } else {
            Peak::Proc
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Peak::Time => {
                "max RSS of each build, from /usr/bin/time -f '%M %U %S' (ru_maxrss; and the CPU time)"
            }
            Peak::Proc => {
                "max RSS of each build, VmHWM in /proc/<pid>/status read every 10 ms (no /usr/bin/time here)"
            }
        }
    }
}

/// How a timed command went.
pub struct Timed {
    pub took: Duration,
    pub peak_kib: Option<u64>,
    /// CPU time in user and in system (kernel) mode, all threads, if known.
    pub cpu: Option<(f64, f64)>,
    pub success: bool,
}

/// Runs `inner` (its program, arguments and environment) to the end, with
/// its stderr, and its stdout too if `quiet`, into `log`; how long it took
/// its peak memory and (with GNU time) its CPU time.
pub fn timed(peak: Peak, inner: &Command, log: &Path, quiet: bool) -> Result<Timed, Failure> {
    let rss = log.with_extension("rss");
    let mut command = match peak {
        Peak::Time => {
            let _ = fs::remove_file(&rss);
            let mut time = Command::new(TIME);
            time.args(["-f", "%M %U %S", "-o"])
                .arg(&rss)
                .arg(inner.get_program());
            time
        }
        Peak::Proc => Command::new(inner.get_program()),
    };
    command.args(inner.get_args());
    for (key, value) in inner.get_envs() {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    if let Some(dir) = inner.get_current_dir() {
        command.current_dir(dir);
    }
    let file = fs::File::create(log).or_else(|e| fail(format!("cannot write {}: {e}", log.display())))?;
    let copy = || {
        file.try_clone()
            .or_else(|e| fail(format!("cannot write {}: {e}", log.display())))
    };
    command.stderr(copy()?);
    if quiet {
        command.stdout(copy()?);
    }
    let what = inner.get_program().to_string_lossy().into_owned();
    let started = Instant::now();
    let mut child = command
        .spawn()
        .or_else(|e| fail(format!("cannot run {what}: {e}")))?;
    let (status, peak_kib, cpu) = match peak {
        Peak::Time => {
            let status = child.wait();
            let figures = fs::read_to_string(&rss).ok().and_then(|t| time_figures(&t));
            (status, figures.map(|f| f.0), figures.map(|f| (f.1, f.2)))
        }
        Peak::Proc => {
            let proc_status = format!("/proc/{}/status", child.id());
            let mut peak = None;
            let status = loop {
                // VmHWM only grows: the last reading before the exit is the peak.
                let reading = fs::read_to_string(&proc_status).ok().and_then(|s| vm_hwm(&s));
                peak = peak.max(reading);
                match child.try_wait() {
                    Ok(Some(status)) => break Ok(status),
                    Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                    Err(e) => break Err(e),
                }
            };
            (status, peak, None)
        }
    };
    let took = started.elapsed();
    let status = status.or_else(|e| fail(format!("cannot wait for {what}: {e}")))?;
    Ok(Timed {
        took,
        peak_kib,
        cpu,
        success: status.success(),
    })
}

/// Peak KiB, user and system seconds from GNU time's `%M %U %S`: its last
/// line (a failed command's "Command exited with non-zero status" comes
/// before it).
fn time_figures(text: &str) -> Option<(u64, f64, f64)> {
    let mut fields = text.lines().last()?.split_whitespace();
    let peak = fields.next()?.parse().ok()?;
    let user = fields.next()?.parse().ok()?;
    let system = fields.next()?.parse().ok()?;
    Some((peak, user, system))
}

/// `VmHWM` from the text of `/proc/<pid>/status`, in KiB.
fn vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// KiB as megabytes, to one decimal.
pub fn megabytes(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_string(),
        |kib| format!("{:.1}", kib as f64 * 1024.0 / 1e6),
    )
}

/// Builds the press for speed and returns its path. The workspace's
/// release profile is tuned for a small wasm (opt-level "z"); the press
/// renders pages with the app's own components (and so Leptos) natively, so
/// its bench build is made for speed: `--config` changes this build only,
/// never the wasm.
pub fn release_press() -> Result<PathBuf, Failure> {
    let mut build = cmd("cargo");
    build.args([
        "build",
        "--release",
        "--package",
        "broadsheet-press",
        "--config",
        "profile.release.opt-level=3",
    ]);
    println!(
        "== release build of broadsheet-press \
         (cargo build --release -p broadsheet-press --config profile.release.opt-level=3)"
    );
    run_command(&mut build, "cargo build --release -p broadsheet-press")?;
    let target = crate::util::cargo_target_dir();
    Ok(target.join("release/broadsheet-press"))
}

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

pub fn load() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

pub fn load_1min() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_memory_readings() {
        assert_eq!(time_figures("12345 3.21 0.50\n"), Some((12345, 3.21, 0.5)));
        assert_eq!(
            time_figures("Command exited with non-zero status 1\n678 0.01 0.00\n"),
            Some((678, 0.01, 0.0))
        );
        assert_eq!(time_figures(""), None);
        let status =
            "Name:\tbroadsheet-pre\nVmPeak:\t  200000 kB\nVmHWM:\t   51234 kB\nVmRSS:\t   40000 kB\n";
        assert_eq!(vm_hwm(status), Some(51_234));
        assert_eq!(vm_hwm("Name:\tzombie\n"), None);
        assert_eq!(megabytes(Some(1_000_000)), "1024.0");
        assert_eq!(megabytes(None), "n/a");
    }
}
