//! Markdown to the app's structured blocks. Raw HTML is an error, never passed on.
//!
//! The subset: paragraphs with *emphasis*, **strong**, `code` (shown as plain
//! text), [links](…) and hard line breaks (a `\` or two spaces at a line's
//! end); `##`–`####` headings; `>` quotes; `-` and `1.` lists, nested up to
//! [`MAX_LIST_DEPTH`] deep; images standing alone in their paragraph
//! (`![alt](file.svg "caption")`), or two or more of them, one a line, as a
//! gallery; GFM pipe tables; fenced and indented code, shown as written; a
//! fenced block ```` ```embed ```` (a URL, then a title) as a link card;
//! `---` rules as separators. Everything else is an error at its line.
//! docs/publishing.md describes each form for writers.

mod embed;
#[cfg(test)]
mod tests;
mod words;

pub use words::{reading_minutes, word_count};

use broadsheet_model::{is_safe_href, Align, Block, Cell, Image, List, ListItem, Span};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A problem at a byte offset of the Markdown text.
pub type MarkdownError = (usize, String);

/// How deep lists may nest: a list in a list in a list in a list. Deeper
/// is an error, not a flattening, so the writer sees it.
pub const MAX_LIST_DEPTH: usize = 4;

/// A parsed article body, with what the build still has to check.
#[derive(Debug, Default, PartialEq)]
pub struct Body {
    pub blocks: Vec<Block>,
    /// Every link target, with the byte offset where the link starts.
    pub links: Vec<(usize, String)>,
    /// Images in the body: (byte offset, index of their block in `blocks`,
    /// index in that block: 0 for a `Block::Image`, the place in a
    /// gallery). Their `src` is still the file name as written, and their
    /// size is still 0 × 0.
    pub images: Vec<(usize, usize, usize)>,
}

impl Body {
    /// The image `images` names by its block and place.
    pub fn image_mut(&mut self, block: usize, place: usize) -> Option<&mut Image> {
        match self.blocks.get_mut(block)? {
            Block::Image { image } if place == 0 => Some(image),
            Block::Gallery { images } => images.get_mut(place),
            _ => None,
        }
    }
}

/// The marks in force while reading inline text.
#[derive(Default, Clone)]
struct Marks {
    em: u32,
    strong: u32,
    href: Vec<String>,
}

/// An image being read: its alt text is the text inside `![…]`.
struct OpenImage {
    at: usize,
    src: String,
    title: String,
    alt: String,
}

/// Where inline spans are being collected.
enum Open {
    /// Its text, and the images read in it so far: a paragraph of images
    /// alone becomes an image or a gallery.
    Paragraph(Vec<Span>, Vec<OpenImage>),
    Heading(u8, Vec<Span>),
    Quote(Vec<Span>),
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    Image(OpenImage),
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Cell>>,
        rows: Vec<Vec<Cell>>,
        in_head: bool,
    },
    Code {
        at: usize,
        language: Option<String>,
        embed: bool,
        text: String,
        /// Where the first line of its text starts.
        text_at: Option<usize>,
    },
}

const ALONE: &str = "an image must be a paragraph of its own: put it on its own line with blank lines \
                     around it (several images, one a line, make a gallery)";

/// Parses `text`. Problems that leave the structure intact (raw HTML, an unsafe
/// link, a missing alt text) are collected and parsing goes on, so that one run
/// reports them all; a structural problem stops at that point. The body is
/// usable only if there are no errors, but its links are always complete up
/// to where parsing stopped.
pub fn to_blocks(text: &str) -> (Body, Vec<MarkdownError>) {
    let mut body = Body::default();
    let mut errors: Vec<MarkdownError> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut marks = Marks::default();
    // The lines of a raw HTML block are one error, not one each.
    let mut in_html_block = false;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    // Paragraphs inside quotes and list items add to them.
                    if stack.is_empty() {
                        stack.push(Open::Paragraph(Vec::new(), Vec::new()));
                    } else if !target_is_blank(&mut stack) {
                        push_text(&mut stack, &Marks::default(), " ", at, &mut errors);
                    }
                }
                Tag::Heading { level, .. } => {
                    let level = match level {
                        HeadingLevel::H1 => {
                            errors.push((
                                at,
                                "use ## for headings in the body: the headline is the only level-1 heading"
                                    .into(),
                            ));
                            2
                        }
                        HeadingLevel::H2 => 2,
                        HeadingLevel::H3 => 3,
                        HeadingLevel::H4 => 4,
                        _ => {
                            errors.push((at, "headings deeper than #### are not supported".into()));
                            4
                        }
                    };
                    stack.push(Open::Heading(level, Vec::new()));
                }
                Tag::BlockQuote(_) => {
                    if !stack.is_empty() {
                        return stop(body, errors, at, "a quote cannot be nested in another block");
                    }
                    stack.push(Open::Quote(Vec::new()));
                }
                Tag::List(start) => {
                    let depth = stack.iter().filter(|o| matches!(o, Open::List { .. })).count();
                    if stack.len() != depth {
                        return stop(body, errors, at, "lists inside quotes are not supported");
                    }
                    if depth >= MAX_LIST_DEPTH {
                        return stop(
                            body,
                            errors,
                            at,
                            &format!("lists nest at most {MAX_LIST_DEPTH} deep"),
                        );
                    }
                    stack.push(Open::List {
                        ordered: start.is_some(),
                        items: Vec::new(),
                    });
                }
                Tag::Item => {
                    if let Some(Open::List { items, .. }) = stack.last_mut() {
                        items.push(ListItem::default());
                    }
                }
                Tag::Table(alignments) => {
                    if !stack.is_empty() {
                        return stop(
                            body,
                            errors,
                            at,
                            "a table must stand in the body, not in a list or quote",
                        );
                    }
                    let align: Vec<Align> = alignments.iter().map(|a| align(*a)).collect();
                    stack.push(Open::Table {
                        align: if align.iter().all(|a| *a == Align::None) {
                            Vec::new()
                        } else {
                            align
                        },
                        head: Vec::new(),
                        rows: Vec::new(),
                        in_head: false,
                    });
                }
                Tag::TableHead => {
                    if let Some(Open::Table { head, in_head, .. }) = stack.last_mut() {
                        head.push(Vec::new());
                        *in_head = true;
                    }
                }
                Tag::TableRow => {
                    // A header row was begun with the head.
                    if let Some(Open::Table {
                        rows, in_head: false, ..
                    }) = stack.last_mut()
                    {
                        rows.push(Vec::new());
                    }
                }
                Tag::TableCell => {
                    if let Some(row) = table_row(&mut stack) {
                        row.push(Vec::new());
                    }
                }
                Tag::CodeBlock(kind) => {
                    if !stack.is_empty() {
                        return stop(
                            body,
                            errors,
                            at,
                            "a code block must stand in the body, not in a list or quote",
                        );
                    }
                    let info = match &kind {
                        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                        CodeBlockKind::Indented => "",
                    };
                    stack.push(Open::Code {
                        at,
                        language: Some(info.to_string()).filter(|l| !l.is_empty()),
                        embed: info == "embed",
                        text: String::new(),
                        text_at: None,
                    });
                }
                Tag::Emphasis => marks.em += 1,
                Tag::Strong => marks.strong += 1,
                Tag::Link { dest_url, .. } => {
                    if !is_safe_href(&dest_url) {
                        errors.push((
                            at,
                            format!("link {dest_url:?} must be http(s) or site-relative (/section/slug)"),
                        ));
                    }
                    body.links.push((at, dest_url.to_string()));
                    marks.href.push(dest_url.to_string());
                }
                Tag::Image { dest_url, title, .. } => {
                    let image = OpenImage {
                        at,
                        src: dest_url.to_string(),
                        title: title.to_string(),
                        alt: String::new(),
                    };
                    match stack.last() {
                        Some(Open::Paragraph(spans, _)) if spans_are_blank(spans) => {
                            stack.push(Open::Image(image))
                        }
                        Some(Open::Paragraph(..)) => return stop(body, errors, at, ALONE),
                        _ => {
                            return stop(
                                body,
                                errors,
                                at,
                                "images can stand in the body, not in headings, quotes, lists or tables",
                            )
                        }
                    }
                }
                Tag::HtmlBlock => {
                    in_html_block = true;
                    errors.push((at, raw_html()));
                }
                other => return stop(body, errors, at, &format!("unsupported Markdown: {other:?}")),
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => {
                    if let Some(Open::Paragraph(..)) = stack.last() {
                        if let Some(Open::Paragraph(spans, images)) = stack.pop() {
                            end_paragraph(&mut body, &mut errors, spans, images);
                        }
                    }
                }
                TagEnd::Heading(_) => {
                    if let Some(Open::Heading(level, spans)) = stack.pop() {
                        let text: String = spans.into_iter().map(|s| s.text).collect();
                        body.blocks.push(Block::Heading { level, text });
                    }
                }
                TagEnd::BlockQuote(_) => {
                    if let Some(Open::Quote(spans)) = stack.pop() {
                        body.blocks.push(Block::Quote { spans, cite: None });
                    }
                }
                TagEnd::List(_) => {
                    if let Some(Open::List { ordered, items }) = stack.pop() {
                        match stack.last_mut() {
                            Some(Open::List { items: outer, .. }) => {
                                if let Some(item) = outer.last_mut() {
                                    if item.list.is_some() {
                                        return stop(body, errors, at, "a list item can hold one list");
                                    }
                                    item.list = Some(List { ordered, items });
                                }
                            }
                            _ => body.blocks.push(Block::List { ordered, items }),
                        }
                    }
                }
                TagEnd::TableHead => {
                    if let Some(Open::Table { in_head, .. }) = stack.last_mut() {
                        *in_head = false;
                    }
                }
                TagEnd::Table => {
                    if let Some(Open::Table {
                        align, head, rows, ..
                    }) = stack.pop()
                    {
                        body.blocks.push(Block::Table { align, head, rows });
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some(Open::Code {
                        at,
                        language,
                        embed: is_embed,
                        mut text,
                        text_at,
                    }) = stack.pop()
                    {
                        if is_embed {
                            match embed::card(&text, text_at.unwrap_or(at)) {
                                Ok(block) => body.blocks.push(block),
                                Err(error) => errors.push(error),
                            }
                        } else {
                            if text.ends_with('\n') {
                                text.pop();
                            }
                            body.blocks.push(Block::Code { language, code: text });
                        }
                    }
                }
                TagEnd::Image => {
                    if let Some(Open::Image(image)) = stack.pop() {
                        if let Some(Open::Paragraph(_, images)) = stack.last_mut() {
                            images.push(image);
                        }
                    }
                }
                TagEnd::HtmlBlock => in_html_block = false,
                TagEnd::Emphasis => marks.em = marks.em.saturating_sub(1),
                TagEnd::Strong => marks.strong = marks.strong.saturating_sub(1),
                TagEnd::Link => {
                    marks.href.pop();
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => match stack.last_mut() {
                Some(Open::Image(image)) => image.alt.push_str(&t),
                Some(Open::Code { text, text_at, .. }) => {
                    text_at.get_or_insert(at);
                    text.push_str(&t);
                }
                Some(Open::Paragraph(_, images)) if !images.is_empty() => {
                    if !t.trim().is_empty() {
                        return stop(body, errors, at, ALONE);
                    }
                }
                _ => push_text(&mut stack, &marks, &t, at, &mut errors),
            },
            Event::SoftBreak | Event::HardBreak => match stack.last_mut() {
                Some(Open::Image(image)) => image.alt.push(' '),
                // Between the images of a gallery.
                Some(Open::Paragraph(_, images)) if !images.is_empty() => {}
                Some(Open::Heading(..)) => push_text(&mut stack, &marks, " ", at, &mut errors),
                _ if matches!(event, Event::HardBreak) => {
                    if let Some(spans) = target(&mut stack) {
                        spans.push(Span::line_break());
                    }
                }
                _ => push_text(&mut stack, &marks, " ", at, &mut errors),
            },
            Event::Html(_) if in_html_block => {}
            Event::Html(_) | Event::InlineHtml(_) => errors.push((at, raw_html())),
            Event::Rule => {
                if !stack.is_empty() {
                    return stop(
                        body,
                        errors,
                        at,
                        "a rule (---) must stand between blocks, not in a list or quote",
                    );
                }
                body.blocks.push(Block::Separator {});
            }
            other => return stop(body, errors, at, &format!("unsupported Markdown: {other:?}")),
        }
    }
    (body, errors)
}

/// A paragraph's block: its text, or the image or gallery it was made of.
fn end_paragraph(body: &mut Body, errors: &mut Vec<MarkdownError>, spans: Vec<Span>, images: Vec<OpenImage>) {
    if images.is_empty() {
        return body.blocks.push(Block::Paragraph { spans });
    }
    let index = body.blocks.len();
    let mut read = Vec::with_capacity(images.len());
    for (place, image) in images.into_iter().enumerate() {
        if image.alt.trim().is_empty() {
            errors.push((
                image.at,
                format!(
                    "image {} needs alt text: ![what it shows]({})",
                    image.src, image.src
                ),
            ));
        }
        body.images.push((image.at, index, place));
        read.push(Image {
            src: image.src,
            alt: image.alt.trim().to_string(),
            caption: Some(image.title).filter(|t| !t.trim().is_empty()),
            credit: None,
            width: 0,
            height: 0,
            variants: None,
        });
    }
    body.blocks.push(if read.len() == 1 {
        Block::Image {
            image: read.remove(0),
        }
    } else {
        Block::Gallery { images: read }
    });
}

fn align(alignment: Alignment) -> Align {
    match alignment {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

fn raw_html() -> String {
    "raw HTML is not allowed in articles (write Markdown; to show a literal <, write \\<)".into()
}

fn stop(body: Body, mut errors: Vec<MarkdownError>, at: usize, message: &str) -> (Body, Vec<MarkdownError>) {
    errors.push((at, message.to_string()));
    (body, errors)
}

fn spans_are_blank(spans: &[Span]) -> bool {
    spans.iter().all(|s| s.text.trim().is_empty())
}

/// The row of the table being read that cells go into.
fn table_row(stack: &mut [Open]) -> Option<&mut Vec<Cell>> {
    match stack.last_mut()? {
        Open::Table {
            head, rows, in_head, ..
        } => {
            if *in_head {
                head.last_mut()
            } else {
                rows.last_mut()
            }
        }
        _ => None,
    }
}

/// The spans inline text goes into now: a paragraph's, a heading's, a
/// quote's, the last list item's or the last table cell's.
fn target(stack: &mut [Open]) -> Option<&mut Vec<Span>> {
    match stack.last_mut()? {
        Open::Paragraph(s, _) | Open::Heading(_, s) | Open::Quote(s) => Some(s),
        Open::List { items, .. } => items.last_mut().map(|i| &mut i.spans),
        Open::Table {
            head, rows, in_head, ..
        } => if *in_head {
            head.last_mut()
        } else {
            rows.last_mut()
        }?
        .last_mut(),
        Open::Image(_) | Open::Code { .. } => None,
    }
}

/// Whether the spans being collected have no text yet.
fn target_is_blank(stack: &mut [Open]) -> bool {
    target(stack).is_none_or(|s| s.is_empty())
}

fn push_text(stack: &mut [Open], marks: &Marks, text: &str, at: usize, errors: &mut Vec<MarkdownError>) {
    if let Some(Open::Image(image)) = stack.last_mut() {
        return image.alt.push_str(text);
    }
    let Some(spans) = target(stack) else {
        return errors.push((at, "text outside a block".into()));
    };
    let em = marks.em > 0;
    let strong = marks.strong > 0;
    // Text with the same marks as the span before it joins that span.
    if let Some(last) = spans.last_mut() {
        if !last.br && last.em == em && last.strong == strong && last.href.as_ref() == marks.href.last() {
            last.text.push_str(text);
            return;
        }
    }
    spans.push(Span {
        text: text.to_string(),
        em,
        strong,
        href: marks.href.last().cloned(),
        br: false,
    });
}
