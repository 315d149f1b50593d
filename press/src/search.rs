//! The full-text search index (docs/search.md): every article's words, in
//! `search/index/` under the output folder, written through the staging
//! folder like everything else, so a failed build leaves the old index.
//!
//! Analysing the text is most of the work, so it is cached between builds
//! (a file outside the output folder, never uploaded: `cache_file`). Index
//! files whose bytes did not change are hard-linked from the live site into
//! the staging folder rather than written again, so they keep their dates
//! and a host's validators (ETag, Last-Modified) stay the same for readers'
//! caches.

use crate::error::SourceError;
use crate::write::Staging;
use crate::Sources;
use broadsheet_model::{Block, Image, ListItem, Span};
use broadsheet_search::write::{Builder, Document, Params, Stats};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The index's folder, below the output folder (the search page itself is
/// `search/index.html`, beside it).
pub const INDEX_DIR: &str = "search/index";

/// Articles analysed per batch: enough for every core, few enough that
/// only their text is held at once, never the whole archive's.
const BATCH: usize = 2048;

/// Where the analysis cache of the site built from `content` is kept:
/// `$BROADSHEET_PRESS_CACHE`, else `target/broadsheet-press/` under the
/// current folder, one file per content folder (named by a hash of its
/// path), so that two sites built on one machine do not evict each other's.
pub fn cache_file(content: &Path) -> PathBuf {
    let dir = std::env::var_os("BROADSHEET_PRESS_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/broadsheet-press"));
    let full = std::fs::canonicalize(content).unwrap_or_else(|_| content.to_path_buf());
    // FNV-1a: stable across Rust versions, unlike std's hasher.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in full.to_string_lossy().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    dir.join(format!("search-{h:016x}.bin"))
}

/// Builds the index of every article in `sources` into `staging` (under
/// [`INDEX_DIR`]), reusing the analyses cached in `cache` and writing the
/// new cache there. `out` is the live output folder, whose unchanged files
/// are kept. A cache that cannot be read or written only costs time.
pub fn write_index(
    sources: &Sources,
    staging: &Staging,
    out: &Path,
    cache: Option<&Path>,
) -> Result<Stats, SourceError> {
    let mut builder = Builder::new(Params::default());
    if let Some(bytes) = cache.and_then(|c| std::fs::read(c).ok()) {
        builder.load_cache(&bytes);
    }
    let batches = sources
        .articles
        .chunks(BATCH)
        .zip(sources.bodies.chunks(BATCH))
        .zip(sources.times.chunks(BATCH));
    for ((articles, bodies), times) in batches {
        let docs: Vec<Document> = articles
            .par_iter()
            .zip(bodies)
            .zip(times)
            .map(|((a, body), &(published, _))| {
                // The body is kept as JSON; read back here a batch at a time.
                let blocks: Vec<Block> =
                    serde_json::from_str(body.get()).expect("a body written by the press reads back");
                Document {
                    path: format!("{}/{}", a.section, a.slug),
                    section: a.section.clone(),
                    // Read once, when the sources were loaded.
                    published,
                    headline: a.headline.clone(),
                    standfirst: a.standfirst.clone(),
                    body: plain_text(&blocks),
                    tags: a.tags.clone(),
                    authors: a.authors.clone(),
                }
            })
            .collect();
        builder.add(docs);
    }
    let index = builder
        .finish()
        .map_err(|e| SourceError::new(Path::new(INDEX_DIR), 0, format!("search index: {e}")))?;
    staging.manage(INDEX_DIR);
    let dirs: BTreeSet<&str> = index
        .files
        .iter()
        .map(|(path, _)| path.rsplit_once('/').map_or("", |(dir, _)| dir))
        .collect();
    for dir in dirs {
        staging.dir(&join(INDEX_DIR, dir))?;
    }
    let live = out.join(INDEX_DIR);
    index.files.par_iter().try_for_each(|(path, bytes)| {
        let rel = join(INDEX_DIR, path);
        let old = live.join(path);
        if std::fs::read(&old).is_ok_and(|b| b == *bytes) && staging.link(&old, &rel).is_ok() {
            return Ok(());
        }
        staging.put(&rel, bytes)
    })?;
    if let Some(cache) = cache {
        // Only after the index is complete; a failure costs the next build time.
        let written = cache
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(cache, &index.cache));
        if let Err(e) = written {
            eprintln!(
                "broadsheet-press: warning: cannot keep the search index's cache at {}: {e}",
                cache.display()
            );
        }
    }
    Ok(index.stats)
}

fn join(dir: &str, rel: &str) -> String {
    if rel.is_empty() {
        dir.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// An article body as plain text, a line per block: what a reader reads
/// (paragraphs, headings, quotes, list items at every depth, table cells,
/// image and gallery captions), no markup. Code and embeds are left out:
/// code is names and numbers rather than words to search for, and an
/// embed's title is another site's (docs/search.md).
pub fn plain_text(blocks: &[Block]) -> String {
    fn spans(out: &mut String, spans: &[Span]) {
        for s in spans {
            out.push_str(&s.text);
        }
        out.push('\n');
    }
    fn items(out: &mut String, list: &[ListItem]) {
        for item in list {
            spans(out, &item.spans);
            if let Some(inner) = &item.list {
                items(out, &inner.items);
            }
        }
    }
    fn caption(out: &mut String, image: &Image) {
        if let Some(caption) = &image.caption {
            out.push_str(caption);
            out.push('\n');
        }
    }
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Paragraph { spans: s } | Block::Quote { spans: s, .. } => spans(&mut out, s),
            Block::Heading { text, .. } => {
                out.push_str(text);
                out.push('\n');
            }
            Block::List { items: list, .. } => items(&mut out, list),
            Block::Image { image } => caption(&mut out, image),
            Block::Gallery { images } => images.iter().for_each(|i| caption(&mut out, i)),
            Block::Table { head, rows, .. } => {
                for row in head.iter().chain(rows) {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|cell| cell.iter().map(|s| s.text.as_str()).collect())
                        .collect();
                    out.push_str(&cells.join(" "));
                    out.push('\n');
                }
            }
            Block::Code { .. } | Block::Separator {} | Block::Embed { .. } => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_every_text_a_reader_reads_without_markup() {
        let blocks = vec![
            Block::Heading {
                level: 2,
                text: "Heading".into(),
            },
            Block::Paragraph {
                spans: vec![
                    Span::plain("A "),
                    Span {
                        text: "<b>link</b>".into(),
                        href: Some("/x/".into()),
                        ..Span::default()
                    },
                ],
            },
            Block::List {
                ordered: false,
                items: vec![
                    vec![Span::plain("one")].into(),
                    ListItem {
                        spans: vec![Span::plain("two")],
                        list: Some(broadsheet_model::List {
                            ordered: true,
                            items: vec![vec![Span::plain("deep")].into()],
                        }),
                    },
                ],
            },
            Block::Image {
                image: Image {
                    src: "/media/a.png".into(),
                    alt: "alt text".into(),
                    caption: Some("Caption".into()),
                    credit: None,
                    width: 1,
                    height: 1,
                    variants: None,
                },
            },
        ];
        let mut blocks = blocks;
        let new_kinds = vec![
            Block::Table {
                align: Vec::new(),
                head: vec![vec![vec![Span::plain("Name")], vec![Span::plain("Votes")]]],
                rows: vec![vec![vec![Span::plain("Rosa")], vec![Span::plain("1,684")]]],
            },
            Block::Code {
                language: None,
                code: "let x = 1;".into(),
            },
            Block::Separator {},
            Block::Embed {
                url: "https://vimeo.com/1".into(),
                title: "Elsewhere".into(),
                provider: "Vimeo".into(),
            },
            Block::Paragraph {
                spans: vec![Span::plain("line"), Span::line_break(), Span::plain("break")],
            },
        ];
        blocks.extend(new_kinds);
        assert_eq!(
            plain_text(&blocks),
            "Heading\nA <b>link</b>\none\ntwo\ndeep\nCaption\nName Votes\nRosa 1,684\nline\nbreak\n"
        );
    }

    #[test]
    fn the_cache_is_kept_per_content_folder_outside_the_output() {
        let a = cache_file(Path::new("/tmp/site-a/content"));
        let b = cache_file(Path::new("/tmp/site-b/content"));
        assert_ne!(a, b);
        assert!(
            a.starts_with("target/broadsheet-press") || std::env::var_os("BROADSHEET_PRESS_CACHE").is_some()
        );
    }
}
