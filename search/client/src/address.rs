//! The search page's address: `/search/?q=…&section=…&order=newest`, read
//! and written. `q` is what the app's route table reads; the section filter
//! and the order are the page's own.

use broadsheet_model::{decode_query_value, search_path};

/// What the search page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageQuery {
    pub text: String,
    /// A section slug, or none for every section.
    pub section: Option<String>,
    /// Newest first instead of most relevant first.
    pub newest: bool,
}

/// Reads the part of an address after `?` (with or without the `?`).
/// Anything malformed reads as nothing, never as an error.
pub fn read_address(search: &str) -> PageQuery {
    let mut query = PageQuery::default();
    for pair in search.trim_start_matches('?').split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode_query_value(value);
        match name {
            "q" => query.text = value,
            "section" => {
                query.section = Some(value)
                    .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            }
            "order" => query.newest = value == "newest",
            _ => {}
        }
    }
    query
}

/// The search page's address for `query`, under the base path `base`
/// (`""` or `/news`), encoded so any text comes back unchanged.
pub fn page_address(base: &str, query: &PageQuery) -> String {
    let mut out = format!("{base}{}", search_path(&query.text));
    let mut sep = if out.contains('?') { '&' } else { '?' };
    if let Some(section) = &query.section {
        out.push(sep);
        out.push_str("section=");
        out.push_str(section);
        sep = '&';
    }
    if query.newest {
        out.push(sep);
        out.push_str("order=newest");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_text_survives_the_address() {
        for text in [
            "council budget",
            "\"quoted\" <script>alert(1)</script>",
            "100% & more #tag ?x=y",
            "café 🎉 עִברִית مرحبا",
            "a+b",
        ] {
            let query = PageQuery {
                text: text.into(),
                section: Some("world".into()),
                newest: true,
            };
            let address = page_address("/news", &query);
            assert!(address.starts_with("/news/search/?q="), "{address}");
            let search = &address[address.find('?').unwrap()..];
            assert_eq!(read_address(search), query, "{address}");
        }
    }

    #[test]
    fn a_blank_query_is_the_bare_page_and_junk_reads_as_nothing() {
        assert_eq!(page_address("", &PageQuery::default()), "/search/");
        assert_eq!(
            page_address(
                "",
                &PageQuery {
                    newest: true,
                    ..PageQuery::default()
                }
            ),
            "/search/?order=newest"
        );
        assert_eq!(read_address(""), PageQuery::default());
        assert_eq!(read_address("?q=%&section=<b>&order=x").text, "%");
        assert_eq!(read_address("?section=%3Cb%3E").section, None);
        assert_eq!(read_address("?q=%F0%9F").text, "\u{FFFD}");
    }
}
