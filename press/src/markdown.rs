//! Markdown to the app's structured blocks. Raw HTML is an error, never passed on.
//!
//! The subset: paragraphs with *emphasis*, **strong**, `code` (shown as plain
//! text) and [links](…); `##`–`####` headings; `>` quotes; flat `-` and `1.`
//! lists; images standing alone in their paragraph (`![alt](file.svg "caption")`);
//! `---` rules (ignored). Everything else is an error at its line.

use broadsheet_model::{is_safe_href, Block, Image, Span};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A problem at a byte offset of the Markdown text.
pub type MarkdownError = (usize, String);

/// A parsed article body, with what the build still has to check.
#[derive(Debug, Default, PartialEq)]
pub struct Body {
    pub blocks: Vec<Block>,
    /// Every link target, with the byte offset where the link starts.
    pub links: Vec<(usize, String)>,
    /// Images in the body: (byte offset, index of their `Block::Image` in
    /// `blocks`). Their `src` is still the file name as written, and their
    /// size is still 0 × 0.
    pub images: Vec<(usize, usize)>,
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
    Paragraph(Vec<Span>, Option<OpenImage>),
    Heading(u8, Vec<Span>),
    Quote(Vec<Span>),
    List { ordered: bool, items: Vec<Vec<Span>> },
    Image(OpenImage),
}

const ALONE: &str =
    "an image must be a paragraph of its own: put it on its own line with blank lines around it";

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
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    // Paragraphs inside quotes and list items add to them.
                    if stack.is_empty() {
                        stack.push(Open::Paragraph(Vec::new(), None));
                    } else if matches!(stack.last(), Some(Open::Quote(spans)) if !spans.is_empty()) {
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
                    if !stack.is_empty() {
                        return stop(
                            body,
                            errors,
                            at,
                            "nested lists and lists inside quotes are not supported",
                        );
                    }
                    stack.push(Open::List {
                        ordered: start.is_some(),
                        items: Vec::new(),
                    });
                }
                Tag::Item => {
                    if let Some(Open::List { items, .. }) = stack.last_mut() {
                        items.push(Vec::new());
                    }
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
                        Some(Open::Paragraph(spans, None)) if spans_are_blank(spans) => {
                            stack.push(Open::Image(image))
                        }
                        Some(Open::Paragraph(..)) => return stop(body, errors, at, ALONE),
                        _ => {
                            return stop(
                                body,
                                errors,
                                at,
                                "images can stand in the body, not in headings, quotes or lists",
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
                        if let Some(Open::Paragraph(spans, image)) = stack.pop() {
                            match image {
                                Some(image) => {
                                    if image.alt.trim().is_empty() {
                                        errors.push((
                                            image.at,
                                            format!(
                                                "image {} needs alt text: ![what it shows]({})",
                                                image.src, image.src
                                            ),
                                        ));
                                    }
                                    body.images.push((image.at, body.blocks.len()));
                                    body.blocks.push(Block::Image {
                                        image: Image {
                                            src: image.src,
                                            alt: image.alt.trim().to_string(),
                                            caption: Some(image.title).filter(|t| !t.trim().is_empty()),
                                            credit: None,
                                            width: 0,
                                            height: 0,
                                            variants: None,
                                        },
                                    });
                                }
                                None => body.blocks.push(Block::Paragraph { spans }),
                            }
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
                        body.blocks.push(Block::List { ordered, items });
                    }
                }
                TagEnd::Image => {
                    if let Some(Open::Image(image)) = stack.pop() {
                        if let Some(Open::Paragraph(_, slot)) = stack.last_mut() {
                            *slot = Some(image);
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
            Event::Text(t) | Event::Code(t) => {
                if let Some(Open::Image(image)) = stack.last_mut() {
                    image.alt.push_str(&t);
                } else if matches!(stack.last(), Some(Open::Paragraph(_, Some(_)))) {
                    if !t.trim().is_empty() {
                        return stop(body, errors, at, ALONE);
                    }
                } else {
                    push_text(&mut stack, &marks, &t, at, &mut errors);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(Open::Image(image)) = stack.last_mut() {
                    image.alt.push(' ');
                } else if !matches!(stack.last(), Some(Open::Paragraph(_, Some(_)))) {
                    push_text(&mut stack, &marks, " ", at, &mut errors);
                }
            }
            Event::Html(_) if in_html_block => {}
            Event::Html(_) | Event::InlineHtml(_) => errors.push((at, raw_html())),
            Event::Rule => {}
            other => return stop(body, errors, at, &format!("unsupported Markdown: {other:?}")),
        }
    }
    (body, errors)
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

fn push_text(stack: &mut [Open], marks: &Marks, text: &str, at: usize, errors: &mut Vec<MarkdownError>) {
    let spans = match stack.last_mut() {
        Some(Open::Paragraph(s, _) | Open::Heading(_, s) | Open::Quote(s)) => s,
        Some(Open::List { items, .. }) => match items.last_mut() {
            Some(item) => item,
            None => return errors.push((at, "text outside a list item".into())),
        },
        Some(Open::Image(image)) => return image.alt.push_str(text),
        None => return errors.push((at, "text outside a block".into())),
    };
    let em = marks.em > 0;
    let strong = marks.strong > 0;
    // Text with the same marks as the span before it joins that span.
    if let Some(last) = spans.last_mut() {
        if last.em == em && last.strong == strong && last.href.as_ref() == marks.href.last() {
            last.text.push_str(text);
            return;
        }
    }
    spans.push(Span {
        text: text.to_string(),
        em,
        strong,
        href: marks.href.last().cloned(),
    });
}

fn block_spans(block: &Block) -> Box<dyn Iterator<Item = &Span> + '_> {
    match block {
        Block::Paragraph { spans } | Block::Quote { spans, .. } => Box::new(spans.iter()),
        Block::List { items, .. } => Box::new(items.iter().flatten()),
        Block::Heading { .. } | Block::Image { .. } => Box::new(std::iter::empty()),
    }
}

/// Words a reader reads: the standfirst and every text in the body (headings,
/// paragraphs, quotes, list items and image captions).
pub fn word_count(standfirst: &str, body: &[Block]) -> u32 {
    let mut words = standfirst.split_whitespace().count();
    for block in body {
        match block {
            Block::Heading { text, .. } => words += text.split_whitespace().count(),
            Block::Image { image } => {
                words += image.caption.as_deref().unwrap_or("").split_whitespace().count()
            }
            _ => {}
        }
        words += block_spans(block)
            .map(|s| s.text.split_whitespace().count())
            .sum::<usize>();
    }
    words as u32
}

/// Minutes to read `words` at 230 words a minute; at least one.
pub fn reading_minutes(words: u32) -> u32 {
    words.div_ceil(230).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span::plain(text)
    }

    fn parse(md: &str) -> Body {
        let (body, errors) = to_blocks(md);
        assert!(errors.is_empty(), "{errors:?}");
        body
    }

    fn blocks(md: &str) -> Vec<Block> {
        parse(md).blocks
    }

    fn first_error(md: &str) -> MarkdownError {
        to_blocks(md).1.remove(0)
    }

    #[test]
    fn paragraphs_with_marks_and_links() {
        let blocks = blocks("One *two* **three** [four](/world/x)\nfive.\n\nSecond.");
        let Block::Paragraph { spans } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(spans[0], span("One "));
        assert!(spans[1].em && spans[1].text == "two");
        assert!(spans[3].strong && spans[3].text == "three");
        assert_eq!(spans[5].href.as_deref(), Some("/world/x"));
        assert_eq!(spans[6], span(" five."));
        assert_eq!(
            blocks[1],
            Block::Paragraph {
                spans: vec![span("Second.")]
            }
        );
    }

    #[test]
    fn nested_marks_flatten() {
        let blocks = blocks("**bold [link](https://example.org/)**");
        let Block::Paragraph { spans } = &blocks[0] else {
            panic!()
        };
        assert!(spans[1].strong && spans[1].href.as_deref() == Some("https://example.org/"));
    }

    #[test]
    fn headings_quotes_and_lists() {
        let md = "## Next\n\n> Said one.\n>\n> Said two.\n\n1. a\n2. b\n\n- c\n";
        let blocks = blocks(md);
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 2,
                text: "Next".into()
            }
        );
        assert_eq!(
            blocks[1],
            Block::Quote {
                spans: vec![span("Said one. Said two.")],
                cite: None
            }
        );
        assert_eq!(
            blocks[2],
            Block::List {
                ordered: true,
                items: vec![vec![span("a")], vec![span("b")]]
            }
        );
        assert_eq!(
            blocks[3],
            Block::List {
                ordered: false,
                items: vec![vec![span("c")]]
            }
        );
    }

    #[test]
    fn raw_html_is_an_error_at_its_offset() {
        let md = "Fine.\n\n<script>alert(1)</script>\n";
        let (at, msg) = first_error(md);
        assert_eq!(at, 7);
        assert!(msg.contains("raw HTML"));
        assert!(first_error("Inline <b>bold</b>.").1.contains("raw HTML"));
    }

    #[test]
    fn every_raw_html_and_bad_link_is_reported() {
        let md = "<div>\n\nText <i>x</i> and [y](javascript:alert(1)).\n";
        let (body, errors) = to_blocks(md);
        assert_eq!(errors.len(), 4, "{errors:?}");
        // The links are still there for the build to check.
        assert_eq!(body.links.len(), 1); // <div>, <i>, </i>, the link
        assert!(errors.iter().any(|(_, m)| m.contains("http(s)")));
    }

    #[test]
    fn escaped_angle_brackets_are_text() {
        let blocks = blocks("1 \\< 2 and a &amp; b");
        assert_eq!(
            blocks[0],
            Block::Paragraph {
                spans: vec![span("1 < 2 and a & b")]
            }
        );
    }

    #[test]
    fn unsafe_links_and_h1_are_errors() {
        assert!(first_error("[x](javascript:alert(1))").1.contains("http(s)"));
        assert!(first_error("# Title").1.contains("##"));
    }

    #[test]
    fn images_stand_alone_with_alt_and_caption() {
        let body = parse("Before.\n\n![A red kite](kite.svg \"Over the moor\")\n\nAfter.");
        assert_eq!(body.images, vec![(9, 1)]);
        let Block::Image { image } = &body.blocks[1] else {
            panic!("{:?}", body.blocks)
        };
        assert_eq!(image.src, "kite.svg");
        assert_eq!(image.alt, "A red kite");
        assert_eq!(image.caption.as_deref(), Some("Over the moor"));
    }

    #[test]
    fn images_need_alt_text_and_their_own_paragraph() {
        assert!(first_error("![](kite.svg)").1.contains("alt text"));
        assert!(first_error("Look: ![kite](kite.svg)")
            .1
            .contains("paragraph of its own"));
        assert!(first_error("![kite](kite.svg) there")
            .1
            .contains("paragraph of its own"));
        assert!(first_error("- ![kite](kite.svg)").1.contains("not in headings"));
    }

    #[test]
    fn counts_words_and_lists_links() {
        let body = parse("## Two words\n\nThree [more](/a/b) words.");
        assert_eq!(word_count("one", &body.blocks), 6);
        assert_eq!(body.links, vec![(20, "/a/b".to_string())]);
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(230), 1);
        assert_eq!(reading_minutes(231), 2);
    }
}
