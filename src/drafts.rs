//! Comment drafts and the remembered identity, kept in a `Store`.
//!
//! Pure logic over the `Store` trait, so it is tested natively over an
//! in-memory store. Values use a small versioned text format (no JSON code
//! in the wasm): fields separated by U+001F, with `\` escaping.

use crate::comments::ReplyTarget;
use crate::storage::{StorageError, Store};

/// The prefix of every draft key; the version changes if the format does.
pub const DRAFT_PREFIX: &str = "broadsheet:draft:v1:";
pub const IDENTITY_KEY: &str = "broadsheet:identity:v1";
/// Drafts untouched this long are removed at start-up.
pub const DRAFT_MAX_AGE_MS: f64 = 30.0 * 24.0 * 3600.0 * 1000.0;

const SEPARATOR: char = '\u{1f}';

/// What a reader typed under one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub comment: String,
    pub name: String,
    pub email: String,
    pub website: String,
    /// When it was last saved, in milliseconds since the epoch.
    pub saved_ms: f64,
    /// The comment the draft answers, if the reader chose Reply.
    pub reply_to: Option<ReplyTarget>,
}

impl Draft {
    /// Whitespace alone is not worth keeping.
    pub fn is_empty(&self) -> bool {
        [&self.comment, &self.name, &self.email, &self.website]
            .iter()
            .all(|f| f.trim().is_empty())
    }
}

/// Name, email and website, remembered for every article when the reader asks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    pub name: String,
    pub email: String,
    pub website: String,
}

/// The storage key of the draft under an article.
pub fn draft_key(section: &str, slug: &str) -> String {
    format!("{DRAFT_PREFIX}{section}/{slug}")
}

fn escape(field: &str) -> String {
    field.replace('\\', "\\\\").replace(SEPARATOR, "\\s")
}

fn unescape(field: &str) -> Option<String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                '\\' => out.push('\\'),
                's' => out.push(SEPARATOR),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn encode(fields: &[&str]) -> String {
    let escaped: Vec<String> = fields.iter().map(|f| escape(f)).collect();
    escaped.join(&SEPARATOR.to_string())
}

/// Splits a value into the fields after the version tag `1`, if there are
/// as many as one of `counts`.
fn decode(value: &str, counts: &[usize]) -> Option<Vec<String>> {
    let mut parts = value.split(SEPARATOR);
    if parts.next()? != "1" {
        return None;
    }
    let fields: Vec<String> = parts.map(unescape).collect::<Option<_>>()?;
    counts.contains(&fields.len()).then_some(fields)
}

/// Five fields; two more (the comment's id and author) for a reply, so the
/// drafts saved before replies existed still read.
pub fn encode_draft(draft: &Draft) -> String {
    let saved = (draft.saved_ms as i64).to_string();
    let mut fields = vec![
        "1",
        &saved,
        &draft.comment,
        &draft.name,
        &draft.email,
        &draft.website,
    ];
    let reply = draft
        .reply_to
        .as_ref()
        .map(|t| (t.id.to_string(), t.author.as_str()));
    if let Some((id, author)) = &reply {
        fields.extend([id.as_str(), author]);
    }
    encode(&fields)
}

/// `None` for a value that is not a draft of this version (corrupted, or
/// written by something else).
pub fn decode_draft(value: &str) -> Option<Draft> {
    let mut f = decode(value, &[5, 7])?.into_iter();
    let saved_ms = f.next()?.parse::<i64>().ok()? as f64;
    let mut draft = Draft {
        saved_ms,
        comment: f.next()?,
        name: f.next()?,
        email: f.next()?,
        website: f.next()?,
        reply_to: None,
    };
    if let Some(id) = f.next() {
        draft.reply_to = Some(ReplyTarget {
            id: id.parse().ok()?,
            author: f.next()?,
        });
    }
    Some(draft)
}

/// Drafts and identity over any store.
pub struct Drafts<S: Store> {
    pub store: S,
}

impl<S: Store> Drafts<S> {
    pub fn new(store: S) -> Self {
        Drafts { store }
    }

    /// The draft under `key`; `None` if there is none or it is unreadable.
    pub fn load(&self, key: &str) -> Result<Option<Draft>, StorageError> {
        Ok(self.store.get(key)?.as_deref().and_then(decode_draft))
    }

    /// Saves a draft, or removes it when it is empty.
    pub fn save(&self, key: &str, draft: &Draft) -> Result<(), StorageError> {
        if draft.is_empty() {
            self.store.remove(key)
        } else {
            self.store.set(key, &encode_draft(draft))
        }
    }

    pub fn discard(&self, key: &str) -> Result<(), StorageError> {
        self.store.remove(key)
    }

    /// Removes drafts not saved for `DRAFT_MAX_AGE_MS`, and our keys whose
    /// values cannot be read. Returns how many were removed.
    pub fn prune(&self, now_ms: f64) -> Result<usize, StorageError> {
        let mut removed = 0;
        for key in self.store.keys()? {
            if !key.starts_with(DRAFT_PREFIX) {
                continue;
            }
            let stale = match self.store.get(&key)?.as_deref().and_then(decode_draft) {
                Some(draft) => now_ms - draft.saved_ms > DRAFT_MAX_AGE_MS,
                None => true,
            };
            if stale {
                self.store.remove(&key)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    pub fn identity(&self) -> Result<Option<Identity>, StorageError> {
        let Some(value) = self.store.get(IDENTITY_KEY)? else {
            return Ok(None);
        };
        Ok(decode(&value, &[3]).map(|f| {
            let mut f = f.into_iter();
            Identity {
                name: f.next().unwrap_or_default(),
                email: f.next().unwrap_or_default(),
                website: f.next().unwrap_or_default(),
            }
        }))
    }

    pub fn remember(&self, identity: &Identity) -> Result<(), StorageError> {
        self.store.set(
            IDENTITY_KEY,
            &encode(&["1", &identity.name, &identity.email, &identity.website]),
        )
    }

    pub fn forget(&self) -> Result<(), StorageError> {
        self.store.remove(IDENTITY_KEY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    const DAY: f64 = 24.0 * 3600.0 * 1000.0;

    fn draft(comment: &str, saved_ms: f64) -> Draft {
        Draft {
            comment: comment.into(),
            name: "Ann".into(),
            saved_ms,
            ..Draft::default()
        }
    }

    #[test]
    fn keys_hold_the_version_and_the_article() {
        assert_eq!(draft_key("world", "a-b"), "broadsheet:draft:v1:world/a-b");
        assert_ne!(draft_key("world", "a"), draft_key("sport", "a"));
    }

    #[test]
    fn saves_and_restores_exactly_what_was_typed() {
        let drafts = Drafts::new(MemoryStore::default());
        let typed = Draft {
            comment: "Line one\nline two \\ with \u{1f} odd \\s characters, ünïcode ✓".into(),
            name: "Ann O'Neil".into(),
            email: "ann@example.org".into(),
            website: "https://ann.example".into(),
            saved_ms: 1_700_000_000_000.0,
            reply_to: None,
        };
        drafts.save("k", &typed).unwrap();
        assert_eq!(drafts.load("k").unwrap(), Some(typed));
    }

    #[test]
    fn a_reply_keeps_the_comment_it_answers() {
        let drafts = Drafts::new(MemoryStore::default());
        let reply = Draft {
            reply_to: Some(ReplyTarget {
                id: 42,
                author: "O'Neil \\ \u{1f}".into(),
            }),
            ..draft("I agree.", 5.0)
        };
        drafts.save("k", &reply).unwrap();
        assert_eq!(drafts.load("k").unwrap(), Some(reply));
        // A draft saved before replies existed: five fields, no target.
        drafts
            .store
            .set("k", "1\u{1f}5\u{1f}old\u{1f}Ann\u{1f}\u{1f}")
            .unwrap();
        assert_eq!(drafts.load("k").unwrap(), Some(draft("old", 5.0)));
        // A target whose id is not a number is no draft at all.
        drafts
            .store
            .set("k", "1\u{1f}5\u{1f}x\u{1f}Ann\u{1f}\u{1f}\u{1f}id\u{1f}One")
            .unwrap();
        assert_eq!(drafts.load("k").unwrap(), None);
    }

    #[test]
    fn drafts_of_different_articles_never_mix() {
        let drafts = Drafts::new(MemoryStore::default());
        let (a, b) = (draft_key("world", "a"), draft_key("world", "b"));
        drafts.save(&a, &draft("about a", 1.0)).unwrap();
        assert_eq!(drafts.load(&b).unwrap(), None);
        drafts.save(&b, &draft("about b", 2.0)).unwrap();
        assert_eq!(drafts.load(&a).unwrap().unwrap().comment, "about a");
    }

    #[test]
    fn empty_drafts_are_not_stored() {
        let drafts = Drafts::new(MemoryStore::default());
        drafts
            .save(
                "k",
                &Draft {
                    comment: "  \n ".into(),
                    ..Draft::default()
                },
            )
            .unwrap();
        assert!(drafts.store.items.borrow().is_empty());
        drafts.save("k", &draft("x", 1.0)).unwrap();
        drafts.save("k", &Draft::default()).unwrap();
        assert!(
            drafts.store.items.borrow().is_empty(),
            "emptying a draft removes it"
        );
    }

    #[test]
    fn prunes_old_and_unreadable_drafts_only() {
        let drafts = Drafts::new(MemoryStore::default());
        let now = 100.0 * DAY;
        drafts
            .save(&draft_key("s", "old"), &draft("old", now - 31.0 * DAY))
            .unwrap();
        drafts
            .save(&draft_key("s", "new"), &draft("new", now - 29.0 * DAY))
            .unwrap();
        drafts
            .store
            .set(&draft_key("s", "junk"), "{\"not\":\"ours\"}")
            .unwrap();
        drafts.store.set("someone-elses-key", "kept").unwrap();
        drafts
            .remember(&Identity {
                name: "Ann".into(),
                ..Identity::default()
            })
            .unwrap();
        assert_eq!(drafts.prune(now).unwrap(), 2);
        let keys = drafts.store.keys().unwrap();
        assert_eq!(
            keys,
            vec![
                draft_key("s", "new"),
                IDENTITY_KEY.to_string(),
                "someone-elses-key".to_string()
            ]
        );
    }

    #[test]
    fn corrupted_values_read_as_no_draft() {
        let drafts = Drafts::new(MemoryStore::default());
        for junk in [
            "",
            "1",
            "2\u{1f}1\u{1f}a\u{1f}b\u{1f}c\u{1f}d",
            "1\u{1f}x\u{1f}a\u{1f}b\u{1f}c\u{1f}d",
            "1\u{1f}5\u{1f}bad \\q escape\u{1f}b\u{1f}c\u{1f}d",
            "{\"comment\":\"hi\"}",
        ] {
            drafts.store.set("k", junk).unwrap();
            assert_eq!(drafts.load("k").unwrap(), None, "{junk:?}");
        }
        drafts.store.set(IDENTITY_KEY, "garbage").unwrap();
        assert_eq!(drafts.identity().unwrap(), None);
    }

    #[test]
    fn identity_is_remembered_and_forgotten() {
        let drafts = Drafts::new(MemoryStore::default());
        assert_eq!(drafts.identity().unwrap(), None);
        let me = Identity {
            name: "Ann".into(),
            email: "ann@example.org".into(),
            website: String::new(),
        };
        drafts.remember(&me).unwrap();
        assert_eq!(drafts.identity().unwrap(), Some(me));
        drafts.forget().unwrap();
        assert_eq!(drafts.identity().unwrap(), None);
    }

    #[test]
    fn storage_errors_are_reported_not_swallowed() {
        let blocked = Drafts::new(MemoryStore {
            blocked: true,
            ..MemoryStore::default()
        });
        assert_eq!(blocked.load("k"), Err(StorageError::Unavailable));
        assert_eq!(
            blocked.save("k", &draft("x", 1.0)),
            Err(StorageError::Unavailable)
        );
        assert_eq!(blocked.prune(0.0), Err(StorageError::Unavailable));
        let full = Drafts::new(MemoryStore {
            quota: Some(40),
            ..MemoryStore::default()
        });
        assert_eq!(
            full.save("k", &draft(&"long ".repeat(20), 1.0)),
            Err(StorageError::Full)
        );
        assert_eq!(
            full.load("k"),
            Ok(None),
            "a failed save leaves nothing half-written"
        );
    }
}
