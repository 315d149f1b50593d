//! A small publication in a temporary folder, to build and to break.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub const SITE: &str = r#"name = "The Test Times"
tagline = "Fish & chips <daily>"
locale = "en-GB"
time_zone = "Europe/London"
base_url = "https://times.example.org/news"
page_size = 2

[[sections]]
slug = "world"
name = "World"
description = "Far away"

[[sections]]
slug = "sport"
name = "Sport"
description = "Games"
"#;

/// A valid article; `extra` goes at the end of the front matter, `body` after it.
pub fn article(headline: &str, published: &str, tags: &[&str], body: &str) -> String {
    let tags: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
    format!(
        "+++\nheadline = {headline:?}\nstandfirst = \"What happened.\"\nauthors = [\"A. Writer\"]\n\
         published = \"{published}\"\ntags = [{}]\n+++\n{body}",
        tags.join(", ")
    )
}

/// A World article with a hero of `width`×`height` (the picture is an SVG
/// beside it), published on 2024-02-01: newer than the fixture's others.
pub fn with_hero(f: &Fixture, slug: &str, headline: &str, width: u32, height: u32) {
    f.write(
        &format!("content/world/{slug}.md"),
        &format!(
            "+++\nheadline = {headline:?}\nstandfirst = \"What happened.\"\nauthors = [\"A. Writer\"]\n\
             published = \"2024-02-01T09:00:00Z\"\n\n[hero]\nsrc = \"{slug}.svg\"\nalt = \"A picture.\"\n\
             width = {width}\nheight = {height}\n+++\nBody.\n"
        ),
    );
    f.write(
        &format!("content/world/{slug}.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"/>",
    );
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// The test site with three World and two Sport articles.
    pub fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        f.write("content/site.toml", SITE);
        f.write(
            "content/world/first.md",
            &article("First", "2024-01-01T09:00:00Z", &["a", "b"], "One.\n"),
        );
        f.write(
            "content/world/second.md",
            &article(
                "Second",
                "2024-01-02T09:00:00Z",
                &["a"],
                "Two, after [the first](/world/first).\n",
            ),
        );
        f.write(
            "content/world/third.md",
            &article("Third", "2024-01-03T09:00:00Z", &["b", "c"], "Three.\n"),
        );
        f.write(
            "content/sport/match.md",
            &article("Match", "2024-01-02T12:00:00Z", &["a"], "Goal.\n"),
        );
        f.write(
            "content/sport/race.md",
            &article("Race", "2024-01-04T12:00:00+01:00", &[], "Won.\n"),
        );
        f
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn content(&self) -> PathBuf {
        self.path("content")
    }

    pub fn out(&self) -> PathBuf {
        self.path("out")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    pub fn build(&self) -> Result<broadsheet_press::Report, Vec<broadsheet_press::SourceError>> {
        broadsheet_press::build(&self.content(), &self.out())
    }

    /// The build's errors, one a line, with paths relative to the fixture.
    pub fn errors(&self) -> Vec<String> {
        let errors = self.build().expect_err("the build should fail");
        let root = format!("{}/", self.dir.path().display());
        errors.iter().map(|e| e.to_string().replace(&root, "")).collect()
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn json(&self, rel: &str) -> serde_json::Value {
        serde_json::from_str(&self.read(rel)).unwrap()
    }
}

/// HTML text back to the text it escapes (the five entities the press writes).
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The repository's sample publication.
pub fn sample_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}
