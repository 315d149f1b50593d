//! Decoding, scaling and encoding photographs for broadsheet-press
//! (docs/images.md). A crate of its own because the work is in generic and
//! `#[inline]` code of `image`, ravif and rav1e, which is compiled in the
//! crate that calls it: here, built with `opt-level = 3` in every profile
//! (the workspace's Cargo.toml), rather than in the press, which the tests
//! and `cargo run` build unoptimised (an AVIF then takes a minute, not a
//! second). Its functions are not generic, so nothing of it is compiled
//! again in the press.

use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder, RgbImage};

pub use image::ImageError;

/// AVIF encoder settings: ravif's quality (0–100) and speed (1 slowest –
/// 10 fastest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub avif_quality: u8,
    pub avif_speed: u8,
    pub jpeg_quality: u8,
}

/// One copy: its width and its AVIF and JPEG bytes.
pub struct Copy {
    pub width: u32,
    pub avif: Vec<u8>,
    pub jpeg: Vec<u8>,
}

/// Decodes a JPEG or PNG (by its bytes, whatever its name) and makes a copy
/// at each of `widths`, widest first, each scaled (Lanczos 3) from the next
/// wider one, in AVIF and JPEG.
#[inline(never)]
pub fn copies(bytes: &[u8], widths: &[u32], settings: Settings) -> Result<Vec<Copy>, ImageError> {
    let decoded = image::load_from_memory(bytes)?;
    let mut current = on_white(decoded);
    let mut copies = Vec::new();
    for &width in widths.iter().rev() {
        if width < current.width() {
            let height = ((u64::from(current.height()) * u64::from(width) + u64::from(current.width()) / 2)
                / u64::from(current.width()))
            .max(1) as u32;
            current = image::imageops::resize(&current, width, height, FilterType::Lanczos3);
        }
        let (w, h) = current.dimensions();
        let mut avif = Vec::new();
        image::codecs::avif::AvifEncoder::new_with_speed_quality(
            &mut avif,
            settings.avif_speed,
            settings.avif_quality,
        )
        .write_image(current.as_raw(), w, h, image::ExtendedColorType::Rgb8)?;
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, settings.jpeg_quality).write_image(
            current.as_raw(),
            w,
            h,
            image::ExtendedColorType::Rgb8,
        )?;
        copies.push(Copy { width, avif, jpeg });
    }
    Ok(copies)
}

/// A photograph-like RGB picture as JPEG (synthetic archives, tests).
#[inline(never)]
pub fn jpeg(rgb: &[u8], width: u32, height: u32, quality: u8) -> Result<Vec<u8>, ImageError> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality).write_image(
        rgb,
        width,
        height,
        image::ExtendedColorType::Rgb8,
    )?;
    Ok(bytes)
}

/// RGB, with any transparency laid on white (JPEG has none, and a page's
/// background is near white in the light scheme).
fn on_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut rgb = RgbImage::new(w, h);
    for (to, from) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(from[3]);
        for c in 0..3 {
            to[c] = ((u16::from(from[c]) * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTINGS: Settings = Settings {
        avif_quality: 60,
        avif_speed: 9,
        jpeg_quality: 80,
    };

    #[test]
    fn transparency_is_laid_on_white() {
        let mut rgba = image::RgbaImage::new(2, 1);
        rgba.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        rgba.put_pixel(1, 0, image::Rgba([10, 20, 30, 255]));
        let rgb = on_white(DynamicImage::ImageRgba8(rgba));
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(rgb.get_pixel(1, 0).0, [10, 20, 30]);
    }

    #[test]
    fn copies_have_the_widths_asked() {
        let rgb = RgbImage::from_fn(100, 60, |x, y| image::Rgb([x as u8, y as u8, (x + y) as u8]));
        let source = jpeg(rgb.as_raw(), 100, 60, 90).unwrap();
        let made = copies(&source, &[40, 100], SETTINGS).unwrap();
        let widths: Vec<u32> = made.iter().map(|c| c.width).collect();
        assert_eq!(widths, [100, 40]);
        let small = image::load_from_memory(&made[1].jpeg).unwrap();
        assert_eq!((small.width(), small.height()), (40, 24));
        assert_eq!(&made[0].avif[4..12], b"ftypavif");
        assert!(copies(b"not a picture", &[40], SETTINGS).is_err());
    }
}
