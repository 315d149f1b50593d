//! Writing the output so that a failed build changes nothing: everything goes
//! to a staging folder inside the output folder first, and only when all of
//! it is written are the site's own names swapped in, each by a rename.

use crate::error::SourceError;
use broadsheet_model::CONTENT_DIR;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Everything the build owns at the root of the output folder. Anything else
/// there (the app's own files, for one) is left alone; any of these that a
/// build does not write (`sitemaps/` for a small site) is removed.
pub const MANAGED: &[&str] = &[
    CONTENT_DIR,
    "media",
    "feeds",
    "sitemaps",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];

fn fail(what: &Path, e: std::io::Error) -> SourceError {
    SourceError::new(what, 0, format!("cannot write: {e}"))
}

/// A staging folder being filled. Dropped without `commit`, it is removed and
/// the output folder is as it was.
pub struct Staging {
    out: PathBuf,
    /// Names the build owns besides `MANAGED`: the pages (`index.html`,
    /// `404.html`, a folder per section, `tag` and `author`), when it
    /// renders them.
    also: std::sync::Mutex<Vec<String>>,
    root: PathBuf,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging, SourceError> {
        fs::create_dir_all(out).map_err(|e| fail(out, e))?;
        let root = out.join(format!(".press-staging-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir(&root).map_err(|e| fail(&root, e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            also: Default::default(),
            root,
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    /// A folder inside the staging folder that is never published and goes
    /// with it (the photo copies of a build without a cache).
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.root.join(format!(".scratch-{name}"))
    }

    /// Makes the folder `rel` (and its parents) in the staging folder.
    pub fn dir(&self, rel: &str) -> Result<(), SourceError> {
        let path = self.root.join(rel);
        fs::create_dir_all(&path).map_err(|e| fail(&path, e))
    }

    /// Writes the file `rel`, whose folder must exist.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), SourceError> {
        let path = self.root.join(rel);
        fs::write(&path, bytes).map_err(|e| fail(&path, e))?;
        self.count(bytes.len() as u64);
        Ok(())
    }

    /// Copies `from` to the file `rel`, whose folder must exist.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), SourceError> {
        let path = self.root.join(rel);
        let n = fs::copy(from, &path).map_err(|e| fail(from, e))?;
        self.count(n);
        Ok(())
    }

    /// Makes the file `rel` (whose folder must exist) a hard link to `from`,
    /// an unchanged file of the live site: no bytes written, and it keeps its
    /// date. Fails where hard links cannot be made (another file system).
    pub fn link(&self, from: &Path, rel: &str) -> std::io::Result<()> {
        fs::hard_link(from, self.root.join(rel))?;
        self.count(from.metadata().map_or(0, |m| m.len()));
        Ok(())
    }

    /// The build owns `name` in the output folder too: a name at its root,
    /// or a path below it (`search/index`), whose folder is made if missing.
    pub fn manage(&self, name: &str) {
        self.also
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(name.to_string());
    }

    fn count(&self, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// (files, bytes) written so far.
    pub fn written(&self) -> (u64, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// Swaps every managed name in. Each name is replaced by one rename (the
    /// old one is moved aside first and removed after), so a reader sees
    /// either the old or the new version of each.
    pub fn commit(self) -> Result<(), SourceError> {
        let also = std::mem::take(&mut *self.also.lock().unwrap_or_else(|e| e.into_inner()));
        for name in MANAGED.iter().copied().chain(also.iter().map(String::as_str)) {
            let fresh = self.root.join(name);
            let target = self.out.join(name);
            // Beside the output's own names, whatever folder `name` is in.
            let old = self.out.join(format!(".{}.press-old", name.replace('/', "-")));
            remove(&old);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
            }
            let had = target.symlink_metadata().is_ok();
            if had {
                fs::rename(&target, &old).map_err(|e| fail(&target, e))?;
            }
            if fresh.symlink_metadata().is_ok() {
                fs::rename(&fresh, &target).map_err(|e| fail(&target, e))?;
            }
            if had {
                remove(&old);
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        remove(&self.root);
    }
}

fn remove(path: &Path) {
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = fs::remove_file(path);
        }
        Err(_) => {}
    }
}
