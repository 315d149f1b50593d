//! The blocks of content format version 2 from their Markdown: each form
//! to its block in the article file, errors at their lines, `"schema": 2`
//! only in an article that needs it, and each block in the article's page
//! as the app renders it at build time.

mod common;

use broadsheet_model::{decode, Align, Article, Block, Span};
use common::{article, Fixture};

const SHELL: &str = "<!doctype html><html lang=en><meta charset=utf-8><title>Broadsheet</title><link href=/main-1.css rel=stylesheet><script type=module src=\"/boot-1.js\"></script></head><body></body></html>\n";

const BODY: &str = "Intro.

| Name | Votes |
|:---|---:|
| **Rosa** | 1,684 |
| Colin | 1,272 |

```text
Turnout   24.0%
```

    indented

***

![First](a.svg \"One\")
![Second](b.svg)

```embed
https://www.youtube.com/watch?v=x
The count
```

- outer
  1. inner
- flat

Line one\\
line two  
line three
";

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("content/world/a.svg", "<svg width=\"40\" height=\"30\"></svg>");
    f.write("content/world/b.svg", "<svg width=\"20\" height=\"10\"></svg>");
    f.write(
        "content/world/blocks.md",
        &article("Blocks", "2024-01-05T09:00:00Z", &[], BODY),
    );
    f
}

fn read_article(f: &Fixture, slug: &str) -> Article {
    let file = format!("content/articles/world/{slug}.json");
    decode(&file, &f.read(&file)).unwrap()
}

#[test]
fn each_form_becomes_its_block() {
    let f = fixture();
    f.build().unwrap();
    let a = read_article(&f, "blocks");
    let body = &a.body;
    assert_eq!(body.len(), 9, "{body:#?}");
    let Block::Table { align, head, rows } = &body[1] else {
        panic!("{:?}", body[1])
    };
    assert_eq!(align, &[Align::Left, Align::Right]);
    assert_eq!(
        head,
        &vec![vec![vec![Span::plain("Name")], vec![Span::plain("Votes")]]]
    );
    assert!(rows[0][0][0].strong);
    assert_eq!(rows[1][1], vec![Span::plain("1,272")]);
    assert_eq!(
        body[2],
        Block::Code {
            language: Some("text".into()),
            code: "Turnout   24.0%".into()
        }
    );
    assert_eq!(
        body[3],
        Block::Code {
            language: None,
            code: "indented".into()
        }
    );
    assert_eq!(body[4], Block::Separator {});
    let Block::Gallery { images } = &body[5] else {
        panic!("{:?}", body[5])
    };
    assert_eq!(images[0].src, "/media/world/a.svg");
    assert_eq!((images[0].width, images[0].height), (40, 30));
    assert_eq!(images[0].caption.as_deref(), Some("One"));
    assert_eq!(
        (images[1].src.as_str(), images[1].width, images[1].height),
        ("/media/world/b.svg", 20, 10)
    );
    assert!(f.out().join("media/world/b.svg").is_file());
    assert_eq!(
        body[6],
        Block::Embed {
            url: "https://www.youtube.com/watch?v=x".into(),
            title: "The count".into(),
            provider: "YouTube".into()
        }
    );
    let Block::List { items, .. } = &body[7] else {
        panic!("{:?}", body[7])
    };
    let inner = items[0].list.as_ref().expect("a nested list");
    assert!(inner.ordered);
    assert_eq!(inner.items[0].spans, vec![Span::plain("inner")]);
    assert!(items[1].list.is_none());
    let Block::Paragraph { spans } = &body[8] else {
        panic!("{:?}", body[8])
    };
    assert_eq!(spans.iter().filter(|s| s.br).count(), 2);
    // Words: the standfirst's two, and the blocks' (code counted, the
    // embed's title too).
    assert_eq!(a.word_count, 2 + 1 + 6 + 2 + 1 + 1 + 2 + 3 + 6);
}

#[test]
fn schema_2_only_where_it_is_needed() {
    let f = fixture();
    f.build().unwrap();
    assert_eq!(f.json("content/articles/world/blocks.json")["schema"], 2);
    // The others use nothing new, and every listing is version 1.
    assert_eq!(f.json("content/articles/world/first.json")["schema"], 1);
    assert_eq!(f.json("content/front.json")["schema"], 1);
    assert_eq!(f.json("content/sections/world/1.json")["schema"], 1);
    assert_eq!(f.json("content/site.json")["schema"], 1);
    // A line break alone is enough.
    f.write(
        "content/world/first.md",
        &article("First", "2024-01-01T09:00:00Z", &["a", "b"], "One\\\ntwo.\n"),
    );
    f.build().unwrap();
    assert_eq!(f.json("content/articles/world/first.json")["schema"], 2);
}

fn errors_for(body: &str) -> Vec<String> {
    let f = Fixture::new();
    f.write("content/world/a.svg", "<svg width=\"40\" height=\"30\"></svg>");
    f.write(
        "content/world/bad.md",
        &article("Bad", "2024-01-05T09:00:00Z", &[], body),
    );
    f.errors()
}

/// The front matter `article` writes is 7 lines: the body starts on line 8.
const FIRST: usize = 8;

#[test]
fn a_bad_embed_url_is_an_error_at_its_line() {
    let errors = errors_for("Text.\n\n```embed\njavascript:alert(1)\nTitle\n```\n");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let at = format!("content/world/bad.md:{}:", FIRST + 3);
    assert!(errors[0].starts_with(&at), "{errors:#?}");
    assert!(errors[0].contains("http(s)"), "{errors:#?}");
}

#[test]
fn text_among_gallery_images_is_an_error_at_its_line() {
    let errors = errors_for("Text.\n\n![One](a.svg)\nand some words\n![Two](a.svg)\n");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let at = format!("content/world/bad.md:{}:", FIRST + 3);
    assert!(errors[0].starts_with(&at), "{errors:#?}");
    assert!(errors[0].contains("paragraph of its own"), "{errors:#?}");
}

#[test]
fn a_missing_gallery_image_is_an_error_at_its_line() {
    let errors = errors_for("Text.\n\n![One](a.svg)\n![Two](missing.svg)\n");
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("content/world/bad.md:{}:", FIRST + 3))
                && e.contains("missing.svg")),
        "{errors:#?}"
    );
}

#[test]
fn a_list_nested_too_deep_is_an_error_at_its_line() {
    let errors = errors_for("- 1\n  - 2\n    - 3\n      - 4\n        - 5\n");
    let at = format!("content/world/bad.md:{}:", FIRST + 4);
    assert!(
        errors[0].starts_with(&at) && errors[0].contains("at most 4"),
        "{errors:#?}"
    );
}

/// The article's page, rendered at build time by the app's own components.
fn page() -> String {
    let f = fixture();
    f.write("shell.html", SHELL);
    broadsheet_press::build_with(&f.content(), &f.out(), Some(&f.path("shell.html"))).expect("the build");
    let html = f.read("world/blocks/index.html");
    let start = html.find("<main").expect("the view");
    // Without the hydration markers (`<!>`) between a view's parts.
    html[start..html.find("</main>").expect("its end")].replace("<!>", "")
}

#[test]
fn each_block_is_rendered_in_the_page() {
    let html = page();
    let has = |needle: &str| assert!(html.contains(needle), "no {needle:?} in {html}");
    // A table in a named, focusable scroll region, with column headers.
    has(
        r#"<div role="region" aria-label="Table: Name, Votes" tabindex="0" class="scroll-box table-box"><table><thead><tr><th scope="col" class="align-left">Name</th><th scope="col" class="align-right">Votes</th></tr></thead><tbody><tr><td class="align-left"><strong>Rosa</strong></td><td class="align-right">1,684</td></tr>"#,
    );
    has(
        r#"<div role="region" aria-label="Code (text)" tabindex="0" class="scroll-box code-box"><pre><code>Turnout   24.0%</code></pre></div>"#,
    );
    has(r#"aria-label="Code" tabindex="0" class="scroll-box code-box"><pre><code>indented</code></pre>"#);
    has("<hr>");
    has(
        r#"<ul aria-label="Gallery, 2 pictures" class="gallery"><li><figure class="figure"><picture><img src="/media/world/a.svg" alt="First" width="40" height="30""#,
    );
    has("<figcaption>One");
    has(
        r#"<p class="embed"><a href="https://www.youtube.com/watch?v=x" class="embed-link"><span class="embed-title">The count</span><span class="embed-provider">YouTube</span></a></p>"#,
    );
    has("<ul><li>outer<ol><li>inner</li></ol></li><li>flat</li></ul>");
    has("<p>Line one<br>line two<br>line three</p>");
    // Nothing of the embedded site is loaded.
    assert!(!html.contains("<iframe") && !html.contains("youtube.com/embed"));
}
