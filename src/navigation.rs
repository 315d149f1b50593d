//! The page's address, and following links inside the app: in place of
//! leptos_router.
//!
//! The app routes by its own table (`broadsheet_model::Route`, shared with
//! the build-time renderer) and links with plain `<a href>`, so of a router
//! it needs only the address as a signal, links followed without a page
//! load, and the back and forward buttons. leptos_router brought those with
//! much the app never calls (nested routes, its `<A>` and `<Form>`, query
//! mutations, server-function redirects, its own URL type): this module is
//! what is left, and docs/performance.md gives what the swap saved.
//!
//! It behaves as leptos_router's `BrowserUrl` did: a link is followed in the
//! app when it is a plain left click (no modifier key) on an `<a>` of this
//! origin under the site's base path, with no `target`, `download` or
//! `rel="external"`. The new view is drawn first; then ([`view_drawn`]) the
//! address is pushed to the browser's history and the page scrolls to the
//! top, or to the element the address's `#fragment` names. A link to the
//! same path (only the query or the fragment differs) completes at once.
//! The back and forward buttons set the address, and the browser restores
//! the scroll position itself. Unlike leptos_router, a link the route table
//! does not know (a feed, a file under `media/`) is left to the browser, so
//! the server answers it rather than the app's not-found view.

use crate::links;
use broadsheet_model::{Route, NOT_FOUND_PAGE};
use leptos::prelude::*;

/// An address: its path (with the base path), its query (without the `?`)
/// and its fragment (with the `#`, or empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    pub path: String,
    pub query: String,
    pub hash: String,
}

impl Address {
    /// The address's path below the site's base path (`/news/world/` →
    /// `/world/`), or `None` if it is outside the site.
    pub fn below_base(&self) -> Option<&str> {
        below(&self.path, &links::base())
    }

    /// The page it shows, by the site's route table.
    pub fn route(&self) -> Route {
        self.below_base()
            .map_or(Route::NotFound, |path| Route::parse(path, &self.query))
    }

    /// Path and query, which say which page it is (the fragment does not).
    pub fn page_key(&self) -> String {
        format!("{}?{}", self.path, self.query)
    }

    /// As written in a link: `/world/?page=2#top`.
    pub fn href(&self) -> String {
        let query = if self.query.is_empty() { "" } else { "?" };
        format!("{}{query}{}{}", self.path, self.query, self.hash)
    }
}

/// `path` below `base` (`""` or `/news`), if it is in it: `/news` and
/// `/news/…` are, `/newsroom` is not.
fn below<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    let rest = path.strip_prefix(base)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// The address of the page being rendered at build time (`render`).
#[derive(Clone, Debug)]
pub struct RenderedAt(pub Address);

thread_local! {
    static SERVED_NOT_FOUND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// In the browser, on the not-found page a host serves at every address it
/// has no page for, before the app starts: the app takes that page over at
/// the address it was rendered for ([`NOT_FOUND_PAGE`]), not as the page the
/// address would name, whose content it would ask for only to find it
/// missing (the reader would see the page as served, then loading, then not
/// found again).
pub fn served_not_found() {
    SERVED_NOT_FOUND.set(true);
}

/// The address, and the navigation waiting for its view to be drawn.
#[derive(Clone, Copy)]
struct Navigation {
    address: RwSignal<Address>,
    /// Followed, drawn next, then written to the history.
    pending: StoredValue<Option<Address>>,
    /// Back or forward: where to scroll once the view is drawn.
    returning_to: StoredValue<Option<f64>>,
}

/// Sets up the address for the views under the caller: the browser's, kept
/// up to date by links and history, or at build time the page's own.
pub fn provide_navigation() {
    let at_build = use_context::<RenderedAt>();
    let navigation = Navigation {
        address: RwSignal::new(match &at_build {
            Some(RenderedAt(address)) => address.clone(),
            None if SERVED_NOT_FOUND.get() => Address {
                path: format!("{}{NOT_FOUND_PAGE}", links::base()),
                ..Address::default()
            },
            None => browser_address(),
        }),
        pending: StoredValue::new(None),
        returning_to: StoredValue::new(None),
    };
    provide_context(navigation);
    if at_build.is_none() {
        window_event_listener(leptos::ev::click, move |ev| follow_link(navigation, ev));
        window_event_listener(leptos::ev::popstate, move |ev| {
            went_back_or_forward(navigation, ev)
        });
        window_event_listener(leptos::ev::scroll, move |_| remember_scroll_soon(navigation));
    }
}

/// The address, as a signal: the new one as soon as a link is followed,
/// while the browser's changes only once the new view is drawn.
pub fn use_address() -> ReadSignal<Address> {
    expect_context::<Navigation>().address.read_only()
}

/// The address now, if the app has set one up (not in a view mounted on
/// its own, as in the component tests).
pub fn address_now() -> Option<Address> {
    use_context::<Navigation>().map(|navigation| navigation.address.get_untracked())
}

/// Called once the view for a new path is drawn: writes a link's address to
/// the browser's history and scrolls to where it points.
pub fn view_drawn() {
    let Some(navigation) = use_context::<Navigation>() else {
        return;
    };
    if let Some(y) = navigation.returning_to.try_update_value(Option::take).flatten() {
        scroll_back_to(y, RETURN_FRAMES);
    }
    let Some(to) = navigation.pending.try_update_value(Option::take).flatten() else {
        return;
    };
    // Not if another link was followed meanwhile.
    if navigation.address.with_untracked(|now| *now == to) {
        complete(&to);
    }
}

/// The browser's address.
pub fn browser_address() -> Address {
    let location = window().location();
    Address {
        path: location.pathname().unwrap_or_default(),
        query: location
            .search()
            .unwrap_or_default()
            .trim_start_matches('?')
            .to_string(),
        hash: location.hash().unwrap_or_default(),
    }
}

/// A click on a link the app can show is followed in the app (module docs).
fn follow_link(navigation: Navigation, ev: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return;
    }
    let Some(link) = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a[href]").ok().flatten())
        .and_then(|link| link.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    if !link.target().is_empty()
        || link.has_attribute("download")
        || link.rel().split_ascii_whitespace().any(|rel| rel == "external")
    {
        return;
    }
    let Ok(url) = web_sys::Url::new(&link.href()) else {
        return;
    };
    if window().location().origin().ok() != Some(url.origin()) {
        return;
    }
    let to = Address {
        path: url.pathname(),
        query: url.search().trim_start_matches('?').to_string(),
        hash: url.hash(),
    };
    if to.route() == Route::NotFound {
        return;
    }
    ev.prevent_default();
    remember_scroll();
    let same_path = navigation.address.with_untracked(|now| now.path == to.path);
    navigation.address.set(to.clone());
    if same_path {
        // The view stays; no drawing to wait for.
        complete(&to);
    } else {
        navigation.pending.set_value(Some(to));
    }
}

/// Back or forward: the address is the browser's, and the page returns to
/// where it was (module docs).
fn went_back_or_forward(navigation: Navigation, ev: web_sys::PopStateEvent) {
    let y = js_sys::Reflect::get(&ev.state(), &SCROLL_KEY.into())
        .ok()
        .and_then(|y| y.as_f64())
        .unwrap_or(0.0);
    let to = browser_address();
    let same_path = navigation.address.with_untracked(|now| now.path == to.path);
    navigation.pending.set_value(None);
    navigation.address.set(to);
    if same_path {
        scroll_back_to(y, RETURN_FRAMES);
    } else {
        navigation.returning_to.set_value(Some(y));
    }
}

/// The key of the position in a history entry's state.
const SCROLL_KEY: &str = "scrollY";

/// How many frames a return keeps trying while the page is not yet long
/// enough to scroll that far (its content still being drawn): about a
/// second.
const RETURN_FRAMES: u32 = 60;

/// Scrolls to `y`, again at each frame until the page is long enough for it
/// or `frames` have passed.
fn scroll_back_to(y: f64, frames: u32) {
    window().scroll_to_with_x_and_y(0.0, y);
    let there = window().scroll_y().map_or(true, |now| (now - y).abs() < 1.0);
    if !there && frames > 0 {
        request_animation_frame(move || scroll_back_to(y, frames - 1));
    }
}

/// Keeps the page's position in its history entry (module docs).
fn remember_scroll() {
    let (Ok(history), Ok(y)) = (window().history(), window().scroll_y()) else {
        return;
    };
    let state = js_sys::Object::new();
    if js_sys::Reflect::set(&state, &SCROLL_KEY.into(), &y.into()).is_ok() {
        let _ = history.replace_state(&state, "");
    }
}

/// `remember_scroll` once the reader has stopped scrolling for a moment:
/// browsers refuse to change history hundreds of times a second. Not while
/// a followed link's view is being drawn: the entry is still the page left,
/// whose position was kept when the link was followed, and the page may
/// scroll as the views change.
fn remember_scroll_soon(navigation: Navigation) {
    thread_local! {
        static WAITING: std::cell::Cell<Option<TimeoutHandle>> = const { std::cell::Cell::new(None) };
    }
    if let Some(waiting) = WAITING.take() {
        waiting.clear();
    }
    let remember = move || {
        if navigation.pending.with_value(Option::is_none) {
            remember_scroll();
        }
    };
    let handle = set_timeout_with_handle(remember, std::time::Duration::from_millis(150)).ok();
    WAITING.set(handle);
}

/// Writes `to` to the browser's history, unless it is there already, and
/// scrolls to the element its fragment names, or else to the top.
fn complete(to: &Address) {
    let href = to.href();
    if browser_address().href() != href {
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
        }
    }
    let named = to
        .hash
        .strip_prefix('#')
        .filter(|id| !id.is_empty())
        .and_then(|id| {
            let id = js_sys::decode_uri_component(id)
                .ok()
                .and_then(|id| id.as_string())
                .unwrap_or_else(|| id.to_string());
            document().get_element_by_id(&id)
        });
    match named {
        Some(element) => element.scroll_into_view(),
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_base() {
        assert_eq!(below("/world/", ""), Some("/world/"));
        assert_eq!(below("/news/world/", "/news"), Some("/world/"));
        assert_eq!(below("/news", "/news"), Some(""));
        assert_eq!(below("/newsroom/", "/news"), None);
        assert_eq!(below("/world/", "/news"), None);
    }

    #[test]
    fn addresses_as_links() {
        let address = |path: &str, query: &str, hash: &str| Address {
            path: path.into(),
            query: query.into(),
            hash: hash.into(),
        };
        assert_eq!(address("/world/", "", "").href(), "/world/");
        assert_eq!(address("/world/", "page=2", "#top").href(), "/world/?page=2#top");
        assert_eq!(address("/search/", "q=a", "").page_key(), "/search/?q=a");
        assert_eq!(address("/search/", "q=a", "#x").page_key(), "/search/?q=a");
    }
}
