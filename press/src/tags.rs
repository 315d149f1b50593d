//! Tags: normalised into one slug per tag, however they are spelled
//! (`Kim Jong Un`, `kim jong un` and `Kim-Jong-Un` are one tag,
//! `/tag/kim-jong-un/`), and gathered into the archives the tag pages list.

use crate::head::Warning;
use crate::parse::FrontLines;
use broadsheet_model::{Article, Image};
use std::collections::HashMap;
use std::path::PathBuf;

/// The articles of a tag or an author, for its pages and its feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Archive {
    pub slug: String,
    /// As readers see it.
    pub name: String,
    /// An author's bio; empty for a tag.
    pub about: String,
    pub photo: Option<Image>,
    /// Indexes into `Sources::articles`, newest first.
    pub items: Vec<u32>,
}

/// Slugs longer than this are cut at a hyphen.
const SLUG_MAX: usize = 80;

/// The slug of a tag (or of an author's name): ASCII letters and digits in
/// lowercase words joined by hyphens. Other scripts and accents are
/// transliterated (`Łódź` is `lodz`, `Москва` `moskva`); a name that leaves
/// nothing (only symbols, say) gets `t-` and a hash of the name, stable from
/// build to build.
pub fn tag_slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' {
            // `Children's` is `childrens`, not `children-s`.
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= SLUG_MAX && slug.ends_with('-') {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        return format!("t-{:08x}", fnv1a(name.trim().to_lowercase().as_bytes()));
    }
    slug.to_string()
}

/// FNV-1a, 32 bits: a fixed function, unlike std's hasher, whose output
/// may change between Rust versions.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0x811c_9dc5, |h: u32, &b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

/// One spelling of a tag: how many articles use it and the first (newest) of them.
struct Spelling {
    name: String,
    uses: u32,
    first: u32,
}

/// Every tag, by slug, with its articles (newest first, as `articles` are);
/// fills in each article's `tag_slugs` and writes its tags as their pages
/// name them, each tag once. A tag's name is its most used spelling (the
/// newest article's on a tie); every other spelling is a warning naming
/// both files, at the `tags` line of the first article using it.
pub fn collect_tags(
    articles: &mut [Article],
    lines: &[FrontLines],
    file_of: impl Fn(&Article) -> PathBuf,
) -> (Vec<Archive>, Vec<Warning>) {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut tags: Vec<Archive> = Vec::new();
    let mut spellings: Vec<Vec<Spelling>> = Vec::new();
    for (i, article) in articles.iter_mut().enumerate() {
        let i = i as u32;
        let mut slugs: Vec<String> = Vec::with_capacity(article.tags.len());
        for name in &article.tags {
            let slug = tag_slug(name);
            if slugs.contains(&slug) {
                continue; // The same tag twice in one article.
            }
            let t = *index.entry(slug.clone()).or_insert_with(|| {
                tags.push(Archive {
                    slug: slug.clone(),
                    name: String::new(),
                    about: String::new(),
                    photo: None,
                    items: Vec::new(),
                });
                spellings.push(Vec::new());
                tags.len() - 1
            });
            tags[t].items.push(i);
            match spellings[t].iter_mut().find(|s| s.name == *name) {
                Some(s) => s.uses += 1,
                None => spellings[t].push(Spelling {
                    name: name.clone(),
                    uses: 1,
                    first: i,
                }),
            }
            slugs.push(slug);
        }
        article.tag_slugs = slugs;
    }
    let mut warnings = Vec::new();
    for (tag, spelt) in tags.iter_mut().zip(&spellings) {
        // The first most used: `max_by_key` would take the last.
        let chosen = spelt
            .iter()
            .fold(&spelt[0], |best, s| if s.uses > best.uses { s } else { best });
        tag.name = chosen.name.clone();
        let at = |s: &Spelling| {
            let a = &articles[s.first as usize];
            (file_of(a), lines[s.first as usize].tags.max(1) as usize)
        };
        let (chosen_file, chosen_line) = at(chosen);
        for other in spelt.iter().filter(|s| s.name != chosen.name) {
            let (file, line) = at(other);
            warnings.push(Warning {
                file,
                line,
                message: format!(
                    "tag {:?} is spelled {:?} in {}:{chosen_line}; both are the tag /tag/{}/, \
                     shown as {:?}: write it one way",
                    other.name,
                    chosen.name,
                    chosen_file.display(),
                    tag.slug,
                    chosen.name
                ),
            });
        }
    }
    // Articles show each tag as its page names it.
    for article in articles.iter_mut() {
        article.tags = article
            .tag_slugs
            .iter()
            .map(|slug| tags[index[slug]].name.clone())
            .collect();
    }
    tags.sort_by(|a, b| a.slug.cmp(&b.slug));
    (tags, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_tag_share_a_slug() {
        for name in ["Kim Jong Un", "kim jong un", "Kim-Jong-Un", "  Kim  Jong--Un! "] {
            assert_eq!(tag_slug(name), "kim-jong-un", "{name}");
        }
        assert_eq!(tag_slug("Łódź"), "lodz");
        assert_eq!(tag_slug("café"), "cafe");
        assert_eq!(tag_slug("Москва"), "moskva");
        assert_eq!(tag_slug("Children’s books"), "childrens-books");
        assert!(broadsheet_like_slug(&tag_slug("東京")), "{}", tag_slug("東京"));
        assert_eq!(tag_slug("東京"), "dong-jing");
    }

    #[test]
    fn names_with_nothing_to_transliterate_get_a_stable_hash() {
        let slug = tag_slug("\u{e000}\u{e001}");
        assert_eq!(slug, "t-9bd62f4a");
        assert!(slug.starts_with("t-") && slug.len() == 10, "{slug}");
        assert_ne!(slug, tag_slug("\u{e002}"));
        // Fixed: the same name gives the same address in every build.
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
    }

    #[test]
    fn long_names_are_cut() {
        let slug = tag_slug(&"word ".repeat(40));
        assert!(slug.len() <= SLUG_MAX && !slug.ends_with('-'), "{slug}");
    }

    fn broadsheet_like_slug(s: &str) -> bool {
        crate::site_toml::is_slug(s)
    }
}
