//! The first pass over the export: what every published post becomes
//! (section and slug), and the few facts about each attachment that
//! heroes and images need. Kept small: no post bodies.

use super::php;
use super::report::Skipped;
use super::wxr::{Channel, Item, WxrError, WxrReader};
use crate::tags::tag_slug;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Attachment {
    /// The original's absolute URL.
    pub url: String,
    /// Its path under `wp-content/uploads/` (`2020/01/x.jpg`).
    pub file: String,
    pub alt: String,
    pub caption: String,
    pub title: String,
    pub size: Option<(u32, u32)>,
    pub parent: String,
}

/// A published post: where it goes.
#[derive(Debug, Clone)]
pub struct Post {
    pub id: String,
    pub line: u64,
    pub title: String,
    pub section: String,
    pub slug: String,
    /// The old permalink's path (`/2020/01/02/slug/`).
    pub old_path: String,
    /// The primary category's slug, if any.
    pub category: Option<String>,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub channel: Channel,
    pub attachments: HashMap<String, Attachment>,
    /// Attachment ids by the path of their URL, and of each resized copy's.
    pub by_url: HashMap<String, String>,
    pub posts: Vec<Post>,
    pub by_id: HashMap<String, usize>,
    pub by_path: HashMap<String, usize>,
    pub skipped: Skipped,
    /// Category slug -> (name, description), from the header and the items.
    pub categories: BTreeMap<String, (String, String)>,
    /// How many published posts each category is primary for.
    pub primary_counts: BTreeMap<String, usize>,
    /// Tags: WordPress slug -> name.
    pub tags: BTreeMap<String, String>,
    /// Authors' logins (`dc:creator`) of published posts, with the export
    /// line of the first post by each.
    pub creators: BTreeMap<String, u64>,
    /// Slugs changed to stay unique: (post id, wanted, given).
    pub renamed: Vec<(String, String, String)>,
}

/// The path of a URL (`https://x.org/a/b/?p=1` -> `/a/b/?p=1`), with a
/// trailing slash before any query.
pub fn url_path(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"));
    let path = match rest {
        Some(r) => r.find('/').map(|i| &r[i..]).unwrap_or("/"),
        None => url,
    };
    let path = path.split('#').next().unwrap_or("");
    let (p, q) = match path.find('?') {
        Some(i) => (&path[..i], &path[i..]),
        None => (path, ""),
    };
    let p = if p.is_empty() { "/" } else { p };
    let slash = if p.ends_with('/') || p.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        ""
    } else {
        "/"
    };
    format!("{p}{slash}{q}")
}

/// `x-300x200.jpg` -> `x.jpg`: WordPress's resized copies.
pub fn original_name(path: &str) -> String {
    let (stem, ext) = match path.rfind('.') {
        Some(i) if !path[i..].contains('/') => (&path[..i], &path[i..]),
        _ => (path, ""),
    };
    if let Some(dash) = stem.rfind('-') {
        let size = &stem[dash + 1..];
        if let Some((w, h)) = size.split_once('x') {
            if !w.is_empty() && !h.is_empty() && w.bytes().chain(h.bytes()).all(|b| b.is_ascii_digit()) {
                return format!("{}{ext}", &stem[..dash]);
            }
        }
    }
    let stem = stem.strip_suffix("-scaled").unwrap_or(stem);
    format!("{stem}{ext}")
}

/// Percent-decodes a WordPress slug (`%e6%9d%b1` is `東`).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The primary category: Yoast's choice if set, else the first listed.
pub fn primary_category(item: &Item, channel: &Channel) -> Option<String> {
    if let Some(id) = item
        .meta("_yoast_wpseo_primary_category")
        .or_else(|| item.meta("rank_math_primary_category"))
    {
        if let Some(c) = channel.categories.iter().find(|c| c.id == id.trim()) {
            if item
                .terms
                .iter()
                .any(|t| t.domain == "category" && t.slug == c.slug)
            {
                return Some(c.slug.clone());
            }
        }
    }
    item.terms
        .iter()
        .find(|t| t.domain == "category")
        .map(|t| t.slug.clone())
}

/// The post types and statuses that become articles: published posts
/// without a password (a protected post is not for everyone).
pub fn is_article(item: &Item) -> bool {
    item.post_type == "post" && item.status == "publish" && item.password.is_empty()
}

/// Reads the whole export once; sections are given after it, once every
/// category is known (`sections::assign`).
pub fn first_pass(export: &Path) -> Result<Plan, WxrError> {
    let (mut reader, channel) = WxrReader::open(export)?;
    let mut plan = Plan {
        channel,
        ..Plan::default()
    };
    for c in &plan.channel.categories {
        plan.categories
            .insert(c.slug.clone(), (c.name.clone(), c.description.clone()));
    }
    for t in &plan.channel.tags {
        plan.tags.insert(t.slug.clone(), t.name.clone());
    }
    let mut used: HashSet<String> = HashSet::new();
    while let Some(item) = reader.next_item()? {
        plan.skipped.count(&item);
        if item.post_type == "attachment" {
            let size = item.meta("_wp_attachment_metadata").and_then(php::image_size);
            let file = item
                .meta("_wp_attached_file")
                .map(str::to_string)
                .or_else(|| {
                    item.attachment_url
                        .split("/wp-content/uploads/")
                        .nth(1)
                        .map(str::to_string)
                })
                .unwrap_or_default();
            let attachment = Attachment {
                url: item.attachment_url.clone(),
                file,
                alt: item
                    .meta("_wp_attachment_image_alt")
                    .unwrap_or("")
                    .trim()
                    .to_string(),
                caption: item.excerpt.trim().to_string(),
                title: item.title.clone(),
                size,
                parent: item.parent.clone(),
            };
            if !attachment.url.is_empty() {
                plan.by_url.insert(url_path(&attachment.url), item.id.clone());
            }
            plan.attachments.insert(item.id.clone(), attachment);
            continue;
        }
        if !is_article(&item) {
            continue;
        }
        for t in &item.terms {
            match t.domain.as_str() {
                "category" => {
                    plan.categories
                        .entry(t.slug.clone())
                        .or_insert_with(|| (t.name.clone(), String::new()));
                }
                "post_tag" => {
                    plan.tags.entry(t.slug.clone()).or_insert_with(|| t.name.clone());
                }
                _ => {}
            }
        }
        plan.creators.entry(item.creator.clone()).or_insert(item.line);
        let category = primary_category(&item, &plan.channel);
        if let Some(c) = &category {
            *plan.primary_counts.entry(c.clone()).or_default() += 1;
        }
        let title = super::article::plain_text(&item.title);
        let wanted = match tag_slug(&percent_decode(&item.name)) {
            s if !item.name.trim().is_empty() && !s.starts_with("t-") => s,
            _ => tag_slug(if title.trim().is_empty() { &item.id } else { &title }),
        };
        let mut slug = wanted.clone();
        let mut n = 2;
        while !used.insert(slug.clone()) {
            slug = format!("{wanted}-{n}");
            n += 1;
        }
        if slug != wanted {
            plan.renamed.push((item.id.clone(), wanted, slug.clone()));
        }
        let post = Post {
            id: item.id.clone(),
            line: item.line,
            title,
            section: String::new(),
            slug,
            old_path: if item.link.is_empty() {
                String::new()
            } else {
                url_path(&item.link)
            },
            category,
        };
        plan.by_id.insert(post.id.clone(), plan.posts.len());
        if !post.old_path.is_empty() {
            plan.by_path.insert(post.old_path.clone(), plan.posts.len());
        }
        plan.posts.push(post);
    }
    Ok(plan)
}

impl Plan {
    /// The byline of author `login`: the display name the header gives, or
    /// `None` when the header does not list them.
    pub fn author_name(&self, login: &str) -> Option<String> {
        self.channel.authors.iter().find(|a| a.login == login).map(|a| {
            if a.display_name.trim().is_empty() {
                a.login.clone()
            } else {
                a.display_name.clone()
            }
        })
    }

    /// An attachment by id, or by the URL of the original or any resized copy.
    pub fn attachment(&self, src: &str, id: Option<&str>) -> Option<(&str, &Attachment)> {
        if let Some(id) = id {
            if let Some((k, a)) = self.attachments.get_key_value(id.trim()) {
                return Some((k.as_str(), a));
            }
        }
        if src.is_empty() {
            return None;
        }
        let path = url_path(src);
        let id = self
            .by_url
            .get(&path)
            .or_else(|| self.by_url.get(&original_name(&path)))?;
        self.attachments.get_key_value(id).map(|(k, a)| (k.as_str(), a))
    }

    /// The image attachments of post `id`, for a `[gallery]` without ids.
    pub fn attached_images(&self, id: &str) -> Vec<String> {
        let mut ids: Vec<&String> = self
            .attachments
            .iter()
            .filter(|(_, a)| a.parent == id && a.size.is_some())
            .map(|(k, _)| k)
            .collect();
        ids.sort_by_key(|k| k.parse::<u64>().unwrap_or(u64::MAX));
        ids.into_iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_resized_names() {
        assert_eq!(url_path("https://old.org/2020/01/hello/"), "/2020/01/hello/");
        assert_eq!(url_path("https://old.org/2020/01/hello"), "/2020/01/hello/");
        assert_eq!(url_path("http://old.org/?p=12"), "/?p=12");
        assert_eq!(
            url_path("https://old.org/wp-content/uploads/a.jpg"),
            "/wp-content/uploads/a.jpg"
        );
        assert_eq!(original_name("/u/2020/01/x-300x200.jpg"), "/u/2020/01/x.jpg");
        assert_eq!(original_name("/u/big-scaled.jpg"), "/u/big.jpg");
        assert_eq!(original_name("/u/a-b.jpg"), "/u/a-b.jpg");
        assert_eq!(percent_decode("%e6%9d%b1-x"), "東-x");
        assert_eq!(percent_decode("100%é%"), "100%é%");
    }
}
