//! The HTTPS server the bench's Lighthouse audits use (`Layout::ShippedTls`
//! in tests/e2e/server.rs): deploy/nginx.conf as shipped, with the lines
//! docs/deploy.md gives for HTTPS and HTTP/2, served by the real nginx with
//! a certificate made by the real `openssl`, asked by `curl`.

// `cargo test --target wasm32-unknown-unknown` builds this file too; there
// it has nothing to do.

#[cfg(not(target_arch = "wasm32"))]
#[macro_use]
#[allow(unused_macros, dead_code)]
#[path = "e2e/check.rs"]
mod check;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "e2e/http.rs"]
mod http;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "e2e/server.rs"]
mod server;

#[cfg(not(target_arch = "wasm32"))]
use server::{Layout, Nginx};
#[cfg(not(target_arch = "wasm32"))]
use std::path::{Path, PathBuf};
#[cfg(not(target_arch = "wasm32"))]
use std::process::Command;

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn tls_lines_join_the_shipped_server() {
    let conf = server::tls_server(Path::new("/srv/site"), 8080, 8443, Path::new("/run/tls")).unwrap();
    // One server, answering both: plain HTTP/1.1 and HTTPS with HTTP/2.
    assert_eq!(conf.matches("server {").count(), 1, "{conf}");
    assert!(conf.contains("listen 127.0.0.1:8080;\n"), "{conf}");
    assert!(conf.contains("listen 127.0.0.1:8443 ssl http2;\n"), "{conf}");
    assert!(
        conf.contains("ssl_certificate     \"/run/tls/cert.pem\";"),
        "{conf}"
    );
    assert!(
        conf.contains("ssl_certificate_key \"/run/tls/key.pem\";"),
        "{conf}"
    );
    // Nothing of the documented example is left to listen on or to read.
    for documented in [":443", "listen 443", "letsencrypt", "listen [::]", "/var/www/"] {
        assert!(!conf.contains(documented), "`{documented}` left in:\n{conf}");
    }
    // The shipped server's rules are all there, after the listen lines.
    let tls_at = conf.find("ssl http2").unwrap();
    for rule in [
        "add_header Content-Security-Policy",
        "gzip_static on;",
        "error_page 404 /404.html;",
        "root \"/srv/site\";",
    ] {
        assert!(conf[tls_at..].contains(rule), "`{rule}` missing:\n{conf}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// `curl -k` of `url`: the HTTP version, the status and the headers.
fn curl(url: &str) -> String {
    let out = Command::new("curl")
        .args([
            "--silent",
            "--insecure",
            "--http2",
            "--dump-header",
            "-",
            "--output",
            "/dev/null",
        ])
        .args(["--write-out", "version %{http_version} status %{http_code}\n"])
        .arg(url)
        .output()
        .expect("curl runs");
    assert!(
        out.status.success(),
        "curl {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_ascii_lowercase()
}

#[cfg(not(target_arch = "wasm32"))]
#[tokio::test]
async fn nginx_serves_the_site_over_https_with_http2() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("nginx-tls");
    let _ = std::fs::remove_dir_all(&dir);
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><html><title>home</title></html>",
    )
    .unwrap();
    std::fs::write(
        site.join("404.html"),
        "<!doctype html><html><title>not found</title></html>",
    )
    .unwrap();
    for map in ["redirects-by-path.map", "redirects-by-query.map"] {
        std::fs::write(site.join(map), "").unwrap();
    }
    let tls = dir.join("tls");
    server::self_signed_certificate(&tls).unwrap();
    let mut nginx = Nginx::start_as(&dir.join("nginx"), &site, Layout::ShippedTls(&tls))
        .await
        .unwrap_or_else(|e| panic!("{}", e.0));
    let https = nginx.tls_base_url().expect("an HTTPS address");
    let home = curl(&format!("{https}/"));
    let missing = curl(&format!("{https}/no-such-page/"));
    let plain = curl(&format!("{}/", nginx.base_url()));
    nginx.stop().await;
    assert!(home.contains("version 2 status 200"), "{home}");
    assert!(
        home.contains("content-security-policy: default-src 'self'"),
        "{home}"
    );
    assert!(missing.contains("version 2 status 404"), "{missing}");
    // The plain port still answers HTTP/1.1, as the measurements use it.
    assert!(plain.contains("version 1.1 status 200"), "{plain}");
    let _ = std::fs::remove_dir_all(&dir);
}
