//! The approved comments, for Isso: `wordpress-comments.xml`, a WXR that
//! `isso import` reads (its `migrate.WordPress`: each `<item>`'s `<link>`
//! path is the thread, `<title>` its title, and each `<wp:comment>` needs
//! every field below, with `comment_id` and `comment_parent` for threads).
//! Written as the import goes, a thread at a time.

use super::wxr::Comment;
use quick_xml::escape::escape;
use std::fmt::Write as _;

/// One article's approved comments.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    /// The article's new address: the site's base URL + `section/slug`.
    pub link: String,
    pub title: String,
    pub comments: Vec<Comment>,
}

impl Thread {
    /// The thread of an item's comments: only approved ones, no pingbacks;
    /// `None` when none is left.
    pub fn approved(link: String, title: String, comments: &[Comment]) -> Option<Thread> {
        let comments: Vec<Comment> = comments
            .iter()
            .filter(|c| c.approved == "1" && !matches!(c.kind.as_str(), "pingback" | "trackback"))
            .cloned()
            .collect();
        (!comments.is_empty()).then_some(Thread {
            link,
            title,
            comments,
        })
    }
}

pub const HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!-- The approved comments of a WordPress export, for `isso import` (docs/import.md). -->\n\
<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n";

pub const FOOTER: &str = "</channel>\n</rss>\n";

/// A thread as an `<item>`.
pub fn item(thread: &Thread) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<item>");
    let _ = writeln!(out, "  <title>{}</title>", escape(thread.title.as_str()));
    let _ = writeln!(out, "  <link>{}</link>", escape(thread.link.as_str()));
    for c in &thread.comments {
        let field = |out: &mut String, name: &str, value: &str| {
            let _ = writeln!(out, "    <wp:{name}>{}</wp:{name}>", escape(value));
        };
        let _ = writeln!(out, "  <wp:comment>");
        field(&mut out, "comment_id", &c.id);
        field(&mut out, "comment_author", &c.author);
        field(&mut out, "comment_author_email", &c.email);
        field(&mut out, "comment_author_url", &c.url);
        field(&mut out, "comment_author_IP", &c.ip);
        field(&mut out, "comment_date_gmt", &c.date_gmt);
        field(&mut out, "comment_content", &c.content);
        field(&mut out, "comment_approved", &c.approved);
        field(
            &mut out,
            "comment_parent",
            if c.parent.trim().is_empty() {
                "0"
            } else {
                &c.parent
            },
        );
        let _ = writeln!(out, "  </wp:comment>");
    }
    let _ = writeln!(out, "</item>");
    out
}

/// The whole file for `threads`.
pub fn document(threads: &[Thread]) -> String {
    let mut out = HEADER.to_string();
    for t in threads {
        out.push_str(&item(t));
    }
    out.push_str(FOOTER);
    out
}
