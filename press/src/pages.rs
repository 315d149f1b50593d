//! Every page of the site as HTML (docs/rendering.md): the app's own
//! components, rendered natively (`broadsheet` with its `ssr` feature) from
//! the same content the JSON files hold, into the app's shell: the
//! `index.html` Trunk built, with its scripts and styles. Each page carries
//! the content files it was drawn from, so the app in the browser takes it
//! over without fetching them again, and a head with everything search
//! engines and link previews read (`head`).

use crate::error::SourceError;
use crate::head::{escape, head_html, PageKind};
use crate::write::Staging;
use broadsheet::render::Renderer;
use broadsheet_model::{Route, Site, NOT_FOUND_PAGE};
use std::path::{Path, PathBuf};

/// The shell, cut where each page's own parts go.
pub struct Shell {
    /// From the start to just before `</head>`, without its `<title>`.
    head: String,
    /// `<body` and its attributes, without the closing `>`.
    body_open: String,
    /// The shell's `<base href>`: `/`, or `/news/` under a sub-path.
    pub base_href: String,
    pub file: PathBuf,
}

impl Shell {
    /// Reads the shell Trunk built. It must be the bare shell, not a page
    /// rendered into it before.
    pub fn read(file: &Path) -> Result<Shell, SourceError> {
        let fail = |message: String| SourceError::new(file, 0, message);
        let text = std::fs::read_to_string(file).map_err(|e| fail(format!("cannot read the shell: {e}")))?;
        Shell::parse(&text)
            .map_err(|m| fail(m.to_string()))
            .map(|mut shell| {
                shell.file = file.to_path_buf();
                shell
            })
    }

    pub fn parse(text: &str) -> Result<Shell, &'static str> {
        let head_end = text.find("</head>").ok_or("the shell has no </head>")?;
        let mut head = text[..head_end].to_string();
        if let Some(start) = head.find("<title>") {
            let end = head[start..]
                .find("</title>")
                .ok_or("the shell's <title> is not closed")?;
            head.replace_range(start..start + end + "</title>".len(), "");
        }
        let body_start = text[head_end..].find("<body").ok_or("the shell has no <body>")? + head_end;
        let body_tag_end = text[body_start..]
            .find('>')
            .ok_or("the shell's <body> is not closed")?
            + body_start;
        let body_open = text[body_start..body_tag_end].to_string();
        if body_open.contains("data-route") {
            return Err("this is a page rendered before, not the app's shell");
        }
        let base_href = attribute(&head, "<base", "href").unwrap_or_else(|| "/".to_string());
        Ok(Shell {
            head,
            body_open,
            base_href,
            file: PathBuf::new(),
        })
    }

    /// One page: the shell with `head` (the page's own metadata) in its
    /// head, and `body` (the app's HTML) and the content files it carries
    /// (`(name, JSON)`) in its body. `route` is the path the page is for,
    /// below the base path, or `None` for the not-found page.
    pub fn page(&self, head: &str, route: Option<&str>, body: &str, carried: &[(&str, &[u8])]) -> Vec<u8> {
        let carried_len: usize = carried.iter().map(|(n, j)| n.len() + j.len() + 64).sum();
        let mut out = Vec::with_capacity(self.head.len() + head.len() + body.len() + carried_len + 64);
        out.extend_from_slice(self.head.as_bytes());
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(b"</head>");
        out.extend_from_slice(self.body_open.as_bytes());
        out.extend_from_slice(b" data-route=\"");
        out.extend_from_slice(escape(route.unwrap_or_default()).as_bytes());
        out.extend_from_slice(b"\">");
        out.extend_from_slice(body.as_bytes());
        for (name, json) in carried {
            out.extend_from_slice(b"<script type=\"application/json\" data-file=\"");
            out.extend_from_slice(escape(name).as_bytes());
            out.extend_from_slice(b"\">");
            push_json_in_script(&mut out, json);
            out.extend_from_slice(b"</script>");
        }
        out.extend_from_slice(b"</body></html>\n");
        out
    }
}

/// JSON inside `<script>`: every `<` (only ever inside a string in JSON)
/// as `\u003c`, so no `</script>` or `<!--` in the content can end or
/// change the element; `JSON.parse` reads the same text back.
fn push_json_in_script(out: &mut Vec<u8>, json: &[u8]) {
    let mut rest = json;
    while let Some(i) = rest.iter().position(|&b| b == b'<') {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(b"\\u003c");
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}

/// The value of `name` on the first `tag` element in `html`.
fn attribute(html: &str, tag: &str, name: &str) -> Option<String> {
    let start = html.find(tag)?;
    let end = html[start..].find('>')? + start;
    let element = &html[start..end];
    let at = element.find(&format!("{name}="))? + name.len() + 1;
    let value = &element[at..];
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        // Unquoted (as Trunk's minifier writes it): up to a space or the
        // tag's end; a `/` belongs to it (`href=/news/`).
        _ => value.split([' ', '\t', '\n', '>']).next()?,
    };
    Some(value.to_string())
}

/// Renders pages on one thread.
pub struct PageRenderer<'a> {
    shell: &'a Shell,
    renderer: Renderer,
    site: &'a Site,
    base_url: &'a str,
}

impl<'a> PageRenderer<'a> {
    pub fn new(shell: &'a Shell, site: &'a Site, base_url: &'a str) -> Self {
        PageRenderer {
            shell,
            renderer: Renderer::new(&shell.base_href),
            site,
            base_url,
        }
    }

    /// The page for `route` (`None`: the not-found page), of kind `kind`,
    /// drawn from `files`: (name, value, its JSON), each given to the app
    /// and carried by the page.
    pub fn render(&self, route: &Route, kind: &PageKind, files: &[File]) -> Vec<u8> {
        self.renderer.forget();
        for file in files {
            (file.give)(&self.renderer, file.name.clone());
        }
        let path = route.path();
        let body = self.renderer.body(path.as_deref().unwrap_or(NOT_FOUND_PAGE));
        let relative = path.as_deref().map(|p| p.trim_start_matches('/'));
        let head = head_html(self.site, self.base_url, kind, relative);
        let carried: Vec<(&str, &[u8])> = files
            .iter()
            .map(|f| (f.name.as_str(), f.json.as_slice()))
            .collect();
        self.shell.page(&head, path.as_deref(), &body, &carried)
    }
}

/// Gives a file's value, of whatever type, to a renderer.
type Give = Box<dyn Fn(&Renderer, String) + Send + Sync>;

/// A content file a page is drawn from.
pub struct File {
    pub name: String,
    pub json: std::sync::Arc<Vec<u8>>,
    give: Give,
}

impl File {
    pub fn new<T: Send + Sync + 'static>(
        name: String,
        value: std::sync::Arc<T>,
        json: std::sync::Arc<Vec<u8>>,
    ) -> File {
        File {
            name,
            json,
            give: Box::new(move |renderer, name| renderer.give(name, value.clone())),
        }
    }
}

/// Writes the page for `route` into its own folder.
pub fn put_page(staging: &Staging, route: &Route, page: Vec<u8>) -> Result<(), SourceError> {
    let file = page_file(route);
    if let Some((dir, _)) = file.rsplit_once('/') {
        staging.dir(dir)?;
    }
    staging.put(&file, &page)
}

/// Where the page for `route` is written, under the output folder.
pub fn page_file(route: &Route) -> String {
    match route.path() {
        Some(path) => format!("{}index.html", path.trim_start_matches('/')),
        None => NOT_FOUND_PAGE.trim_start_matches('/').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!doctype html><html lang=en><head><meta charset=utf-8><base href=\"/news/\"><title>Broadsheet</title><link rel=stylesheet href=/news/main.css></head><body class=x>\n<noscript>old</noscript>\n</body></html>";

    #[test]
    fn pages_go_into_the_shell() {
        let shell = Shell::parse(SHELL).unwrap();
        assert_eq!(shell.base_href, "/news/");
        let page = shell.page(
            "<title>T</title>",
            Some("/world/"),
            "<main>hi</main>",
            &[("content/site.json", b"{\"a\":\"</script><!--\"}")],
        );
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            "<!doctype html><html lang=en><head><meta charset=utf-8><base href=\"/news/\"><link rel=stylesheet href=/news/main.css><title>T</title></head><body class=x data-route=\"/world/\"><main>hi</main><script type=\"application/json\" data-file=\"content/site.json\">{\"a\":\"\\u003c/script>\\u003c!--\"}</script></body></html>\n"
        );
        let json_start = page.find("data-file=\"content/site.json\">").unwrap() + 30;
        let json = &page[json_start..page[json_start..].find("</script>").unwrap() + json_start];
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(value["a"], "</script><!--");
    }

    #[test]
    fn the_base_path_is_read_however_the_attribute_is_written() {
        for (html, base) in [
            (
                "<head><base href=/news/><title>x</title></head><body></body>",
                "/news/",
            ),
            ("<head><base href=/></head><body></body>", "/"),
            ("<head><base href='/a/b/' /></head><body></body>", "/a/b/"),
            ("<head><base href=\"/c/\"></head><body></body>", "/c/"),
            ("<head></head><body></body>", "/"),
        ] {
            assert_eq!(Shell::parse(html).unwrap().base_href, base, "{html}");
        }
    }

    #[test]
    fn a_rendered_page_is_not_a_shell() {
        let shell = Shell::parse(SHELL).unwrap();
        let page = String::from_utf8(shell.page("", None, "", &[])).unwrap();
        assert!(Shell::parse(&page).is_err());
        assert!(Shell::parse("<html><body></body></html>").is_err());
    }

    #[test]
    fn pages_are_folders() {
        assert_eq!(page_file(&Route::Home), "index.html");
        assert_eq!(
            page_file(&Route::Section {
                section: "world".into(),
                page: 2
            }),
            "world/page/2/index.html"
        );
        assert_eq!(
            page_file(&Route::Article {
                section: "world".into(),
                slug: "a".into()
            }),
            "world/a/index.html"
        );
        assert_eq!(page_file(&Route::NotFound), "404.html");
    }
}
