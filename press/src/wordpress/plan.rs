//! The first pass over the export: what every published post becomes
//! (section and slug), and the few facts about each attachment that
//! heroes and images need. Kept small, since it is held for the whole
//! import (docs/import.md, "Memory and time"): no post bodies; compact
//! records (`records`); and sorted vectors of indices rather than hash maps
//! for the look-ups.

use super::php;
use super::report::Skipped;
use super::wxr::{Channel, Item, WxrError, WxrReader};
use crate::tags::tag_slug;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

pub use super::records::{Attachment, Post};

#[derive(Debug, Default)]
pub struct Plan {
    pub channel: Channel,
    /// Sorted by id, one per id (the export's last).
    attachments: Vec<Attachment>,
    /// Attachments by the path of their URL, sorted by it, one per path
    /// (the export's last): (index into `attachments`, where the path
    /// starts in its URL), since a path is nearly always the URL's end...
    by_url: Vec<(u32, u32)>,
    /// ...and (path, index, `seq`) for those that are not (a URL with a
    /// fragment, or a last segment without a dot, which `url_path` changes)
    /// and for attachments whose id a later one took.
    by_url_owned: Vec<(Box<str>, u32, u32)>,
    pub posts: Vec<Post>,
    /// Indices into `posts`, sorted by id, one per id (the export's last).
    by_id: Vec<u32>,
    /// Indices into `posts`, sorted by old path, one per path (the last).
    by_path: Vec<u32>,
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
    // The categories' shared slugs.
    let mut category_slugs: HashMap<String, Arc<str>> = HashMap::new();
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
            let attachment = Attachment::new(
                [
                    &item.id,
                    &item.attachment_url,
                    &file,
                    item.meta("_wp_attachment_image_alt").unwrap_or("").trim(),
                    item.excerpt.trim(),
                    &item.parent,
                ],
                size,
                plan.attachments.len() as u32,
            );
            plan.attachments.push(attachment);
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
        let category = primary_category(&item, &plan.channel).map(|c| {
            *plan.primary_counts.entry(c.clone()).or_default() += 1;
            category_slugs
                .entry(c)
                .or_insert_with_key(|c| c.as_str().into())
                .clone()
        });
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
        let old_path = if item.link.is_empty() {
            String::new()
        } else {
            url_path(&item.link)
        };
        plan.posts.push(Post::new(
            [&item.id, &title, &slug, &old_path],
            item.line,
            category,
        ));
    }
    drop(used);
    plan.index();
    Ok(plan)
}

/// For `dedup_by` on a vector sorted by (key, export order): keeps the
/// later of two with one key.
fn keep_later<T>(same: bool, later: &mut T, kept: &mut T) -> bool {
    if same {
        std::mem::swap(later, kept);
    }
    same
}

/// Sorts `items` by `order`, stably, and keeps the last of each run of
/// equals: what a map filled in that order would hold.
fn sort_keep_last<T>(items: &mut Vec<T>, order: impl Fn(&T, &T) -> Ordering) {
    items.sort_by(&order);
    items.dedup_by(|later, kept| keep_later(order(later, kept) == Ordering::Equal, later, kept));
}

impl Plan {
    /// Makes the look-ups once every item has been read.
    fn index(&mut self) {
        // By id, the last of each id kept; the address of one dropped
        // still finds the one kept.
        let mut taken: Vec<(Box<str>, u32, Box<str>)> = Vec::new();
        self.attachments.sort_by(|a, b| a.id().cmp(b.id()));
        self.attachments.dedup_by(|later, kept| {
            let same = later.id() == kept.id();
            if same {
                std::mem::swap(later, kept);
                if !later.url().is_empty() {
                    taken.push((url_path(later.url()).into(), later.seq, later.id().into()));
                }
            }
            same
        });
        self.attachments.shrink_to_fit();
        let mut by_url = Vec::new();
        let mut owned = Vec::new();
        for (i, a) in self.attachments.iter().enumerate() {
            if a.url().is_empty() {
                continue;
            }
            let path = url_path(a.url());
            if a.url().ends_with(path.as_str()) {
                by_url.push((i as u32, (a.url().len() - path.len()) as u32));
            } else {
                owned.push((path.into_boxed_str(), i as u32, a.seq));
            }
        }
        for (path, seq, id) in taken {
            if let Some(i) = self.attachment_index(&id) {
                owned.push((path, i, seq));
            }
        }
        let attachments = &self.attachments;
        let path = |&(i, start): &(u32, u32)| &attachments[i as usize].url()[start as usize..];
        let seq = |&(i, _): &(u32, u32)| attachments[i as usize].seq;
        by_url.sort_by(|a, b| path(a).cmp(path(b)).then(seq(a).cmp(&seq(b))));
        by_url.dedup_by(|later, kept| keep_later(path(later) == path(kept), later, kept));
        owned.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(&b.2)));
        owned.dedup_by(|later, kept| keep_later(later.0 == kept.0, later, kept));
        by_url.shrink_to_fit();
        owned.shrink_to_fit();
        (self.by_url, self.by_url_owned) = (by_url, owned);
        self.posts.shrink_to_fit();
        let posts = &self.posts;
        let mut by_id: Vec<u32> = (0..posts.len() as u32).collect();
        sort_keep_last(&mut by_id, |&a, &b| {
            posts[a as usize].id().cmp(posts[b as usize].id())
        });
        let mut by_path: Vec<u32> = (0..posts.len() as u32)
            .filter(|&i| !posts[i as usize].old_path().is_empty())
            .collect();
        sort_keep_last(&mut by_path, |&a, &b| {
            posts[a as usize].old_path().cmp(posts[b as usize].old_path())
        });
        by_id.shrink_to_fit();
        by_path.shrink_to_fit();
        (self.by_id, self.by_path) = (by_id, by_path);
    }

    fn attachment_index(&self, id: &str) -> Option<u32> {
        self.attachments
            .binary_search_by(|a| a.id().cmp(id))
            .ok()
            .map(|i| i as u32)
    }

    /// The published post with id `id`.
    pub fn post_by_id(&self, id: &str) -> Option<&Post> {
        let posts = &self.posts;
        let at = self
            .by_id
            .binary_search_by(|&i| posts[i as usize].id().cmp(id))
            .ok()?;
        Some(&posts[self.by_id[at] as usize])
    }

    /// The published post whose old permalink's path is `path`.
    pub fn post_by_path(&self, path: &str) -> Option<&Post> {
        let posts = &self.posts;
        let at = self
            .by_path
            .binary_search_by(|&i| posts[i as usize].old_path().cmp(path))
            .ok()?;
        Some(&posts[self.by_path[at] as usize])
    }

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
        if let Some(i) = id.and_then(|id| self.attachment_index(id.trim())) {
            let a = &self.attachments[i as usize];
            return Some((a.id(), a));
        }
        if src.is_empty() {
            return None;
        }
        let path = url_path(src);
        let find = |path: &str| {
            let attachments = &self.attachments;
            let slice = self
                .by_url
                .binary_search_by(|&(i, start)| attachments[i as usize].url()[start as usize..].cmp(path))
                .ok()
                .map(|at| self.by_url[at].0)
                .map(|i| (attachments[i as usize].seq, i));
            let owned = self
                .by_url_owned
                .binary_search_by(|(p, _, _)| (**p).cmp(path))
                .ok()
                .map(|at| (self.by_url_owned[at].2, self.by_url_owned[at].1));
            // Found in both: the later in the export.
            slice.max(owned).map(|(_, i)| i)
        };
        let i = find(&path).or_else(|| find(&original_name(&path)))?;
        let a = &self.attachments[i as usize];
        Some((a.id(), a))
    }

    /// The image attachments of post `id`, for a `[gallery]` without ids.
    pub fn attached_images(&self, id: &str) -> Vec<String> {
        let mut ids: Vec<&str> = self
            .attachments
            .iter()
            .filter(|a| a.parent() == id && a.size.is_some())
            .map(|a| a.id())
            .collect();
        ids.sort_by_key(|k| k.parse::<u64>().unwrap_or(u64::MAX));
        ids.into_iter().map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_keeps_the_last_of_equals_as_a_map_filled_in_order_would() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (3, 'e'), (2, 'f')];
        sort_keep_last(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, [(1, 'd'), (2, 'f'), (3, 'e')]);
    }

    #[test]
    fn look_ups_find_posts_and_attachments_the_export_last_gave() {
        let post = |id: &str, path: &str, slug: &str| Post::new([id, "", slug, path], 1, None);
        let attachment = |id: &str, url: &str, alt: &str, seq: u32| {
            Attachment::new([id, url, "", alt, "", "7"], Some((1, 1)), seq)
        };
        let mut plan = Plan {
            posts: vec![
                post("7", "/a/", "a"),
                post("3", "/b/", "b"),
                post("7", "/c/", "c"),
                post("9", "", "d"),
            ],
            attachments: vec![
                attachment("20", "https://x.org/u/p.jpg", "first", 0),
                attachment("12", "https://x.org/u/q.jpg", "q", 1),
                attachment("20", "https://x.org/u/p2.jpg", "second", 2),
                attachment("31", "https://x.org/u/r#top", "r", 3),
                attachment("30", "https://x.org/u/q.jpg", "q again", 4),
                attachment("5", "https://x.org/u/s", "s", 5),
                attachment("6", "https://cdn.x.org/u/s/", "s again", 6),
            ],
            ..Plan::default()
        };
        plan.index();
        let slug = |p: Option<&Post>| p.map(|p| p.slug().to_string());
        assert_eq!(slug(plan.post_by_id("7")).as_deref(), Some("c"));
        assert_eq!(slug(plan.post_by_id("3")).as_deref(), Some("b"));
        assert_eq!(slug(plan.post_by_id("9")).as_deref(), Some("d"));
        assert!(plan.post_by_id("1").is_none());
        let p = Post::new(["12", "Tête-à-tête", "tete-a-tete", "/2020/01/tete/"], 40, None);
        assert_eq!(
            [p.id(), p.title(), p.slug(), p.old_path()],
            ["12", "Tête-à-tête", "tete-a-tete", "/2020/01/tete/"]
        );
        assert_eq!(slug(plan.post_by_path("/a/")).as_deref(), Some("a"));
        assert_eq!(slug(plan.post_by_path("/c/")).as_deref(), Some("c"));
        assert!(plan.post_by_path("").is_none());
        let alt = |src: &str, id: Option<&str>| {
            plan.attachment(src, id)
                .map(|(k, a)| (k.to_string(), a.alt().to_string()))
        };
        assert_eq!(alt("", Some(" 20 ")), Some(("20".into(), "second".into())));
        let found = |src: &str, id: Option<&str>| alt(src, id).map(|(_, alt)| alt);
        // Two with one address: the later; a resized copy's address.
        assert_eq!(
            found("https://x.org/u/q-300x200.jpg", None).as_deref(),
            Some("q again")
        );
        // An id not in the export: by address, here that of an attachment
        // whose id a later one took, so the later.
        assert_eq!(
            found("https://x.org/u/p.jpg", Some("99")).as_deref(),
            Some("second")
        );
        // Addresses whose path is not their end.
        assert_eq!(found("https://x.org/u/r", None).as_deref(), Some("r"));
        assert_eq!(found("https://x.org/u/s/", None).as_deref(), Some("s again"));
        assert_eq!(found("https://x.org/u/gone.jpg", None), None);
        assert_eq!(plan.attached_images("7"), ["5", "6", "12", "20", "30", "31"]);
    }

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
