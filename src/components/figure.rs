use crate::links;
use broadsheet_model::Image;
use leptos::prelude::*;

/// An image with its caption and credit. Width and height are always set,
/// so the page keeps its shape while the image loads.
#[component]
pub fn Figure(image: Image, #[prop(optional)] eager: bool) -> impl IntoView {
    let caption = (image.caption.is_some() || image.credit.is_some()).then(|| {
        view! {
            <figcaption>
                {image.caption.clone()}
                {image.credit.clone().map(|c| view! { <span class="credit">{c}</span> })}
            </figcaption>
        }
    });
    view! {
        <figure class="figure">
            <img
                src=links::from_content(&image.src)
                alt=image.alt
                width=image.width
                height=image.height
                loading=if eager { "eager" } else { "lazy" }
                decoding="async"
            />
            {caption}
        </figure>
    }
}
