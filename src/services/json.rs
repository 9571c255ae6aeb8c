//! JSON in and out of the app. In the browser it is the browser's own
//! `JSON`, read by [`parsed`] (a deserializer without error messages) and
//! written with serde-wasm-bindgen: serde_json's parser and printer would
//! add ~30 KB brotli to the first load. Natively (the storage tests) it is
//! serde_json, the same split as the pattern matchers.
//!
//! [`Json`] is a plain JSON tree for the few places that must look at a
//! document before trusting its shape (a stored draft of unknown age).

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[cfg(target_arch = "wasm32")]
mod parsed;
pub(crate) mod read;

/// Parses `text` into `T`; `None` when it is not JSON or not a `T`.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).ok()?;
        T::deserialize(parsed::Parsed(value)).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).ok()
    }
}

/// `value` as JSON text; `None` only for values JSON cannot hold.
pub(crate) fn to_string<T: Serialize>(value: &T) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
        js_sys::JSON::stringify(&value).ok()?.as_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::to_string(value).ok()
    }
}

/// Converts between shapes by way of JSON text (a [`Json`] tree into a typed value).
pub(crate) fn convert<T: DeserializeOwned>(value: &impl Serialize) -> Option<T> {
    from_str(&to_string(value)?)
}

/// Nesting deeper than this is refused rather than recursed into: a stored
/// document is untrusted, and the stack is small.
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum Json {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// In document order.
    Object(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key` in an object (replacing its value); does nothing to other values.
    pub(crate) fn set(&mut self, key: &str, value: Json) {
        if let Json::Object(members) = self {
            match members.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => members.push((key.to_owned(), value)),
            }
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// A whole, non-negative number.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match *self {
            Json::Number(n) if n >= 0.0 => whole(n).map(|i| i as u64),
            _ => None,
        }
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }
}

/// A number as JSON writes it (`7`, `0.5`), by the platform's own printer.
pub(crate) fn number_text(n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        match whole(n) {
            Some(i) => i.to_string(),
            None => n.to_string(),
        }
    }
}

/// `n` as an integer when it is one JSON can carry exactly.
fn whole(n: f64) -> Option<i64> {
    (n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0).then_some(n as i64)
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            // Whole numbers as integers, so `3` stays `3` and reads back into a `u32`.
            Json::Number(n) => match whole(*n) {
                Some(i) => serializer.serialize_i64(i),
                None => serializer.serialize_f64(*n),
            },
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        AtDepth(0).deserialize(deserializer)
    }
}

/// Reads one value at a nesting depth, refusing to go past [`MAX_DEPTH`].
#[derive(Clone, Copy)]
struct AtDepth(usize);

impl<'de> DeserializeSeed<'de> for AtDepth {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AtDepth {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        self.deserialize(deserializer)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n as f64))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::Number(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let inner = self.inner()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let inner = self.inner()?;
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(inner)?;
            members.push((key, value));
        }
        Ok(Json::Object(members))
    }
}

impl AtDepth {
    fn inner<E: de::Error>(self) -> Result<AtDepth, E> {
        if self.0 >= MAX_DEPTH { Err(E::custom("nested too deeply")) } else { Ok(AtDepth(self.0 + 1)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_reads_and_writes_back() {
        let text = r#"{"a":[1,2.5,"x",true,null],"b":{"c":"d"}}"#;
        let tree: Json = from_str(text).unwrap();
        assert_eq!(tree.get("b").and_then(|b| b.get("c")).and_then(Json::as_str), Some("d"));
        assert_eq!(to_string(&tree).unwrap(), text);
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(from_str::<Json>(&deep), None);
        let fine = format!("{}{}", "[".repeat(30), "]".repeat(30));
        assert!(from_str::<Json>(&fine).is_some());
    }

    #[test]
    fn numbers_are_written_as_json_writes_them() {
        assert_eq!(number_text(7.0), "7");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(Json::Number(3.0).as_u64(), Some(3));
        assert_eq!(Json::Number(3.5).as_u64(), None);
        assert_eq!(Json::Number(-1.0).as_u64(), None);
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;
