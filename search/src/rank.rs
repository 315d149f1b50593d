//! Ranking over what has been fetched, and deciding what to fetch next.
//!
//! By relevance, each term's postings come in impact tiers, best first; a
//! query scores the tiers it holds and fetches a deeper one only while a
//! document it has not seen could still reach the page (the "no random
//! access" threshold test), within a budget of postings. So a word in every
//! article costs its first tier, like a rare one.
//!
//! Newest first, documents are numbered oldest to newest, and each term's
//! postings are also cut into date chunks; a query walks the rarest word's
//! chunks from the newest and checks each document against the chunks of
//! the other words that cover it.

use crate::engine::{inline, stale, Engine, Expansion};
use crate::format::{chunk_file, tier_file, Chunk, TermPostings};
use crate::Error;
use std::collections::HashMap;

/// Postings a query may fetch beyond the first tiers to make its ranking
/// exact: about 10 KB. Past it, the ranking is BM25 over what it holds.
const REFINE_BUDGET: usize = 4096;
/// Postings a query may fetch to fill a page (a section filter or a deep
/// page of a common word): about 80 KB.
const FILL_BUDGET: usize = 32768;
/// Files a newest-first query asks for in one round.
const MAX_ROUND: usize = 16;

pub(crate) enum Ranked {
    Need(Vec<String>),
    Done(Ranking),
}

pub(crate) struct Ranking {
    /// The first `wanted` documents with their scores, best first.
    pub docs: Vec<(u32, f32)>,
    pub total: usize,
    pub exact: bool,
}

fn need(mut paths: Vec<String>) -> Result<Ranked, Error> {
    paths.sort();
    paths.dedup();
    Ok(Ranked::Need(paths))
}

/// How many tiers of `e` are held, from the first, checked against the
/// dictionary's counts.
fn tiers_held(engine: &Engine, e: &Expansion) -> Result<usize, Error> {
    let TermPostings::Files { tiers, .. } = &e.entry.postings else {
        return Ok(0);
    };
    let mut held = 0;
    for (t, info) in tiers.iter().enumerate() {
        let path = tier_file(&e.entry.term, t);
        match engine.tiers.get(&path) {
            Some(p) if p.len() == info.count as usize => held += 1,
            Some(_) => return Err(stale(&path)),
            None => break,
        }
    }
    Ok(held)
}

/// The most a document not in the held tiers can weigh for `e`.
fn unseen_bound(engine: &Engine, e: &Expansion, held: usize) -> f32 {
    match &e.entry.postings {
        TermPostings::Files { tiers, .. } if held < tiers.len() => {
            e.idf * engine.weight(tiers[held].max_impact)
        }
        _ => 0.0,
    }
}

struct Candidate {
    score: f32,
    section: u8,
    /// Bit per query word the document was seen for.
    seen: u32,
}

pub(crate) fn relevance(
    engine: &Engine,
    slots: &[Vec<Expansion>],
    section: Option<u8>,
    wanted: usize,
) -> Result<Ranked, Error> {
    let mut held: Vec<Vec<usize>> = Vec::new();
    let mut missing = Vec::new();
    for slot in slots {
        let mut h = Vec::new();
        for e in slot {
            let n = tiers_held(engine, e)?;
            if n == 0 && inline(e.entry).is_none() {
                missing.push(tier_file(&e.entry.term, 0));
            }
            h.push(n);
        }
        held.push(h);
    }
    if !missing.is_empty() {
        return need(missing);
    }
    let mut candidates: HashMap<u32, Candidate> = HashMap::new();
    let mut bounds = Vec::new();
    let mut postings_held = 0;
    let mut complete = true;
    for (s, slot) in slots.iter().enumerate() {
        // A document's weight for a word is its best among the word's terms.
        let mut best: HashMap<u32, (f32, u8)> = HashMap::new();
        let mut bound = 0f32;
        for (e, &h) in slot.iter().zip(&held[s]) {
            let lists: Vec<&[crate::format::Posting]> = match inline(e.entry) {
                Some(p) => vec![p],
                None => (0..h)
                    .map(|t| engine.tiers[&tier_file(&e.entry.term, t)].as_slice())
                    .collect(),
            };
            for p in lists.into_iter().flatten() {
                postings_held += 1;
                let w = e.idf * engine.weight(p.impact);
                let b = best.entry(p.doc).or_insert((0.0, p.section));
                b.0 = b.0.max(w);
            }
            let u = unseen_bound(engine, e, h);
            complete &= u == 0.0;
            bound = bound.max(u);
        }
        bounds.push(bound);
        for (doc, (w, section)) in best {
            let c = candidates.entry(doc).or_insert(Candidate {
                score: 0.0,
                section,
                seen: 0,
            });
            c.score += w;
            c.seen |= 1 << s;
        }
    }
    let all = candidates.len();
    let mut ranked: Vec<(u32, Candidate)> = candidates
        .into_iter()
        .filter(|(_, c)| section.is_none_or(|s| c.section == s))
        .collect();
    // Best first; on a tie the newer (higher number) first, so the order
    // never depends on the hash map's.
    ranked.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(b.0.cmp(&a.0)));
    let enough = ranked.len() >= wanted;
    let threshold = if enough { ranked[wanted - 1].1.score } else { 0.0 };
    let unseen: f32 = bounds.iter().sum();
    let most = |c: &Candidate| -> f32 {
        let rest: f32 = bounds
            .iter()
            .enumerate()
            .filter(|(s, _)| c.seen & (1 << s) == 0)
            .map(|(_, b)| b)
            .sum();
        c.score + rest
    };
    // Settled when no document outside the page could enter it, and none
    // on it could pass the one above it.
    let settled = complete
        || (enough
            && unseen <= threshold
            && !ranked[wanted..].iter().any(|(_, c)| most(c) > threshold)
            && ranked[..wanted].windows(2).all(|w| most(&w[1].1) <= w[0].1.score));
    if !settled {
        // The next tier of each term (to fill the page), or of the term
        // whose unseen documents could weigh most (to settle the order).
        let mut next: Vec<(f32, String, usize)> = Vec::new();
        for (s, slot) in slots.iter().enumerate() {
            for (e, &h) in slot.iter().zip(&held[s]) {
                if let TermPostings::Files { tiers, .. } = &e.entry.postings {
                    if h < tiers.len() {
                        let path = tier_file(&e.entry.term, h);
                        next.push((unseen_bound(engine, e, h), path, tiers[h].count as usize));
                    }
                }
            }
        }
        let budget = if enough { REFINE_BUDGET } else { FILL_BUDGET };
        if !enough {
            let mut total = postings_held;
            let fetch: Vec<String> = next
                .into_iter()
                .filter(|(_, _, n)| {
                    total += n;
                    total <= budget
                })
                .map(|(_, p, _)| p)
                .collect();
            if !fetch.is_empty() {
                return need(fetch);
            }
        } else if let Some((_, path, n)) = next
            .into_iter()
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        {
            if postings_held + n <= budget {
                return need(vec![path]);
            }
        }
    }
    // One term, unfiltered: every document with it matches.
    let single = slots.len() == 1 && slots[0].len() == 1 && section.is_none();
    let total = if single {
        slots[0][0].entry.df as usize
    } else if complete {
        ranked.len()
    } else {
        // Every document of the most frequent word matches; scale by the
        // share of the held candidates in the section.
        let df = slots
            .iter()
            .map(|slot| slot.iter().map(|e| e.entry.df as usize).sum::<usize>())
            .max()
            .unwrap_or(0)
            .min(engine.manifest.doc_count as usize);
        let share = if all == 0 {
            0.0
        } else {
            ranked.len() as f64 / all as f64
        };
        ((df as f64 * share).round() as usize).max(ranked.len())
    };
    Ok(Ranked::Done(Ranking {
        docs: ranked
            .into_iter()
            .take(wanted)
            .map(|(d, c)| (d, c.score))
            .collect(),
        total,
        exact: complete || single,
    }))
}

/// Whether one expansion holds `doc`: Some(answer), or None if the chunk
/// covering it is not held (its path pushed to `missing`).
fn holds(engine: &Engine, e: &Expansion, doc: u32, missing: &mut Vec<String>) -> Result<Option<bool>, Error> {
    let (chunks, term) = match &e.entry.postings {
        TermPostings::Inline(p) => return Ok(Some(p.binary_search_by_key(&doc, |p| p.doc).is_ok())),
        TermPostings::Files { chunks, .. } => (*chunks, &e.entry.term),
    };
    let dir = &newest_chunk(engine, e)?.expect("newest chunk is held").directory;
    let k = dir.partition_point(|&first| first <= doc);
    if k == 0 {
        return Ok(Some(false));
    }
    let path = chunk_file(term, (k - 1) as u32);
    debug_assert!(k as u32 <= chunks);
    Ok(match engine.chunks.get(&path) {
        Some(c) => Some(c.docs.binary_search(&doc).is_ok()),
        None => {
            if !missing.contains(&path) {
                missing.push(path);
            }
            None
        }
    })
}

fn newest_chunk<'a>(engine: &'a Engine, e: &Expansion) -> Result<Option<&'a Chunk>, Error> {
    let TermPostings::Files { chunks, .. } = &e.entry.postings else {
        return Ok(None);
    };
    let path = chunk_file(&e.entry.term, chunks.saturating_sub(1));
    match engine.chunks.get(&path) {
        Some(c) if c.directory.len() == *chunks as usize => Ok(Some(c)),
        Some(_) => Err(stale(&path)),
        None => Ok(None),
    }
}

pub(crate) fn newest(
    engine: &Engine,
    slots: &[Vec<Expansion>],
    section: Option<u8>,
    wanted: usize,
) -> Result<Ranked, Error> {
    // Every word must match: one with no terms matches nothing.
    if slots.iter().any(|s| s.is_empty()) {
        return Ok(Ranked::Done(Ranking {
            docs: Vec::new(),
            total: 0,
            exact: true,
        }));
    }
    let mut missing = Vec::new();
    for e in slots.iter().flatten() {
        if let TermPostings::Files { chunks, .. } = &e.entry.postings {
            if newest_chunk(engine, e)?.is_none() {
                missing.push(chunk_file(&e.entry.term, chunks - 1));
            }
        }
    }
    if !missing.is_empty() {
        return need(missing);
    }
    let df = |slot: &Vec<Expansion>| slot.iter().map(|e| e.entry.df as usize).sum::<usize>();
    let driver = (0..slots.len()).min_by_key(|&s| (df(&slots[s]), s)).unwrap_or(0);
    // The driver's documents from the newest down to `frontier`, below
    // which some term's older chunk is not held yet.
    let mut frontier = 0u32;
    let mut older = Vec::new(); // (first doc of the chunk, path) to fetch next
    let mut docs: Vec<(u32, u8)> = Vec::new();
    let mut postings_held = 0;
    for e in &slots[driver] {
        if let Some(p) = inline(e.entry) {
            docs.extend(p.iter().map(|p| (p.doc, p.section)));
            continue;
        }
        let dir = &newest_chunk(engine, e)?.expect("held").directory;
        let mut k = dir.len();
        while k > 0 {
            match engine.chunks.get(&chunk_file(&e.entry.term, (k - 1) as u32)) {
                Some(c) => {
                    postings_held += c.docs.len();
                    docs.extend(c.docs.iter().copied().zip(c.sections.iter().copied()));
                    k -= 1;
                }
                None => break,
            }
        }
        if k > 0 {
            frontier = frontier.max(dir[k]);
            older.push((dir[k], chunk_file(&e.entry.term, (k - 1) as u32)));
        }
    }
    docs.sort_unstable_by(|a, b| b.cmp(a));
    docs.dedup_by_key(|d| d.0);
    let mut found = Vec::new();
    let mut walked = 0usize;
    let mut blocked = false;
    let mut pending = 0usize;
    for &(doc, sec) in docs.iter().take_while(|d| d.0 >= frontier) {
        if found.len() >= wanted && !blocked {
            break;
        }
        walked += 1;
        if section.is_some_and(|s| s != sec) {
            continue;
        }
        let mut all = true;
        let mut known = true;
        for (s, slot) in slots.iter().enumerate() {
            if s == driver {
                continue;
            }
            let mut any = Some(false);
            for e in slot {
                match holds(engine, e, doc, &mut missing)? {
                    Some(true) => {
                        any = Some(true);
                        break;
                    }
                    Some(false) => {}
                    None => any = None,
                }
            }
            match any {
                Some(true) => {}
                Some(false) => all = false,
                None => known = false,
            }
        }
        if !known {
            blocked = true;
            pending += 1;
            // Enough to ask for a round's worth of chunks, not the archive.
            if missing.len() >= MAX_ROUND || pending > wanted.max(MAX_ROUND) {
                break;
            }
        } else if all && !blocked {
            found.push(doc);
        }
    }
    if !missing.is_empty() {
        missing.truncate(MAX_ROUND);
        return need(missing);
    }
    let exhausted = older.is_empty();
    if found.len() < wanted && !exhausted && postings_held < FILL_BUDGET {
        // Older documents of the driver: the chunk(s) at the frontier.
        let paths = older
            .into_iter()
            .filter(|(f, _)| *f == frontier)
            .map(|(_, p)| p)
            .collect();
        return need(paths);
    }
    let single = slots.len() == 1 && slots[0].len() == 1 && section.is_none();
    let (total, exact) = if exhausted && found.len() < wanted {
        (found.len(), true)
    } else if single {
        (df(&slots[0]), true)
    } else {
        let share = if walked == 0 {
            0.0
        } else {
            found.len() as f64 / walked as f64
        };
        (
            ((df(&slots[driver]) as f64 * share).round() as usize).max(found.len()),
            false,
        )
    };
    Ok(Ranked::Done(Ranking {
        docs: found.into_iter().take(wanted).map(|d| (d, 0.0)).collect(),
        total,
        exact,
    }))
}
