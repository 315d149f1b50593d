//! Each kind of source error, with its file and line; all of them in one run;
//! and a failed build leaves the output as it was.

mod common;

use common::{article, snapshot, Fixture};
use std::process::Command;

/// Writes `content/world/bad.md` and returns the build's errors.
fn errors_for(text: &str) -> Vec<String> {
    let f = Fixture::new();
    f.write("content/world/bad.md", text);
    f.errors()
}

fn assert_one(errors: &[String], expected_start: &str, expected_text: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(expected_start) && e.contains(expected_text)),
        "no error starting {expected_start:?} containing {expected_text:?} in {errors:#?}"
    );
}

const GOOD_FRONT: &str =
    "+++\nheadline = \"H\"\nstandfirst = \"S\"\nauthors = [\"A\"]\npublished = \"2024-01-01T00:00:00Z\"\n";

#[test]
fn missing_fields_are_each_reported() {
    let errors = errors_for("+++\nstandfirst = \"S\"\npublished = \"2024-01-01T00:00:00Z\"\n+++\nText.\n");
    assert_one(&errors, "content/world/bad.md:1:", "`headline` is missing");
    assert_one(&errors, "content/world/bad.md:1:", "`authors` is missing");
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[test]
fn malformed_fields_name_their_line() {
    let text = "+++\nheadline = 12\nstandfirst = \"\"\nauthors = \"A\"\npublished = \"2024-01-01T00:00:00Z\"\ntags = [\"ok\", 3]\n+++\nText.\n";
    let errors = errors_for(text);
    assert_one(
        &errors,
        "content/world/bad.md:2:",
        "`headline` must be text, not integer",
    );
    assert_one(&errors, "content/world/bad.md:3:", "`standfirst` is empty");
    assert_one(
        &errors,
        "content/world/bad.md:4:",
        "`authors` must be a list of texts",
    );
    assert_one(
        &errors,
        "content/world/bad.md:6:",
        "`tags` must be a list of non-empty texts",
    );
}

#[test]
fn unknown_fields_are_errors_at_their_line() {
    let errors = errors_for(&format!("{GOOD_FRONT}autor = \"typo\"\n+++\nText.\n"));
    assert_one(&errors, "content/world/bad.md:6:", "unknown field `autor`");
}

#[test]
fn toml_syntax_errors_name_the_line() {
    let errors =
        errors_for("+++\nheadline = \"H\"\nstandfirst = \"unclosed\nauthors = [\"A\"]\n+++\nText.\n");
    assert_one(&errors, "content/world/bad.md:3:", "");
}

#[test]
fn front_matter_must_be_there_and_closed() {
    assert_one(
        &errors_for("Just text.\n"),
        "content/world/bad.md:1:",
        "TOML front matter",
    );
    assert_one(
        &errors_for("+++\nheadline = \"H\"\n"),
        "content/world/bad.md:1:",
        "not closed",
    );
}

#[test]
fn bad_dates_name_their_line() {
    let text = "+++\nheadline = \"H\"\nstandfirst = \"S\"\nauthors = [\"A\"]\npublished = \"11 July 2024\"\n+++\nText.\n";
    assert_one(&errors_for(text), "content/world/bad.md:5:", "RFC 3339");
    let no_offset = text.replace("11 July 2024", "2024-07-11T07:00:00");
    assert_one(&errors_for(&no_offset), "content/world/bad.md:5:", "RFC 3339");
    let impossible = text.replace("11 July 2024", "2024-02-30T07:00:00Z");
    assert_one(&errors_for(&impossible), "content/world/bad.md:5:", "RFC 3339");
    let early = format!("{GOOD_FRONT}updated = \"2023-12-31T00:00:00Z\"\n+++\nText.\n");
    assert_one(
        &errors_for(&early),
        "content/world/bad.md:6:",
        "`updated` is before `published`",
    );
}

#[test]
fn toml_date_times_are_accepted() {
    let f = Fixture::new();
    let text = "+++\nheadline = \"H\"\nstandfirst = \"S\"\nauthors = [\"A\"]\npublished = 2024-07-11T07:00:00Z\n+++\nText.\n";
    f.write("content/world/toml-date.md", text);
    f.build().unwrap();
    assert_eq!(
        f.json("content/articles/world/toml-date.json")["published"],
        "2024-07-11T07:00:00Z"
    );
}

#[test]
fn images_need_alt_text() {
    let f = Fixture::new();
    f.write("content/world/kite.svg", "<svg width=\"40\" height=\"30\"></svg>");
    let hero = format!("{GOOD_FRONT}[hero]\nsrc = \"kite.svg\"\n+++\nText.\n");
    f.write("content/world/bad.md", &hero);
    assert_one(&f.errors(), "content/world/bad.md:6:", "needs alt text");
    let empty = format!("{GOOD_FRONT}[hero]\nsrc = \"kite.svg\"\nalt = \" \"\n+++\nText.\n");
    f.write("content/world/bad.md", &empty);
    assert_one(&f.errors(), "content/world/bad.md:8:", "`alt` is empty");
    let body = format!("{GOOD_FRONT}+++\nText.\n\n![](kite.svg)\n");
    f.write("content/world/bad.md", &body);
    assert_one(&f.errors(), "content/world/bad.md:9:", "needs alt text");
}

#[test]
fn images_must_exist_beside_the_article() {
    let hero = format!("{GOOD_FRONT}[hero]\nsrc = \"missing.png\"\nalt = \"A kite\"\n+++\nText.\n");
    assert_one(
        &errors_for(&hero),
        "content/world/bad.md:7:",
        "missing.png does not exist",
    );
    let outside = format!("{GOOD_FRONT}+++\nText.\n\n![A kite](../sport/kite.png)\n");
    assert_one(
        &errors_for(&outside),
        "content/world/bad.md:9:",
        "beside the article",
    );
}

#[test]
fn image_sizes_are_read_from_the_file() {
    let f = Fixture::new();
    f.write("content/world/kite.svg", "<svg viewBox=\"0 0 40 30\"></svg>");
    let text = format!(
        "{GOOD_FRONT}[hero]\nsrc = \"kite.svg\"\nalt = \"A kite\"\n+++\nText.\n\n![A red kite](kite.svg \"Over the moor\")\n"
    );
    f.write("content/world/kite-day.md", &text);
    f.build().unwrap();
    let a = f.json("content/articles/world/kite-day.json");
    assert_eq!(a["hero"]["src"], "/media/world/kite.svg");
    assert_eq!(
        (a["hero"]["width"].as_u64(), a["hero"]["height"].as_u64()),
        (Some(40), Some(30))
    );
    let article: broadsheet_model::Article =
        broadsheet_model::decode("a", &f.read("content/articles/world/kite-day.json")).unwrap();
    let broadsheet_model::Block::Image { image } = &article.body[1] else {
        panic!("{:?}", article.body)
    };
    assert_eq!(image.src, "/media/world/kite.svg");
    assert_eq!(image.caption.as_deref(), Some("Over the moor"));
    assert_eq!((image.width, image.height), (40, 30));
    assert!(f.out().join("media/world/kite.svg").is_file());
}

#[test]
fn raw_html_is_an_error_at_its_line() {
    let text = format!("{GOOD_FRONT}+++\nFine.\n\n<script>alert(1)</script>\n\nAnd <b>inline</b>.\n");
    let errors = errors_for(&text);
    assert_one(&errors, "content/world/bad.md:9:", "raw HTML is not allowed");
    assert_one(&errors, "content/world/bad.md:11:", "raw HTML is not allowed");
}

#[test]
fn unsafe_links_and_level_one_headings_are_errors() {
    let text = format!("{GOOD_FRONT}+++\n# Title\n\n[x](javascript:alert(1))\n");
    let errors = errors_for(&text);
    assert_one(&errors, "content/world/bad.md:7:", "use ## for headings");
    assert_one(
        &errors,
        "content/world/bad.md:9:",
        "must be http(s) or site-relative",
    );
}

#[test]
fn internal_links_must_reach_an_article() {
    let text = format!(
        "{GOOD_FRONT}+++\nSee [this](/world/first) and\n[that](/world/nowhere).\n\nAlso [here](/opinion/x), [there](/opinion) and [ok](/sport?page=2), [feed](/feed.xml).\n"
    );
    let errors = errors_for(&text);
    assert_one(
        &errors,
        "content/world/bad.md:8:",
        "link to /world/nowhere: there is no article",
    );
    assert_one(
        &errors,
        "content/world/bad.md:10:",
        "link to /opinion/x: there is no section",
    );
    assert_one(
        &errors,
        "content/world/bad.md:10:",
        "link to /opinion: there is no section",
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn slugs_are_unique_across_sections() {
    let f = Fixture::new();
    f.write(
        "content/sport/first.md",
        &article("Also first", "2024-01-05T00:00:00Z", &[], "Text.\n"),
    );
    assert_one(
        &f.errors(),
        "content/sport/first.md:1:",
        "slug \"first\" is already used by",
    );
}

#[test]
fn file_names_must_be_slugs() {
    let f = Fixture::new();
    f.write(
        "content/world/Big News.md",
        &article("Big", "2024-01-05T00:00:00Z", &[], "Text.\n"),
    );
    assert_one(&f.errors(), "content/world/Big News.md:1:", "is not a slug");
}

#[test]
fn folders_that_are_no_section_are_errors() {
    let f = Fixture::new();
    f.write(
        "content/opinion/view.md",
        &article("View", "2024-01-05T00:00:00Z", &[], "Text.\n"),
    );
    f.write(
        "content/stray.md",
        &article("Stray", "2024-01-05T00:00:00Z", &[], "Text.\n"),
    );
    let errors = f.errors();
    assert_one(
        &errors,
        "content/opinion/view.md:1:",
        "folder \"opinion\" (1 article(s)) is not a section",
    );
    assert_one(&errors, "content/stray.md:1:", "lives in its section's folder");
}

#[test]
fn section_front_matter_must_match_the_folder() {
    let text = format!("{GOOD_FRONT}section = \"sport\"\n+++\nText.\n");
    assert_one(
        &errors_for(&text),
        "content/world/bad.md:6:",
        "the folder decides",
    );
}

#[test]
fn section_slugs_cannot_take_the_sites_own_paths() {
    for reserved in [
        "content", "media", "feeds", "assets", "page", "sitemap", "robots", "404",
    ] {
        let f = Fixture::new();
        f.write(
            "content/site.toml",
            &common::SITE.replace("slug = \"sport\"", &format!("slug = \"{reserved}\"")),
        );
        let errors = f.errors();
        assert_one(&errors, "content/site.toml:14:", "is taken by the site itself");
    }
}

#[test]
fn site_settings_are_checked_with_lines() {
    let f = Fixture::new();
    let broken = common::SITE
        .replace(
            "base_url = \"https://times.example.org/news\"",
            "base_url = \"times.example.org\"",
        )
        .replace("page_size = 2", "page_size = 0")
        .replace("slug = \"sport\"", "slug = \"Sport News\"");
    f.write("content/site.toml", &broken);
    let errors = f.errors();
    assert_one(&errors, "content/site.toml:5:", "absolute http(s) address");
    assert_one(
        &errors,
        "content/site.toml:6:",
        "page_size must be between 1 and 1000",
    );
    assert_one(&errors, "content/site.toml:14:", "must be lowercase letters");
    let f = Fixture::new();
    f.write(
        "content/site.toml",
        &common::SITE.replace("slug = \"sport\"", "slug = \"world\""),
    );
    assert_one(&f.errors(), "content/site.toml:14:", "listed twice");
    let f = Fixture::new();
    f.write(
        "content/site.toml",
        &common::SITE.replace("base_url", "# base_url"),
    );
    assert_one(&f.errors(), "content/site.toml:1:", "base_url is missing");
}

#[test]
fn comment_settings_are_checked_with_lines() {
    let f = Fixture::new();
    let lines = common::SITE.lines().count();
    f.write(
        "content/site.toml",
        &format!(
            "{}\n[comments]\nservice = \"disqus\"\nendpoint = \"comments\"\n",
            common::SITE
        ),
    );
    let errors = f.errors();
    let at = |n: usize| format!("content/site.toml:{}:", lines + n);
    assert_one(&errors, &at(3), "the only one is \"isso\"");
    assert_one(&errors, &at(4), "a path on this site like /comments");
}

#[test]
fn every_error_is_reported_in_one_run_sorted_by_file_and_line() {
    let f = Fixture::new();
    f.write("content/world/a-bad.md", "+++\nheadline = \"H\"\n+++\nText.\n");
    f.write(
        "content/world/b-bad.md",
        &format!("{GOOD_FRONT}+++\n<div>x</div>\n\n[gone](/world/gone)\n"),
    );
    f.write(
        "content/sport/c-bad.md",
        &format!("{GOOD_FRONT}colour = \"red\"\n+++\nText.\n"),
    );
    let errors = f.errors();
    assert_one(&errors, "content/sport/c-bad.md:6:", "unknown field `colour`");
    assert_one(&errors, "content/world/a-bad.md:1:", "`standfirst` is missing");
    assert_one(&errors, "content/world/a-bad.md:1:", "`authors` is missing");
    assert_one(&errors, "content/world/a-bad.md:1:", "`published` is missing");
    assert_one(&errors, "content/world/b-bad.md:7:", "raw HTML");
    assert_one(&errors, "content/world/b-bad.md:9:", "link to /world/gone");
    assert_eq!(errors.len(), 6, "{errors:#?}");
    let mut sorted = errors.clone();
    sorted.sort_by_key(|e| {
        let mut parts = e.splitn(3, ':');
        (
            parts.next().unwrap().to_string(),
            parts.next().unwrap().parse::<usize>().unwrap(),
        )
    });
    assert_eq!(errors, sorted);
}

#[test]
fn a_failed_build_changes_nothing_in_the_output() {
    let f = Fixture::new();
    f.build().unwrap();
    // Things beside the build's own files (the app) stay too.
    f.write("out/index.html", "<!doctype html>");
    let before = snapshot(&f.out());
    assert!(before.contains_key("content/front.json") && before.contains_key("sitemap.xml"));
    f.write("content/world/first.md", "+++\nheadline = \"Broken\n+++\n");
    f.write(
        "content/world/new.md",
        &article("New", "2025-01-01T00:00:00Z", &[], "Text.\n"),
    );
    assert!(f.build().is_err());
    assert_eq!(snapshot(&f.out()), before);
}

#[test]
fn a_rebuild_replaces_every_file_and_drops_removed_articles() {
    let f = Fixture::new();
    f.build().unwrap();
    assert!(f.out().join("content/articles/world/third.json").is_file());
    f.remove("content/world/third.md");
    f.build().unwrap();
    assert!(!f.out().join("content/articles/world/third.json").exists());
    assert!(!f.read("sitemap.xml").contains("third"));
    // No staging or old folders are left behind.
    let names: Vec<String> = std::fs::read_dir(f.out())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn the_command_exits_non_zero_with_file_and_line() {
    let f = Fixture::new();
    f.write("content/world/bad.md", &format!("{GOOD_FRONT}+++\n<p>x</p>\n"));
    let output = Command::new(env!("CARGO_BIN_EXE_broadsheet-press"))
        .args(["build", "--content"])
        .arg(f.content())
        .arg("--out")
        .arg(f.out())
        .env("BROADSHEET_PRESS_CACHE", f.path("cache"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.md:7: raw HTML"), "{stderr}");
    assert!(stderr.contains("1 error(s); nothing was written"), "{stderr}");
    assert!(!f.out().exists());
}
