//! One published post as an article: front matter and Markdown body, the
//! images it copies in, and what it could not carry over.

use super::html::{self, has_text, Resolve};
use super::md::{self, Block, Inline, Picture};
use super::plan::{url_path, Attachment, Plan, Post};
use super::sections::toml_string;
use super::wxr::Item;
use crate::tags::tag_slug;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The text of a bit of HTML (a title, an excerpt), entities decoded.
pub fn plain_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let doc = scraper::Html::parse_fragment(html);
    let text: String = doc.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the import needs besides the post.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub uploads: Option<&'a Path>,
    /// The old site's origin (`https://old.example.org`), for relative links.
    pub origin: String,
}

/// A post made into an article.
pub struct Article {
    pub text: String,
    /// Files to copy in beside it: (original, file name).
    pub copies: Vec<(PathBuf, String)>,
    pub notes: Vec<String>,
    /// Bad input (broken HTML, an attachment not in the export): errors
    /// unless `--lenient`, then reported like `notes`.
    pub problems: Vec<String>,
}

/// How a note on an attachment missing from the export ends, after its id.
pub const MISSING_ATTACHMENT: &str = "is not in the export";

/// Whether a note is bad input rather than something not carried over exactly.
pub fn is_problem(note: &str) -> bool {
    note.starts_with(html::BROKEN_HTML)
        || note.split("attachment ").skip(1).any(|rest| {
            rest.split_once(' ')
                .is_some_and(|(_, r)| r.starts_with(MISSING_ATTACHMENT))
        })
}

struct Media<'a> {
    cx: &'a Context<'a>,
    slug: &'a str,
    post_id: &'a str,
    copies: Vec<(PathBuf, String)>,
    /// Absolute image URLs with their sizes, for `[[images]]`.
    absolute: BTreeMap<String, (u32, u32)>,
    notes: Vec<String>,
}

/// A file name that is safe beside an article: lowercase letters, digits,
/// `-`, `_` and `.`.
pub fn safe_name(name: &str) -> String {
    let mut out = String::new();
    for c in deunicode::deunicode(name).chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(['-', '.']).to_string()
}

impl Media<'_> {
    fn absolute_url(&self, src: &str) -> String {
        if src.starts_with("//") {
            format!("https:{src}")
        } else if src.starts_with('/') {
            format!("{}{src}", self.cx.origin)
        } else {
            src.to_string()
        }
    }

    /// The picture for an attachment (or a bare URL with no attachment).
    fn place(&mut self, url: &str, a: Option<&Attachment>) -> Result<Picture, String> {
        let file = a
            .map(|a| a.file().to_string())
            .filter(|f| !f.is_empty())
            .or_else(|| url.split("/wp-content/uploads/").nth(1).map(str::to_string));
        let (alt, caption) = a
            .map(|a| (a.alt().to_string(), a.caption().to_string()))
            .unwrap_or_default();
        let caption = plain_text(&caption);
        if let (Some(uploads), Some(file)) = (self.cx.uploads, &file) {
            let original = uploads.join(file);
            // The press reads each image's size from its file: one it cannot
            // read would stop the build, so such a file is not copied.
            let readable = original.is_file() && crate::parse::image_size(&original).is_some();
            if original.is_file() && !readable {
                self.note(format!(
                    "image file {} is not an image whose size can be read; its address {url} is kept",
                    original.display()
                ));
            } else if readable {
                let base = file.rsplit('/').next().unwrap_or(file);
                let name = safe_name(&format!("{}-{base}", self.slug));
                if !self.copies.iter().any(|(_, n)| *n == name) {
                    self.copies.push((original, name.clone()));
                }
                return Ok(Picture {
                    src: name,
                    alt,
                    caption,
                });
            }
            if !original.is_file() {
                self.note(format!(
                    "image file {} is not in the uploads folder; its address {url} is kept",
                    original.display()
                ));
            }
        }
        match a.and_then(|a| a.size) {
            Some(size) if url.starts_with("http") => {
                self.absolute.insert(url.to_string(), size);
                Ok(Picture {
                    src: url.to_string(),
                    alt,
                    caption,
                })
            }
            _ => Err(format!(
                "image {url} was left out: its size is unknown (no attachment metadata){}",
                if self.cx.uploads.is_some() {
                    " and its file is not in the uploads folder"
                } else {
                    "; import with --uploads to copy it in"
                }
            )),
        }
    }

    fn note(&mut self, n: String) {
        if !self.notes.contains(&n) {
            self.notes.push(n);
        }
    }
}

impl Resolve for Media<'_> {
    fn image(&mut self, src: &str, id: Option<&str>) -> Result<Picture, String> {
        let src = self.absolute_url(src.trim());
        match self.cx.plan.attachment(&src, id) {
            Some((_, a)) => {
                let url = if a.url().is_empty() {
                    src.clone()
                } else {
                    a.url().to_string()
                };
                self.place(&url, Some(a))
            }
            None if src.is_empty() => Err(format!(
                "attachment {} {MISSING_ATTACHMENT}: its image was left out",
                id.unwrap_or("?")
            )),
            None => {
                if let Some(id) = id {
                    self.note(format!(
                        "attachment {id} {MISSING_ATTACHMENT}; the image's address {src} is used"
                    ));
                }
                self.place(&src, None)
            }
        }
    }

    fn attached_images(&self) -> Vec<String> {
        self.cx.plan.attached_images(self.post_id)
    }

    fn link(&mut self, href: &str) -> Result<String, String> {
        let lower = href.to_ascii_lowercase();
        if lower.starts_with("mailto:")
            || lower.starts_with("tel:")
            || lower.starts_with("javascript:")
            || lower.starts_with("data:")
        {
            return Err(format!(
                "link {href} was left out (articles link only to web pages); its text kept"
            ));
        }
        let url = if lower.starts_with("http://") || lower.starts_with("https://") || href.starts_with('/') {
            self.absolute_url(href)
        } else if href.contains(':') {
            return Err(format!(
                "link {href} was left out (articles link only to web pages); its text kept"
            ));
        } else {
            format!("{}/{}", self.cx.origin, href.trim_start_matches("./"))
        };
        let same_site = html::host(&url).is_some_and(|h| Some(h) == html::host(&self.cx.origin));
        if same_site {
            let path = url_path(&url);
            let plan = self.cx.plan;
            let post = plan
                .post_by_path(&path)
                .or_else(|| plan.post_by_id(path.strip_prefix("/?p=")?));
            if let Some(p) = post {
                return Ok(format!("/{}/{}", p.section, p.slug()));
            }
        }
        if !url.starts_with("http") {
            return Err(format!("link {href} was left out; its text kept"));
        }
        Ok(url)
    }
}

/// The first sentences of the body, up to about 200 characters.
fn first_sentences(blocks: &[Block]) -> String {
    let text = blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) if has_text(p) => Some(spans_text(p)),
            _ => None,
        })
        .unwrap_or_default();
    let mut out = String::new();
    for (i, c) in text.char_indices() {
        out.push(c);
        let end = matches!(c, '.' | '!' | '?') && text[i + c.len_utf8()..].starts_with(' ');
        if end && out.len() >= 60 {
            break;
        }
        if out.len() > 280 {
            out = format!("{}…", out.trim_end());
            break;
        }
    }
    out.trim().to_string()
}

fn spans_text(spans: &[Inline]) -> String {
    let mut out = String::new();
    for s in spans {
        match s {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Em(i) | Inline::Strong(i) | Inline::Link(_, i) => out.push_str(&spans_text(i)),
            Inline::Break => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2020-01-02 10:00:00` -> `2020-01-02T10:00:00Z`, if it is a real date.
fn rfc3339(wp: &str) -> Option<String> {
    let wp = wp.trim();
    if wp.len() != 19 || wp.starts_with("0000") {
        return None;
    }
    let b = wp.as_bytes();
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        .iter()
        .all(|&i| b[i].is_ascii_digit());
    (digits && b[4] == b'-' && b[7] == b'-' && b[13] == b':' && b[16] == b':')
        .then(|| format!("{}T{}Z", &wp[..10], &wp[11..]))
}

/// Converts one published post.
pub fn convert(item: &Item, post: &Post, author: &str, cx: &Context) -> Article {
    let mut media = Media {
        cx,
        slug: post.slug(),
        post_id: &item.id,
        copies: Vec::new(),
        absolute: BTreeMap::new(),
        notes: Vec::new(),
    };
    let (prepared, mut notes) = super::classic::prepare(&item.content);
    let (blocks, body_notes) = html::convert(&prepared, &mut media);
    notes.extend(body_notes);
    let body = md::render(&blocks);
    let headline = match plain_text(&item.title) {
        t if t.is_empty() => {
            notes.push(format!(
                "the post had no title; its headline is its slug {:?}",
                post.slug()
            ));
            post.slug().replace('-', " ")
        }
        t => t,
    };
    let mut standfirst = plain_text(&item.excerpt);
    if standfirst.is_empty() {
        standfirst = first_sentences(&blocks);
        if standfirst.is_empty() {
            standfirst = headline.clone();
            notes.push("no excerpt and no text: the standfirst is the headline; write one".into());
        } else {
            notes.push("no excerpt: the standfirst is the body's first sentence(s); check it".into());
        }
    }
    let published = rfc3339(&item.date_gmt).unwrap_or_else(|| {
        let local = rfc3339(&item.date).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        notes.push(format!(
            "no GMT publication time; the site's local time {local} was taken as UTC"
        ));
        local
    });
    let updated = rfc3339(&item.modified_gmt).filter(|u| *u > published);
    let mut tags: Vec<String> = Vec::new();
    for t in &item.terms {
        let secondary = t.domain == "category"
            && Some(t.slug.as_str()) != post.category.as_deref()
            && t.slug != "uncategorized";
        if (t.domain == "post_tag" || secondary) && !t.name.trim().is_empty() {
            let name = plain_text(&t.name);
            if !tags.iter().any(|x| tag_slug(x) == tag_slug(&name)) {
                tags.push(name);
            }
        }
    }
    let body_images = media.absolute.clone();
    let hero = item
        .meta("_thumbnail_id")
        .map(str::trim)
        .filter(|id| !id.is_empty() && *id != "0")
        .and_then(|id| match media.image("", Some(id)) {
            Ok(p) => Some(p),
            Err(why) => {
                notes.push(format!("featured image: {why}"));
                None
            }
        });
    notes.append(&mut media.notes);
    let mut front = String::from("+++\n");
    let _ = writeln!(front, "headline = {}", toml_string(&headline));
    let _ = writeln!(front, "standfirst = {}", toml_string(&standfirst));
    let _ = writeln!(front, "authors = [{}]", toml_string(author));
    let _ = writeln!(front, "published = {}", toml_string(&published));
    if let Some(u) = updated {
        let _ = writeln!(front, "updated = {}", toml_string(&u));
    }
    if !tags.is_empty() {
        let list: Vec<String> = tags.iter().map(|t| toml_string(t)).collect();
        let _ = writeln!(front, "tags = [{}]", list.join(", "));
    }
    if let Some(mut h) = hero {
        if h.alt.is_empty() {
            h.alt = if h.caption.is_empty() {
                headline.clone()
            } else {
                h.caption.clone()
            };
            notes.push(format!(
                "the featured image had no alt text; it is now {:?}: write a better one",
                h.alt
            ));
        }
        front.push_str("[hero]\n");
        let _ = writeln!(front, "src = {}", toml_string(&h.src));
        let _ = writeln!(front, "alt = {}", toml_string(&h.alt));
        if !h.caption.is_empty() {
            let _ = writeln!(front, "caption = {}", toml_string(&h.caption));
        }
        if let Some((w, ht)) = media.absolute.get(&h.src) {
            let _ = writeln!(front, "width = {w}\nheight = {ht}");
        }
    }
    for (src, (w, h)) in &body_images {
        let _ = writeln!(
            front,
            "[[images]]\nsrc = {}\nwidth = {w}\nheight = {h}",
            toml_string(src)
        );
    }
    front.push_str("+++\n");
    front.push_str(&body);
    let (problems, notes) = notes.into_iter().partition(|n| is_problem(n));
    Article {
        text: front,
        copies: media.copies,
        notes,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names() {
        assert_eq!(
            rfc3339("2020-01-02 10:00:00").as_deref(),
            Some("2020-01-02T10:00:00Z")
        );
        assert_eq!(rfc3339("0000-00-00 00:00:00"), None);
        assert_eq!(
            safe_name("Hello-World_Ünï Photo.JPG"),
            "hello-world_uni-photo.jpg"
        );
        assert_eq!(plain_text("Fish &amp; <em>chips</em>"), "Fish & chips");
    }
}
