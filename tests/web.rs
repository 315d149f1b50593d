//! Components mounted in a real DOM, in headless Chromium (wasm-bindgen-test).
//! Run by `cargo xtask test`; by hand: `CHROMEDRIVER=/usr/bin/chromedriver
//! FONTCONFIG_FILE=$PWD/tests/fonts.conf cargo test --target
//! wasm32-unknown-unknown --profile wasm-test -p broadsheet`.
#![cfg(target_arch = "wasm32")]

use broadsheet::components::{Body, ErrorView, Pager, StoryCard};
use broadsheet::dates::{self, Style};
use broadsheet::hydrate_later::{self, hydrate_later};
use broadsheet::load::LoadError;
use broadsheet_model::{parse_rfc3339, Block, Image, Section, Site, Span, Summary, SCHEMA};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a view in a fresh container and returns the container.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), view);
    std::mem::forget(handle); // keep it mounted for the assertions
    container
}

fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn one(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn text(span: &str) -> Span {
    Span::plain(span)
}

/// The browser sees the pinned font set of tests/fonts.conf, whatever this
/// machine has installed: the generic families are DejaVu's faces.
#[wasm_bindgen_test]
fn the_browser_sees_the_pinned_fonts() {
    let widths = js_sys::eval(
        "const c = document.createElement('canvas').getContext('2d');
         const width = family => { c.font = '40px ' + family; return c.measureText('Hamburgefonstiv 0123').width; };
         [['serif', '\"DejaVu Serif\"'], ['sans-serif', '\"DejaVu Sans\"'], ['monospace', '\"DejaVu Sans Mono\"']]
             .map(([generic, face]) => [generic, width(generic), width(face)]);",
    )
    .unwrap();
    for pair in js_sys::Array::from(&widths).iter() {
        let pair = js_sys::Array::from(&pair);
        let (generic, used, dejavu) = (pair.get(0), pair.get(1), pair.get(2));
        assert_eq!(
            used.as_f64(),
            dejavu.as_f64(),
            "{generic:?} is not DejaVu here: run with FONTCONFIG_FILE=tests/fonts.conf (cargo xtask test does)"
        );
    }
}

#[wasm_bindgen_test]
fn body_renders_marks_and_links_as_elements() {
    let spans = vec![
        text("Plain "),
        Span {
            text: "stressed".into(),
            em: true,
            ..Span::default()
        },
        Span {
            text: "bold link".into(),
            strong: true,
            href: Some("/world/other".into()),
            ..Span::default()
        },
        Span {
            text: "outside".into(),
            href: Some("https://example.org/".into()),
            ..Span::default()
        },
    ];
    let root = mount(move || view! { <Body blocks=vec![Block::Paragraph { spans }] /> });
    assert_eq!(
        one(&root, "p").text_content().unwrap(),
        "Plain stressedbold linkoutside"
    );
    assert_eq!(one(&root, "p > em").text_content().unwrap(), "stressed");
    let links = all(&root, "a");
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].get_attribute("href").unwrap(), "/world/other");
    assert_eq!(one(&root, "a > strong").text_content().unwrap(), "bold link");
    assert_eq!(links[1].get_attribute("href").unwrap(), "https://example.org/");
}

#[wasm_bindgen_test]
fn markup_in_content_stays_text() {
    let payload = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 1\">";
    let spans = vec![
        text(payload),
        Span {
            text: "click".into(),
            href: Some("javascript:window.pwned=1".into()),
            ..Span::default()
        },
    ];
    let root = mount(move || view! { <Body blocks=vec![Block::Paragraph { spans }] /> });
    assert!(all(&root, "script, img, a").is_empty(), "{}", root.inner_html());
    assert_eq!(one(&root, "p").text_content().unwrap(), format!("{payload}click"));
}

#[wasm_bindgen_test]
fn body_renders_every_block_kind() {
    let blocks = vec![
        Block::Heading {
            level: 2,
            text: "Sub".into(),
        },
        Block::Heading {
            level: 3,
            text: "Subsub".into(),
        },
        Block::Quote {
            spans: vec![text("Quoted")],
            cite: Some("A. Person".into()),
        },
        Block::List {
            ordered: true,
            items: vec![vec![text("one")].into(), vec![text("two")].into()],
        },
        Block::List {
            ordered: false,
            items: vec![vec![text("dot")].into()],
        },
        Block::Image {
            image: Image {
                src: "/media/x.svg".into(),
                alt: "A harbour".into(),
                caption: Some("Boats".into()),
                credit: Some("Herald".into()),
                width: 1200,
                height: 675,
                variants: None,
            },
        },
    ];
    let root = mount(move || view! { <Body blocks /> });
    assert_eq!(one(&root, "h2").text_content().unwrap(), "Sub");
    assert_eq!(one(&root, "h3").text_content().unwrap(), "Subsub");
    assert_eq!(one(&root, "blockquote p").text_content().unwrap(), "Quoted");
    assert_eq!(
        one(&root, "blockquote footer").text_content().unwrap(),
        "A. Person"
    );
    assert_eq!(all(&root, "ol > li").len(), 2);
    assert_eq!(all(&root, "ul > li").len(), 1);
    let img = one(&root, "figure img");
    assert_eq!(img.get_attribute("alt").unwrap(), "A harbour");
    assert_eq!(img.get_attribute("width").unwrap(), "1200");
    assert_eq!(img.get_attribute("height").unwrap(), "675");
    assert_eq!(one(&root, "figcaption").text_content().unwrap(), "BoatsHerald");
}

#[wasm_bindgen_test]
fn error_view_names_the_failure_and_retries() {
    static RETRIES: AtomicU32 = AtomicU32::new(0);
    let error = LoadError::Http {
        file: "content/front.json".into(),
        status: 503,
    };
    let root = mount(move || {
        view! { <ErrorView error on_retry=|| { RETRIES.fetch_add(1, Ordering::SeqCst); } /> }
    });
    assert_eq!(
        one(&root, "[role=alert] h1").text_content().unwrap(),
        "This page could not be loaded"
    );
    let detail = one(&root, ".load-error-detail").text_content().unwrap();
    assert!(
        detail.contains("content/front.json") && detail.contains("503"),
        "{detail}"
    );
    let button: web_sys::HtmlElement = one(&root, "button").unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Retry");
    button.click();
    assert_eq!(RETRIES.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
fn pager_marks_the_current_page_and_links_the_rest() {
    let root = mount(|| view! { <Pager listing="world".to_string() page=5 total=20 /> });
    assert_eq!(one(&root, "[aria-current=page]").text_content().unwrap(), "5");
    let hrefs: Vec<String> = all(&root, "a")
        .iter()
        .map(|a| a.get_attribute("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "/world/page/4/",
            "/world/",
            "/world/page/4/",
            "/world/page/6/",
            "/world/page/20/",
            "/world/page/6/"
        ]
    );
    assert_eq!(all(&root, "li[aria-hidden=true]").len(), 2, "two gaps");
    let single = mount(|| view! { <Pager listing="world".to_string() page=1 total=1 /> });
    assert!(all(&single, "nav").is_empty(), "one page needs no pager");
    // Any listing pages the same way: a tag's, an author's.
    let tag = mount(|| view! { <Pager listing="tag/floods".to_string() page=1 total=3 /> });
    let hrefs: Vec<String> = all(&tag, "a")
        .iter()
        .map(|a| a.get_attribute("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "/tag/floods/page/2/",
            "/tag/floods/page/3/",
            "/tag/floods/page/2/"
        ]
    );
}

fn sample_site() -> Arc<Site> {
    Arc::new(Site {
        schema: SCHEMA,
        name: "The Test Times".into(),
        tagline: "Tested daily".into(),
        locale: "en-US".into(),
        time_zone: "UTC".into(),
        base_url: String::new(),
        page_size: 10,
        sections: vec![Section {
            slug: "world".into(),
            name: "World".into(),
            description: "Far away".into(),
        }],
        comments: None,
    })
}

#[wasm_bindgen_test]
fn story_card_shows_section_headline_and_time() {
    let summary = Summary {
        slug: "a-story".into(),
        section: "world".into(),
        headline: "A story".into(),
        standfirst: "What happened".into(),
        published: "2024-07-11T07:00:00Z".into(),
        hero: None,
        reading_minutes: 3,
    };
    let root = mount(move || {
        provide_context(sample_site());
        view! { <StoryCard summary with_standfirst=true /> }
    });
    assert_eq!(one(&root, ".card-section a").text_content().unwrap(), "World");
    let link = one(&root, "h3 a");
    assert_eq!(link.text_content().unwrap(), "A story");
    assert_eq!(link.get_attribute("href").unwrap(), "/world/a-story/");
    assert_eq!(
        one(&root, ".card-standfirst").text_content().unwrap(),
        "What happened"
    );
    let time = one(&root, "time");
    assert_eq!(time.get_attribute("datetime").unwrap(), "2024-07-11T07:00:00Z");
    assert_eq!(time.text_content().unwrap(), "July 11, 2024");
    assert_eq!(one(&root, ".reading-time").text_content().unwrap(), "3 min read");
}

#[wasm_bindgen_test]
fn dates_use_the_sites_locale_and_time_zone() {
    let millis = parse_rfc3339("2024-07-11T07:00:00Z").unwrap() as f64 * 1000.0;
    assert_eq!(
        dates::format(millis, "en-US", "America/New_York", Style::Long),
        "Thursday, July 11, 2024"
    );
    assert_eq!(
        dates::format(millis, "en-GB", "UTC", Style::Medium),
        "11 July 2024"
    );
    // Just after midnight UTC is still the day before in New York.
    let late = parse_rfc3339("2024-07-12T02:00:00Z").unwrap() as f64 * 1000.0;
    assert_eq!(
        dates::format(late, "en-US", "America/New_York", Style::Medium),
        "July 11, 2024"
    );
}

#[wasm_bindgen_test]
fn bad_locale_or_time_zone_falls_back_instead_of_throwing() {
    let millis = parse_rfc3339("2024-07-11T12:00:00Z").unwrap() as f64 * 1000.0;
    let text = dates::format(millis, "en-US", "Not/AZone", Style::Medium);
    assert!(text.contains("2024"), "{text}");
    let text = dates::format(millis, "!!not a locale", "UTC", Style::Medium);
    assert_eq!(text, "July 11, 2024");
}

#[wasm_bindgen_test]
fn recent_times_read_as_ages() {
    let three_hours_ago = dates::now_millis() - 3.0 * 3_600_000.0 - 1_000.0;
    let stamp = js_sys::Date::new(&three_hours_ago.into())
        .to_iso_string()
        .as_string()
        .unwrap();
    assert_eq!(dates::format_age(&stamp, "en-US", "UTC"), "3 hours ago");
}

/// Comment text from the comment server goes through the allow-list: markup
/// it keeps becomes elements; scripts, images, handlers and unsafe links
/// give only their text, and nothing runs.
#[wasm_bindgen_test]
async fn comment_html_keeps_only_harmless_elements() {
    let html = "<p>Hi <em>there</em> <strong>you</strong><br><code>x</code></p>\
                <script>window.__pwned = 1</script>\
                <img src=\"data:,\" onerror=\"window.__pwned = 2\">\
                <p onclick=\"window.__pwned = 3\" style=\"color:red\">Look \
                <a href=\"javascript:window.__pwned = 4\">here</a>, \
                <a href=\"https://example.org/x\" onclick=\"x()\">there</a> \
                <a href=\"#harmful-link\">and</a></p>\
                <iframe src=\"https://example.org\"></iframe><ul><li>one</li></ul>";
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    broadsheet::safe_html::append(&root, html);
    // Give an image's error handler, had one been made, time to fire.
    sleep(200).await;

    assert_eq!(one(&root, "p em").text_content().unwrap(), "there");
    assert_eq!(one(&root, "p strong").text_content().unwrap(), "you");
    assert_eq!(all(&root, "br").len(), 1);
    assert_eq!(one(&root, "ul li").text_content().unwrap(), "one");
    for gone in [
        "script",
        "img",
        "iframe",
        "[onclick]",
        "[onerror]",
        "[style]",
        "[src]",
    ] {
        assert!(all(&root, gone).is_empty(), "{gone} in {}", root.inner_html());
    }
    let links = all(&root, "a");
    assert_eq!(
        links.len(),
        1,
        "only the https link is a link: {}",
        root.inner_html()
    );
    assert_eq!(links[0].get_attribute("href").unwrap(), "https://example.org/x");
    assert_eq!(links[0].get_attribute("rel").unwrap(), "nofollow ugc noopener");
    let text = root.text_content().unwrap();
    assert!(
        text.contains("window.__pwned = 1"),
        "a script shows as text: {text}"
    );
    assert!(text.contains("Look here, there and"), "{text}");
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined(), "nothing ran");
}

/// Waits `ms` milliseconds: a task of its own, after those already queued.
async fn sleep(ms: i32) {
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wait).await.unwrap();
}

/// A page of two counters, each a part taken over later, between static
/// text.
fn counters(first: RwSignal<u32>, second: RwSignal<u32>) -> impl IntoView {
    let counter = move |id: &'static str, count: RwSignal<u32>| {
        hydrate_later(move || {
            view! {
                <button id=id data-count=move || count.get().to_string() on:click=move |_| count.update(|n| *n += 1)>
                    "add"
                </button>
            }
        })
    };
    view! {
        <p>"before"</p>
        {counter("first", first)}
        <p>"between"</p>
        {counter("second", second)}
        <p>"after"</p>
    }
}

/// `counters` as the press renders it (this wasm build cannot render to
/// HTML: that is the `ssr` feature's), in a fresh container, and its
/// buttons.
const COUNTERS_HTML: &str = "<p>before</p>\
    <button id=\"first\" data-count=\"0\">add</button>\
    <p>between</p>\
    <button id=\"second\" data-count=\"0\">add</button>\
    <p>after</p>";

fn rendered_counters() -> (web_sys::HtmlElement, Vec<web_sys::Element>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    root.set_inner_html(COUNTERS_HTML);
    let buttons = all(&root, "button");
    assert_eq!(buttons.len(), 2);
    (root, buttons)
}

fn click(element: &web_sys::Element) {
    element.unchecked_ref::<web_sys::HtmlElement>().click();
}

/// The parts of a page wrapped in `hydrate_later` are taken over after the
/// rest, one task each and in the page's order; each keeps the very element
/// the page had, and nothing is added.
#[wasm_bindgen_test]
async fn parts_hydrated_later_are_taken_over_one_task_each() {
    let (root, buttons) = rendered_counters();
    let (first, second) = (RwSignal::new(0), RwSignal::new(0));
    std::mem::forget(leptos::mount::hydrate_from(root.clone(), move || {
        counters(first, second)
    }));
    // Taken over: the rest. The parts: located, not yet answering.
    click(&buttons[0]);
    assert_eq!(first.get_untracked(), 0, "the first part is not taken over yet");
    let finished = Rc::new(Cell::new(false));
    hydrate_later::finish_then({
        let finished = Rc::clone(&finished);
        move || finished.set(true)
    });
    sleep(0).await;
    click(&buttons[0]);
    click(&buttons[1]);
    assert_eq!(
        first.get_untracked(),
        1,
        "the first part is taken over in the next task"
    );
    assert_eq!(
        second.get_untracked(),
        0,
        "the second part waits for a task of its own"
    );
    assert!(!finished.get());
    for _ in 0..10 {
        if finished.get() {
            break;
        }
        sleep(0).await;
    }
    assert!(finished.get(), "done is called once every part is taken over");
    click(&buttons[1]);
    assert_eq!(second.get_untracked(), 1);
    // The same elements, answering, and no more of them.
    let now = all(&root, "button");
    assert_eq!(now.len(), 2, "{}", root.inner_html());
    assert!(now[0].is_same_node(Some(&buttons[0])) && now[1].is_same_node(Some(&buttons[1])));
    // Reactive from here on, in place.
    sleep(0).await;
    assert_eq!(buttons[0].get_attribute("data-count").as_deref(), Some("1"));
    assert_eq!(
        root.inner_html().replace("data-count=\"1\"", "data-count=\"0\""),
        COUNTERS_HTML
    );
}

/// Something that changes what the page shows first (the app calls
/// `finish_now` on a click or a move in history, before `navigation`) finds
/// every part taken over at once, not left to a later task.
#[wasm_bindgen_test]
async fn finishing_now_takes_over_every_part_at_once() {
    let (root, buttons) = rendered_counters();
    let (first, second) = (RwSignal::new(0), RwSignal::new(0));
    std::mem::forget(leptos::mount::hydrate_from(root.clone(), move || {
        counters(first, second)
    }));
    hydrate_later::finish_now();
    click(&buttons[1]);
    click(&buttons[0]);
    assert_eq!((first.get_untracked(), second.get_untracked()), (1, 1));
    assert_eq!(all(&root, "button").len(), 2, "{}", root.inner_html());
    // The queue is empty: finishing later finds nothing left to do.
    let finished = Rc::new(Cell::new(false));
    hydrate_later::finish_then({
        let finished = Rc::clone(&finished);
        move || finished.set(true)
    });
    sleep(0).await;
    assert!(finished.get());
}
