//! Build-time rendering (the `ssr` feature, used by broadsheet-press): the
//! app's own view of a page, as HTML, from content given in memory. The app
//! in the browser then takes the page over (hydration) instead of drawing
//! it again; docs/rendering.md.

use crate::navigation::{Address, RenderedAt};
use crate::{links, load, App};
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use std::sync::Arc;

/// Renders pages of one site on this thread.
pub struct Renderer(());

impl Renderer {
    /// For a site published under `base_href`, the shell's `<base href>`
    /// (`/` or `/news/`).
    pub fn new(base_href: &str) -> Renderer {
        links::set_render_base(Some(base_href));
        Renderer(())
    }

    /// `value` is the content of `file` (a path such as
    /// `content/site.json`) for every page rendered next, until `forget`.
    pub fn give<T: Send + Sync + 'static>(&self, file: String, value: Arc<T>) {
        load::preload(file, value);
    }

    /// Forgets every file given.
    pub fn forget(&self) {
        load::forget_all();
    }

    /// The contents of `<body>` for the page at `path` (below the base path,
    /// such as `/world/page/2/`). Any content file the page needs and was
    /// not given is drawn as loading, as the app would before it arrives.
    pub fn body(&self, path: &str) -> String {
        let url = format!("{}{path}", links::base());
        let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
        owner.with(|| {
            provide_context(RenderedAt(Address {
                path: url.clone(),
                ..Address::default()
            }));
            view! { <App /> }.to_html()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_model::{section_page_file, site_file, Section, SectionPage, Site, Summary};

    fn site() -> Site {
        Site {
            schema: 1,
            name: "The Herald".into(),
            tagline: "News".into(),
            locale: "en-US".into(),
            time_zone: "UTC".into(),
            base_url: "https://example.org/".into(),
            page_size: 2,
            sections: vec![Section {
                slug: "world".into(),
                name: "World".into(),
                description: "Abroad".into(),
            }],
            comments: None,
        }
    }

    fn story(slug: &str) -> Summary {
        Summary {
            slug: slug.into(),
            section: "world".into(),
            headline: format!("Headline <{slug}>"),
            standfirst: "Standfirst".into(),
            published: "2026-01-02T10:00:00Z".into(),
            hero: None,
            reading_minutes: 3,
        }
    }

    #[test]
    fn a_section_page_is_drawn_with_its_stories_under_the_base_path() {
        let renderer = Renderer::new("/news/");
        renderer.give(site_file(), Arc::new(site()));
        let listing = SectionPage {
            schema: 1,
            section: "world".into(),
            page: 2,
            page_size: 2,
            total_items: 3,
            total_pages: 2,
            items: vec![story("a-b")],
        };
        renderer.give(section_page_file("world", 2), Arc::new(listing));
        let html = renderer.body("/world/page/2/");
        assert!(html.contains("Headline &lt;a-b&gt;"), "{html}");
        assert!(html.contains("href=\"/news/world/a-b/\""), "{html}");
        assert!(html.contains("href=\"/news/world/\""), "{html}");
        // Not drawn as loading (the search box's `placeholder` is another matter).
        assert!(!html.contains("class=\"placeholder"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }

    #[test]
    fn an_article_is_drawn_in_full_with_its_comment_form() {
        use broadsheet_model::{article_file, Article, Block, Comments, Span};
        let renderer = Renderer::new("/");
        renderer.forget();
        let mut site = site();
        site.comments = Some(Comments {
            service: "isso".into(),
            endpoint: "/comments".into(),
        });
        renderer.give(site_file(), Arc::new(site));
        let article = Article {
            schema: 1,
            slug: "a-b".into(),
            section: "world".into(),
            headline: "Q&A: \"</script><script>alert(1)</script>\" <b>".into(),
            standfirst: "Standfirst".into(),
            authors: vec!["Ann Lee".into()],
            author_slugs: vec!["ann-lee".into()],
            published: "2026-01-02T10:00:00Z".into(),
            updated: None,
            hero: None,
            tags: vec!["Floods".into()],
            tag_slugs: vec!["floods".into()],
            body: vec![Block::Paragraph {
                spans: vec![Span::plain("The body text.")],
            }],
            word_count: 3,
            reading_minutes: 1,
            more_in_section: Vec::new(),
            latest: Vec::new(),
        };
        renderer.give(article_file("world", "a-b"), Arc::new(article));
        let html = renderer.body("/world/a-b/");
        assert!(html.contains("<h1 tabindex=\"-1\">Q&amp;A: \"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" &lt;b&gt;</h1>"), "{html}");
        assert!(html.contains("The body text."), "{html}");
        assert!(html.contains("<a href=\"/tag/floods/\">Floods</a>"), "{html}");
        assert!(
            html.contains("By <a href=\"/author/ann-lee/\">Ann Lee</a>"),
            "{html}"
        );
        assert!(html.contains("<textarea"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("<time datetime=\"2026-01-02T10:00:00Z\">January 2, 2026</time>"),
            "{html}"
        );
    }

    #[test]
    fn a_tag_page_is_drawn_with_its_pager_and_an_author_page_with_its_photo() {
        use broadsheet_model::{ArchiveKind, ArchivePage, Image};
        let renderer = Renderer::new("/news/");
        renderer.forget();
        renderer.give(site_file(), Arc::new(site()));
        let page = |kind, slug: &str, name: &str| ArchivePage {
            schema: 1,
            kind,
            slug: slug.into(),
            name: name.into(),
            about: String::new(),
            photo: None,
            page: 1,
            page_size: 2,
            total_items: 3,
            total_pages: 2,
            items: vec![story("a-b"), story("c-d")],
        };
        let tag = page(ArchiveKind::Tag, "kim-jong-un", "Kim <Jong> Un");
        renderer.give(ArchiveKind::Tag.file("kim-jong-un", 1), Arc::new(tag));
        let html = renderer.body("/tag/kim-jong-un/");
        assert!(
            html.contains("<h1 tabindex=\"-1\">Kim &lt;Jong&gt; Un</h1>"),
            "{html}"
        );
        assert!(html.contains("3 articles<!> · page 1 of 2"), "{html}");
        assert!(html.contains("href=\"/news/tag/kim-jong-un/page/2/\""), "{html}");
        assert!(html.contains("href=\"/news/world/c-d/\""), "{html}");
        let mut author = page(ArchiveKind::Author, "ann-lee", "Ann Lee");
        author.about = "Writes.".into();
        author.photo = Some(Image {
            src: "/media/authors/ann.jpg".into(),
            alt: "Ann".into(),
            caption: None,
            credit: None,
            width: 200,
            height: 200,
            variants: None,
        });
        renderer.give(ArchiveKind::Author.file("ann-lee", 1), Arc::new(author));
        let html = renderer.body("/author/ann-lee/");
        assert!(html.contains("src=\"/news/media/authors/ann.jpg\""), "{html}");
        assert!(html.contains("<p>Writes.</p>"), "{html}");
        // A file not given is drawn as loading, as for any view (the press
        // writes no page for a tag nobody has).
        let html = renderer.body("/tag/nobody/");
        assert!(html.contains("placeholder"), "{html}");
    }

    #[test]
    fn content_not_given_is_drawn_as_loading() {
        let renderer = Renderer::new("/");
        renderer.forget();
        renderer.give(site_file(), Arc::new(site()));
        let html = renderer.body("/");
        assert!(html.contains("class=\"placeholder"), "{html}");
        let html = renderer.body("/no/such/page");
        assert!(html.contains("Page not found"), "{html}");
    }
}
