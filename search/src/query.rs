//! What a reader typed, turned into terms; and marking those terms in a text
//! (headline marks and excerpts), which needs no index at all.

use crate::analysis::{self, Analyzer};
use std::ops::Range;

/// A query for [`crate::Engine::search`].
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// As typed; any length and any characters are safe.
    pub text: String,
    /// Only this section (a slug from [`crate::Engine::sections`]).
    pub section: Option<String>,
    pub order: Order,
    /// Hits to skip, for later pages.
    pub offset: usize,
    pub limit: usize,
    /// Match the last word as a prefix (results as you type), unless the
    /// text ends with a space or punctuation, which says the word is done.
    pub prefix: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Order {
    /// BM25: documents with more of the words, and more of them in the
    /// headline, first. A document need not have every word.
    #[default]
    Relevance,
    /// Newest first, among documents that have every word.
    Newest,
}

impl Query {
    /// A finished query (the results page): ten hits by relevance.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            section: None,
            order: Order::Relevance,
            offset: 0,
            limit: 10,
            prefix: false,
        }
    }

    /// A query being typed: its last word is a prefix.
    pub fn typing(text: impl Into<String>) -> Query {
        Query {
            prefix: true,
            ..Query::new(text)
        }
    }
}

/// Words a query uses at most; the rest are ignored. Each costs a fetch.
pub const MAX_WORDS: usize = 8;
/// Characters of a query read at most: 2 000 pasted characters cost nothing.
const MAX_QUERY_CHARS: usize = 256;

/// One word of a query.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Slot {
    /// Folded, as typed.
    pub word: String,
    /// Its stem.
    pub term: String,
    pub prefix: bool,
}

pub(crate) fn parse(text: &str, prefix: bool, analyzer: &Analyzer) -> Vec<Slot> {
    let end = text
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let text = &text[..end];
    let mut slots: Vec<Slot> = Vec::new();
    let mut last_end = 0;
    analysis::for_each_word(text, |_, e, w| {
        last_end = e;
        slots.push(Slot {
            word: w.to_string(),
            term: analyzer.term(w),
            prefix: false,
        })
    });
    // The last word is still being typed only if nothing follows it.
    if prefix && last_end == text.len() {
        if let Some(last) = slots.last_mut() {
            last.prefix = true;
        }
    }
    // Stop words cost a fetch and rank nothing, unless they are all there is.
    if slots.iter().any(|s| s.prefix || !analysis::is_stop_word(&s.word)) {
        slots.retain(|s| s.prefix || !analysis::is_stop_word(&s.word));
    }
    // One slot per term; the word being typed keeps its own.
    let mut seen: Vec<Slot> = Vec::new();
    for s in slots {
        if s.prefix || !seen.iter().any(|o| !o.prefix && o.term == s.term) {
            seen.push(s);
        }
    }
    seen.truncate(MAX_WORDS);
    seen
}

/// Finds a query's words in any text: for headline marks, and for excerpts
/// from the stored text or from an article the client fetched itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matcher {
    /// Stems that match.
    terms: Vec<String>,
    /// Folded prefixes that match any word starting with them.
    prefixes: Vec<String>,
}

/// A short text with the query's words marked. `marks` are byte ranges of
/// `text`, ascending and on character boundaries: render the text and wrap
/// those ranges in `<mark>`, never parse it as HTML.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

impl Excerpt {
    /// The text in runs, each with whether it is marked.
    pub fn segments(&self) -> impl Iterator<Item = (&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for m in &self.marks {
            if m.start > at {
                out.push((&self.text[at..m.start], false));
            }
            out.push((&self.text[m.clone()], true));
            at = m.end;
        }
        if at < self.text.len() {
            out.push((&self.text[at..], false));
        }
        out.into_iter()
    }
}

impl Matcher {
    /// The matcher for a query as typed, without an index: stems match, and
    /// with `prefix` so do words starting with the last word.
    pub fn new(text: &str, prefix: bool) -> Matcher {
        let analyzer = Analyzer::new();
        Matcher::from_slots(&parse(text, prefix, &analyzer), &[])
    }

    /// `expansions`: the terms the index matched for the prefix, so that
    /// `happi` marks `happiness` too.
    pub(crate) fn from_slots(slots: &[Slot], expansions: &[String]) -> Matcher {
        let mut terms: Vec<String> = slots
            .iter()
            .filter(|s| !s.prefix)
            .map(|s| s.term.clone())
            .collect();
        terms.extend(expansions.iter().cloned());
        terms.sort();
        terms.dedup();
        let prefixes = slots
            .iter()
            .filter(|s| s.prefix)
            .map(|s| s.word.clone())
            .collect();
        Matcher { terms, prefixes }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.prefixes.is_empty()
    }

    /// Byte ranges of the words of `text` the query matches, and for each
    /// the index of what it matched (for counting distinct words).
    fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let analyzer = Analyzer::new();
        let mut out = Vec::new();
        analysis::for_each_word(text, |start, end, folded| {
            if let Some(p) = self.prefixes.iter().position(|p| folded.starts_with(p.as_str())) {
                out.push((start..end, self.terms.len() + p));
            } else if !self.terms.is_empty() {
                if let Ok(t) = self.terms.binary_search(&analyzer.term(folded)) {
                    out.push((start..end, t));
                }
            }
        });
        out
    }

    /// Marks on the whole of `text` (a headline).
    pub fn marks(&self, text: &str) -> Vec<Range<usize>> {
        self.find(text).into_iter().map(|(r, _)| r).collect()
    }

    /// At most about `max_chars` characters of `text`, around the stretch
    /// with the most distinct query words, cut at word boundaries, with `…`
    /// where it was cut, and the words marked.
    pub fn excerpt(&self, text: &str, max_chars: usize) -> Excerpt {
        let text = text.trim();
        let found = self.find(text);
        // Byte offset of every character, and the end.
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let chars = starts.len() - 1;
        if chars <= max_chars {
            return Excerpt {
                text: text.to_string(),
                marks: found.into_iter().map(|(r, _)| r).collect(),
            };
        }
        let char_of = |byte: usize| starts.partition_point(|&b| b < byte);
        // The window starts a little before some match (or at the start):
        // pick the one whose window holds the most distinct words, then the
        // most matches, then the earliest.
        let lead_in = max_chars / 6;
        let mut best = (0usize, 0usize, 0usize); // (distinct, matches, start char)
        for (r, _) in &found {
            let start = char_of(r.start).saturating_sub(lead_in);
            let end_byte = starts[(start + max_chars).min(chars)];
            let inside: Vec<usize> = found
                .iter()
                .filter(|(m, _)| m.start >= starts[start] && m.end <= end_byte)
                .map(|(_, w)| *w)
                .collect();
            let mut distinct = inside.clone();
            distinct.sort_unstable();
            distinct.dedup();
            let key = (distinct.len(), inside.len());
            if key > (best.0, best.1) {
                best = (key.0, key.1, start);
            }
        }
        let mut from = starts[best.2];
        let mut to = starts[(best.2 + max_chars).min(chars)];
        // Cut at word boundaries: start at a word's start, end after a word.
        if from > 0 {
            let words = analysis::words(text);
            if let Some(w) = words.iter().find(|w| w.start >= from) {
                from = w.start;
            }
            if to < text.len() {
                if let Some(w) = words.iter().rev().find(|w| w.end <= to && w.start >= from) {
                    to = w.end;
                }
            }
        } else if to < text.len() {
            if let Some(w) = analysis::words(text).iter().rev().find(|w| w.end <= to) {
                to = w.end;
            }
        }
        let mut out = String::new();
        let shift = if from > 0 {
            out.push('…');
            '…'.len_utf8()
        } else {
            0
        };
        out.push_str(&text[from..to]);
        if to < text.len() {
            out.push('…');
        }
        let marks = found
            .into_iter()
            .filter(|(r, _)| r.start >= from && r.end <= to)
            .map(|(r, _)| r.start - from + shift..r.end - from + shift)
            .collect();
        Excerpt { text: out, marks }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, prefix: bool) -> Vec<(String, bool)> {
        parse(text, prefix, &Analyzer::new())
            .into_iter()
            .map(|s| (s.term, s.prefix))
            .collect()
    }

    #[test]
    fn parse_drops_stop_words_unless_alone_and_marks_the_prefix() {
        assert_eq!(terms("the elections", false), [("elect".to_string(), false)]);
        assert_eq!(terms("the", false), [("the".to_string(), false)]);
        assert_eq!(terms("council bud", true)[1], ("bud".to_string(), true));
        assert!(!terms("council bud ", true)[1].1, "a space ends the word");
        assert!(terms("   ", true).is_empty());
        assert!(terms("<script>\"'%&", true).len() == 1);
    }

    #[test]
    fn excerpt_marks_are_byte_ranges_of_the_excerpt() {
        let m = Matcher::new("café", false);
        let e = m.excerpt("Le Café de Flore, où l'on boit un café crème.", 200);
        let marked: Vec<&str> = e.marks.iter().map(|r| &e.text[r.clone()]).collect();
        assert_eq!(marked, ["Café", "café"]);
        let segs: Vec<(&str, bool)> = e.segments().collect();
        assert_eq!(segs[1], ("Café", true));
    }
}
