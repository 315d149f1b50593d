//! Putting an index on disk, and reading the front matter's dates.

use super::Index;
use crate::format;
use std::collections::BTreeSet;
use std::path::Path;
use std::{fs, io};

/// What [`write_dir`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Written {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Writes an index into `dir`: only files whose bytes changed (so a host's
/// and a browser's caches stay valid for the rest), the manifest last, and
/// then removes files of an earlier index that this one no longer has.
pub fn write_dir(dir: &Path, index: &Index) -> io::Result<Written> {
    let mut done = Written::default();
    let (manifest, rest): (Vec<_>, Vec<_>) = index.files.iter().partition(|f| f.0 == format::MANIFEST_FILE);
    for (path, bytes) in rest.into_iter().chain(manifest) {
        let full = dir.join(path);
        if fs::read(&full).is_ok_and(|old| old == *bytes) {
            done.unchanged += 1;
            continue;
        }
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&full, bytes)?;
        done.written += 1;
    }
    let keep: BTreeSet<&str> = index.files.iter().map(|f| f.0.as_str()).collect();
    for top in ["terms", "tiers", "chunks", "docs"] {
        remove_stale(dir, Path::new(top), &keep, &mut done)?;
    }
    Ok(done)
}

fn remove_stale(root: &Path, rel: &Path, keep: &BTreeSet<&str>, done: &mut Written) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(root.join(rel)) else {
        return Ok(());
    };
    for e in entries {
        let e = e?;
        let rel = rel.join(e.file_name());
        if e.file_type()?.is_dir() {
            remove_stale(root, &rel, keep, done)?;
        } else if rel
            .to_str()
            .is_some_and(|s| s.ends_with(".bin") && !keep.contains(s.replace('\\', "/").as_str()))
        {
            fs::remove_file(root.join(&rel))?;
            done.removed += 1;
        }
    }
    Ok(())
}

/// Unix seconds of an RFC 3339 date-time (`2025-06-30T18:00:00Z`,
/// `…+01:00`, with or without fractions), or of a bare date at midnight UTC.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    let num = |a: usize, b: usize| -> Option<i64> { s.get(a..b)?.parse().ok() };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    if s.len() == 10 {
        return Some(days * 86_400);
    }
    let (hh, mi, ss) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let mut rest = s.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let h: i64 = rest.get(1..3)?.parse().ok()?;
            let m: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (h * 3600 + m * 60)
        }
    };
    Some(days * 86_400 + hh * 3600 + mi * 60 + ss - offset)
}
