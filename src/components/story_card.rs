use super::When;
use super::{Figure, Placement};
use crate::{links, use_site};
use broadsheet_model::Summary;
use leptos::prelude::*;

/// An article in a listing: section, headline (the link), standfirst, time
/// and reading time. `level` is the heading level its place on the page needs.
#[component]
pub fn StoryCard(
    summary: Summary,
    #[prop(default = 3)] level: u8,
    #[prop(optional)] with_image: bool,
    #[prop(optional)] with_standfirst: bool,
    /// The picture is the first view's largest paint: load it at once.
    #[prop(optional)]
    eager_image: bool,
) -> impl IntoView {
    let site = use_site();
    let section_name = site
        .section(&summary.section)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let href = links::article(&summary.section, &summary.slug);
    let link = view! { <a href=href>{summary.headline}</a> };
    let headline = match level {
        ..=2 => view! { <h2 class="card-headline">{link}</h2> }.into_any(),
        _ => view! { <h3 class="card-headline">{link}</h3> }.into_any(),
    };
    let minutes = summary.reading_minutes;
    // The one eager card is the homepage's lead.
    let placement = if eager_image {
        Placement::Lead
    } else {
        Placement::Card
    };
    view! {
        <article class="card">
            {summary.hero.filter(|_| with_image).map(|image| view! { <Figure image eager=eager_image placement /> })}
            <p class="card-section">
                <a href=links::section(&summary.section)>{section_name}</a>
            </p>
            {headline}
            {with_standfirst.then(|| view! { <p class="card-standfirst">{summary.standfirst}</p> })}
            <p class="card-meta">
                <When timestamp=summary.published relative=true />
                {(minutes > 0).then(|| view! { <span class="reading-time">{format!("{minutes} min read")}</span> })}
            </p>
        </article>
    }
}

/// A list of cards.
#[component]
pub fn StoryList(
    items: Vec<Summary>,
    #[prop(default = 3)] level: u8,
    #[prop(optional)] with_standfirst: bool,
    #[prop(optional)] with_image: bool,
) -> impl IntoView {
    let items = items
        .into_iter()
        .map(|summary| view! { <li><StoryCard summary level with_standfirst with_image /></li> })
        .collect_view();
    view! { <ul class="story-list">{items}</ul> }
}
