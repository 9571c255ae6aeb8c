//! A serde `Deserializer` over what the browser's `JSON.parse` returned.
//!
//! It reads values as serde-wasm-bindgen's deserializer does (same accepted
//! shapes, the same integer and missing-field rules; the browser tests
//! compare the two on random documents), with one difference: its error
//! carries no message. Every caller only asks whether a document has the
//! expected shape, and building messages ("invalid type: floating point
//! `1.5`, expected …") is what kept serde's error texts and Rust's float
//! printer in the first-load WebAssembly.

use js_sys::{Array, Number, Object, Reflect};
use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// The document does not have the shape asked for.
#[derive(Debug)]
pub(crate) struct Invalid;

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("not the expected JSON")
    }
}

impl std::error::Error for Invalid {}

impl de::Error for Invalid {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Invalid
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Invalid
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Invalid
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Invalid
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Invalid
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Invalid
    }
    fn missing_field(_: &'static str) -> Self {
        Invalid
    }
    fn duplicate_field(_: &'static str) -> Self {
        Invalid
    }
}

type Result<T> = std::result::Result<T, Invalid>;

/// One value of a parsed document (a missing one is `undefined`).
pub(crate) struct Parsed(pub(crate) JsValue);

impl Parsed {
    fn is_nullish(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    /// A number that is a safe integer (`Number.isSafeInteger`).
    fn safe_integer(&self) -> Option<i64> {
        Number::is_safe_integer(&self.0).then(|| self.0.as_f64().unwrap_or_default() as i64)
    }

    /// An array's elements; a JSON document holds no other iterable objects.
    fn elements(&self) -> Option<Array> {
        Array::is_array(&self.0).then(|| self.0.clone().unchecked_into())
    }

    fn entries(&self) -> Option<Array> {
        self.0.is_object().then(|| Object::entries(self.0.unchecked_ref()))
    }
}

/// `[key, value]` of an entry (what is not a pair gives `undefined`s).
fn pair(entry: JsValue) -> (Parsed, Parsed) {
    let entry: Array = entry.unchecked_into();
    (Parsed(entry.get(0)), Parsed(entry.get(1)))
}

struct Elements {
    items: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Elements {
    type Error = Invalid;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let item = self.items.get(self.next);
        self.next += 1;
        seed.deserialize(Parsed(item)).map(Some)
    }
}

/// Key and value pairs: an object's entries, or an array of pairs.
struct Entries {
    pairs: Elements,
    value: Option<Parsed>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Invalid;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.pairs.next >= self.pairs.items.length() {
            return Ok(None);
        }
        let (key, value) = pair(self.pairs.items.get(self.pairs.next));
        self.pairs.next += 1;
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(self.value.take().ok_or(Invalid)?)
    }
}

/// A struct's declared fields, in declaration order; others are not read.
struct Fields {
    object: JsValue,
    fields: std::slice::Iter<'static, &'static str>,
    value: Option<Parsed>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Invalid;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        for field in &mut self.fields {
            let key = JsValue::from_str(field);
            let value = Reflect::get(&self.object, &key).map_err(|_| Invalid)?;
            // `undefined` is a missing field unless the key is there (`in`).
            if !value.is_undefined() || Reflect::has(&self.object, &key).map_err(|_| Invalid)? {
                self.value = Some(Parsed(value));
                return seed.deserialize(de::value::BorrowedStrDeserializer::<Invalid>::new(field)).map(Some);
            }
        }
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(self.value.take().ok_or(Invalid)?)
    }
}

/// An enum as a variant name (`"Variant"`) or a one-entry object (`{"Variant": …}`).
struct Variant {
    tag: Parsed,
    payload: Parsed,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Invalid;
    type Variant = Parsed;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Parsed)> {
        Ok((seed.deserialize(self.tag)?, self.payload))
    }
}

impl<'de> de::VariantAccess<'de> for Parsed {
    type Error = Invalid;
    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

impl<'de> de::Deserializer<'de> for Parsed {
    type Error = Invalid;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.is_nullish() {
            visitor.visit_unit()
        } else if let Some(b) = self.0.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = self.0.as_f64() {
            match self.safe_integer() {
                Some(i) => visitor.visit_i64(i),
                None => visitor.visit_f64(n),
            }
        } else if let Some(s) = self.0.as_string() {
            visitor.visit_string(s)
        } else if self.elements().is_some() {
            self.deserialize_seq(visitor)
        } else if self.0.is_object() {
            self.deserialize_map(visitor)
        } else {
            Err(Invalid)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.is_nullish() { visitor.visit_unit() } else { Err(Invalid) }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(self.0.as_bool().ok_or(Invalid)?)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.0.as_f64().ok_or(Invalid)?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_string(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_string(self.0.as_string().ok_or(Invalid)?)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_string(visitor)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.0.as_string().ok_or(Invalid)?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(Invalid),
        }
    }
    // Every integer as a 64-bit one; serde's visitors check the range.
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.safe_integer().ok_or(Invalid)?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.safe_integer() {
            Some(i) if i >= 0 => visitor.visit_u64(i as u64),
            _ => Err(Invalid),
        }
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.is_nullish() { visitor.visit_none() } else { visitor.visit_some(self) }
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Elements { items: self.elements().ok_or(Invalid)?, next: 0 })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }
    /// An object's entries, or an array read as `[key, value]` pairs.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let items = self.elements().or_else(|| self.entries()).ok_or(Invalid)?;
        visitor.visit_map(Entries { pairs: Elements { items, next: 0 }, value: None })
    }
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        if !self.0.is_object() {
            return Err(Invalid);
        }
        visitor.visit_map(Fields { object: self.0, fields: fields.iter(), value: None })
    }
    fn deserialize_enum<V: Visitor<'de>>(self, _name: &'static str, _variants: &'static [&'static str], visitor: V) -> Result<V::Value> {
        let access = if self.0.is_string() {
            Variant { tag: self, payload: Parsed(JsValue::UNDEFINED) }
        } else {
            let entries = self.entries().ok_or(Invalid)?;
            if entries.length() != 1 {
                return Err(Invalid);
            }
            let (tag, payload) = pair(entries.get(0));
            Variant { tag, payload }
        };
        visitor.visit_enum(access)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
    fn deserialize_i128<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Invalid)
    }
    fn deserialize_u128<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(Invalid)
    }
}
