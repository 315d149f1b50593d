//! `import wordpress`: broken HTML, an attachment not in the export and an
//! author missing from the header are errors naming the export, the line
//! and the post, and nothing is written; with `--lenient` the import goes
//! on and each is in the report.

#[path = "wordpress/helpers.rs"]
mod helpers;

use broadsheet_press::wordpress::import;
use helpers::*;

/// The line of the first `<item>` in `text`, 1-based.
fn item_line(text: &str) -> usize {
    text.lines().position(|l| l.contains("<item>")).unwrap() + 1
}

/// Fails by default with `expected` at the item's place, writing nothing;
/// imports with `--lenient`, the report saying `reported`.
fn strict_then_lenient(item: &str, expected: &str, reported: &str) {
    let d = Dir::new();
    let text = export(item);
    let line = item_line(&text);
    let e = d.write("export.xml", &text);
    d.write("content/site.toml", "name = \"x\"\n");
    let before = snapshot(&d.path("content"));
    let errors = import(&d.opts(&e)).unwrap_err();
    let place = format!("export.xml:{line}: post 5 \"Post 5\": ");
    assert!(
        errors.iter().any(|e| e.contains(&place) && e.contains(expected)),
        "{errors:?} should say {place}{expected}"
    );
    let last = errors.last().unwrap();
    assert!(
        last.contains("problem(s)") && last.contains("--lenient"),
        "{last}"
    );
    assert_eq!(snapshot(&d.path("content")), before, "nothing written");
    assert!(
        !d.path(".content.wordpress-import").exists(),
        "no staging folder left"
    );

    // A dry run says the same.
    let mut dry = d.opts(&e);
    dry.dry_run = true;
    let dry_errors = import(&dry).unwrap_err();
    assert_eq!(dry_errors, errors);
    assert_eq!(snapshot(&d.path("content")), before);

    let mut lenient = d.opts(&e);
    lenient.lenient = true;
    import(&lenient).unwrap();
    assert!(d.path("content/news/p.md").exists());
    let report = d.read("content/wordpress-import-report.txt");
    assert!(report.contains(reported), "{reported:?} not in\n{report}");
}

#[test]
fn broken_html_is_an_error_unless_lenient() {
    strict_then_lenient(
        &post(5, "p", "<p>Open <b>bold <i>both</b> italic</i></p>"),
        "the HTML was broken and was repaired by the HTML parser",
        "the HTML was broken and was repaired",
    );
}

#[test]
fn an_attachment_pointing_nowhere_is_an_error_unless_lenient() {
    strict_then_lenient(
        &post(5, "p", "<p>A</p>[gallery ids=\"99\"]"),
        "attachment 99 is not in the export",
        "attachment 99 is not in the export",
    );
}

#[test]
fn a_missing_featured_image_is_an_error_unless_lenient() {
    let item = post(5, "p", "<p>A</p>").replace(
        "</item>",
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>77</wp:meta_value></wp:postmeta></item>",
    );
    strict_then_lenient(
        &item,
        "featured image: attachment 77 is not in the export",
        "featured image: attachment 77 is not in the export",
    );
}

#[test]
fn an_author_missing_from_the_header_is_an_error_unless_lenient() {
    let item =
        post(5, "p", "<p>A</p>").replace("<dc:creator>jdoe</dc:creator>", "<dc:creator>ghost</dc:creator>");
    strict_then_lenient(
        &item,
        "author \"ghost\" is not in the export's header",
        "author \"ghost\" is not in the export's header",
    );
    // The lenient import's byline is the login, and the report names the item's line.
    let d = Dir::new();
    let e = d.write("export.xml", &export(&item));
    let mut opts = d.opts(&e);
    opts.lenient = true;
    import(&opts).unwrap();
    assert!(d.read("content/news/p.md").contains("authors = [\"ghost\"]"));
    let report = d.read("content/wordpress-import-report.txt");
    assert!(report.contains("export.xml:10"), "the item's line: {report}");
}

#[test]
fn every_problem_is_listed_in_one_run() {
    let d = Dir::new();
    let items = [
        post(5, "a", "<p>x</p>[gallery ids=\"98\"]"),
        post(6, "b", "<p><b>x <i>y</b></i></p>"),
        post(7, "c", "<p>x</p>").replace("jdoe", "ghost"),
    ]
    .join("\n");
    let e = d.write("export.xml", &export(&items));
    let errors = import(&d.opts(&e)).unwrap_err();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(
        errors[0].contains("post 5") && errors[0].contains("attachment 98"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("post 6") && errors[1].contains("HTML was broken"),
        "{errors:?}"
    );
    assert!(
        errors[2].contains("post 7") && errors[2].contains("\"ghost\""),
        "{errors:?}"
    );
    assert!(errors[3].starts_with("3 problem(s)"), "{errors:?}");
    assert!(!d.path("content").exists());
}

#[test]
fn the_command_fails_with_exit_code_1_and_lenient_imports() {
    let d = Dir::new();
    let e = d.write(
        "export.xml",
        &export(&post(5, "p", "<p>A</p>[gallery ids=\"99\"]")),
    );
    let bin = env!("CARGO_BIN_EXE_broadsheet-press");
    let run = |extra: &[&str]| {
        std::process::Command::new(bin)
            .args(["import", "wordpress"])
            .arg(&e)
            .arg("--content")
            .arg(d.path("content"))
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("attachment 99 is not in the export"), "{err}");
    assert!(err.contains("--lenient"), "{err}");
    assert!(!d.path("content").exists());
    let out = run(&["--lenient"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(d
        .read("content/wordpress-import-report.txt")
        .contains("attachment 99"));
}
