use super::not_found::SectionLinks;
use crate::focus::ViewShown;
use crate::{head, links, search};
use leptos::prelude::*;

/// `/search/?q=…`: the results page. Its markup is the same for every query
/// (one page rendered at build time serves them all), so it is drawn
/// without one; the search module (`search::open`) reads the query from
/// the address once the view is shown, fills the box and the list, and
/// answers the form from then on, with a section filter and an order it
/// adds. Without JavaScript the page says that
/// search needs it; if the module cannot be loaded, that search is
/// unavailable. Either way it offers the sections.
#[component]
pub fn SearchPage() -> impl IntoView {
    head::describe_page("Search", None);
    Effect::new(|_| search::open("page"));
    view! {
        <div class="search-page wrap">
            <h1 tabindex="-1">"Search"</h1>
            <ViewShown heading=".search-page h1" />
            <form class="search-form" role="search" aria-label="Search the archive" action=links::search("") method="get">
                <p class="search-field">
                    <label for="search-q">"Search the archive"</label>
                    <input id="search-q" type="search" name="q" autocomplete="off" enterkeyhint="search" />
                    <button class="button" type="submit">"Search"</button>
                </p>
                // The section filter and the order: the module adds them
                // (they work only with it); their room is kept, so their
                // arrival moves nothing.
                <p class="search-options"></p>
            </form>
            <p class="needs-script" hidden>
                "Search needs JavaScript, which is off in this browser. Browse the sections below instead."
            </p>
            <p id=search::UNAVAILABLE class="search-unavailable" role="alert" hidden>
                "Search is unavailable right now. Browse the sections below instead."
            </p>
            // The module writes the count here (a live region) and the
            // results below it.
            <p id="search-status" class="search-status" role="status"></p>
            <ol id="search-results" class="search-results"></ol>
            <h2>"Browse the sections"</h2>
            <SectionLinks />
        </div>
    }
}
