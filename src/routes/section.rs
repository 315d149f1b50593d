use crate::components::{ListingPage, Loaded};
use crate::routes::NotFound;
use crate::{head, load, use_site};
use broadsheet_model::{section_page_file, Section, SectionPage as Listing};
use leptos::prelude::*;
use std::sync::Arc;

/// `/{section}/` and `/{section}/page/N/`: a section's articles, newest
/// first, a page at a time.
#[component]
pub fn SectionPage(section: String, page: u32) -> impl IntoView {
    match use_site().section(&section) {
        Some(section) => view! { <Listing section=section.clone() page /> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn Listing(section: Section, page: u32) -> impl IntoView {
    let slug = section.slug.clone();
    let listing = load::resource::<Listing>(move || section_page_file(&slug, page));
    let title = match page {
        1 => section.name.clone(),
        n => format!("{}, page {n}", section.name),
    };
    head::describe_page(&title, Some(&section.description));
    view! {
        <div class="section-page wrap">
            <header class="section-head">
                <h1 tabindex="-1">{section.name.clone()}</h1>
                <p>{section.description.clone()}</p>
            </header>
            <Loaded
                resource=listing
                missing_is_not_found=true
                nested=true
                render={|listing: Arc<Listing>| {
                    let l = Arc::unwrap_or_clone(listing);
                    view! {
                        <ListingPage
                            items=l.items
                            listing=l.section
                            page=l.page
                            total_pages=l.total_pages
                            total_items=l.total_items
                        />
                    }
                }}
            />
        </div>
    }
}
