use crate::storage::LocalStorage;
use crate::theme::{self, Theme};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Light, dark or the system's colour scheme: three toggle buttons, the
/// chosen one pressed. The choice is applied at once and kept for the next
/// visit (when the browser lets the site store it).
///
/// Plain markup with one click handler that updates the buttons itself:
/// no signals, which keeps this small in the wasm.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let chosen = theme::load(&LocalStorage);
    // The same as public/theme.js did, in case it could not run.
    theme::apply(chosen);
    let pressed = move |theme: Theme| if theme == chosen { "true" } else { "false" };
    view! {
        <div class="theme-switch" role="group" aria-labelledby="theme-switch-label" on:click=choose>
            <span id="theme-switch-label" class="theme-switch-label">"Colour scheme"</span>
            <button type="button" value=Theme::Light.name() aria-pressed=pressed(Theme::Light)>"Light"</button>
            <button type="button" value=Theme::Dark.name() aria-pressed=pressed(Theme::Dark)>"Dark"</button>
            <button type="button" value=Theme::System.name() aria-pressed=pressed(Theme::System)>"System"</button>
        </div>
    }
}

/// A click on one of the buttons: its scheme shown, pressed and kept.
fn choose(ev: MouseEvent) {
    let Some(button) = ev
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("button").ok().flatten())
    else {
        return;
    };
    let value = button.get_attribute("value");
    let theme = Theme::parse(value.as_deref());
    theme::apply(theme);
    // Storage may be blocked: the choice then lasts for this page.
    let _ = theme::save(&LocalStorage, theme);
    let mut next = button
        .parent_element()
        .and_then(|group| group.first_element_child());
    while let Some(element) = next {
        if element.tag_name().eq_ignore_ascii_case("button") {
            let pressed = element.get_attribute("value") == value;
            let _ = element.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
        }
        next = element.next_element_sibling();
    }
}
