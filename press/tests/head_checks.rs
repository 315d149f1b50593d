//! The warnings for what Google's guidelines reject (`head::guideline_warnings`),
//! and how `check` and `build` print them without failing.

mod common;

use broadsheet_press::head::{guideline_warnings, Warning};
use common::{with_hero, Fixture};
use std::process::Command;

/// Every warning as `file:line: message`, the file relative to the content folder.
fn warnings(f: &Fixture) -> Vec<String> {
    let sources = broadsheet_press::load_sources(&f.content()).expect("valid sources");
    let root = format!("{}/", f.content().display());
    guideline_warnings(&f.content(), &sources)
        .iter()
        .map(|w| w.to_string().replace(&root, ""))
        .collect()
}

fn for_file<'a>(all: &'a [String], file: &str) -> Vec<&'a str> {
    all.iter()
        .filter(|w| w.starts_with(&format!("{file}:")))
        .map(String::as_str)
        .collect()
}

#[test]
fn an_article_without_a_hero_is_warned_about_at_line_1() {
    let f = Fixture::new();
    let all = warnings(&f);
    // The fixture's five articles have no hero.
    assert_eq!(all.len(), 5, "{all:#?}");
    assert_eq!(
        for_file(&all, "world/first.md"),
        [
            "world/first.md:1: no hero image: link previews and search results show no picture \
          (add [hero], at least 1200 px wide)"
        ]
    );
}

#[test]
fn a_good_hero_and_headline_give_no_warning() {
    let f = Fixture::new();
    with_hero(&f, "good", "A headline of ordinary length", 1200, 675);
    // A standfirst over 160 characters is fine.
    let long = "word ".repeat(60);
    f.write(
        "content/world/long-standfirst.md",
        &common::article("Fine", "2024-02-02T09:00:00Z", &[], "Body.\n")
            .replace("What happened.", long.trim()),
    );
    let all = warnings(&f);
    assert!(for_file(&all, "world/good.md").is_empty(), "{all:#?}");
    assert_eq!(for_file(&all, "world/long-standfirst.md").len(), 1, "{all:#?}");
    assert!(for_file(&all, "world/long-standfirst.md")[0].contains("no hero image"));
}

#[test]
fn a_headline_over_110_characters_is_warned_about_at_its_line() {
    let f = Fixture::new();
    let long = "x".repeat(111);
    with_hero(&f, "long", &long, 1600, 900);
    // 110 characters (not bytes) is still fine.
    with_hero(&f, "just-fits", &"é".repeat(110), 1600, 900);
    let all = warnings(&f);
    assert_eq!(
        for_file(&all, "world/long.md"),
        ["world/long.md:2: the headline is 111 characters: Google's limit for a news article's headline is 110"]
    );
    assert!(for_file(&all, "world/just-fits.md").is_empty(), "{all:#?}");
}

#[test]
fn a_narrow_hero_is_warned_about_at_its_table() {
    let f = Fixture::new();
    with_hero(&f, "narrow", "Narrow", 800, 450);
    with_hero(&f, "tiny", "Tiny", 200, 100);
    with_hero(&f, "flat", "Flat", 1200, 100);
    let all = warnings(&f);
    assert_eq!(
        for_file(&all, "world/narrow.md"),
        ["world/narrow.md:7: the hero image is 800×450 px: Google wants at least 1200 px wide for large previews"]
    );
    assert_eq!(
        for_file(&all, "world/tiny.md"),
        [
            "world/tiny.md:7: the hero image is 200×100 px: Google wants at least 1200 px wide for large \
          previews (under 300×157 px, link previews show no large card)"
        ]
    );
    assert_eq!(
        for_file(&all, "world/flat.md"),
        ["world/flat.md:7: the hero image is 1200×100 px: link previews need at least 300×157 px for a large card"]
    );
}

#[test]
fn an_inline_hero_table_is_found_too() {
    let f = Fixture::new();
    f.write(
        "content/world/inline.md",
        "+++\nstandfirst = \"What happened.\"\nauthors = [\"A. Writer\"]\n\
         published = \"2024-02-01T09:00:00Z\"\nhero = { src = \"inline.svg\", alt = \"A picture.\", width = 640, height = 360 }\n\
         headline = \"Inline\"\n+++\nBody.\n",
    );
    f.write(
        "content/world/inline.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>",
    );
    let all = warnings(&f);
    assert_eq!(for_file(&all, "world/inline.md").len(), 1, "{all:#?}");
    assert!(
        for_file(&all, "world/inline.md")[0].starts_with("world/inline.md:5: the hero image is 640×360 px")
    );
}

#[test]
fn warnings_print_as_file_and_line() {
    let w = Warning {
        file: "content/world/a.md".into(),
        line: 3,
        message: "m".into(),
    };
    assert_eq!(w.to_string(), "content/world/a.md:3: m");
}

#[test]
fn check_and_build_print_warnings_and_succeed() {
    let f = Fixture::new();
    with_hero(&f, "narrow", "Narrow", 800, 450);
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_broadsheet-press"))
            .args(args)
            .arg("--content")
            .arg(f.content())
            .env_remove("TRUNK_STAGING_DIR")
            // The search index's cache in the fixture, not under press/.
            .env("BROADSHEET_PRESS_CACHE", f.path("cache"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let narrow = format!(
        "warning: {}:7: the hero image is 800×450 px",
        f.content().join("world/narrow.md").display()
    );
    let out = f.out();
    for stderr in [run(&["check"]), run(&["build", "--out", out.to_str().unwrap()])] {
        assert!(stderr.contains(&narrow), "{stderr}");
        assert_eq!(stderr.matches("warning: ").count(), 6, "{stderr}");
        assert!(stderr.contains("broadsheet-press: 6 warning(s)"), "{stderr}");
    }
    assert!(out.join("content/site.json").exists());
}
