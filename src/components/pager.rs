use crate::links;
use broadsheet_model::{page_window, PageLink};
use leptos::prelude::*;

/// Links to the other pages of a listing: a section (`listing` = `world`),
/// a tag (`tag/floods`) or an author (`author/ann-lee`); every listing's
/// page N is `/<listing>/page/N/` (model/src/routes.rs).
#[component]
pub fn Pager(listing: String, page: u32, total: u32) -> impl IntoView {
    if total <= 1 {
        return None;
    }
    let link = |to: u32, label: String, rel: Option<&'static str>| {
        view! { <a href=links::section_page(&listing, to) rel=rel>{label}</a> }
    };
    let pages = page_window(page, total)
        .into_iter()
        .map(|entry| match entry {
            PageLink::Page(n) if n == page => {
                view! { <li><span aria-current="page">{n.to_string()}</span></li> }.into_any()
            }
            PageLink::Page(n) => view! { <li>{link(n, n.to_string(), None)}</li> }.into_any(),
            PageLink::Gap => view! { <li aria-hidden="true">"…"</li> }.into_any(),
        })
        .collect_view();
    let prev = (page > 1)
        .then(|| view! { <li class="pager-step">{link(page - 1, "Newer".into(), Some("prev"))}</li> });
    let next = (page < total)
        .then(|| view! { <li class="pager-step">{link(page + 1, "Older".into(), Some("next"))}</li> });
    Some(view! {
        <nav class="pager" aria-label="Pages">
            <ul>{prev}{pages}{next}</ul>
        </nav>
    })
}
