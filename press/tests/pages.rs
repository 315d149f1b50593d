//! Every page as HTML (`build --shell`): which pages are written, that each
//! is the app's view with its head, and that a hostile headline comes out as
//! its text everywhere, with nothing that could run.

mod common;

use common::{article, snapshot, unescape, Fixture};

/// A shell as Trunk writes it (minified), under the sub-path `/news/`.
const SHELL: &str = "<!doctype html><html lang=en><meta charset=utf-8><base href=/news/><title>Broadsheet</title><script>try{}catch(e){}</script><link href=/news/main-1.css rel=stylesheet><script type=module src=\"/news/boot-1.js\"></script></head><body></body></html>\n";

const HOSTILE: &str = "Q&A: \"</script><script>alert(1)</script>\" <b>";

fn with_shell(f: &Fixture) -> std::path::PathBuf {
    f.write("shell.html", SHELL);
    f.path("shell.html")
}

fn build_pages(f: &Fixture) -> broadsheet_press::Report {
    broadsheet_press::build_with(&f.content(), &f.out(), Some(&with_shell(f))).expect("the build")
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    text.match_indices(start)
        .filter_map(|(i, _)| {
            let from = i + start.len();
            text[from..].find(end).map(|n| &text[from..from + n])
        })
        .collect()
}

#[test]
fn every_route_is_a_page_in_its_own_folder() {
    let f = Fixture::new();
    build_pages(&f);
    let files = snapshot(&f.out());
    let pages: Vec<&String> = files.keys().filter(|k| k.ends_with(".html")).collect();
    assert_eq!(
        pages,
        [
            "404.html",
            "index.html",
            "search/index.html",
            "sport/index.html",
            "sport/match/index.html",
            "sport/race/index.html",
            "tag/a/index.html",
            "tag/a/page/2/index.html",
            "tag/b/index.html",
            "tag/c/index.html",
            "world/first/index.html",
            "world/index.html",
            "world/page/2/index.html",
            "world/second/index.html",
            "world/third/index.html",
        ]
        .iter()
        .collect::<Vec<_>>()
    );
    let world2 = f.read("world/page/2/index.html");
    assert!(
        world2.contains("<body data-route=\"/world/page/2/\">"),
        "{world2}"
    );
    assert!(
        world2.contains("<title>World, page 2 – The Test Times</title>"),
        "{world2}"
    );
    assert!(
        world2.contains("href=\"/news/world/first/\""),
        "links under the base path: {world2}"
    );
    assert!(
        world2.contains("data-file=\"content/sections/world/2.json\""),
        "{world2}"
    );
    let missing = f.read("404.html");
    assert!(missing.contains("<body data-route=\"\">"), "{missing}");
    assert!(missing.contains("Page not found"), "{missing}");
    assert!(!missing.contains("rel=\"canonical\""), "{missing}");
    // The shell's own scripts and styles stay; its title gives way.
    for page in pages {
        let html = String::from_utf8_lossy(&files[page]);
        assert!(
            html.contains("<script type=module src=\"/news/boot-1.js\"></script>"),
            "{page}"
        );
        assert!(!html.contains("<title>Broadsheet</title>"), "{page}");
        assert_eq!(html.matches("<title>").count(), 1, "{page}");
    }
}

#[test]
fn a_hostile_headline_is_text_in_every_part_of_its_page() {
    let f = Fixture::new();
    f.write(
        "content/world/first.md",
        &article(HOSTILE, "2024-01-01T09:00:00Z", &["a"], "One.\n"),
    );
    build_pages(&f);
    let page = f.read("world/first/index.html");

    // Nothing can run or break out: no script element but the shell's own
    // and the data and JSON-LD ones.
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("</script><script>alert"), "{page}");
    assert!(!page.contains("<b>"), "{page}");
    let scripts: Vec<&str> = between(&page, "<script", ">");
    for attrs in scripts {
        assert!(
            [
                "",
                " type=module src=\"/news/boot-1.js\"",
                " type=\"application/ld+json\""
            ]
            .contains(&attrs)
                || attrs.starts_with(" type=\"application/json\" data-file="),
            "an unexpected script element: <script{attrs}>"
        );
    }

    // As text: the title, the h1, every meta tag that names the article.
    assert_eq!(
        between(&page, "<title>", "</title>")
            .iter()
            .map(|t| unescape(t))
            .collect::<Vec<_>>(),
        [format!("{HOSTILE} – The Test Times")]
    );
    assert_eq!(
        between(&page, "<h1 tabindex=\"-1\">", "</h1>")
            .iter()
            .map(|t| unescape(t))
            .collect::<Vec<_>>(),
        [HOSTILE]
    );
    for property in ["og:title", "twitter:title"] {
        let key = if property.starts_with("og:") {
            "property"
        } else {
            "name"
        };
        let values = between(&page, &format!("<meta {key}=\"{property}\" content=\""), "\"");
        assert_eq!(
            values.iter().map(|v| unescape(v)).collect::<Vec<_>>(),
            [HOSTILE],
            "{property}"
        );
    }

    // The JSON-LD parses back to the headline.
    let ld = between(&page, "<script type=\"application/ld+json\">", "</script>");
    assert_eq!(ld.len(), 1, "{page}");
    let ld: serde_json::Value = serde_json::from_str(ld[0]).expect("JSON-LD parses");
    let graph = ld["@graph"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![ld.clone()]);
    let news = graph
        .iter()
        .find(|n| n["@type"] == "NewsArticle")
        .expect("a NewsArticle");
    assert_eq!(news["headline"], HOSTILE);

    // The article file the page carries parses back to the headline too.
    let carried = between(
        &page,
        "data-file=\"content/articles/world/first.json\">",
        "</script>",
    );
    assert_eq!(carried.len(), 1);
    let carried: serde_json::Value = serde_json::from_str(carried[0]).expect("carried JSON parses");
    assert_eq!(carried["headline"], HOSTILE);
    assert_eq!(carried, f.json("content/articles/world/first.json"));
}

#[test]
fn a_page_rendered_before_is_not_taken_for_the_shell_and_nothing_is_written() {
    let f = Fixture::new();
    build_pages(&f);
    let before = snapshot(&f.out());
    let rendered = f.out().join("index.html");
    let errors = broadsheet_press::build_with(&f.content(), &f.out(), Some(&rendered))
        .expect_err("a rendered page is not a shell");
    assert!(
        errors[0].to_string().contains("not the app's shell"),
        "{errors:?}"
    );
    let missing = f.path("no-such-shell.html");
    let errors =
        broadsheet_press::build_with(&f.content(), &f.out(), Some(&missing)).expect_err("a missing shell");
    assert!(
        errors[0].to_string().contains("cannot read the shell"),
        "{errors:?}"
    );
    assert_eq!(snapshot(&f.out()), before, "a failed build changed the output");
}
