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
