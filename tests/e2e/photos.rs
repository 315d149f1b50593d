//! Photographs (issue 17, docs/images.md): the sample article's photograph
//! is a `<picture>` whose copy fits the screen, at a phone's width and a
//! desktop's; it keeps its size attributes and loads lazily, while the
//! hero is fetched first; and axe finds nothing wrong with the page.

use crate::browser::Page;
use crate::cases::Case;
use crate::check::Result;
use crate::content::{list, Content};
use crate::reader::{axe, axe_source, viewport};
use serde_json::{json, Value};

pub fn all() -> Vec<Case> {
    cases![photos_copy_for_a_phone, photos_copy_for_a_wide_screen]
}

const ARTICLE: &str = "/world/harbour-talks-stall/";
const PHOTO: &str = ".article-body figure picture img";
const HERO: &str = ".article > figure img";

/// At 390 px the column is 358 px: the 480 px AVIF copy.
async fn photos_copy_for_a_phone(page: Page, content: Content) -> Result {
    loads_the_copy(&page, &content, 390, 480).await
}

/// At 1280 px the column is 40rem (640 px): the 800 px AVIF copy.
async fn photos_copy_for_a_wide_screen(page: Page, content: Content) -> Result {
    loads_the_copy(&page, &content, 1280, 800).await
}

async fn loads_the_copy(page: &Page, content: &Content, width: u32, expected: u32) -> Result {
    viewport(page, width, 800).await?;
    page.open(ARTICLE).await?;
    let article = content.article("world", "harbour-talks-stall")?;
    let image = list(&article, "/body")?
        .iter()
        .find_map(|b| b.get("image").map(|i| i["image"].clone()))
        .ok_or_else(|| crate::check::fail("the sample article has no body image"))?;
    ensure_eq!(
        image["variants"]["widths"],
        json!([480, 800, 1200, 1600]),
        "the photograph's copies in the article's file"
    );
    ensure_eq!(page.count(PHOTO).await?, 1, "photographs in the body");
    ensure_eq!(
        page.attrs(PHOTO, "width").await?,
        vec![image["width"].to_string()],
        "the photograph's width"
    );
    ensure_eq!(
        page.attrs(PHOTO, "height").await?,
        vec![image["height"].to_string()],
        "the photograph's height"
    );
    ensure_eq!(
        page.attrs(PHOTO, "loading").await?,
        vec!["lazy"],
        "below the fold: lazy"
    );
    ensure_eq!(
        page.attrs(PHOTO, "decoding").await?,
        vec!["async"],
        "decoded off the main thread"
    );
    let below = page
        .js(
            "return document.querySelector(arguments[0]).getBoundingClientRect().top > innerHeight;",
            vec![json!(PHOTO)],
        )
        .await?;
    ensure_eq!(below, json!(true), "the photograph starts below the fold");
    ensure_eq!(
        page.attrs(HERO, "fetchpriority").await?,
        vec!["high"],
        "the hero comes first"
    );
    ensure_eq!(
        page.attrs(HERO, "loading").await?,
        vec!["eager"],
        "the hero is not lazy"
    );

    page.js(
        "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
        vec![json!(PHOTO)],
    )
    .await?;
    let loaded: Value = page
        .wait_until("the photograph to load", || async {
            let v = page
                .js(
                    "const i = document.querySelector(arguments[0]);
                     return i && i.complete && i.naturalWidth > 0
                         ? { src: i.currentSrc, natural: i.naturalWidth, shown: i.getBoundingClientRect().width }
                         : null;",
                    vec![json!(PHOTO)],
                )
                .await?;
            Ok((!v.is_null()).then_some(v))
        })
        .await?;
    let src = loaded["src"].as_str().unwrap_or_default();
    let wanted = format!("/media/world/northgate-harbour-at-dusk.jpg.{expected}.avif");
    ensure!(
        src.ends_with(&wanted),
        "at {width} px the browser took {src}, not …{wanted}"
    );
    // With `w` descriptors, `naturalWidth` is the copy's width over the
    // density it was chosen for: the width `sizes` gave, which should be
    // the width the column shows it at.
    let shown = loaded["shown"].as_f64().unwrap_or(0.0);
    let natural = loaded["natural"].as_f64().unwrap_or(0.0);
    ensure!(
        (natural - shown).abs() <= shown * 0.03,
        "`sizes` says {natural} px but the picture is shown {shown} px wide"
    );
    // The copy's own pixels, read by loading it alone.
    page.js(
        "window.__copyWidth = null;
         const i = new Image();
         i.onload = () => { window.__copyWidth = i.naturalWidth; };
         i.src = arguments[0];",
        vec![json!(src)],
    )
    .await?;
    let pixels = page
        .wait_until("the copy to load alone", || async {
            let v = page.js("return window.__copyWidth;", vec![]).await?;
            Ok(v.as_u64())
        })
        .await?;
    ensure_eq!(pixels, u64::from(expected), "the copy's own width in pixels");

    let violations = axe(page, &axe_source()?).await?;
    ensure!(violations.is_empty(), "axe at {width} px: {violations:#?}");
    Ok(())
}
