//! What a view shows while its content loads, and when it can't.

use crate::focus::{self, ViewShown};
use crate::head;
use crate::load::{LoadError, Loading};
use crate::routes::NotFound;
use leptos::prelude::*;
use std::sync::Arc;

/// Shows `render(value)` once `resource` has loaded; a placeholder before;
/// an error with Retry if it failed. With `missing_is_not_found`, a missing
/// file means the page does not exist, and the not-found view is shown.
/// `nested`: a part of a view that has its own `h1`, so an error here gets
/// an `h2` and leaves the page's title alone.
#[component]
pub fn Loaded<T, F, V>(
    resource: Loading<T>,
    render: F,
    #[prop(optional)] missing_is_not_found: bool,
    #[prop(optional)] nested: bool,
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
        Some(Err(error)) => {
            view! { <ErrorView error nested on_retry=move || resource.refetch() /> }.into_any()
        }
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

/// A failure, in plain words, with a way to try again. The view's heading
/// and title, unless `nested` in a view that has its own.
#[component]
pub fn ErrorView(
    error: LoadError,
    on_retry: impl Fn() + Send + Sync + 'static,
    #[prop(optional)] nested: bool,
) -> impl IntoView {
    // One copy of the view in the wasm, whatever the closure.
    error_view(error, Box::new(on_retry), nested)
}

fn error_view(error: LoadError, on_retry: Box<dyn Fn() + Send + Sync>, nested: bool) -> AnyView {
    const HEADING: &str = "This page could not be loaded";
    let detail = error.to_string();
    let hint = match error {
        LoadError::Network { .. } => "Check your connection, then try again.",
        _ => "This may be a passing problem on the site. Try again in a moment.",
    };
    let heading = if nested {
        view! { <h2>"These articles could not be loaded"</h2> }.into_any()
    } else {
        head::describe_page(HEADING, None);
        view! { <h1 tabindex="-1">{HEADING}</h1> }.into_any()
    };
    // The Retry button goes away with this view: what loads instead takes
    // focus, so it is not lost.
    let retry = move |_| {
        focus::expect_heading();
        on_retry();
    };
    view! {
        <section class="load-error" role="alert">
            {heading}
            <p class="load-error-detail">{detail}</p>
            <p>{hint}</p>
            <button type="button" class="button" on:click=retry>
                "Retry"
            </button>
            <ViewShown />
        </section>
    }
    .into_any()
}
