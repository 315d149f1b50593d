//! The app's loader, `boot-<hash>.js`: what Trunk inlines in `index.html`
//! to start the app, moved to a file of its own (so the
//! Content-Security-Policy needs no 'unsafe-inline') and made to wait for
//! the page's first paint.
//!
//! Every page is HTML rendered at build time (docs/rendering.md): it reads
//! before any script runs. What the first paint needs is the document, the
//! stylesheet, the preloaded font and the lead picture. Trunk's output also
//! asks, in the `<head>`, for the JS glue (`modulepreload`), the wasm
//! (`preload`) and `preload.js`, which would share the connection with what
//! the paint needs. So those tags leave the page, and the loader asks for
//! the glue and the wasm itself, with the same integrity hashes, once the
//! page has painted (docs/performance.md, "Bytes before the first paint"):
//! when the browser reports the first contentful paint, or after 2 s
//! without one (a browser without paint timing, or whose
//! `PerformanceObserver` refuses the `paint` type, or a page with nothing
//! to paint: the timer is set first, so the app starts in any case).
//! `preload.js` becomes part of the loader, run at the same moment: one
//! request fewer, and it is sure to have run before the app starts, which
//! calls it to load search. A page that is hidden (a tab opened in the
//! background) has no paint to wait for.

use crate::util::{fail, Failure};
use sha2::Digest;

/// What moves out of the page, and the file it moves into.
pub struct Boot {
    /// The page without the loader, the glue and wasm preloads and `preload.js`.
    pub index: String,
    /// `boot-<hash>.js`
    pub name: String,
    pub script: String,
}

/// Watches the page from the moment the loader runs until the app asks
/// `broadsheetPageChanged()` as it starts: whether anything but the app
/// changed the page's text or elements meanwhile. A translation tool does
/// (Chrome's wraps each text in `<font>` elements), and so may an extension.
/// The app then draws the page afresh rather than take over one that no
/// longer matches it, which would stop it dead (docs/rendering.md). Watched:
/// what the page's body holds as it is served (the skip link, the header,
/// the main part and the footer, and the content files it carries), not
/// what is added to the body after them (an extension's own root), which
/// the takeover never visits. Nothing of the page's own changes them before
/// the app starts (the search module is loaded only by the app).
const WATCH: &str = r#"let changed = false;
const watch = new MutationObserver(() => changed = true);
for (const part of document.body.children) watch.observe(part, {childList: true, characterData: true, subtree: true});
window.broadsheetPageChanged = () => {
  changed ||= watch.takeRecords().length > 0;
  watch.disconnect();
  return changed;
};"#;

/// Trunk's loader starts with this import of the JS glue.
const IMPORT: &str = "import init, * as bindings from '";

/// Builds the loader for the site at `public_url` out of Trunk's
/// `index.html` and `preload.js`; `minify` makes the script as small as it goes.
pub fn boot_after_paint(
    index: &str,
    preload_js: &str,
    public_url: &str,
    minify: impl Fn(String) -> Result<String, Failure>,
) -> Result<Boot, Failure> {
    let (index, loader) = take_element(index, "<script type=module>", "</script>").ok_or_else(|| {
        Failure("index.html has no inline module loader: did Trunk change its output?".into())
    })?;
    let loader = loader
        .strip_prefix("<script type=module>")
        .and_then(|l| l.strip_suffix("</script>"))
        .unwrap_or_default()
        .trim();
    let Some(rest) = loader.strip_prefix(IMPORT) else {
        return fail(format!("Trunk's loader does not start with {IMPORT:?}: {loader}"));
    };
    let Some((glue, rest)) = rest.split_once("';") else {
        return fail(format!("Trunk's loader: no end to its import: {loader}"));
    };

    let (index, glue_link) = take_link(&index, "rel=modulepreload")?;
    let (index, wasm_link) = take_link(&index, "type=application/wasm")?;
    let (index, _) = take_element(&index, "<script defer src=preload.js>", "</script>").ok_or_else(|| {
        Failure("index.html has no <script defer src=preload.js>: did index.html change?".into())
    })?;
    if attribute(&glue_link, "href").as_deref() != Some(glue) {
        return fail(format!(
            "the glue Trunk preloads ({glue_link}) is not the one its loader imports ({glue})"
        ));
    }

    let links = [
        (&glue_link, "{rel:\"modulepreload\""),
        (
            &wasm_link,
            "{rel:\"preload\",as:\"fetch\",type:\"application/wasm\"",
        ),
    ]
    .iter()
    .map(|(link, start)| {
        let href = attribute(link, "href").unwrap_or_default();
        let integrity = attribute(link, "integrity").unwrap_or_default();
        format!("{start},href:{href:?},integrity:{integrity:?},crossOrigin:\"anonymous\"}}")
    })
    .collect::<Vec<_>>()
    .join(",");
    let script = format!(
        r#"{WATCH}
await new Promise((painted) => {{
  if (document.visibilityState != "visible") return painted();
  setTimeout(painted, 2000);
  try {{
    new PerformanceObserver((paints) => paints.getEntriesByName("first-contentful-paint")[0] && painted()).observe({{type: "paint", buffered: true}});
  }} catch (e) {{}}
}});
{preload_js}
for (const link of [{links}]) document.head.appendChild(Object.assign(document.createElement("link"), link));
const bindings = await import('{glue}'), init = bindings.default;{rest}"#
    );
    let script = minify(script)?;
    let digest = sha2::Sha256::digest(script.as_bytes());
    let name = format!("boot-{}.js", &hex(&digest)[..16]);
    let tag = format!(
        r#"<script type=module src="{public_url}{name}" integrity="{}" fetchpriority=low></script>"#,
        crate::dist::integrity(script.as_bytes())
    );
    // At the head's end, after the stylesheet. At low priority: nothing
    // of it is needed before the paint, so the stylesheet, the font and the
    // pictures go first.
    let at = index.find("</head>").unwrap_or(index.len());
    let index = format!("{}{tag}{}", &index[..at], &index[at..]);
    Ok(Boot { index, name, script })
}

/// `text` without the first element that starts with `open` and ends at the
/// next `close`, and that element.
fn take_element(text: &str, open: &str, close: &str) -> Option<(String, String)> {
    let start = text.find(open)?;
    let len = text[start..].find(close)? + close.len();
    let element = text[start..start + len].to_string();
    Some((format!("{}{}", &text[..start], &text[start + len..]), element))
}

/// The page without the `<link>` that has `marker` among its attributes, and that link.
fn take_link(index: &str, marker: &str) -> Result<(String, String), Failure> {
    let (start, end) = find_link(index, marker)?;
    Ok((
        format!("{}{}", &index[..start], &index[end..]),
        index[start..end].to_string(),
    ))
}

/// Where the first `<link>` that has `marker` (such as `rel=icon`) among
/// its attributes starts and ends in the page.
pub(crate) fn find_link(index: &str, marker: &str) -> Result<(usize, usize), Failure> {
    let mut from = 0;
    while let Some(start) = index[from..].find("<link ").map(|i| i + from) {
        let end = index[start..]
            .find('>')
            .map(|i| start + i + 1)
            .unwrap_or(index.len());
        if index[start..end].split([' ', '>']).any(|a| a == marker) {
            return Ok((start, end));
        }
        from = end;
    }
    fail(format!(
        "index.html has no <link {marker}>: did Trunk change its output?"
    ))
}

/// An attribute's value in a tag as Trunk's minifier writes it: unquoted,
/// or in double quotes.
pub(crate) fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let value = &tag[at..];
    Some(match value.strip_prefix('"') {
        Some(quoted) => quoted[..quoted.find('"')?].to_string(),
        None => value[..value.find([' ', '>']).unwrap_or(value.len())].to_string(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of Trunk's `index.html` after its minifier.
    const TRUNK: &str = "<head><script defer src=preload.js></script><link href=/news/main.css rel=stylesheet>\
        <script type=module>import init, * as bindings from '/news/app-1.js';\n\
        const wasm = await init({ module_or_path: '/news/app-1_bg.wasm' });\nwindow.wasmBindings = bindings;</script>\
        <link crossorigin href=/news/app-1.js integrity=sha384-GLUE rel=modulepreload>\
        <link as=fetch crossorigin href=/news/app-1_bg.wasm integrity=\"sha384-WA+SM\" rel=preload type=application/wasm>\
        <title>x</title></head>";

    const PRELOAD: &str = "!function(){window.broadsheetOpenSearch=1}();";

    #[test]
    fn the_loader_moves_to_a_file_and_asks_for_the_app_after_the_paint() {
        let boot = boot_after_paint(TRUNK, PRELOAD, "/news/", Ok).unwrap();
        assert!(
            boot.name.starts_with("boot-")
                && boot.name.ends_with(".js")
                && boot.name.len() == "boot-".len() + 16 + 3
        );
        // Only the stylesheet stays; the loader is a file, at the head's end.
        assert_eq!(
            boot.index,
            format!(
                "<head><link href=/news/main.css rel=stylesheet><title>x</title><script type=module src=\"/news/{}\" integrity=\"{}\" fetchpriority=low></script></head>",
                boot.name,
                crate::dist::integrity(boot.script.as_bytes())
            )
        );
        let script = &boot.script;
        let paint = script.find("first-contentful-paint").unwrap();
        // The timer first: where the observer throws, the app still starts.
        let timer = script.find("setTimeout(painted, 2000)").unwrap();
        assert!(timer < script.find("try {").unwrap() && timer < paint, "{script}");
        let glue_link = script
            .find(r#"{rel:"modulepreload",href:"/news/app-1.js",integrity:"sha384-GLUE",crossOrigin:"anonymous"}"#)
            .unwrap();
        assert!(script.contains(
            r#"{rel:"preload",as:"fetch",type:"application/wasm",href:"/news/app-1_bg.wasm",integrity:"sha384-WA+SM",crossOrigin:"anonymous"}"#
        ));
        let import = script.find("await import('/news/app-1.js')").unwrap();
        let init = script
            .find("await init({ module_or_path: '/news/app-1_bg.wasm' })")
            .unwrap();
        let preload = script.find(PRELOAD).unwrap();
        // The page is watched from the start, before the wait for the paint.
        let watch = script.find("watch.observe(part").unwrap();
        assert!(
            watch < paint && script.contains("window.broadsheetPageChanged"),
            "{script}"
        );
        assert!(
            paint < preload && preload < glue_link && glue_link < import && import < init,
            "{script}"
        );
        assert!(script.ends_with("window.wasmBindings = bindings;"));
        assert!(!script.contains("import init"));
    }

    #[test]
    fn a_changed_trunk_output_is_an_error_not_a_broken_page() {
        assert!(boot_after_paint("<head></head>", PRELOAD, "/", Ok).is_err());
        let without_wasm = TRUNK.replace("type=application/wasm", "");
        assert!(boot_after_paint(&without_wasm, PRELOAD, "/", Ok).is_err());
        let other_glue = TRUNK.replace("href=/news/app-1.js", "href=/news/app-2.js");
        assert!(boot_after_paint(&other_glue, PRELOAD, "/", Ok).is_err());
        let without_preload = TRUNK.replace("<script defer src=preload.js></script>", "");
        assert!(boot_after_paint(&without_preload, PRELOAD, "/", Ok).is_err());
    }

    #[test]
    fn attributes_are_read_quoted_or_not() {
        let tag = "<link as=fetch href=\"/a b.wasm\" integrity=x>";
        assert_eq!(attribute(tag, "as").as_deref(), Some("fetch"));
        assert_eq!(attribute(tag, "href").as_deref(), Some("/a b.wasm"));
        assert_eq!(attribute(tag, "integrity").as_deref(), Some("x"));
        assert_eq!(attribute(tag, "rel"), None);
    }
}
