//! Hosting as static files (issue 5): the build served by nginx with the
//! shipped `deploy/nginx.conf` at the domain root, the `/news/` build under
//! `/news/` with the locations docs/deploy.md gives, and the root build on a
//! host without rewrites that answers unknown paths with `404.html`. Checks
//! deep links, links, not-found, real 404s, the Content-Security-Policy
//! (header and no violations), console errors and precompressed files.

use crate::browser::Page;
use crate::cases::fetching::{requesters, wait_preloaded};
use crate::cases::Case;
use crate::check::{fail, Result};
use crate::content::{href, list, text, Content};
use crate::http;
use crate::server::{Layout, Nginx};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn all() -> Vec<Case> {
    cases![
        deploy_root_headers_and_404s,
        deploy_root_csp_and_console,
        deploy_precompressed_files,
        deploy_news_deep_links,
        deploy_news_navigation_by_clicking,
        deploy_news_not_found,
        deploy_news_headers_and_404s,
        deploy_news_csp_and_console,
        deploy_no_rewrites_deep_links,
    ]
}

/// Under this path the `/news/` build is served.
pub(crate) const NEWS: &str = "/news";
const SEED_SECTION: &str = "world";
const SEED_SLUG: &str = "putin-visit-north-korea-alliance";
const HEADER_NAV: &str = "nav.section-nav a";
const CARD_LINKS: &str = ".story-list .card-headline a";
const ARTICLE_H1: &str = ".article-head h1";

// ---------------------------------------------------------------- servers

/// One served copy of a build.
#[derive(Clone)]
pub(crate) struct Site {
    pub(crate) port: u16,
    /// The copy's folder.
    dir: PathBuf,
}

struct Sites {
    root: Site,
    /// The `/news/` build, or why it is not served.
    news: std::result::Result<Site, String>,
    no_rewrites: Site,
}

static SITES: OnceLock<Sites> = OnceLock::new();

fn sites() -> Result<&'static Sites> {
    SITES
        .get()
        .ok_or_else(|| fail("the deploy servers were not started (harness.rs)"))
}

pub(crate) fn news() -> Result<Site> {
    sites()?.news.clone().map_err(fail)
}

/// The root build, as the main nginx serves it.
pub(crate) fn root() -> Result<Site> {
    Ok(sites()?.root.clone())
}

/// The nginx servers besides the main one, stopped with `stop`.
pub struct Servers(Vec<Nginx>);

impl Servers {
    /// Starts the host without rewrites on `site` (the copy the main nginx,
    /// on `root_port`, serves) and, if `BROADSHEET_DIST_NEWS` is set, copies
    /// that build to `temp/news-host/news` and serves it under `/news/`.
    pub async fn start(temp: &Path, site: &Path, root_port: u16) -> Result<Servers> {
        let mut servers = Servers(Vec::new());
        let no_rewrites = Nginx::start_as(&temp.join("nginx-no-rewrites"), site, Layout::NoRewrites).await?;
        let no_rewrites_site = Site {
            port: no_rewrites.port,
            dir: site.to_path_buf(),
        };
        servers.0.push(no_rewrites);
        let news = match std::env::var_os("BROADSHEET_DIST_NEWS").map(PathBuf::from) {
            None => Err("BROADSHEET_DIST_NEWS is not set: `cargo xtask test` builds \
                         target/e2e/dist-news with --public-url /news/ and sets it"
                .to_string()),
            Some(dist) if !dist.join("index.html").is_file() => Err(format!(
                "BROADSHEET_DIST_NEWS={} has no index.html",
                dist.display()
            )),
            Some(dist) => {
                let dir = temp.join("news-host").join("news");
                let started = match crate::harness::copy_dir(&dist, &dir) {
                    Ok(()) => {
                        Nginx::start_as(&temp.join("nginx-news"), &dir, Layout::SubPath("/news/")).await
                    }
                    Err(e) => Err(e),
                };
                match started {
                    Ok(nginx) => {
                        let site = Site {
                            port: nginx.port,
                            dir,
                        };
                        servers.0.push(nginx);
                        Ok(site)
                    }
                    Err(e) => Err(format!("nginx for /news/ did not start: {}", e.0)),
                }
            }
        };
        let root = Site {
            port: root_port,
            dir: site.to_path_buf(),
        };
        let _ = SITES.set(Sites {
            root,
            news,
            no_rewrites: no_rewrites_site,
        });
        Ok(servers)
    }

    pub async fn stop(&mut self) {
        for nginx in &mut self.0 {
            nginx.stop().await;
        }
    }
}

// ---------------------------------------------------------------- helpers

/// Loads `path` from one of the deploy servers and, like `Page::open`,
/// waits for the app to start there; returns how it started.
pub(crate) async fn goto(page: &Page, site: &Site, path: &str) -> Result<String> {
    page.client
        .goto(&format!("http://127.0.0.1:{}{path}", site.port))
        .await?;
    page.wait_for_app(path).await
}

/// Records every `securitypolicyviolation` of every document the browser
/// loads from now on in `window.__cspViolations`, from before any script
/// of the page runs.
async fn watch_csp(page: &Page) -> Result {
    page.before_every_document(
        "window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
                e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' in ' + e.sourceFile + ':' + e.lineNumber));",
    )
    .await?;
    Ok(())
}

/// The CSP violations of the current document; fails if the watcher is not there.
async fn csp_violations(page: &Page) -> Result<Vec<String>> {
    let v = page.js("return window.__cspViolations || null;", vec![]).await?;
    let list = v
        .as_array()
        .ok_or_else(|| fail("the CSP watcher is not installed in this document"))?;
    Ok(list
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect())
}

async fn no_csp_violations(page: &Page, when: &str) -> Result {
    let violations = csp_violations(page).await?;
    ensure!(violations.is_empty(), "CSP violations {when}: {violations:#?}");
    Ok(())
}

/// Home, a section by clicking, an article by clicking, then a section and
/// an article by deep link, with the CSP watched; no violations, no console
/// errors. Then an inline script is added, which the CSP must block and
/// the watcher must see (so an empty list means something).
async fn csp_and_console(page: &Page, site: &Site, base: &str) -> Result {
    let content = Content::new(&site.dir);
    let seed = content.article(SEED_SECTION, SEED_SLUG)?;
    watch_csp(page).await?;
    goto(page, site, &format!("{base}/")).await?;
    page.wait_for(".lead .card-headline a").await?;
    no_csp_violations(page, "on the home page").await?;
    page.click(&format!("{HEADER_NAV}[href='{base}/world/']")).await?;
    page.wait_for(".story-list .card").await?;
    page.click(CARD_LINKS).await?;
    page.wait_for(ARTICLE_H1).await?;
    no_csp_violations(page, "after clicking to a section and an article").await?;
    goto(page, site, &format!("{base}/world")).await?;
    page.wait_for(".story-list .card").await?;
    no_csp_violations(page, "on a section by deep link").await?;
    goto(page, site, &format!("{base}{}", href(&seed)?)).await?;
    page.wait_for_text(ARTICLE_H1, &text(&seed, "/headline")?).await?;
    page.wait_for(".latest-articles .card").await?;
    no_csp_violations(page, "on an article by deep link").await?;
    page.expect_no_console_errors().await?;

    page.js(
        "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = 1;';
         document.head.appendChild(s);",
        vec![],
    )
    .await?;
    page.wait_until("the CSP to report the inline script", || async {
        Ok((!csp_violations(page).await?.is_empty()).then_some(()))
    })
    .await?;
    let ran = page.js("return window.__inlineRan === 1;", vec![]).await?;
    ensure!(
        ran != json!(true),
        "an inline script ran: the CSP does not block it"
    );
    Ok(())
}

/// The CSP header on a page: present, with 'wasm-unsafe-eval', without
/// 'unsafe-inline' or 'unsafe-eval'.
fn check_csp_header(response: &http::Response, path: &str) -> Result {
    let csp = response
        .header("content-security-policy")
        .ok_or_else(|| fail(format!("{path}: no Content-Security-Policy header")))?;
    ensure!(
        csp.contains("'wasm-unsafe-eval'"),
        "{path}: the CSP lacks 'wasm-unsafe-eval': {csp}"
    );
    for bad in ["'unsafe-inline'", "'unsafe-eval'"] {
        ensure!(!csp.contains(bad), "{path}: the CSP allows {bad}: {csp}");
    }
    Ok(())
}

/// Status `status`, and the app's page (index.html or 404.html) or not.
pub(crate) async fn expect_status(site: &Site, path: &str, status: u16, app: bool) -> Result<http::Response> {
    let response = http::request(site.port, "GET", path, None).await?;
    ensure_eq!(response.status, status, "status of GET {path}");
    let is_app = response.body.contains("<base href");
    ensure_eq!(is_app, app, "GET {path} answered with the app's page");
    Ok(response)
}

/// Every page is served as itself with the CSP; any other path gets the
/// not-found page with status 404; missing assets and content get a real
/// 404, not a page.
async fn headers_and_404s(site: &Site, base: &str) -> Result {
    let content = Content::new(&site.dir);
    let seed = content.article(SEED_SECTION, SEED_SLUG)?;
    for path in [
        format!("{base}/"),
        format!("{base}/world/"),
        format!("{base}/world/page/2/"),
        format!("{base}{}", href(&seed)?),
    ] {
        let response = expect_status(site, &path, 200, true).await?;
        check_csp_header(&response, &path)?;
        ensure_eq!(
            response.header("cache-control"),
            Some("no-cache"),
            "Cache-Control of {path}"
        );
        ensure!(
            response.body.contains(&format!(
                "data-route=\"{}",
                path.strip_prefix(base).unwrap_or(&path)
            )),
            "GET {path} is not the page rendered for it"
        );
    }
    // A folder without its slash, and an old section page link.
    let mut moved = vec![(format!("{base}/world"), format!("{base}/world/"))];
    if base.is_empty() {
        moved.push(("/world?page=2".to_string(), "/world/page/2/".to_string()));
        moved.push(("/world/?page=2&x=1".to_string(), "/world/page/2/".to_string()));
    }
    for (path, to) in moved {
        let response = http::request(site.port, "GET", &path, None).await?;
        ensure_eq!(response.status, 301, "status of GET {path}");
        let location = response.header("location").unwrap_or_default();
        ensure!(
            location.ends_with(&to),
            "GET {path} redirects to {location:?}, not {to}"
        );
    }
    for path in [
        format!("{base}/no/such/route"),
        format!("{base}/world/no-such-article/"),
        format!("{base}/world/page/99/"),
    ] {
        let response = expect_status(site, &path, 404, true).await?;
        ensure!(
            response.body.contains("Page not found") && response.body.contains("data-route=\"\""),
            "GET {path} is not the not-found page"
        );
    }
    for path in [
        format!("{base}/missing-file.js"),
        format!("{base}/missing-file_bg.wasm"),
        format!("{base}/content/articles/world/nope.json"),
        format!("{base}/content/sections/nope/1.json"),
        format!("{base}/media/nope.jpg"),
    ] {
        let response = expect_status(site, &path, 404, false).await?;
        check_csp_header(&response, &path)?;
        // A 404 is not cached: the file may be published a minute later.
        let cache = response.header("cache-control").unwrap_or_default();
        ensure!(
            !cache.contains("max-age"),
            "the 404 for {path} may be cached: {cache}"
        );
    }
    let response = expect_status(site, &format!("{base}/content/site.json"), 200, false).await?;
    ensure_eq!(
        response.header("cache-control"),
        Some("no-cache"),
        "Cache-Control of content/site.json"
    );
    ensure!(
        response
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{base}/content/site.json is served as {:?}",
        response.header("content-type")
    );
    let wasm = file_like(&site.dir, "_bg.wasm")?;
    let response = expect_status(site, &format!("{base}/{wasm}"), 200, false).await?;
    ensure_eq!(
        response.header("content-type"),
        Some("application/wasm"),
        "type of {wasm}"
    );
    ensure_eq!(
        response.header("cache-control"),
        Some("public, max-age=31536000, immutable"),
        "Cache-Control of {wasm}"
    );
    let path = format!("{base}/{wasm}");
    let response = http::get_with(site.port, &path, &[("Accept-Encoding", "gzip")]).await?;
    ensure_eq!(
        response.header("content-encoding"),
        Some("gzip"),
        "Content-Encoding of {path}"
    );
    ensure_eq!(response.header("vary"), Some("Accept-Encoding"), "Vary of {path}");
    if !base.is_empty() {
        // The sub-path without its slash leads to the site.
        let response = http::request(site.port, "GET", base, None).await?;
        ensure_eq!(response.status, 301, "status of GET {base}");
        let location = response.header("location").unwrap_or_default();
        ensure!(
            location.ends_with(&format!("{base}/")),
            "GET {base} redirects to {location:?}"
        );
    }
    Ok(())
}

/// The name of the one top-level file of `dir` that ends with `suffix`
/// (and is not a compressed twin).
fn file_like(dir: &Path, suffix: &str) -> Result<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(suffix) {
            found.push(name);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(fail(format!(
            "{}: expected one *{suffix}, found {found:?}",
            dir.display()
        ))),
    }
}

/// Waits for a section page of the `/news/` build to list `world` page 1,
/// with links under `/news/`.
async fn expect_world(page: &Page, content: &Content) -> Result {
    let world = content.section_page("world", 1)?;
    let items = list(&world, "/items")?;
    page.wait_for_text(".section-head h1", "World").await?;
    let headlines = items
        .iter()
        .map(|i| text(i, "/headline"))
        .collect::<Result<Vec<_>>>()?;
    page.wait_for_texts(CARD_LINKS, &headlines).await?;
    let hrefs = items
        .iter()
        .map(|i| Ok(format!("{NEWS}{}", href(i)?)))
        .collect::<Result<Vec<_>>>()?;
    page.wait_for_attrs(CARD_LINKS, "href", &hrefs).await
}

/// Every link on the page that points into the site stays under `/news/`.
pub(crate) async fn links_under_news(page: &Page, where_: &str) -> Result {
    let hrefs = page.attrs("a[href]", "href").await?;
    let outside: Vec<&String> = hrefs
        .iter()
        .filter(|h| !h.contains("://") && !h.starts_with("mailto:") && !h.starts_with("#"))
        .filter(|h| !h.starts_with(&format!("{NEWS}/")))
        .collect();
    ensure!(
        outside.is_empty(),
        "links outside /news/ on {where_}: {outside:?}"
    );
    Ok(())
}

// ---------------------------------------------------------------- cases

async fn deploy_root_headers_and_404s(_page: Page, _content: Content) -> Result {
    headers_and_404s(&sites()?.root, "").await
}

async fn deploy_root_csp_and_console(page: Page, _content: Content) -> Result {
    csp_and_console(&page, &sites()?.root, "").await
}

/// dist/ has `.br` and `.gz` twins, and nginx's gzip_static serves the `.gz`.
async fn deploy_precompressed_files(_page: Page, _content: Content) -> Result {
    let site = &sites()?.root;
    let wasm = file_like(&site.dir, "_bg.wasm")?;
    let mut names: Vec<String> = std::fs::read_dir(&site.dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js") || n.ends_with(".css"))
        .collect();
    ensure!(
        names.iter().any(|n| n.starts_with("boot-")) && names.iter().any(|n| n.starts_with("broadsheet-")),
        "dist has no boot-*.js and broadsheet-*.js: {names:?}"
    );
    ensure!(
        names.iter().any(|n| n.ends_with(".css")),
        "dist has no CSS: {names:?}"
    );
    names.push(wasm.clone());
    names.extend(
        [
            "index.html",
            "404.html",
            "content/site.json",
            "content/front.json",
            "content/sections/world/1.json",
            "content/articles/world/putin-visit-north-korea-alliance.json",
        ]
        .map(String::from),
    );
    for name in &names {
        for twin in [".br", ".gz"] {
            let path = site.dir.join(format!("{name}{twin}"));
            ensure!(path.is_file(), "{name} has no {twin} twin");
        }
    }

    for (name, accept) in [(wasm.as_str(), "gzip"), ("content/site.json", "gzip, deflate")] {
        let path = format!("/{name}");
        let gz_len = std::fs::metadata(site.dir.join(format!("{name}.gz")))?
            .len()
            .to_string();
        let response = http::get_with(site.port, &path, &[("Accept-Encoding", accept)]).await?;
        ensure_eq!(response.status, 200, "status of {path}");
        ensure_eq!(
            response.header("content-encoding"),
            Some("gzip"),
            "Content-Encoding of {path}"
        );
        ensure_eq!(
            response.header("content-length"),
            Some(gz_len.as_str()),
            "Content-Length of {path} (the .gz file's size: gzip_static)"
        );
        let plain = http::request(site.port, "GET", &path, None).await?;
        ensure_eq!(
            plain.header("content-encoding"),
            None,
            "Content-Encoding of {path} without Accept-Encoding"
        );
    }
    Ok(())
}

async fn deploy_news_deep_links(page: Page, _content: Content) -> Result {
    let site = news()?;
    let content = Content::new(&site.dir);
    let seed = content.article(SEED_SECTION, SEED_SLUG)?;
    let headline = text(&seed, "/headline")?;

    let started = goto(&page, &site, "/news/world").await?;
    expect_world(&page, &content).await?;
    // The page was rendered for /news/world/, and the app took it over.
    ensure_eq!(started, "took-over", "how the app started at /news/world/");
    page.set_marker().await?;
    page.client.refresh().await?;
    expect_world(&page, &content).await?;
    ensure!(!page.has_marker().await?, "refresh did not reload the page");
    ensure_eq!(page.location().await?, "/news/world/", "address after reload");

    let article = format!("{NEWS}{}", href(&seed)?);
    goto(&page, &site, &article).await?;
    page.wait_for_text(ARTICLE_H1, &headline).await?;
    page.client.refresh().await?;
    page.wait_for_text(ARTICLE_H1, &headline).await?;
    ensure_eq!(page.location().await?, article, "address after reload");
    page.wait_for(".latest-articles .card").await?;
    links_under_news(&page, &article).await?;

    let second = content.section_page("world", 2)?;
    goto(&page, &site, "/news/world/page/2/").await?;
    let items = list(&second, "/items")?;
    page.wait_for_text(CARD_LINKS, &text(&items[0], "/headline")?)
        .await?;
    links_under_news(&page, "/news/world/page/2/").await?;
    // The skip link names the page's own address: a bare `#main` would
    // resolve against `<base href>`, `/news/` (docs/rendering.md).
    ensure_eq!(
        page.attrs("a.skip-link", "href").await?,
        ["/news/world/page/2/#main"],
        "the skip link's address"
    );
    Ok(())
}

async fn deploy_news_navigation_by_clicking(page: Page, _content: Content) -> Result {
    let site = news()?;
    let content = Content::new(&site.dir);
    let front = content.front()?;
    let world = content.section_page("world", 1)?;
    let first = &list(&world, "/items")?[0];

    goto(&page, &site, "/news/").await?;
    page.wait_for_text(".lead .card-headline a", &text(&front, "/lead/headline")?)
        .await?;
    links_under_news(&page, "the home page").await?;
    page.set_marker().await?;

    // preload.js maps addresses under the sub-path: a link's view while
    // the mouse rests on it, used by the click.
    let world_json = "content/sections/world/1.json";
    let world_link = format!("{HEADER_NAV}[href='{NEWS}/world/']");
    page.hover(&world_link).await?;
    wait_preloaded(&page, world_json, "under /news/, the mouse on its link").await?;
    page.click(&world_link).await?;
    page.wait_for_location("/news/world/").await?;
    expect_world(&page, &content).await?;
    ensure_eq!(
        requesters(&page, world_json).await?,
        json!(["link"]),
        "requests for {world_json} under /news/ after the click"
    );
    links_under_news(&page, "/news/world/").await?;

    page.click(CARD_LINKS).await?;
    page.wait_for_location(&format!("{NEWS}{}", href(first)?)).await?;
    page.wait_for_text(ARTICLE_H1, &text(first, "/headline")?).await?;
    links_under_news(&page, "an article").await?;

    page.click(&format!("nav.breadcrumb a[href='{NEWS}/world/']"))
        .await?;
    page.wait_for_location("/news/world/").await?;
    expect_world(&page, &content).await?;

    page.click(".masthead-name").await?;
    page.wait_for_location("/news/").await?;
    page.wait_for(".lead").await?;
    ensure!(page.has_marker().await?, "a link loaded a new page");
    Ok(())
}

async fn deploy_news_not_found(page: Page, _content: Content) -> Result {
    let site = news()?;
    for path in ["/news/no/such/route", "/news/nope", "/news/world/no-such-article"] {
        goto(&page, &site, path).await?;
        page.wait_for_text(".not-found h1", "Page not found").await?;
        let links = page.attrs(".not-found a", "href").await?;
        ensure!(
            links.iter().any(|l| l == "/news/"),
            "{path}: the not-found view has no link to /news/: {links:?}"
        );
        ensure_eq!(page.location().await?, path, "address after showing not found");
        ensure_eq!(page.count(".load-error").await?, 0, "{path}: error views");
        // The not-found page as served, taken over (`expect_not_found`).
        ensure_eq!(
            page.app_started().await?,
            json!("took-over"),
            "{path}: how the app started"
        );
        links_under_news(&page, path).await?;
    }
    Ok(())
}

async fn deploy_news_headers_and_404s(_page: Page, _content: Content) -> Result {
    headers_and_404s(&news()?, NEWS).await
}

async fn deploy_news_csp_and_console(page: Page, _content: Content) -> Result {
    csp_and_console(&page, &news()?, NEWS).await
}

/// A host without rewrites serves every page as its file, and 404.html for
/// anything else.
async fn deploy_no_rewrites_deep_links(page: Page, content: Content) -> Result {
    let site = &sites()?.no_rewrites;
    let seed = content.article(SEED_SECTION, SEED_SLUG)?;
    let article = href(&seed)?;
    expect_status(site, &article, 200, true).await?;
    expect_status(site, "/missing-file.js", 404, true).await?;

    goto(&page, site, &article).await?;
    page.wait_for_text(ARTICLE_H1, &text(&seed, "/headline")?).await?;
    ensure_eq!(page.location().await?, article, "address of the article");

    goto(&page, site, "/world").await?;
    page.wait_for_text(".section-head h1", "World").await?;
    let world = content.section_page("world", 1)?;
    page.wait_for_text(CARD_LINKS, &text(&list(&world, "/items")?[0], "/headline")?)
        .await?;
    page.click(CARD_LINKS).await?;
    page.wait_for_text(ARTICLE_H1, &text(&list(&world, "/items")?[0], "/headline")?)
        .await?;
    Ok(())
}
