//! The blocks of format version 2: their JSON, and which version a body needs.

use crate::{
    decode, schema_for, Align, Article, Block, ContentError, Image, List, ListItem, Span, NEWEST_SCHEMA,
    SCHEMA,
};

fn article(schema: u32, body: &str) -> String {
    format!(
        r#"{{"schema": {schema}, "slug": "a", "section": "world", "headline": "H",
            "standfirst": "S", "authors": ["A"], "published": "2024-07-11T07:00:00Z",
            "body": [{body}]}}"#
    )
}

fn image(src: &str) -> Image {
    Image {
        src: src.into(),
        alt: "alt".into(),
        caption: Some("Caption".into()),
        credit: None,
        width: 4,
        height: 3,
        variants: None,
    }
}

fn nested_list() -> Block {
    Block::List {
        ordered: false,
        items: vec![
            ListItem::from(vec![Span::plain("flat")]),
            ListItem {
                spans: vec![Span::plain("outer")],
                list: Some(List {
                    ordered: true,
                    items: vec![ListItem {
                        spans: vec![Span::plain("inner")],
                        list: Some(List {
                            ordered: false,
                            items: vec![vec![Span::plain("deepest")].into()],
                        }),
                    }],
                }),
            },
        ],
    }
}

/// One of every kind version 2 added.
fn new_blocks() -> Vec<Block> {
    vec![
        Block::Table {
            align: vec![Align::Left, Align::Right],
            head: vec![vec![vec![Span::plain("Name")], vec![Span::plain("Votes")]]],
            rows: vec![vec![
                vec![Span {
                    text: "Rosa".into(),
                    strong: true,
                    ..Span::default()
                }],
                vec![Span::plain("1,684")],
            ]],
        },
        Block::Code {
            language: Some("text".into()),
            code: "a  b\n  c".into(),
        },
        Block::Code {
            language: None,
            code: "x".into(),
        },
        Block::Separator {},
        Block::Gallery {
            images: vec![image("/m/a.svg"), image("/m/b.svg")],
        },
        Block::Embed {
            url: "https://www.youtube.com/watch?v=x".into(),
            title: "The count".into(),
            provider: "YouTube".into(),
        },
        nested_list(),
        Block::Paragraph {
            spans: vec![Span::plain("one"), Span::line_break(), Span::plain("two")],
        },
    ]
}

#[test]
fn every_new_kind_round_trips() {
    for block in new_blocks() {
        let body = serde_json::to_string(&block).unwrap();
        let a: Article = decode("a.json", &article(2, &body)).unwrap();
        assert_eq!(a.body, vec![block], "{body}");
    }
}

#[test]
fn new_kinds_are_written_as_documented() {
    let json = |b: &Block| serde_json::to_value(b).unwrap();
    let blocks = new_blocks();
    assert_eq!(
        json(&blocks[0])["table"]["align"],
        serde_json::json!(["left", "right"])
    );
    assert_eq!(json(&blocks[0])["table"]["head"][0][1][0]["text"], "Votes");
    assert_eq!(
        json(&blocks[1]),
        serde_json::json!({"code": {"language": "text", "code": "a  b\n  c"}})
    );
    assert_eq!(json(&blocks[3]), serde_json::json!({"separator": {}}));
    assert_eq!(json(&blocks[5])["embed"]["provider"], "YouTube");
    // A flat item is its spans, as in version 1; one holding a list is an object.
    let list = json(&blocks[6]);
    assert_eq!(list["list"]["items"][0], serde_json::json!([{"text": "flat"}]));
    assert_eq!(list["list"]["items"][1]["list"]["ordered"], true);
    assert_eq!(
        list["list"]["items"][1]["list"]["items"][0]["list"]["items"][0],
        serde_json::json!([{"text": "deepest"}])
    );
    assert_eq!(
        json(&blocks[7])["paragraph"]["spans"][1],
        serde_json::json!({"text": "\n", "br": true})
    );
}

#[test]
fn version_1_lists_read_as_before() {
    let body = r#"{"list": {"ordered": true, "items": [[{"text": "a"}], [{"text": "b", "em": true}]]}}"#;
    let a: Article = decode("a.json", &article(1, body)).unwrap();
    let Block::List { items, .. } = &a.body[0] else {
        panic!("{:?}", a.body)
    };
    assert_eq!(items[0], ListItem::from(vec![Span::plain("a")]));
    assert!(items[1].spans[0].em && items[1].list.is_none());
}

#[test]
fn a_list_item_object_without_spans_is_malformed() {
    let body = r#"{"list": {"ordered": true, "items": [{"list": {"ordered": false, "items": []}}]}}"#;
    let e = decode::<Article>("a.json", &article(2, body)).unwrap_err();
    assert!(e.to_string().contains("spans"), "{e}");
}

#[test]
fn versions_1_and_2_are_read_and_3_is_refused() {
    let body = r#"{"paragraph": {"spans": [{"text": "x"}]}}"#;
    assert_eq!(SCHEMA, 1);
    assert_eq!(NEWEST_SCHEMA, 2);
    assert_eq!(decode::<Article>("a.json", &article(1, body)).unwrap().schema, 1);
    assert_eq!(decode::<Article>("a.json", &article(2, body)).unwrap().schema, 2);
    let e = decode::<Article>("a.json", &article(3, body)).unwrap_err();
    assert_eq!(
        e,
        ContentError::UnknownSchema {
            file: "a.json".into(),
            found: 3
        }
    );
    assert!(e.to_string().contains("version 3"), "{e}");
    assert!(decode::<Article>("a.json", &article(0, body)).is_err());
}

#[test]
fn a_body_needs_version_2_only_for_what_version_2_added() {
    let old = vec![
        Block::Paragraph {
            spans: vec![Span::plain("x")],
        },
        Block::List {
            ordered: false,
            items: vec![vec![Span::plain("flat")].into()],
        },
        Block::Image {
            image: image("/a.svg"),
        },
    ];
    assert_eq!(schema_for(&old), 1);
    assert_eq!(schema_for(&[]), 1);
    for block in new_blocks() {
        let mut body = old.clone();
        body.push(block.clone());
        assert_eq!(schema_for(&body), 2, "{block:?}");
    }
    // A line break in a list item is version 2 too.
    let item = Block::List {
        ordered: false,
        items: vec![vec![Span::plain("a"), Span::line_break()].into()],
    };
    assert_eq!(schema_for(&[item]), 2);
}
