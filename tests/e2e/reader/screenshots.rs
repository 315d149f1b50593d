//! Screenshots of the main views, under `target/screenshots/` for review.

use super::{choose_scheme, expect_scheme, open_view, project_root, viewport, views, Scheme};
use crate::browser::Page;
use crate::check::{fail, Result};
use crate::content::Content;
use serde_json::json;
use std::path::PathBuf;

pub(super) async fn reader_screenshots_light(page: Page, _: Content) -> Result {
    screenshots(&page, Scheme::Light).await
}

pub(super) async fn reader_screenshots_dark(page: Page, _: Content) -> Result {
    screenshots(&page, Scheme::Dark).await
}

/// The whole page, as a PNG, through CDP (WebDriver's screenshot is the
/// viewport only).
pub(super) async fn full_page_png(page: &Page, width: u32) -> Result<Vec<u8>> {
    let height = page
        .js("return Math.ceil(document.documentElement.scrollHeight);", vec![])
        .await?
        .as_f64()
        .unwrap_or(900.0);
    let shot = page
        .cdp(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": width, "height": height.min(12_000.0), "scale": 1 },
            }),
        )
        .await?;
    let data = shot["data"]
        .as_str()
        .ok_or_else(|| fail("Page.captureScreenshot gave no data"))?;
    base64_decode(data)
}

/// The views at 360 and 1280 px in one scheme, under target/screenshots/.
async fn screenshots(page: &Page, scheme: Scheme) -> Result {
    let dir = project_root().join("target/screenshots");
    std::fs::create_dir_all(&dir)?;
    choose_scheme(page, scheme).await?;
    let mut saved = Vec::new();
    for width in [360, 1280] {
        viewport(page, width, 900).await?;
        for (name, path, ready) in views() {
            open_view(page, path, ready).await?;
            expect_scheme(page, scheme, path).await?;
            // Let lazy images below the fold arrive.
            page.js(
                "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager');",
                vec![],
            )
            .await?;
            page.wait_until("the images to load", || async {
                let done = page
                    .js(
                        "return Array.from(document.images).every(i => i.complete);",
                        vec![],
                    )
                    .await?;
                Ok((done == json!(true)).then_some(()))
            })
            .await?;
            let png = full_page_png(page, width).await?;
            let file = dir.join(format!("{name}-{width}-{}.png", scheme.name()));
            std::fs::write(&file, png)?;
            saved.push(file);
        }
    }
    print_saved(&saved);
    Ok(())
}

pub(super) fn print_saved(files: &[PathBuf]) {
    let root = project_root();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string())
        .collect();
    println!("    saved {}", names.join(", "));
}

/// Standard base64, as CDP sends images.
fn base64_decode(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u8);
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            other => return Err(fail(format!("not base64: byte {other}"))),
        };
        bits = (bits << 6) | u32::from(value);
        count += 1;
        if count == 4 {
            out.extend_from_slice(&[(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]);
            (bits, count) = (0, 0);
        }
    }
    match count {
        2 => out.push((bits >> 4) as u8),
        3 => out.extend_from_slice(&[(bits >> 10) as u8, (bits >> 2) as u8]),
        _ => {}
    }
    Ok(out)
}
