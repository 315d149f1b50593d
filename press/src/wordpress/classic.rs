//! What WordPress does to a post's text before it is HTML: shortcodes
//! (`[caption]`, `[gallery]`, `[embed]`, and unknown ones noted), embeds
//! (a player's URL alone on a line) and, for the classic editor, `wpautop`
//! (blank-line-separated text becomes paragraphs, single newlines line
//! breaks). The result is HTML for `html::convert`; our shortcodes become
//! `<figure>`, `<bs-gallery>` and `<bs-embed>` elements it knows.
//!
//! WordPress does this on text, not on HTML, so this works on text too:
//! it only looks for shortcode brackets, blank lines and where block-level
//! tags start, and leaves all reading of the HTML to html5ever.

use super::html::is_embed_url;

/// `content` as HTML ready for the converter, and notes on what was not
/// carried over.
pub fn prepare(content: &str) -> (String, Vec<String>) {
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let mut notes = Vec::new();
    let blocks = content.contains("<!-- wp:");
    let text = shortcodes(&content, &mut notes);
    if blocks {
        return (text, notes);
    }
    (autop(&autoembed(&text)), notes)
}

/// Escapes a text for an HTML attribute value or text.
fn attr_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Shortcodes WordPress itself defines, with what they become.
const CONTAINERS: &[&str] = &["caption", "wp_caption", "embed"];
const MEDIA: &[&str] = &["audio", "video", "playlist"];

/// A shortcode's attributes: `key="v"`, `key='v'`, `key=v`, or bare values.
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (value, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = r[1..].find(q).map(|e| e + 1).unwrap_or(r.len());
                    (&r[1..end], r.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = r.find(char::is_whitespace).unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            out.push((key, value.to_string()));
            rest = after.trim_start();
        } else {
            let bare = key.trim_matches(|c| c == '"' || c == '\'').to_string();
            out.push((String::new(), bare));
        }
    }
    out
}

fn get<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Replaces shortcodes. A `[name …]` counts as one when it is WordPress's
/// own, or has attributes or a closing `[/name]`; otherwise (`[sic]`) it is text.
fn shortcodes(text: &str, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // `[[x]]` is WordPress's way of writing a literal `[x]`.
        if let Some(inner) = rest.strip_prefix("[[") {
            if let Some(end) = inner.find("]]") {
                out.push('[');
                out.push_str(&inner[..end]);
                out.push(']');
                rest = &inner[end + 2..];
                continue;
            }
        }
        let Some((name, attrs, after)) = open_tag(rest) else {
            out.push('[');
            rest = &rest[1..];
            continue;
        };
        let closing = format!("[/{name}]");
        let closed = after.find(&closing);
        let known =
            CONTAINERS.contains(&name.as_str()) || MEDIA.contains(&name.as_str()) || name == "gallery";
        if !known && closed.is_none() && attrs.iter().all(|(k, _)| k.is_empty()) {
            out.push('[');
            rest = &rest[1..];
            continue;
        }
        let (inner, after) = match closed {
            Some(end) => (&after[..end], &after[end + closing.len()..]),
            None => ("", after),
        };
        rest = after;
        match name.as_str() {
            "caption" | "wp_caption" => {
                let caption = get(&attrs, "caption").unwrap_or("");
                // The inner part may itself hold shortcodes (rare, but seen).
                let inner = shortcodes(inner, notes);
                out.push_str(&format!(
                    "\n\n<figure class=\"bs-caption\" data-caption=\"{}\">{inner}</figure>\n\n",
                    attr_escape(caption)
                ));
            }
            "gallery" => {
                let ids = get(&attrs, "ids").or_else(|| get(&attrs, "include"));
                match ids {
                    Some(ids) => out.push_str(&format!(
                        "\n\n<bs-gallery data-ids=\"{}\"></bs-gallery>\n\n",
                        attr_escape(ids)
                    )),
                    None => out.push_str("\n\n<bs-gallery></bs-gallery>\n\n"),
                }
            }
            "embed" => {
                let url = inner.trim();
                out.push_str(&format!(
                    "\n\n<bs-embed data-url=\"{}\"></bs-embed>\n\n",
                    attr_escape(url)
                ));
            }
            m if MEDIA.contains(&m) => {
                let src = ["src", "mp4", "mp3", "m4a", "ogg", "webm", "wav"]
                    .iter()
                    .find_map(|k| get(&attrs, k))
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                notes.push(format!(
                    "the [{m}] shortcode{src} was left out: articles have no players"
                ));
            }
            other => {
                let kept = if inner.trim().is_empty() {
                    "dropped"
                } else {
                    "dropped, its content kept"
                };
                let note = format!("unknown shortcode [{other}] {kept}");
                if !notes.contains(&note) {
                    notes.push(note);
                }
                out.push_str(&shortcodes(inner, notes));
            }
        }
    }
    out.push_str(rest);
    out
}

/// A shortcode's attributes, as `attributes` reads them.
type Attributes = Vec<(String, String)>;

/// `[name attrs]` at the start of `s`: its name, attributes and what follows.
fn open_tag(s: &str) -> Option<(String, Attributes, &str)> {
    let body = s.strip_prefix('[')?;
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(body.len());
    if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let name = body[..name_len].to_ascii_lowercase();
    let after_name = &body[name_len..];
    if !after_name.starts_with([' ', ']', '/', '\t', '\n']) {
        return None;
    }
    // The tag ends at the first `]` outside quotes.
    let mut quote = None;
    for (i, c) in after_name.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '[') => return None,
            (None, ']') => {
                let inside = after_name[..i].trim().trim_end_matches('/');
                return Some((name, attributes(inside), &after_name[i + 1..]));
            }
            _ => {}
        }
    }
    None
}

/// A line holding nothing but the address of a player (YouTube, Vimeo, X…)
/// becomes an embed, as WordPress shows it.
fn autoembed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if !t.contains(char::is_whitespace) && is_embed_url(t) && !t.contains(['<', '"']) {
            out.push_str(&format!(
                "\n<bs-embed data-url=\"{}\"></bs-embed>\n\n",
                attr_escape(t)
            ));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Block-level tags, as WordPress's `wpautop` lists them, and ours.
const BLOCK_TAGS: &[&str] = &[
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "math",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
    "menu",
    "summary",
    "bs-gallery",
    "bs-embed",
    "iframe",
    "script",
    "object",
    "video",
    "audio",
];

/// The name of the tag at the start of `s` (`<div …>` or `</div>`), lowercased.
fn tag_name(s: &str) -> Option<(bool, String)> {
    let body = s.strip_prefix('<')?;
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(body.len());
    (end > 0).then(|| (closing, body[..end].to_ascii_lowercase()))
}

/// `wpautop`: paragraphs from blank lines, `<br>` from single newlines,
/// leaving block-level elements and `<pre>` alone.
pub fn autop(text: &str) -> String {
    // Blank lines around each block-level tag make it a chunk of its own.
    let mut spaced = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        spaced.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
        let tag = &rest[..end];
        match tag_name(tag) {
            Some((closing, name)) if BLOCK_TAGS.contains(&name.as_str()) => {
                if name == "pre" && !closing {
                    // Keep the whole <pre> together, newlines and all.
                    let close = rest.find("</pre>").map(|e| e + 6).unwrap_or(rest.len());
                    spaced.push_str("\n\n");
                    spaced.push_str(&rest[..close].replace('\n', "\u{0}"));
                    spaced.push_str("\n\n");
                    rest = &rest[close..];
                    continue;
                }
                if closing {
                    spaced.push_str(tag);
                    spaced.push_str("\n\n");
                } else {
                    spaced.push_str("\n\n");
                    spaced.push_str(tag);
                }
            }
            _ => spaced.push_str(tag),
        }
        rest = &rest[end..];
    }
    spaced.push_str(rest);
    let mut out = String::with_capacity(spaced.len() + 64);
    for chunk in split_blank_lines(&spaced) {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        let starts_block = tag_name(chunk).is_some_and(|(_, n)| BLOCK_TAGS.contains(&n.as_str()));
        if starts_block {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.replace('\n', "<br />\n"));
            out.push_str("</p>");
        }
        out.push('\n');
    }
    out.replace('\u{0}', "\n")
}

/// Splits on lines that are empty or only white space.
fn split_blank_lines(text: &str) -> Vec<String> {
    let mut chunks = vec![String::new()];
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !chunks.last().is_some_and(String::is_empty) {
                chunks.push(String::new());
            }
        } else {
            let last = chunks.last_mut().expect("a chunk");
            if !last.is_empty() {
                last.push('\n');
            }
            last.push_str(line);
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autop_makes_paragraphs_and_breaks() {
        let html = autop("One\ntwo\n\nThree\n<ul>\n<li>a</li>\n</ul>\n<pre>x\n\ny</pre>");
        assert_eq!(
            html,
            "<p>One<br />\ntwo</p>\n<p>Three</p>\n<ul>\n<li>a</li>\n</ul>\n<pre>x\n\ny</pre>\n"
        );
    }

    #[test]
    fn shortcode_attributes() {
        assert_eq!(
            attributes(r#"id="attachment_5" align='left' width=300 bare"#),
            vec![
                ("id".into(), "attachment_5".into()),
                ("align".into(), "left".into()),
                ("width".into(), "300".into()),
                ("".into(), "bare".into())
            ]
        );
    }

    #[test]
    fn literal_brackets_stay_text() {
        let mut notes = Vec::new();
        assert_eq!(
            shortcodes("He said [sic] and [[gallery]].", &mut notes),
            "He said [sic] and [gallery]."
        );
        assert!(notes.is_empty());
        assert_eq!(shortcodes("a [foo x=1] b [bar]in[/bar]", &mut notes), "a  b in");
        assert_eq!(notes.len(), 2, "{notes:?}");
    }
}
