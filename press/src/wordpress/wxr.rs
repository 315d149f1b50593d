//! Streaming a WordPress export (WXR 1.1/1.2) with quick-xml: the channel's
//! header first, then one `<item>` at a time. Only the current item is held,
//! so memory stays flat however long the export is.

use quick_xml::events::Event;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A problem with the export itself, at its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct WxrError {
    pub file: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl std::fmt::Display for WxrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}: {}", self.file.display(), self.message),
            (l, 0) => write!(f, "{}:{l}: {}", self.file.display(), self.message),
            (l, c) => write!(f, "{}:{l}:{c}: {}", self.file.display(), self.message),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Author {
    pub login: String,
    pub display_name: String,
}

/// A category or tag as the channel declares it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Term {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
}

/// The channel's header: everything before the first item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Channel {
    pub title: String,
    pub link: String,
    pub description: String,
    pub language: String,
    pub authors: Vec<Author>,
    pub categories: Vec<Term>,
    pub tags: Vec<Term>,
}

/// A category or tag on an item: `<category domain="post_tag" nicename="x">X</category>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemTerm {
    pub domain: String,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comment {
    pub id: String,
    pub parent: String,
    pub author: String,
    pub email: String,
    pub url: String,
    pub ip: String,
    pub date_gmt: String,
    pub content: String,
    pub approved: String,
    pub kind: String,
}

/// One `<item>`: a post, page, attachment, menu item…
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    /// Where its `<item>` starts in the export, 1-based.
    pub line: u64,
    pub title: String,
    pub link: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub id: String,
    pub date_gmt: String,
    /// The site's local time, for when `date_gmt` is unset.
    pub date: String,
    pub modified_gmt: String,
    pub name: String,
    pub status: String,
    /// Set for a password-protected post.
    pub password: String,
    pub post_type: String,
    pub parent: String,
    pub attachment_url: String,
    pub terms: Vec<ItemTerm>,
    pub meta: Vec<(String, String)>,
    pub comments: Vec<Comment>,
}

impl Item {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Reads an export: `open` reads the header, `next_item` each item.
pub struct WxrReader {
    xml: quick_xml::Reader<BufReader<File>>,
    buf: Vec<u8>,
    path: PathBuf,
    /// Lines read so far (newlines seen), to say where items start.
    newlines: u64,
    /// Open elements' names, outermost first.
    stack: Vec<String>,
    text: String,
    /// The item whose `<item>` was just read by `open`.
    pending: bool,
}

const ITEM: &str = "item";

impl WxrReader {
    /// Opens `path`, checks it is a WordPress export, and reads its channel's header.
    pub fn open(path: &Path) -> Result<(WxrReader, Channel), WxrError> {
        let whole = |message: String| WxrError {
            file: path.to_path_buf(),
            line: 0,
            column: 0,
            message,
        };
        let file = File::open(path).map_err(|e| whole(format!("cannot read the export: {e}")))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len == 0 {
            return Err(whole(
                "the file is empty (0 bytes): export again from WordPress (Tools → Export → All content)"
                    .into(),
            ));
        }
        let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, file));
        xml.config_mut().check_end_names = true;
        let mut reader = WxrReader {
            xml,
            buf: Vec::new(),
            path: path.to_path_buf(),
            newlines: 0,
            stack: Vec::new(),
            text: String::new(),
            pending: false,
        };
        let channel = reader.header()?;
        Ok((reader, channel))
    }

    fn error_at(&self, offset: u64, message: String) -> WxrError {
        let (line, column) = line_column(&self.path, offset);
        WxrError {
            file: self.path.clone(),
            line,
            column,
            message,
        }
    }

    /// The next event, its text parts resolved; counts lines as it goes.
    fn next(&mut self) -> Result<Piece, WxrError> {
        self.buf.clear();
        let event = match self.xml.read_event_into(&mut self.buf) {
            Ok(e) => e,
            Err(e) => {
                let at = self.xml.error_position();
                return Err(self.error_at(at, format!("malformed XML: {e}")));
            }
        };
        let raw: &[u8] = match &event {
            Event::Start(e) | Event::Empty(e) => e.as_ref(),
            Event::Text(e) | Event::Comment(e) | Event::DocType(e) => e.as_ref(),
            Event::CData(e) => e.as_ref(),
            _ => &[],
        };
        self.newlines += raw.iter().filter(|&&b| b == b'\n').count() as u64;
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        Ok(match event {
            Event::Start(e) => Piece::Start(text(e.name().as_ref()), attributes(&e), false),
            Event::Empty(e) => Piece::Start(text(e.name().as_ref()), attributes(&e), true),
            Event::End(e) => Piece::End(text(e.name().as_ref())),
            Event::Text(e) => Piece::Text(text(&e)),
            Event::CData(e) => Piece::Text(text(&e)),
            Event::GeneralRef(r) => {
                let name = text(&r);
                let resolved = if let Ok(Some(c)) = r.resolve_char_ref() {
                    c.to_string()
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    s.to_string()
                } else {
                    let at = self.xml.buffer_position();
                    return Err(self.error_at(at, format!("malformed XML: unknown entity &{name};")));
                };
                Piece::Text(resolved)
            }
            Event::Eof => Piece::Eof,
            _ => Piece::Other,
        })
    }

    /// Reads up to the first item (or the end), checking the root.
    fn header(&mut self) -> Result<Channel, WxrError> {
        let mut channel = Channel::default();
        let mut wxr = false;
        let mut author = Author::default();
        let mut term = Term::default();
        loop {
            match self.next()? {
                Piece::Start(name, attrs, empty) => {
                    if self.stack.is_empty() {
                        if name != "rss" {
                            return Err(WxrError {
                                file: self.path.clone(),
                                line: self.newlines + 1,
                                column: 0,
                                message: format!(
                                    "not a WordPress export: the document is <{name}>, not <rss> with WordPress's \
                                     wp: elements (export from WordPress: Tools → Export → All content)"
                                ),
                            });
                        }
                        wxr = attrs
                            .iter()
                            .any(|(k, v)| k == "xmlns:wp" && v.contains("wordpress.org/export/1."));
                    }
                    if name == ITEM && self.stack.len() == 2 {
                        if !wxr {
                            return Err(self.not_wxr());
                        }
                        self.pending = true;
                        return Ok(channel);
                    }
                    if name == "wp:wxr_version" {
                        wxr = true;
                    }
                    self.text.clear();
                    if !empty {
                        self.stack.push(name);
                    } else {
                        self.text.clear();
                        self.leaf_header(&name, &mut channel, &mut author, &mut term);
                    }
                }
                Piece::Text(t) => self.text.push_str(&t),
                Piece::End(name) => {
                    self.stack.pop();
                    self.leaf_header(&name, &mut channel, &mut author, &mut term);
                    self.text.clear();
                }
                Piece::Eof => {
                    if !wxr {
                        return Err(self.not_wxr());
                    }
                    return Ok(channel);
                }
                Piece::Other => {}
            }
        }
    }

    fn not_wxr(&self) -> WxrError {
        WxrError {
            file: self.path.clone(),
            line: 1,
            column: 0,
            message: "not a WordPress export: an RSS feed without WordPress's export namespace \
                      (xmlns:wp=\"http://wordpress.org/export/1.2/\"); export from WordPress: \
                      Tools → Export → All content"
                .into(),
        }
    }

    fn leaf_header(&mut self, name: &str, channel: &mut Channel, author: &mut Author, term: &mut Term) {
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        let text = std::mem::take(&mut self.text);
        let value = text.trim().to_string();
        match (parent, name) {
            ("channel", "title") => channel.title = value,
            ("channel", "link") => channel.link = value,
            ("channel", "description") => channel.description = value,
            ("channel", "language") => channel.language = value,
            ("wp:author", "wp:author_login") => author.login = value,
            ("wp:author", "wp:author_display_name") => author.display_name = value,
            ("channel", "wp:author") => channel.authors.push(std::mem::take(author)),
            ("wp:category", "wp:term_id") | ("wp:tag", "wp:term_id") => term.id = value,
            ("wp:category", "wp:category_nicename") | ("wp:tag", "wp:tag_slug") => term.slug = value,
            ("wp:category", "wp:cat_name") | ("wp:tag", "wp:tag_name") => term.name = value,
            ("wp:category", "wp:category_description") | ("wp:tag", "wp:tag_description") => {
                term.description = value
            }
            ("channel", "wp:category") => channel.categories.push(std::mem::take(term)),
            ("channel", "wp:tag") => channel.tags.push(std::mem::take(term)),
            _ => {}
        }
    }

    /// The next item, or `None` at the end of the export.
    pub fn next_item(&mut self) -> Result<Option<Item>, WxrError> {
        loop {
            if !self.pending {
                match self.next()? {
                    Piece::Start(name, _, false) if name == ITEM => {}
                    Piece::Start(name, _, false) => {
                        self.stack.push(name);
                        continue;
                    }
                    Piece::End(_) => {
                        self.stack.pop();
                        continue;
                    }
                    Piece::Eof => return Ok(None),
                    _ => continue,
                }
            }
            self.pending = false;
            return self.item().map(Some);
        }
    }

    /// Reads an item whose start tag was just read, up to its end tag.
    fn item(&mut self) -> Result<Item, WxrError> {
        let mut item = Item {
            line: self.newlines + 1,
            ..Item::default()
        };
        let depth = self.stack.len();
        self.stack.push(ITEM.into());
        let mut term = ItemTerm::default();
        let mut meta = (String::new(), String::new());
        let mut comment = Comment::default();
        loop {
            match self.next()? {
                Piece::Start(name, attrs, empty) => {
                    self.text.clear();
                    if name == "category" {
                        for (k, v) in attrs {
                            match k.as_str() {
                                "domain" => term.domain = v,
                                "nicename" => term.slug = v,
                                _ => {}
                            }
                        }
                    }
                    if empty {
                        self.stack.push(name.clone());
                        self.item_leaf(&name, &mut item, &mut term, &mut meta, &mut comment);
                    } else {
                        self.stack.push(name);
                    }
                }
                Piece::Text(t) => self.text.push_str(&t),
                Piece::End(name) => {
                    if self.stack.len() == depth + 1 {
                        self.stack.pop();
                        return Ok(item);
                    }
                    self.item_leaf(&name, &mut item, &mut term, &mut meta, &mut comment);
                }
                Piece::Eof => {
                    let at = self.xml.buffer_position();
                    return Err(self.error_at(at, "malformed XML: the export ends inside an <item>".into()));
                }
                Piece::Other => {}
            }
        }
    }

    /// Ends element `name` (the top of the stack) inside an item.
    fn item_leaf(
        &mut self,
        name: &str,
        item: &mut Item,
        term: &mut ItemTerm,
        meta: &mut (String, String),
        comment: &mut Comment,
    ) {
        self.stack.pop();
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        let text = std::mem::take(&mut self.text);
        let trimmed = || text.trim().to_string();
        match (parent, name) {
            (ITEM, "title") => item.title = trimmed(),
            (ITEM, "link") => item.link = trimmed(),
            (ITEM, "dc:creator") => item.creator = trimmed(),
            (ITEM, "content:encoded") => item.content = text,
            (ITEM, "excerpt:encoded") => item.excerpt = text,
            (ITEM, "wp:post_id") => item.id = trimmed(),
            (ITEM, "wp:post_date_gmt") => item.date_gmt = trimmed(),
            (ITEM, "wp:post_date") => item.date = trimmed(),
            (ITEM, "wp:post_modified_gmt") => item.modified_gmt = trimmed(),
            (ITEM, "wp:post_name") => item.name = trimmed(),
            (ITEM, "wp:status") => item.status = trimmed(),
            (ITEM, "wp:post_password") => item.password = trimmed(),
            (ITEM, "wp:post_type") => item.post_type = trimmed(),
            (ITEM, "wp:post_parent") => item.parent = trimmed(),
            (ITEM, "wp:attachment_url") => item.attachment_url = trimmed(),
            (ITEM, "category") => {
                term.name = trimmed();
                item.terms.push(std::mem::take(term));
            }
            ("wp:postmeta", "wp:meta_key") => meta.0 = trimmed(),
            ("wp:postmeta", "wp:meta_value") => meta.1 = text,
            (ITEM, "wp:postmeta") => item.meta.push(std::mem::take(meta)),
            ("wp:comment", field) => {
                let value = trimmed();
                match field {
                    "wp:comment_id" => comment.id = value,
                    "wp:comment_parent" => comment.parent = value,
                    "wp:comment_author" => comment.author = value,
                    "wp:comment_author_email" => comment.email = value,
                    "wp:comment_author_url" => comment.url = value,
                    "wp:comment_author_IP" => comment.ip = value,
                    "wp:comment_date_gmt" => comment.date_gmt = value,
                    "wp:comment_content" => comment.content = text,
                    "wp:comment_approved" => comment.approved = value,
                    "wp:comment_type" => comment.kind = value,
                    _ => {}
                }
            }
            (ITEM, "wp:comment") => item.comments.push(std::mem::take(comment)),
            _ => {}
        }
    }
}

enum Piece {
    /// Name, attributes, and whether it is empty (`<x/>`).
    Start(String, Vec<(String, String)>, bool),
    End(String),
    Text(String),
    Eof,
    Other,
}

fn attributes(e: &quick_xml::events::BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
            (key, value)
        })
        .collect()
}

/// 1-based line and column (in characters) of byte `offset` in the file.
pub fn line_column(path: &Path, offset: u64) -> (u64, u64) {
    let Ok(file) = File::open(path) else {
        return (0, 0);
    };
    let mut reader = BufReader::new(file).take(offset);
    let (mut line, mut column) = (1u64, 1u64);
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) | Err(_) => break,
            Ok(c) => c,
        };
        for &b in chunk {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        let n = chunk.len();
        reader.consume(n);
    }
    (line, column)
}
