//! Comment text comes from the comment server as HTML. It never goes near
//! `innerHTML`: the browser's inert `DOMParser` reads it (no script runs and
//! nothing loads in a parsed document), and a new tree is built from what it
//! read, with only a few harmless elements and no attributes but an http(s)
//! link's `href`. Every other element gives only its text.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node};

/// The elements kept; their names here, not the parsed ones, are what is
/// created.
const ALLOWED: [&str; 11] = [
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
];

/// Appends `html`, made safe, to `parent`.
pub fn append(parent: &Node, html: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parsed = web_sys::DomParser::new()
        .ok()
        .and_then(|p| p.parse_from_string(html, web_sys::SupportedType::TextHtml).ok())
        .and_then(|d| d.body());
    match parsed {
        Some(body) => copy_children(&document, &body, parent),
        // Cannot be parsed: shown as it is, as text.
        None => {
            let _ = parent.append_child(&document.create_text_node(html));
        }
    }
}

fn copy_children(document: &Document, from: &Node, to: &Node) {
    let children = from.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        if child.node_type() == Node::TEXT_NODE {
            let text = child.text_content().unwrap_or_default();
            let _ = to.append_child(&document.create_text_node(&text));
        } else if let Some(element) = child.dyn_ref::<Element>() {
            match safe_copy(document, element) {
                Some(copy) => {
                    copy_children(document, &child, &copy);
                    let _ = to.append_child(&copy);
                }
                None => copy_children(document, &child, to),
            }
        }
        // Comments and anything else are dropped.
    }
}

/// An empty element like `element`, if it is one that is kept.
fn safe_copy(document: &Document, element: &Element) -> Option<Element> {
    let name = element.local_name();
    let tag = ALLOWED.into_iter().find(|t| *t == name)?;
    let copy = document.create_element(tag).ok()?;
    if tag == "a" {
        let href = element.get_attribute("href")?;
        let lower = href.trim_start().to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return None;
        }
        copy.set_attribute("href", href.trim()).ok()?;
        copy.set_attribute("rel", "nofollow ugc noopener").ok()?;
    }
    Some(copy)
}
