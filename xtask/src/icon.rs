//! The site's icon goes into every page as a `data:` URL instead of a file
//! of its own.
//!
//! Chromium asks for a page's icon as the page finishes loading, about when
//! it first paints. Over plain HTTP/1.1 that request gets a connection of
//! its own, and when it ends before the first paint, Lighthouse's simulated
//! LCP counts it: 1.35 s instead of 1.20 s on an article
//! (docs/performance.md, "What holds the HTTP/1.1 figure"). The icon is a
//! 315-byte SVG; in the page it costs some 250 bytes compressed, and no
//! request. The Content-Security-Policy allows `data:` images already
//! (deploy/nginx.conf). An icon that is not SVG stays a file.

use crate::boot::{attribute, find_link};
use crate::util::{fail, Failure};
use percent_encoding::{percent_encode, AsciiSet, CONTROLS};

/// The page with its `<link rel=icon>` pointing at a `data:` URL of the
/// file it named, and that file's name under `public_url` (no longer
/// needed in the build). `read` gives a file of the build by its name.
pub fn inline_icon(
    index: &str,
    public_url: &str,
    read: impl Fn(&str) -> Result<Vec<u8>, Failure>,
) -> Result<(String, Option<String>), Failure> {
    let (start, end) = find_link(index, "rel=icon")?;
    let link = &index[start..end];
    let Some(href) = attribute(link, "href") else {
        return fail(format!("the icon's link has no href: {link}"));
    };
    if !href.ends_with(".svg") {
        return Ok((index.to_string(), None));
    }
    let Some(file) = href.strip_prefix(public_url) else {
        return fail(format!("the icon {href} is not under {public_url}"));
    };
    let svg = read(file)?;
    // The integrity hash was the file's; a data: URL needs none.
    let inlined = format!("<link href=\"{}\" rel=icon>", svg_data_url(&svg));
    Ok((
        format!("{}{inlined}{}", &index[..start], &index[end..]),
        Some(file.to_string()),
    ))
}

/// What a `data:` URL in a double-quoted HTML attribute must escape:
/// controls and line breaks, what ends the attribute or starts an entity
/// (`"`, `&`, `<`, `>`), a fragment (`#`) and `%` itself, and the
/// characters URLs never leave bare. Anything beyond ASCII is always escaped.
const DATA_URL: &AsciiSet = &CONTROLS
    .add(b'%')
    .add(b'#')
    .add(b'"')
    .add(b'&')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `data:image/svg+xml,` and the SVG, percent-encoded where it must be; the
/// rest stays as it is, the shortest form (no base64).
fn svg_data_url(svg: &[u8]) -> String {
    format!("data:image/svg+xml,{}", percent_encode(svg, DATA_URL))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">\n<rect fill=\"#1a1a1a\"/><text>A & B <é> 100%</text></svg>";

    fn read(name: &str) -> Result<Vec<u8>, Failure> {
        match name {
            "favicon-1.svg" => Ok(ICON.as_bytes().to_vec()),
            _ => fail(format!("no {name}")),
        }
    }

    #[test]
    fn the_icon_becomes_a_data_url_that_gives_back_the_same_file() {
        let page = "<head><link href=/news/favicon-1.svg integrity=sha384-X rel=icon><title>x</title></head>";
        let (page, inlined) = inline_icon(page, "/news/", read).unwrap();
        assert_eq!(inlined.as_deref(), Some("favicon-1.svg"));
        let href = attribute(&page, "href").unwrap();
        let data = href.strip_prefix("data:image/svg+xml,").unwrap();
        assert_eq!(
            percent_encoding::percent_decode_str(data).collect::<Vec<u8>>(),
            ICON.as_bytes()
        );
        // Nothing in it ends the attribute, starts an entity or a fragment,
        // or breaks the line.
        assert!(!data.contains(['"', '&', '<', '>', '#', '\n']), "{data}");
        assert!(page.starts_with("<head><link href=\"data:image/svg+xml,%3Csvg xmlns="));
        assert!(page.ends_with(" rel=icon><title>x</title></head>"));
        assert!(!page.contains("integrity"), "{page}");
    }

    #[test]
    fn an_icon_that_is_not_svg_stays_a_file() {
        let page = "<link href=/favicon-1.png rel=icon>";
        assert_eq!(inline_icon(page, "/", read).unwrap(), (page.to_string(), None));
    }

    #[test]
    fn a_missing_icon_or_file_is_an_error() {
        assert!(inline_icon("<link href=/main.css rel=stylesheet>", "/", read).is_err());
        assert!(inline_icon("<link href=/favicon-2.svg rel=icon>", "/", read).is_err());
        assert!(inline_icon("<link href=/elsewhere/favicon-1.svg rel=icon>", "/news/", read).is_err());
    }
}
