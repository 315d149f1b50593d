//! The reader's colour scheme: the system's (`prefers-color-scheme`), or
//! light or dark by choice. A choice is kept in storage under [`KEY`] and
//! shown as `data-theme` on `<html>`, which the stylesheet follows.
//!
//! `public/theme.js` applies it before the first paint: `cargo xtask dist`
//! puts it inline in `<head>` (xtask/src/dist.rs), so it runs before
//! anything is drawn without a request of its own on the critical path; the
//! Content-Security-Policy allows that one script by its hash
//! (deploy/nginx.conf), and no other inline script. It is silent when
//! storage throws (site data blocked). The app keeps storage and the page
//! in step when the reader changes the scheme.

use crate::storage::{StorageError, Store};

/// The storage key of the choice; `public/theme.js` reads the same.
pub const KEY: &str = "broadsheet:theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's setting.
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::System];

    /// A stored value; anything else (or nothing) means the system's.
    pub fn parse(value: Option<&str>) -> Theme {
        match value {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    /// What is stored, and the value of `data-theme`; `None` for the system's.
    pub fn value(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// Its name, as its button's value: `parse` reads it back.
    pub fn name(self) -> &'static str {
        self.value().unwrap_or("system")
    }
}

/// The stored choice; the system's when there is none or storage is blocked.
pub fn load(store: &impl Store) -> Theme {
    Theme::parse(store.get(KEY).ok().flatten().as_deref())
}

/// Keeps the choice (the system's: forgets any).
pub fn save(store: &impl Store, theme: Theme) -> Result<(), StorageError> {
    match theme.value() {
        Some(value) => store.set(KEY, value),
        None => store.remove(KEY),
    }
}

/// Shows the choice on the page: `data-theme` on `<html>`.
#[cfg(target_arch = "wasm32")]
pub fn apply(theme: Theme) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme.value() {
        Some(value) => root.set_attribute("data-theme", value),
        None => root.remove_attribute("data-theme"),
    };
}

#[cfg(not(target_arch = "wasm32"))]
pub fn apply(_: Theme) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStore;

    #[test]
    fn stored_values() {
        assert_eq!(Theme::parse(Some("dark")), Theme::Dark);
        assert_eq!(Theme::parse(Some("light")), Theme::Light);
        assert_eq!(Theme::parse(Some("sepia")), Theme::System);
        assert_eq!(Theme::parse(None), Theme::System);
        for theme in Theme::ALL {
            assert_eq!(Theme::parse(theme.value()), theme);
            assert_eq!(Theme::parse(Some(theme.name())), theme);
        }
    }

    #[test]
    fn a_choice_is_kept_and_the_system_forgets_it() {
        let store = MemoryStore::default();
        assert_eq!(load(&store), Theme::System);
        save(&store, Theme::Dark).unwrap();
        assert_eq!(store.get(KEY).unwrap().as_deref(), Some("dark"));
        assert_eq!(load(&store), Theme::Dark);
        save(&store, Theme::System).unwrap();
        assert_eq!(store.get(KEY).unwrap(), None);
        assert_eq!(load(&store), Theme::System);
    }

    #[test]
    fn blocked_storage_means_the_system_scheme_and_no_panic() {
        let store = MemoryStore {
            blocked: true,
            ..MemoryStore::default()
        };
        assert_eq!(load(&store), Theme::System);
        assert_eq!(save(&store, Theme::Dark), Err(StorageError::Unavailable));
    }
}
