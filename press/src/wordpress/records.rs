//! The facts the import holds for the whole run about each published post
//! and each attachment (`plan`), compact: an archive has tens of thousands
//! (docs/import.md, "Memory and time"). Each record's own strings are in one
//! allocation without spare capacity; sections and categories are shared.

use std::sync::Arc;

/// An attachment's facts. Its strings are in one allocation (an archive
/// has an attachment or more a post): id, URL, file, alt text, caption and
/// parent, each ending where `ends` says.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    text: Box<str>,
    ends: [u32; 5],
    pub size: Option<(u32, u32)>,
    /// Its place among the export's attachments: of two with one address,
    /// the later is found by it.
    pub(super) seq: u32,
}

impl Attachment {
    pub fn new(
        [id, url, file, alt, caption, parent]: [&str; 6],
        size: Option<(u32, u32)>,
        seq: u32,
    ) -> Attachment {
        let (text, ends) = packed([id, url, file, alt, caption, parent]);
        Attachment {
            text,
            ends,
            size,
            seq,
        }
    }

    fn field(&self, n: usize) -> &str {
        field(&self.text, &self.ends, n)
    }

    pub fn id(&self) -> &str {
        self.field(0)
    }

    /// The original's absolute URL.
    pub fn url(&self) -> &str {
        self.field(1)
    }

    /// Its path under `wp-content/uploads/` (`2020/01/x.jpg`).
    pub fn file(&self) -> &str {
        self.field(2)
    }

    pub fn alt(&self) -> &str {
        self.field(3)
    }

    pub fn caption(&self) -> &str {
        self.field(4)
    }

    /// The post it was uploaded to.
    pub fn parent(&self) -> &str {
        self.field(5)
    }
}

/// A published post: where it goes. Its own strings are in one
/// allocation: id, title, slug and old path, each ending where `ends` says.
#[derive(Debug, Clone)]
pub struct Post {
    text: Box<str>,
    ends: [u32; 3],
    pub line: u64,
    /// Shared by the section's posts (`sections::assign`).
    pub section: Arc<str>,
    /// The primary category's slug, if any, shared by its posts.
    pub category: Option<Arc<str>>,
}

impl Post {
    pub fn new([id, title, slug, old_path]: [&str; 4], line: u64, category: Option<Arc<str>>) -> Post {
        let (text, ends) = packed([id, title, slug, old_path]);
        Post {
            text,
            ends,
            line,
            section: "".into(),
            category,
        }
    }

    pub fn id(&self) -> &str {
        field(&self.text, &self.ends, 0)
    }

    pub fn title(&self) -> &str {
        field(&self.text, &self.ends, 1)
    }

    pub fn slug(&self) -> &str {
        field(&self.text, &self.ends, 2)
    }

    /// The old permalink's path (`/2020/01/02/slug/`), or "".
    pub fn old_path(&self) -> &str {
        field(&self.text, &self.ends, 3)
    }
}

/// `fields` in one string, and where each but the last ends.
fn packed<const N: usize, const E: usize>(fields: [&str; N]) -> (Box<str>, [u32; E]) {
    let mut text = String::with_capacity(fields.iter().map(|f| f.len()).sum());
    let mut ends = [0; E];
    for (i, f) in fields.iter().enumerate() {
        text.push_str(f);
        if i < E {
            ends[i] = text.len() as u32;
        }
    }
    (text.into_boxed_str(), ends)
}

/// Field `n` of a string `packed` made.
fn field<'a>(text: &'a str, ends: &[u32], n: usize) -> &'a str {
    let start = n.checked_sub(1).map_or(0, |i| ends[i] as usize);
    let end = ends.get(n).map_or(text.len(), |&e| e as usize);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attachments_facts_read_back() {
        let a = Attachment::new(
            ["12", "https://x.org/u/é.jpg", "u/é.jpg", "", "A «caption»", "7"],
            None,
            0,
        );
        assert_eq!(
            [a.id(), a.url(), a.file(), a.alt(), a.caption(), a.parent()],
            ["12", "https://x.org/u/é.jpg", "u/é.jpg", "", "A «caption»", "7"]
        );
        assert_eq!(Attachment::default().parent(), "");
    }

    #[test]
    fn a_posts_facts_read_back() {
        let p = Post::new(["12", "Tête-à-tête", "tete-a-tete", ""], 40, None);
        assert_eq!(
            [p.id(), p.title(), p.slug(), p.old_path()],
            ["12", "Tête-à-tête", "tete-a-tete", ""]
        );
        assert_eq!((p.line, &*p.section), (40, ""));
    }
}
