//! Which section each post goes to (`wordpress-sections.toml`, the mapping
//! the publisher edits), and `site.toml`: written from the channel's
//! header when there is none, else given the sections and authors it lacks.

use super::plan::Plan;
use super::report::Report;
use crate::site_toml::{is_slug, RESERVED_SECTIONS};
use crate::tags::tag_slug;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

/// The mapping's file name, in the content folder.
pub const MAPPING: &str = "wordpress-sections.toml";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// For posts with no category, or one the mapping does not list.
    pub default: String,
    /// WordPress category slug -> section slug.
    #[serde(default)]
    pub categories: BTreeMap<String, String>,
}

/// A category's slug as a section's: a slug, and not one the site keeps.
fn section_slug(category: &str) -> String {
    let slug = tag_slug(category);
    if RESERVED_SECTIONS.contains(&slug.as_str()) || slug.starts_with("t-") {
        format!("{slug}-news")
    } else {
        slug
    }
}

/// The mapping the first run proposes: each category that is the primary
/// one of some post becomes a section of its own; `uncategorized` goes to
/// the default, the section with most posts.
pub fn propose(plan: &Plan) -> Mapping {
    let mut categories = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (category, n) in &plan.primary_counts {
        let section = section_slug(category);
        if category != "uncategorized" {
            *counts.entry(section.clone()).or_default() += n;
        }
        categories.insert(category.clone(), section);
    }
    let default = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(s, _)| s.clone())
        .unwrap_or_else(|| "news".to_string());
    if let Some(s) = categories.get_mut("uncategorized") {
        *s = default.clone();
    }
    Mapping { default, categories }
}

pub fn mapping_text(m: &Mapping) -> String {
    let mut out = String::from(
        "# Which section of the site each WordPress category's posts go to: a post goes\n\
         # to the section of its primary category (Yoast's or Rank Math's choice, else\n\
         # its first). Edit the sections (lowercase letters, digits and hyphens; several\n\
         # categories may share one), then import again with --force.\n\
         # Posts with no category, or one not listed here, go to `default`.\n",
    );
    let _ = writeln!(out, "default = {}", toml_string(&m.default));
    out.push_str("\n[categories]\n");
    for (category, section) in &m.categories {
        let _ = writeln!(out, "{} = {}", toml_key(category), toml_string(section));
    }
    out
}

pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        s.to_string()
    } else {
        toml_string(s)
    }
}

/// Reads the mapping at `path`, checking its sections.
pub fn read_mapping(path: &Path) -> Result<Mapping, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let mapping: Mapping = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| crate::error::line_of(&text, s.start))
            .unwrap_or(1);
        format!("{}:{line}: {}", path.display(), e.message().trim())
    })?;
    let mut problems = Vec::new();
    for (what, section) in std::iter::once(("default".to_string(), &mapping.default)).chain(
        mapping
            .categories
            .iter()
            .map(|(k, v)| (format!("category {k:?}"), v)),
    ) {
        if !is_slug(section) {
            problems.push(format!(
                "{what}: section {section:?} must be lowercase letters, digits and hyphens"
            ));
        } else if RESERVED_SECTIONS.contains(&section.as_str()) {
            problems.push(format!(
                "{what}: section {section:?} is a name the site itself uses"
            ));
        }
    }
    if !problems.is_empty() {
        return Err(format!("{}: {}", path.display(), problems.join("; ")));
    }
    Ok(mapping)
}

/// Gives every post its section.
pub fn assign(plan: &mut Plan, mapping: &Mapping, report: &mut Report) {
    // One string per section, shared by its posts.
    let mut pool: HashMap<&str, Arc<str>> = HashMap::new();
    let mut share = |section| pool.entry(section).or_insert_with(|| Arc::from(section)).clone();
    for post in &mut plan.posts {
        post.section = match &post.category {
            Some(c) => {
                match mapping.categories.get(&**c) {
                    Some(s) => share(s.as_str()),
                    None => {
                        report.add(
                        &format!("post {} {:?} (export line {})", post.id(), post.title(), post.line),
                        format!("category {c:?} is not in {MAPPING}; the post went to the default section {:?}", mapping.default),
                    );
                        share(mapping.default.as_str())
                    }
                }
            }
            None => share(mapping.default.as_str()),
        };
    }
}

/// The sections the import uses, in order of first use by the mapping,
/// each with a name and description from its first category.
fn used_sections(plan: &Plan, mapping: &Mapping) -> Vec<(String, String, String)> {
    let used: BTreeSet<&str> = plan.posts.iter().map(|p| &*p.section).collect();
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut by_count: Vec<(&String, &String)> = mapping.categories.iter().collect();
    by_count.sort_by_key(|(c, _)| std::cmp::Reverse(plan.primary_counts.get(*c).copied().unwrap_or(0)));
    for (category, section) in by_count {
        if used.contains(section.as_str()) && !out.iter().any(|(s, _, _)| s == section) {
            let (name, description) = plan.categories.get(category).cloned().unwrap_or_default();
            let name = if category == "uncategorized" || name.trim().is_empty() {
                title_case(section)
            } else {
                name
            };
            out.push((section.clone(), name, description));
        }
    }
    for section in used {
        if !out.iter().any(|(s, _, _)| s == section) {
            out.push((section.to_string(), title_case(section), String::new()));
        }
    }
    out
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn section_entry(out: &mut String, (slug, name, description): &(String, String, String)) {
    let _ = write!(
        out,
        "\n[[sections]]\nslug = {}\nname = {}\ndescription = {}\n",
        toml_string(slug),
        toml_string(name),
        toml_string(description)
    );
}

fn author_entry(out: &mut String, name: &str, site: &str) {
    let bio = format!("Wrote for {site}.");
    let _ = write!(
        out,
        "\n[[authors]]\nname = {}\nbio = {}\n",
        toml_string(name),
        toml_string(&bio)
    );
}

/// `site.toml` as it should be after the import: `existing` (its text, if
/// there is one) with the sections and authors it lacks added at its end,
/// or a new one from the channel. Notes say what was added.
pub fn site_toml(
    existing: Option<&str>,
    plan: &Plan,
    mapping: &Mapping,
    authors: &[String],
    notes: &mut Vec<String>,
) -> Result<String, String> {
    let sections = used_sections(plan, mapping);
    let channel = &plan.channel;
    let site_name = if channel.title.trim().is_empty() {
        "Our site".to_string()
    } else {
        channel.title.clone()
    };
    let (mut text, have_sections, have_authors, site_name) = match existing {
        Some(text) => {
            let value: toml::Table =
                toml::from_str(text).map_err(|e| format!("site.toml: {}", e.message().trim()))?;
            let list = |key: &str, field: &str| -> Vec<String> {
                value
                    .get(key)
                    .and_then(|v| v.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.get(field)?.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let name = value
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or(&site_name)
                .to_string();
            let mut text = text.to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            (text, list("sections", "slug"), list("authors", "name"), name)
        }
        None => {
            let base = if channel.link.starts_with("http") {
                channel.link.clone()
            } else {
                "https://example.org/".into()
            };
            let base = if base.ends_with('/') {
                base
            } else {
                format!("{base}/")
            };
            let locale = if channel.language.trim().is_empty() {
                "en-US".to_string()
            } else {
                channel.language.clone()
            };
            notes.push(format!(
                "site.toml was written from the export's header (base_url {base}, locale {locale}); \
                 its time_zone is UTC: set the site's own"
            ));
            let mut text =
                String::from("# Written by `broadsheet-press import wordpress` from the export's header.\n");
            let _ = writeln!(text, "name = {}", toml_string(&site_name));
            let _ = writeln!(text, "tagline = {}", toml_string(&channel.description));
            let _ = writeln!(text, "locale = {}", toml_string(&locale));
            let _ = writeln!(text, "time_zone = \"UTC\"");
            let _ = writeln!(text, "base_url = {}", toml_string(&base));
            (text, Vec::new(), Vec::new(), site_name)
        }
    };
    for s in &sections {
        if !have_sections.contains(&s.0) {
            section_entry(&mut text, s);
            if existing.is_some() {
                notes.push(format!("section {:?} ({}) was added to site.toml", s.0, s.1));
            }
        }
    }
    let declared: BTreeSet<String> = have_authors.iter().map(|a| tag_slug(a)).collect();
    for name in authors {
        if !declared.contains(&tag_slug(name)) {
            author_entry(&mut text, name, &site_name);
            notes.push(format!(
                "author {name:?} was added to site.toml's [[authors]] with a placeholder bio: write theirs"
            ));
        }
    }
    toml::from_str::<toml::Table>(&text)
        .map_err(|e| format!("site.toml after adding sections: {}", e.message().trim()))?;
    Ok(text)
}
