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
    // Drawn as on the page rendered at build time, which cannot know the
    // reader's choice ("System"); the choice is shown once the app runs.
    let pressed = move |theme: Theme| if theme == Theme::System { "true" } else { "false" };
    let group = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let chosen = theme::load(&LocalStorage);
        // The same as the theme script in the page's head did, in case it
        // could not run.
        theme::apply(chosen);
        if let Some(group) = group.get() {
            show_pressed(&group, chosen.name());
        }
    });
    view! {
        <div class="theme-switch" role="group" aria-labelledby="theme-switch-label" on:click=choose node_ref=group>
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
    if let Some(group) = button.parent_element() {
        show_pressed(&group, theme.name());
    }
}

/// Presses the button of the scheme `value` in `group`, and only that one.
fn show_pressed(group: &web_sys::Element, value: &str) {
    let mut next = group.first_element_child();
    while let Some(element) = next {
        if element.tag_name().eq_ignore_ascii_case("button") {
            let pressed = element.get_attribute("value").as_deref() == Some(value);
            let _ = element.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
        }
        next = element.next_element_sibling();
    }
}
