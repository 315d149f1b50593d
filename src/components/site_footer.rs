use super::ThemeSwitch;
use crate::{links, use_site};
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = use_site();
    let sections = site
        .sections
        .iter()
        .map(|s| view! { <li><a href=links::section(&s.slug)>{s.name.clone()}</a></li> })
        .collect_view();
    view! {
        <footer class="site-footer">
            <div class="wrap">
                <p class="footer-name">
                    <a href=links::home()>{site.name.clone()}</a>
                </p>
                <p>{site.tagline.clone()}</p>
                <nav aria-label="All sections">
                    <ul>{sections}</ul>
                </nav>
                <ThemeSwitch />
                <p class="footer-small">"Published with Broadsheet."</p>
            </div>
        </footer>
    }
}
