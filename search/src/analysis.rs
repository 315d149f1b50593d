//! Text analysis, shared by the writer and the engine so that a word in a
//! query becomes exactly the term the writer stored: split into words,
//! lowercase, fold Latin diacritics (`café` ~ `cafe`), stem (English Snowball
//! through `rust-stemmers`).
//!
//! The folding table is written out here rather than taken from a Unicode
//! normalisation crate: its tables would cost the client's wasm far more than
//! the few hundred letters newsroom text actually uses.

use rust_stemmers::{Algorithm, Stemmer};

/// Longer "words" (URLs, hashes, runs of digits) are not indexed: nobody
/// types them, and they would bloat the dictionary.
pub const MAX_WORD_BYTES: usize = 40;

/// Words a query skips when it has others: each is in nearly every article,
/// so it adds a file to fetch and almost nothing to the ranking. They are
/// still indexed, so a query of only `the` works.
const STOP_WORDS: [&str; 34] = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have", "he", "her",
    "his", "in", "is", "it", "its", "of", "on", "or", "she", "that", "the", "their", "they", "this", "to",
    "was", "were", "with",
];

pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// One word of a text: its byte range in the text and its folded, lowercase form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub folded: String,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

/// Calls `f(start, end, folded)` for every word of `text`, in order. Words
/// are runs of letters and digits; an apostrophe splits them (`O'Connor`
/// gives `o` and `connor`, so `connor` finds it), except a possessive `'s`,
/// which is dropped.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let mut folded = String::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
                folded.clear();
            }
            fold_into(c, &mut folded);
            continue;
        }
        let Some(s) = start.take() else { continue };
        // `council's`: the word ends before the apostrophe and the `s` goes.
        if is_apostrophe(c) {
            let mut ahead = chars.clone();
            if let Some((_, 's' | 'S')) = ahead.next() {
                if ahead.peek().is_none_or(|&(_, n)| !is_word_char(n)) {
                    chars.next();
                }
            }
        }
        emit(s, i, &folded, &mut f);
    }
    if let Some(s) = start {
        emit(s, text.len(), &folded, &mut f);
    }
}

fn emit(start: usize, end: usize, folded: &str, f: &mut impl FnMut(usize, usize, &str)) {
    if !folded.is_empty() && folded.len() <= MAX_WORD_BYTES {
        f(start, end, folded);
    }
}

/// All words of `text`, for callers that want them at once.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for_each_word(text, |start, end, folded| {
        out.push(Word {
            start,
            end,
            folded: folded.to_string(),
        })
    });
    out
}

/// Lowercases `c` and folds Latin diacritics into `out`.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_combining(c) {
        return; // a decomposed accent: `e` + U+0301 folds like `é`
    }
    for l in c.to_lowercase() {
        match fold_latin(l) {
            Some(s) => out.push_str(s),
            None => out.push(l),
        }
    }
}

/// Base letters of U+00C0..=U+017F (Latin-1 Supplement and Latin Extended-A),
/// one entry per code point; "" keeps the character as it is.
const LATIN: [&str; 192] = [
    // U+00C0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // C0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss", // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", // E0
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", // F0
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", // 100
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", // 110
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", // 120
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", // 130
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o", // 140
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s", // 150
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", // 160
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s", // 170
];

fn fold_latin(c: char) -> Option<&'static str> {
    let n = c as u32;
    if (0xC0..=0x17F).contains(&n) {
        let s = LATIN[(n - 0xC0) as usize];
        return (!s.is_empty()).then_some(s);
    }
    match c {
        'ș' | 'ş' => Some("s"),
        'ț' | 'ţ' => Some("t"),
        _ => None,
    }
}

/// Folds a whole string as a word would be folded (for prefixes and tests).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_into(c, &mut out);
    }
    out
}

/// Turns folded words into index terms.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::new()
    }
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }

    /// The term for a folded word: its English stem, or the word itself if
    /// it has a digit (`2024`, `g7`), which a stemmer would only mangle.
    pub fn term(&self, folded: &str) -> String {
        if folded.bytes().any(|b| b.is_ascii_digit()) {
            return folded.to_string();
        }
        self.stemmer.stem(folded).into_owned()
    }

    /// Every term of `text`, in order (with repeats).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |_, _, w| out.push(self.term(w)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && !is_stop_word("council"));
    }

    #[test]
    fn words_have_byte_ranges_and_folded_forms() {
        let text = "Café owner's “Zoë” O'Connor, naïve 2024!";
        let got: Vec<(&str, String)> = words(text)
            .into_iter()
            .map(|w| (&text[w.start..w.end], w.folded))
            .collect();
        let want = [
            ("Café", "cafe"),
            ("owner", "owner"),
            ("Zoë", "zoe"),
            ("O", "o"),
            ("Connor", "connor"),
            ("naïve", "naive"),
            ("2024", "2024"),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for ((g, gf), (w, wf)) in got.iter().zip(want) {
            assert_eq!((*g, gf.as_str()), (w, wf));
        }
    }

    #[test]
    fn decomposed_accents_fold_like_composed_ones() {
        assert_eq!(fold("cafe\u{301}"), "cafe");
        assert_eq!(fold("Straße ŁÓDŹ"), "strasse lodz");
    }

    #[test]
    fn stems() {
        let a = Analyzer::new();
        assert_eq!(a.term("elections"), a.term("election"));
        assert_eq!(a.term("g7"), "g7");
    }
}
