//! What the derived `Decode::from_wire` reads: one error as found on the wire. Reached by
//! generated code through `__private::client`, not part of the public API.

use http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{FromHeaderValue, FromHeaders};
use crate::catalog::VariantMeta;
use crate::violation::Violation;

/// One error as found on the wire, for the derived `from_wire`.
#[derive(Debug)]
pub struct Wire<'a> {
    pub(super) meta: &'static VariantMeta,
    pub(super) members: &'a Map<String, Value>,
    pub(super) violations: &'a [Violation],
    pub(super) headers: &'a HeaderMap,
}

impl Wire<'_> {
    /// Whether the error is the variant `meta` describes.
    #[must_use]
    pub fn is(&self, meta: &'static VariantMeta) -> bool {
        core::ptr::eq(self.meta, meta)
    }

    /// A member; a missing one reads as `null` (so an `Option` is `None`).
    #[must_use]
    pub fn member<T: DeserializeOwned>(&self, wire_name: &str) -> Option<T> {
        let value = self.members.get(wire_name).unwrap_or(&Value::Null);
        T::deserialize(value).ok()
    }

    /// The members of a `flatten` field: all members, as one object.
    #[must_use]
    pub fn flatten<T: DeserializeOwned>(&self) -> Option<T> {
        T::deserialize(Value::Object(self.members.clone())).ok()
    }

    /// A `header` field.
    #[must_use]
    pub fn header<T: FromHeaderValue>(&self, name: &str) -> Option<T> {
        T::from_header_value(self.headers.get(name))
    }

    /// A `headers` field.
    #[must_use]
    pub fn headers<T: FromHeaders>(&self) -> Option<T> {
        T::from_headers(self.headers)
    }

    /// The `violations` field.
    #[must_use]
    pub fn violations<T: From<Vec<Violation>>>(&self) -> T {
        T::from(self.violations.to_vec())
    }
}

/// A field that never travels: its type's default.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no default, so clients cannot decode this variant",
    label = "this field is not sent, so a client must make it up",
    note = "add #[api(no_decode)] to the variant (clients then see it as an `UnknownError`), or implement `Default` for `{Self}`"
)]
pub trait NotSent: Sized {
    /// The value a client gives the field.
    fn not_sent() -> Self;
}

impl<T: Default> NotSent for T {
    fn not_sent() -> Self {
        T::default()
    }
}
