//! What the rest of the web reads: RSS 2.0 feeds for the site and each
//! section, `sitemap.xml` and `robots.txt`. Absolute links come from the
//! site's `base_url`; times come from the articles, never from the clock, so
//! the same sources give the same bytes.

use crate::tags::Archive;
use crate::xml::{element, escape_into, rfc822, w3c};
use crate::Sources;
use broadsheet_model::{archive_description, archive_title, title_text, ArchiveKind, Section};

/// Items in every feed: the newest articles.
pub const FEED_ITEMS: usize = 20;
/// The most URLs one sitemap file may hold (sitemaps.org).
pub const SITEMAP_URLS: usize = 50_000;

/// The site's feed, at the site root.
pub fn site_feed_file() -> String {
    "feed.xml".into()
}

/// A section's feed. Under `feeds/`, not `<section>/feed.xml`, which would sit
/// in the app's `/{section}/{slug}` routes.
pub fn section_feed_file(section: &str) -> String {
    format!("feeds/{section}.xml")
}

/// A tag's or an author's feed: `feeds/tags/<slug>.xml`,
/// `feeds/authors/<slug>.xml`.
pub fn archive_feed_file(kind: ArchiveKind, slug: &str) -> String {
    format!("feeds/{}/{slug}.xml", archive_folder(kind))
}

/// The folder of a kind of archive under `content/` and `feeds/`.
pub fn archive_folder(kind: ArchiveKind) -> &'static str {
    match kind {
        ArchiveKind::Tag => "tags",
        ArchiveKind::Author => "authors",
    }
}

/// What a feed is of.
#[derive(Clone, Copy)]
pub enum Channel<'a> {
    Site,
    Section(&'a Section),
    Archive(ArchiveKind, &'a Archive),
}

/// An article's one address (model/src/routes.rs), absolute.
fn article_url(sources: &Sources, i: usize) -> String {
    let a = &sources.articles[i];
    absolute(sources, &broadsheet_model::article_path(&a.section, &a.slug))
}

/// A section's first page, absolute.
fn section_url(sources: &Sources, section: &str) -> String {
    absolute(sources, &broadsheet_model::section_path(section, 1))
}

/// `path` (from the site's root, `/world/`) under `base_url`, which ends in `/`.
fn absolute(sources: &Sources, path: &str) -> String {
    format!("{}{}", sources.base_url, path.trim_start_matches('/'))
}

/// An RSS 2.0 feed of the articles `items` (indexes, newest first), for the
/// whole site, a section, a tag or an author.
pub fn feed(sources: &Sources, channel: Channel, items: &[usize]) -> String {
    let site = &sources.site;
    let base = &sources.base_url;
    let (title, link, description, self_path) = match channel {
        Channel::Site => (
            site.name.clone(),
            base.clone(),
            site.tagline.clone(),
            site_feed_file(),
        ),
        Channel::Section(s) => (
            format!("{} – {}", s.name, site.name),
            section_url(sources, &s.slug),
            s.description.clone(),
            section_feed_file(&s.slug),
        ),
        Channel::Archive(kind, a) => (
            title_text(&archive_title(kind, &a.name, 1), &site.name),
            absolute(sources, &kind.path(&a.slug, 1)),
            archive_description(kind, &a.name, &a.about),
            archive_feed_file(kind, &a.slug),
        ),
    };
    let mut out = String::with_capacity(1024 + items.len() * 800);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n",
    );
    element(&mut out, "  ", "title", &title);
    element(&mut out, "  ", "link", &link);
    element(&mut out, "  ", "description", &description);
    element(&mut out, "  ", "language", &site.locale);
    // The newest change among the items: the feed changes when they do.
    if let Some(newest) = items.iter().map(|&i| sources.times[i].1).max() {
        element(&mut out, "  ", "lastBuildDate", &rfc822(newest));
    }
    element(&mut out, "  ", "generator", "broadsheet-press");
    out.push_str("  <atom:link href=\"");
    escape_into(&mut out, &format!("{base}{self_path}"));
    out.push_str("\" rel=\"self\" type=\"application/rss+xml\"/>\n");
    for &i in items {
        let a = &sources.articles[i];
        let url = article_url(sources, i);
        out.push_str("  <item>\n");
        element(&mut out, "    ", "title", &a.headline);
        element(&mut out, "    ", "link", &url);
        out.push_str("    <guid isPermaLink=\"true\">");
        escape_into(&mut out, &url);
        out.push_str("</guid>\n");
        element(&mut out, "    ", "pubDate", &rfc822(sources.times[i].0));
        element(&mut out, "    ", "dc:creator", &a.authors.join(", "));
        let section_name = site
            .section(&a.section)
            .map_or(a.section.as_str(), |s| s.name.as_str());
        element(&mut out, "    ", "category", section_name);
        for tag in &a.tags {
            element(&mut out, "    ", "category", tag);
        }
        element(&mut out, "    ", "description", &a.standfirst);
        out.push_str("  </item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// `sitemap.xml`: the homepage, every section, tag and author and every article, with the
/// time each last changed. Past `SITEMAP_URLS` URLs, `sitemap.xml` becomes an
/// index of `sitemaps/1.xml`, `sitemaps/2.xml`, …
pub fn sitemaps(sources: &Sources, newest_by_section: &[Option<i64>]) -> Vec<(String, String)> {
    sitemaps_of(sources, newest_by_section, SITEMAP_URLS)
}

fn sitemaps_of(
    sources: &Sources,
    newest_by_section: &[Option<i64>],
    per_file: usize,
) -> Vec<(String, String)> {
    let base = &sources.base_url;
    let mut urls: Vec<(String, Option<i64>)> = Vec::with_capacity(sources.articles.len() + 16);
    urls.push((base.clone(), sources.times.iter().map(|t| t.1).max()));
    for (s, newest) in sources.site.sections.iter().zip(newest_by_section) {
        urls.push((section_url(sources, &s.slug), *newest));
    }
    for (kind, archives) in [
        (ArchiveKind::Tag, &sources.tags),
        (ArchiveKind::Author, &sources.authors),
    ] {
        for a in archives {
            let newest = a.items.iter().map(|&i| sources.times[i as usize].1).max();
            urls.push((absolute(sources, &kind.path(&a.slug, 1)), newest));
        }
    }
    for i in 0..sources.articles.len() {
        urls.push((article_url(sources, i), Some(sources.times[i].1)));
    }
    let urlset = |urls: &[(String, Option<i64>)]| {
        let mut out = String::with_capacity(200 + urls.len() * 120);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (loc, lastmod) in urls {
            out.push_str("  <url>\n");
            element(&mut out, "    ", "loc", loc);
            if let Some(t) = lastmod {
                element(&mut out, "    ", "lastmod", &w3c(*t));
            }
            out.push_str("  </url>\n");
        }
        out.push_str("</urlset>\n");
        out
    };
    if urls.len() <= per_file {
        return vec![("sitemap.xml".into(), urlset(&urls))];
    }
    let mut files = Vec::new();
    let mut index = String::new();
    index.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in urls.chunks(per_file).enumerate() {
        let path = format!("sitemaps/{}.xml", n + 1);
        index.push_str("  <sitemap>\n");
        element(&mut index, "    ", "loc", &format!("{base}{path}"));
        if let Some(t) = chunk.iter().filter_map(|u| u.1).max() {
            element(&mut index, "    ", "lastmod", &w3c(t));
        }
        index.push_str("  </sitemap>\n");
        files.push((path, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots(sources: &Sources) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        sources.base_url
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_model::{Article, Site, SCHEMA};

    fn sources(n: usize) -> Sources {
        let article = |i: usize| Article {
            schema: SCHEMA,
            slug: format!("a-{i}"),
            section: "world".into(),
            headline: format!("A & {i}"),
            standfirst: "S".into(),
            authors: vec!["W".into()],
            author_slugs: Vec::new(),
            published: String::new(),
            updated: None,
            hero: None,
            tags: Vec::new(),
            tag_slugs: Vec::new(),
            body: Vec::new(),
            word_count: 1,
            reading_minutes: 1,
            more_in_section: Vec::new(),
            latest: Vec::new(),
        };
        Sources {
            site: Site {
                schema: SCHEMA,
                name: "N".into(),
                tagline: "T".into(),
                locale: "en".into(),
                time_zone: "UTC".into(),
                base_url: "https://x.example/".into(),
                page_size: 10,
                sections: vec![Section {
                    slug: "world".into(),
                    name: "World".into(),
                    description: "D".into(),
                }],
                comments: None,
            },
            base_url: "https://x.example/".into(),
            articles: (0..n).map(article).collect(),
            bodies: (0..n)
                .map(|_| serde_json::value::to_raw_value(&[0; 0]).unwrap())
                .collect(),
            times: (0..n).map(|i| (1000 - i as i64, 1000 - i as i64)).collect(),
            media: Vec::new(),
            photos: Vec::new(),
            tags: Vec::new(),
            authors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_large_sitemap_becomes_an_index_of_files() {
        let s = sources(7);
        // Home, one section, seven articles: nine URLs, four to a file.
        let files = sitemaps_of(&s, &[Some(1000)], 4);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemaps/1.xml",
                "sitemaps/2.xml",
                "sitemaps/3.xml"
            ]
        );
        let index = roxmltree::Document::parse(&files[0].1).unwrap();
        assert_eq!(index.root_element().tag_name().name(), "sitemapindex");
        let locs: Vec<&str> = index
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(locs[2], "https://x.example/sitemaps/3.xml");
        let total: usize = files[1..]
            .iter()
            .map(|(_, text)| text.matches("<url>").count())
            .sum();
        assert_eq!(total, 9);
        // Small enough: one file.
        assert_eq!(sitemaps_of(&s, &[Some(1000)], 9).len(), 1);
    }
}
