//! Fetching content files: each one once, kept in memory, so going back and
//! forward never fetches again. Every failure becomes a `LoadError` the page
//! can show; nothing here panics on bad data.
//!
//! A page rendered at build time carries the files it was rendered from
//! (`<script type="application/json" data-file="…">`): those are taken as
//! already loaded, so the app takes the page over with the same data and
//! fetches none of them again (docs/rendering.md).

use crate::links;
use broadsheet_model::{ContentError, Versioned};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;
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

/// A content file of type `T`, loading or loaded. Every kind of content
/// shares one resource type and one loading future underneath, so Leptos's
/// async machinery is compiled into the wasm once rather than once per kind
/// (docs/performance.md); only decoding is per type.
pub struct Loading<T> {
    file: Signal<String>,
    decode: Decoder,
    resource: LocalResource<Result<Decoded, LoadError>>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Clone for Loading<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loading<T> {}

impl<T: Send + Sync + 'static> Loading<T> {
    /// `None` while loading, then the content or why it could not be had.
    pub fn get(&self) -> Option<Result<Arc<T>, LoadError>> {
        // Loaded before, or carried by the page: at once, so a page taken
        // over from its HTML draws the same view as the HTML, not a
        // placeholder first.
        let kind = TypeId::of::<T>();
        if let Some(hit) = self.file.with(|file| loaded(file, kind, self.decode)) {
            return hit.downcast::<T>().ok().map(Ok);
        }
        match self.resource.get()? {
            // Always a `T`: this resource only ever decodes `T`.
            Ok(any) => any.downcast::<T>().ok().map(Ok),
            Err(error) => Some(Err(error)),
        }
    }

    /// Loads the file again (after a failure: successes are kept).
    pub fn refetch(&self) {
        self.resource.refetch();
    }
}

/// Decoded content of some type, as the cache and the shared future hold it.
type Decoded = Arc<dyn Any + Send + Sync>;

/// Decodes a file's text into one content type.
type Decoder = fn(&str, &str) -> Result<Decoded, ContentError>;

// Lists rather than maps: a visit holds some dozens of files, and a hash
// map's code (its table and hasher, for each key and value type) is more
// wasm than scanning them costs time.
thread_local! {
    /// By file and type, so a hit is always of the type asked for and the
    /// downcast in `Loading::get` cannot fail.
    static CACHE: RefCell<Vec<((String, TypeId), Decoded)>> = RefCell::default();
    /// Files the page carried, by name, not decoded until asked for.
    static CARRIED: RefCell<Vec<(String, String)>> = RefCell::default();
}

fn cached(key: &(String, TypeId)) -> Option<Decoded> {
    CACHE.with_borrow(|cache| {
        cache
            .iter()
            .find(|(cached, _)| cached == key)
            .map(|(_, value)| value.clone())
    })
}

fn cache(key: (String, TypeId), value: Decoded) {
    CACHE.with_borrow_mut(|cache| {
        cache.retain(|(cached, _)| *cached != key);
        cache.push((key, value));
    });
}

/// The file `file` as type `kind`, if it is in memory or the page carried
/// it (decoded with `decode` then). A carried file that cannot be decoded
/// is dropped, and loads from the host like any other.
fn loaded(file: &str, kind: TypeId, decode: Decoder) -> Option<Decoded> {
    let key = (file.to_string(), kind);
    if let Some(hit) = cached(&key) {
        return Some(hit);
    }
    let text = CARRIED.with_borrow_mut(|carried| {
        let at = carried.iter().position(|(name, _)| name == file)?;
        Some(carried.swap_remove(at).1)
    })?;
    let value = decode(file, &text).ok()?;
    cache(key, value.clone());
    Some(value)
}

/// Takes the content files a page rendered at build time carries as loaded.
pub fn take_carried(files: impl IntoIterator<Item = (String, String)>) {
    CARRIED.with_borrow_mut(|c| c.extend(files));
}

/// Decodes the carried `file` as type `T` now, rather than when a view
/// first asks for it: the app takes over in several tasks, and this one is
/// shorter than the one that would do it.
pub fn decode_carried<T>(file: &str)
where
    T: DeserializeOwned + Versioned + Send + Sync + 'static,
{
    loaded(file, TypeId::of::<T>(), decode_as::<T>);
}

/// At build time: `value` is the content of `file` for what is rendered
/// next on this thread.
#[cfg(not(target_arch = "wasm32"))]
pub fn preload<T: Send + Sync + 'static>(file: String, value: Arc<T>) {
    cache((file, TypeId::of::<T>()), value);
}

/// At build time: forgets every file, before the next page.
#[cfg(not(target_arch = "wasm32"))]
pub fn forget_all() {
    CACHE.with_borrow_mut(Vec::clear);
}

/// A resource that loads the file named by `file`, again whenever the name
/// changes, from memory when it was loaded before.
pub fn resource<T>(file: impl Fn() -> String + Send + Sync + 'static) -> Loading<T>
where
    T: DeserializeOwned + Versioned + Send + Sync + 'static,
{
    let file = Signal::derive(file);
    Loading {
        file,
        decode: decode_as::<T>,
        resource: shared_resource(Box::new(move || file.get()), TypeId::of::<T>(), decode_as::<T>),
        kind: PhantomData,
    }
}

fn decode_as<T>(file: &str, text: &str) -> Result<Decoded, ContentError>
where
    T: DeserializeOwned + Versioned + Send + Sync + 'static,
{
    Ok(Arc::new(decode_json::<T>(file, text)?))
}

/// Not generic, so there is one resource and one future type for all content.
fn shared_resource(
    file: Box<dyn Fn() -> String>,
    kind: TypeId,
    decode: Decoder,
) -> LocalResource<Result<Decoded, LoadError>> {
    LocalResource::new(move || load(file(), kind, decode))
}

/// Loads and decodes one content file (a path under the site root).
async fn load(file: String, kind: TypeId, decode: Decoder) -> Result<Decoded, LoadError> {
    if let Some(hit) = loaded(&file, kind, decode) {
        return Ok(hit);
    }
    let key = (file, kind);
    let (file, _) = &key;
    let text = fetch_text(file).await?;
    let value = decode(file, &text).map_err(LoadError::Content)?;
    cache(key, value.clone());
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
        Some(s) if s.fract() == 0.0 && s >= 0.0 && broadsheet_model::is_known_schema(s as u32) => {}
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
