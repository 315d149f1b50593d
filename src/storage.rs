//! The one place the app touches browser storage. Every call can fail (site
//! data blocked, quota full), and says so instead of throwing.

use std::cell::RefCell;
use std::collections::BTreeMap;

/// Why storage could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageError {
    /// No storage, or the browser refuses it (site data blocked).
    Unavailable,
    /// The browser's quota for this site is used up.
    Full,
}

/// A string key-value store, such as `localStorage`.
pub trait Store {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    fn keys(&self) -> Result<Vec<String>, StorageError>;
}

/// The browser's `localStorage`, looked up on every call: a browser may
/// refuse it at any time, and reading `window.localStorage` itself throws
/// when site data is blocked.
#[derive(Clone, Copy, Default)]
pub struct LocalStorage;

#[cfg(target_arch = "wasm32")]
impl LocalStorage {
    fn storage() -> Result<web_sys::Storage, StorageError> {
        let window = web_sys::window().ok_or(StorageError::Unavailable)?;
        window
            .local_storage()
            .ok()
            .flatten()
            .ok_or(StorageError::Unavailable)
    }
}

#[cfg(target_arch = "wasm32")]
impl Store for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Self::storage()?
            .get_item(key)
            .map_err(|_| StorageError::Unavailable)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        Self::storage()?.set_item(key, value).map_err(|e| {
            use wasm_bindgen::JsCast;
            let name = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name()));
            match name.as_deref() {
                Some("QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED") => StorageError::Full,
                _ => StorageError::Unavailable,
            }
        })
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        Self::storage()?
            .remove_item(key)
            .map_err(|_| StorageError::Unavailable)
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        let storage = Self::storage()?;
        let length = storage.length().map_err(|_| StorageError::Unavailable)?;
        Ok((0..length)
            .filter_map(|i| storage.key(i).ok().flatten())
            .collect())
    }
}

/// Outside the browser there is no storage.
#[cfg(not(target_arch = "wasm32"))]
impl Store for LocalStorage {
    fn get(&self, _: &str) -> Result<Option<String>, StorageError> {
        Err(StorageError::Unavailable)
    }
    fn set(&self, _: &str, _: &str) -> Result<(), StorageError> {
        Err(StorageError::Unavailable)
    }
    fn remove(&self, _: &str) -> Result<(), StorageError> {
        Err(StorageError::Unavailable)
    }
    fn keys(&self) -> Result<Vec<String>, StorageError> {
        Err(StorageError::Unavailable)
    }
}

/// An in-memory store that can be told to fail like a browser does; for tests.
#[derive(Default)]
pub struct MemoryStore {
    pub items: RefCell<BTreeMap<String, String>>,
    /// Every call fails as if site data were blocked.
    pub blocked: bool,
    /// Total bytes of keys and values allowed, like a browser's quota.
    pub quota: Option<usize>,
}

impl MemoryStore {
    fn check(&self) -> Result<(), StorageError> {
        if self.blocked {
            Err(StorageError::Unavailable)
        } else {
            Ok(())
        }
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.check()?;
        Ok(self.items.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.check()?;
        let mut items = self.items.borrow_mut();
        if let Some(quota) = self.quota {
            let others: usize = items
                .iter()
                .filter(|(k, _)| *k != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > quota {
                return Err(StorageError::Full);
            }
        }
        items.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.check()?;
        self.items.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, StorageError> {
        self.check()?;
        Ok(self.items.borrow().keys().cloned().collect())
    }
}
