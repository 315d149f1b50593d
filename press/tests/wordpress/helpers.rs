//! What the import tests share: small exports and a temporary folder.

#![allow(dead_code)]

use broadsheet_press::wordpress::{import, Options};
use std::fs;
use std::path::{Path, PathBuf};

pub const FIXTURE: &str = include_str!("export.xml");

/// A WXR export around `items`.
pub fn export(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Gazette</title><link>https://old.example.org</link><description>Old news</description><language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>jdoe</wp:author_login><wp:author_display_name>Jane Doe</wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>news</wp:category_nicename><wp:cat_name>News</wp:cat_name></wp:category>
{items}
</channel>
</rss>
"#
    )
}

/// A published post in category `news` with `content` as its body.
pub fn post(id: u32, slug: &str, content: &str) -> String {
    format!(
        r#"<item><title>Post {id}</title><link>https://old.example.org/{slug}/</link><dc:creator>jdoe</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[Summary {id}.]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2021-01-0{d} 10:00:00</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="news"><![CDATA[News]]></category></item>"#,
        d = id % 9 + 1
    )
}

/// The start of a PNG of `w` × `h`: enough for the press to read its size.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    out.extend(w.to_be_bytes());
    out.extend(h.to_be_bytes());
    out.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    out
}

pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
        p
    }
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    pub fn opts(&self, export: &Path) -> Options {
        Options {
            export: export.to_path_buf(),
            content: self.path("content"),
            ..Options::default()
        }
    }
}

/// Every file under `dir`, with its contents.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(snapshot(&p));
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Imports one post with `content` (`--lenient`: bad input is reported,
/// not an error) and returns its Markdown body and the report.
pub fn body_of(content: &str) -> (String, String) {
    let d = Dir::new();
    let e = d.write("export.xml", &export(&post(5, "p", content)));
    let mut opts = d.opts(&e);
    opts.lenient = true;
    import(&opts).unwrap();
    let text = d.read("content/news/p.md");
    let body = text.splitn(3, "+++\n").nth(2).unwrap().to_string();
    (body, d.read("content/wordpress-import-report.txt"))
}
