//! The files the app loads, derived from the sources: every article, the
//! front page, and each section's pages. No file grows with the archive
//! except the archive's own pages.

use crate::Sources;
use broadsheet_model::{
    article_file, front_file, page_count, section_page_file, site_file, Article, Front, SectionBlock,
    SectionPage, Summary, SCHEMA,
};
use serde::Serialize;

/// Stories on the homepage besides the lead.
const TOP_STORIES: usize = 4;
/// Stories per section block on the homepage.
const PER_SECTION: usize = 4;
/// Length of the "Latest" lists.
const LATEST: usize = 8;

/// (path under the site root, file contents), in a fixed order.
pub fn render(sources: &Sources) -> Vec<(String, String)> {
    let mut files = vec![
        (site_file(), json(&sources.site)),
        (front_file(), json(&front(sources))),
    ];
    for article in &sources.articles {
        files.push((article_file(&article.section, &article.slug), json(article)));
    }
    let page_size = sources.site.page_size;
    for section in &sources.site.sections {
        let items: Vec<Summary> = sources
            .articles
            .iter()
            .filter(|a| a.section == section.slug)
            .map(Summary::from)
            .collect();
        let total_pages = page_count(items.len() as u32, page_size);
        for page in 1..=total_pages {
            let chunk = items
                .chunks(page_size as usize)
                .nth(page as usize - 1)
                .unwrap_or_default();
            let listing = SectionPage {
                schema: SCHEMA,
                section: section.slug.clone(),
                page,
                page_size,
                total_items: items.len() as u32,
                total_pages,
                items: chunk.to_vec(),
            };
            files.push((section_page_file(&section.slug, page), json(&listing)));
        }
    }
    files
}

fn front(sources: &Sources) -> Front {
    let all = &sources.articles;
    let summaries =
        |list: &mut dyn Iterator<Item = &Article>, n| list.take(n).map(Summary::from).collect::<Vec<_>>();
    Front {
        schema: SCHEMA,
        lead: all.first().map(Summary::from),
        top: summaries(&mut all.iter().skip(1), TOP_STORIES),
        sections: sources
            .site
            .sections
            .iter()
            .map(|s| SectionBlock {
                section: s.slug.clone(),
                items: summaries(&mut all.iter().filter(|a| a.section == s.slug), PER_SECTION),
            })
            .collect(),
        latest: summaries(&mut all.iter(), LATEST),
    }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("content types always serialize")
}
