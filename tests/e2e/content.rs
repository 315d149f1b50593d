//! The content files of the served copy of the build: what the pages should
//! show, read from the same JSON the app loads, and ways to break a file for
//! one case and put it back afterwards.

use crate::check::{fail, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The copy of the build that nginx serves.
#[derive(Clone)]
pub struct Content {
    root: PathBuf,
}

impl Content {
    pub fn new(root: &Path) -> Self {
        Content {
            root: root.to_path_buf(),
        }
    }

    /// A file under the site root, such as `content/site.json`, parsed.
    pub fn json(&self, file: &str) -> Result<Value> {
        let path = self.root.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| fail(format!("{}: {e}", path.display())))?;
        serde_json::from_str(&text).map_err(|e| fail(format!("{}: {e}", path.display())))
    }

    /// A text file under the site root, such as a page's `index.html`.
    pub fn text_file(&self, file: &str) -> Result<String> {
        let path = self.root.join(file);
        std::fs::read_to_string(&path).map_err(|e| fail(format!("{}: {e}", path.display())))
    }

    pub fn site(&self) -> Result<Value> {
        self.json("content/site.json")
    }

    pub fn front(&self) -> Result<Value> {
        self.json("content/front.json")
    }

    pub fn section_page(&self, section: &str, page: u32) -> Result<Value> {
        self.json(&section_page_file(section, page))
    }

    pub fn article(&self, section: &str, slug: &str) -> Result<Value> {
        self.json(&article_file(section, slug))
    }

    /// The site's name, as every title ends.
    pub fn site_name(&self) -> Result<String> {
        text(&self.site()?, "/name")
    }

    /// Replaces a file's contents until the returned guard restores them.
    pub fn replace(&self, file: &str, contents: &[u8]) -> Result<Restore> {
        let path = self.root.join(file);
        let original = std::fs::read(&path).map_err(|e| fail(format!("{}: {e}", path.display())))?;
        let twins = hide_twins(&path)?;
        std::fs::write(&path, contents)?;
        Ok(Restore {
            path,
            undo: Undo::Write(original),
            twins,
            done: false,
        })
    }

    /// Moves a file out of the way until the returned guard moves it back.
    pub fn hide(&self, file: &str) -> Result<Restore> {
        let path = self.root.join(file);
        let away = path.with_extension("json.hidden-by-e2e");
        let twins = hide_twins(&path)?;
        std::fs::rename(&path, &away).map_err(|e| fail(format!("{}: {e}", path.display())))?;
        Ok(Restore {
            path,
            undo: Undo::Rename(away),
            twins,
            done: false,
        })
    }
}

/// Moves the precompressed twins of `path` (`.gz`, `.br`) out of the way,
/// so nginx's gzip_static serves the changed file and not the old twin.
/// Gives (twin, where it went) for each.
fn hide_twins(path: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut moved = Vec::new();
    for ext in ["gz", "br"] {
        let twin = PathBuf::from(format!("{}.{ext}", path.display()));
        if twin.is_file() {
            let away = PathBuf::from(format!("{}.hidden-by-e2e", twin.display()));
            std::fs::rename(&twin, &away).map_err(|e| fail(format!("{}: {e}", twin.display())))?;
            moved.push((twin, away));
        }
    }
    Ok(moved)
}

pub fn section_page_file(section: &str, page: u32) -> String {
    format!("content/sections/{section}/{page}.json")
}

pub fn article_file(section: &str, slug: &str) -> String {
    format!("content/articles/{section}/{slug}.json")
}

/// Puts a changed file back: explicitly with `restore`, or when dropped (a
/// failed, panicking or timed-out case), so no case leaves broken content
/// for the next.
pub struct Restore {
    path: PathBuf,
    undo: Undo,
    /// Precompressed twins moved away: (twin, where it went).
    twins: Vec<(PathBuf, PathBuf)>,
    done: bool,
}

enum Undo {
    Write(Vec<u8>),
    Rename(PathBuf),
}

impl Restore {
    pub fn restore(mut self) -> Result<()> {
        self.undo_now()
    }

    fn undo_now(&mut self) -> Result<()> {
        if self.done {
            return Ok(());
        }
        self.done = true;
        match &self.undo {
            Undo::Write(original) => std::fs::write(&self.path, original)?,
            Undo::Rename(away) => std::fs::rename(away, &self.path)?,
        }
        for (twin, away) in &self.twins {
            std::fs::rename(away, twin)?;
        }
        Ok(())
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        if let Err(e) = self.undo_now() {
            eprintln!("e2e: could not restore {}: {}", self.path.display(), e.0);
        }
    }
}

/// The string at a JSON pointer (`/lead/headline`).
pub fn text(value: &Value, pointer: &str) -> Result<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| fail(format!("content has no string at {pointer}")))
}

/// The number at a JSON pointer.
pub fn number(value: &Value, pointer: &str) -> Result<u64> {
    value
        .pointer(pointer)
        .and_then(Value::as_u64)
        .ok_or_else(|| fail(format!("content has no number at {pointer}")))
}

/// The array at a JSON pointer.
pub fn list<'a>(value: &'a Value, pointer: &str) -> Result<&'a Vec<Value>> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .ok_or_else(|| fail(format!("content has no list at {pointer}")))
}

/// The path of an article summary's page: `/{section}/{slug}/`.
pub fn href(summary: &Value) -> Result<String> {
    Ok(format!(
        "/{}/{}/",
        text(summary, "/section")?,
        text(summary, "/slug")?
    ))
}

/// Headlines of a list of summaries.
pub fn headlines(summaries: &[Value]) -> Result<Vec<String>> {
    summaries.iter().map(|s| text(s, "/headline")).collect()
}

/// Whitespace collapsed, as the page's text is compared.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
