use crate::dates::{self, Style};
use crate::{hydrate_later, links, search, use_site};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Skip link, masthead (the paper's name over a line with the date and
/// tagline) and the section navigation: one line that scrolls sideways on
/// a phone, so the news starts within the first 200 px. The colour scheme
/// switch is in the footer, out of the way.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = use_site();
    // The reader's today, once the app runs: a page rendered at build time
    // cannot know it, and without JavaScript the line shows the tagline
    // alone (style/noscript.css) rather than a stale date.
    let today = RwSignal::new(String::new());
    let (locale, zone) = (site.locale.clone(), site.time_zone.clone());
    // In a task of its own: the first date the browser formats loads its
    // locale data, the longest single step of taking over a page.
    Effect::new(move |_| {
        let (locale, zone) = (locale.clone(), zone.clone());
        hydrate_later::next_task(move || {
            today.set(dates::format(dates::now_millis(), &locale, &zone, Style::Long))
        })
    });
    let address = crate::navigation::use_address();
    // The section a path is in: "/news/world/slug" → "world".
    let current = Memo::new(move |_| {
        address.with(|address| {
            address
                .below_base()
                .unwrap_or_default()
                .trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or_default()
                .to_string()
        })
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
    // Without JavaScript, or before the app has taken over, a bare `#main`
    // resolves against `<base href>`: the home page. So the page as rendered
    // at build time links to its own path. In the browser the click is
    // handled here (`skip_to_main`) on every page, and hydration keeps the
    // attribute as the page has it, so the app carries no code for it. The
    // not-found page is served at every unknown address, which its build
    // cannot know: it keeps `#main`.
    #[cfg(not(target_arch = "wasm32"))]
    let skip_href = address.with_untracked(|address| match address.route() {
        broadsheet_model::Route::NotFound => "#main".to_string(),
        _ => format!("{}#main", address.path),
    });
    #[cfg(target_arch = "wasm32")]
    let skip_href = "#main";
    let sections = site
        .sections
        .iter()
        .map(|s| nav_link(links::section(&s.slug), s.slug.clone(), s.name.clone()))
        .collect_view();
    view! {
        <a class="skip-link" href=skip_href on:click=skip_to_main>"Skip to main content"</a>
        <header class="site-header">
            <div class="masthead wrap">
                <a class="masthead-name" href=links::home()>{site.name.clone()}</a>
                <p class="masthead-line">
                    <span class="date-bar">{move || today.get()}</span>
                    <span class="tagline">{site.tagline.clone()}</span>
                </p>
                <form
                    class="site-search"
                    role="search"
                    aria-label="Site search"
                    action=links::search("")
                    method="get"
                >
                    <label class="visually-hidden" for=search::BOX_INPUT>"Search the site"</label>
                    <input
                        id=search::BOX_INPUT
                        type="search"
                        name="q"
                        placeholder="Search"
                        autocomplete="off"
                        enterkeyhint="search"
                        on:focus=wake_search
                        on:input=wake_search
                    />
                    <button type="submit">"Search"</button>
                </form>
                // Results as the reader types: the search module fills it.
                <div id="site-search-panel" class="search-panel" hidden></div>
            </div>
            {hydrate_later::hydrate_later(move || view! {
                <nav class="section-nav" aria-label="Sections" on:focusin=reveal_focused>
                    <ul class="wrap">
                        {nav_link(links::home(), String::new(), "Home".to_string())}
                        {sections}
                    </ul>
                </nav>
            })}
        </header>
    }
}

/// The first focus or keystroke in the search box loads the search module,
/// which takes the box over from then on (Enter included: it goes to the
/// results page in the app; until then, or without JavaScript, the form is
/// a plain GET to the same address).
fn wake_search<E>(_: E) {
    search::open("box");
}

/// Follows the skip link by hand: with `<base href>`, `#main` would mean the
/// homepage's `/#main`, and `navigation` would go there. Focus moves to `main`
/// (`tabindex="-1"`), so the next Tab starts in the content.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document()
        .get_element_by_id("main")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        main.scroll_into_view();
        let _ = main.focus();
    }
}

/// Scrolls a section link that takes focus into view within the menu's one
/// sideways-scrolling line: Chromium's own focus scrolling leaves a link
/// that is partly in view where it is, cut off at the screen's edge.
fn reveal_focused(ev: leptos::ev::FocusEvent) {
    let Some(link) = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
    link.scroll_into_view_with_scroll_into_view_options(&options);
}
