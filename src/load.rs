//! Fetching content files: each one once, kept in memory, so going back and
//! forward never fetches again. Every failure becomes a `LoadError` the page
//! can show; nothing here panics on bad data.

use crate::links;
use broadsheet_model::{ContentError, Versioned};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// Why a content file could not be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The host has no such file: the page does not exist.
    NotFound { file: String },
    /// The request did not complete (offline, DNS, CORS…).
    Network { file: String },
    /// The host answered with an error status.
    Http { file: String, status: u16 },
    /// The file arrived but cannot be used.
    Content(ContentError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotFound { file } => write!(f, "{file} was not found"),
            LoadError::Network { file } => {
                write!(f, "{file} could not be loaded: the connection failed")
            }
            LoadError::Http { file, status } => {
                write!(f, "{file} could not be loaded: the server answered {status}")
            }
            LoadError::Content(e) => e.fmt(f),
        }
    }
}

pub type Loading<T> = LocalResource<Result<Arc<T>, LoadError>>;

thread_local! {
    static CACHE: RefCell<HashMap<String, Arc<dyn Any + Send + Sync>>> = RefCell::default();
}

/// A resource that loads the file named by `file`, again whenever the name
/// changes, from memory when it was loaded before.
pub fn resource<T>(file: impl Fn() -> String + 'static) -> Loading<T>
where
    T: DeserializeOwned + Versioned + Send + Sync + 'static,
{
    LocalResource::new(move || load(file()))
}

/// Loads and decodes one content file (a path under the site root).
pub async fn load<T>(file: String) -> Result<Arc<T>, LoadError>
where
    T: DeserializeOwned + Versioned + Send + Sync + 'static,
{
    let cached = CACHE.with(|c| c.borrow().get(&file).cloned());
    if let Some(hit) = cached.and_then(|any| any.downcast::<T>().ok()) {
        return Ok(hit);
    }
    let text = fetch_text(&file).await?;
    let value = Arc::new(decode_json::<T>(&file, &text).map_err(LoadError::Content)?);
    CACHE.with(|c| c.borrow_mut().insert(file, value.clone()));
    Ok(value)
}

async fn fetch_text(file: &str) -> Result<String, LoadError> {
    let network = || LoadError::Network {
        file: file.to_string(),
    };
    // Revalidate with the host: only successes are kept in memory, so a
    // Retry must not be answered from the browser's cache of the failure.
    let response = gloo_net::http::Request::get(&links::asset(file))
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|_| network())?;
    let status = response.status();
    // A host that answers every path with index.html (a single-page-app
    // fallback) is saying that the file is missing.
    let is_html = response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.starts_with("text/html"));
    if status == 404 || status == 410 || (response.ok() && is_html) {
        return Err(LoadError::NotFound {
            file: file.to_string(),
        });
    }
    if !response.ok() {
        return Err(LoadError::Http {
            file: file.to_string(),
            status,
        });
    }
    response.text().await.map_err(|_| network())
}

#[cfg(not(target_arch = "wasm32"))]
fn decode_json<T: DeserializeOwned + Versioned>(file: &str, text: &str) -> Result<T, ContentError> {
    broadsheet_model::decode(file, text)
}

/// In the browser, `JSON.parse` does the parsing, so the wasm carries no JSON parser.
#[cfg(target_arch = "wasm32")]
fn decode_json<T: DeserializeOwned + Versioned>(file: &str, text: &str) -> Result<T, ContentError> {
    use wasm_bindgen::JsCast;
    let malformed = |detail: String| ContentError::Malformed {
        file: file.to_string(),
        detail,
    };
    let value = js_sys::JSON::parse(text).map_err(|e| {
        malformed(
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default(),
        )
    })?;
    let schema = js_sys::Reflect::get(&value, &"schema".into())
        .ok()
        .and_then(|v| v.as_f64());
    match schema {
        Some(s) if s == f64::from(broadsheet_model::SCHEMA) => {}
        Some(s) => {
            return Err(ContentError::UnknownSchema {
                file: file.to_string(),
                found: s as u32,
            })
        }
        None => return Err(malformed("missing field `schema`".into())),
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| malformed(e.to_string()))
}
