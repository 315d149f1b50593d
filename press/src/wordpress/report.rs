//! What the import did not carry over exactly, post by post, and what it
//! skipped: written to `wordpress-import-report.txt`, summed up on the terminal.

use super::wxr::Item;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

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

/// The report's entries, in the order found. Until `spill_to` they are
/// held (all of them in a dry run, which prints them); after it each goes
/// to a file in the staging folder as it comes, since a large archive has
/// thousands (docs/import.md, Scale).
#[derive(Debug, Default)]
pub struct Report {
    /// The entries not written to the spill file.
    pub entries: Vec<Entry>,
    /// How many entries in all.
    pub count: usize,
    spill: Option<(PathBuf, BufWriter<File>)>,
    /// The post of the last entry written to the spill file.
    last: String,
    /// The first error writing the spill file (reported by `write`).
    failed: Option<io::Error>,
}

impl Report {
    pub fn add(&mut self, post: &str, note: impl Into<String>) {
        self.count += 1;
        self.entries.push(Entry {
            post: post.to_string(),
            note: note.into(),
        });
        if self.spill.is_some() {
            self.write_held();
        }
    }

    /// From now on, entries go to `file` (created) as they come, not to
    /// memory; those held so far first.
    pub fn spill_to(&mut self, file: PathBuf) -> io::Result<()> {
        let out = BufWriter::new(File::create(&file)?);
        self.spill = Some((file, out));
        self.write_held();
        Ok(())
    }

    fn write_held(&mut self) {
        let Some((_, out)) = &mut self.spill else {
            return;
        };
        for e in self.entries.drain(..) {
            let write = || -> io::Result<()> {
                if e.post != self.last {
                    writeln!(out, "\n{}", e.post)?;
                    self.last = e.post;
                }
                writeln!(out, "  - {}", e.note)
            };
            if let (Err(error), None) = (write(), &self.failed) {
                self.failed = Some(error);
            }
        }
    }

    /// Writes the report file: `header`, the `summary` lines, then every
    /// entry, under its post.
    pub fn write(&mut self, header: &str, summary: &[String], out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "# {header}")?;
        writeln!(out, "#")?;
        for line in summary {
            writeln!(out, "# {line}")?;
        }
        writeln!(out)?;
        if self.count == 0 {
            writeln!(out, "Everything was carried over.")?;
        }
        let mut last = "";
        if let Some((file, mut spilled)) = self.spill.take() {
            if let Some(error) = self.failed.take() {
                return Err(error);
            }
            spilled.flush()?;
            drop(spilled);
            io::copy(&mut File::open(&file)?, out)?;
            last = &self.last;
        }
        for e in &self.entries {
            if e.post != last {
                writeln!(out, "\n{}", e.post)?;
                last = &e.post;
            }
            writeln!(out, "  - {}", e.note)?;
        }
        Ok(())
    }

    /// The report file's text (`write`, to memory), for the tests.
    #[cfg(test)]
    pub fn text(&mut self, header: &str, summary: &[String]) -> io::Result<String> {
        let mut out = Vec::new();
        self.write(header, summary, &mut out)?;
        Ok(String::from_utf8(out).expect("written from strings"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(report: &mut Report) {
        report.add("export", "one");
        report.add("post 1", "two");
        report.add("post 1", "three");
        report.add("post 2", "four");
    }

    #[test]
    fn a_spilled_report_reads_as_one_held_in_memory() {
        let mut held = Report::default();
        filled(&mut held);
        let expected = held.text("Import", &["1 article".into()]).unwrap();
        assert_eq!(
            expected,
            "# Import\n#\n# 1 article\n\n\nexport\n  - one\n\npost 1\n  - two\n  - three\n\npost 2\n  - four\n"
        );
        let dir = std::env::temp_dir().join(format!("report-spill-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut spilled = Report::default();
        spilled.add("export", "one");
        spilled.add("post 1", "two");
        spilled.spill_to(dir.join("entries")).unwrap();
        assert!(spilled.entries.is_empty(), "written out, not held");
        spilled.add("post 1", "three");
        spilled.add("post 2", "four");
        assert_eq!((spilled.entries.len(), spilled.count), (0, 4));
        assert_eq!(spilled.text("Import", &["1 article".into()]).unwrap(), expected);
        std::fs::remove_dir_all(&dir).unwrap();
        let mut empty = Report::default();
        assert!(empty
            .text("Import", &[])
            .unwrap()
            .ends_with("\nEverything was carried over.\n"));
    }
}
