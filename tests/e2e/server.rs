//! The release build served as static files by a real nginx, the way a host
//! would serve it: with the shipped `deploy/nginx.conf` (only its port and
//! root changed), with the sub-path locations `docs/deploy.md` gives, or as a
//! host without rewrites that answers unknown paths with `404.html`.

use crate::check::{fail, Result};
use crate::http;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const NGINX: &str = "/usr/sbin/nginx";
const MIME_TYPES: &str = "/etc/nginx/mime.types";

/// The shipped config and the deploy guide: the one source of truth for what
/// the tests serve.
const SHIPPED_CONF: &str = include_str!("../../deploy/nginx.conf");
const DEPLOY_DOC: &str = include_str!("../../docs/deploy.md");
/// The comment server's guide, whose nginx block proxies to Isso.
const COMMENTS_DOC: &str = include_str!("../../docs/comments.md");
/// The address docs/comments.md gives Isso.
const DOCUMENTED_ISSO: &str = "http://127.0.0.1:8090/";

/// How a copy of the build is served.
#[derive(Clone, Copy)]
pub enum Layout<'a> {
    /// `deploy/nginx.conf` as shipped, serving the folder at the domain root.
    Shipped,
    /// The `location /news/…` blocks of docs/deploy.md, with the shipped
    /// `map` and `add_header` lines; the folder is named after the sub-path
    /// and the root is its parent.
    SubPath(&'a str),
    /// A host without rewrites (GitHub Pages-like): files as they are, and
    /// `404.html` for everything else.
    NoRewrites,
    /// The shipped config with docs/comments.md's location passing
    /// `/comments/` to an Isso on this loopback port.
    WithComments(u16),
    /// The shipped config, answering plain HTTP/1.1 as `Shipped` does and
    /// also HTTPS with HTTP/2 on a second port, with docs/deploy.md's TLS
    /// lines and the certificate and key in this folder
    /// (`self_signed_certificate`). For the bench's Lighthouse audits.
    #[allow(dead_code)]
    ShippedTls(&'a Path),
}

pub struct Nginx {
    child: Child,
    pub port: u16,
    /// The HTTPS (HTTP/2) port, for `Layout::ShippedTls`.
    pub tls_port: Option<u16>,
}

impl Nginx {
    /// Starts nginx serving `root` with the shipped config, with its config,
    /// pid, logs and temporary files under `prefix`. Tries a second port if
    /// the first is taken.
    pub async fn start(prefix: &Path, root: &Path) -> Result<Nginx> {
        Self::start_as(prefix, root, Layout::Shipped).await
    }

    /// Starts nginx serving `root` laid out as `layout`.
    pub async fn start_as(prefix: &Path, root: &Path, layout: Layout<'_>) -> Result<Nginx> {
        std::fs::create_dir_all(prefix)?;
        let mut last_error = fail("nginx was not started");
        for _ in 0..2 {
            let port = free_port()?;
            match Self::start_on(prefix, root, layout, port).await {
                Ok(nginx) => return Ok(nginx),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    async fn start_on(prefix: &Path, root: &Path, layout: Layout<'_>, port: u16) -> Result<Nginx> {
        let conf = prefix.join("nginx.conf");
        let tls_port = match layout {
            Layout::ShippedTls(_) => Some(free_port()?),
            _ => None,
        };
        let (site, home) = match layout {
            Layout::Shipped => (shipped_server(root, port)?, "/".to_string()),
            Layout::ShippedTls(tls) => {
                let tls_port = tls_port.unwrap_or_default();
                (tls_server(root, port, tls_port, tls)?, "/".to_string())
            }
            Layout::SubPath(path) => (sub_path_server(root, path, port)?, path.to_string()),
            Layout::NoRewrites => (no_rewrites_server(root, port)?, "/".to_string()),
            Layout::WithComments(isso) => (comments_server(root, port, isso)?, "/".to_string()),
        };
        std::fs::write(&conf, config(prefix, &site))?;
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
        let mut nginx = Nginx {
            child,
            port,
            tls_port,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = nginx.child.try_wait() {
                let log = std::fs::read_to_string(&error_log).unwrap_or_default();
                return Err(fail(format!("nginx exited ({status}) on port {port}:\n{log}")));
            }
            if let Ok(response) = http::request(port, "GET", &home, None).await {
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

    /// The HTTPS address, for `Layout::ShippedTls`.
    #[allow(dead_code)]
    pub fn tls_base_url(&self) -> Option<String> {
        self.tls_port.map(|port| format!("https://127.0.0.1:{port}"))
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

/// nginx's main config around `site` (the `http`-level directives and
/// `server` blocks of one site): everything under `prefix`, one process.
fn config(prefix: &Path, site: &str) -> String {
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
{site}
}}
"#,
        pid = p("nginx.pid").display(),
        error_log = p("error.log").display(),
        body = p("client_body_temp").display(),
        proxy = p("proxy_temp").display(),
        fastcgi = p("fastcgi_temp").display(),
        uwsgi = p("uwsgi_temp").display(),
        scgi = p("scgi_temp").display(),
    )
}

/// `text` with `from` replaced by `to`, failing if the shipped file no
/// longer has `from` (so the tests never silently serve something else).
fn swap(text: &str, from: &str, to: &str, file: &str) -> Result<String> {
    ensure!(
        text.contains(from),
        "{file} no longer has `{from}`: update tests/e2e/server.rs"
    );
    Ok(text.replace(from, to))
}

/// deploy/nginx.conf as shipped, listening on a loopback port and serving
/// `root`.
fn shipped_server(root: &Path, port: u16) -> Result<String> {
    let file = "deploy/nginx.conf";
    let conf = swap(
        SHIPPED_CONF,
        "listen 80;",
        &format!("listen 127.0.0.1:{port};"),
        file,
    )?;
    let conf = swap(&conf, "listen [::]:80;", "", file)?;
    // The redirect maps the press wrote into the folder (redirects.rs).
    let conf = swap(
        &conf,
        "include /var/www/broadsheet/",
        &format!("include {}/", root.display()),
        file,
    )?;
    swap(
        &conf,
        "root /var/www/broadsheet;",
        &format!("root \"{}\";", root.display()),
        file,
    )
}

/// The certificate and key that docs/deploy.md's TLS lines name, and the
/// files of a folder made by `self_signed_certificate` they become.
const DOCUMENTED_CERT: &str = "/etc/letsencrypt/live/news.example.org/fullchain.pem";
const DOCUMENTED_KEY: &str = "/etc/letsencrypt/live/news.example.org/privkey.pem";
pub const CERT_FILE: &str = "cert.pem";
pub const KEY_FILE: &str = "key.pem";

/// deploy/nginx.conf as shipped (`shipped_server`, plain HTTP on `port`),
/// with docs/deploy.md's lines for HTTPS and HTTP/2 added beside its
/// `listen`: on `tls_port`, with the certificate and key in `tls`.
pub fn tls_server(root: &Path, port: u16, tls_port: u16, tls: &Path) -> Result<String> {
    let file = "docs/deploy.md";
    let lines = nginx_block_with(DEPLOY_DOC, file, "ssl_certificate")?;
    let lines = swap(
        &lines,
        "listen 443 ssl http2;",
        &format!("listen 127.0.0.1:{tls_port} ssl http2;"),
        file,
    )?;
    let lines = swap(&lines, "listen [::]:443 ssl http2;", "", file)?;
    let lines = swap(
        &lines,
        DOCUMENTED_CERT,
        &format!("\"{}\"", tls.join(CERT_FILE).display()),
        file,
    )?;
    let lines = swap(
        &lines,
        DOCUMENTED_KEY,
        &format!("\"{}\"", tls.join(KEY_FILE).display()),
        file,
    )?;
    let listen = format!("listen 127.0.0.1:{port};");
    swap(
        &shipped_server(root, port)?,
        &listen,
        &format!("{listen}\n{lines}"),
        "deploy/nginx.conf",
    )
}

/// A self-signed certificate for 127.0.0.1 and its key (P-256), made by
/// the `openssl` command line into `dir` as `CERT_FILE` and `KEY_FILE`,
/// valid for two days: for serving the bench over HTTPS, never committed.
#[allow(dead_code)]
pub fn self_signed_certificate(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let out = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(dir.join(KEY_FILE))
        .arg("-out")
        .arg(dir.join(CERT_FILE))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| fail(format!("cannot run openssl: {e}")))?;
    ensure!(
        out.status.success(),
        "openssl could not make a certificate in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

/// The `map` block of deploy/nginx.conf.
pub fn shipped_map() -> Result<String> {
    let start = SHIPPED_CONF
        .find("\nmap ")
        .ok_or_else(|| fail("deploy/nginx.conf has no `map` block"))?
        + 1;
    let len = SHIPPED_CONF[start..]
        .find("\n}")
        .ok_or_else(|| fail("deploy/nginx.conf: the `map` block is not closed"))?;
    Ok(SHIPPED_CONF[start..start + len + 2].to_string())
}

/// The `add_header` and `gzip*` lines of the server in deploy/nginx.conf,
/// which docs/deploy.md says to copy into a server with the sub-path.
pub fn shipped_headers() -> Result<String> {
    let lines: Vec<&str> = SHIPPED_CONF
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("add_header ") || l.starts_with("gzip"))
        .collect();
    ensure!(
        lines.iter().any(|l| l.starts_with("add_header ")),
        "deploy/nginx.conf has no add_header lines"
    );
    Ok(lines.join("\n    "))
}

/// The first ```nginx block of a doc.
fn nginx_block(doc: &str, file: &str) -> Result<String> {
    nth_nginx_block(doc, file, 0)
}

/// The ```nginx block number `n` (from 0) of a doc.
fn nth_nginx_block(doc: &str, file: &str, n: usize) -> Result<String> {
    let mut rest = doc;
    for _ in 0..n {
        let at = rest
            .find("```nginx\n")
            .ok_or_else(|| fail(format!("{file} has fewer than {} ```nginx blocks", n + 1)))?;
        rest = &rest[at + "```nginx\n".len()..];
    }
    let start = rest
        .find("```nginx\n")
        .ok_or_else(|| fail(format!("{file} has fewer than {} ```nginx blocks", n + 1)))?
        + "```nginx\n".len();
    let len = rest[start..]
        .find("```")
        .ok_or_else(|| fail(format!("{file}: the ```nginx block is not closed")))?;
    Ok(rest[start..start + len].to_string())
}

/// The first ```nginx block of a doc that has `needle` in it.
fn nginx_block_with(doc: &str, file: &str, needle: &str) -> Result<String> {
    let blocks = doc.split("```nginx\n").skip(1);
    blocks
        .filter_map(|rest| rest.find("```").map(|end| &rest[..end]))
        .find(|block| block.contains(needle))
        .map(str::to_string)
        .ok_or_else(|| fail(format!("{file} has no ```nginx block with `{needle}`")))
}

/// The nginx block of docs/deploy.md for a sub-path (`location /news/…`).
fn documented_locations() -> Result<String> {
    nginx_block(DEPLOY_DOC, "docs/deploy.md")
}

/// The second nginx block of docs/deploy.md: the sub-path's redirect maps,
/// for the `http` block.
fn documented_redirect_maps() -> Result<String> {
    nth_nginx_block(DEPLOY_DOC, "docs/deploy.md", 1)
}

/// deploy/nginx.conf as shipped, with the location of docs/comments.md
/// added where it says, passing to an Isso on `isso_port`.
fn comments_server(root: &Path, port: u16, isso_port: u16) -> Result<String> {
    let file = "docs/comments.md";
    let location = swap(
        &nginx_block(COMMENTS_DOC, file)?,
        DOCUMENTED_ISSO,
        &format!("http://127.0.0.1:{isso_port}/"),
        file,
    )?;
    let marker = "    # Every page is a file of its own";
    swap(
        &shipped_server(root, port)?,
        marker,
        &format!("{location}\n{marker}"),
        "deploy/nginx.conf",
    )
}

/// A server with docs/deploy.md's sub-path locations for `path` (`/news/`),
/// the shipped map and headers. `folder` is the copy of the build, named as
/// the sub-path; the documented `root /var/www;` becomes its parent.
fn sub_path_server(folder: &Path, path: &str, port: u16) -> Result<String> {
    let file = "docs/deploy.md";
    let parent = folder
        .parent()
        .ok_or_else(|| fail(format!("{} has no parent folder", folder.display())))?;
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned());
    ensure!(
        name.as_deref() == Some(path.trim_matches('/')),
        "the copy served under {path} must be a folder named so, not {}",
        folder.display()
    );
    ensure!(path == "/news/", "docs/deploy.md shows /news/ only, not {path}");
    let locations = swap(
        &documented_locations()?,
        "root /var/www;",
        &format!("root \"{}\";", parent.display()),
        file,
    )?;
    let moved = swap(
        &documented_redirect_maps()?,
        "include /var/www/",
        &format!("include {}/", parent.display()),
        file,
    )?;
    Ok(format!(
        "{moved}\n{map}\nserver {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n    {headers}\n{locations}}}\n",
        map = shipped_map()?,
        headers = shipped_headers()?,
    ))
}

/// A host without rewrites: the files, and `404.html` (status 404) for any
/// path that is not one, as GitHub Pages does.
fn no_rewrites_server(root: &Path, port: u16) -> Result<String> {
    Ok(format!(
        "{map}\nserver {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n    root \"{root}\";\n    \
         {headers}\n    error_page 404 /404.html;\n}}\n",
        map = shipped_map()?,
        headers = shipped_headers()?,
        root = root.display(),
    ))
}
