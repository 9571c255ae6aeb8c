//! Typed values read by hand from a [`Json`] tree, by the rules serde's
//! derive follows on the browser's parsed JSON (`parsed.rs`): a struct is an
//! object (an array is one without members, as the browser's reader finds
//! no named member in one), unknown members are ignored, a member without a
//! default must be there, a member with one takes it when missing, an
//! `Option` is `None` when missing or `null`, a `u32` is a whole number in
//! its range. Each reader is a plain function over the tree: the derived
//! readers of the API's answers, monomorphised over the browser's
//! deserializer, were the largest serde code in the first load.

use super::Json;

/// Reads one value; `None` when it is not one.
pub(crate) type Read<T> = fn(&Json) -> Option<T>;

/// The members of a value read as a struct.
pub(crate) struct Members<'a>(&'a [(String, Json)]);

/// `value`'s members when it can be read as a struct.
pub(crate) fn members(value: &Json) -> Option<Members<'_>> {
    match value {
        Json::Object(members) => Some(Members(members)),
        Json::Array(_) => Some(Members(&[])),
        _ => None,
    }
}

impl<'a> Members<'a> {
    pub(crate) fn get(&self, key: &str) -> Option<&'a Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A member without a default: missing, the struct is not one.
    pub(crate) fn required<T>(&self, key: &str, read: Read<T>) -> Option<T> {
        read(self.get(key)?)
    }

    /// A member with a default (`#[serde(default)]`), taken when it is missing.
    pub(crate) fn or<T>(&self, key: &str, read: Read<T>, default: T) -> Option<T> {
        match self.get(key) {
            Some(value) => read(value),
            None => Some(default),
        }
    }

    pub(crate) fn or_default<T: Default>(&self, key: &str, read: Read<T>) -> Option<T> {
        self.or(key, read, T::default())
    }

    /// An `Option` member: `None` when missing or `null`.
    pub(crate) fn optional<T>(&self, key: &str, read: Read<T>) -> Option<Option<T>> {
        match self.get(key) {
            None | Some(Json::Null) => Some(None),
            Some(value) => read(value).map(Some),
        }
    }
}

pub(crate) fn text(value: &Json) -> Option<String> {
    value.as_str().map(str::to_owned)
}

pub(crate) fn whole(value: &Json) -> Option<u32> {
    u32::try_from(value.as_u64()?).ok()
}

pub(crate) fn flag(value: &Json) -> Option<bool> {
    match value {
        Json::Bool(b) => Some(*b),
        _ => None,
    }
}

/// A list of which every item reads.
pub(crate) fn list<T>(value: &Json, item: Read<T>) -> Option<Vec<T>> {
    match value {
        Json::Array(items) => items.iter().map(item).collect(),
        _ => None,
    }
}

pub(crate) fn texts(value: &Json) -> Option<Vec<String>> {
    list(value, text)
}
