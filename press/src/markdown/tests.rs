//! The Markdown subset, form by form.

use super::*;
use broadsheet_model::{Align, List, ListItem};

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
            items: vec![vec![span("a")].into(), vec![span("b")].into()]
        }
    );
    assert_eq!(
        blocks[3],
        Block::List {
            ordered: false,
            items: vec![vec![span("c")].into()]
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
    assert_eq!(body.images, vec![(9, 1, 0)]);
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
    assert!(first_error("| a |\n|---|\n| ![kite](kite.svg) |")
        .1
        .contains("tables"));
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

fn list(ordered: bool, items: Vec<ListItem>) -> Block {
    Block::List { ordered, items }
}

#[test]
fn tables_with_head_rows_alignment_and_marks() {
    let md = "Before.\n\n| Candidate | Party | Votes |\n|:---|---|---:|\n| **Rosa** Lindqvist | Independent | 1,684 |\n| Colin Marsh | [Civic](/politics/x) | 1,272 |\n";
    let body = parse(md);
    let Block::Table { align, head, rows } = &body.blocks[1] else {
        panic!("{:?}", body.blocks)
    };
    assert_eq!(align, &vec![Align::Left, Align::None, Align::Right]);
    assert_eq!(head.len(), 1);
    assert_eq!(head[0][2], vec![span("Votes")]);
    assert_eq!(rows.len(), 2);
    assert!(rows[0][0][0].strong && rows[0][0][0].text == "Rosa");
    assert_eq!(rows[0][0][1], span(" Lindqvist"));
    assert_eq!(rows[1][1][0].href.as_deref(), Some("/politics/x"));
    assert_eq!(
        body.links,
        vec![(md.find("[Civic]").unwrap(), "/politics/x".to_string())]
    );
    // No alignment at all is no `align`.
    let Block::Table { align, .. } = &blocks("| a | b |\n|---|---|\n| 1 | 2 |")[0] else {
        panic!()
    };
    assert!(align.is_empty());
}

#[test]
fn fenced_and_indented_code_as_written() {
    let blocks =
        blocks("```toml\n[hero]\n  src = \"a.svg\"\n```\n\nText.\n\n    indented  code\n    line two\n");
    assert_eq!(
        blocks[0],
        Block::Code {
            language: Some("toml".into()),
            code: "[hero]\n  src = \"a.svg\"".into()
        }
    );
    assert_eq!(
        blocks[2],
        Block::Code {
            language: None,
            code: "indented  code\nline two".into()
        }
    );
    // Markup in code is text, never HTML, and never an error.
    assert_eq!(
        to_blocks("```\n<b>x</b> *y*\n```").0.blocks[0],
        Block::Code {
            language: None,
            code: "<b>x</b> *y*".into()
        }
    );
}

#[test]
fn thematic_breaks_are_separators() {
    for rule in ["***", "---", "___", "- - -"] {
        let blocks = blocks(&format!("One.\n\n{rule}\n\nTwo."));
        assert_eq!(blocks[1], Block::Separator {}, "{rule}");
        assert_eq!(blocks.len(), 3);
    }
}

#[test]
fn nested_lists_to_their_depth() {
    let md = "- one\n  1. one a\n  2. one b\n     - deep\n- two\n";
    let blocks = blocks(md);
    assert_eq!(
        blocks[0],
        list(
            false,
            vec![
                ListItem {
                    spans: vec![span("one")],
                    list: Some(List {
                        ordered: true,
                        items: vec![
                            vec![span("one a")].into(),
                            ListItem {
                                spans: vec![span("one b")],
                                list: Some(List {
                                    ordered: false,
                                    items: vec![vec![span("deep")].into()],
                                }),
                            },
                        ],
                    }),
                },
                vec![span("two")].into(),
            ]
        )
    );
    let four = "- 1\n  - 2\n    - 3\n      - 4\n";
    assert_eq!(to_blocks(four).1, vec![]);
    let five = "- 1\n  - 2\n    - 3\n      - 4\n        - 5\n";
    let (at, message) = first_error(five);
    assert_eq!(at, five.find("- 5").unwrap());
    assert!(message.contains("at most 4"), "{message}");
    assert!(first_error("> - in a quote").1.contains("inside quotes"));
}

#[test]
fn hard_breaks_are_line_breaks() {
    let blocks = blocks("Returning Officer\\\nEastfield  \nNorthgate\n\n> One  \n> two\n\n- a\\\n  b\n");
    assert_eq!(
        blocks[0],
        Block::Paragraph {
            spans: vec![
                span("Returning Officer"),
                Span::line_break(),
                span("Eastfield"),
                Span::line_break(),
                span("Northgate")
            ]
        }
    );
    assert_eq!(
        blocks[1],
        Block::Quote {
            spans: vec![span("One"), Span::line_break(), span("two")],
            cite: None
        }
    );
    assert_eq!(
        blocks[2],
        list(false, vec![vec![span("a"), Span::line_break(), span("b")].into()])
    );
    // A soft break is a space, as before.
    assert_eq!(
        parse("a\nb").blocks[0],
        Block::Paragraph {
            spans: vec![span("a b")]
        }
    );
}

#[test]
fn images_one_a_line_are_a_gallery() {
    let md = "Text.\n\n![First](a.svg \"One\")\n![Second](b.svg)\n![Third](c.svg \"Three\")\n\nMore.";
    let body = parse(md);
    let Block::Gallery { images } = &body.blocks[1] else {
        panic!("{:?}", body.blocks)
    };
    assert_eq!(images.len(), 3);
    assert_eq!(images[0].alt, "First");
    assert_eq!(images[0].caption.as_deref(), Some("One"));
    assert_eq!(images[1].caption, None);
    assert_eq!(images[2].src, "c.svg");
    assert_eq!(
        body.images,
        vec![
            (md.find("![First").unwrap(), 1, 0),
            (md.find("![Second").unwrap(), 1, 1),
            (md.find("![Third").unwrap(), 1, 2)
        ]
    );
    // One image alone is still an image.
    assert!(matches!(blocks("![A](a.svg)")[0], Block::Image { .. }));
}

#[test]
fn a_gallery_with_text_in_it_is_an_error_at_the_text() {
    let md = "![First](a.svg)\nand then\n![Second](b.svg)";
    let (at, message) = first_error(md);
    assert_eq!(at, md.find("and then").unwrap());
    assert!(message.contains("paragraph of its own"), "{message}");
    let md = "Look:\n![First](a.svg)\n![Second](b.svg)";
    assert_eq!(first_error(md).0, md.find("![First").unwrap());
    assert!(first_error("![A](a.svg)\n![](b.svg)").1.contains("alt text"));
}

#[test]
fn embeds_are_link_cards() {
    let md = "```embed\nhttps://www.youtube.com/watch?v=abc\nThe declaration, in full\n```\n\n```embed\nhttps://example.org/x\n```";
    let blocks = blocks(md);
    assert_eq!(
        blocks[0],
        Block::Embed {
            url: "https://www.youtube.com/watch?v=abc".into(),
            title: "The declaration, in full".into(),
            provider: "YouTube".into()
        }
    );
    assert_eq!(
        blocks[1],
        Block::Embed {
            url: "https://example.org/x".into(),
            title: "example.org".into(),
            provider: "example.org".into()
        }
    );
    let md = "Text.\n\n```embed\njavascript:alert(1)\nTitle\n```\n";
    let (at, message) = first_error(md);
    assert_eq!(at, md.find("javascript").unwrap());
    assert!(message.contains("http(s)"), "{message}");
}

#[test]
fn new_blocks_only_in_the_body() {
    assert!(first_error("- a\n\n  ```\n  x\n  ```").1.contains("code block"));
    assert!(first_error("> ```\n> x\n> ```").1.contains("quote"));
    assert!(first_error("> | a |\n> |---|\n> | 1 |").1.contains("table"));
}

#[test]
fn words_of_the_new_blocks() {
    let md = "| a b | c |\n|---|---|\n| d | e |\n\n- f\n  - g h\n\n```\nlet x\n```\n\n![A](a.svg \"one two\")\n![B](b.svg \"three\")\n\n---\n\n```embed\nhttps://x.com/a\nfour five\n```";
    let body = parse(md);
    // Cells 5, list 3, code 2, captions 3, embed title 2.
    assert_eq!(word_count("", &body.blocks), 15);
}
