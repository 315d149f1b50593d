//! The synthetic archive's photographs in `cargo xtask bench-content`:
//! encoded once, untimed, with what each took and the bytes saved
//! (docs/images.md), for the timed builds to take from the cache.

use crate::measure::{timed, Peak};
use crate::util::{fail, Failure};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Where `encode_photos` keeps the copies the timed builds reuse.
pub(super) const PHOTO_CACHE: &str = "photo-cache";

/// Encodes the synthetic archive's photographs (a JPEG per section, the
/// same at every size) once, untimed beside Hugo, and prints what each took
/// and the bytes saved (docs/images.md): a build of `src` (the smallest
/// archive) with an empty cache, whose copies the timed builds then reuse.
pub(super) fn encode_photos(press: &Path, src: &Path, dir: &Path, shell: &Path) -> Result<(), Failure> {
    println!("\n== photographs (AVIF and JPEG copies of each, encoded from an empty cache)");
    let cache = dir.join(PHOTO_CACHE);
    let out = dir.join("out-photos");
    let _ = fs::remove_dir_all(&cache);
    let _ = fs::remove_dir_all(&out);
    let log = dir.join("press-photos.log");
    let mut build = Command::new(press);
    build
        .args(["build", "--timings", "--content"])
        .arg(src)
        .arg("--out")
        .arg(&out)
        .arg("--shell")
        .arg(shell)
        .env_remove("TRUNK_STAGING_DIR")
        .env("BROADSHEET_PRESS_CACHE", &cache);
    let run = timed(Peak::Proc, &build, &log, true)?;
    let output = fs::read_to_string(&log).unwrap_or_default();
    let _ = fs::remove_dir_all(&out);
    if !run.success {
        eprint!("{output}");
        return fail("broadsheet-press failed encoding the photographs");
    }
    for line in output.lines().filter(|l| l.trim_start().starts_with("encoded ")) {
        println!("{line}");
    }
    println!(
        "{}",
        photo_summary(&output).unwrap_or_else(|| "photos: none".into())
    );
    Ok(())
}

pub(super) fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The photographs' figures from the press's lines (docs/images.md): the
/// encode time of each photograph (`  encoded media/x.jpg  1.234 s`), and
/// the bytes a reader is served against the originals' (`…: photos: …;
/// originals N bytes, served M bytes …`).
pub(super) fn photo_summary(output: &str) -> Option<String> {
    let times: Vec<f64> = output
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("encoded "))
        .filter_map(|l| l.trim_end().strip_suffix(" s")?.rsplit(' ').next()?.parse().ok())
        .collect();
    let line = output.lines().find(|l| l.contains(": photos: "))?;
    let number_after = |label: &str| -> Option<f64> {
        let rest = &line[line.find(label)? + label.len()..];
        rest.split_whitespace().next()?.parse().ok()
    };
    let (original, served) = (number_after("originals ")?, number_after("served ")?);
    let encode = if times.is_empty() {
        "none encoded (all from the cache)".to_string()
    } else {
        let total: f64 = times.iter().sum();
        let slowest = times.iter().cloned().fold(0.0, f64::max);
        format!(
            "{} encoded, {:.2} s a photo on average (slowest {:.2} s, {:.1} s in all)",
            times.len(),
            total / times.len() as f64,
            slowest,
            total
        )
    };
    let saved = if original > 0.0 {
        100.0 * (1.0 - served / original)
    } else {
        0.0
    };
    Some(format!(
        "photos: {encode}; served {served:.0} of the originals' {original:.0} bytes ({saved:.0} % saved)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_figures_from_the_press_lines() {
        let output = "broadsheet-press: photos: 2 (2 encoded, 0 from the cache); originals 400000 bytes, \
                      served 40000 bytes (each one's avif copy at most 800 px wide), all copies 9 bytes\n  \
                      encoded media/world/picture-0.jpg  1.500 s\n  encoded media/sport/picture-0.jpg  0.500 s\n";
        assert_eq!(
            photo_summary(output).as_deref(),
            Some(
                "photos: 2 encoded, 1.00 s a photo on average (slowest 1.50 s, 2.0 s in all); \
                 served 40000 of the originals' 400000 bytes (90 % saved)"
            )
        );
        assert_eq!(photo_summary("broadsheet-press: 1 articles\n"), None);
    }
}
