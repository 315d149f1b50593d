use crate::dates::{self, Style};
use crate::use_site;
use leptos::prelude::*;

/// When something was published: `<time>` with the date in the site's
/// language and time zone, or with `relative`, "3 hours ago" within a day.
///
/// A page rendered at build time has the date as the press wrote it; once
/// the app runs, the browser's own (`Intl`, in any language, and "ago"
/// against the reader's clock) replaces it. The first render must not read
/// the clock, so that the app takes over the same text it finds.
#[component]
pub fn When(timestamp: String, #[prop(optional)] relative: bool) -> impl IntoView {
    let site = use_site();
    let text = RwSignal::new(dates::format_timestamp(
        &timestamp,
        &site.locale,
        &site.time_zone,
        Style::Medium,
    ));
    let at = timestamp.clone();
    Effect::new(move |_| {
        let (locale, zone) = (&site.locale, &site.time_zone);
        text.set(match relative {
            true => dates::format_age(&at, locale, zone),
            false => dates::format_timestamp(&at, locale, zone, Style::Medium),
        })
    });
    view! { <time datetime=timestamp>{move || text.get()}</time> }
}
