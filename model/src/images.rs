//! Smaller copies of a photograph, for `srcset`: which widths exist, in
//! which formats, and at which addresses. broadsheet-press writes them
//! (docs/images.md); the app and the pages name them the same way.

use serde::{Deserialize, Serialize};

/// The widths a photograph is served at, narrowest first. A photograph
/// narrower than the widest also gets a copy at its own width; none is
/// ever wider than the original.
pub const VARIANT_WIDTHS: &[u32] = &[480, 800, 1200, 1600];

/// The fallback format every browser shows.
pub const FALLBACK_FORMAT: &str = "jpg";

/// The copies of a photograph that exist beside it, each width in each
/// format: `{src}.{width}.{format}` (`/media/world/x.jpg.800.avif`).
/// Added within version 1: an app that does not know it shows `src`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Variants {
    /// Narrowest first.
    pub widths: Vec<u32>,
    /// The modern format beside the JPEG fallback: `avif` or `webp`.
    pub modern: String,
}

impl Variants {
    /// The widths to make of a photograph `original` pixels wide: every
    /// standard width below it, then its own width if the widest standard
    /// one is wider (never upscaled).
    pub fn widths_for(original: u32) -> Vec<u32> {
        let widest = *VARIANT_WIDTHS.last().expect("some widths");
        let mut widths: Vec<u32> = VARIANT_WIDTHS
            .iter()
            .copied()
            .filter(|&w| w < original.min(widest))
            .collect();
        widths.push(original.min(widest));
        widths
    }

    /// The address of the copy `width` pixels wide in `format`, beside `src`.
    pub fn url(src: &str, width: u32, format: &str) -> String {
        format!("{src}.{width}.{format}")
    }

    /// Every copy in `format`, as a `srcset` value (`a.480.avif 480w, …`);
    /// `src` is the original's address as the page gives it.
    pub fn srcset(&self, src: &str, format: &str) -> String {
        self.widths
            .iter()
            .map(|&w| format!("{} {w}w", Self::url(src, w, format)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The MIME type of the modern format, for `<source type>`.
    pub fn modern_type(&self) -> String {
        format!("image/{}", self.modern)
    }

    /// The widest JPEG: the `<img src>` of browsers without `srcset`.
    pub fn fallback(&self, src: &str) -> String {
        let widest = self.widths.last().copied().unwrap_or(0);
        Self::url(src, widest, FALLBACK_FORMAT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(Variants::widths_for(4000), [480, 800, 1200, 1600]);
        assert_eq!(Variants::widths_for(1600), [480, 800, 1200, 1600]);
        assert_eq!(Variants::widths_for(1000), [480, 800, 1000]);
        assert_eq!(Variants::widths_for(480), [480]);
        assert_eq!(Variants::widths_for(300), [300]);
    }

    #[test]
    fn names_each_copy_beside_the_original() {
        let v = Variants {
            widths: vec![480, 800],
            modern: "avif".into(),
        };
        assert_eq!(
            v.srcset("/media/world/x.jpg", "avif"),
            "/media/world/x.jpg.480.avif 480w, /media/world/x.jpg.800.avif 800w"
        );
        assert_eq!(v.fallback("/m/x.png"), "/m/x.png.800.jpg");
        assert_eq!(v.modern_type(), "image/avif");
    }
}
