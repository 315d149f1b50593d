use crate::comments::CommentService;
use crate::components::{
    Body, CommentForm, CommentThread, Figure, Loaded, ShareButton, StoryList, ThreadState, When,
};
use crate::focus::ViewShown;
use crate::hydrate_later::hydrate_later;
use crate::routes::NotFound;
use crate::{head, links, load, use_site};
use broadsheet_model::{article_file, Article, Section, Summary};
use leptos::prelude::*;
use std::sync::Arc;

/// `/{section}/{slug}/`: one article in full.
#[component]
pub fn ArticlePage(section: String, slug: String) -> impl IntoView {
    match use_site().section(&section) {
        Some(section) => view! { <ArticleLoader section=section.clone() slug /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn ArticleLoader(section: Section, slug: String) -> impl IntoView {
    let file = article_file(&section.slug, &slug);
    let article = load::resource::<Article>(move || file.clone());
    view! {
        <Loaded
            resource=article
            missing_is_not_found=true
            render={move |article: Arc<Article>| view! { <ArticleView article section=section.clone() /> }}
        />
    }
}

#[component]
fn ArticleView(article: Arc<Article>, section: Section) -> impl IntoView {
    let site = use_site();
    let article = Arc::unwrap_or_clone(article);
    let service = CommentService::from_site(site.comments.as_ref());
    // Each tag links to its page; an older file has no slugs, so no links.
    let tags = (!article.tags.is_empty()).then(|| {
        let tags = article
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| view! { <li>{linked(t, article.tag_slugs.get(i), links::tag)}</li> })
            .collect_view();
        view! { <ul class="tags" aria-label="Tags">{tags}</ul> }
    });
    head::describe_page(&article.headline, Some(&article.standfirst));
    view! {
        <div class="article-page wrap">
            <article class="article">
                <Breadcrumb section=section.clone() headline=article.headline.clone() />
                <ArticleHead article=&article />
                {article.hero.clone().map(|image| view! { <Figure image eager=true /> })}
                {hydrate_later(move || view! {
                    <div class="article-body">
                        <Body blocks=article.body />
                    </div>
                })}
                {tags}
                <ViewShown />
                <Comments
                    section=article.section
                    slug=article.slug.clone()
                    title=article.headline
                    service
                />
            </article>
            {hydrate_later(move || view! {
                <ArticleRail more_in_section=article.more_in_section latest=article.latest />
            })}
        </div>
    }
}

/// Home › Section › Headline.
#[component]
fn Breadcrumb(section: Section, headline: String) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb">
            <ol>
                <li><a href=links::home()>"Home"</a></li>
                <li><a href=links::section(&section.slug)>{section.name}</a></li>
                <li aria-current="page">{headline}</li>
            </ol>
        </nav>
    }
}

/// Headline, standfirst, byline, dates and the share button.
#[component]
fn ArticleHead<'a>(article: &'a Article) -> impl IntoView {
    let updated = article
        .updated
        .clone()
        .map(|u| view! { " · Updated " <When timestamp=u /> });
    view! {
        <header class="article-head">
            <h1 tabindex="-1">{article.headline.clone()}</h1>
            <p class="standfirst">{article.standfirst.clone()}</p>
            <p class="byline">"By " {byline(article)}</p>
            <p class="dateline">
                <When timestamp=article.published.clone() />
                {updated}
                {(article.reading_minutes > 0).then(|| format!(" · {} min read", article.reading_minutes))}
            </p>
            <ShareButton title=article.headline.clone() />
        </header>
    }
}

/// The authors, "A, B and C", each linked to their page if they have one
/// (an agency, or an author not declared, is plain text).
fn byline(article: &Article) -> Vec<AnyView> {
    let n = article.authors.len();
    let mut parts = Vec::with_capacity(2 * n);
    for (i, name) in article.authors.iter().enumerate() {
        if i > 0 {
            parts.push(if i + 1 == n { " and " } else { ", " }.into_any());
        }
        parts.push(linked(name, article.author_slugs.get(i), links::author).into_any());
    }
    parts
}

/// `text`, as a link to `href(slug)` when there is a slug.
fn linked(text: &str, slug: Option<&String>, href: fn(&str) -> String) -> AnyView {
    match slug.filter(|s| !s.is_empty()) {
        Some(slug) => view! { <a href=href(slug)>{text.to_string()}</a> }.into_any(),
        None => text.to_string().into_any(),
    }
}

/// Beside the article (below it on a phone): more from its section and the
/// latest across the site, as the article's file lists them (written with
/// it, so a page rendered at build time needs no other file). `AnyView`,
/// like `Comments`: a view's type names every element in it, and each type
/// is code in the wasm; erased at these two seams, the article view is
/// 1.6 KB smaller (docs/performance.md).
#[component]
fn ArticleRail(more_in_section: Vec<Summary>, latest: Vec<Summary>) -> AnyView {
    view! {
        <aside class="article-rail" aria-label="More to read">
            <section class="more-articles" aria-labelledby="more-heading">
                <h2 id="more-heading">"More articles"</h2>
                <StoryList items=more_in_section />
            </section>
            <section class="latest-articles" aria-labelledby="latest-articles-heading">
                <h2 id="latest-articles-heading">"Latest articles"</h2>
                <StoryList items=latest />
            </section>
        </aside>
    }
    .into_any()
}

/// Under an article: its published comments (with a comment server), then
/// the form.
#[component]
fn Comments(section: String, slug: String, title: String, service: CommentService) -> AnyView {
    let state = ThreadState::new();
    let thread = match &service {
        CommentService::Isso { endpoint } => {
            let (endpoint, article_path) = (endpoint.clone(), links::comment_thread(&section, &slug));
            Some(hydrate_later(
                move || view! { <CommentThread endpoint article_path state /> },
            ))
        }
        CommentService::Disabled => None,
    };
    view! {
        // Shown by style/noscript.css in place of the thread and the form.
        <p class="needs-script" hidden>
            "Comments need JavaScript: turn it on to read them and to join in."
        </p>
        {thread}
        {hydrate_later(move || view! {
            <CommentForm
                section
                slug
                service
                title
                reply_to=state.reply_to
                on_published=Callback::new(move |comment| state.published(comment))
            />
        })}
    }
    .into_any()
}
