use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What a press of Share came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
enum Shared {
    /// Shared through the browser, or the reader closed its share sheet.
    Done,
    /// The link is on the clipboard.
    Copied,
}

/// "Share": the browser's share sheet (Web Share API) where there is one,
/// otherwise the link copied to the clipboard, with a confirmation; if both
/// fail, the link in a text field, selected, for the reader to copy.
///
/// Plain markup that the click handler updates itself: no signals, which
/// keeps this small in the wasm.
#[component]
pub fn ShareButton(title: String) -> impl IntoView {
    let on_click = move |_| leptos::task::spawn_local(share(title.clone()));
    view! {
        <div class="share">
            <button type="button" class="button button-quiet share-button" on:click=on_click>
                "Share"
            </button>
            <p id="share-status" class="share-status" role="status"></p>
            <p id="share-link" class="share-link" hidden>
                <label for="share-url">"Copy this link to share the article:"</label>
                <input id="share-url" type="text" readonly />
            </p>
        </div>
    }
}

async fn share(title: String) {
    let status = document().get_element_by_id("share-status");
    let say = |text: Option<&str>| {
        if let Some(status) = &status {
            status.set_text_content(text);
        }
    };
    // Cleared first, so that a second "Link copied" is announced again.
    say(None);
    let url = page_url();
    match web::share(&title, &url).await {
        Some(Shared::Done) => {}
        Some(Shared::Copied) => say(Some("Link copied")),
        None => show_link(&url),
    }
}

/// Shows the link in its field, selected, with focus there to copy it.
fn show_link(url: &str) {
    let document = document();
    if let Some(line) = document.get_element_by_id("share-link") {
        let _ = line.remove_attribute("hidden");
    }
    if let Some(field) = document
        .get_element_by_id("share-url")
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        field.set_value(url);
        let _ = field.focus();
        field.select();
    }
}

/// The address of this page, without any `#fragment`.
fn page_url() -> String {
    let href = window().location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((url, _)) => url.to_string(),
        None => href,
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::Shared;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    // Bound with `catch`: where a browser lacks either function (no
    // `navigator.share`, or no `navigator.clipboard` outside a secure
    // context), calling it throws, and that is an `Err` here.
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = navigator, js_name = share)]
        fn navigator_share(data: &js_sys::Object) -> Result<js_sys::Promise, JsValue>;
        #[wasm_bindgen(catch, js_namespace = ["navigator", "clipboard"], js_name = writeText)]
        fn clipboard_write_text(text: &str) -> Result<js_sys::Promise, JsValue>;
    }

    /// Shares `url`: `None` when neither way worked.
    pub async fn share(title: &str, url: &str) -> Option<Shared> {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
        if let Ok(promise) = navigator_share(&data) {
            match JsFuture::from(promise).await {
                Ok(_) => return Some(Shared::Done),
                // The reader closed the share sheet: nothing more to do.
                Err(e) if error_name(&e).as_deref() == Some("AbortError") => return Some(Shared::Done),
                // Not allowed here, or it failed: copy the link instead.
                Err(_) => {}
            }
        }
        let promise = clipboard_write_text(url).ok()?;
        JsFuture::from(promise).await.ok().map(|_| Shared::Copied)
    }

    fn error_name(error: &JsValue) -> Option<String> {
        js_sys::Reflect::get(error, &"name".into()).ok()?.as_string()
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod web {
    use super::Shared;

    pub async fn share(_: &str, _: &str) -> Option<Shared> {
        None
    }
}
