//! What goes inside `<head>` of every pre-rendered page: the title and
//! description, the canonical link, OpenGraph and Twitter card tags for link
//! previews, and structured data (JSON-LD) for search engines, following
//! Google's guidelines for news articles. And the warnings `press check`
//! gives where a source falls short of those guidelines
//! (docs/publishing.md, "Link previews and search engines").

use crate::feeds::archive_feed_file;
use broadsheet_model::{
    archive_description, archive_title, author_path, section_path, ArchiveKind, ArchivePage, Article, Front,
    Image, Section, Site, Summary,
};
use serde_json::{json, Value};

#[path = "head_checks.rs"]
mod checks;
pub use checks::{guideline_warnings, Warning};

/// What kind of page is being rendered.
pub enum PageKind<'a> {
    Home {
        front: &'a Front,
    },
    /// `page` is 1-based; `first` is the first story listed on that page, if any (for og:image).
    Section {
        section: &'a Section,
        page: u32,
        total_pages: u32,
        first: Option<&'a Summary>,
    },
    Article {
        article: &'a Article,
        section: &'a Section,
    },
    /// A page of a tag's or an author's articles.
    Archive {
        page: &'a ArchivePage,
    },
    /// The search page, rendered without a query.
    Search,
    NotFound,
}

/// The publisher's logo, below the base URL. The site has no logo setting:
/// the app's icon stands in for one, and is declared `LOGO_SIZE` square
/// (it is an SVG, so it scales to any size). The built site must serve it
/// at exactly this name, unhashed.
pub const LOGO_FILE: &str = "favicon.svg";
pub const LOGO_SIZE: u32 = 512;

/// Google shows at most this many characters of a news article's headline.
pub const HEADLINE_MAX: usize = 110;
/// Google wants images at least this wide for large previews.
pub const HERO_MIN_WIDTH: u32 = 1200;
/// Below this size, link previews show no large card.
pub const LARGE_CARD_MIN: (u32, u32) = (300, 157);

pub use broadsheet_model::title_text;

/// The page's own name, without the site's: empty for the home page.
pub fn page_title(kind: &PageKind) -> String {
    match kind {
        PageKind::Home { .. } => String::new(),
        PageKind::Section { section, page, .. } if *page > 1 => format!("{}, page {page}", section.name),
        PageKind::Section { section, .. } => section.name.clone(),
        PageKind::Article { article, .. } => article.headline.clone(),
        PageKind::Archive { page } => archive_title(page.kind, &page.name, page.page),
        PageKind::Search => "Search".to_string(),
        PageKind::NotFound => "Page not found".to_string(),
    }
}

/// The picture a page is previewed with: an article's hero; on a section
/// page, the first story's; on the home page, the lead story's, else the
/// first top story's that has one.
pub fn preview_image<'a>(kind: &PageKind<'a>) -> Option<&'a Image> {
    match kind {
        PageKind::Home { front } => front
            .lead
            .as_ref()
            .and_then(|l| l.hero.as_ref())
            .or_else(|| front.top.iter().find_map(|s| s.hero.as_ref())),
        PageKind::Section { first, .. } => first.and_then(|s| s.hero.as_ref()),
        PageKind::Article { article, .. } => article.hero.as_ref(),
        // An author's photo, else the first story's picture.
        PageKind::Archive { page } => page
            .photo
            .as_ref()
            .or_else(|| page.items.first().and_then(|s| s.hero.as_ref())),
        PageKind::Search | PageKind::NotFound => None,
    }
}

/// An image's address as a link preview needs it: absolute. Content gives
/// site-relative paths (`/media/world/x.svg`, resolved against `base_url`)
/// or absolute http(s) URLs, kept as they are.
pub fn absolute_url(base_url: &str, src: &str) -> String {
    if src.starts_with("https://") || src.starts_with("http://") {
        src.to_string()
    } else {
        format!("{}{}", with_slash(base_url), src.trim_start_matches('/'))
    }
}

fn with_slash(base_url: &str) -> String {
    format!("{}/", base_url.trim_end_matches('/'))
}

/// The HTML that goes inside `<head>` of a page, one element a line.
///
/// `base_url`: the absolute URL the site is published at, ending in '/',
/// e.g. "https://herald.example.org/news/". `path`: the page's path
/// relative to the site root, no leading slash: "" (home), "world/",
/// "world/page/2/", "world/some-slug/"; `None` for the not-found page,
/// which gets no canonical link and `<meta name="robots" content="noindex">`.
///
/// Every text is escaped, in attributes and in the JSON-LD alike, so the
/// page reads back exactly the text the content has. In the JSON-LD an
/// author with a page has its `url`.
pub fn head_html(site: &Site, base_url: &str, kind: &PageKind, path: Option<&str>) -> String {
    let base = with_slash(base_url);
    let canonical = path.map(|p| format!("{base}{}", p.trim_start_matches('/')));
    let page = page_title(kind);
    let archive_about = match kind {
        PageKind::Archive { page } => archive_description(page.kind, &page.name, &page.about),
        _ => String::new(),
    };
    let description = match kind {
        PageKind::Home { .. } => Some(site.tagline.as_str()),
        PageKind::Section { section, .. } => Some(section.description.as_str()),
        PageKind::Article { article, .. } => Some(article.standfirst.as_str()),
        PageKind::Archive { .. } => Some(archive_about.as_str()),
        PageKind::Search | PageKind::NotFound => None,
    }
    .filter(|d| !d.trim().is_empty());
    let image = preview_image(kind);
    let image_url = image.map(|i| absolute_url(&base, &i.src));
    let share_title = if page.is_empty() {
        site.name.as_str()
    } else {
        page.as_str()
    };

    let mut h = Head(String::with_capacity(4096));
    h.0.push_str("<title>");
    push_escaped(&mut h.0, &title_text(&page, &site.name));
    h.0.push_str("</title>\n");
    if let Some(d) = description {
        h.meta("name", "description", d);
    }
    // Results pages are not for search engines' own results.
    if canonical.is_none() || matches!(kind, PageKind::NotFound | PageKind::Search) {
        h.meta("name", "robots", "noindex");
    }
    if let Some(url) = &canonical {
        h.0.push_str("<link rel=\"canonical\" href=\"");
        push_escaped(&mut h.0, url);
        h.0.push_str("\">\n");
    }
    if let PageKind::Article { article, .. } = kind {
        h.meta("name", "author", &article.authors.join(", "));
    }
    // A tag's or an author's own feed, for feed readers to find.
    if let PageKind::Archive { page } = kind {
        h.0.push_str("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"");
        push_escaped(
            &mut h.0,
            &title_text(&archive_title(page.kind, &page.name, 1), &site.name),
        );
        h.0.push_str("\" href=\"");
        push_escaped(
            &mut h.0,
            &format!("{base}{}", archive_feed_file(page.kind, &page.slug)),
        );
        h.0.push_str("\">\n");
    }

    // OpenGraph.
    let og_type = if matches!(kind, PageKind::Article { .. }) {
        "article"
    } else {
        "website"
    };
    h.meta("property", "og:type", og_type);
    h.meta("property", "og:title", share_title);
    if let Some(d) = description {
        h.meta("property", "og:description", d);
    }
    if let Some(url) = &canonical {
        h.meta("property", "og:url", url);
    }
    h.meta("property", "og:site_name", &site.name);
    if !site.locale.is_empty() {
        h.meta("property", "og:locale", &site.locale.replace('-', "_"));
    }
    if let (Some(image), Some(url)) = (image, &image_url) {
        h.meta("property", "og:image", url);
        h.meta("property", "og:image:width", &image.width.to_string());
        h.meta("property", "og:image:height", &image.height.to_string());
        h.meta("property", "og:image:alt", &image.alt);
    }
    if let PageKind::Article { article, section } = kind {
        h.meta("property", "article:published_time", &article.published);
        h.meta("property", "article:modified_time", modified(article));
        h.meta("property", "article:section", &section.name);
        for tag in &article.tags {
            h.meta("property", "article:tag", tag);
        }
    }

    // Twitter card.
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    h.meta("name", "twitter:card", card);
    h.meta("name", "twitter:title", share_title);
    if let Some(d) = description {
        h.meta("name", "twitter:description", d);
    }
    if let (Some(image), Some(url)) = (image, &image_url) {
        h.meta("name", "twitter:image", url);
        h.meta("name", "twitter:image:alt", &image.alt);
    }

    if let Some(data) = structured_data(site, &base, kind, canonical.as_deref(), image_url) {
        h.0.push_str("<script type=\"application/ld+json\">");
        h.0.push_str(&json_for_script(&data));
        h.0.push_str("</script>\n");
    }
    h.0
}

fn modified(article: &Article) -> &str {
    article.updated.as_deref().unwrap_or(&article.published)
}

struct Head(String);

impl Head {
    /// `<meta {attr}="{key}" content="{value}">`, escaped.
    fn meta(&mut self, attr: &str, key: &str, value: &str) {
        self.0.push_str("<meta ");
        self.0.push_str(attr);
        self.0.push_str("=\"");
        push_escaped(&mut self.0, key);
        self.0.push_str("\" content=\"");
        push_escaped(&mut self.0, value);
        self.0.push_str("\">\n");
    }
}

/// Schema.org data for the page, as one `@graph`: on an article a
/// `NewsArticle` and its `BreadcrumbList`; on a section page its
/// `BreadcrumbList`; on the home page the `WebSite` and the `Organization`
/// that publishes it. Nothing on the not-found page.
fn structured_data(
    site: &Site,
    base: &str,
    kind: &PageKind,
    canonical: Option<&str>,
    image_url: Option<String>,
) -> Option<Value> {
    let graph = match kind {
        PageKind::Search | PageKind::NotFound => return None,
        PageKind::Home { .. } => {
            let mut website = json!({
                "@type": "WebSite",
                "@id": format!("{base}#website"),
                "name": site.name,
                "url": base,
                "publisher": { "@id": format!("{base}#organization") },
            });
            if !site.locale.is_empty() {
                website["inLanguage"] = json!(site.locale);
            }
            if !site.tagline.trim().is_empty() {
                website["description"] = json!(site.tagline);
            }
            vec![website, organization(site, base)]
        }
        PageKind::Section { section, .. } => vec![breadcrumbs(site, base, section, None)],
        PageKind::Archive { page } => vec![archive_data(site, base, page, canonical, image_url)],
        PageKind::Article { article, section } => {
            let authors: Vec<Value> = article
                .authors
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let mut person = json!({ "@type": "Person", "name": name });
                    if let Some(slug) = article.author_slugs.get(i).filter(|s| !s.is_empty()) {
                        person["url"] =
                            json!(format!("{base}{}", author_path(slug, 1).trim_start_matches('/')));
                    }
                    person
                })
                .collect();
            let mut news = json!({
                "@type": "NewsArticle",
                "headline": article.headline,
                "description": article.standfirst,
                "datePublished": article.published,
                "dateModified": modified(article),
                "author": authors,
                "publisher": organization(site, base),
                "articleSection": section.name,
            });
            if let Some(url) = canonical {
                news["url"] = json!(url);
                news["mainEntityOfPage"] = json!({ "@type": "WebPage", "@id": url });
            }
            if let Some(url) = image_url {
                news["image"] = json!([url]);
            }
            if !article.tags.is_empty() {
                news["keywords"] = json!(article.tags);
            }
            if !site.locale.is_empty() {
                news["inLanguage"] = json!(site.locale);
            }
            let crumb = (article.headline.as_str(), canonical);
            vec![news, breadcrumbs(site, base, section, Some(crumb))]
        }
    };
    Some(json!({ "@context": "https://schema.org", "@graph": graph }))
}

/// A tag's page is a `CollectionPage`; an author's a `ProfilePage` about
/// the `Person`.
fn archive_data(
    site: &Site,
    base: &str,
    page: &ArchivePage,
    canonical: Option<&str>,
    image_url: Option<String>,
) -> Value {
    let name = archive_title(page.kind, &page.name, page.page);
    let mut data = match page.kind {
        ArchiveKind::Tag => json!({ "@type": "CollectionPage", "name": name }),
        ArchiveKind::Author => {
            let mut person = json!({ "@type": "Person", "name": page.name });
            if let Some(url) = canonical {
                person["url"] = json!(url);
            }
            if !page.about.trim().is_empty() {
                person["description"] = json!(page.about);
            }
            if let (Some(_), Some(url)) = (&page.photo, image_url) {
                person["image"] = json!(url);
            }
            json!({ "@type": "ProfilePage", "name": name, "mainEntity": person })
        }
    };
    if let Some(url) = canonical {
        data["url"] = json!(url);
    }
    data["isPartOf"] = json!({ "@type": "WebSite", "name": site.name, "url": base });
    data
}

fn organization(site: &Site, base: &str) -> Value {
    json!({
        "@type": "Organization",
        "@id": format!("{base}#organization"),
        "name": site.name,
        "url": base,
        "logo": {
            "@type": "ImageObject",
            "url": format!("{base}{LOGO_FILE}"),
            "width": LOGO_SIZE,
            "height": LOGO_SIZE,
        },
    })
}

/// Home → section (→ the article, with its URL if it has one).
fn breadcrumbs(site: &Site, base: &str, section: &Section, last: Option<(&str, Option<&str>)>) -> Value {
    let section_url = format!("{base}{}", section_path(&section.slug, 1).trim_start_matches('/'));
    let mut items = vec![
        json!({ "@type": "ListItem", "position": 1, "name": site.name, "item": base }),
        json!({ "@type": "ListItem", "position": 2, "name": section.name, "item": section_url }),
    ];
    if let Some((name, url)) = last {
        let mut item = json!({ "@type": "ListItem", "position": 3, "name": name });
        if let Some(url) = url {
            item["item"] = json!(url);
        }
        items.push(item);
    }
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// JSON to put inside a `<script>` element: `<`, `>` and `&` (which JSON
/// has only inside strings) as `\u003c`, `\u003e` and `\u0026`, so no
/// `</script>` or `<!--` in the content can end or change the element, and
/// U+2028 and U+2029 escaped too; a JSON parser reads the same text back.
pub fn json_for_script(value: &Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `text` with `&`, `<`, `>`, `"` and `'` as character references: safe in
/// an element's text and in a quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}
