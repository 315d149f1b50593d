//! Turning a content file's text into its type, with errors a reader can act on.

use crate::{Versioned, NEWEST_SCHEMA, SCHEMA};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt;

/// Why a content file could not be used.
#[derive(Debug, Clone, PartialEq)]
pub enum ContentError {
    /// Not JSON, or JSON of the wrong shape.
    Malformed { file: String, detail: String },
    /// Written for a format version this app does not know.
    UnknownSchema { file: String, found: u32 },
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentError::Malformed { file, detail } => {
                write!(f, "{file} is not valid content: {detail}")
            }
            ContentError::UnknownSchema { file, found } => write!(
                f,
                "{file} uses content format version {found}, but this site understands versions {SCHEMA} to {NEWEST_SCHEMA}"
            ),
        }
    }
}

#[derive(Deserialize)]
struct Envelope {
    schema: u32,
}

/// Parses `text` (the contents of `file`) as a `T`, checking the format
/// version first so that a newer file gets a clear message, not a shape error.
pub fn decode<T: DeserializeOwned + Versioned>(file: &str, text: &str) -> Result<T, ContentError> {
    let malformed = |e: serde_json::Error| ContentError::Malformed {
        file: file.to_string(),
        detail: e.to_string(),
    };
    let envelope: Envelope = serde_json::from_str(text).map_err(malformed)?;
    if !is_known_schema(envelope.schema) {
        return Err(ContentError::UnknownSchema {
            file: file.to_string(),
            found: envelope.schema,
        });
    }
    let value: T = serde_json::from_str(text).map_err(malformed)?;
    debug_assert!(is_known_schema(value.schema()));
    Ok(value)
}

/// Whether this app reads files of format version `schema`.
pub fn is_known_schema(schema: u32) -> bool {
    (SCHEMA..=NEWEST_SCHEMA).contains(&schema)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, Block, Front, SectionPage, Site};

    const ARTICLE: &str = r#"{
        "schema": 1, "slug": "a", "section": "world", "headline": "H",
        "standfirst": "S", "authors": ["A"], "published": "2024-07-11T07:00:00Z",
        "body": [
            {"paragraph": {"spans": [{"text": "x"}, {"text": "y", "em": true, "href": "/world/b"}]}},
            {"heading": {"level": 2, "text": "Sub"}},
            {"quote": {"spans": [{"text": "q"}], "cite": "Someone"}},
            {"list": {"ordered": false, "items": [[{"text": "one"}], [{"text": "two", "strong": true}]]}},
            {"image": {"image": {"src": "/m.svg", "alt": "alt", "width": 10, "height": 5}}}
        ]
    }"#;

    #[test]
    fn decodes_a_full_article() {
        let a: Article = decode("a.json", ARTICLE).unwrap();
        assert_eq!(a.headline, "H");
        assert_eq!(a.body.len(), 5);
        assert!(matches!(&a.body[0], Block::Paragraph { spans } if spans[1].em && !spans[1].strong));
        assert!(matches!(&a.body[3], Block::List { ordered: false, items } if items.len() == 2));
        assert_eq!(a.updated, None);
        assert!(a.tags.is_empty());
    }

    #[test]
    fn round_trips_through_json() {
        let a: Article = decode("a.json", ARTICLE).unwrap();
        let text = serde_json::to_string(&a).unwrap();
        let b: Article = decode("a.json", &text).unwrap();
        assert_eq!(a, b);
        // Unset marks are not written out.
        assert!(!text.contains("\"em\":false"));
    }

    #[test]
    fn not_json_is_malformed_and_names_the_file() {
        let e = decode::<Site>("content/site.json", "<!doctype html>").unwrap_err();
        assert!(matches!(e, ContentError::Malformed { .. }));
        assert!(e
            .to_string()
            .starts_with("content/site.json is not valid content"));
    }

    #[test]
    fn truncated_json_is_malformed() {
        let cut = &ARTICLE[..ARTICLE.len() / 2];
        assert!(matches!(
            decode::<Article>("a", cut),
            Err(ContentError::Malformed { .. })
        ));
    }

    #[test]
    fn missing_schema_is_malformed() {
        let e = decode::<Front>("front.json", r#"{"lead": null}"#).unwrap_err();
        assert!(e.to_string().contains("schema"), "{e}");
    }

    #[test]
    fn wrong_shape_is_malformed() {
        let text = r#"{"schema": 1, "section": "world", "page": "one"}"#;
        assert!(matches!(
            decode::<SectionPage>("p", text),
            Err(ContentError::Malformed { .. })
        ));
    }

    #[test]
    fn unknown_block_type_is_malformed() {
        let text = ARTICLE.replace(r#"{"heading": "#, r#"{"html": "#);
        assert!(matches!(
            decode::<Article>("a", &text),
            Err(ContentError::Malformed { .. })
        ));
    }

    #[test]
    fn newer_schema_is_reported_as_such() {
        let text = ARTICLE.replace(r#""schema": 1"#, r#""schema": 7"#);
        let e = decode::<Article>("a.json", &text).unwrap_err();
        assert_eq!(
            e,
            ContentError::UnknownSchema {
                file: "a.json".into(),
                found: 7
            }
        );
        assert!(e.to_string().contains("version 7"));
    }
}
