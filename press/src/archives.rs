//! Tag and author pages: for each tag and each declared author with a page,
//! its listing, `page_size` articles a page, newest first
//! (`content/tags/<slug>/<n>.json`, `content/authors/<slug>/<n>.json`),
//! its feed, and with a shell each page as HTML (`/tag/<slug>/`,
//! `/author/<slug>/page/2/`). Pages are made, written and dropped one at a
//! time, in parallel, as section pages are: a 100 000-article archive has
//! many tags, and none of their pages is held longer than it takes to write.

use crate::error::SourceError;
use crate::feeds::{self, archive_feed_file, archive_folder, Channel};
use crate::head::PageKind;
use crate::pages::{put_page, File, PageRenderer, Shell};
use crate::tags::Archive;
use crate::write::Staging;
use crate::Sources;
use broadsheet_model::{
    page_count, site_file, ArchiveKind, ArchivePage, Route, Site, Summary, AUTHOR_SEGMENT, CONTENT_DIR,
    SCHEMA, TAG_SEGMENT,
};
use rayon::prelude::*;
use std::sync::Arc;

/// Writes every tag's and author's pages and feeds into `staging`.
pub fn write_archives(
    sources: &Sources,
    summaries: &[Summary],
    staging: &Staging,
    shell: Option<&Shell>,
    site: &(Arc<Site>, Arc<Vec<u8>>),
) -> Result<(), SourceError> {
    let page_size = sources.site.page_size;
    for (kind, archives, segment) in [
        (ArchiveKind::Tag, &sources.tags, TAG_SEGMENT),
        (ArchiveKind::Author, &sources.authors, AUTHOR_SEGMENT),
    ] {
        if shell.is_some() {
            // Removed when a build has none, so no stale page outlives its tag.
            staging.manage(segment);
        }
        let folder = archive_folder(kind);
        staging.dir(&format!("feeds/{folder}"))?;
        for a in archives.iter() {
            staging.dir(&format!("{CONTENT_DIR}/{folder}/{}", a.slug))?;
        }
        archives.par_iter().try_for_each(|a| {
            let newest: Vec<usize> = a
                .items
                .iter()
                .take(feeds::FEED_ITEMS)
                .map(|&i| i as usize)
                .collect();
            let feed = feeds::feed(sources, Channel::Archive(kind, a), &newest);
            staging.put(&archive_feed_file(kind, &a.slug), feed.as_bytes())
        })?;
        let pages: Vec<(usize, u32)> = archives
            .iter()
            .enumerate()
            .flat_map(|(a, archive)| {
                (1..=page_count(archive.items.len() as u32, page_size)).map(move |p| (a, p))
            })
            .collect();
        let renderer = || shell.map(|shell| PageRenderer::new(shell, &sources.site, &sources.base_url));
        pages
            .par_iter()
            .try_for_each_init(renderer, |renderer, &(a, p)| {
                let archive = &archives[a];
                let page = Arc::new(listing(kind, archive, p, page_size, summaries));
                let name = kind.file(&archive.slug, p);
                let page_json = Arc::new(serde_json::to_vec(&*page).expect("content types always serialize"));
                staging.put(&name, &page_json)?;
                let Some(renderer) = renderer else {
                    return Ok(());
                };
                let route = match kind {
                    ArchiveKind::Tag => Route::Tag {
                        slug: archive.slug.clone(),
                        page: p,
                    },
                    ArchiveKind::Author => Route::Author {
                        slug: archive.slug.clone(),
                        page: p,
                    },
                };
                let files = [
                    File::new(site_file(), site.0.clone(), site.1.clone()),
                    File::new(name, page.clone(), page_json),
                ];
                let html = renderer.render(&route, &PageKind::Archive { page: &page }, &files);
                put_page(staging, &route, html)
            })?;
    }
    Ok(())
}

/// Page `page` (1-based) of an archive.
fn listing(kind: ArchiveKind, a: &Archive, page: u32, page_size: u32, summaries: &[Summary]) -> ArchivePage {
    let total = a.items.len() as u32;
    let chunk = a
        .items
        .chunks(page_size as usize)
        .nth(page as usize - 1)
        .unwrap_or_default();
    ArchivePage {
        schema: SCHEMA,
        kind,
        slug: a.slug.clone(),
        name: a.name.clone(),
        about: a.about.clone(),
        photo: a.photo.clone(),
        page,
        page_size,
        total_items: total,
        total_pages: page_count(total, page_size),
        items: chunk.iter().map(|&i| summaries[i as usize].clone()).collect(),
    }
}
