//! vendor/wasm-streams, in headless Chromium: streams made from Rust still
//! work now that their underlying sources and sink are plain objects with
//! closures instead of exported classes (vendor/README.md). Each case drives
//! the JavaScript stream from the JavaScript side, so every method the
//! browser calls (`start`, `pull`, `cancel`, `write`, `close`, `abort`) runs.
//! Run with the component tests (tests/web.rs gives the command).
#![cfg(target_arch = "wasm32")]

use futures::channel::mpsc;
use futures::{stream, SinkExt, StreamExt};
use js_sys::{Promise, Reflect, Uint8Array};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_streams::{ReadableStream, WritableStream};

wasm_bindgen_test_configure!(run_in_browser);

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &key.into()).unwrap()
}

/// Calls `object[method](...args)` and returns what it returns.
fn call(object: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let function: js_sys::Function = get(object, method).unchecked_into();
    let args: js_sys::Array = args.iter().collect();
    function.apply(object, &args).unwrap()
}

/// Calls `object[method](...args)`, which returns a promise, and awaits it.
async fn call_awaited(object: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    JsFuture::from(call(object, method, args).unchecked_into::<Promise>()).await
}

/// A writer of a JavaScript stream made from a Rust sink, and the other end
/// of that sink: a channel's receiver, which ends once the sink is dropped.
fn writer_into_channel() -> (JsValue, mpsc::UnboundedReceiver<JsValue>) {
    let (sender, receiver) = mpsc::unbounded::<JsValue>();
    let sink = sender.sink_map_err(|_| JsValue::from_str("the receiver is gone"));
    let raw = WritableStream::from_sink(sink).into_raw();
    (raw.get_writer().unwrap().into(), receiver)
}

/// Reads a default reader until done: the chunks, in order.
async fn read_all(reader: &JsValue) -> Vec<JsValue> {
    let mut chunks = Vec::new();
    loop {
        let result = call_awaited(reader, "read", &[]).await.unwrap();
        if get(&result, "done").as_bool() == Some(true) {
            return chunks;
        }
        chunks.push(get(&result, "value"));
    }
}

/// Sets its flag when dropped: shows that a cancelled or aborted stream let
/// go of the Rust side.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[wasm_bindgen_test]
async fn a_stream_from_rust_reads_in_javascript() {
    let items = stream::iter(["one", "two", "three"].map(|s| Ok(JsValue::from_str(s))));
    let raw = ReadableStream::from_stream(items).into_raw();
    let reader: JsValue = raw.get_reader().into();
    let chunks: Vec<String> = read_all(&reader)
        .await
        .iter()
        .filter_map(|c| c.as_string())
        .collect();
    assert_eq!(chunks, ["one", "two", "three"]);
}

#[wasm_bindgen_test]
async fn a_rust_error_errors_the_javascript_stream() {
    let items = stream::iter([Ok(JsValue::from(1)), Err(JsValue::from_str("broken"))]);
    let reader: JsValue = ReadableStream::from_stream(items).into_raw().get_reader().into();
    let first = call_awaited(&reader, "read", &[]).await.unwrap();
    assert_eq!(get(&first, "value").as_f64(), Some(1.0));
    let second = call_awaited(&reader, "read", &[]).await;
    assert_eq!(second.unwrap_err().as_string().as_deref(), Some("broken"));
}

#[wasm_bindgen_test]
async fn cancelling_in_javascript_drops_the_rust_stream() {
    let dropped = Rc::new(Cell::new(false));
    let flag = DropFlag(dropped.clone());
    let items = stream::iter(0..).map(move |n| {
        let _keep = &flag;
        Ok(JsValue::from(n))
    });
    let raw = ReadableStream::from_stream(items).into_raw();
    let reader: JsValue = raw.get_reader().into();
    let first = call_awaited(&reader, "read", &[]).await.unwrap();
    assert_eq!(get(&first, "value").as_f64(), Some(0.0));
    assert!(!dropped.get());
    call_awaited(&reader, "cancel", &[JsValue::from_str("enough")])
        .await
        .unwrap();
    assert!(
        dropped.get(),
        "the Rust stream outlived its cancelled JavaScript stream"
    );
}

#[wasm_bindgen_test]
async fn bytes_from_rust_read_in_javascript_as_a_byte_stream() {
    let text = b"The quick brown fox jumps over the lazy dog".to_vec();
    let raw = ReadableStream::from_async_read(futures::io::Cursor::new(text.clone()), 8).into_raw();
    let reader: JsValue = raw.get_reader().into();
    let mut read = Vec::new();
    for chunk in read_all(&reader).await {
        let chunk: Uint8Array = chunk.dyn_into().expect("a byte stream's chunks are Uint8Arrays");
        assert!(chunk.length() <= 8, "autoAllocateChunkSize is 8");
        read.extend(chunk.to_vec());
    }
    assert_eq!(read, text);
}

#[wasm_bindgen_test]
async fn javascript_writes_into_a_rust_sink() {
    let (writer, mut receiver) = writer_into_channel();
    for word in ["alpha", "beta"] {
        call_awaited(&writer, "write", &[JsValue::from_str(word)])
            .await
            .unwrap();
    }
    call_awaited(&writer, "close", &[]).await.unwrap();
    let mut written = Vec::new();
    while let Some(chunk) = receiver.next().await {
        written.push(chunk.as_string().unwrap());
    }
    assert_eq!(
        written,
        ["alpha", "beta"],
        "the sink ends once JavaScript closes the stream"
    );
}

#[wasm_bindgen_test]
async fn aborting_in_javascript_drops_the_rust_sink() {
    let (writer, mut receiver) = writer_into_channel();
    call_awaited(&writer, "write", &[JsValue::from_str("kept")])
        .await
        .unwrap();
    call_awaited(&writer, "abort", &[JsValue::from_str("stop")])
        .await
        .unwrap();
    assert_eq!(
        receiver.next().await.and_then(|c| c.as_string()).as_deref(),
        Some("kept")
    );
    assert!(
        receiver.next().await.is_none(),
        "the aborted sink was not dropped"
    );
}
