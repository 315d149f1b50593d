//! Broadsheet's change (vendor/README.md): the underlying sources and sink
//! that JavaScript streams call back into are handed over as plain objects
//! whose methods are closures, instead of as `#[wasm_bindgen]` classes.
//! A class's methods are exports of the wasm, and exports are kept whether
//! or not anything uses them; closures are only linked in when a stream is
//! really made from Rust.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::{Closure, WasmClosure};
use wasm_bindgen::JsValue;

/// Sets `object[name]` to `value`.
pub(crate) fn set(object: &Object, name: &str, value: &JsValue) {
    // Setting a property of a plain object just made cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// Sets `object[name]` to a function calling `method`, which JavaScript
/// then owns (freed when the object is collected).
pub(crate) fn set_method<T: ?Sized + WasmClosure>(object: &Object, name: &str, method: Closure<T>) {
    set(object, name, &method.into_js_value());
}

/// The Rust side of an underlying source or sink, shared by its methods'
/// closures; `None` once JavaScript has cancelled, closed or aborted it,
/// which consumes it as calling the class's `self` method did.
pub(crate) type Shared<T> = Rc<RefCell<Option<T>>>;

pub(crate) fn shared<T>(value: T) -> Shared<T> {
    Rc::new(RefCell::new(Some(value)))
}
