//! Where focus goes. [`focus_element`] moves it to an element by id (a form
//! field with an error, the comment box after a page is drawn afresh).
//!
//! And on in-app route changes: a single-page app does not load a new
//! document when a link is followed, so nothing tells a keyboard or screen
//! reader user that the page changed: on every route change after the first
//! page, the new view's `h1` takes focus as soon as it is shown, and a live
//! region announces the new document title.
//!
//! Each view reports itself when it is shown, with a [`ViewShown`]; whether
//! its heading takes focus depends only on the app's address at that
//! moment, so the order in which views and their parts appear (a heading
//! at once, or only once the content has loaded) does not matter.

use leptos::prelude::*;
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The id of the live region that announces page changes.
const ANNOUNCER: &str = "route-announcer";

/// How long the announcement waits after being cleared, so that a title
/// equal to the last one is read again.
const ANNOUNCE_DELAY: Duration = Duration::from_millis(100);

#[derive(Default)]
struct State {
    /// Path and query of the first page shown: its heading is not focused.
    first: Option<String>,
    /// Whether the address has changed since the first page.
    navigated: bool,
    /// The address whose heading last took focus.
    claimed: Option<String>,
    /// The next heading shown takes focus, whatever the address (Retry).
    forced: bool,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::default();
}

/// Whether nothing has focus (the page body has it).
fn focus_lost() -> bool {
    document()
        .active_element()
        .is_none_or(|element| element.tag_name().eq_ignore_ascii_case("body"))
}

/// The next view heading shown takes focus, even without a route change:
/// after Retry, whose button goes away with the error.
pub fn expect_heading() {
    STATE.with_borrow_mut(|state| state.forced = true);
}

/// Whether a view heading shown at address `now` should take focus: if it is
/// not the first page's and no heading has taken focus for it yet, if a
/// heading is expected, or if focus was lost (the element holding it went
/// away with the old view).
fn should_focus(now: String) -> bool {
    STATE.with_borrow_mut(|state| {
        let first = state.first.get_or_insert_with(|| now.clone());
        state.navigated |= *first != now;
        let wanted =
            state.forced || (state.navigated && (state.claimed.as_ref() != Some(&now) || focus_lost()));
        if wanted {
            state.forced = false;
            state.claimed = Some(now);
        }
        wanted
    })
}

/// Moves focus to the element `id`, such as a form field (which scrolls it
/// into view).
pub fn focus_element(id: &str) {
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Reads the (new) document title out through the live region.
fn announce() {
    let Some(region) = document().get_element_by_id(ANNOUNCER) else {
        return;
    };
    region.set_text_content(None);
    set_timeout(
        move || region.set_text_content(Some(&document().title())),
        ANNOUNCE_DELAY,
    );
}

/// The visually hidden live region that announces page changes.
#[component]
pub fn RouteAnnouncer() -> impl IntoView {
    view! { <p id=ANNOUNCER class="visually-hidden" aria-live="polite" aria-atomic="true"></p> }
}

/// Marks a view as shown: put inside each view (and each state of it, such
/// as a page of a listing), it moves focus to the view's `h1` after an
/// in-app route change. The heading is the first element matching
/// `heading` (`main h1` unless told), which has `tabindex="-1"` so that
/// script can focus it without making it a tab stop.
#[component]
pub fn ViewShown(#[prop(default = "main h1")] heading: &'static str) -> impl IntoView {
    // The app's address, which is already the new one while the view is
    // drawn (the browser's changes only after); the browser's outside the app.
    let now = crate::navigation::address_now().map(|address| address.page_key());
    Effect::new(move |_| {
        let now = now.clone();
        // At the next frame, when the new view has replaced the old one.
        request_animation_frame(move || {
            let found = document().query_selector(heading).ok().flatten();
            if let Some(heading) = found.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
                if should_focus(now.unwrap_or_else(|| crate::navigation::browser_address().page_key())) {
                    // Without scrolling: the page is where navigation put
                    // it (the top, a fragment, or back where it was).
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = heading.focus_with_options(&options);
                    announce();
                }
            }
        });
    });
}
