//! The release build served as static files by a real nginx, the way a host
//! would serve it: files as they are, index.html for every other path, and a
//! real 404 for a missing content file or image.

use crate::check::{fail, Result};
use crate::http;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const NGINX: &str = "/usr/sbin/nginx";
const MIME_TYPES: &str = "/etc/nginx/mime.types";

pub struct Nginx {
    child: Child,
    pub port: u16,
}

impl Nginx {
    /// Starts nginx serving `root`, with its config, pid, logs and temporary
    /// files under `prefix`. Tries a second port if the first is taken.
    pub async fn start(prefix: &Path, root: &Path) -> Result<Nginx> {
        std::fs::create_dir_all(prefix)?;
        let mut last_error = fail("nginx was not started");
        for _ in 0..2 {
            let port = free_port()?;
            match Self::start_on(prefix, root, port).await {
                Ok(nginx) => return Ok(nginx),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    async fn start_on(prefix: &Path, root: &Path, port: u16) -> Result<Nginx> {
        let conf = prefix.join("nginx.conf");
        std::fs::write(&conf, config(prefix, root, port))?;
        let error_log = prefix.join("error.log");
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(prefix)
            .arg("-e")
            .arg(&error_log)
            .arg("-c")
            .arg(&conf)
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| fail(format!("cannot start {NGINX}: {e}")))?;
        let mut nginx = Nginx { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                let log = std::fs::read_to_string(&error_log).unwrap_or_default();
                return Err(fail(format!("nginx exited ({status}) on port {port}:\n{log}")));
            }
            if let Ok(response) = http::request(port, "GET", "/", None).await {
                if response.status == 200 && response.body.contains("<html") {
                    return Ok(nginx);
                }
            }
            if Instant::now() > deadline {
                nginx.stop().await;
                return Err(fail(format!("nginx did not answer on port {port} within 10 s")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub async fn stop(&mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
    }
}

/// A loopback port nobody is listening on right now.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn config(prefix: &Path, root: &Path, port: u16) -> String {
    let p = |name: &str| -> PathBuf { prefix.join(name) };
    let user = if is_root() { "user root;" } else { "" };
    // Older mime.types files do not know WebAssembly, and browsers only
    // compile streamed wasm served as application/wasm.
    let wasm_type = match std::fs::read_to_string(MIME_TYPES) {
        Ok(types) if types.contains("application/wasm") => "",
        _ => "types { application/wasm wasm; }",
    };
    format!(
        r#"
{user}
master_process off;
worker_processes 1;
pid "{pid}";
error_log "{error_log}" warn;
events {{ worker_connections 256; }}
http {{
    include "{MIME_TYPES}";
    {wasm_type}
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path "{body}";
    proxy_temp_path "{proxy}";
    fastcgi_temp_path "{fastcgi}";
    uwsgi_temp_path "{uwsgi}";
    scgi_temp_path "{scgi}";
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root "{root}";
        # The app's routes are paths: every one of them gets index.html.
        location / {{
            try_files $uri $uri/ /index.html;
        }}
        # Content and images are files or a real 404, never index.html, and
        # never cached, so a case sees the files it changes.
        location /content/ {{
            add_header Cache-Control "no-store" always;
            try_files $uri =404;
        }}
        location /media/ {{
            try_files $uri =404;
        }}
    }}
}}
"#,
        pid = p("nginx.pid").display(),
        error_log = p("error.log").display(),
        body = p("client_body_temp").display(),
        proxy = p("proxy_temp").display(),
        fastcgi = p("fastcgi_temp").display(),
        uwsgi = p("uwsgi_temp").display(),
        scgi = p("scgi_temp").display(),
        root = root.display(),
    )
}
