//! The smallest Leptos apps: a counter, or (feature `router`) three routes
//! with links. `cargo xtask size --floor` weighs them.

use leptos::prelude::*;

#[cfg(not(feature = "router"))]
#[component]
fn App() -> impl IntoView {
    let (count, set_count) = signal(0);
    view! {
        <main>
            <h1>"Floor"</h1>
            <button on:click=move |_| set_count.update(|n| *n += 1)>{count}</button>
        </main>
    }
}

#[cfg(feature = "router")]
#[component]
fn App() -> impl IntoView {
    use leptos_router::{components::*, path};
    view! {
        <Router>
            <nav>
                <A href="/">"Home"</A>
                <A href="/a">"A"</A>
            </nav>
            <main>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=|| view! { <h1>"Home"</h1> } />
                    <Route path=path!("/a") view=|| view! { <h1>"A"</h1> } />
                    <Route path=path!("/:section/:slug") view=|| view! { <h1>"Article"</h1> } />
                </Routes>
            </main>
        </Router>
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
