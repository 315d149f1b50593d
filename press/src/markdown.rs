//! Markdown to the app's structured blocks. Raw HTML is an error, never passed on.

use broadsheet_model::{is_safe_href, Block, Span};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A problem at a byte offset of the Markdown text.
pub type MarkdownError = (usize, String);

/// The marks in force while reading inline text.
#[derive(Default, Clone)]
struct Marks {
    em: u32,
    strong: u32,
    href: Vec<String>,
}

/// Where inline spans are being collected.
enum Open {
    Paragraph(Vec<Span>),
    Heading(u8, Vec<Span>),
    Quote(Vec<Span>),
    List { ordered: bool, items: Vec<Vec<Span>> },
}

pub fn to_blocks(text: &str) -> Result<Vec<Block>, MarkdownError> {
    let mut blocks = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut marks = Marks::default();
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        let at = range.start;
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    // Paragraphs inside quotes and list items add to them.
                    if stack.is_empty() {
                        stack.push(Open::Paragraph(Vec::new()));
                    } else if matches!(stack.last(), Some(Open::Quote(spans)) if !spans.is_empty()) {
                        push_text(&mut stack, &Marks::default(), " ", at)?;
                    }
                }
                Tag::Heading { level, .. } => {
                    let level =
                        match level {
                            HeadingLevel::H1 => return Err((
                                at,
                                "use ## for headings in the body: the headline is the only level-1 heading"
                                    .into(),
                            )),
                            HeadingLevel::H2 => 2,
                            HeadingLevel::H3 => 3,
                            HeadingLevel::H4 => 4,
                            _ => return Err((at, "headings deeper than #### are not supported".into())),
                        };
                    stack.push(Open::Heading(level, Vec::new()));
                }
                Tag::BlockQuote(_) => {
                    if !stack.is_empty() {
                        return Err((at, "a quote cannot be nested in another block".into()));
                    }
                    stack.push(Open::Quote(Vec::new()));
                }
                Tag::List(start) => {
                    if !stack.is_empty() {
                        return Err((
                            at,
                            "nested lists and lists inside quotes are not supported".into(),
                        ));
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
                        return Err((
                            at,
                            format!("link {dest_url:?} must be http(s) or site-relative (/section/slug)"),
                        ));
                    }
                    marks.href.push(dest_url.to_string());
                }
                Tag::Image { .. } => {
                    return Err((
                        at,
                        "images in the body are not supported yet; use the hero image".into(),
                    ))
                }
                Tag::HtmlBlock => return Err((at, "raw HTML is not allowed in articles".into())),
                other => return Err((at, format!("unsupported Markdown: {other:?}"))),
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => {
                    if let Some(Open::Paragraph(_)) = stack.last() {
                        if let Some(Open::Paragraph(spans)) = stack.pop() {
                            blocks.push(Block::Paragraph { spans });
                        }
                    }
                }
                TagEnd::Heading(_) => {
                    if let Some(Open::Heading(level, spans)) = stack.pop() {
                        let text: String = spans.into_iter().map(|s| s.text).collect();
                        blocks.push(Block::Heading { level, text });
                    }
                }
                TagEnd::BlockQuote(_) => {
                    if let Some(Open::Quote(spans)) = stack.pop() {
                        blocks.push(Block::Quote { spans, cite: None });
                    }
                }
                TagEnd::List(_) => {
                    if let Some(Open::List { ordered, items }) = stack.pop() {
                        blocks.push(Block::List { ordered, items });
                    }
                }
                TagEnd::Emphasis => marks.em = marks.em.saturating_sub(1),
                TagEnd::Strong => marks.strong = marks.strong.saturating_sub(1),
                TagEnd::Link => {
                    marks.href.pop();
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => push_text(&mut stack, &marks, &t, at)?,
            Event::SoftBreak | Event::HardBreak => push_text(&mut stack, &marks, " ", at)?,
            Event::Html(_) | Event::InlineHtml(_) => {
                return Err((at, "raw HTML is not allowed in articles".into()))
            }
            Event::Rule => {}
            other => return Err((at, format!("unsupported Markdown: {other:?}"))),
        }
    }
    Ok(blocks)
}

fn push_text(stack: &mut [Open], marks: &Marks, text: &str, at: usize) -> Result<(), MarkdownError> {
    let spans = match stack.last_mut() {
        Some(Open::Paragraph(s) | Open::Heading(_, s) | Open::Quote(s)) => s,
        Some(Open::List { items, .. }) => match items.last_mut() {
            Some(item) => item,
            None => return Err((at, "text outside a list item".into())),
        },
        None => return Err((at, "text outside a block".into())),
    };
    let em = marks.em > 0;
    let strong = marks.strong > 0;
    let href = marks.href.last().cloned();
    // Text with the same marks as the span before it joins that span.
    if let Some(last) = spans.last_mut() {
        if last.em == em && last.strong == strong && last.href == href {
            last.text.push_str(text);
            return Ok(());
        }
    }
    spans.push(Span {
        text: text.to_string(),
        em,
        strong,
        href,
    });
    Ok(())
}

fn block_spans(block: &Block) -> Vec<&Span> {
    match block {
        Block::Paragraph { spans } | Block::Quote { spans, .. } => spans.iter().collect(),
        Block::List { items, .. } => items.iter().flatten().collect(),
        Block::Heading { .. } | Block::Image { .. } => Vec::new(),
    }
}

/// Words a reader reads: the standfirst and every text in the body.
pub fn word_count(standfirst: &str, body: &[Block]) -> u32 {
    let mut words = standfirst.split_whitespace().count();
    for block in body {
        if let Block::Heading { text, .. } = block {
            words += text.split_whitespace().count();
        }
        words += block_spans(block)
            .iter()
            .map(|s| s.text.split_whitespace().count())
            .sum::<usize>();
    }
    words as u32
}

/// Every link target in a body.
pub fn hrefs(body: &[Block]) -> Vec<&str> {
    body.iter()
        .flat_map(block_spans)
        .filter_map(|s| s.href.as_deref())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Span {
        Span::plain(text)
    }

    #[test]
    fn paragraphs_with_marks_and_links() {
        let blocks = to_blocks("One *two* **three** [four](/world/x)\nfive.\n\nSecond.").unwrap();
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
        let blocks = to_blocks("**bold [link](https://example.org/)**").unwrap();
        let Block::Paragraph { spans } = &blocks[0] else {
            panic!()
        };
        assert!(spans[1].strong && spans[1].href.as_deref() == Some("https://example.org/"));
    }

    #[test]
    fn headings_quotes_and_lists() {
        let md = "## Next\n\n> Said one.\n>\n> Said two.\n\n1. a\n2. b\n\n- c\n";
        let blocks = to_blocks(md).unwrap();
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
        let (at, msg) = to_blocks(md).unwrap_err();
        assert_eq!(at, 7);
        assert!(msg.contains("raw HTML"));
        assert!(to_blocks("Inline <b>bold</b>.")
            .unwrap_err()
            .1
            .contains("raw HTML"));
    }

    #[test]
    fn unsafe_links_and_h1_are_errors() {
        assert!(to_blocks("[x](javascript:alert(1))")
            .unwrap_err()
            .1
            .contains("http(s)"));
        assert!(to_blocks("# Title").unwrap_err().1.contains("##"));
    }

    #[test]
    fn counts_words_and_lists_links() {
        let blocks = to_blocks("## Two words\n\nThree [more](/a/b) words.").unwrap();
        assert_eq!(word_count("one", &blocks), 6);
        assert_eq!(hrefs(&blocks), vec!["/a/b"]);
    }
}
