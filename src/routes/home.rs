use crate::components::{Loaded, StoryCard, StoryList};
use crate::focus::ViewShown;
use crate::hydrate_later::hydrate_later;
use crate::{head, links, load, use_site};
use broadsheet_model::{front_file, Front, SectionBlock};
use leptos::prelude::*;
use std::sync::Arc;

/// `/`: the lead story, top stories, a block per section and the latest.
#[component]
pub fn Home() -> impl IntoView {
    let site = use_site();
    let front = load::resource::<Front>(front_file);
    head::describe_page("", Some(&site.tagline));
    view! {
        <h1 class="visually-hidden" tabindex="-1">{format!("{}: front page", site.name)}</h1>
        <ViewShown />
        <Loaded resource=front nested=true render={|front: Arc<Front>| view! { <FrontPage front /> }} />
    }
}

#[component]
fn FrontPage(front: Arc<Front>) -> impl IntoView {
    let front = Arc::unwrap_or_clone(front);
    let lead = front.lead.map(|summary| {
        view! {
            <div class="lead">
                <StoryCard summary level=2 with_image=true with_standfirst=true eager_image=true />
            </div>
        }
    });
    let sections = front.sections;
    view! {
        <div class="front wrap">
            <section class="top-stories" aria-labelledby="top-stories">
                <h2 id="top-stories" class="visually-hidden">"Top stories"</h2>
                {lead}
                <StoryList items=front.top with_standfirst=true with_image=true />
            </section>
            // Below the top stories: each taken over in a task of its own.
            {hydrate_later(move || view! {
                <aside class="latest" aria-labelledby="latest-heading">
                    <h2 id="latest-heading">"Latest"</h2>
                    <StoryList items=front.latest />
                </aside>
            })}
            {hydrate_later(move || view! { <div class="section-blocks">{section_blocks(sections)}</div> })}
        </div>
    }
}

/// A block per section with stories, each under its section's name.
fn section_blocks(sections: Vec<SectionBlock>) -> impl IntoView {
    let site = use_site();
    sections
        .into_iter()
        .filter(|block| !block.items.is_empty())
        .filter_map(|block| {
            let section = site.section(&block.section)?.clone();
            let heading_id = format!("section-{}", section.slug);
            Some(view! {
                <section class="section-block" aria-labelledby=heading_id.clone()>
                    <h2 id=heading_id.clone()>
                        <a href=links::section(&section.slug)>{section.name}</a>
                    </h2>
                    <StoryList items=block.items />
                </section>
            })
        })
        .collect_view()
}
