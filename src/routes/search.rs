use crate::focus::ViewShown;
use crate::{head, links, search, use_site};
use leptos::prelude::*;

/// `/search/?q=…`: the results page. Its markup is the same for every query
/// (one page rendered at build time serves them all), so it is drawn
/// without one; the search module (`search::open`) reads the query from
/// the address once the view is shown, fills the box and the list, and
/// answers the form from then on. Without JavaScript the page says that
/// search needs it; if the module cannot be loaded, that search is
/// unavailable. Either way it offers the sections.
#[component]
pub fn SearchPage() -> impl IntoView {
    let site = use_site();
    head::describe_page("Search", None);
    let unavailable = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if search::open("page").await.is_err() {
                unavailable.set(true);
            }
        });
    });
    let options = site
        .sections
        .iter()
        .map(|s| view! { <option value=s.slug.clone()>{s.name.clone()}</option> })
        .collect_view();
    let sections = site
        .sections
        .iter()
        .map(|s| view! { <li><a href=links::section(&s.slug)>{s.name.clone()}</a></li> })
        .collect_view();
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
                <p class="search-options">
                    <label for="search-section">"Section"</label>
                    <select id="search-section" name="section">
                        <option value="">"All sections"</option>
                        {options}
                    </select>
                    <label for="search-order">"Order"</label>
                    <select id="search-order" name="order">
                        <option value="">"Most relevant first"</option>
                        <option value="newest">"Newest first"</option>
                    </select>
                </p>
            </form>
            <p class="needs-script" hidden>
                "Search needs JavaScript, which is off in this browser. Browse the sections below instead."
            </p>
            <p id="search-unavailable" class="search-unavailable" role="alert" hidden=move || !unavailable.get()>
                "Search is unavailable right now. Browse the sections below instead."
            </p>
            // The module writes the count here (a live region) and the
            // results below it.
            <p id="search-status" class="search-status" role="status"></p>
            <ol id="search-results" class="search-results"></ol>
            <h2>"Browse the sections"</h2>
            <ul class="section-links">{sections}</ul>
        </div>
    }
}
