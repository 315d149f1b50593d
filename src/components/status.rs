//! What a view shows while its content loads, and when it can't.

use crate::load::{LoadError, Loading};
use crate::routes::NotFound;
use leptos::prelude::*;
use std::sync::Arc;

/// Shows `render(value)` once `resource` has loaded; a placeholder before;
/// an error with Retry if it failed. With `missing_is_not_found`, a missing
/// file means the page does not exist, and the not-found view is shown.
#[component]
pub fn Loaded<T, F, V>(
    resource: Loading<T>,
    render: F,
    #[prop(optional)] missing_is_not_found: bool,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    F: Fn(Arc<T>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Placeholder /> }.into_any(),
        Some(Ok(value)) => render(value).into_any(),
        Some(Err(LoadError::NotFound { .. })) if missing_is_not_found => view! { <NotFound /> }.into_any(),
        Some(Err(error)) => view! { <ErrorView error on_retry=move || resource.refetch() /> }.into_any(),
    }
}

/// Grey blocks the size of what is coming, so nothing moves when it arrives.
#[component]
pub fn Placeholder() -> impl IntoView {
    view! {
        <div class="placeholder" aria-busy="true">
            <p class="visually-hidden" role="status">"Loading…"</p>
            <div class="placeholder-line placeholder-title"></div>
            <div class="placeholder-line"></div>
            <div class="placeholder-line"></div>
            <div class="placeholder-line placeholder-short"></div>
        </div>
    }
}

/// A failure, in plain words, with a way to try again.
#[component]
pub fn ErrorView(error: LoadError, on_retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let detail = error.to_string();
    let hint = match error {
        LoadError::Network { .. } => "Check your connection, then try again.",
        _ => "This may be a passing problem on the site. Try again in a moment.",
    };
    view! {
        <section class="load-error" role="alert">
            <h1>"This page could not be loaded"</h1>
            <p class="load-error-detail">{detail}</p>
            <p>{hint}</p>
            <button type="button" class="button" on:click=move |_| on_retry()>
                "Retry"
            </button>
        </section>
    }
}
