//! Inline content, and the blocks built from it: list items, quotes and
//! table cells.

use super::{attr, name, text_of, trim, Converter, Mark, Ref, DROPPED};
use crate::wordpress::md::{Block, Inline, ListItem};
use scraper::Node;

/// Elements read as emphasis.
const EM: &[&str] = &["em", "i", "cite", "dfn", "var"];

impl Converter<'_> {
    pub(super) fn inlines(&mut self, node: Ref) {
        if self.too_deep(node) {
            return;
        }
        self.depth += 1;
        for child in node.children() {
            self.inline(child);
        }
        self.depth -= 1;
    }

    pub(super) fn inline(&mut self, node: Ref) {
        let tag = match node.value() {
            Node::Text(t) => return self.text(t),
            Node::Element(e) => e.name(),
            Node::Comment(c) => return self.comment(c),
            _ => return,
        };
        match tag {
            t if EM.contains(&t) => self.marked(node, Mark::Em),
            "strong" | "b" => self.marked(node, Mark::Strong),
            "a" => match attr(&node, "href").map(str::trim) {
                None | Some("") => self.inlines(node),
                Some(href) if href.starts_with('#') => {
                    self.note(format!("in-page link {href} was left out (its text kept)"));
                    self.inlines(node)
                }
                Some(href) => match self.resolve.link(href) {
                    Ok(target) => self.marked(node, Mark::Link(target)),
                    Err(why) => {
                        self.note(why);
                        self.inlines(node)
                    }
                },
            },
            "code" | "kbd" | "samp" | "tt" => self.para.push(Inline::Code(text_of(&node))),
            "br" => self.para.push(Inline::Break),
            "q" => {
                self.text("“");
                self.inlines(node);
                self.text("”");
            }
            "img" | "iframe" | "bs-embed" | "bs-gallery" => self.breakout(node),
            "u" | "s" | "strike" | "del" | "ins" | "mark" | "sup" | "sub" | "small" | "big" | "font" => {
                self.note(format!("<{tag}> formatting was dropped (its text kept)"));
                self.inlines(node)
            }
            t if DROPPED.contains(&t) => self.dropped(node, t),
            "p" | "div" | "ul" | "ol" | "blockquote" | "figure" | "pre" | "table" | "hr" | "h1" | "h2"
            | "h3" | "h4" | "h5" | "h6" | "section" | "article" | "dl" => self.block(node),
            _ => self.inlines(node),
        }
    }

    fn marked(&mut self, node: Ref, mark: Mark) {
        self.para.open(mark);
        self.inlines(node);
        self.para.close();
    }

    /// Text with its white space collapsed as a browser would show it.
    fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        let mut out = String::with_capacity(t.len());
        let mut space = false;
        for c in t.chars() {
            // A no-break space is kept: it is there on purpose.
            if c.is_whitespace() && c != '\u{a0}' {
                space = true;
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
        if space {
            out.push(' ');
        }
        let top = self.para.top();
        let after_space = match top.last() {
            None | Some(Inline::Break) => true,
            Some(Inline::Text(prev)) => prev.ends_with(' '),
            _ => false,
        };
        let out = if after_space {
            out.trim_start().to_string()
        } else {
            out
        };
        if !out.is_empty() {
            top.push(Inline::Text(out));
        }
    }

    /// Runs `f` with fresh output, and gives back what it produced.
    fn apart(&mut self, f: impl FnOnce(&mut Self)) -> Vec<Block> {
        let out = std::mem::take(&mut self.out);
        let para = std::mem::take(&mut self.para);
        f(self);
        self.flush();
        self.para = para;
        std::mem::replace(&mut self.out, out)
    }

    /// The inline content of `node`, as one run: paragraphs inside it are
    /// joined with breaks; anything else is noted and left out.
    pub(super) fn inline_only(&mut self, node: Ref) -> Vec<Inline> {
        let produced = self.apart(|c| c.inlines(node));
        self.joined(produced, name(&node))
    }

    fn joined(&mut self, produced: Vec<Block>, inside: &str) -> Vec<Inline> {
        let mut spans = Vec::new();
        for block in produced {
            match block {
                Block::Paragraph(p) | Block::Heading(_, p) => {
                    if !spans.is_empty() {
                        spans.push(Inline::Break);
                    }
                    spans.extend(p);
                }
                other => self.note(format!(
                    "{} inside <{inside}> was left out (it cannot stand there in an article)",
                    what(&other)
                )),
            }
        }
        trim(spans)
    }

    pub(super) fn list(&mut self, node: Ref) -> Block {
        let ordered = name(&node) == "ol";
        let mut items = Vec::new();
        for li in node.children() {
            if matches!(li.value(), Node::Text(t) if t.trim().is_empty())
                || matches!(li.value(), Node::Comment(_))
            {
                continue;
            }
            let produced = self.apart(|c| {
                if name(&li) == "li" {
                    c.blocks(li)
                } else {
                    c.block(li)
                }
            });
            let mut children = Vec::new();
            let mut rest = Vec::new();
            for block in produced {
                match block {
                    Block::List { .. } => children.push(block),
                    other => rest.push(other),
                }
            }
            let content = self.joined(rest, "li");
            items.push(ListItem { content, children });
        }
        Block::List { ordered, items }
    }

    /// A quote's paragraphs; its `<cite>` last, after a dash.
    pub(super) fn quote(&mut self, node: Ref) -> Vec<Vec<Inline>> {
        let produced = self.apart(|c| {
            for child in node.children() {
                if name(&child) == "cite" {
                    c.flush();
                    c.para.push(Inline::Text("— ".into()));
                    c.inlines(child);
                    c.flush();
                } else {
                    c.block(child);
                }
            }
        });
        let mut paragraphs = Vec::new();
        for block in produced {
            match block {
                Block::Paragraph(p) | Block::Heading(_, p) => paragraphs.push(p),
                Block::Quote(inner) => paragraphs.extend(inner),
                Block::List { items, .. } => {
                    self.note("a list inside a quote became one paragraph per item".into());
                    paragraphs.extend(items.into_iter().map(|i| i.content));
                }
                other => self.note(format!("{} inside a quote was left out", what(&other))),
            }
        }
        paragraphs
    }

    pub(super) fn table(&mut self, node: Ref) -> Vec<Vec<Vec<Inline>>> {
        let mut rows = Vec::new();
        for tr in node.descendants().filter(|d| name(d) == "tr") {
            let cells: Vec<Vec<Inline>> = tr
                .children()
                .filter(|c| matches!(name(c), "td" | "th"))
                .map(|cell| self.inline_only(cell))
                .collect();
            if !cells.is_empty() {
                rows.push(cells);
            }
        }
        if let Some(caption) = node.children().find(|c| name(c) == "caption") {
            let text = text_of(&caption);
            if !text.trim().is_empty() {
                self.note(format!("the table caption {:?} was left out", text.trim()));
            }
        }
        rows
    }
}

fn what(block: &Block) -> &'static str {
    match block {
        Block::Image(_) => "an image",
        Block::Gallery(_) => "a gallery",
        Block::Embed { .. } => "an embed",
        Block::Code { .. } => "a code block",
        Block::Table(_) => "a table",
        Block::Quote(_) => "a quote",
        Block::List { .. } => "a list",
        Block::Rule => "a rule",
        Block::Paragraph(_) | Block::Heading(..) => "text",
    }
}
