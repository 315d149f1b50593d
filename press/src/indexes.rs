//! The files the app loads, derived from the sources: every article (with
//! its related articles), the front page and each section's pages; then the
//! feeds, the sitemap and robots.txt. No file grows with the archive except
//! the archive's own pages, articles and sitemap.

use crate::archives::write_archives;
use crate::error::SourceError;
use crate::feeds;
use crate::head::PageKind;
use crate::pages::{page_file, put_page, File, PageRenderer, Shell};
use crate::write::Staging;
use crate::Sources;
use broadsheet_model::{
    article_file, front_file, page_count, section_page_file, site_file, Article, Front, Image, Route,
    SectionBlock, SectionPage, Summary, CONTENT_DIR, SCHEMA,
};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Stories on the homepage besides the lead.
pub const TOP_STORIES: usize = 4;
/// Stories per section block on the homepage.
pub const PER_SECTION: usize = 4;
/// Length of the "Latest" lists.
pub const LATEST: usize = 8;
/// Stories in each of the lists beside an article (more in its section,
/// latest across the site).
pub const RAIL: usize = 4;

/// Writes every output file into `staging`, and with a `shell`, every page.
/// `related[i]` lists article `i`'s related articles.
pub fn write_all(
    sources: &Sources,
    related: &[Vec<usize>],
    staging: &Staging,
    shell: Option<&Shell>,
) -> Result<(), SourceError> {
    let sections = &sources.site.sections;
    // Each section's articles, newest first.
    let mut by_section: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    let position = |slug: &str| sections.iter().position(|s| s.slug == slug);
    for (i, a) in sources.articles.iter().enumerate() {
        if let Some(s) = position(&a.section) {
            by_section[s].push(i);
        }
    }
    for s in sections {
        staging.dir(&format!("{CONTENT_DIR}/articles/{}", s.slug))?;
        staging.dir(&format!("{CONTENT_DIR}/sections/{}", s.slug))?;
    }
    staging.dir(CONTENT_DIR)?;
    staging.dir("feeds")?;

    let summaries: Vec<Summary> = sources.articles.par_iter().map(Summary::from).collect();
    // For the lists that show headlines only: the homepage's section blocks
    // and latest, and the two lists beside each article.
    let headlines: Vec<Summary> = summaries.par_iter().map(Summary::headline_only).collect();
    let site = Arc::new(sources.site.clone());
    let site_json = Arc::new(json(&sources.site));
    staging.put(&site_file(), &site_json)?;
    let front = Arc::new(front(sources, &summaries, &headlines, &by_section));
    let front_json = Arc::new(json(&*front));
    staging.put(&front_file(), &front_json)?;
    let site_file_ = || File::new(site_file(), site.clone(), site_json.clone());
    let front_file_ = || File::new(front_file(), front.clone(), front_json.clone());
    let renderer = || shell.map(|shell| PageRenderer::new(shell, &sources.site, &sources.base_url));
    if shell.is_some() {
        staging.manage("index.html");
        staging.manage("404.html");
        for s in sections {
            staging.manage(&s.slug);
        }
    }
    let put_page = |route: &Route, page: Vec<u8>| put_page(staging, route, page);

    // Section pages.
    let page_size = sources.site.page_size as usize;
    let pages: Vec<(usize, usize)> = by_section
        .iter()
        .enumerate()
        .flat_map(|(s, items)| {
            (0..page_count(items.len() as u32, page_size as u32) as usize).map(move |p| (s, p))
        })
        .collect();
    let listing = |s: usize, p: usize| {
        let items = &by_section[s];
        let chunk = items.chunks(page_size).nth(p).unwrap_or_default();
        SectionPage {
            schema: SCHEMA,
            section: sections[s].slug.clone(),
            page: p as u32 + 1,
            page_size: page_size as u32,
            total_items: items.len() as u32,
            total_pages: page_count(items.len() as u32, page_size as u32),
            items: chunk.iter().map(|&i| summaries[i].clone()).collect(),
        }
    };
    pages
        .par_iter()
        .try_for_each_init(renderer, |renderer, &(s, p)| {
            let page = Arc::new(listing(s, p));
            let name = section_page_file(&sections[s].slug, p as u32 + 1);
            let page_json = Arc::new(json(&*page));
            staging.put(&name, &page_json)?;
            let Some(renderer) = renderer else {
                return Ok(());
            };
            let route = Route::Section {
                section: sections[s].slug.clone(),
                page: page.page,
            };
            let kind = PageKind::Section {
                section: &sections[s],
                page: page.page,
                total_pages: page.total_pages,
                first: page.items.first(),
            };
            let files = [site_file_(), File::new(name, page.clone(), page_json)];
            put_page(&route, renderer.render(&route, &kind, &files))
        })?;

    // Articles, each with its related articles first beside it. Section by
    // section, so that the threads mostly write to different folders.
    let order: Vec<usize> = by_section.concat();
    order.par_iter().try_for_each_init(renderer, |renderer, &i| {
        let a = &sources.articles[i];
        // The lists beside it, from the same build as its page: its related
        // articles (all of its section) and then the newest others of its
        // section; and the newest across the site that the first list does
        // not show already, so that no story is offered twice.
        let others = |newest: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
            newest.filter(|&j| j != i).take(RAIL).collect()
        };
        let headlines_of =
            |list: &[usize]| -> Vec<&Summary> { list.iter().map(|&j| &headlines[j]).collect() };
        let section_items = sections
            .iter()
            .position(|s| s.slug == a.section)
            .map_or(&[][..], |s| &by_section[s][..]);
        let newest_in_section = section_items.iter().copied().filter(|j| !related[i].contains(j));
        let more_in_section = others(&mut related[i].iter().copied().chain(newest_in_section));
        let latest = others(&mut (0..sources.articles.len()).filter(|j| !more_in_section.contains(j)));
        let out = ArticleJson {
            schema: a.schema,
            slug: &a.slug,
            section: &a.section,
            headline: &a.headline,
            standfirst: &a.standfirst,
            authors: &a.authors,
            author_slugs: &a.author_slugs,
            published: &a.published,
            updated: a.updated.as_deref(),
            hero: a.hero.as_ref(),
            tags: &a.tags,
            tag_slugs: &a.tag_slugs,
            body: &sources.bodies[i],
            word_count: a.word_count,
            reading_minutes: a.reading_minutes,
            more_in_section: headlines_of(&more_in_section),
            latest: headlines_of(&latest),
        };
        let name = article_file(&a.section, &a.slug);
        let article_json = json(&out);
        staging.put(&name, &article_json)?;
        let Some(renderer) = renderer else {
            return Ok(());
        };
        // The value the JSON just written reads back as, made from the
        // parts it was written from: only the body is parsed (it is kept as
        // JSON), not the whole file with its dozen summaries.
        let article = Arc::new(Article {
            body: serde_json::from_str(sources.bodies[i].get())
                .expect("a body written here always reads back"),
            more_in_section: out.more_in_section.iter().map(|&s| s.clone()).collect(),
            latest: out.latest.iter().map(|&s| s.clone()).collect(),
            ..a.clone()
        });
        // The app hydrates from the JSON: the page must be drawn from exactly
        // what it reads (checked in every test build).
        debug_assert_eq!(
            *article,
            serde_json::from_slice::<Article>(&article_json)
                .expect("an article written here always reads back")
        );
        let Some(s) = sections.iter().position(|s| s.slug == a.section) else {
            return Ok(());
        };
        let route = Route::Article {
            section: a.section.clone(),
            slug: a.slug.clone(),
        };
        let kind = PageKind::Article {
            article: &article,
            section: &sections[s],
        };
        let files = [
            site_file_(),
            File::new(name, article.clone(), Arc::new(article_json)),
        ];
        put_page(&route, renderer.render(&route, &kind, &files))
    })?;

    // Tag and author pages.
    write_archives(
        sources,
        &summaries,
        staging,
        shell,
        &(site.clone(), site_json.clone()),
    )?;

    // The homepage and the not-found page.
    if let Some(renderer) = renderer() {
        let kind = PageKind::Home { front: &front };
        put_page(
            &Route::Home,
            renderer.render(&Route::Home, &kind, &[site_file_(), front_file_()]),
        )?;
        let page = renderer.render(&Route::NotFound, &PageKind::NotFound, &[site_file_()]);
        put_page(&Route::NotFound, page)?;
        // One search page for every query: the app reads `?q=` once it has
        // taken the page over (docs/search.md).
        let search = Route::Search { query: String::new() };
        let file = page_file(&search);
        staging.manage(&file);
        put_page(
            &search,
            renderer.render(&search, &PageKind::Search, &[site_file_()]),
        )?;
    }

    // Feeds, sitemap, robots.txt.
    let newest: Vec<usize> = (0..sources.articles.len().min(feeds::FEED_ITEMS)).collect();
    staging.put(
        &feeds::site_feed_file(),
        feeds::feed(sources, feeds::Channel::Site, &newest).as_bytes(),
    )?;
    for (s, items) in sections.iter().zip(&by_section) {
        let first = &items[..items.len().min(feeds::FEED_ITEMS)];
        staging.put(
            &feeds::section_feed_file(&s.slug),
            feeds::feed(sources, feeds::Channel::Section(s), first).as_bytes(),
        )?;
    }
    let newest_by_section: Vec<Option<i64>> = by_section
        .iter()
        .map(|items| items.iter().map(|&i| sources.times[i].1).max())
        .collect();
    for (path, text) in feeds::sitemaps(sources, &newest_by_section) {
        if path.contains('/') {
            staging.dir("sitemaps")?;
        }
        staging.put(&path, text.as_bytes())?;
    }
    staging.put("robots.txt", feeds::robots(sources).as_bytes())?;

    // Images.
    let folders: BTreeSet<&str> = sources
        .media
        .iter()
        .filter_map(|(_, to)| to.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in folders {
        staging.dir(dir)?;
    }
    sources
        .media
        .par_iter()
        .try_for_each(|(from, to)| staging.copy(from, to))?;
    Ok(())
}

/// An article as `broadsheet_model::Article` writes it (same fields, same
/// order), borrowing its parts, with the body already JSON.
#[derive(Serialize)]
struct ArticleJson<'a> {
    schema: u32,
    slug: &'a str,
    section: &'a str,
    headline: &'a str,
    standfirst: &'a str,
    authors: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    author_slugs: &'a [String],
    published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hero: Option<&'a Image>,
    tags: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tag_slugs: &'a [String],
    body: &'a RawValue,
    word_count: u32,
    reading_minutes: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    more_in_section: Vec<&'a Summary>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    latest: Vec<&'a Summary>,
}

fn front(
    sources: &Sources,
    summaries: &[Summary],
    headlines: &[Summary],
    by_section: &[Vec<usize>],
) -> Front {
    let n = summaries.len();
    Front {
        schema: SCHEMA,
        lead: summaries.first().cloned(),
        top: summaries[n.min(1)..n.min(1 + TOP_STORIES)].to_vec(),
        sections: sources
            .site
            .sections
            .iter()
            .zip(by_section)
            .map(|(s, items)| SectionBlock {
                section: s.slug.clone(),
                items: items
                    .iter()
                    .take(PER_SECTION)
                    .map(|&i| headlines[i].clone())
                    .collect(),
            })
            .collect(),
        latest: headlines[..n.min(LATEST)].to_vec(),
    }
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("content types always serialize")
}
