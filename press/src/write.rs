//! Writing the output so that a failed build changes nothing: everything goes
//! to a temporary folder first and is swapped in at the end.

use crate::error::SourceError;
use broadsheet_model::CONTENT_DIR;
use std::fs;
use std::path::{Path, PathBuf};

const MEDIA_DIR: &str = "media";

pub fn replace_content(
    out: &Path,
    files: &[(String, String)],
    media: &[(PathBuf, String)],
) -> Result<(), SourceError> {
    let fail = |what: &Path, e: std::io::Error| SourceError::new(what, 0, format!("cannot write: {e}"));
    fs::create_dir_all(out).map_err(|e| fail(out, e))?;
    let staging = out.join(format!(".press-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = (|| {
        for (path, text) in files {
            let target = staging.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
            }
            fs::write(&target, text).map_err(|e| fail(&target, e))?;
        }
        for (from, to) in media {
            let target = staging.join(to);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
            }
            fs::copy(from, &target).map_err(|e| fail(from, e))?;
        }
        for dir in [CONTENT_DIR, MEDIA_DIR] {
            swap_in(&staging.join(dir), &out.join(dir)).map_err(|e| fail(&out.join(dir), e))?;
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&staging);
    result
}

/// Replaces `target` with `fresh` (or removes it if there is nothing fresh).
fn swap_in(fresh: &Path, target: &Path) -> std::io::Result<()> {
    let old = target.with_extension("old");
    let _ = fs::remove_dir_all(&old);
    if target.exists() {
        fs::rename(target, &old)?;
    }
    if fresh.exists() {
        fs::rename(fresh, target)?;
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}
