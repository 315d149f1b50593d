//! Smaller copies of every photograph (JPEG or PNG), so a reader downloads
//! what their screen needs: each width of `Variants::widths_for` in AVIF,
//! the modern format, and in JPEG, the fallback (docs/images.md).
//!
//! Encoding is slow (AVIF most of all), so the copies are cached, by a hash
//! of the source's bytes and of the settings below, in a folder outside the
//! output (`cache_dir`): a rebuild copies them and encodes only new or
//! changed photographs. Each cache entry is written under a temporary name
//! and renamed, so an interrupted build never leaves half an entry.

use crate::error::SourceError;
use crate::images::Photo;
use crate::write::Staging;
use broadsheet_model::{Variants, FALLBACK_FORMAT};
use broadsheet_press_codec::Settings;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The modern format, beside the JPEG fallback.
pub const MODERN: &str = "avif";
/// ravif's quality (0–100) and speed (1 slowest – 10 fastest): at speed 9
/// the files were as small as at 8 in half the time, and 10 made them 14 %
/// larger (docs/images.md).
const ENCODER: Settings = Settings {
    avif_quality: 60,
    avif_speed: 9,
    jpeg_quality: 80,
};
/// Every setting that changes the copies' bytes: a change here makes new
/// cache entries rather than reusing copies made otherwise.
const SETTINGS: &str =
    "broadsheet-photos 2: exif orientation applied, lanczos3 from the next wider, avif q60 s9, jpeg q80, alpha on white";

/// The width whose modern copy is counted as "served": about what an
/// article's column needs on a phone at twice its pixel density.
pub const SERVED_WIDTH: u32 = 800;

/// What making the copies took.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub photos: usize,
    /// Photographs encoded in this build, each with how long it took.
    pub encoded: Vec<(String, Duration)>,
    /// Photographs whose copies came from the cache.
    pub reused: usize,
    /// The originals' bytes.
    pub original_bytes: u64,
    /// For each photograph, its modern copy at `SERVED_WIDTH` (or the
    /// widest below it): what a reader's browser downloads instead.
    pub served_bytes: u64,
    /// Every copy, both formats, every width.
    pub copy_bytes: u64,
}

/// The photo cache beside the search index's cache file (`search::cache_file`):
/// one for every site built on the machine, since it is keyed by content.
pub fn cache_dir(search_cache: &Path) -> PathBuf {
    search_cache.parent().unwrap_or(Path::new(".")).join("photos")
}

/// Makes (or finds in `cache`) the copies of every photograph. A file that
/// cannot be read or decoded is an error at the line of the article using
/// it. Returns each photograph's cache entry, in the order of `photos`.
pub fn prepare(photos: &[Photo], cache: &Path) -> Result<(Vec<PathBuf>, Stats), Vec<SourceError>> {
    if !photos.is_empty() {
        fs::create_dir_all(cache).map_err(|e| {
            vec![SourceError::new(
                cache,
                0,
                format!("cannot make the photo cache: {e}"),
            )]
        })?;
    }
    let made: Vec<Result<Made, SourceError>> = photos.par_iter().map(|p| prepare_one(p, cache)).collect();
    let mut stats = Stats {
        photos: photos.len(),
        ..Stats::default()
    };
    let mut entries = Vec::with_capacity(photos.len());
    let mut errors = Vec::new();
    for (photo, made) in photos.iter().zip(made) {
        match made {
            Ok(made) => {
                match made.took {
                    Some(took) => stats.encoded.push((photo.published.clone(), took)),
                    None => stats.reused += 1,
                }
                stats.original_bytes += made.original_bytes;
                let size = |w: u32, format: &str| {
                    fs::metadata(made.entry.join(copy_name(w, format))).map_or(0, |m| m.len())
                };
                let served = photo
                    .widths
                    .iter()
                    .copied()
                    .filter(|&w| w <= SERVED_WIDTH)
                    .max()
                    .unwrap_or(photo.widths[0]);
                stats.served_bytes += size(served, MODERN);
                for &w in &photo.widths {
                    stats.copy_bytes += size(w, MODERN) + size(w, FALLBACK_FORMAT);
                }
                entries.push(made.entry);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok((entries, stats))
    } else {
        Err(errors)
    }
}

/// Copies every photograph's copies from its cache entry into `staging`,
/// beside the original (whose folder the media step made).
pub fn publish(photos: &[Photo], entries: &[PathBuf], staging: &Staging) -> Result<(), SourceError> {
    photos.par_iter().zip(entries).try_for_each(|(photo, entry)| {
        for &w in &photo.widths {
            for format in [MODERN, FALLBACK_FORMAT] {
                let to = Variants::url(&photo.published, w, format);
                staging.copy(&entry.join(copy_name(w, format)), &to)?;
            }
        }
        Ok(())
    })
}

struct Made {
    entry: PathBuf,
    /// How long encoding took; `None` when the cache had the copies.
    took: Option<Duration>,
    original_bytes: u64,
}

fn copy_name(width: u32, format: &str) -> String {
    format!("{width}.{format}")
}

fn prepare_one(photo: &Photo, cache: &Path) -> Result<Made, SourceError> {
    let name = photo
        .file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let fail = |message: String| SourceError::new(&photo.article, photo.line, message);
    let bytes = fs::read(&photo.file).map_err(|e| fail(format!("cannot read image {name}: {e}")))?;
    let entry = cache.join(format!("{:032x}", content_key(&bytes)));
    let original_bytes = bytes.len() as u64;
    if entry.is_dir() {
        return Ok(Made {
            entry,
            took: None,
            original_bytes,
        });
    }
    let start = Instant::now();
    let copies = broadsheet_press_codec::copies(&bytes, &photo.widths, ENCODER).map_err(|e| {
        let why = e.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        fail(format!(
            "image {name} cannot be decoded ({why}); is the file whole?"
        ))
    })?;
    let took = start.elapsed();
    let temporary = cache.join(format!(
        ".{:032x}.{}-{:?}",
        content_key(&bytes),
        std::process::id(),
        std::thread::current().id()
    ));
    let write = || -> std::io::Result<()> {
        let _ = fs::remove_dir_all(&temporary);
        fs::create_dir(&temporary)?;
        for copy in &copies {
            fs::write(temporary.join(copy_name(copy.width, MODERN)), &copy.avif)?;
            fs::write(temporary.join(copy_name(copy.width, FALLBACK_FORMAT)), &copy.jpeg)?;
        }
        match fs::rename(&temporary, &entry) {
            // Another build made the same entry meanwhile: the same bytes.
            Err(_) if entry.is_dir() => {
                let _ = fs::remove_dir_all(&temporary);
                Ok(())
            }
            other => other,
        }
    };
    write().map_err(|e| {
        let _ = fs::remove_dir_all(&temporary);
        SourceError::new(&entry, 0, format!("cannot write the photo cache: {e}"))
    })?;
    Ok(Made {
        entry,
        took: Some(took),
        original_bytes,
    })
}

/// FNV-1a, 128 bits, of the settings and the bytes: stable across Rust
/// versions and machines, unlike std's hasher, and wide enough that two
/// photographs never share an entry by chance.
fn content_key(bytes: &[u8]) -> u128 {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for &b in SETTINGS.as_bytes().iter().chain([0u8].iter()).chain(bytes) {
        h = (h ^ u128::from(b)).wrapping_mul(PRIME);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_the_bytes() {
        assert_ne!(content_key(b"a"), content_key(b"b"));
        assert_eq!(content_key(b"photo"), content_key(b"photo"));
    }
}
