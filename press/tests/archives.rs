//! Tag and author pages: one tag however it is spelled, slugs for any
//! script, the warnings about spellings and undeclared authors, and the
//! files each tag and author gets (JSON pages, feed, sitemap entry, HTML).

mod common;

use broadsheet_model::{decode, ArchiveKind, ArchivePage, Article};
use common::{article, snapshot, Fixture, SITE};

/// The fixture's site with declared authors: one with a page and a photo,
/// one with a page, and an agency.
const AUTHORS: &str = r#"
[[authors]]
name = "A. Writer"
bio = "Writes <everything> & more."
photo = { src = "writer.svg", alt = "A portrait" }

[[authors]]
name = "Béa Côté"
bio = "Sport."

[[authors]]
name = "Reuters"
agency = true
"#;

const PHOTO: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="240"></svg>"#;

fn with_authors() -> Fixture {
    let f = Fixture::new();
    f.write("content/site.toml", &format!("{SITE}{AUTHORS}"));
    f.write("content/authors/writer.svg", PHOTO);
    f
}

/// `article` with other authors.
fn by(authors: &str, headline: &str, published: &str, tags: &[&str]) -> String {
    article(headline, published, tags, "Text.\n").replace("authors = [\"A. Writer\"]", authors)
}

fn warnings(f: &Fixture) -> Vec<String> {
    let sources = broadsheet_press::load_sources(&f.content()).expect("the sources load");
    let root = format!("{}/", f.dir.path().display());
    broadsheet_press::warnings(&f.content(), &sources)
        .iter()
        .map(|w| w.to_string().replace(&root, ""))
        .filter(|w| !w.contains("hero image"))
        .collect()
}

fn page(f: &Fixture, kind: ArchiveKind, slug: &str, n: u32) -> ArchivePage {
    decode("archive page", &f.read(&kind.file(slug, n))).unwrap()
}

#[test]
fn three_spellings_are_one_tag_and_the_odd_ones_are_warned_about() {
    let f = Fixture::new();
    f.write(
        "content/world/first.md",
        &article("First", "2024-01-01T09:00:00Z", &["Kim Jong Un"], "One.\n"),
    );
    f.write(
        "content/world/second.md",
        &article("Second", "2024-01-02T09:00:00Z", &["kim jong un"], "Two.\n"),
    );
    f.write(
        "content/world/third.md",
        &article(
            "Third",
            "2024-01-03T09:00:00Z",
            &["Kim-Jong-Un", "Kim Jong Un"],
            "Three.\n",
        ),
    );
    f.write(
        "content/sport/match.md",
        &article("Match", "2024-01-02T12:00:00Z", &["Kim Jong Un"], "Goal.\n"),
    );
    f.build().unwrap();
    let tag = page(&f, ArchiveKind::Tag, "kim-jong-un", 1);
    // The most used spelling names the tag; newest first, two a page.
    assert_eq!(tag.name, "Kim Jong Un");
    assert_eq!((tag.total_items, tag.total_pages), (4, 2));
    let slugs: Vec<&str> = tag.items.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(slugs, ["third", "match"]);
    let second = page(&f, ArchiveKind::Tag, "kim-jong-un", 2);
    let slugs: Vec<&str> = second.items.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(slugs, ["second", "first"]);
    // Articles carry the tag once, as its page names it, with its slug.
    let third: Article = decode("article", &f.read("content/articles/world/third.json")).unwrap();
    assert_eq!(third.tags, ["Kim Jong Un"]);
    assert_eq!(third.tag_slugs, ["kim-jong-un"]);
    // Each other spelling: a warning at its first article's `tags` line,
    // naming the file and line of the chosen one.
    assert_eq!(
        warnings(&f),
        [
            "content/world/second.md:6: tag \"kim jong un\" is spelled \"Kim Jong Un\" in \
             content/sport/match.md:6; both are the tag /tag/kim-jong-un/, shown as \"Kim Jong Un\": \
             write it one way",
            "content/world/third.md:6: tag \"Kim-Jong-Un\" is spelled \"Kim Jong Un\" in \
             content/sport/match.md:6; both are the tag /tag/kim-jong-un/, shown as \"Kim Jong Un\": \
             write it one way",
        ]
    );
}

#[test]
fn accents_and_other_scripts_get_stable_ascii_slugs() {
    let f = Fixture::new();
    f.write(
        "content/world/first.md",
        &article(
            "First",
            "2024-01-01T09:00:00Z",
            &["Łódź", "café", "Москва", "東京"],
            "One.\n",
        ),
    );
    f.build().unwrap();
    for (slug, name) in [
        ("lodz", "Łódź"),
        ("cafe", "café"),
        ("moskva", "Москва"),
        (broadsheet_press::tag_slug("東京").as_str(), "東京"),
    ] {
        assert!(
            broadsheet_model::Route::parse(&format!("/tag/{slug}/"), "") != broadsheet_model::Route::NotFound
        );
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{slug}"
        );
        assert_eq!(page(&f, ArchiveKind::Tag, slug, 1).name, name);
    }
    // The same name, the same address, build after build.
    assert_eq!(broadsheet_press::tag_slug("東京"), "dong-jing");
    assert!(broadsheet_press::tag_slug("\u{e000}").starts_with("t-"));
}

#[test]
fn declared_authors_get_pages_and_agencies_do_not() {
    let f = with_authors();
    f.write(
        "content/sport/match.md",
        &by(
            "authors = [\"Bea Cote\", \"Reuters\"]",
            "Match",
            "2024-01-02T12:00:00Z",
            &[],
        ),
    );
    f.build().unwrap();
    let writer = page(&f, ArchiveKind::Author, "a-writer", 1);
    assert_eq!(writer.name, "A. Writer");
    assert_eq!(writer.about, "Writes <everything> & more.");
    let photo = writer.photo.as_ref().unwrap();
    assert_eq!(
        (photo.src.as_str(), photo.width, photo.height),
        ("/media/authors/writer.svg", 200, 240)
    );
    assert!(f.out().join("media/authors/writer.svg").is_file());
    assert_eq!(writer.total_items, 4);
    // Matched however the byline spells it; the agency has no page.
    let bea = page(&f, ArchiveKind::Author, "bea-cote", 1);
    assert_eq!(bea.items.len(), 1);
    let files = snapshot(&f.out());
    assert!(!files.keys().any(|k| k.contains("reuters")), "{:?}", files.keys());
    let m: Article = decode("article", &f.read("content/articles/sport/match.json")).unwrap();
    assert_eq!(m.author_slugs, ["bea-cote", ""]);
    // No warnings: every byline is declared.
    assert_eq!(warnings(&f), Vec::<String>::new());
    // Feeds and the sitemap.
    let feed = rss::Channel::read_from(f.read("feeds/authors/a-writer.xml").as_bytes()).unwrap();
    assert_eq!(feed.items().len(), 4);
    assert_eq!(feed.link(), "https://times.example.org/news/author/a-writer/");
    let feed = rss::Channel::read_from(f.read("feeds/tags/a.xml").as_bytes()).unwrap();
    assert_eq!(feed.title(), "Tag: a – The Test Times");
    let sitemap = f.read("sitemap.xml");
    for url in [
        "author/a-writer/",
        "author/bea-cote/",
        "tag/a/",
        "tag/b/",
        "tag/c/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://times.example.org/news/{url}</loc>")),
            "{url}"
        );
    }
    assert!(!sitemap.contains("reuters"));
}

#[test]
fn an_undeclared_author_is_a_warning_with_the_closest_name() {
    let f = with_authors();
    f.write(
        "content/sport/match.md",
        &by("authors = [\"A. Writr\"]", "Match", "2024-01-02T12:00:00Z", &[]),
    );
    f.write(
        "content/sport/race.md",
        &by("authors = [\"Zed\"]", "Race", "2024-01-04T12:00:00Z", &[]),
    );
    // Still builds: no page and no link for them.
    f.build().unwrap();
    let m: Article = decode("article", &f.read("content/articles/sport/match.json")).unwrap();
    assert!(m.author_slugs.is_empty());
    assert_eq!(
        warnings(&f),
        [
            "content/sport/match.md:4: author \"A. Writr\" is not declared in site.toml's [[authors]], \
             so has no page and no byline link; did you mean \"A. Writer\"?",
            "content/sport/race.md:4: author \"Zed\" is not declared in site.toml's [[authors]], \
             so has no page and no byline link",
        ]
    );
}

#[test]
fn a_site_without_declared_authors_has_no_author_pages_or_warnings() {
    let f = Fixture::new();
    f.build().unwrap();
    assert!(!f.out().join("content/authors").exists());
    assert_eq!(warnings(&f), Vec::<String>::new());
}

#[test]
fn mistakes_in_declared_authors_are_errors_at_their_line() {
    let f = Fixture::new();
    f.write(
        "content/site.toml",
        &format!(
            "{SITE}\n[[authors]]\nname = \"Ann\"\n\n[[authors]]\nname = \"ann\"\nbio = \"x\"\n\n\
             [[authors]]\nname = \"Wire\"\nagency = true\nslug = \"wire\"\n\n\
             [[authors]]\nname = \"Pic\"\nbio = \"x\"\nphoto = {{ src = \"nope.jpg\", alt = \"\" }}\n"
        ),
    );
    let errors = f.errors();
    let first = SITE.lines().count();
    assert_eq!(
        errors,
        [
            format!("content/site.toml:{}: author \"Ann\" needs a short `bio` for their page", first + 3),
            format!(
                "content/site.toml:{}: author \"ann\" is declared twice (as \"Ann\" before)",
                first + 6
            ),
            format!(
                "content/site.toml:{}: author slug \"ann\" of \"ann\" is already \"Ann\"'s: give one a `slug`",
                first + 6
            ),
            format!(
                "content/site.toml:{}: \"Wire\" is an agency, which has no page: leave out `slug`",
                first + 12
            ),
            format!(
                "content/site.toml:{}: photo of \"Pic\": `alt` is empty: say what the photo shows",
                first + 17
            ),
        ]
    );
}

#[test]
fn tag_and_author_pages_are_rendered_and_carry_their_content() {
    let f = with_authors();
    f.write(
        "shell.html",
        "<!doctype html><html><head><base href=\"/news/\"><title>x</title></head><body></body></html>",
    );
    broadsheet_press::build_with(&f.content(), &f.out(), Some(&f.path("shell.html"))).unwrap();
    let tag = f.read("tag/a/page/2/index.html");
    assert!(tag.contains("<body data-route=\"/tag/a/page/2/\">"), "{tag}");
    assert!(
        tag.contains("<title>Tag: a, page 2 – The Test Times</title>"),
        "{tag}"
    );
    assert!(tag.contains("data-file=\"content/tags/a/2.json\""), "{tag}");
    assert!(tag.contains("<link rel=\"canonical\" href=\"https://times.example.org/news/tag/a/page/2/\">"));
    assert!(tag.contains(
        "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Tag: a – The Test Times\" \
         href=\"https://times.example.org/news/feeds/tags/a.xml\">"
    ));
    let author = f.read("author/a-writer/index.html");
    assert!(author.contains("<h1 tabindex=\"-1\">A. Writer</h1>"), "{author}");
    assert!(
        author.contains("Writes &lt;everything&gt; &amp; more."),
        "{author}"
    );
    assert!(author.contains("\"@type\":\"ProfilePage\""), "{author}");
    assert!(author.contains(
        "property=\"og:image\" content=\"https://times.example.org/news/media/authors/writer.svg\""
    ));
    // An article links its tags and its byline.
    let first = f.read("world/first/index.html");
    assert!(first.contains("href=\"/news/tag/a/\""), "{first}");
    assert!(first.contains("href=\"/news/author/a-writer/\""), "{first}");
}

#[test]
fn stale_tag_pages_go_when_their_tag_does() {
    let f = Fixture::new();
    f.write(
        "shell.html",
        "<!doctype html><html><head><title>x</title></head><body></body></html>",
    );
    let shell = f.path("shell.html");
    broadsheet_press::build_with(&f.content(), &f.out(), Some(&shell)).unwrap();
    assert!(f.out().join("tag/c/index.html").is_file());
    f.write(
        "content/world/third.md",
        &article("Third", "2024-01-03T09:00:00Z", &["b"], "Three.\n"),
    );
    broadsheet_press::build_with(&f.content(), &f.out(), Some(&shell)).unwrap();
    assert!(!f.out().join("tag/c").exists());
    assert!(!f.out().join("content/tags/c").exists());
    assert!(!f.out().join("feeds/tags/c.xml").exists());
    assert!(f.out().join("tag/b/index.html").is_file());
}
