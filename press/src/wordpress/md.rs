//! The Markdown an imported post becomes: a small block model, written
//! out in exactly the forms the press reads (docs/publishing.md), with
//! every literal character that Markdown would read as markup escaped.

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Em(Vec<Inline>),
    Strong(Vec<Inline>),
    Link(String, Vec<Inline>),
    Code(String),
    Break,
}

/// An image as the article refers to it: a file beside it or an absolute URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub src: String,
    pub alt: String,
    pub caption: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub content: Vec<Inline>,
    /// Nested lists.
    pub children: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    Quote(Vec<Vec<Inline>>),
    Image(Picture),
    Gallery(Vec<Picture>),
    Embed {
        url: String,
        title: String,
    },
    Code {
        lang: String,
        text: String,
    },
    /// Rows of cells; the first row is the header.
    Table(Vec<Vec<Vec<Inline>>>),
    Rule,
}

/// The body's Markdown: blocks separated by blank lines, ending in a newline.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        let text = render_block(block, "");
        if text.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&text);
    }
    out
}

fn render_block(block: &Block, indent: &str) -> String {
    match block {
        Block::Paragraph(spans) => lines(&inlines(spans, true)),
        Block::Heading(level, spans) => {
            let text = inlines(spans, false);
            format!("{} {}\n", "#".repeat(*level as usize), text.trim())
        }
        Block::List { ordered, items } => {
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                let marker = if *ordered {
                    format!("{}. ", i + 1)
                } else {
                    "- ".to_string()
                };
                let pad = " ".repeat(marker.len());
                let text = lines(&inlines(&item.content, true));
                let text = if text.trim().is_empty() {
                    "\u{a0}\n".to_string()
                } else {
                    text
                };
                for (n, line) in text.lines().enumerate() {
                    let lead = if n == 0 { marker.as_str() } else { pad.as_str() };
                    out.push_str(&format!("{indent}{lead}{line}\n"));
                }
                for child in &item.children {
                    out.push_str(&render_block(child, &format!("{indent}{pad}")));
                }
            }
            out
        }
        Block::Quote(paragraphs) => {
            let mut out = String::new();
            for (i, p) in paragraphs.iter().enumerate() {
                if i > 0 {
                    out.push_str(">\n");
                }
                for line in lines(&inlines(p, true)).lines() {
                    out.push_str(&format!("> {line}\n"));
                }
            }
            out
        }
        Block::Image(p) => format!("{}\n", picture(p)),
        Block::Gallery(pictures) => pictures.iter().map(|p| format!("{}\n", picture(p))).collect(),
        Block::Embed { url, title } => format!("```embed\n{}\n{}\n```\n", one_line(url), one_line(title)),
        Block::Code { lang, text } => {
            let mut fence = "```".to_string();
            while text.contains(&fence) {
                fence.push('`');
            }
            let body = text.trim_end_matches('\n');
            format!("{fence}{}\n{body}\n{fence}\n", one_line(lang))
        }
        Block::Table(rows) => {
            let width = rows.iter().map(Vec::len).max().unwrap_or(0);
            let mut out = String::new();
            for (r, row) in rows.iter().enumerate() {
                out.push('|');
                for c in 0..width {
                    let cell = row.get(c).map(|spans| inlines(spans, false)).unwrap_or_default();
                    out.push_str(&format!(" {} |", cell.trim()));
                }
                out.push('\n');
                if r == 0 {
                    out.push('|');
                    out.push_str(&" --- |".repeat(width));
                    out.push('\n');
                }
            }
            out
        }
        Block::Rule => "***\n".to_string(),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `![alt](src "caption")`.
fn picture(p: &Picture) -> String {
    let alt = escape(&one_line(&p.alt));
    let src = url(&p.src);
    let caption = one_line(&p.caption);
    if caption.is_empty() {
        format!("![{alt}]({src})")
    } else {
        let title = caption.replace('\\', "\\\\").replace('"', "\\\"");
        format!("![{alt}]({src} \"{title}\")")
    }
}

/// A link destination with the characters Markdown would stop at encoded.
pub fn url(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Inline content as Markdown; breaks become `\` and a newline when
/// `breaks`, else spaces.
fn inlines(spans: &[Inline], breaks: bool) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Em(inner) | Inline::Strong(inner) => {
                let marker = if matches!(span, Inline::Em(_)) { "*" } else { "**" };
                // Breaks at the ends go outside the marks (`*a\*` would escape the mark).
                let blank = |s: &Inline| match s {
                    Inline::Break => true,
                    Inline::Text(t) => t.trim().is_empty(),
                    _ => false,
                };
                let start = inner.iter().take_while(|s| blank(s)).count();
                let end = inner.len() - inner[start..].iter().rev().take_while(|s| blank(s)).count();
                out.push_str(&inlines(&inner[..start], breaks));
                wrap(&mut out, marker, &inlines(&inner[start..end], breaks));
                out.push_str(&inlines(&inner[end..], breaks));
            }
            Inline::Link(href, inner) => {
                let text = inlines(inner, false);
                let text = text.trim();
                if text.is_empty() {
                    continue;
                }
                out.push_str(&format!("[{text}]({})", url(href)));
            }
            Inline::Code(code) => {
                let code = one_line(code);
                if code.is_empty() {
                    continue;
                }
                let mut ticks = "`".to_string();
                while code.contains(&ticks) {
                    ticks.push('`');
                }
                let pad = if code.starts_with('`') || code.ends_with('`') {
                    " "
                } else {
                    ""
                };
                out.push_str(&format!("{ticks}{pad}{code}{pad}{ticks}"));
            }
            Inline::Break => out.push_str(if breaks { "\\\n" } else { " " }),
        }
    }
    out
}

/// `marker` around `inner`, with the spaces at its ends moved outside
/// (`* x*` is no emphasis in Markdown).
fn wrap(out: &mut String, marker: &str, inner: &str) {
    let core = inner.trim();
    if core.is_empty() {
        out.push_str(inner);
        return;
    }
    let lead = &inner[..inner.len() - inner.trim_start().len()];
    let trail = &inner[inner.trim_end().len()..];
    out.push_str(&format!("{lead}{marker}{core}{marker}{trail}"));
}

/// Text with every character Markdown could read as markup escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Each line trimmed, with what would start a heading, list, rule or
/// setext underline at its start escaped; empty lines dropped (a paragraph
/// is one block).
fn lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_matches(|c: char| c == ' ' || c == '\t');
        if line.is_empty() || line == "\\" {
            continue;
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if line.starts_with(['#', '-', '+', '=', '~']) {
            out.push('\\');
            out.push_str(line);
        } else if digits > 0 && line[digits..].starts_with(['.', ')']) {
            out.push_str(&line[..digits]);
            out.push('\\');
            out.push_str(&line[digits..]);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    // A break at the very end is no break.
    while out.ends_with("\\\n") {
        out.truncate(out.len() - 2);
        out.push('\n');
    }
    out
}
