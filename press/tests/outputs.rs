//! The derived files: front page, section pages, related articles, feeds,
//! sitemap and robots.txt; determinism; the sample publication; the
//! synthetic archive.

mod common;

use broadsheet_model::{decode, Article, Front, SectionPage, Site, Summary};
use common::{article, sample_content, snapshot, with_hero, Fixture};
use serde_json::Value;
use std::fs;

fn slugs(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap().to_string())
        .collect()
}

/// The slugs of a list of stories read back from a file.
fn story_slugs(list: &[Summary]) -> Vec<String> {
    list.iter().map(|s| s.slug.clone()).collect()
}

#[test]
fn front_page_has_fixed_counts_newest_first() {
    let f = Fixture::new();
    let report = f.build().unwrap();
    assert_eq!((report.articles, report.sections), (5, 2));
    let front = f.json("content/front.json");
    assert_eq!(front["lead"]["slug"], "race");
    assert_eq!(slugs(&front["top"]), ["third", "match", "second", "first"]);
    assert_eq!(
        slugs(&front["sections"][0]["items"]),
        ["third", "second", "first"]
    );
    assert_eq!(front["sections"][1]["section"], "sport");
    assert_eq!(
        slugs(&front["latest"]),
        ["race", "third", "match", "second", "first"]
    );
    let site: Site = decode("site.json", &f.read("content/site.json")).unwrap();
    assert_eq!(site.page_size, 2);
    assert_eq!(site.base_url, "https://times.example.org/news");
    assert_eq!(site.comments, None, "no [comments]: the site takes none");
    assert!(!f.read("content/site.json").contains("comments"));
}

#[test]
fn the_comment_server_goes_into_the_site_file() {
    let f = Fixture::new();
    let site = format!(
        "{}\n[comments]\nservice = \"isso\"\nendpoint = \"https://comments.example.org/\"\n",
        common::SITE
    );
    f.write("content/site.toml", &site);
    f.build().unwrap();
    let json = f.json("content/site.json");
    assert_eq!(json["comments"]["service"], "isso");
    assert_eq!(json["comments"]["endpoint"], "https://comments.example.org");
}

#[test]
fn section_pages_split_the_section_newest_first() {
    let f = Fixture::new();
    f.build().unwrap();
    let one: SectionPage = decode("1", &f.read("content/sections/world/1.json")).unwrap();
    let two: SectionPage = decode("2", &f.read("content/sections/world/2.json")).unwrap();
    assert_eq!((one.page, one.total_items, one.total_pages), (1, 3, 2));
    let names = |p: &SectionPage| story_slugs(&p.items);
    assert_eq!(names(&one), ["third", "second"]);
    assert_eq!(names(&two), ["first"]);
    assert!(!f.out().join("content/sections/world/3.json").exists());
    let sport: SectionPage = decode("s", &f.read("content/sections/sport/1.json")).unwrap();
    assert_eq!(names(&sport), ["race", "match"]);
}

#[test]
fn articles_carry_word_count_reading_time_and_related_articles_first_beside_them() {
    let f = Fixture::new();
    f.build().unwrap();
    let slugs = |a: &Article| story_slugs(&a.more_in_section);
    let first: Article = decode("a", &f.read("content/articles/world/first.json")).unwrap();
    // Both share one tag with it; the nearer in time comes first (newest
    // first would be third, second).
    assert_eq!(slugs(&first), ["second", "third"]);
    assert_eq!(first.word_count, 3); // "What happened." + "One."
    assert_eq!(first.reading_minutes, 1);
    // Related (shares tag b), then the newest of the others.
    let third: Article = decode("a", &f.read("content/articles/world/third.json")).unwrap();
    assert_eq!(slugs(&third), ["first", "second"]);
    // Same tag, other section: not related; its section's newest other.
    let m: Article = decode("a", &f.read("content/articles/sport/match.json")).unwrap();
    assert_eq!(slugs(&m), ["race"]);
    // The related articles are not written apart as well.
    for file in ["world/first", "world/third", "sport/match"] {
        let text = f.read(&format!("content/articles/{file}.json"));
        assert!(!text.contains("\"related\""), "{text}");
    }
}

#[test]
fn articles_carry_the_lists_beside_them() {
    let f = Fixture::new();
    // World: first, second, third (newest); Sport: match, race (newest).
    for i in 0..6 {
        f.write(
            &format!("content/world/extra-{i}.md"),
            &article("Extra", &format!("2023-0{}-01T09:00:00Z", i + 1), &[], "x\n"),
        );
    }
    f.build().unwrap();
    let slugs = story_slugs;
    let second: Article = decode("a", &f.read("content/articles/world/second.json")).unwrap();
    // Its related article (first shares tag a), then its section's newest
    // others, four in all.
    assert_eq!(
        slugs(&second.more_in_section),
        ["first", "third", "extra-5", "extra-4"]
    );
    // The site's newest others but those the first list shows (third and
    // first would be second and fourth).
    assert_eq!(slugs(&second.latest), ["race", "match", "extra-3", "extra-2"]);
    let race: Article = decode("a", &f.read("content/articles/sport/race.json")).unwrap();
    assert_eq!(slugs(&race.more_in_section), ["match"]);
    assert_eq!(slugs(&race.latest), ["third", "second", "first", "extra-5"]);
    // Beside every article, no story twice, and never the article itself.
    for (section, slug) in [
        ("world", "first"),
        ("world", "third"),
        ("world", "extra-0"),
        ("sport", "match"),
    ] {
        let a: Article = decode("a", &f.read(&format!("content/articles/{section}/{slug}.json"))).unwrap();
        let mut shown = slugs(&a.more_in_section);
        shown.extend(slugs(&a.latest));
        let count = shown.len();
        shown.sort();
        shown.dedup();
        assert_eq!(shown.len(), count, "{slug}: {shown:?}");
        assert!(!shown.contains(&slug.to_string()), "{slug}");
    }
}

/// Which of `list`'s stories carry a standfirst, and which a picture.
fn carried(list: &Value) -> (Vec<bool>, Vec<bool>) {
    let items = list.as_array().unwrap();
    let has = |key: &str| items.iter().map(|s| s.get(key).is_some()).collect();
    (has("standfirst"), has("hero"))
}

#[test]
fn lists_that_show_only_headlines_carry_no_standfirst_or_picture() {
    let f = Fixture::new();
    // The newest story, with a picture: the lead, and in the lists beside
    // the articles.
    with_hero(&f, "pictured", "Pictured", 1200, 675);
    f.build().unwrap();
    let front = f.json("content/front.json");
    // Shown with standfirst and picture: the lead and the top stories.
    assert_eq!(front["lead"]["slug"], "pictured");
    assert_eq!(front["lead"]["standfirst"], "What happened.");
    assert_eq!(front["lead"]["hero"]["alt"], "A picture.");
    assert_eq!(carried(&front["top"]).0, [true; 4]);
    // Headlines only: the section blocks and the latest.
    assert_eq!(slugs(&front["latest"])[0], "pictured");
    assert_eq!(carried(&front["latest"]), (vec![false; 6], vec![false; 6]));
    let world = &front["sections"][0]["items"];
    assert_eq!(slugs(world)[0], "pictured");
    assert_eq!(carried(world), (vec![false; 4], vec![false; 4]));
    // A section's page lists it with both.
    let page = f.json("content/sections/world/1.json");
    assert_eq!(slugs(&page["items"])[0], "pictured");
    let (standfirsts, heroes) = carried(&page["items"]);
    assert_eq!((standfirsts[0], heroes[0]), (true, true));
    // Beside an article: headlines only, both lists (the pictured story is
    // among "More articles" beside a World story, and first in the latest
    // beside a Sport one).
    for (file, list, len) in [
        ("world/first", "more_in_section", 3),
        ("sport/match", "latest", 4),
    ] {
        let beside = f.json(&format!("content/articles/{file}.json"));
        assert!(slugs(&beside[list]).contains(&"pictured".into()), "{list}");
        assert_eq!(
            carried(&beside[list]),
            (vec![false; len], vec![false; len]),
            "{list}"
        );
    }
    // The file still reads back, every story with its headline.
    let read: Article = decode("a", &f.read("content/articles/sport/match.json")).unwrap();
    assert_eq!(read.latest[0].headline, "Pictured");
    assert_eq!(
        (read.latest[0].standfirst.as_str(), read.latest[0].hero.is_none()),
        ("", true)
    );
    let read: Front = decode("f", &f.read("content/front.json")).unwrap();
    assert_eq!(read.latest[0].headline, "Pictured");
}

#[test]
fn related_articles_are_few_same_section_and_share_a_tag() {
    let f = Fixture::new();
    for i in 0..12 {
        let tags: &[&str] = if i % 3 == 0 { &["x", "y"] } else { &["x"] };
        f.write(
            &format!("content/world/many-{i}.md"),
            &article(
                &format!("Many {i}"),
                &format!("2024-02-{:02}T00:00:00Z", i + 1),
                tags,
                "Text.\n",
            ),
        );
    }
    f.build().unwrap();
    let a: Article = decode("a", &f.read("content/articles/world/many-6.json")).unwrap();
    let related = story_slugs(&a.more_in_section);
    assert_eq!(related.len(), broadsheet_press::RELATED);
    // Sharing both tags first (nearest first, then newer), then one tag, nearest first.
    // (The article itself, many-6, is not among them.)
    assert_eq!(related, ["many-9", "many-3", "many-0", "many-7"]);
}

#[test]
fn feeds_parse_and_escape_headlines() {
    let f = Fixture::new();
    f.write(
        "content/world/escapes.md",
        &article(
            "Fish & chips: \"<hot>\" 'n' ready",
            "2024-01-01T06:00:00Z",
            &["a&b"],
            "Text.\n",
        ),
    );
    f.build().unwrap();
    let feed = f.read("feed.xml");
    let channel = rss::Channel::read_from(feed.as_bytes()).expect("feed.xml is RSS");
    assert_eq!(channel.title(), "The Test Times");
    assert_eq!(channel.link(), "https://times.example.org/news/");
    assert_eq!(channel.description(), "Fish & chips <daily>");
    assert_eq!(channel.language(), Some("en-GB"));
    // The newest article's time, not the build's.
    assert_eq!(channel.last_build_date(), Some("Thu, 04 Jan 2024 11:00:00 GMT"));
    let items = channel.items();
    assert_eq!(items.len(), 6);
    assert_eq!(items[0].title(), Some("Race"));
    assert_eq!(
        items[0].link(),
        Some("https://times.example.org/news/sport/race/")
    );
    assert_eq!(
        items[0].guid().unwrap().value(),
        "https://times.example.org/news/sport/race/"
    );
    assert_eq!(items[0].pub_date(), Some("Thu, 04 Jan 2024 11:00:00 GMT"));
    assert_eq!(items[0].description(), Some("What happened."));
    let escaped = items.last().unwrap();
    assert_eq!(escaped.title(), Some("Fish & chips: \"<hot>\" 'n' ready"));
    let categories: Vec<&str> = escaped.categories().iter().map(|c| c.name()).collect();
    assert_eq!(categories, ["World", "a&b"]);
    // The raw text escapes every one of & < > ".
    assert!(feed.contains("Fish &amp; chips: &quot;&lt;hot&gt;&quot; &apos;n&apos; ready"));

    // Authors, through a plain XML parser.
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let creators: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://purl.org/dc/elements/1.1/", "creator")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(creators.len(), 6);
    assert!(creators.iter().all(|c| *c == "A. Writer"));

    let world = rss::Channel::read_from(f.read("feeds/world.xml").as_bytes()).unwrap();
    assert_eq!(world.title(), "World – The Test Times");
    assert_eq!(world.link(), "https://times.example.org/news/world/");
    let titles: Vec<&str> = world.items().iter().filter_map(|i| i.title()).collect();
    assert_eq!(
        titles,
        ["Third", "Second", "First", "Fish & chips: \"<hot>\" 'n' ready"]
    );
    let sport = rss::Channel::read_from(f.read("feeds/sport.xml").as_bytes()).unwrap();
    assert_eq!(sport.items().len(), 2);
}

#[test]
fn feeds_hold_the_newest_twenty() {
    let f = Fixture::new();
    for i in 0..30 {
        f.write(
            &format!("content/world/n-{i}.md"),
            &article(
                &format!("N{i}"),
                &format!("2024-03-{:02}T00:00:00Z", i + 1),
                &[],
                "Text.\n",
            ),
        );
    }
    f.build().unwrap();
    let channel = rss::Channel::read_from(f.read("feed.xml").as_bytes()).unwrap();
    assert_eq!(channel.items().len(), broadsheet_press::FEED_ITEMS);
    assert_eq!(channel.items()[0].title(), Some("N29"));
    assert_eq!(channel.last_build_date(), Some("Sat, 30 Mar 2024 00:00:00 GMT"));
}

#[test]
fn sitemap_lists_home_sections_and_articles() {
    let f = Fixture::new();
    f.write(
        "content/world/second.md",
        &article("Second", "2024-01-02T09:00:00Z", &["a"], "Two.\n")
            .replace("+++\nTwo", "updated = \"2024-02-01T10:00:00+01:00\"\n+++\nTwo"),
    );
    f.build().unwrap();
    let text = f.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let urls: Vec<(String, Option<String>)> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ns, "url")))
        .map(|u| {
            let child = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name((ns, name)))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    let base = "https://times.example.org/news/";
    // Home, two sections, the tags a, b and c (changed last with the second), five articles.
    assert_eq!(urls.len(), 1 + 2 + 3 + 5);
    assert!(urls.contains(&(format!("{base}tag/a/"), Some("2024-02-01T09:00:00Z".into()))));
    assert!(urls.contains(&(format!("{base}tag/c/"), Some("2024-01-03T09:00:00Z".into()))));
    assert_eq!(urls[0], (base.to_string(), Some("2024-02-01T09:00:00Z".into())));
    assert_eq!(
        urls[1],
        (format!("{base}world/"), Some("2024-02-01T09:00:00Z".into()))
    );
    assert_eq!(
        urls[2],
        (format!("{base}sport/"), Some("2024-01-04T11:00:00Z".into()))
    );
    assert!(urls.contains(&(
        format!("{base}world/second/"),
        Some("2024-02-01T09:00:00Z".into())
    )));
    assert!(urls.contains(&(format!("{base}world/first/"), Some("2024-01-01T09:00:00Z".into()))));

    let robots = f.read("robots.txt");
    assert!(robots.starts_with("User-agent: *\n"));
    assert!(robots.contains(&format!("\nSitemap: {base}sitemap.xml\n")));
}

#[test]
fn the_same_sources_give_the_same_bytes() {
    let f = Fixture::new();
    broadsheet_press::build(&sample_content(), &f.path("one")).unwrap();
    broadsheet_press::build(&sample_content(), &f.path("two")).unwrap();
    let one = snapshot(&f.path("one"));
    assert!(one.len() > 50);
    assert_eq!(one, snapshot(&f.path("two")));
    // And building again over the same folder changes nothing.
    broadsheet_press::build(&sample_content(), &f.path("one")).unwrap();
    assert_eq!(one, snapshot(&f.path("one")));
}

#[test]
fn the_sample_publication_builds_and_decodes() {
    let f = Fixture::new();
    let report = broadsheet_press::build(&sample_content(), &f.out()).unwrap();
    assert!(report.articles >= 30, "{report:?}");
    let site: Site = decode("site", &f.read("content/site.json")).unwrap();
    let front: Front = decode("front", &f.read("content/front.json")).unwrap();
    assert!(front.lead.is_some());
    let mut listed = 0;
    for section in &site.sections {
        let mut page = 1;
        while let Ok(text) = fs::read_to_string(
            f.out()
                .join(format!("content/sections/{}/{page}.json", section.slug)),
        ) {
            let listing: SectionPage = decode("page", &text).unwrap();
            for item in &listing.items {
                let text = f.read(&format!("content/articles/{}/{}.json", item.section, item.slug));
                let a: Article = decode("article", &text).unwrap();
                assert_eq!(a.slug, item.slug);
                // Written exactly as the model writes an article.
                assert_eq!(serde_json::to_string(&a).unwrap(), text);
                if let Some(hero) = &a.hero {
                    assert!(
                        f.out().join(hero.src.trim_start_matches('/')).is_file(),
                        "{}",
                        hero.src
                    );
                }
                listed += 1;
            }
            page += 1;
        }
    }
    assert_eq!(listed, report.articles);
    let sitemap = f.read("sitemap.xml");
    let sources = broadsheet_press::load_sources(&sample_content()).unwrap();
    assert!(!sources.tags.is_empty() && !sources.authors.is_empty());
    assert_eq!(
        sitemap.matches("<url>").count(),
        1 + site.sections.len() + sources.tags.len() + sources.authors.len() + report.articles
    );
    for section in &site.sections {
        let feed =
            rss::Channel::read_from(f.read(&format!("feeds/{}.xml", section.slug)).as_bytes()).unwrap();
        assert!(!feed.items().is_empty());
    }
}

#[test]
fn synthetic_archives_build_and_share_their_newest_articles() {
    let f = Fixture::new();
    broadsheet_press::synth(&f.path("small"), 200, 7).unwrap();
    broadsheet_press::synth(&f.path("large"), 600, 7).unwrap();
    broadsheet_press::synth(&f.path("again"), 200, 7).unwrap();
    assert_eq!(snapshot(&f.path("small")), snapshot(&f.path("again")));
    // A folder made by synth is replaced; any other is refused.
    broadsheet_press::synth(&f.path("again"), 30, 7).unwrap();
    assert!(broadsheet_press::synth(&f.path("content"), 30, 7).is_err());

    let small = broadsheet_press::build(&f.path("small"), &f.path("small-out")).unwrap();
    let large = broadsheet_press::build(&f.path("large"), &f.path("large-out")).unwrap();
    assert_eq!((small.articles, large.articles), (200, 600));
    // Every byline is declared: author pages, and no warning about them.
    assert!(
        !small.warnings.iter().any(|w| w.message.contains("author")),
        "{:?}",
        small.warnings
    );
    let sources = broadsheet_press::load_sources(&f.path("small")).unwrap();
    assert_eq!(sources.authors.len(), 16);
    for a in &sources.authors {
        assert!(f
            .path("small-out")
            .join(format!("content/authors/{}/1.json", a.slug))
            .is_file());
    }
    for file in ["content/site.json", "content/front.json"] {
        assert_eq!(
            fs::read(f.path("small-out").join(file)).unwrap(),
            fs::read(f.path("large-out").join(file)).unwrap(),
            "{file}"
        );
    }
    let page = |dir: &str| -> SectionPage {
        decode(
            "p",
            &fs::read_to_string(f.path(dir).join("content/sections/world/1.json")).unwrap(),
        )
        .unwrap()
    };
    assert_eq!(page("small-out").items, page("large-out").items);
}
