use crate::links;
use broadsheet_model::{Image, FALLBACK_FORMAT};
use leptos::prelude::*;

/// Where a picture is shown, which says how wide it is (the `sizes` the
/// browser picks a photograph's copy by). Kept in step with the layout in
/// style/main.css.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Placement {
    /// In an article's column (about 64 characters of the text face).
    #[default]
    Column,
    /// The homepage's lead story: full width on a phone, three fifths of
    /// the row beside its text from 48rem, narrower beside "Latest" from 64rem.
    Lead,
    /// A top story's picture: a 6rem thumbnail on a phone, half the row
    /// from 48rem, a quarter of the main column from 64rem.
    Card,
}

impl Placement {
    pub fn sizes(self) -> &'static str {
        match self {
            Placement::Column => "(min-width: 42rem) 40rem, calc(100vw - 2rem)",
            Placement::Lead => "(min-width: 64rem) 34rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)",
            Placement::Card => "(min-width: 64rem) 14rem, (min-width: 48rem) 45vw, 6rem",
        }
    }
}

/// An image with its caption and credit. Width and height are always set,
/// so the page keeps its shape while the image loads. It is a `<picture>`:
/// for a photograph with smaller copies, the modern format for browsers
/// that take it and JPEG for the others, each at the width `placement`
/// needs; for any other image, its `<img>` alone.
/// `eager`: the first view's largest picture, fetched first; every other
/// one loads as it nears the screen.
#[component]
pub fn Figure(
    image: Image,
    #[prop(optional)] eager: bool,
    #[prop(optional)] placement: Placement,
) -> impl IntoView {
    let caption = (image.caption.is_some() || image.credit.is_some()).then(|| {
        view! {
            <figcaption>
                {image.caption.clone()}
                {image.credit.clone().map(|c| view! { <span class="credit">{c}</span> })}
            </figcaption>
        }
    });
    let src = links::from_content(&image.src);
    let loading = if eager { "eager" } else { "lazy" };
    let decoding = (!eager).then_some("async");
    let fetchpriority = eager.then_some("high");
    // One view whether or not there are copies (a `<picture>` with no
    // `<source>` shows its `<img>`): a second view type would cost the
    // app's wasm more than these few options.
    let sizes = image.variants.as_ref().map(|_| placement.sizes());
    let source = image.variants.as_ref().map(|variants| {
        view! {
            <source
                r#type=variants.modern_type()
                srcset=variants.srcset(&src, &variants.modern)
                sizes=sizes
            />
        }
    });
    let srcset = image.variants.as_ref().map(|v| v.srcset(&src, FALLBACK_FORMAT));
    let fallback = image.variants.as_ref().map_or(src.clone(), |v| v.fallback(&src));
    let picture = view! {
        <picture>
            {source}
            <img
                src=fallback
                srcset=srcset
                sizes=sizes
                alt=image.alt
                width=image.width
                height=image.height
                loading=loading
                decoding=decoding
                fetchpriority=fetchpriority
            />
        </picture>
    };
    view! {
        <figure class="figure">
            {picture}
            {caption}
        </figure>
    }
}
