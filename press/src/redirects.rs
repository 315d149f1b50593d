//! Old addresses that keep working: `<content>/redirects.txt` lists moved
//! pages, one `<from> <to>` a line (`#` comments and blank lines allowed),
//! as an importer writes it (an old WordPress permalink, `/?p=123`, a
//! category) or a publisher does by hand after moving an article. Every line
//! is checked against the site: `to` must be one of its pages, `from` must
//! not be one (it would hide it) and must be something both nginx and
//! `_redirects` can carry. The build writes them for nginx
//! (`redirects-by-path.map`, `redirects-by-query.map`, included by
//! deploy/nginx.conf) and for Netlify-style hosts (`_redirects`, with the
//! site's own rules). See docs/publishing.md and docs/deploy.md.

use crate::error::SourceError;
use crate::source::Sources;
use crate::write::Staging;
use broadsheet_model::{page_count, Route};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// The source file, beside `site.toml`.
pub const SOURCE: &str = "redirects.txt";
/// nginx `map` entries keyed by the decoded path (`$uri`).
pub const NGINX_BY_PATH: &str = "redirects-by-path.map";
/// nginx `map` entries keyed by the path and query as sent (`$request_uri`).
pub const NGINX_BY_QUERY: &str = "redirects-by-query.map";
/// The rules file of Netlify-style hosts.
pub const NETLIFY: &str = "_redirects";

/// The longest `from` (path and query, percent-encoded): nginx's map takes
/// keys up to about 480 bytes with the `map_hash_bucket_size` of
/// deploy/nginx.conf (512), which leaves room for a base path.
pub const FROM_MAX: usize = 400;

/// One moved page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Its line in `redirects.txt`.
    pub line: usize,
    /// The old path below the base path, percent-encoded as a browser sends
    /// it (`/2019/03/04/t%C3%A9/`).
    pub path: String,
    /// The old query, as written (`p=123`), if any.
    pub query: Option<String>,
    /// The page's own address below the base path (`/world/a-b/`).
    pub to: String,
}

/// Reads and checks `<content>/redirects.txt`; none if there is no such file.
pub fn read(content: &Path, sources: &Sources) -> Result<Vec<Redirect>, Vec<SourceError>> {
    let file = content.join(SOURCE);
    let text = match std::fs::read(&file) {
        Ok(bytes) => {
            String::from_utf8(bytes).map_err(|_| vec![SourceError::new(&file, 0, "is not UTF-8 text")])?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(vec![SourceError::new(&file, 0, format!("cannot read: {e}"))]),
    };
    parse(&file, &text, &Pages::of(sources))
}

/// Every page of the site, to check redirects against.
pub struct Pages {
    articles: HashSet<(String, String)>,
    /// Pages of each section, tag and author.
    sections: HashMap<String, u32>,
    tags: HashMap<String, u32>,
    authors: HashMap<String, u32>,
}

impl Pages {
    pub fn of(sources: &Sources) -> Pages {
        let size = sources.site.page_size;
        let mut in_section: HashMap<String, u32> = sources
            .site
            .sections
            .iter()
            .map(|s| (s.slug.clone(), 0))
            .collect();
        let mut articles = HashSet::with_capacity(sources.articles.len());
        for a in &sources.articles {
            *in_section.entry(a.section.clone()).or_default() += 1;
            articles.insert((a.section.clone(), a.slug.clone()));
        }
        let archives = |list: &[crate::tags::Archive]| {
            list.iter()
                .map(|a| (a.slug.clone(), page_count(a.items.len() as u32, size)))
                .collect()
        };
        Pages {
            articles,
            sections: in_section
                .into_iter()
                .map(|(s, n)| (s, page_count(n, size)))
                .collect(),
            tags: archives(&sources.tags),
            authors: archives(&sources.authors),
        }
    }

    /// Why `route` is not a page of the site, or `None` if it is one.
    fn missing(&self, route: &Route) -> Option<String> {
        let paged = |kind: &str, slug: &str, pages: Option<&u32>, page: u32| match pages {
            None => Some(format!("there is no {kind} {slug:?}")),
            Some(&n) if page > n => Some(format!("{kind} {slug:?} has {n} page(s), not {page}")),
            Some(_) => None,
        };
        match route {
            Route::Home => None,
            Route::Section { section, page } => paged("section", section, self.sections.get(section), *page),
            Route::Tag { slug, page } => paged("tag", slug, self.tags.get(slug), *page),
            Route::Author { slug, page } => paged("author page", slug, self.authors.get(slug), *page),
            Route::Article { section, slug } => {
                if !self.sections.contains_key(section) {
                    Some(format!("there is no section {section:?}"))
                } else if !self.articles.contains(&(section.clone(), slug.clone())) {
                    Some(format!("there is no article {slug:?} in section {section:?}"))
                } else {
                    None
                }
            }
            Route::Search { .. } | Route::NotFound => Some("it is not a page of the site".into()),
        }
    }
}

/// Root names of the site's own files, which no old address may take.
const OWN_FILES: &[&str] = &[
    "content",
    "media",
    "feeds",
    "sitemaps",
    "search",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "index.html",
    "shell.html",
    NGINX_BY_PATH,
    NGINX_BY_QUERY,
    NETLIFY,
];

/// Checks the lines of `text` (the file `file`); every error at once.
pub fn parse(file: &Path, text: &str, pages: &Pages) -> Result<Vec<Redirect>, Vec<SourceError>> {
    let mut errors = Vec::new();
    let mut redirects = Vec::new();
    // Key (decoded path, query) -> index into `redirects`.
    let mut seen: HashMap<(String, Option<String>), usize> = HashMap::new();
    // A byte-order mark, as some editors write, is not part of line 1.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let mut err = |message: String| errors.push(SourceError::new(file, line, message));
        let fields: Vec<&str> = raw
            .split_whitespace()
            .take_while(|f| !f.starts_with('#'))
            .collect();
        let (from, to) = match fields.as_slice() {
            [] => continue,
            [from, to] | [from, to, "301"] => (*from, *to),
            [_, _, status] => {
                err(format!(
                    "only permanent redirects (301) are supported, not {status:?}"
                ));
                continue;
            }
            [_] => {
                err("a redirect needs two paths, `<from> <to>`, such as `/2019/03/04/old-post/ /world/new-post/`".into());
                continue;
            }
            _ => {
                err(format!(
                    "a redirect is `<from> <to>` (paths contain no spaces: write %20), not {} fields",
                    fields.len()
                ));
                continue;
            }
        };
        let from = match check_from(from, pages) {
            Ok(from) => from,
            Err(m) => {
                err(format!("from {from:?}: {m}"));
                continue;
            }
        };
        let to = match check_to(to, pages) {
            Ok(to) => to,
            Err(m) => {
                err(format!("to {to:?}: {m}"));
                continue;
            }
        };
        let (path, decoded, query) = from;
        match seen.get(&(decoded.clone(), query.clone())) {
            Some(&i) if redirects[i] != to_redirect(&redirects[i], &to) => {
                let first: &Redirect = &redirects[i];
                err(format!(
                    "{} already redirects to {} (line {}); one old address can go to one page only",
                    show(&first.path, &first.query),
                    first.to,
                    first.line
                ));
            }
            Some(_) => {}
            None => {
                seen.insert((decoded, query.clone()), redirects.len());
                redirects.push(Redirect {
                    line,
                    path,
                    query,
                    to,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(redirects)
    } else {
        Err(errors)
    }
}

/// `first` with its target replaced: equal to `first` when the targets agree.
fn to_redirect(first: &Redirect, to: &str) -> Redirect {
    Redirect {
        to: to.to_string(),
        ..first.clone()
    }
}

fn show(path: &str, query: &Option<String>) -> String {
    match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    }
}

/// Bytes a path may hold as written, besides letters, digits and `%XX`:
/// RFC 3986's unreserved and sub-delimiters, less what `_redirects` reads as
/// a pattern (`*` a splat, `:` a placeholder) and what is never sent (`#`).
const PATH_SAFE: &[u8] = b"-._~/!$&'()+,;=@";

/// (path as sent, path decoded as nginx's `$uri` has it, query).
type From = (String, String, Option<String>);

fn check_from(from: &str, pages: &Pages) -> Result<From, String> {
    if from.contains("://") {
        return Err(
            "write the old address's path only, without scheme and host (such as /2019/03/old-post/)".into(),
        );
    }
    if !from.starts_with('/') {
        return Err("an old address is a path starting with /".into());
    }
    if from.contains('#') {
        return Err("a #fragment never reaches the server, so it cannot be redirected; leave it out".into());
    }
    let (path, query) = match from.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (from, None),
    };
    let path = encode_path(path)?;
    let length = path.len() + query.map_or(0, |q| q.len() + 1);
    if length > FROM_MAX {
        return Err(format!(
            "{length} bytes long (percent-encoded); nginx's map takes up to {FROM_MAX}"
        ));
    }
    let decoded = decode(&path)?;
    if decoded.split('/').any(|s| s == "." || s == "..") || decoded.contains("//") {
        return Err(
            "nginx tidies `//`, `/./` and `/../` out of a path before matching, so this would never match"
                .into(),
        );
    }
    if let Some(q) = query {
        check_query(q)?;
    }
    let route = Route::parse(&decoded, query.unwrap_or(""));
    let first = decoded.trim_start_matches('/').split('/').next().unwrap_or("");
    if OWN_FILES.contains(&first) {
        return Err(format!("/{first} is the site's own; a redirect would hide it"));
    }
    let selects_page = query.is_none() || Route::parse(&decoded, "") != route;
    if selects_page && !matches!(route, Route::NotFound) && pages.missing(&route).is_none() {
        let page = route.path().unwrap_or_default();
        return Err(format!("it is the site's page {page}; a redirect would hide it"));
    }
    Ok((path, decoded, query.map(str::to_string)))
}

/// A query as `_redirects` can match it: `key=value` pairs joined by `&`,
/// with no placeholders.
fn check_query(query: &str) -> Result<(), String> {
    for pair in query.split('&') {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!(
                "query part {pair:?} has no `=value`; `_redirects` matches only key=value pairs"
            ));
        };
        if key.is_empty() {
            return Err(format!("query part {pair:?} has no key"));
        }
        for (what, part) in [("key", key), ("value", value)] {
            if part.starts_with(':') {
                return Err(format!(
                    "query {what} {part:?} would be a placeholder in `_redirects`"
                ));
            }
            if let Some(c) = part
                .chars()
                .find(|&c| !(c.is_ascii_alphanumeric() || "-._~%+,!".contains(c)))
            {
                return Err(format!(
                    "query {what} {part:?} has {c:?}, which a redirect cannot match; percent-encode it"
                ));
            }
        }
    }
    Ok(())
}

/// The path as a browser sends it: other scripts percent-encoded (UTF-8),
/// `%xx` in capitals; anything a rule file could misread is refused.
fn encode_path(path: &str) -> Result<String, String> {
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' => out.push(c),
            '%' => {
                let hex: String = chars.by_ref().take(2).collect();
                if hex.len() != 2 || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                    return Err(format!("`%{hex}` is not a percent-escape (%XX)"));
                }
                out.push('%');
                out.push_str(&hex.to_ascii_uppercase());
            }
            c if c.is_ascii() && PATH_SAFE.contains(&(c as u8)) => out.push(c),
            '*' | ':' => {
                return Err(format!(
                    "{c:?} is a pattern in `_redirects` (a splat or a placeholder), so it cannot be matched as it is"
                ))
            }
            c if c.is_ascii() || c.is_control() => {
                return Err(format!("{c:?} cannot be part of a path as it is; percent-encode it"))
            }
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
    }
    Ok(out)
}

/// `%XX` decoded, as nginx decodes `$uri`; the result must be UTF-8 with no
/// control characters.
fn decode(path: &str) -> Result<String, String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "bad percent-escape".to_string())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).map_err(|_| "its percent-escapes are not UTF-8 text".to_string())?;
    if text.chars().any(char::is_control) {
        return Err("it decodes to a control character".into());
    }
    Ok(text)
}

fn check_to(to: &str, pages: &Pages) -> Result<String, String> {
    if to.contains("://") {
        return Err(
            "a redirect goes to a page of this site: write its path (such as /world/some-article/)".into(),
        );
    }
    if !to.starts_with('/') {
        return Err("a page's path starts with /".into());
    }
    if to.contains(['?', '#']) {
        return Err("write the page's path alone, without ?query or #fragment".into());
    }
    let route = Route::parse(to, "");
    if let Some(why) = pages.missing(&route) {
        return Err(format!("not a page of this site: {why}"));
    }
    Ok(route.path().unwrap_or_else(|| "/".into()))
}

/// `base` (`/` or `/news/`) joined to a path below it (`/world/`).
fn under(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim_end_matches('/'))
}

/// An nginx string: quoted, with `"` and `\` escaped.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

const GENERATED: &str = "# Written by broadsheet-press from redirects.txt (docs/deploy.md); do not edit.\n";

/// The entries of nginx's `map $uri`: each old path without a query,
/// decoded (as `$uri` is), and with and without its trailing slash unless
/// the other spelling is listed too.
pub fn nginx_by_path(redirects: &[Redirect], base: &str) -> String {
    let mut out = String::from(GENERATED);
    let plain: Vec<&Redirect> = redirects.iter().filter(|r| r.query.is_none()).collect();
    let decoded = |r: &Redirect| under(base, &decode(&r.path).unwrap_or_else(|_| r.path.clone()));
    let listed: HashSet<String> = plain.iter().map(|r| decoded(r)).collect();
    for r in plain {
        let key = decoded(r);
        let target = quoted(&under(base, &r.to));
        let _ = writeln!(out, "{} {target};", quoted(&key));
        let other = match key.strip_suffix('/') {
            Some(bare) if !bare.is_empty() => bare.to_string(),
            Some(_) => continue,
            None => format!("{key}/"),
        };
        if !listed.contains(&other) {
            let _ = writeln!(out, "{} {target};", quoted(&other));
        }
    }
    out
}

/// The entries of nginx's `map $request_uri`: each old path with a query,
/// exactly as a browser sends it.
pub fn nginx_by_query(redirects: &[Redirect], base: &str) -> String {
    let mut out = String::from(GENERATED);
    for r in redirects {
        if let Some(q) = &r.query {
            let key = format!("{}?{q}", under(base, &r.path));
            let _ = writeln!(out, "{} {};", quoted(&key), quoted(&under(base, &r.to)));
        }
    }
    out
}

/// `_redirects` for Netlify-style hosts: the moved pages, then old section
/// page links (`/world?page=2`), then, if the pages were rendered, any
/// path with no file as `404.html` with status 404 (it must stay last).
pub fn netlify(redirects: &[Redirect], base: &str, not_found: bool) -> String {
    let mut out = String::from("# Netlify-style hosts (docs/deploy.md). Written by broadsheet-press.\n");
    for r in redirects.iter().filter(|r| r.query.is_none()) {
        let _ = writeln!(out, "{}  {}  301", under(base, &r.path), under(base, &r.to));
    }
    let queries: Vec<&Redirect> = redirects.iter().filter(|r| r.query.is_some()).collect();
    if !queries.is_empty() {
        out.push_str(
            "# Old links with a query: Netlify matches them; hosts that cannot, see docs/deploy.md.\n",
        );
        for r in queries {
            let params = r.query.as_deref().unwrap_or_default().replace('&', " ");
            // `!`: the path itself (`/`) is a page, which would win otherwise.
            let _ = writeln!(
                out,
                "{}  {params}  {}  301!",
                under(base, &r.path),
                under(base, &r.to)
            );
        }
    }
    let _ = writeln!(out, "{base}:section page=:page  {base}:section/page/:page/  301");
    if not_found {
        let _ = writeln!(out, "{base}*  {base}404.html  404");
    }
    out
}

/// Writes the three files into `staging` for the site at `base`.
pub fn write(
    staging: &Staging,
    redirects: &[Redirect],
    base: &str,
    not_found: bool,
) -> Result<(), SourceError> {
    for (name, text) in [
        (NGINX_BY_PATH, nginx_by_path(redirects, base)),
        (NGINX_BY_QUERY, nginx_by_query(redirects, base)),
        (NETLIFY, netlify(redirects, base, not_found)),
    ] {
        staging.put(name, text.as_bytes())?;
        staging.manage(name);
    }
    Ok(())
}
