use crate::focus::ViewShown;
use crate::{head, links, use_site};
use leptos::prelude::*;

/// A link to each section, for pages that offer them instead of what was
/// asked for (not found, search).
#[component]
pub fn SectionLinks() -> impl IntoView {
    let sections = use_site()
        .sections
        .iter()
        .map(|s| view! { <li><a href=links::section(&s.slug)>{s.name.clone()}</a></li> })
        .collect_view();
    view! { <ul class="section-links">{sections}</ul> }
}

/// Any path, section or article that does not exist.
#[component]
pub fn NotFound() -> impl IntoView {
    head::describe_page("Page not found", None);
    view! {
        <section class="not-found wrap">
            <h1 tabindex="-1">"Page not found"</h1>
            <ViewShown heading=".not-found h1" />
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p>
                <a class="button" href=links::home()>"Go to the homepage"</a>
            </p>
            <h2>"Or read a section"</h2>
            <SectionLinks />
        </section>
    }
}
