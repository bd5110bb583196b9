//! Reading the derive's packed texts (see `layout`): the first [`layout::HOT_TEXTS`], which
//! every render reads, by the offsets the derive wrote; the others, read by the catalog, the
//! client and OpenAPI, by walking the string from its start.

use super::layout::{self, END, role};
use super::{FieldMeta, FieldRole};

/// A derived variant's texts in the form of `layout`, and where each hot text ends.
#[derive(Clone, Copy)]
pub(crate) struct Packed {
    texts: &'static str,
    hot_ends: [usize; layout::HOT_TEXTS],
}

impl Packed {
    pub(crate) const fn new(texts: &'static str, hot_ends: [usize; layout::HOT_TEXTS]) -> Self {
        Packed { texts, hot_ends }
    }

    /// The text at `index`; empty when absent.
    pub(super) fn text(self, index: usize) -> &'static str {
        if index < layout::HOT_TEXTS {
            // A hot text starts after the END that follows the one before it.
            let start = match index.checked_sub(1) {
                Some(before) => self.hot_ends[before] + END.len_utf8(),
                None => 0,
            };
            return self
                .texts
                .get(start..self.hot_ends[index])
                .unwrap_or_default();
        }
        self.texts.split(END).nth(index).unwrap_or_default()
    }

    /// The text at `index`, `None` when empty.
    pub(super) fn optional(self, index: usize) -> Option<&'static str> {
        Some(self.text(index)).filter(|text| !text.is_empty())
    }

    /// The fields' texts: what follows the variant's own.
    pub(super) fn fields(self) -> &'static str {
        let mut rest = self.texts;
        for _ in 0..layout::VARIANT_TEXTS {
            rest = rest.split_once(END).map_or("", |(_, after)| after);
        }
        rest
    }
}

/// The next field of `rest`, which it leaves after that field's texts.
pub(super) fn next_field(rest: &mut &'static str) -> Option<FieldMeta> {
    if rest.is_empty() {
        return None;
    }
    let mut texts = [""; layout::FIELD_TEXTS];
    for text in &mut texts {
        let (first, after) = rest.split_once(END).unwrap_or((rest, ""));
        *text = first;
        *rest = after;
    }
    Some(FieldMeta {
        name: texts[layout::FIELD_NAME],
        wire_name: Some(texts[layout::FIELD_WIRE_NAME]).filter(|name| !name.is_empty()),
        type_name: texts[layout::FIELD_TYPE_NAME],
        description: texts[layout::FIELD_DESCRIPTION],
        role: field_role(texts[layout::FIELD_ROLE]),
    })
}

fn field_role(text: &'static str) -> FieldRole {
    let mut chars = text.chars();
    match chars.next() {
        Some(role::MEMBER) => FieldRole::Member,
        Some(role::SKIPPED) => FieldRole::Skipped,
        Some(role::HEADER) => FieldRole::Header(chars.as_str()),
        Some(role::HEADERS) => FieldRole::Headers,
        Some(role::VIOLATIONS) => FieldRole::Violations,
        Some(role::FLATTEN) => FieldRole::Flatten,
        Some(role::INTERNAL) => FieldRole::Internal,
        // The derive writes only the letters above; never sent is the safe reading of any other.
        _ => {
            debug_assert!(false, "no field role is written as {text:?}");
            FieldRole::Internal
        }
    }
}
