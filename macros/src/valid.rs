//! Phase 3: rules across keys, fields and variants. One function per rule, each error on the
//! token the user has to change.

use std::collections::HashMap;

use crate::ast::{Field, Input, Role, Variant, VariantKind, is_server_error};
use crate::attr::KeyName;
use crate::ctxt::Ctxt;

pub(crate) fn check(cx: &Ctxt, input: &Input) {
    for variant in &input.variants {
        if variant.is_transparent() {
            check_transparent(cx, variant);
        } else {
            check_status(cx, input, variant);
            check_redaction(cx, variant);
            check_wire_names(cx, variant);
            check_reserved_names(cx, input, variant);
            check_single_violations(cx, variant);
        }
    }
    check_unique_codes(cx, input);
}

/// `#[api(transparent)]` takes everything from its one field, so it stands alone:
/// `#[api(transparent)] Auth(AuthError)`.
fn check_transparent(cx: &Ctxt, variant: &Variant) {
    let VariantKind::Transparent { span } = variant.kind else {
        return;
    };
    if variant.fields.len() != 1 {
        cx.error_at(
            span,
            format!(
                "#[api(transparent)] needs exactly one field, the inner error, but `{}` has {}; write `{}(InnerError)`",
                variant.name,
                variant.fields.len(),
                variant.name,
            ),
        );
    }
    // Keys of the whole type (a transparent struct carries them), and `no_decode`.
    let compatible = [
        KeyName::Transparent,
        KeyName::NoDecode,
        KeyName::Format,
        KeyName::RenameAll,
        KeyName::CodeCase,
        KeyName::TypeBase,
        KeyName::Display,
    ];
    for (key, key_span) in &variant.keys {
        if !compatible.contains(key) {
            cx.error_at(
                *key_span,
                format!("`{key}` cannot be combined with `transparent`: a transparent variant takes its status, code and message from the inner error; remove `{key}`"),
            );
        }
    }
    for field in &variant.fields {
        for (key, key_span) in &field.keys {
            cx.error_at(
                *key_span,
                format!("`{key}` has no effect on the field of a transparent variant, which delegates everything to it; remove it"),
            );
        }
    }
}

/// Every variant has a status: `#[api(status = 404)]`, or a default on the enum.
fn check_status(cx: &Ctxt, input: &Input, variant: &Variant) {
    if variant.status.is_none() && !variant.attrs_rejected {
        let fix = if input.is_enum {
            "add `status = 400` (or another 4xx/5xx) to its #[api(...)], or a default #[api(status = ...)] on the enum"
        } else {
            "add #[api(status = 400)] (or another 4xx/5xx) to the struct"
        };
        cx.error_at(
            variant.ident.span(),
            format!("`{}` has no status; {fix}", variant.name),
        );
    }
}

/// A 5xx response shows field values only with `expose`, so nothing internal reaches clients
/// by accident: its message interpolates only exposed fields. `expose` on a 4xx says
/// something untrue, and on a field of an exposed variant nothing at all.
fn check_redaction(cx: &Ctxt, variant: &Variant) {
    let Some(status) = variant.status else { return };
    if !is_server_error(status) {
        if let Some(span) = variant.expose {
            cx.error_at(
                span,
                format!("`expose` is only for 5xx variants, whose fields and messages are internal by default; `{}` has status {status}, so remove `expose`", variant.name),
            );
        }
        for field in &variant.fields {
            if let Some(span) = field.expose {
                cx.error_at(
                    span,
                    format!("`expose` is only for fields of 5xx variants, which are internal by default; `{}` has status {status}, so `{}` is sent anyway: remove `expose`", variant.name, field.name),
                );
            }
        }
        return;
    }
    if variant.expose.is_some() {
        for field in &variant.fields {
            if let Some(span) = field.expose {
                cx.error_at(
                    span,
                    format!("`{}` is marked `expose` already, which sends every field; remove `expose` from `{}`", variant.name, field.name),
                );
            }
        }
        return;
    }
    let Some(message) = &variant.message else {
        return;
    };
    let mut hidden: Vec<&Field> = Vec::new();
    for used in &message.uses {
        let field = &variant.fields[used.field];
        if field.expose.is_none() && !hidden.iter().any(|seen| std::ptr::eq(*seen, field)) {
            hidden.push(field);
        }
    }
    if hidden.is_empty() {
        return;
    }
    let names: Vec<String> = hidden
        .iter()
        .map(|field| format!("`{}`", field.name))
        .collect();
    let internal = hidden.iter().any(|field| field.role.is_internal());
    cx.error_at(
        message.template.span(),
        format!(
            "a {} response must not show internal detail, but this message interpolates {}{}; write a fixed message, or add `expose` to the variant's #[api(...)] (or to the field's) if the value is safe for clients",
            status,
            names.join(", "),
            if internal { ", an internal source field" } else { "" },
        ),
    );
}

/// Two fields of one variant cannot share a member name in the error object.
fn check_wire_names(cx: &Ctxt, variant: &Variant) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for field in &variant.fields {
        let Some(wire_name) = &field.wire_name else {
            continue;
        };
        if let Some(first) = seen.insert(wire_name, &field.name) {
            cx.error_at(
                field.wire_name_span,
                format!("fields `{first}` and `{}` both serialize as `{wire_name}`; give one of them #[api(rename = \"...\")]", field.name),
            );
        }
    }
}

/// An extra field cannot take the name of a member the enum's format writes itself: with
/// `format = "problem"`, a field `status` would give the body two `status` members.
fn check_reserved_names(cx: &Ctxt, input: &Input, variant: &Variant) {
    let format = input.container.format;
    let has_violations = variant
        .fields
        .iter()
        .any(|field| field.role == Role::Violations);
    // A violation's own members matter only where the variant's objects carry violations.
    let violation_members = if has_violations {
        format.violation_members
    } else {
        &[]
    };
    let reserved = || format.members.iter().chain(violation_members);
    for field in &variant.fields {
        let Some(wire_name) = &field.wire_name else {
            continue;
        };
        if reserved().any(|member| member == wire_name) {
            cx.error_at(
                field.wire_name_span,
                format!("the `{}` format writes its own `{wire_name}` member, so this field would repeat it; give the field another wire name with #[api(rename = \"...\")]", format.name),
            );
        }
    }
}

/// A variant's violations live in one list.
fn check_single_violations(cx: &Ctxt, variant: &Variant) {
    let mut violations = variant
        .fields
        .iter()
        .filter(|field| field.role == Role::Violations);
    violations.next();
    for extra in violations {
        cx.error_at(
            extra.span(),
            format!("`{}` has more than one #[api(violations)] field; gather the violations into one list", variant.name),
        );
    }
}

/// A code names one variant: clients dispatch on it. Both places are pointed at.
fn check_unique_codes(cx: &Ctxt, input: &Input) {
    let mut seen: HashMap<&str, &Variant> = HashMap::new();
    for variant in input.own_variants() {
        if let Some(first) = seen.insert(&variant.code, variant) {
            cx.error_at(
                variant.code_span,
                format!(
                    "duplicate code `{}`: variant `{}` already uses it; codes must be unique, so give this variant its own `code = \"...\"`",
                    variant.code, first.name
                ),
            );
            cx.error_at(
                first.code_span,
                format!(
                    "code `{}` is used here too, by variant `{}`",
                    variant.code, variant.name
                ),
            );
            // Report a code used three times once per repeat, against the first use.
            seen.insert(&first.code, first);
        }
    }
}
