use super::{Pager, StoryList};
use crate::focus::ViewShown;
use broadsheet_model::Summary;
use leptos::prelude::*;

/// One page of a listing, newest first: how many articles there are, the
/// page's stories and links to the other pages. Section, tag and author
/// pages share it, so the wasm has one copy. `listing` is the listing's
/// address below the base path without its slashes (`world`,
/// `tag/floods`), which `Pager` pages.
#[component]
pub fn ListingPage(
    items: Vec<Summary>,
    listing: String,
    page: u32,
    total_pages: u32,
    total_items: u32,
) -> impl IntoView {
    let count = match total_items {
        0 => "No articles yet".to_string(),
        1 => "1 article".to_string(),
        n => format!("{n} articles"),
    };
    let position = (total_pages > 1).then(|| format!(" · page {page} of {total_pages}"));
    view! {
        <p class="item-count">{count}{position}</p>
        <StoryList items level=2 with_standfirst=true with_image=true />
        <Pager listing page total=total_pages />
        // Each page of a listing is a view of its own.
        <ViewShown />
    }
}
