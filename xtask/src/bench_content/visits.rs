//! What a first visit downloads in `cargo xtask bench-content`: the
//! content files of `/` and of a section page, which must be the same
//! bytes at 100 and at 100 000 articles.

use super::SMALL;
use crate::util::{fail, Failure};
use std::fs;
use std::path::Path;

/// The content files a first visit loads: site.json with front.json for
/// `/`, site.json with the first section's first page for a section page.
pub(super) struct Visit {
    site: Vec<u8>,
    front: Vec<u8>,
    page: Vec<u8>,
    section_file: String,
}

impl Visit {
    pub(super) fn home(&self) -> Vec<u8> {
        [&self.site[..], &self.front[..]].concat()
    }

    pub(super) fn section(&self) -> Vec<u8> {
        [&self.site[..], &self.page[..]].concat()
    }
}

/// The first visit to `/` and to the first section's page, at two sizes,
/// must transfer the same bytes: site.json and front.json are equal byte for
/// byte; a section page may differ only in its item and page counts.
pub(super) fn compare_visits(small: &Visit, large: &Visit, largest: usize) -> Result<(), Failure> {
    if small.site != large.site || small.front != large.front {
        return fail(format!(
            "the first visit to / transfers {} bytes at {SMALL} articles but {} at {largest}",
            small.home().len(),
            large.home().len()
        ));
    }
    println!("/ : the same bytes at {SMALL} and {largest} articles (site.json and front.json identical)");
    let counts_blanked = |bytes: &[u8]| -> Result<String, Failure> {
        let mut value: serde_json::Value =
            serde_json::from_slice(bytes).or_else(|e| fail(format!("a section page is not JSON: {e}")))?;
        value["total_items"] = 0.into();
        value["total_pages"] = 0.into();
        Ok(value.to_string())
    };
    if counts_blanked(&small.page)? != counts_blanked(&large.page)? {
        return fail(format!(
            "{} differs between {SMALL} and {largest} articles beyond its item and page counts",
            small.section_file
        ));
    }
    println!(
        "section page: the same items at {SMALL} and {largest} articles; {} differs only in the digits \
         of total_items and total_pages ({:+} bytes)",
        small.section_file,
        large.page.len() as i64 - small.page.len() as i64
    );
    Ok(())
}

pub(super) fn first_visit(out: &Path) -> Result<Visit, Failure> {
    let read = |rel: &str| fs::read(out.join(rel)).or_else(|e| fail(format!("cannot read {rel}: {e}")));
    let site = read("content/site.json")?;
    let parsed: serde_json::Value =
        serde_json::from_slice(&site).or_else(|e| fail(format!("site.json is not JSON: {e}")))?;
    let first = parsed["sections"][0]["slug"]
        .as_str()
        .unwrap_or("world")
        .to_string();
    let section_file = format!("content/sections/{first}/1.json");
    Ok(Visit {
        front: read("content/front.json")?,
        page: read(&section_file)?,
        site,
        section_file,
    })
}
