//! Type and the first screen (issue 14): the site's own typeface, its
//! tuned fallback, the measure in both, the font bytes of a first visit,
//! a font that fails or arrives late, text outside the Latin subset, and a
//! phone's first screen showing the news. The browsers see the pinned
//! fonts of tests/fonts.conf, so the fallback here is DejaVu Serif.

use crate::browser::{strings, Page};
use crate::cases::Case;
use crate::check::{fail, Result};
use crate::content::{text, Content};
use crate::reader::{focused, open_view, press, viewport, SEED};
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::time::Duration;

pub fn all() -> Vec<Case> {
    cases![
        type_measure_in_the_web_font,
        type_measure_in_the_fallback,
        type_failed_font_leaves_a_readable_page,
        type_late_font_moves_nothing,
        type_first_visit_font_bytes,
        type_text_outside_the_latin_subset,
        type_phone_first_screen,
        type_phone_sections_by_keyboard,
    ]
}

/// The text face: Source Serif 4, shipped as Broadsheet Serif (docs/style.md).
const FAMILY: &str = "Broadsheet Serif";
/// The fallback face in the pinned font set, scaled to Source Serif 4.
const FALLBACK: &str = "DejaVu Serif";
/// Font bytes a first visit to an article may cost (issue 14).
const FIRST_VISIT_FONT_BUDGET: f64 = 60.0 * 1024.0;
/// Layout shift a font may cause: none to speak of.
const SHIFT_BUDGET: f64 = 0.002;

/// The characters a line of the first paragraph holds: its width over the
/// average width of its own text, set on one line.
async fn measure(page: &Page) -> Result<f64> {
    let v = page
        .js(
            "const p = document.querySelector('.article-body p');
             const text = p.textContent;
             const probe = document.createElement('span');
             probe.textContent = text;
             probe.style.whiteSpace = 'nowrap';
             p.append(probe);
             const perChar = probe.getBoundingClientRect().width / text.length;
             probe.remove();
             return p.clientWidth / perChar;",
            vec![],
        )
        .await?;
    Ok(v.as_f64().unwrap_or_default())
}

/// Fails unless the first paragraph's lines hold 60 to 75 characters, the
/// text set in `face` at `width` px (both named in the figures printed).
async fn expect_measure(page: &Page, face: &str, width: u32) -> Result {
    let measure = measure(page).await?;
    println!("    {face} at {width} px: {measure:.1} characters a line");
    ensure!(
        (60.0..=75.0).contains(&measure),
        "article lines hold about {measure:.0} characters at {width} px in {face}; 60 to 75 read well"
    );
    Ok(())
}

/// The fonts the browser used for the text of the first element matching
/// `css`, with how many glyphs each drew, from DevTools.
async fn platform_fonts(page: &Page, css: &str) -> Result<Vec<(String, u64)>> {
    page.cdp("DOM.enable", json!({})).await?;
    page.cdp("CSS.enable", json!({})).await?;
    let root = page.cdp("DOM.getDocument", json!({ "depth": 0 })).await?;
    let node = page
        .cdp(
            "DOM.querySelector",
            json!({ "nodeId": root["root"]["nodeId"], "selector": css }),
        )
        .await?;
    let fonts = page
        .cdp("CSS.getPlatformFontsForNode", json!({ "nodeId": node["nodeId"] }))
        .await?;
    Ok(fonts["fonts"]
        .as_array()
        .map(|fonts| {
            fonts
                .iter()
                .map(|f| {
                    (
                        f["familyName"].as_str().unwrap_or_default().to_string(),
                        f["glyphCount"].as_u64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default())
}

/// Waits until the document's fonts are settled and the roman is loaded.
async fn wait_for_web_font(page: &Page) -> Result {
    page.wait_until("Broadsheet Serif loaded", || async {
        let v = page
            .js(
                "return document.fonts.status === 'loaded'
                    && Array.from(document.fonts).some(f => f.family.replace(/\"/g, '') === arguments[0]
                        && f.style === 'normal' && f.status === 'loaded');",
                vec![json!(FAMILY)],
            )
            .await?;
        Ok((v == json!(true)).then_some(()))
    })
    .await
}

/// Turns font requests away, as a blocked or missing file would.
async fn block_fonts(page: &Page) -> Result {
    page.cdp("Network.enable", json!({})).await?;
    page.cdp("Network.setBlockedURLs", json!({ "urls": ["*/fonts/*"] }))
        .await?;
    Ok(())
}

/// The page's layout shift so far (the CLS sum of every shift not caused
/// by input), from the buffered `layout-shift` entries.
async fn layout_shift(page: &Page) -> Result<f64> {
    let v = page
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             let sum = 0;
             new PerformanceObserver(list => {
                 for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
             }).observe({ type: 'layout-shift', buffered: true });
             setTimeout(() => done(sum), 100);",
            vec![],
        )
        .await?;
    Ok(v.as_f64().unwrap_or_default())
}

async fn expect_fallback_used(page: &Page, css: &str) -> Result {
    let fonts = platform_fonts(page, css).await?;
    ensure!(
        fonts.iter().any(|(f, _)| f == FALLBACK) && !fonts.iter().any(|(f, _)| f == FAMILY),
        "`{css}` should be set in the tuned {FALLBACK} fallback; it used {fonts:?}"
    );
    Ok(())
}

/// On a wide screen an article's lines hold 60 to 75 characters in the
/// site's typeface…
async fn type_measure_in_the_web_font(page: Page, _: Content) -> Result {
    viewport(&page, 1440, 900).await?;
    open_view(&page, SEED, ".latest-articles .card").await?;
    wait_for_web_font(&page).await?;
    let fonts = platform_fonts(&page, ".article-body p").await?;
    ensure!(
        fonts.first().is_some_and(|(f, _)| f == FAMILY),
        "the article's text is not set in {FAMILY}: {fonts:?}"
    );
    expect_measure(&page, FAMILY, 1440).await
}

/// …and in its fallback, whichever the reader's system has.
async fn type_measure_in_the_fallback(page: Page, _: Content) -> Result {
    block_fonts(&page).await?;
    for width in [1440, 1024] {
        viewport(&page, width, 900).await?;
        open_view(&page, SEED, ".latest-articles .card").await?;
        expect_fallback_used(&page, ".article-body p").await?;
        expect_measure(&page, &format!("the {FALLBACK} fallback"), width).await?;
    }
    Ok(())
}

/// A font file that cannot be had leaves the whole article readable, in
/// the fallback, with nothing jumping.
async fn type_failed_font_leaves_a_readable_page(page: Page, content: Content) -> Result {
    block_fonts(&page).await?;
    viewport(&page, 390, 844).await?;
    open_view(&page, SEED, ".latest-articles .card").await?;
    let (section, slug) = SEED.trim_matches('/').split_once('/').unwrap_or_default();
    let headline = text(&content.article(section, slug)?, "/headline")?;
    page.wait_for_text(".article-head h1", &headline).await?;
    for css in [".article-head h1", ".article-body p"] {
        expect_fallback_used(&page, css).await?;
    }
    let unreadable = page
        .js(
            "return Array.from(document.querySelectorAll('.article-body p, .article-head h1'))
                .filter(e => e.getBoundingClientRect().height < 10 || getComputedStyle(e).visibility !== 'visible')
                .map(e => e.textContent.slice(0, 40));",
            vec![],
        )
        .await?;
    ensure_eq!(unreadable, json!([]), "text not shown with the fonts blocked");
    let shift = layout_shift(&page).await?;
    println!("    layout shift with the fonts blocked: {shift:.4}");
    ensure!(
        shift <= SHIFT_BUDGET,
        "layout shift {shift:.4} with the fonts blocked; at most {SHIFT_BUDGET}"
    );
    Ok(())
}

/// Fonts that arrive seconds after the page has painted move nothing:
/// the text stays in the fallback it was laid out in.
async fn type_late_font_moves_nothing(page: Page, _: Content) -> Result {
    page.cdp("Network.enable", json!({})).await?;
    let origin = page.base().trim_end_matches('/').to_string();
    page.cdp(
        "Network.emulateNetworkConditionsByRule",
        json!({ "matchedNetworkConditions": [{
            "urlPattern": format!("{origin}/fonts/*"),
            "latency": 2500, "downloadThroughput": -1, "uploadThroughput": -1,
        }] }),
    )
    .await?;
    viewport(&page, 390, 844).await?;
    open_view(&page, SEED, ".latest-articles .card").await?;
    let arrived = page
        .wait_until("the fonts to arrive", || async {
            let v = page
                .js(
                    "const fonts = performance.getEntriesByType('resource').filter(e => e.name.includes('/fonts/'));
                     return fonts.length > 0 && fonts.every(e => e.responseEnd > 0)
                        ? Math.min(...fonts.map(e => e.responseEnd - e.startTime)) : null;",
                    vec![],
                )
                .await?;
            Ok(v.as_f64())
        })
        .await?;
    ensure!(
        arrived >= 2000.0,
        "the fonts took only {arrived:.0} ms, so this case did not test a late font"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shift = layout_shift(&page).await?;
    println!("    layout shift with the fonts {arrived:.0} ms late: {shift:.4}");
    ensure!(
        shift <= SHIFT_BUDGET,
        "layout shift {shift:.4} with the fonts arriving late; at most {SHIFT_BUDGET}"
    );
    Ok(())
}

/// An article whose text has italics (a quotation).
const WITH_ITALIC: &str = "/politics/mayor-housing-plan";

/// A first visit to an article downloads at most 60 KB of fonts, and
/// preloads just the roman's Latin file, which the page then uses.
async fn type_first_visit_font_bytes(page: Page, _: Content) -> Result {
    // An article with a quotation: it needs the italic too, the most fonts
    // an article in English fetches.
    open_view(&page, WITH_ITALIC, ".article-body blockquote").await?;
    wait_for_web_font(&page).await?;
    let fonts = page
        .wait_until("the roman and the italic fetched", || async {
            let v = page
                .js(
                    "const fonts = performance.getEntriesByType('resource').filter(e => e.name.endsWith('.woff2'));
                     return fonts.some(e => e.name.includes('-italic-latin-')) && fonts.every(e => e.responseEnd > 0)
                        ? fonts.map(e => [e.name.split('/').pop(), e.encodedBodySize, e.initiatorType]) : null;",
                    vec![],
                )
                .await?;
            Ok((!v.is_null()).then_some(v))
        })
        .await?;
    let entries = fonts.as_array().cloned().unwrap_or_default();
    let bytes: f64 = entries.iter().filter_map(|e| e[1].as_f64()).sum();
    println!(
        "    fonts of a first visit to {WITH_ITALIC}: {bytes} B in {} files",
        entries.len()
    );
    ensure!(
        !entries.is_empty() && bytes <= FIRST_VISIT_FONT_BUDGET,
        "a first visit to an article fetched {bytes} B of fonts ({fonts}); the budget is {FIRST_VISIT_FONT_BUDGET} B"
    );
    let preloads = page
        .js(
            "return Array.from(document.querySelectorAll('link[rel=preload][as=font]'))
                .map(l => l.href.split('/').pop());",
            vec![],
        )
        .await?;
    let preloaded = strings(&preloads);
    ensure!(
        preloaded.len() == 1 && preloaded[0].starts_with("broadsheet-serif-roman-latin-"),
        "one font preloaded, the roman's Latin file; found {preloads}"
    );
    ensure!(
        entries
            .iter()
            .any(|e| e[0] == json!(preloaded[0]) && e[2] == json!("link")),
        "the preloaded font was not fetched by its preload: {fonts}"
    );
    Ok(())
}

/// Text outside Latin-1: Polish and Vietnamese come from the typeface's own
/// extended subsets (fetched only for such text); a script it lacks falls
/// back glyph by glyph to a system serif, with no empty boxes.
async fn type_text_outside_the_latin_subset(page: Page, _: Content) -> Result {
    open_view(&page, SEED, ".latest-articles .card").await?;
    wait_for_web_font(&page).await?;
    let samples = [
        ("pl", "Łukasz Wróblewski z Gdańska, źródło: Łódź"),
        ("vi", "Nguyễn Thị Minh Khai ở Hà Nội và Đà Nẵng"),
        ("el", "Αθήνα"),
    ];
    for (lang, sample) in samples {
        // Loaded before the text is laid out, as a page that has it would.
        page.client
            .execute_async(
                "const [lang, sample] = arguments; const done = arguments[arguments.length - 1];
                 document.fonts.load('1em \"Broadsheet Serif\"', sample).then(() => {
                     const p = document.createElement('p');
                     p.lang = lang; p.id = 'sample-' + lang; p.textContent = sample;
                     document.querySelector('.article-body').append(p);
                     done(true);
                 }, e => done(String(e)));",
                vec![json!(lang), json!(sample)],
            )
            .await?;
    }
    for (lang, sample) in samples {
        let fonts = platform_fonts(&page, &format!("#sample-{lang}")).await?;
        let drawn: u64 = fonts.iter().map(|(_, n)| n).sum();
        let letters = sample.chars().count() as u64;
        ensure!(
            drawn >= letters - 2,
            "{lang}: {drawn} glyphs drawn for {letters} characters ({fonts:?})"
        );
        let expected = if lang == "el" { FALLBACK } else { FAMILY };
        ensure!(
            fonts.iter().all(|(f, _)| f == FAMILY || f == FALLBACK)
                && fonts.iter().any(|(f, _)| f == expected),
            "{lang} ({sample}) should be drawn by {expected}: {fonts:?}"
        );
        if lang != "el" {
            ensure!(
                fonts.iter().all(|(f, _)| f == FAMILY),
                "{lang} ({sample}) has glyphs outside {FAMILY}: {fonts:?}"
            );
        }
    }
    // Only the subsets that text needed were fetched.
    let files = page
        .js(
            "return performance.getEntriesByType('resource').map(e => e.name.split('/').pop())
                .filter(n => n.endsWith('.woff2'));",
            vec![],
        )
        .await?;
    let files = strings(&files);
    for subset in ["latin-ext", "vietnamese"] {
        ensure!(
            files.iter().any(|f| f.contains(&format!("-roman-{subset}-"))),
            "the roman's {subset} subset was not fetched: {files:?}"
        );
    }
    Ok(())
}

/// Where an element's top is, in CSS pixels from the top of the page.
async fn top_of(page: &Page, css: &str) -> Result<f64> {
    let v = page
        .js(
            "const e = document.querySelector(arguments[0]);
             return e ? e.getBoundingClientRect().top + scrollY : null;",
            vec![json!(css)],
        )
        .await?;
    v.as_f64().ok_or_else(|| fail(format!("no `{css}` on the page")))
}

/// On a phone (390 × 844) the news starts within the top 200 px: the
/// article's headline, and the home page's lead story; the header is one
/// compact block, its sections one line.
async fn type_phone_first_screen(page: Page, _: Content) -> Result {
    viewport(&page, 390, 844).await?;
    for (path, ready, news) in [
        ("/", ".lead .card", ".lead .card"),
        (SEED, ".latest-articles .card", ".article-head h1"),
    ] {
        open_view(&page, path, ready).await?;
        let header = page
            .js(
                "return document.querySelector('.site-header').getBoundingClientRect().bottom;",
                vec![],
            )
            .await?
            .as_f64()
            .unwrap_or(f64::MAX);
        ensure!(
            header <= 150.0,
            "{path}: the header ends at {header:.0} px on a phone; at most 150"
        );
        let top = top_of(&page, news).await?;
        println!("    {path} at 390 × 844: header ends at {header:.0} px, `{news}` starts at {top:.0} px");
        ensure!(
            top <= 200.0,
            "{path}: `{news}` starts at {top:.0} px on a phone; at most 200"
        );
        let lines = page
            .js(
                "const items = Array.from(document.querySelectorAll('.section-nav li'));
                 return new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size;",
                vec![],
            )
            .await?;
        ensure_eq!(lines, json!(1), "{path}: lines of the section menu");
    }
    Ok(())
}

/// Every section stays reachable on a phone: in the accessibility tree as
/// links of the "Sections" navigation, and by Tab, each scrolled into view
/// as it takes focus.
async fn type_phone_sections_by_keyboard(page: Page, content: Content) -> Result {
    viewport(&page, 390, 844).await?;
    open_view(&page, "/", ".lead .card").await?;
    let site = content.site()?;
    let mut names = vec!["Home".to_string()];
    for section in site["sections"].as_array().cloned().unwrap_or_default() {
        names.push(text(&section, "/name")?);
    }
    let shown = page
        .js(
            "return Array.from(document.querySelectorAll('nav[aria-label=Sections] a'))
                .filter(a => a.checkVisibility() && !a.closest('[aria-hidden=true]'))
                .map(a => a.textContent.trim());",
            vec![],
        )
        .await?;
    let shown = strings(&shown);
    let wanted: Vec<String> = names.iter().map(|n| n.to_uppercase()).collect();
    let got: Vec<String> = shown.iter().map(|n| n.to_uppercase()).collect();
    ensure_eq!(got, wanted, "the section links");
    let scrolls = page
        .js(
            "const ul = document.querySelector('.section-nav ul'); return ul.scrollWidth > ul.clientWidth;",
            vec![],
        )
        .await?;
    ensure_eq!(
        scrolls,
        json!(true),
        "the section menu scrolls sideways at 390 px"
    );
    // The search box comes last before the menu (its button is hidden on
    // a phone, where the keyboard's Search key sends the form).
    page.js("document.querySelector('#site-search-q').focus();", vec![])
        .await?;
    for name in &names {
        press(&page, Key::Tab).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let place = page
            .js(
                "const a = document.activeElement;
                 if (!a.closest('.section-nav')) return null;
                 const r = a.getBoundingClientRect();
                 const ul = a.closest('ul'); const u = ul.getBoundingClientRect();
                 return [a.textContent.trim(), [r.left, r.right, innerWidth, ul.scrollLeft, ul.clientWidth, ul.scrollWidth, u.left, u.right, document.documentElement.scrollWidth, getComputedStyle(ul).overflowX]];",
                vec![],
            )
            .await?;
        let Some([label, inside]) = place
            .as_array()
            .and_then(|a| <&[Value; 2]>::try_from(a.as_slice()).ok())
        else {
            return Err(fail(format!(
                "Tab after the link before {name:?} went to {}",
                focused(&page).await?
            )));
        };
        ensure!(
            label.as_str().is_some_and(|l| l.eq_ignore_ascii_case(name)),
            "Tab reached {label} where {name:?} was expected"
        );
        let edges: Vec<f64> = inside
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .collect();
        ensure!(
            edges.len() >= 3 && edges[0] >= -0.5 && edges[1] <= edges[2] + 0.5,
            "{name}: not in view when focused (left, right, viewport width: {inside})"
        );
    }
    Ok(())
}
