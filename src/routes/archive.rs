use crate::components::{ListingPage, Loaded};
use crate::{head, links, load};
use broadsheet_model::{archive_description, archive_title, ArchiveKind, ArchivePage};
use leptos::prelude::*;
use std::sync::Arc;

/// `/tag/<slug>/` and `/author/<slug>/` (and their `/page/N/`): the
/// articles with a tag, or by an author, newest first, a page at a time.
/// The name (and an author's bio and photo) come with the page's file, so
/// a tag or author nobody has is a missing file: "Page not found".
#[component]
pub fn ArchiveRoute(kind: ArchiveKind, slug: String, page: u32) -> impl IntoView {
    let file = kind.file(&slug, page);
    let archive = load::resource::<ArchivePage>(move || file.clone());
    view! {
        <Loaded
            resource=archive
            missing_is_not_found=true
            render={|archive: Arc<ArchivePage>| view! { <ArchiveView archive /> }}
        />
    }
}

#[component]
fn ArchiveView(archive: Arc<ArchivePage>) -> impl IntoView {
    let a = Arc::unwrap_or_clone(archive);
    let about = archive_description(a.kind, &a.name, &a.about);
    head::describe_page(&archive_title(a.kind, &a.name, a.page), Some(&about));
    let kicker = match a.kind {
        ArchiveKind::Tag => "Tag",
        ArchiveKind::Author => "Author",
    };
    let listing = a.kind.path(&a.slug, 1).trim_matches('/').to_string();
    let photo = a.photo.map(|image| {
        view! {
            <img
                class="archive-photo"
                src=links::from_content(&image.src)
                alt=image.alt
                width=image.width
                height=image.height
            />
        }
    });
    view! {
        <div class="section-page archive-page wrap">
            <header class="section-head archive-head">
                {photo}
                <p class="archive-kind">{kicker}</p>
                <h1 tabindex="-1">{a.name}</h1>
                {(!a.about.is_empty()).then(|| view! { <p>{a.about}</p> })}
            </header>
            <ListingPage
                items=a.items
                listing
                page=a.page
                total_pages=a.total_pages
                total_items=a.total_items
            />
        </div>
    }
}
