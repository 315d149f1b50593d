//! What the import did not carry over exactly, post by post, and what it
//! skipped: written to `wordpress-import-report.txt`, summed up on the terminal.

use super::wxr::Item;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Items that do not become articles, by kind.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Skipped {
    pub drafts: usize,
    pub private: usize,
    pub protected: usize,
    pub pending: usize,
    pub trashed: usize,
    pub scheduled: usize,
    pub pages: usize,
    pub attachments: usize,
    pub menu_items: usize,
    /// Other post types (`wp_block`, `revision`, products…), by type.
    pub other: BTreeMap<String, usize>,
}

impl Skipped {
    /// Counts `item` if it is skipped.
    pub fn count(&mut self, item: &Item) {
        match item.post_type.as_str() {
            "post" if item.status == "publish" && !item.password.is_empty() => self.protected += 1,
            "post" => match item.status.as_str() {
                "publish" => {}
                "draft" | "auto-draft" | "inherit" => self.drafts += 1,
                "private" => self.private += 1,
                "pending" => self.pending += 1,
                "trash" => self.trashed += 1,
                "future" => self.scheduled += 1,
                other => *self.other.entry(format!("post ({other})")).or_default() += 1,
            },
            "page" => self.pages += 1,
            "attachment" => self.attachments += 1,
            "nav_menu_item" => self.menu_items += 1,
            other => *self.other.entry(other.to_string()).or_default() += 1,
        }
    }

    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (n, what) in [
            (self.drafts, "draft posts"),
            (self.private, "private posts"),
            (self.protected, "password-protected posts"),
            (self.pending, "posts pending review"),
            (self.trashed, "trashed posts"),
            (self.scheduled, "scheduled posts"),
            (
                self.pages,
                "pages (not imported: write them as articles or leave them out)",
            ),
            (self.attachments, "attachments (used for heroes and images)"),
            (self.menu_items, "menu items"),
        ] {
            if n > 0 {
                out.push(format!("{n} {what}"));
            }
        }
        for (kind, n) in &self.other {
            out.push(format!("{n} items of type {kind}"));
        }
        out
    }
}

/// One thing not carried over exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `post 12 "Title" (export line 40) -> world/title.md`, or the export.
    pub post: String,
    /// What was not carried over, and what was done instead.
    pub note: String,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    pub entries: Vec<Entry>,
}

impl Report {
    pub fn add(&mut self, post: &str, note: impl Into<String>) {
        self.entries.push(Entry {
            post: post.to_string(),
            note: note.into(),
        });
    }

    /// The report file's text.
    pub fn text(&self, header: &str, summary: &[String]) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {header}");
        let _ = writeln!(out, "#");
        for line in summary {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out);
        if self.entries.is_empty() {
            let _ = writeln!(out, "Everything was carried over.");
        }
        let mut last = "";
        for e in &self.entries {
            if e.post != last {
                let _ = writeln!(out, "\n{}", e.post);
                last = &e.post;
            }
            let _ = writeln!(out, "  - {}", e.note);
        }
        out
    }
}
