//! `import wordpress`: what it writes (articles, site.toml, the mapping,
//! redirects, comments, images), bad input, collisions, --force, --dry-run,
//! the command, and an import the press then checks without errors.

#[path = "wordpress/helpers.rs"]
mod helpers;

use broadsheet_press::wordpress::import;
use helpers::*;
use std::fs;
use std::path::{Path, PathBuf};

#[test]
fn the_fixture_carries_everything_over() {
    let d = Dir::new();
    let e = d.write("export.xml", FIXTURE);
    let summary = import(&d.opts(&e)).unwrap();
    assert_eq!(summary.articles, 2);
    let s = &summary.skipped;
    assert_eq!(
        (
            s.drafts,
            s.private,
            s.pending,
            s.trashed,
            s.pages,
            s.attachments,
            s.menu_items
        ),
        (1, 1, 1, 1, 1, 2, 1)
    );
    let harbour = d.read("content/local-news/harbour-reopens.md");
    for expected in [
        "headline = \"Harbour & quay reopen\"\nstandfirst = \"The quay is open again.\"\nauthors = [\"Jane Doe\"]\n\
         published = \"2021-03-04T08:00:00Z\"\nupdated = \"2021-03-05T08:00:00Z\"\ntags = [\"The Harbour\"]\n",
        "[hero]\nsrc = \"https://old.example.org/wp-content/uploads/2021/03/quay.jpg\"\nalt = \"Boats along the quay\"\n\
         caption = \"The quay in March\"\nwidth = 1200\nheight = 800\n",
        "[[images]]\nsrc = \"https://old.example.org/wp-content/uploads/2021/03/quay.jpg\"\nwidth = 1200\nheight = 800\n",
        // The resized copy's URL is the original's; the old permalink is our path.
        "![The quay at dawn](https://old.example.org/wp-content/uploads/2021/03/quay.jpg \"The quay, Monday.\")\n",
        "See [the match](/sport/match-report).\n",
        "- Boats\n  - small ones\n- Ferries\n",
    ] {
        assert!(harbour.contains(expected), "{expected:?} not in\n{harbour}");
    }
    let matched = d.read("content/sport/match-report.md");
    for expected in [
        "standfirst = \"Town won 2-1. It rained.\"",
        "Town won 2-1.\\\nIt rained.\n",
        "![The winning goal](https://old.example.org/wp-content/uploads/2021/03/goal.jpg \"The winning goal\")\n\n",
        // A gallery: one paragraph, one image a line.
        "\n\n![Boats along the quay](https://old.example.org/wp-content/uploads/2021/03/quay.jpg \"The quay in March\")\n![Image](https://old.example.org/wp-content/uploads/2021/03/goal.jpg)\n\n",
        "```embed\nhttps://www.youtube.com/watch?v=abc123\nyoutube.com\n```\n",
        "| Town | 2 |\n| --- | --- |\n| City | 1 |\n",
        "```rust\nfn main() {}\n```\n\n***\n",
    ] {
        assert!(matched.contains(expected), "{expected:?} not in\n{matched}");
    }
    assert!(!matched.contains("alert") && !matched.contains('<'), "{matched}");
    let report = d.read("content/wordpress-import-report.txt");
    assert!(
        report.contains("post 11 \"Match report\" (export line 63) -> sport/match-report.md"),
        "{report}"
    );
    assert!(
        report.contains("no excerpt: the standfirst is the body's first sentence(s)"),
        "{report}"
    );
    let site = d.read("content/site.toml");
    assert!(
        site.contains("name = \"The Old Gazette\"")
            && site.contains("base_url = \"https://old.example.org/\"")
    );
    assert!(
        site.contains("slug = \"local-news\"\nname = \"Local News\"\ndescription = \"What happens here\"")
    );
    assert!(site.contains("[[authors]]\nname = \"Jane Doe\""));
    assert_eq!(
        d.read("content/wordpress-sections.toml")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        [
            "default = \"local-news\"",
            "",
            "[categories]",
            "local-news = \"local-news\"",
            "sport = \"sport\""
        ]
    );
}

#[test]
fn redirects_cover_permalinks_ids_categories_and_tags() {
    let d = Dir::new();
    let e = d.write("export.xml", FIXTURE);
    import(&d.opts(&e)).unwrap();
    let lines: Vec<String> = d
        .read("content/redirects.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "/2021/03/04/harbour-reopens/ /local-news/harbour-reopens/",
            "/?p=10 /local-news/harbour-reopens/",
            "/2021/03/01/match-report/ /sport/match-report/",
            "/?p=11 /sport/match-report/",
            "/category/local-news/ /local-news/",
            "/category/sport/ /sport/",
            "/tag/harbour/ /tag/the-harbour/",
        ]
    );
}

#[test]
fn approved_comments_for_isso_parse_back() {
    let d = Dir::new();
    let e = d.write("export.xml", FIXTURE);
    import(&d.opts(&e)).unwrap();
    let xml = d.read("content/wordpress-comments.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert!(xml.contains("xmlns:wp=\"http://wordpress.org/export/1.2/\""));
    let items: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("item")).collect();
    assert_eq!(items.len(), 1, "only posts with approved comments");
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        child(items[0], "link"),
        "https://old.example.org/local-news/harbour-reopens"
    );
    assert_eq!(child(items[0], "title"), "Harbour & quay reopen");
    let comments: Vec<_> = items[0]
        .children()
        .filter(|c| c.tag_name().name() == "comment")
        .collect();
    let fields: Vec<(String, String, String, String)> = comments
        .iter()
        .map(|c| {
            (
                child(*c, "comment_id"),
                child(*c, "comment_parent"),
                child(*c, "comment_author"),
                child(*c, "comment_content"),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("1".into(), "0".into(), "Ann".into(), "Great <news> & more".into()),
            ("2".into(), "1".into(), "Bob".into(), "Agreed".into())
        ],
        "the spam comment is left out, the reply keeps its parent"
    );
    assert_eq!(child(comments[0], "comment_date_gmt"), "2021-03-04 09:00:00");
}

#[test]
fn uploads_are_copied_beside_the_article_and_missing_ones_reported() {
    let d = Dir::new();
    let e = d.write("export.xml", FIXTURE);
    let quay = d.path("uploads/2021/03/quay.jpg");
    fs::create_dir_all(quay.parent().unwrap()).unwrap();
    fs::write(&quay, png(1200, 800)).unwrap();
    d.write("uploads/2021/03/goal.jpg", "not an image");
    let mut opts = d.opts(&e);
    opts.uploads = Some(d.path("uploads"));
    let summary = import(&opts).unwrap();
    assert_eq!(
        fs::read(d.path("content/local-news/harbour-reopens-quay.jpg")).unwrap(),
        png(1200, 800)
    );
    let harbour = d.read("content/local-news/harbour-reopens.md");
    assert!(
        harbour.contains("[hero]\nsrc = \"harbour-reopens-quay.jpg\"\n"),
        "{harbour}"
    );
    assert!(
        harbour.contains("![The quay at dawn](harbour-reopens-quay.jpg \"The quay, Monday.\")"),
        "{harbour}"
    );
    assert!(!harbour.contains("[[images]]"), "{harbour}");
    // goal.jpg is no image: its address is kept, and that is reported.
    assert!(d.path("content/sport/match-report-quay.jpg").exists());
    assert!(!d.path("content/sport/match-report-goal.jpg").exists());
    let report = d.read("content/wordpress-import-report.txt");
    assert!(
        report.contains("2021/03/goal.jpg is not an image whose size can be read; its address"),
        "{report}"
    );
    assert!(summary.images_copied >= 2);
    // Not there at all: the same, said so.
    fs::remove_file(d.path("uploads/2021/03/goal.jpg")).unwrap();
    opts.force = true;
    import(&opts).unwrap();
    let report = d.read("content/wordpress-import-report.txt");
    assert!(
        report.contains("2021/03/goal.jpg is not in the uploads folder; its address"),
        "{report}"
    );
}

#[test]
fn an_unknown_attachment_or_unsized_image_is_dropped_and_reported() {
    let (body, report) =
        body_of("<p>A</p>[gallery ids=\"99\"]<img src=\"https://elsewhere.org/x.png\" alt=\"x\">");
    assert_eq!(body, "A\n");
    assert!(report.contains("attachment 99 is not in the export"), "{report}");
    assert!(
        report.contains("image https://elsewhere.org/x.png was left out: its size is unknown"),
        "{report}"
    );
}

#[test]
fn collisions_need_force_and_dry_run_writes_nothing() {
    let d = Dir::new();
    let e = d.write("export.xml", &export(&post(5, "same", "<p>New</p>")));
    d.write("content/old/same.md", "old");
    let before = snapshot(&d.path("content"));
    let errors = import(&d.opts(&e)).unwrap_err();
    assert!(
        errors[0].contains("content/old/same.md: slug \"same\" is already used"),
        "{errors:?}"
    );
    assert!(errors[0].contains("news/same.md"), "{errors:?}");
    assert_eq!(snapshot(&d.path("content")), before, "nothing written");

    let mut dry = d.opts(&e);
    dry.force = true;
    dry.dry_run = true;
    let summary = import(&dry).unwrap();
    assert!(summary.files.contains(&"news/same.md".to_string()));
    assert_eq!(snapshot(&d.path("content")), before, "a dry run writes nothing");
    assert!(!d.path(".content.wordpress-import").exists());

    let mut force = d.opts(&e);
    force.force = true;
    import(&force).unwrap();
    assert!(d.read("content/news/same.md").ends_with("New\n"));
    assert!(
        !d.path("content/old/same.md").exists(),
        "--force moves the article"
    );
}

#[test]
fn bad_input_is_an_error_with_its_place_and_writes_nothing() {
    let cases = [
        ("", "export.xml: the file is empty (0 bytes)"),
        ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Feed</title><item><title>x</title></item></channel></rss>", "export.xml:1: not a WordPress export: an RSS feed"),
        ("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", "not a WordPress export: the document is <html>"),
    ];
    for (text, expected) in cases {
        let d = Dir::new();
        let e = d.write("export.xml", text);
        let errors = import(&d.opts(&e)).unwrap_err();
        assert!(errors[0].contains(expected), "{errors:?} should say {expected:?}");
        assert!(!d.path("content").exists());
    }
    // Malformed XML: line and column, and nothing is written.
    let d = Dir::new();
    let broken = export(&format!(
        "{}\n<item><title>x</wrong></item>",
        post(5, "p", "<p>A</p>")
    ));
    let line = broken.lines().position(|l| l.contains("</wrong>")).unwrap() + 1;
    let e = d.write("export.xml", &broken);
    d.write("content/site.toml", "name = \"x\"\n");
    let before = snapshot(&d.path("content"));
    let errors = import(&d.opts(&e)).unwrap_err();
    assert!(
        errors[0].contains(&format!("export.xml:{line}:")),
        "{errors:?} should name line {line}"
    );
    assert!(errors[0].contains("malformed XML"), "{errors:?}");
    assert_eq!(snapshot(&d.path("content")), before);
    assert!(
        !d.path(".content.wordpress-import").exists(),
        "the staging folder is cleaned up"
    );
}

#[test]
fn an_existing_site_gets_missing_sections_and_the_mapping_is_read() {
    let d = Dir::new();
    d.write(
        "content/site.toml",
        "name = \"Herald\"\ntagline = \"t\"\nlocale = \"en-GB\"\ntime_zone = \"Europe/London\"\nbase_url = \"https://new.example.org/\"\n\n[[sections]]\nslug = \"world\"\nname = \"World\"\ndescription = \"\"\n",
    );
    d.write(
        "content/wordpress-sections.toml",
        "default = \"world\"\n[categories]\nnews = \"local\"\n",
    );
    let e = d.write(
        "export.xml",
        &export(&format!(
            "{}{}",
            post(5, "a", "<p>A</p>"),
            post(6, "b", "<p>B</p>").replace(
                "<category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>",
                ""
            )
        )),
    );
    let summary = import(&d.opts(&e)).unwrap();
    assert!(!summary.mapping_proposed);
    assert!(d.path("content/local/a.md").exists() && d.path("content/world/b.md").exists());
    let site = d.read("content/site.toml");
    assert!(site.starts_with("name = \"Herald\""));
    assert!(
        site.contains("[[sections]]\nslug = \"local\"\nname = \"News\""),
        "{site}"
    );
    assert_eq!(site.matches("slug = \"world\"").count(), 1);
    // A mapping naming a section the site cannot have is an error.
    d.write("content/wordpress-sections.toml", "default = \"tag\"\n");
    let errors = import(&d.opts(&e)).unwrap_err();
    assert!(
        errors[0].contains("wordpress-sections.toml") && errors[0].contains("\"tag\""),
        "{errors:?}"
    );
}

/// An export using only what the press reads today imports into sources
/// `check` accepts with no errors.
#[test]
fn an_import_passes_the_press_check() {
    let d = Dir::new();
    let items = [
        post(1, "first", "Hello <em>world</em>.\n\nSecond <a href=\"https://old.example.org/second/\">para</a> &amp; more."),
        post(2, "second", "<!-- wp:heading --><h2>Head</h2><!-- /wp:heading --><!-- wp:list --><ul><li>a</li><li>b</li></ul><!-- /wp:list --><!-- wp:quote --><blockquote><p>Q</p></blockquote><!-- /wp:quote -->"),
        post(3, "third", "1. not a list\n\n- nor this\n\n<p>Snake_case *stars* [brackets] `ticks` &lt;b&gt; | pipe</p>"),
        post(
            4,
            "fourth",
            "<!-- wp:image --><figure class=\"wp-block-image\"><img src=\"https://old.example.org/wp-content/uploads/2021/01/Pic-300x200.png\" class=\"wp-image-50\" alt=\"\"/><figcaption>A <em>picture</em></figcaption></figure><!-- /wp:image -->",
        )
        .replace(
            "</item>",
            "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>50</wp:meta_value></wp:postmeta></item>",
        ),
        r#"<item><title>pic</title><wp:post_id>50</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://old.example.org/wp-content/uploads/2021/01/Pic.png</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2021/01/Pic.png</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>A red square</wp:meta_value></wp:postmeta></item>"#
            .to_string(),
    ];
    let e = d.write("export.xml", &export(&items.concat()));
    let pic = d.path("uploads/2021/01/Pic.png");
    fs::create_dir_all(pic.parent().unwrap()).unwrap();
    fs::write(&pic, png(30, 20)).unwrap();
    let mut opts = d.opts(&e);
    opts.uploads = Some(d.path("uploads"));
    import(&opts).unwrap();
    let fourth = d.read("content/news/fourth.md");
    assert!(
        fourth.contains("[hero]\nsrc = \"fourth-pic.png\"\nalt = \"A red square\"\n"),
        "{fourth}"
    );
    assert!(
        fourth.ends_with("+++\n![A red square](fourth-pic.png \"A picture\")\n"),
        "{fourth}"
    );
    let sources = broadsheet_press::load_sources(&d.path("content")).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(sources.articles.len(), 4);
    assert!(d
        .read("content/news/first.md")
        .contains("Second [para](/news/second) \\& more."));
}

/// The comments file goes through Isso's own importer (`isso import`, the
/// Isso `cargo xtask setup` installs, or `$BROADSHEET_ISSO`): one thread at
/// the article's path, the reply under its parent.
#[test]
fn isso_imports_the_comments() {
    let isso = std::env::var_os("BROADSHEET_ISSO")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/isso/bin/isso"));
    assert!(
        isso.is_file(),
        "no Isso at {}: `cargo xtask setup` installs it (or set BROADSHEET_ISSO)",
        isso.display()
    );
    let d = Dir::new();
    let e = d.write("export.xml", FIXTURE);
    import(&d.opts(&e)).unwrap();
    let db = d.path("comments.db");
    let config = d.write(
        "isso.cfg",
        &format!(
            "[general]\ndbpath = {}\nhost = https://old.example.org/\n",
            db.display()
        ),
    );
    let run = std::process::Command::new(&isso)
        .arg("-c")
        .arg(&config)
        .arg("import")
        .arg(d.path("content/wordpress-comments.xml"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // Isso's own Python reads its database back.
    let python = isso.with_file_name("python3");
    let query = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
                 [print(*r, sep='|') for r in c.execute('select t.uri, c.id, c.parent, c.author, c.text, c.mode \
                 from comments c join threads t on c.tid = t.id order by c.id')]";
    let out = std::process::Command::new(python)
        .args(["-c", query])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "/local-news/harbour-reopens|1|None|Ann|Great <news> & more|1\n/local-news/harbour-reopens|2|1|Bob|Agreed|1\n"
    );
}

/// The command: `--dry-run` lists what it would write and writes nothing;
/// an error exits 1 naming the file; `--help` and `--version` work.
#[test]
fn the_command() {
    let press = env!("CARGO_BIN_EXE_broadsheet-press");
    let d = Dir::new();
    let e = d.write("export.xml", FIXTURE);
    let content = d.path("content");
    let run = |args: &[&str]| std::process::Command::new(press).args(args).output().unwrap();
    let dry = run(&[
        "import",
        "wordpress",
        e.to_str().unwrap(),
        "--content",
        content.to_str().unwrap(),
        "--dry-run",
    ]);
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(stdout.contains("2 article(s) would be written to"), "{stdout}");
    assert!(stdout.contains("local-news/harbour-reopens.md"), "{stdout}");
    assert!(stdout.contains("report: post 11"), "{stdout}");
    assert!(!content.exists());
    let empty = d.write("empty.xml", "");
    let failed = run(&[
        "import",
        "wordpress",
        empty.to_str().unwrap(),
        "--content",
        content.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("empty.xml: the file is empty (0 bytes)"));
    let real = run(&[
        "import",
        "wordpress",
        e.to_str().unwrap(),
        "--content",
        content.to_str().unwrap(),
    ]);
    assert!(real.status.success());
    assert!(content.join("sport/match-report.md").is_file());
    let help = run(&["import", "wordpress", "--help"]);
    assert!(help.status.success());
    for option in ["--content", "--uploads", "--force", "--dry-run"] {
        assert!(String::from_utf8_lossy(&help.stdout).contains(option), "{option}");
    }
    let version = run(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("broadsheet-press {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run(&["build", "--bogus"]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
}

/// Hostile or broken bodies never stop an import, and nothing in them
/// reaches the article as HTML.
#[test]
fn broken_bodies_never_crash() {
    // Nested far deeper than any post, as a hostile export might be.
    let deep = "<div><blockquote><span>".repeat(1_000) + "deep text";
    let nasty = [
        "<p>unclosed <em><strong>tags",
        "[caption id=\"x\"]no end",
        "[",
        "[/caption]",
        "[[[[",
        "<pre>never closed\n\nstill code",
        "<table><tr><td>cell<table><tr><td>inner</td></tr></table>",
        "<ul><li><ul><li><ul><li>deep</ul>",
        "<!-- wp:paragraph --><p>half a block",
        "<img src=\"\">",
        "<a href=\"\">empty</a><a>no href</a>",
        "<script>document.write('<p>x</p>')</script>",
        "%e6%9d%b1 % %zz é",
        "\u{0}\u{1} control",
        "<<<>>>&&&;;;",
        "<svg><script>alert(1)</script></svg><math><mi>x</mi></math>",
        "<div><p>a<div>b</p>c</div>",
        "[gallery ids=\"\"][embed][/embed][caption][/caption]",
        deep.as_str(),
    ];
    let items: Vec<String> = nasty
        .iter()
        .enumerate()
        .map(|(i, body)| post(i as u32 + 1, &format!("p{i}"), body))
        .collect();
    let protected = post(90, "secret", "<p>For friends</p>").replace(
        "</wp:status>",
        "</wp:status><wp:post_password>pw</wp:post_password>",
    );
    let d = Dir::new();
    let e = d.write("export.xml", &export(&format!("{}{protected}", items.concat())));
    // Broken on purpose: by default each is an error (tests/wordpress_bad_input.rs).
    assert!(import(&d.opts(&e)).is_err());
    let mut opts = d.opts(&e);
    opts.lenient = true;
    let summary = import(&opts).unwrap();
    assert_eq!(summary.articles, nasty.len());
    assert_eq!(summary.skipped.protected, 1);
    assert!(!d.path("content/news/secret.md").exists());
    for i in 0..nasty.len() {
        let text = d.read(&format!("content/news/p{i}.md"));
        let body = text.splitn(3, "+++\n").nth(2).unwrap();
        assert!(
            !body.contains("<p") && !body.contains("<script") && !body.contains("alert"),
            "{i}: {body}"
        );
    }
}

/// An import interrupted before its end leaves only its staging folder
/// beside the content folder, never part of the content; the next run
/// clears it and none of it reaches the content.
#[test]
fn a_staging_folder_left_by_an_interrupted_run_is_cleared() {
    let d = Dir::new();
    d.write(
        ".content.wordpress-import/news/half-written.md",
        "+++\nheadline = \"half",
    );
    d.write("content/keep/mine.md", "mine");
    let e = d.write("export.xml", &export(&post(5, "p", "<p>A</p>")));
    import(&d.opts(&e)).unwrap();
    assert!(!d.path(".content.wordpress-import").exists());
    assert!(!d.path("content/news/half-written.md").exists());
    assert_eq!(d.read("content/keep/mine.md"), "mine");
    assert!(d.path("content/news/p.md").exists());
}
