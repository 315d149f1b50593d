//! `cargo xtask serve --comments`: a local Isso comment server beside
//! `trunk serve`, with a config written here, its database in a temporary
//! folder, and moderation off. The dev site is pointed at it through
//! `BROADSHEET_COMMENTS_ENDPOINT`, which broadsheet-press honours when it
//! writes the site file; Isso's `host` lets the dev origins in (CORS).

use crate::setup::{self, ISSO_VERSION};
use crate::util::{fail, Failure};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The variable broadsheet-press reads (press/src/source.rs).
pub const ENDPOINT_ENV: &str = "BROADSHEET_COMMENTS_ENDPOINT";

/// A running Isso, stopped and its folder removed when dropped.
pub struct DevIsso {
    child: Child,
    dir: PathBuf,
    pub endpoint: String,
}

/// Starts Isso on a free loopback port, letting in the dev server on
/// `dev_port` (as 127.0.0.1 and as localhost).
pub fn start(dev_port: u16) -> Result<DevIsso, Failure> {
    setup::isso()?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .or_else(|e| fail(format!("no free port for Isso: {e}")))?;
    remove_stale_folders();
    let dir = std::env::temp_dir().join(format!("{FOLDER_PREFIX}{}", std::process::id()));
    std::fs::create_dir_all(&dir).or_else(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    let conf = dir.join("isso.cfg");
    let config = format!(
        "# Written by `cargo xtask serve --comments` (xtask/src/comments.rs).\n\
         [general]\n\
         dbpath = {db}\n\
         host =\n    http://127.0.0.1:{dev_port}\n    http://localhost:{dev_port}\n\
         [moderation]\n\
         enabled = false\n\
         [server]\n\
         listen = http://127.0.0.1:{port}\n\
         [guard]\n\
         ratelimit = 10\n\
         direct-reply = 100\n\
         reply-to-self = true\n\
         # The form asks for both.\n\
         require-author = true\n\
         require-email = true\n",
        db = dir.join("comments.db").display(),
    );
    std::fs::write(&conf, config).or_else(|e| fail(format!("cannot write {}: {e}", conf.display())))?;
    let log = std::fs::File::create(dir.join("isso.log"))
        .or_else(|e| fail(format!("cannot create Isso's log: {e}")))?;
    let child = Command::new(setup::isso_bin())
        .arg("-c")
        .arg(&conf)
        .arg("run")
        .stdin(Stdio::null())
        .stdout(log.try_clone().or_else(|e| fail(format!("Isso's log: {e}")))?)
        .stderr(log)
        .spawn()
        .or_else(|e| fail(format!("cannot start Isso: {e}")))?;
    let mut isso = DevIsso {
        child,
        dir,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = isso.child.try_wait() {
            let log = std::fs::read_to_string(isso.dir.join("isso.log")).unwrap_or_default();
            return fail(format!("Isso exited ({status}):\n{log}"));
        }
        if Instant::now() > deadline {
            return fail("Isso did not answer within 20 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "xtask: Isso {ISSO_VERSION} at {} (config, database and log in {}); \
         comments posted now are gone when serve stops",
        isso.endpoint,
        isso.dir.display()
    );
    Ok(isso)
}

/// Each serve's folder: this, then its process id.
const FOLDER_PREFIX: &str = "broadsheet-isso-";

/// Removes the folders of serves that are gone without cleaning up (Ctrl-C
/// stops xtask before it can; Isso, in the same process group, stops too).
fn remove_stale_folders() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(FOLDER_PREFIX) else {
            continue;
        };
        if !std::path::Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for DevIsso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The port `trunk serve` will listen on: `--port N` or `--port=N` among
/// its arguments, else Trunk.toml's 8080.
pub fn dev_port(args: &[String]) -> u16 {
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--port") {
            Some("") => args.next().map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(port) = value.and_then(|v| v.parse().ok()) {
            return port;
        }
    }
    8080
}

#[cfg(test)]
mod tests {
    use super::dev_port;

    #[test]
    fn the_dev_port_from_trunk_arguments() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(dev_port(&args(&[])), 8080);
        assert_eq!(dev_port(&args(&["--open", "--port", "9000"])), 9000);
        assert_eq!(dev_port(&args(&["--port=9001"])), 9001);
        assert_eq!(dev_port(&args(&["--portal"])), 8080);
    }
}
