//! Reading the derive's packed texts (see `layout`). Each read walks the string from its
//! start: a variant's texts are short, and the hot path (rendering) reads the code and the
//! title, the second and third.

use super::layout::{self, END, role};
use super::{FieldMeta, FieldRole};

/// The text at `index`; empty when absent.
pub(super) fn text(texts: &'static str, index: usize) -> &'static str {
    texts.split(END).nth(index).unwrap_or_default()
}

/// The text at `index`, `None` when empty.
pub(super) fn optional(texts: &'static str, index: usize) -> Option<&'static str> {
    Some(text(texts, index)).filter(|text| !text.is_empty())
}

/// The fields' texts: what follows the variant's own.
pub(super) fn fields(texts: &'static str) -> &'static str {
    let mut rest = texts;
    for _ in 0..layout::VARIANT_TEXTS {
        rest = rest.split_once(END).map_or("", |(_, after)| after);
    }
    rest
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
