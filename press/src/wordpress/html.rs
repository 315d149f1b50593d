//! A post's HTML (after `classic::prepare`) to our blocks, through
//! html5ever (via scraper): paragraphs, headings, lists, quotes, images,
//! galleries, embeds, tables, code and rules. Whatever has no place in an
//! article (scripts, iframes, forms, styles, unknown blocks) is left out and
//! noted, never passed on.

use super::md::{Block, Inline, Picture};
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// What the converter asks of the import: images and links resolved
/// against the export's attachments and posts.
pub trait Resolve {
    /// The image at `src` (or attachment `id`), as the article will refer
    /// to it, with the attachment's alt text and caption (maybe empty);
    /// `Err` says why it was dropped.
    fn image(&mut self, src: &str, id: Option<&str>) -> Result<Picture, String>;
    /// The image attachments of the post, for a `[gallery]` without ids.
    fn attached_images(&self) -> Vec<String>;
    /// A link as the article will carry it; `Err` says why it was dropped.
    fn link(&mut self, href: &str) -> Result<String, String>;
}

/// How the note on broken HTML begins: an error unless `--lenient`.
pub const BROKEN_HTML: &str = "the HTML was broken";

/// Converts `html` into blocks, with notes on what was not carried over exactly.
pub fn convert(html: &str, resolve: &mut dyn Resolve) -> (Vec<Block>, Vec<String>) {
    let doc = Html::parse_fragment(html);
    let mut c = Converter {
        resolve,
        out: Vec::new(),
        para: Para::default(),
        notes: Vec::new(),
        depth: 0,
    };
    let repaired: Vec<_> = doc.errors.iter().filter(|e| meaningful_repair(e)).collect();
    if let Some(first) = repaired.first() {
        c.notes.push(format!(
            "{BROKEN_HTML} and was repaired by the HTML parser ({} repair(s), first: {first})",
            repaired.len()
        ));
    }
    let root = doc.root_element();
    c.blocks(*root);
    c.flush();
    (c.out, c.notes)
}

/// html5ever reports many harmless things (a fragment has no doctype; end
/// tags WordPress's wpautop leaves out, `</p>`, `</li>`, `</td>`, are
/// implied and not reported); the ones worth telling the publisher are
/// inline or table elements left open or closed across each other (`<b><i>
/// </b></i>`) and end tags of elements never opened (docs/import.md).
fn meaningful_repair(e: &str) -> bool {
    let e = e.to_ascii_lowercase();
    (e.contains("unexpected")
        || e.contains("unclosed")
        || e.contains("misnested")
        || e.contains("bad")
        || e.contains("formatting element")
        || e.contains("while closing"))
        && !e.contains("doctype")
}

/// Inline content being gathered, with the marks still open.
#[derive(Default)]
struct Para {
    /// (what encloses this frame, its content); frame 0 is the paragraph.
    frames: Vec<(Mark, Vec<Inline>)>,
}

#[derive(Clone)]
enum Mark {
    Root,
    Em,
    Strong,
    Link(String),
}

impl Para {
    fn top(&mut self) -> &mut Vec<Inline> {
        if self.frames.is_empty() {
            self.frames.push((Mark::Root, Vec::new()));
        }
        &mut self.frames.last_mut().expect("a frame").1
    }
    fn push(&mut self, inline: Inline) {
        self.top().push(inline);
    }
    fn open(&mut self, mark: Mark) {
        self.top();
        self.frames.push((mark, Vec::new()));
    }
    fn close(&mut self) {
        if self.frames.len() < 2 {
            return;
        }
        let (mark, content) = self.frames.pop().expect("a frame");
        let inline = match mark {
            Mark::Em => Inline::Em(content),
            Mark::Strong => Inline::Strong(content),
            Mark::Link(href) => Inline::Link(href, content),
            Mark::Root => return,
        };
        self.push(inline);
    }
    /// Everything so far, marks closed; the marks are opened again for what follows.
    fn take(&mut self) -> Vec<Inline> {
        let marks: Vec<Mark> = self.frames.iter().skip(1).map(|f| f.0.clone()).collect();
        while self.frames.len() > 1 {
            self.close();
        }
        let content = std::mem::take(self.top());
        for mark in marks {
            self.open(mark);
        }
        content
    }
}

struct Converter<'r> {
    resolve: &'r mut dyn Resolve,
    out: Vec<Block>,
    para: Para,
    notes: Vec<String>,
    /// How deep in the tree the conversion is: past `MAX_DEPTH` the rest is
    /// taken as plain text, so no post can exhaust the stack.
    depth: u32,
}

const MAX_DEPTH: u32 = 64;

type Ref<'a> = NodeRef<'a, Node>;

fn name<'a>(node: &Ref<'a>) -> &'a str {
    match node.value() {
        Node::Element(e) => e.name(),
        _ => "",
    }
}

fn attr<'a>(node: &Ref<'a>, key: &str) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => e.attr(key),
        _ => None,
    }
}

fn has_class(node: &Ref, class: &str) -> bool {
    attr(node, "class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// All the text under `node`, `<br>` as newlines.
fn text_of(node: &Ref) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements whose content is never shown.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "form", "input", "button", "select", "textarea", "object",
    "embed", "video", "audio", "canvas", "svg", "math", "map", "link", "meta", "head", "title", "source",
    "track", "param",
];

/// Hosts whose pages WordPress turns into embedded players.
pub const EMBED_HOSTS: &[&str] = &[
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "twitter.com",
    "x.com",
    "instagram.com",
    "soundcloud.com",
    "spotify.com",
    "tiktok.com",
    "flickr.com",
    "dailymotion.com",
    "facebook.com",
    "reddit.com",
    "ted.com",
    "tumblr.com",
    "imgur.com",
    "kickstarter.com",
    "mixcloud.com",
    "slideshare.net",
    "scribd.com",
    "bsky.app",
    "mastodon.social",
    "pinterest.com",
    "giphy.com",
];

/// The host of an http(s) URL, without `www.`.
pub fn host(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.strip_prefix("www.").unwrap_or(host))
}

pub fn is_embed_url(url: &str) -> bool {
    host(url).is_some_and(|h| {
        EMBED_HOSTS
            .iter()
            .any(|e| h == *e || h.ends_with(&format!(".{e}")))
    })
}

impl Converter<'_> {
    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Ends the paragraph being gathered, if any.
    fn flush(&mut self) {
        let content = self.para.take();
        if has_text(&content) {
            self.out.push(Block::Paragraph(trim(content)));
        }
    }

    fn emit(&mut self, block: Block) {
        self.flush();
        self.out.push(block);
    }

    /// The children of a block container.
    fn blocks(&mut self, node: Ref) {
        if self.too_deep(node) {
            return;
        }
        self.depth += 1;
        for child in node.children() {
            self.block(child);
        }
        self.depth -= 1;
    }

    /// Past `MAX_DEPTH`, `node`'s text is added as it is, and noted.
    fn too_deep(&mut self, node: Ref) -> bool {
        if self.depth < MAX_DEPTH {
            return false;
        }
        self.note(format!(
            "elements nested over {MAX_DEPTH} deep were read as plain text"
        ));
        let text = collapse(&text_of(&node));
        if !text.is_empty() {
            self.para.push(Inline::Text(format!(" {text} ")));
        }
        true
    }

    fn block(&mut self, node: Ref) {
        let tag = match node.value() {
            Node::Element(e) => e.name(),
            Node::Comment(c) => return self.comment(c),
            _ => return self.inline(node),
        };
        match tag {
            "p" => {
                self.flush();
                self.inlines(node);
                self.flush();
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level: u8 = tag[1..].parse().unwrap_or(2);
                if level > 4 {
                    self.note(format!(
                        "<{tag}> headings became level 4 (####), the deepest an article has"
                    ));
                }
                let spans = self.inline_only(node);
                if has_text(&spans) {
                    self.emit(Block::Heading(level.clamp(2, 4), trim(spans)));
                }
            }
            "ul" | "ol" => {
                let list = self.list(node);
                self.emit(list);
            }
            "blockquote" => {
                let quote = self.quote(node);
                if !quote.is_empty() {
                    self.emit(Block::Quote(quote));
                }
            }
            "figure" => self.figure(node),
            "pre" => {
                let lang = code_language(&node);
                self.emit(Block::Code {
                    lang,
                    text: text_of(&node),
                });
            }
            "table" => {
                let table = self.table(node);
                if !table.is_empty() {
                    self.emit(Block::Table(table));
                }
            }
            "hr" => self.emit(Block::Rule),
            "br" => self.flush(),
            "bs-gallery" => self.gallery_shortcode(node),
            "bs-embed" | "iframe" | "img" => self.breakout(node),
            "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "nav" | "center"
            | "details" | "summary" | "dl" | "dt" | "dd" | "address" | "hgroup" | "fieldset" | "body"
            | "html" | "figcaption" | "li" | "caption" => {
                self.flush();
                self.blocks(node);
                self.flush();
            }
            t if DROPPED.contains(&t) => self.dropped(node, t),
            _ => self.inline(node),
        }
    }

    fn comment(&mut self, comment: &str) {
        let c = comment.trim();
        let Some(rest) = c.strip_prefix("wp:") else {
            return;
        };
        let name = rest.split_whitespace().next().unwrap_or("").trim_end_matches('/');
        let name = name.strip_prefix("core/").unwrap_or(name);
        const SUPPORTED: &[&str] = &[
            "paragraph",
            "heading",
            "list",
            "list-item",
            "quote",
            "pullquote",
            "image",
            "gallery",
            "embed",
            "table",
            "code",
            "preformatted",
            "separator",
            "freeform",
            "more",
            "nextpage",
            "spacer",
            "shortcode",
            "verse",
        ];
        const LAYOUT: &[&str] = &["group", "columns", "column", "row", "stack"];
        if SUPPORTED.contains(&name) || name.starts_with("core-embed/") {
        } else if LAYOUT.contains(&name) {
            self.note(format!(
                "layout block wp:{name}: its contents are kept, one after another"
            ));
        } else {
            self.note(format!(
                "unsupported block wp:{name}: only its text, images and links were kept"
            ));
        }
    }

    fn dropped(&mut self, node: Ref, tag: &str) {
        let what = match tag {
            "script" | "noscript" => "a script".to_string(),
            "style" => "a style sheet".to_string(),
            "form" | "input" | "button" | "select" | "textarea" => "a form".to_string(),
            "video" | "audio" => {
                let src = attr(&node, "src").map(str::to_string).or_else(|| {
                    node.descendants()
                        .find_map(|d| attr(&d, "src").map(str::to_string))
                });
                format!(
                    "a <{tag}> player{}",
                    src.map(|s| format!(" ({s})")).unwrap_or_default()
                )
            }
            t => format!("<{t}>"),
        };
        self.note(format!(
            "{what} was left out: articles carry no markup of their own"
        ));
    }
}

/// The language of a code block: `language-x` or `lang-x` classes, a
/// `lang` attribute, or SyntaxHighlighter's `brush: x`.
fn code_language(pre: &Ref) -> String {
    for node in std::iter::once(*pre).chain(pre.children().filter(|c| name(c) == "code")) {
        if let Some(l) = attr(&node, "lang").or_else(|| attr(&node, "data-lang")) {
            return clean_language(l);
        }
        if let Some(class) = attr(&node, "class") {
            for c in class.split([' ', ';']) {
                if let Some(l) = c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")) {
                    return clean_language(l);
                }
            }
            if let Some(at) = class.find("brush:") {
                return clean_language(class[at + 6..].split(';').next().unwrap_or(""));
            }
        }
    }
    String::new()
}

fn clean_language(l: &str) -> String {
    l.trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '#' | '.'))
        .collect::<String>()
        .to_ascii_lowercase()
}

pub fn has_text(spans: &[Inline]) -> bool {
    spans.iter().any(|s| match s {
        Inline::Text(t) | Inline::Code(t) => !t.trim().is_empty(),
        Inline::Em(i) | Inline::Strong(i) | Inline::Link(_, i) => has_text(i),
        Inline::Break => false,
    })
}

/// Without the breaks and spaces at its ends.
pub fn trim(mut spans: Vec<Inline>) -> Vec<Inline> {
    while matches!(spans.last(), Some(Inline::Break)) {
        spans.pop();
    }
    while matches!(spans.first(), Some(Inline::Break)) {
        spans.remove(0);
    }
    if let Some(Inline::Text(t)) = spans.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = spans.last_mut() {
        *t = t.trim_end().to_string();
    }
    spans
}

#[path = "html_inline.rs"]
mod inline;
#[path = "html_media.rs"]
mod media;

#[cfg(test)]
mod repair_tests {
    use super::*;

    fn repairs(html: &str) -> Vec<String> {
        let doc = Html::parse_fragment(html);
        doc.errors
            .iter()
            .filter(|e| meaningful_repair(e))
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn which_repairs_count() {
        for ok in [
            "<p>One\n<p>Two",
            "<p>Unclosed at the end",
            "<ul><li>a<li>b</ul>",
            "<p>a<br>b</p><img src=x>",
            "<table><tr><td>a<td>b</table>",
            "<table><tr><td>a<tr><td>b</table>",
        ] {
            assert!(
                repairs(ok).is_empty(),
                "{ok}: {:?}",
                Html::parse_fragment(ok).errors
            );
        }
        for bad in [
            "<p><b>bold <i>both</b> italic</i></p>",
            "<p>text</div></p>",
            "<p><em>never closed</p><p>next</p>",
            "<table><tr><td>a</tr><td>b",
            "<p>a</span>b",
        ] {
            assert!(
                !repairs(bad).is_empty(),
                "{bad}: {:?}",
                Html::parse_fragment(bad).errors
            );
        }
    }
}
