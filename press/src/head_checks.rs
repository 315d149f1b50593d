//! The warnings `press check` and `press build` give where an article
//! falls short of Google's guidelines for news articles and link previews
//! (docs/publishing.md, "Link previews and search engines"). Warnings never
//! stop a build.

use super::{HEADLINE_MAX, HERO_MIN_WIDTH, LARGE_CARD_MIN};
use crate::Sources;
use broadsheet_model::Article;
use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// Something a source could do better for search engines and link
/// previews; it never stops a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Where Google's guidelines for news articles would reject or shrink an
/// article's preview: a headline over `HEADLINE_MAX` characters, a hero
/// image under `HERO_MIN_WIDTH` pixels wide (or under `LARGE_CARD_MIN`),
/// no hero image at all. Sorted by file and line. Only the files of the
/// articles warned about for their headline or hero are read again, for the
/// line of the key; a missing hero is reported at line 1.
pub fn guideline_warnings(content_dir: &Path, sources: &Sources) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = sources
        .articles
        .par_iter()
        .flat_map_iter(|article| article_warnings(content_dir, article))
        .collect();
    warnings.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
    warnings
}

/// The front matter key a warning is about.
#[derive(Clone, Copy)]
enum Key {
    Headline,
    Hero,
    None,
}

fn article_warnings(content_dir: &Path, article: &Article) -> Vec<Warning> {
    let mut found = Vec::new();
    let length = article.headline.chars().count();
    if length > HEADLINE_MAX {
        found.push((
            Key::Headline,
            format!(
                "the headline is {length} characters: Google's limit for a news article's \
                 headline is {HEADLINE_MAX}"
            ),
        ));
    }
    match &article.hero {
        None => found.push((
            Key::None,
            format!(
                "no hero image: link previews and search results show no picture \
                 (add [hero], at least {HERO_MIN_WIDTH} px wide)"
            ),
        )),
        Some(hero) => {
            let (w, h) = (hero.width, hero.height);
            let (min_w, min_h) = LARGE_CARD_MIN;
            let no_card = w < min_w || h < min_h;
            let message = if w < HERO_MIN_WIDTH {
                let mut m = format!(
                    "the hero image is {w}×{h} px: Google wants at least {HERO_MIN_WIDTH} px wide \
                     for large previews"
                );
                if no_card {
                    m.push_str(&format!(
                        " (under {min_w}×{min_h} px, link previews show no large card)"
                    ));
                }
                Some(m)
            } else if no_card {
                Some(format!(
                    "the hero image is {w}×{h} px: link previews need at least {min_w}×{min_h} px \
                     for a large card"
                ))
            } else {
                None
            };
            if let Some(message) = message {
                found.push((Key::Hero, message));
            }
        }
    }
    let file = content_dir
        .join(&article.section)
        .join(format!("{}.md", article.slug));
    // The file is read again only for a line to point at.
    let text = match found.iter().any(|(key, _)| !matches!(key, Key::None)) {
        true => std::fs::read_to_string(&file).unwrap_or_default(),
        false => String::new(),
    };
    found
        .into_iter()
        .map(|(key, message)| Warning {
            line: key_line(&text, key),
            file: file.clone(),
            message,
        })
        .collect()
}

/// The line of `key` in the front matter of `text` (`headline = …`;
/// `[hero]`, `hero = {…}` or `hero.src = …`), else 1.
fn key_line(text: &str, key: Key) -> usize {
    let is_key = |line: &str, name: &str| {
        line.strip_prefix(name)
            .is_some_and(|rest| rest.trim_start().starts_with('=') || rest.starts_with('.'))
    };
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line == "+++" {
            break;
        }
        let found = match key {
            Key::Headline => is_key(line, "headline"),
            Key::Hero => {
                let compact: String = line.split_whitespace().collect();
                compact.starts_with("[hero]") || is_key(line, "hero")
            }
            Key::None => false,
        };
        if found {
            return i + 1;
        }
    }
    1
}
