//! Decoding, scaling and encoding photographs for broadsheet-press
//! (docs/images.md). A crate of its own because the work is in generic and
//! `#[inline]` code of `image`, ravif and rav1e, which is compiled in the
//! crate that calls it: here, built with `opt-level = 3` in every profile
//! (the workspace's Cargo.toml), rather than in the press, which the tests
//! and `cargo run` build unoptimised (an AVIF then takes a minute, not a
//! second). Its functions are not generic, so nothing of it is compiled
//! again in the press.

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, RgbImage};
use std::io::{Cursor, Read};
use std::path::Path;

pub use image::metadata::Orientation;
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

/// How much of a file `file_start` reads: the headers (EXIF is at most
/// 64 KiB) of nearly every photograph, not its pixels.
pub const HEADERS: u64 = 256 * 1024;

/// The first `HEADERS` bytes of `file` (all of it, if smaller): where its
/// size and orientation are, read once for both.
pub fn file_start(file: &Path) -> Option<Vec<u8>> {
    let mut start = Vec::new();
    std::fs::File::open(file)
        .ok()?
        .take(HEADERS)
        .read_to_end(&mut start)
        .ok()?;
    Some(start)
}

/// The orientation a JPEG's or PNG's EXIF metadata asks for (the image
/// crate's reading of it), from the file's headers; `NoTransforms` when
/// there is none, or for another kind of file (GIF, WebP, SVG…: served as
/// they are; browsers would turn a WebP by its EXIF, but cameras write
/// JPEG).
#[inline(never)]
pub fn orientation(file: &Path) -> Orientation {
    file_start(file).map_or(Orientation::NoTransforms, |start| {
        orientation_from_start(file, &start)
    })
}

/// `orientation`, given the file's `file_start`.
pub fn orientation_from_start(file: &Path, start: &[u8]) -> Orientation {
    let read = |bytes: &[u8]| -> Result<Orientation, ImageError> {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()?
            .into_decoder()?
            .orientation()
    };
    if !matches!(
        image::guess_format(start),
        Ok(image::ImageFormat::Jpeg | image::ImageFormat::Png)
    ) {
        return Orientation::NoTransforms;
    }
    match read(start) {
        Ok(found) => found,
        // Headers longer than `HEADERS` (or a file that is not whole): the
        // whole file.
        Err(_) if start.len() as u64 == HEADERS => std::fs::read(file)
            .ok()
            .and_then(|all| read(&all).ok())
            .unwrap_or(Orientation::NoTransforms),
        Err(_) => Orientation::NoTransforms,
    }
}

/// Whether `orientation` turns a picture a quarter, so that it is shown
/// with its stored width as its height.
pub fn turns_quarter(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// Decodes a JPEG or PNG (by its bytes, whatever its name), turns it
/// upright by its EXIF orientation, and makes a copy
/// at each of `widths`, widest first, each scaled (Lanczos 3) from the next
/// wider one, in AVIF and JPEG.
#[inline(never)]
pub fn copies(bytes: &[u8], widths: &[u32], settings: Settings) -> Result<Vec<Copy>, ImageError> {
    let mut decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()?
        .into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut decoded = DynamicImage::from_decoder(decoder)?;
    // Upright, as a browser shows the original: the copies carry no EXIF.
    decoded.apply_orientation(orientation);
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

/// `jpeg` with an EXIF segment (APP1) whose only entry is Orientation =
/// `orientation`: a minimal big-endian TIFF header and one IFD, put right
/// after the start-of-image marker, where cameras put it. For tests, here
/// and in the press's: no encoder writes EXIF.
#[doc(hidden)]
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
    exif.extend([0, 1]); // one entry
    exif.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1]); // Orientation, SHORT, 1 value
    exif.extend(orientation.to_be_bytes());
    exif.extend([0, 0, 0, 0, 0, 0]); // padding, no next IFD
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(exif.len() + 2).unwrap_or(u16::MAX).to_be_bytes());
    out.extend(exif);
    out.extend(&jpeg[2..]);
    out
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
    fn copies_are_turned_upright_by_the_exif_orientation() {
        // 60×30, red in its top-left 15×15, blue elsewhere; stored as a
        // camera held upright stores it (6: turn 90° clockwise to show).
        let rgb = RgbImage::from_fn(60, 30, |x, y| {
            image::Rgb(if x < 15 && y < 15 {
                [230, 20, 20]
            } else {
                [20, 20, 230]
            })
        });
        let source = with_exif_orientation(&jpeg(rgb.as_raw(), 60, 30, 95).unwrap(), 6);
        let made = copies(&source, &[30], SETTINGS).unwrap();
        let shown = image::load_from_memory(&made[0].jpeg).unwrap().into_rgb8();
        assert_eq!(shown.dimensions(), (30, 60));
        // The red corner turned with it: now top right.
        let red = |x: u32, y: u32| shown.get_pixel(x, y)[0] > 150 && shown.get_pixel(x, y)[2] < 100;
        assert!(red(26, 3), "top right is red");
        assert!(
            !red(3, 3) && !red(3, 56) && !red(26, 56),
            "the other corners are not"
        );
        // Without the tag, as it was.
        let plain = copies(&jpeg(rgb.as_raw(), 60, 30, 95).unwrap(), &[60], SETTINGS).unwrap();
        let plain = image::load_from_memory(&plain[0].jpeg).unwrap();
        assert_eq!((plain.width(), plain.height()), (60, 30));
    }

    #[test]
    fn orientation_is_read_from_the_file_headers() {
        let rgb = RgbImage::from_fn(8, 4, |x, _| image::Rgb([x as u8 * 30, 0, 0]));
        let plain = jpeg(rgb.as_raw(), 8, 4, 90).unwrap();
        let folder = std::env::temp_dir().join(format!("codec-orientation-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        // Headers longer than the first read: five 60 KB comment segments
        // before the EXIF.
        let mut long = plain[..2].to_vec();
        for _ in 0..5 {
            long.extend([0xFF, 0xFE, 0xEA, 0x62]);
            long.extend(vec![b' '; 0xEA60]);
        }
        long.extend(&with_exif_orientation(&plain, 6)[2..]);
        let cases = [
            ("long-headers.jpg", long, Orientation::Rotate90),
            ("plain.jpg", plain.clone(), Orientation::NoTransforms),
            ("six.jpg", with_exif_orientation(&plain, 6), Orientation::Rotate90),
            (
                "eight.jpg",
                with_exif_orientation(&plain, 8),
                Orientation::Rotate270,
            ),
            (
                "three.jpg",
                with_exif_orientation(&plain, 3),
                Orientation::Rotate180,
            ),
            ("not-a-picture.jpg", b"GIF89a".to_vec(), Orientation::NoTransforms),
        ];
        for (name, bytes, expected) in cases {
            std::fs::write(folder.join(name), bytes).unwrap();
            assert_eq!(orientation(&folder.join(name)), expected, "{name}");
        }
        assert_eq!(
            orientation(&folder.join("missing.jpg")),
            Orientation::NoTransforms
        );
        std::fs::remove_dir_all(&folder).unwrap();
        assert!(turns_quarter(Orientation::Rotate90) && turns_quarter(Orientation::Rotate270FlipH));
        assert!(!turns_quarter(Orientation::Rotate180) && !turns_quarter(Orientation::FlipHorizontal));
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
