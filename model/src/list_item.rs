//! A list item's two JSON shapes: `[Span]` (version 1, and any item without
//! a list inside) and `{"spans": [Span], "list": List}` (version 2).
//!
//! Written by hand rather than with `#[serde(untagged)]`, which buffers
//! every item before trying each shape: that costs the app's wasm far more
//! than these two small visitors.

use crate::{List, ListItem, Span};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

impl Serialize for ListItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.list {
            None => self.spans.serialize(serializer),
            Some(list) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("spans", &self.spans)?;
                map.serialize_entry("list", list)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = ListItem;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list item: [Span] or {\"spans\", \"list\"}")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ListItem, A::Error> {
        let mut spans = Vec::new();
        while let Some(span) = seq.next_element::<Span>()? {
            spans.push(span);
        }
        Ok(ListItem { spans, list: None })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListItem, A::Error> {
        let mut spans = None;
        let mut list = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "spans" => spans = Some(map.next_value::<Vec<Span>>()?),
                "list" => list = Some(map.next_value::<List>()?),
                // Unknown fields are ignored, as everywhere in the format.
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(ListItem {
            spans: spans.ok_or_else(|| de::Error::missing_field("spans"))?,
            list,
        })
    }
}
