//! Talking to an Isso comment server: reading an article's thread and
//! posting a comment. Like `load`, answers are decoded by the browser's
//! `JSON.parse`, so the wasm carries no JSON code; what the answers mean is
//! decided in `comments`, which is tested natively.

use crate::comments::{
    post_outcome, thread_url, Comment, CommentInput, PostError, PostOutcome, Thread, TIMEOUT_MS,
};
use crate::load::LoadError;
use broadsheet_model::ContentError;
use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// What the thread's errors call it.
const THREAD: &str = "The comments";

/// The published comments of the article at `article_path`, oldest first,
/// replies under their parent.
pub async fn thread(endpoint: String, article_path: String) -> Result<Vec<Comment>, LoadError> {
    let request = Request::get(&thread_url(&endpoint, &article_path)).header("Accept", "application/json");
    let Some((status, text)) = exchange(request, None).await else {
        return Err(LoadError::Network { file: THREAD.into() });
    };
    match status {
        // Isso before 0.13 answered 404 for an article nobody commented on.
        404 => Ok(Vec::new()),
        200..=299 => decode::<Thread>(&text).map(|t| t.replies).ok_or_else(|| {
            LoadError::Content(ContentError::Malformed {
                file: THREAD.into(),
                detail: "the comment server's answer is not a list of comments".into(),
            })
        }),
        status => Err(LoadError::Http {
            file: THREAD.into(),
            status,
        }),
    }
}

/// Posts a comment to `url` (`…/new?uri=…`) with the article's headline,
/// so Isso never fetches the page to learn it; `parent`: the comment it
/// answers.
pub async fn post(
    url: &str,
    title: &str,
    input: &CommentInput,
    parent: Option<i64>,
) -> Result<PostOutcome, PostError> {
    let body = request_body(title, input, parent).ok_or(PostError::Failed)?;
    let request = Request::post(url)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
    let (status, text) = exchange(request, Some(body)).await.ok_or(PostError::Failed)?;
    match post_outcome(status, &text)? {
        PostOutcome::Published(_) => Ok(PostOutcome::Published(decode::<Comment>(&text))),
        other => Ok(other),
    }
}

/// The JSON Isso takes, built by the browser's `JSON.stringify`.
fn request_body(title: &str, input: &CommentInput, parent: Option<i64>) -> Option<String> {
    let body = js_sys::Object::new();
    let website = input.website.trim();
    let fields = [
        ("text", input.comment.as_str().into()),
        ("author", input.name.trim().into()),
        ("email", input.email.trim().into()),
        (
            "website",
            if website.is_empty() {
                wasm_bindgen::JsValue::NULL
            } else {
                website.into()
            },
        ),
        ("title", title.into()),
        (
            "parent",
            parent.map_or(wasm_bindgen::JsValue::NULL, |id| (id as f64).into()),
        ),
    ];
    for (name, value) in fields {
        js_sys::Reflect::set(&body, &name.into(), &value).ok()?;
    }
    js_sys::JSON::stringify(&body).ok().map(String::from)
}

/// Sends a request and reads the whole answer, giving up after
/// `TIMEOUT_MS`: (status, body), or `None` when no answer came.
async fn exchange(request: RequestBuilder, body: Option<String>) -> Option<(u16, String)> {
    let controller = web_sys::AbortController::new().ok()?;
    let request = request.abort_signal(Some(&controller.signal()));
    let timer = set_timeout_with_handle(move || controller.abort(), Duration::from_millis(TIMEOUT_MS)).ok();
    let answer = async {
        let request = match body {
            Some(body) => request.body(body),
            None => request.build(),
        }
        .ok()?;
        let response = request.send().await.ok()?;
        let text = response.text().await.ok()?;
        Some((response.status(), text))
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    answer
}

fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}
