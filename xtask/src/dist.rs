//! `cargo xtask dist [--public-url /news/]`: the site ready to upload.
//!
//! Trunk builds it; then the JS glue is minified, the loader script Trunk inlines moves to its own
//! file (so a Content-Security-Policy needs no 'unsafe-inline') and asks for the app only once
//! the page has painted (boot.rs), and what
//! Trunk made of `index.html` becomes the shell every page is rendered into:
//! broadsheet-press writes each page as HTML (docs/rendering.md), `404.html`
//! among them, and `_redirects` for Netlify-style hosts and the nginx
//! redirect maps (press/src/redirects.rs). Every text and wasm file gets
//! `.br` and `.gz` twins for hosts that serve precompressed files.

use crate::setup;
use crate::util::{fail, project_root, trunk_build, Failure};
use base64::Engine;
use sha2::Digest;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files worth compressing ahead of time (`bin`: the search index).
const COMPRESSIBLE: &[&str] = &["html", "js", "css", "wasm", "json", "svg", "xml", "txt", "bin"];

pub fn run(args: &[String]) -> Result<(), Failure> {
    let mut public_url = "/".to_string();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--public-url" => public_url = args.next().cloned().unwrap_or_default(),
            other => {
                return fail(format!(
                    "unknown option {other}; usage: cargo xtask dist [--public-url /path/]"
                ))
            }
        }
    }
    let public_url = normalize_public_url(&public_url)?;
    setup::build_tools()?;
    let dist = project_root().join("dist");
    build(&dist, &public_url)?;
    println!(
        "\nxtask: {} is ready to upload; it expects to be served at {public_url}",
        dist.display()
    );
    Ok(())
}

/// "/news" and "news/" both mean "/news/".
pub fn normalize_public_url(url: &str) -> Result<String, Failure> {
    let trimmed = url.trim_matches('/');
    if trimmed.contains("//") || trimmed.contains(['?', '#', ' ']) || url.contains("://") {
        return fail(format!("--public-url takes a path such as /news/, not {url:?}"));
    }
    Ok(if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    })
}

/// A release build in `dist`, finished for publishing at `public_url`.
pub fn build(dist: &Path, public_url: &str) -> Result<(), Failure> {
    trunk_build(dist, (public_url != "/").then_some(public_url))?;
    finish(dist, public_url)
}

pub fn finish(dist: &Path, public_url: &str) -> Result<(), Failure> {
    let io = |what: &Path, e: std::io::Error| Failure(format!("{}: {e}", what.display()));
    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| io(&index_path, e))?;
    // preload.js becomes part of the loader (boot.rs), minified with it:
    // taken out first, so that it is not minified as a file of its own too.
    let preload_path = dist.join("preload.js");
    let preload_js = std::fs::read_to_string(&preload_path).map_err(|e| io(&preload_path, e))?;
    std::fs::remove_file(&preload_path).map_err(|e| io(&preload_path, e))?;
    let index = minify_glue(dist, index)?;
    let boot = crate::boot::boot_after_paint(&index, &preload_js, public_url, |script| {
        minify_text(dist, script)
    })?;
    let index = inline_theme_script(&boot.index)?;
    let (index, icon_file) = crate::icon::inline_icon(&index, public_url, |name| {
        let path = dist.join(name);
        std::fs::read(&path).map_err(|e| io(&path, e))
    })?;
    if let Some(name) = icon_file {
        let path = dist.join(name);
        std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
    }
    let boot_path = dist.join(&boot.name);
    std::fs::write(&boot_path, &boot.script).map_err(|e| io(&boot_path, e))?;
    let shell = dist.join(SHELL);
    std::fs::write(&shell, &index).map_err(|e| io(&shell, e))?;
    std::fs::remove_file(&index_path).map_err(|e| io(&index_path, e))?;
    render_pages(dist, &shell)?;
    precompress(dist)
}

/// What Trunk made of `index.html`: the page every page is rendered into.
/// It stays in the build, so that the press can render the pages again
/// when only the content changes (docs/publishing.md).
pub const SHELL: &str = "shell.html";

/// The content and every page, rendered into `dist` by broadsheet-press.
fn render_pages(dist: &Path, shell: &Path) -> Result<(), Failure> {
    let content = project_root().join("content");
    crate::util::run(
        crate::util::cmd("cargo")
            .args([
                "run",
                "--quiet",
                "--package",
                "broadsheet-press",
                "--",
                "build",
                "--content",
            ])
            .arg(&content)
            .arg("--out")
            .arg(dist)
            .arg("--shell")
            .arg(shell),
        "broadsheet-press build --shell",
    )
}

/// The colour-scheme script (public/theme.js), which must run before the
/// first paint, goes inline: a request of its own would hold up the first
/// paint by a round trip. The Content-Security-Policy allows it by hash.
fn inline_theme_script(index: &str) -> Result<String, Failure> {
    let script = theme_script()?;
    // A changed script needs its new hash in the shipped policy, or every
    // reader's browser would refuse it.
    let hash = theme_script_hash()?;
    let nginx = std::fs::read_to_string(project_root().join("deploy/nginx.conf")).unwrap_or_default();
    if !nginx.contains(&hash) {
        return fail(format!(
            "public/theme.js changed: put its hash {hash} in the Content-Security-Policy of deploy/nginx.conf (and docs/deploy.md)"
        ));
    }
    for tag in [
        "<script src=theme.js></script>",
        "<script src=\"theme.js\"></script>",
    ] {
        if index.contains(tag) {
            return Ok(index.replacen(tag, &format!("<script>{script}</script>"), 1));
        }
    }
    fail("index.html has no <script src=theme.js>: did index.html or Trunk change?")
}

fn theme_script() -> Result<String, Failure> {
    let path = project_root().join("public/theme.js");
    std::fs::read_to_string(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))
}

/// The CSP source that allows the inline theme script: `'sha256-…'`.
fn theme_script_hash() -> Result<String, Failure> {
    let digest = sha2::Sha256::digest(theme_script()?.as_bytes());
    Ok(format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    ))
}

/// The SRI value of some bytes, as Trunk writes it.
pub(crate) fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes))
    )
}

/// Minifies wasm-bindgen's JS glue with terser (Trunk's minifier cannot
/// parse it) and updates its integrity hash in the index.
fn minify_glue(dist: &Path, mut index: String) -> Result<String, Failure> {
    let glue: Vec<PathBuf> = std::fs::read_dir(dist)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "js"))
                .collect()
        })
        .unwrap_or_default();
    for path in glue {
        let before = std::fs::read(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        minify(&path)?;
        let after = std::fs::read(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        index = index.replace(&integrity(&before), &integrity(&after));
    }
    Ok(index)
}

/// Minifies the text of an ES module with terser.
fn minify_text(dist: &Path, script: String) -> Result<String, Failure> {
    let path = dist.join("boot.tmp.js");
    std::fs::write(&path, script).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    minify(&path)?;
    let minified = std::fs::read_to_string(&path).map_err(|e| Failure(format!("{}: {e}", path.display())));
    let _ = std::fs::remove_file(&path);
    minified
}

/// Minifies one ES module in place with terser.
pub fn minify(path: &Path) -> Result<(), Failure> {
    let terser = crate::util::tools_dir().join("node_modules/.bin/terser");
    let status = crate::util::cmd(&terser.to_string_lossy())
        .arg(path)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(path)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return fail(format!("terser could not minify {}", path.display()));
    }
    Ok(())
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// Writes `x.br` and `x.gz` beside every compressible file.
fn precompress(dist: &Path) -> Result<(), Failure> {
    let mut files = Vec::new();
    files_under(dist, &mut files);
    for path in files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        let with_ext = |suffix: &str| {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)
            .and_then(|_| gz.flush())
            .map_err(|e| Failure(e.to_string()))?;
        let gz = gz.finish().map_err(|e| Failure(e.to_string()))?;
        let br = crate::size::brotli(&bytes);
        for (suffix, data) in [(".gz", gz), (".br", br)] {
            std::fs::write(with_ext(suffix), data)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_are_normalized() {
        assert_eq!(normalize_public_url("/").unwrap(), "/");
        assert_eq!(normalize_public_url("").unwrap(), "/");
        assert_eq!(normalize_public_url("news").unwrap(), "/news/");
        assert_eq!(normalize_public_url("/news").unwrap(), "/news/");
        assert_eq!(normalize_public_url("/a/b/").unwrap(), "/a/b/");
        assert!(normalize_public_url("https://x.org/news/").is_err());
        assert!(normalize_public_url("/a//b").is_err());
    }

    #[test]
    fn the_theme_script_goes_inline_and_the_policy_allows_it_by_hash() {
        let index = "<head><script src=theme.js></script></head>";
        let inlined = inline_theme_script(index).unwrap();
        assert!(inlined.starts_with("<head><script>try{"), "{inlined}");
        assert!(!inlined.contains("src=theme.js"));
        assert!(inline_theme_script("<head></head>").is_err());
        // Every policy we ship or document carries the script's hash.
        let hash = theme_script_hash().unwrap();
        let nginx = std::fs::read_to_string(project_root().join("deploy/nginx.conf")).unwrap();
        let policy = nginx
            .lines()
            .find(|l| l.contains("Content-Security-Policy"))
            .unwrap();
        assert!(
            policy.contains(&format!("script-src 'self' 'wasm-unsafe-eval' {hash};")),
            "{policy}"
        );
        assert!(!policy.contains("unsafe-inline"));
    }
}
