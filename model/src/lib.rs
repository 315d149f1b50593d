//! Broadsheet's content model: the JSON files a site is made of, as Rust types.
//!
//! The app reads these files and the publishing tool writes them, so both share
//! this crate. Everything here is plain data and pure logic; it tests natively.
//! The format is documented in `docs/content-format.md`.

#[cfg(test)]
mod block_tests;
mod dates;
mod decode;
mod images;
mod list_item;
mod pagination;
mod paths;
mod routes;

pub use dates::{civil_from_days, parse_rfc3339};
pub use decode::{decode, is_known_schema, ContentError};
pub use images::{Variants, FALLBACK_FORMAT, VARIANT_WIDTHS};
pub use pagination::{page_count, page_window, PageLink};
pub use paths::{
    article_file, author_page_file, front_file, is_safe_href, section_page_file, site_file, tag_page_file,
    CONTENT_DIR,
};
pub use routes::{
    article_path, author_path, decode_query_value, page_number, search_path, section_path, tag_path, Route,
    AUTHOR_SEGMENT, NOT_FOUND_PAGE, PAGE_SEGMENT, SEARCH_SEGMENT, TAG_SEGMENT,
};

use serde::{Deserialize, Serialize};

#[cfg(test)]
mod archive_tests {
    use super::*;

    #[test]
    fn archive_titles_paths_and_files() {
        assert_eq!(archive_title(ArchiveKind::Tag, "climate", 1), "Tag: climate");
        assert_eq!(
            archive_title(ArchiveKind::Author, "Ann Lee", 3),
            "Ann Lee, page 3"
        );
        assert_eq!(ArchiveKind::Tag.path("x", 2), "/tag/x/page/2/");
        assert_eq!(ArchiveKind::Author.path("ann-lee", 1), "/author/ann-lee/");
        assert_eq!(
            ArchiveKind::Author.file("ann-lee", 2),
            "content/authors/ann-lee/2.json"
        );
        assert_eq!(archive_description(ArchiveKind::Author, "A", "Bio."), "Bio.");
        assert!(archive_description(ArchiveKind::Tag, "floods", "").contains("“floods”"));
    }
}

/// A page's document title: `page – site`, or the site's name alone for
/// the homepage (`page` empty), or the page's alone before the site file
/// is in. The app titles its views with it, and the press its pages.
pub fn title_text(page: &str, site: &str) -> String {
    if page.is_empty() || site.is_empty() {
        [page, site].concat()
    } else {
        [page, site].join(" – ")
    }
}

/// The format version written into every content file that uses nothing
/// newer: every file but an article whose body needs version 2
/// ([`schema_for`]).
pub const SCHEMA: u32 = 1;

/// The newest format version; the app reads every version from [`SCHEMA`]
/// up to this one (docs/content-format.md).
pub const NEWEST_SCHEMA: u32 = 2;

/// Every content file starts with its format version.
pub trait Versioned {
    fn schema(&self) -> u32;
}

macro_rules! versioned {
    ($($t:ty),*) => {$(
        impl Versioned for $t {
            fn schema(&self) -> u32 {
                self.schema
            }
        }
    )*};
}
versioned!(Site, Front, SectionPage, ArchivePage, Article);

/// `content/site.json`: the publication itself.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Site {
    pub schema: u32,
    pub name: String,
    pub tagline: String,
    /// BCP 47 language tag used for dates, e.g. `en-US`.
    pub locale: String,
    /// IANA time zone the newsroom works in, e.g. `Europe/London`.
    pub time_zone: String,
    /// Absolute URL the site is published at, for canonical links and feeds.
    #[serde(default)]
    pub base_url: String,
    /// Items per page in every section listing.
    pub page_size: u32,
    pub sections: Vec<Section>,
    /// Where readers' comments are published; none means the site takes no
    /// comments (the form keeps drafts and says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<Comments>,
}

/// The comment server beside the site.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Comments {
    /// The kind of server: `isso` is the one the app speaks to.
    pub service: String,
    /// Its address, without a trailing slash: an absolute http(s) URL, or a
    /// path starting with `/` on the site's own origin, under its base path
    /// like every other site-relative path.
    pub endpoint: String,
}

impl Site {
    pub fn section(&self, slug: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.slug == slug)
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Section {
    pub slug: String,
    pub name: String,
    pub description: String,
}

/// `content/front.json`: everything the homepage shows, and nothing more, so
/// its size does not grow with the archive.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Front {
    pub schema: u32,
    pub lead: Option<Summary>,
    pub top: Vec<Summary>,
    pub sections: Vec<SectionBlock>,
    /// Headline-only ([`Summary::headline_only`]).
    pub latest: Vec<Summary>,
}

/// The newest few stories of one section, as shown on the homepage.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SectionBlock {
    pub section: String,
    /// Headline-only ([`Summary::headline_only`]).
    pub items: Vec<Summary>,
}

/// `content/sections/{section}/{page}.json`: one page of a section, newest first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SectionPage {
    pub schema: u32,
    pub section: String,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
    pub total_items: u32,
    pub total_pages: u32,
    pub items: Vec<Summary>,
}

/// Whose articles an archive page lists.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveKind {
    Tag,
    Author,
}

impl ArchiveKind {
    /// Page `page` of the archive `slug`: `/tag/<slug>/`, `/author/<slug>/page/2/`.
    pub fn path(self, slug: &str, page: u32) -> String {
        match self {
            ArchiveKind::Tag => tag_path(slug, page),
            ArchiveKind::Author => author_path(slug, page),
        }
    }

    /// Its content file: `content/tags/<slug>/<page>.json`, `content/authors/…`.
    pub fn file(self, slug: &str, page: u32) -> String {
        match self {
            ArchiveKind::Tag => tag_page_file(slug, page),
            ArchiveKind::Author => author_page_file(slug, page),
        }
    }
}

/// An archive page's own title, without the site's name: `Tag: climate`
/// or the author's name, and `, page n` after the first page. The app
/// titles the view with it and the press the page.
pub fn archive_title(kind: ArchiveKind, name: &str, page: u32) -> String {
    let mut title = match kind {
        ArchiveKind::Tag => format!("Tag: {name}"),
        ArchiveKind::Author => name.to_string(),
    };
    if page > 1 {
        title.push_str(&format!(", page {page}"));
    }
    title
}

/// An archive page's description: an author's bio; for a tag, what it lists.
pub fn archive_description(kind: ArchiveKind, name: &str, about: &str) -> String {
    match kind {
        ArchiveKind::Tag => format!("Articles tagged “{name}”, newest first."),
        ArchiveKind::Author => about.to_string(),
    }
}

/// `content/tags/{slug}/{page}.json` and `content/authors/{slug}/{page}.json`:
/// one page of the articles with a tag, or by an author, newest first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ArchivePage {
    pub schema: u32,
    pub kind: ArchiveKind,
    pub slug: String,
    /// The tag or the author's name, as readers see it.
    pub name: String,
    /// An author's short bio (empty for tags).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub about: String,
    /// An author's photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<Image>,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
    pub total_items: u32,
    pub total_pages: u32,
    pub items: Vec<Summary>,
}

/// What a listing needs to show an article without loading it.
///
/// Lists that show headlines only (the homepage's section blocks and
/// latest, the lists beside an article) carry no standfirst and no
/// picture: [`Summary::headline_only`]. Those lists are in every page's
/// HTML as the data the app takes over with, so every byte counts.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Summary {
    pub slug: String,
    pub section: String,
    pub headline: String,
    /// Empty (and then left out of the file) in a headline-only list.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub standfirst: String,
    pub published: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hero: Option<Image>,
    #[serde(default)]
    pub reading_minutes: u32,
}

/// `content/articles/{section}/{slug}.json`: one article in full.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Article {
    pub schema: u32,
    pub slug: String,
    pub section: String,
    pub headline: String,
    pub standfirst: String,
    pub authors: Vec<String>,
    /// Each author's page slug (`/author/<slug>/`), in the order of
    /// `authors`; empty for one with no page (a wire service, say).
    /// Added within version 1: older files have none, and then no byline
    /// links anywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub author_slugs: Vec<String>,
    /// RFC 3339.
    pub published: String,
    /// RFC 3339, when the article was changed after publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hero: Option<Image>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Each tag's page slug (`/tag/<slug>/`), in the order of `tags`.
    /// Added within version 1, like `author_slugs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_slugs: Vec<String>,
    pub body: Vec<Block>,
    #[serde(default)]
    pub word_count: u32,
    #[serde(default)]
    pub reading_minutes: u32,
    /// "More articles" beside it: first the articles of its section that
    /// share tags with it, most related first, then the newest others of its
    /// section, a few in all, as of the build (broadsheet-press; may be
    /// empty). Headline-only ([`Summary::headline_only`]). (Files written
    /// before 2026-12-07 carry the related articles apart, in full, as
    /// `related`, which is not read.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_in_section: Vec<Summary>,
    /// The newest few others across the site that `more_in_section` does not
    /// list, newest first, as of the build. Headline-only ([`Summary::headline_only`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub latest: Vec<Summary>,
}

/// A picture with everything needed to show it without layout shift.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Image {
    /// Site-relative (`/media/x.svg`) or http(s).
    pub src: String,
    pub alt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    pub width: u32,
    pub height: u32,
    /// Smaller copies of a photograph for `srcset` (`images`); none for an
    /// SVG, a GIF or an image elsewhere. Added within version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Variants>,
}

/// One block of an article body. Content is data, never markup.
///
/// Externally tagged (`{"paragraph": {...}}`): serde decodes that without
/// buffering, which keeps the app's wasm small. The kinds after `list`, a
/// list item holding a list and a span that is a line break are format
/// version 2 ([`schema_for`]).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        spans: Vec<Span>,
    },
    /// Level 2 to 4; the article headline is the page's only level 1.
    Heading {
        level: u8,
        text: String,
    },
    Image {
        image: Image,
    },
    Quote {
        spans: Vec<Span>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    List {
        ordered: bool,
        items: Vec<ListItem>,
    },
    /// A table of text: header rows, then body rows, each a row of cells.
    Table {
        /// How each column's text is aligned; shorter than the rows (or
        /// empty) means `none` for the rest.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        align: Vec<Align>,
        head: Vec<Vec<Cell>>,
        rows: Vec<Vec<Cell>>,
    },
    /// Preformatted text shown as written, in a fixed-width face.
    Code {
        /// What it is written in, as the source said (`toml`, `text`…);
        /// shown as a label, never used to colour it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        code: String,
    },
    /// A thematic break between parts of the article.
    Separator {},
    /// Two or more pictures shown together.
    Gallery {
        images: Vec<Image>,
    },
    /// Something published elsewhere (a video, a post), shown as a link to
    /// it: no script or frame of the other site is ever loaded.
    Embed {
        /// http(s).
        url: String,
        title: String,
        /// Who publishes it, for readers: `YouTube`, `X`, or the host.
        provider: String,
    },
}

/// A table cell: a run of spans.
pub type Cell = Vec<Span>;

/// How a table column's text is aligned.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// The reader's default (start).
    #[default]
    None,
    Left,
    Center,
    Right,
}

/// One item of a list: its text, and a list inside it. In JSON an item
/// without a list inside is its spans alone (`[Span]`, as in version 1),
/// one with a list `{"spans": [Span], "list": {"ordered": …, "items": …}}`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ListItem {
    pub spans: Vec<Span>,
    pub list: Option<List>,
}

/// A list inside a list item.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct List {
    pub ordered: bool,
    pub items: Vec<ListItem>,
}

impl From<Vec<Span>> for ListItem {
    fn from(spans: Vec<Span>) -> Self {
        ListItem { spans, list: None }
    }
}

/// The format version an article with this body needs: 1 unless it uses
/// something version 2 added, so that apps which read only version 1 keep
/// reading every article that does not.
pub fn schema_for(body: &[Block]) -> u32 {
    fn spans_new(spans: &[Span]) -> bool {
        spans.iter().any(|s| s.br)
    }
    fn items_new(items: &[ListItem]) -> bool {
        items.iter().any(|i| i.list.is_some() || spans_new(&i.spans))
    }
    let new = body.iter().any(|block| match block {
        Block::Paragraph { spans } | Block::Quote { spans, .. } => spans_new(spans),
        Block::List { items, .. } => items_new(items),
        Block::Heading { .. } | Block::Image { .. } => false,
        Block::Table { .. }
        | Block::Code { .. }
        | Block::Separator {}
        | Block::Gallery { .. }
        | Block::Embed { .. } => true,
    });
    if new {
        NEWEST_SCHEMA
    } else {
        SCHEMA
    }
}

/// A run of text with its marks. Nested Markdown (a link in bold) flattens to
/// one span with several marks.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Span {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub em: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strong: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// A line break (version 2): its `text` is `"\n"`, so anything that
    /// reads the text alone still sees the words apart.
    #[serde(default, skip_serializing_if = "is_false")]
    pub br: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    /// A line break.
    pub fn line_break() -> Self {
        Span {
            text: "\n".into(),
            br: true,
            ..Span::default()
        }
    }
}

impl Summary {
    /// The same story for a list that shows only its headline, section,
    /// date and reading time: without the standfirst and the picture.
    pub fn headline_only(&self) -> Summary {
        Summary {
            standfirst: String::new(),
            hero: None,
            ..self.clone()
        }
    }
}

impl From<&Article> for Summary {
    fn from(a: &Article) -> Self {
        Summary {
            slug: a.slug.clone(),
            section: a.section.clone(),
            headline: a.headline.clone(),
            standfirst: a.standfirst.clone(),
            published: a.published.clone(),
            // Listings show the picture, not its caption.
            hero: a.hero.clone().map(|h| Image {
                caption: None,
                credit: None,
                ..h
            }),
            reading_minutes: a.reading_minutes,
        }
    }
}
