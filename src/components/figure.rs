use crate::links;
use broadsheet_model::{Image, FALLBACK_FORMAT};
use leptos::either::Either;
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
/// so the page keeps its shape while the image loads. A photograph with
/// smaller copies is a `<picture>`: the modern format for browsers that
/// take it, JPEG for the others, each at the width `placement` needs.
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
    let (alt, width, height) = (image.alt, image.width, image.height);
    let picture = match image.variants {
        Some(variants) => {
            let sizes = placement.sizes();
            Either::Left(view! {
                <picture>
                    <source
                        r#type=variants.modern_type()
                        srcset=variants.srcset(&src, &variants.modern)
                        sizes=sizes
                    />
                    <img
                        src=variants.fallback(&src)
                        srcset=variants.srcset(&src, FALLBACK_FORMAT)
                        sizes=sizes
                        alt=alt
                        width=width
                        height=height
                        loading=loading
                        decoding=decoding
                        fetchpriority=fetchpriority
                    />
                </picture>
            })
        }
        None => Either::Right(view! {
            <img
                src=src
                alt=alt
                width=width
                height=height
                loading=loading
                decoding=decoding
                fetchpriority=fetchpriority
            />
        }),
    };
    view! {
        <figure class="figure">
            {picture}
            {caption}
        </figure>
    }
}
