//! Related articles: for each article, a few others of the same section that
//! share tags with it.
//!
//! News is about its moment, so candidates are the articles nearest in time
//! among those with each shared tag (`WINDOW` on each side in that tag's
//! list), which also keeps the work linear in the archive's size. They are
//! ranked by the number of tags shared (more first), then by distance in time
//! (nearer first), then newer first, then by position in the archive, so the
//! result is the same on every build.

use broadsheet_model::Article;
use rayon::prelude::*;
use std::collections::HashMap;

/// Related articles per article.
pub const RELATED: usize = 4;
/// Neighbours looked at on each side, per shared tag.
const WINDOW: usize = 8;

/// For each article (in the order given), the indexes of its related articles.
/// `published[i]` is article `i`'s publication time.
pub fn related(articles: &[Article], published: &[i64]) -> Vec<Vec<usize>> {
    // Tags as numbers, compared without case; a section's tags apart from another's.
    let mut ids: HashMap<(&str, String), u32> = HashMap::new();
    let tags: Vec<Vec<u32>> = articles
        .iter()
        .map(|a| {
            let mut t: Vec<u32> = a
                .tags
                .iter()
                .map(|tag| {
                    let next = ids.len() as u32;
                    *ids.entry((a.section.as_str(), tag.to_lowercase()))
                        .or_insert(next)
                })
                .collect();
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    // Tag -> the articles with it, in archive order.
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, t) in tags.iter().enumerate() {
        for &tag in t {
            postings[tag as usize].push(i);
        }
    }
    (0..articles.len())
        .into_par_iter()
        .map(|i| {
            let mut candidates = Vec::with_capacity(tags[i].len() * 2 * WINDOW);
            for &tag in &tags[i] {
                let list = &postings[tag as usize];
                let pos = list.binary_search(&i).unwrap_or(0);
                let from = pos.saturating_sub(WINDOW);
                let to = (pos + WINDOW + 1).min(list.len());
                candidates.extend(list[from..to].iter().copied().filter(|&j| j != i));
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut ranked: Vec<(usize, i64, usize)> = candidates
                .into_iter()
                .map(|j| {
                    let shared = tags[j]
                        .iter()
                        .filter(|t| tags[i].binary_search(t).is_ok())
                        .count();
                    (shared, (published[i] - published[j]).abs(), j)
                })
                .collect();
            ranked.sort_unstable_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(a.1.cmp(&b.1))
                    .then(published[b.2].cmp(&published[a.2]))
                    .then(a.2.cmp(&b.2))
            });
            ranked.into_iter().take(RELATED).map(|(_, _, j)| j).collect()
        })
        .collect()
}
