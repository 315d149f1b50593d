//! Everything the import writes goes first into a staging folder beside
//! the content folder, and is moved in only at the end: an import that
//! fails (or is interrupted) before then leaves the content folder as it
//! was. A dry run writes nothing at all, only counts.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub struct Stage {
    content: PathBuf,
    dir: PathBuf,
    /// Paths under the content folder, in the order written.
    files: Vec<String>,
    /// The same, in a dry run (where no staged file tells what was written).
    dry_files: HashSet<String>,
    /// Files of the content folder to remove when committing (`--force`
    /// moving an article to another section).
    removals: Vec<PathBuf>,
    dry: bool,
    committed: bool,
}

impl Stage {
    pub fn new(content: &Path, dry: bool) -> io::Result<Stage> {
        let name = content
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "content".into());
        let parent = match content.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = parent.join(format!(".{name}.wordpress-import"));
        if !dry {
            // Left by an interrupted import: never moved in, so never part of the content.
            if dir.exists() {
                fs::remove_dir_all(&dir)?;
            }
            fs::create_dir_all(&dir)?;
        }
        Ok(Stage {
            content: content.to_path_buf(),
            dir,
            files: Vec::new(),
            dry_files: HashSet::new(),
            removals: Vec::new(),
            dry,
            committed: false,
        })
    }

    fn target(&mut self, rel: &str) -> io::Result<Option<PathBuf>> {
        if self.dry {
            if self.dry_files.insert(rel.to_string()) {
                self.files.push(rel.to_string());
            }
            return Ok(None);
        }
        let path = self.dir.join(rel);
        // Written before (an image two posts share), or new: the staging
        // folder knows, without a search through `files`.
        if fs::symlink_metadata(&path).is_err() {
            self.files.push(rel.to_string());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(Some(path))
    }

    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        match self.target(rel)? {
            Some(path) => fs::write(path, bytes),
            None => Ok(()),
        }
    }

    pub fn copy(&mut self, from: &Path, rel: &str) -> io::Result<()> {
        match self.target(rel)? {
            Some(path) => fs::copy(from, path).map(|_| ()),
            None => Ok(()),
        }
    }

    /// A file to write bit by bit (a sink in a dry run).
    pub fn create(&mut self, rel: &str) -> io::Result<Box<dyn Write>> {
        match self.target(rel)? {
            Some(path) => Ok(Box::new(io::BufWriter::new(fs::File::create(path)?))),
            None => Ok(Box::new(io::sink())),
        }
    }

    /// A file of the import's own in the staging folder, never moved into
    /// the content folder (`None` in a dry run).
    pub fn scratch(&self, name: &str) -> Option<PathBuf> {
        (!self.dry).then(|| self.dir.join(format!(".{name}")))
    }

    pub fn remove_on_commit(&mut self, path: PathBuf) {
        self.removals.push(path);
    }

    /// Moves every staged file into the content folder; returns their
    /// paths under it, in the order first written.
    pub fn commit(mut self) -> io::Result<Vec<String>> {
        if self.dry {
            self.committed = true;
            return Ok(std::mem::take(&mut self.files));
        }
        fs::create_dir_all(&self.content)?;
        for rel in &self.files {
            let to = self.content.join(rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(self.dir.join(rel), &to)?;
        }
        for path in &self.removals {
            if path.exists() {
                fs::remove_file(path)?;
            }
        }
        self.committed = true;
        fs::remove_dir_all(&self.dir)?;
        Ok(std::mem::take(&mut self.files))
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.committed && !self.dry {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
