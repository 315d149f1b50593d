use crate::dates::{self, Style};
use crate::{links, use_site};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Skip link, date bar, masthead and section navigation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = use_site();
    let today = dates::format(dates::now_millis(), &site.locale, &site.time_zone, Style::Long);
    let path = use_location().pathname;
    let base = links::base();
    // The section a path is in: "/news/world/slug" → "world".
    let current = Memo::new(move |_| {
        let path = path.get();
        let rest = path.strip_prefix(base.as_str()).unwrap_or(&path);
        rest.trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string()
    });
    let nav_link = move |href: String, slug: String, name: String| {
        let is_current = move || current.get() == slug;
        view! {
            <li>
                <a href=href aria-current=move || is_current().then_some("page")>
                    {name}
                </a>
            </li>
        }
    };
    let sections = site
        .sections
        .iter()
        .map(|s| nav_link(links::section(&s.slug), s.slug.clone(), s.name.clone()))
        .collect_view();
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <div class="date-bar">
                <div class="wrap">{today}</div>
            </div>
            <div class="masthead wrap">
                <a class="masthead-name" href=links::home()>{site.name.clone()}</a>
                <p class="tagline">{site.tagline.clone()}</p>
            </div>
            <nav class="section-nav" aria-label="Sections">
                <ul class="wrap">
                    {nav_link(links::home(), String::new(), "Home".to_string())}
                    {sections}
                </ul>
            </nav>
        </header>
    }
}
