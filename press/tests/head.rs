//! The `<head>` of each kind of page (`head::head_html`): what it carries,
//! and that every text in it reads back exactly as the content has it.

mod common;

use broadsheet_model::{Article, Front, Image, Section, Site, Summary, SCHEMA};
use broadsheet_press::head::{escape, head_html, json_for_script, title_text, PageKind};
use common::unescape;
use serde_json::{json, Value};

const BASE: &str = "https://herald.example.org/news/";
const HOSTILE: &str = "Q&A: \"</script><script>alert(1)</script>\" <b>";

fn site() -> Site {
    Site {
        schema: SCHEMA,
        name: "The Herald".into(),
        tagline: "News & views".into(),
        locale: "en-US".into(),
        time_zone: "Europe/London".into(),
        base_url: BASE.into(),
        page_size: 10,
        sections: vec![world()],
        comments: None,
    }
}

fn world() -> Section {
    Section {
        slug: "world".into(),
        name: "World".into(),
        description: "Far away".into(),
    }
}

fn image(src: &str) -> Image {
    Image {
        src: src.into(),
        alt: "Boats at sea".into(),
        caption: None,
        credit: None,
        width: 1200,
        height: 675,
        variants: None,
    }
}

fn article(headline: &str) -> Article {
    Article {
        schema: SCHEMA,
        slug: "harbour".into(),
        section: "world".into(),
        headline: headline.into(),
        standfirst: "Talks stalled.".into(),
        authors: vec!["Amara Okafor".into(), "Ben Hale".into()],
        // Ben Hale has no page (an agency, or not declared).
        author_slugs: vec!["amara-okafor".into(), String::new()],
        published: "2024-06-03T08:15:00Z".into(),
        updated: Some("2024-06-03T14:40:00Z".into()),
        hero: Some(image("/media/world/harbour.svg")),
        tags: vec!["fishing".into(), "trade".into()],
        tag_slugs: vec!["fishing".into(), "trade".into()],
        body: Vec::new(),
        word_count: 0,
        reading_minutes: 1,
        more_in_section: Vec::new(),
        latest: Vec::new(),
    }
}

/// Every `<meta>`'s name or property and its content, unescaped. Quotes
/// in values are escaped, so splitting at `"` finds the attributes.
fn metas(head: &str) -> Vec<(String, String)> {
    head.lines()
        .filter(|l| l.starts_with("<meta "))
        .map(|l| {
            let parts: Vec<&str> = l.split('"').collect();
            assert_eq!(parts.len(), 5, "{l}");
            assert_eq!(parts[2], " content=", "{l}");
            (unescape(parts[1]), unescape(parts[3]))
        })
        .collect()
}

fn meta(head: &str, key: &str) -> Option<String> {
    metas(head).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn all(head: &str, key: &str) -> Vec<String> {
    metas(head)
        .into_iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v)
        .collect()
}

fn title(head: &str) -> String {
    let start = head.find("<title>").unwrap() + "<title>".len();
    unescape(&head[start..start + head[start..].find("</title>").unwrap()])
}

fn json_ld(head: &str) -> Option<Value> {
    let open = "<script type=\"application/ld+json\">";
    let start = head.find(open)? + open.len();
    let json = &head[start..start + head[start..].find("</script>").unwrap()];
    assert!(!json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{json}");
    Some(serde_json::from_str(json).unwrap())
}

fn article_head(article: &Article) -> String {
    let kind = PageKind::Article {
        article,
        section: &world(),
    };
    head_html(&site(), BASE, &kind, Some("world/harbour/"))
}

#[test]
fn titles_follow_the_apps_rule() {
    assert_eq!(title_text("", "The Herald"), "The Herald");
    assert_eq!(title_text("World", "The Herald"), "World – The Herald");
    assert_eq!(title_text("Page not found", ""), "Page not found");
}

#[test]
fn escape_covers_the_five_characters() {
    assert_eq!(escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    assert_eq!(escape("plain – text"), "plain – text");
    let json = json_for_script(&json!({ "a": "</script>&\u{2028}\u{2029}" }));
    assert_eq!(json, r#"{"a":"\u003c/script\u003e\u0026\u2028\u2029"}"#);
    let back: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(back["a"], "</script>&\u{2028}\u{2029}");
}

#[test]
fn a_hostile_headline_comes_back_as_its_text() {
    let mut a = article(HOSTILE);
    a.standfirst = format!("It's <i>{HOSTILE}</i>\u{2028}next");
    a.tags = vec!["<tag>".into(), "a&b".into()];
    a.authors = vec!["\"Quoted\" <Name>".into()];
    a.hero.as_mut().unwrap().alt = HOSTILE.into();
    let head = article_head(&a);
    assert!(!head.contains("<script>alert"), "{head}");
    assert!(!head.contains("</script><script>"), "{head}");
    assert!(!head.contains("<b>") && !head.contains("<i>"), "{head}");
    // The only script is the JSON-LD.
    assert_eq!(head.matches("<script").count(), 1, "{head}");
    assert_eq!(head.matches("</script>").count(), 1, "{head}");
    // Each line is one element; no text holds a raw `<` or `>`.
    for line in head.lines() {
        let inner = line
            .strip_prefix("<title>")
            .and_then(|l| l.strip_suffix("</title>"))
            .or_else(|| line.strip_prefix("<script type=\"application/ld+json\">"))
            .map(|l| l.trim_end_matches("</script>"))
            .or_else(|| line.strip_prefix('<').and_then(|l| l.strip_suffix('>')))
            .unwrap_or_else(|| panic!("not one element: {line}"));
        assert!(!inner.contains(['<', '>']), "{line}");
    }

    assert_eq!(title(&head), format!("{HOSTILE} – The Herald"));
    for key in ["og:title", "twitter:title"] {
        assert_eq!(meta(&head, key).as_deref(), Some(HOSTILE), "{key}");
    }
    for key in ["description", "og:description", "twitter:description"] {
        assert_eq!(meta(&head, key), Some(a.standfirst.clone()), "{key}");
    }
    for key in ["og:image:alt", "twitter:image:alt"] {
        assert_eq!(meta(&head, key).as_deref(), Some(HOSTILE), "{key}");
    }
    assert_eq!(all(&head, "article:tag"), a.tags);
    assert_eq!(meta(&head, "author"), Some(a.authors[0].clone()));

    let data = json_ld(&head).unwrap();
    let news = &data["@graph"][0];
    assert_eq!(news["headline"], HOSTILE);
    assert_eq!(news["description"], a.standfirst.as_str());
    assert_eq!(news["keywords"], json!(a.tags));
    assert_eq!(news["author"][0]["name"], a.authors[0].as_str());
    assert_eq!(
        news["image"],
        json!(["https://herald.example.org/news/media/world/harbour.svg"])
    );
    assert_eq!(data["@graph"][1]["itemListElement"][2]["name"], HOSTILE);
}

#[test]
fn an_article_has_everything_previews_and_search_engines_read() {
    let head = article_head(&article("Harbour talks stall"));
    let canonical = "https://herald.example.org/news/world/harbour/";
    assert!(head.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">\n")));
    assert_eq!(title(&head), "Harbour talks stall – The Herald");
    let expected = [
        ("description", "Talks stalled."),
        ("author", "Amara Okafor, Ben Hale"),
        ("og:type", "article"),
        ("og:title", "Harbour talks stall"),
        ("og:description", "Talks stalled."),
        ("og:url", canonical),
        ("og:site_name", "The Herald"),
        ("og:locale", "en_US"),
        (
            "og:image",
            "https://herald.example.org/news/media/world/harbour.svg",
        ),
        ("og:image:width", "1200"),
        ("og:image:height", "675"),
        ("og:image:alt", "Boats at sea"),
        ("article:published_time", "2024-06-03T08:15:00Z"),
        ("article:modified_time", "2024-06-03T14:40:00Z"),
        ("article:section", "World"),
        ("article:tag", "fishing"),
        ("article:tag", "trade"),
        ("twitter:card", "summary_large_image"),
        ("twitter:title", "Harbour talks stall"),
        ("twitter:description", "Talks stalled."),
        (
            "twitter:image",
            "https://herald.example.org/news/media/world/harbour.svg",
        ),
        ("twitter:image:alt", "Boats at sea"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(metas(&head), expected);

    let data = json_ld(&head).unwrap();
    assert_eq!(data["@context"], "https://schema.org");
    let news = &data["@graph"][0];
    assert_eq!(news["@type"], "NewsArticle");
    assert_eq!(news["datePublished"], "2024-06-03T08:15:00Z");
    assert_eq!(news["dateModified"], "2024-06-03T14:40:00Z");
    assert_eq!(
        news["author"],
        json!([
            {
                "@type": "Person",
                "name": "Amara Okafor",
                "url": "https://herald.example.org/news/author/amara-okafor/"
            },
            { "@type": "Person", "name": "Ben Hale" }
        ])
    );
    assert_eq!(
        news["mainEntityOfPage"],
        json!({ "@type": "WebPage", "@id": canonical })
    );
    assert_eq!(news["articleSection"], "World");
    assert_eq!(news["inLanguage"], "en-US");
    assert_eq!(news["keywords"], json!(["fishing", "trade"]));
    let publisher = &news["publisher"];
    assert_eq!(publisher["@type"], "Organization");
    assert_eq!(publisher["name"], "The Herald");
    assert_eq!(publisher["url"], BASE);
    assert_eq!(
        publisher["logo"],
        json!({ "@type": "ImageObject", "url": format!("{BASE}favicon.svg"), "width": 512, "height": 512 })
    );
    let crumbs = &data["@graph"][1];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    let items: Vec<(&Value, &Value, &Value)> = crumbs["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (&i["position"], &i["name"], &i["item"]))
        .collect();
    assert_eq!(
        items,
        [
            (&json!(1), &json!("The Herald"), &json!(BASE)),
            (&json!(2), &json!("World"), &json!(format!("{BASE}world/"))),
            (&json!(3), &json!("Harbour talks stall"), &json!(canonical)),
        ]
    );
}

#[test]
fn unchanged_articles_and_absolute_images() {
    let mut a = article("Harbour talks stall");
    a.updated = None;
    a.hero = Some(image("https://cdn.example.net/x.jpg"));
    let head = article_head(&a);
    assert_eq!(meta(&head, "article:modified_time").unwrap(), a.published);
    assert_eq!(meta(&head, "og:image").unwrap(), "https://cdn.example.net/x.jpg");
    assert_eq!(
        json_ld(&head).unwrap()["@graph"][0]["dateModified"],
        a.published.as_str()
    );
    a.hero = None;
    let head = article_head(&a);
    assert_eq!(meta(&head, "twitter:card").unwrap(), "summary");
    assert!(!head.contains("og:image") && !head.contains("twitter:image"));
    assert!(json_ld(&head).unwrap()["@graph"][0].get("image").is_none());
}

fn summary(slug: &str, hero: Option<Image>) -> Summary {
    Summary {
        slug: slug.into(),
        section: "world".into(),
        headline: slug.into(),
        standfirst: String::new(),
        published: "2024-06-03T08:15:00Z".into(),
        hero,
        reading_minutes: 1,
    }
}

#[test]
fn the_home_page_is_the_site_and_its_publisher() {
    let mut front = Front {
        schema: SCHEMA,
        lead: Some(summary("lead", None)),
        top: vec![
            summary("a", None),
            summary("b", Some(image("/media/world/b.svg"))),
        ],
        sections: Vec::new(),
        latest: Vec::new(),
    };
    let head = head_html(
        &site(),
        "https://herald.example.org/news",
        &PageKind::Home { front: &front },
        Some(""),
    );
    assert_eq!(title(&head), "The Herald");
    assert!(head.contains("<link rel=\"canonical\" href=\"https://herald.example.org/news/\">"));
    assert_eq!(meta(&head, "description").unwrap(), "News & views");
    assert_eq!(meta(&head, "og:type").unwrap(), "website");
    assert_eq!(meta(&head, "og:title").unwrap(), "The Herald");
    assert_eq!(meta(&head, "twitter:title").unwrap(), "The Herald");
    assert_eq!(
        meta(&head, "og:image").unwrap(),
        format!("{BASE}media/world/b.svg")
    );
    let data = json_ld(&head).unwrap();
    let website = &data["@graph"][0];
    assert_eq!(website["@type"], "WebSite");
    assert_eq!(website["name"], "The Herald");
    assert_eq!(website["url"], BASE);
    assert_eq!(website["inLanguage"], "en-US");
    let org = &data["@graph"][1];
    assert_eq!(org["@type"], "Organization");
    assert_eq!(org["url"], BASE);
    assert_eq!(org["logo"]["url"], format!("{BASE}favicon.svg"));

    front.lead.as_mut().unwrap().hero = Some(image("/media/world/lead.svg"));
    let head = head_html(&site(), BASE, &PageKind::Home { front: &front }, Some(""));
    assert_eq!(
        meta(&head, "og:image").unwrap(),
        format!("{BASE}media/world/lead.svg")
    );
    front.lead = None;
    front.top.clear();
    let head = head_html(&site(), BASE, &PageKind::Home { front: &front }, Some(""));
    assert_eq!(meta(&head, "twitter:card").unwrap(), "summary");
}

#[test]
fn section_pages_are_named_by_page() {
    let first = summary("a", Some(image("/media/world/a.svg")));
    let world = world();
    let kind = |page, first| PageKind::Section {
        section: &world,
        page,
        total_pages: 3,
        first,
    };
    let head = head_html(&site(), BASE, &kind(1, Some(&first)), Some("world/"));
    assert_eq!(title(&head), "World – The Herald");
    assert_eq!(meta(&head, "description").unwrap(), "Far away");
    assert_eq!(meta(&head, "og:url").unwrap(), format!("{BASE}world/"));
    assert_eq!(
        meta(&head, "og:image").unwrap(),
        format!("{BASE}media/world/a.svg")
    );
    assert_eq!(meta(&head, "twitter:card").unwrap(), "summary_large_image");
    let crumbs = &json_ld(&head).unwrap()["@graph"][0];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    assert_eq!(crumbs["itemListElement"][1]["item"], format!("{BASE}world/"));

    let head = head_html(&site(), BASE, &kind(2, None), Some("world/page/2/"));
    assert_eq!(title(&head), "World, page 2 – The Herald");
    assert_eq!(meta(&head, "og:title").unwrap(), "World, page 2");
    assert!(head.contains(&format!("<link rel=\"canonical\" href=\"{BASE}world/page/2/\">")));
    assert_eq!(meta(&head, "twitter:card").unwrap(), "summary");
}

#[test]
fn the_not_found_page_is_not_indexed() {
    let head = head_html(&site(), BASE, &PageKind::NotFound, None);
    assert_eq!(title(&head), "Page not found – The Herald");
    assert_eq!(meta(&head, "robots").unwrap(), "noindex");
    assert!(!head.contains("canonical") && !head.contains("og:url"));
    assert!(meta(&head, "description").is_none());
    assert!(json_ld(&head).is_none());
    let front = Front {
        schema: SCHEMA,
        lead: None,
        top: Vec::new(),
        sections: Vec::new(),
        latest: Vec::new(),
    };
    let head = head_html(&site(), BASE, &PageKind::Home { front: &front }, Some(""));
    assert!(meta(&head, "robots").is_none());
}
