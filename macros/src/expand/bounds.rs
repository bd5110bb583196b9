//! Bounds for generic fields, inferred as serde and thiserror infer theirs.

use quote::{format_ident, quote};

use crate::ast::{Input, Role};
use crate::generics::{InferredBounds, ParamsInScope};
use crate::names::private;

/// Bounds for generic fields: what each wire role needs (`Serialize` for members, ...), the
/// formatting trait of each placeholder, `ApiError` for the field of a transparent variant.
pub(super) fn infer_bounds(input: &Input) -> InferredBounds {
    let private = private();
    let params = ParamsInScope::new(input.generics);
    let mut bounds = InferredBounds::default();
    for variant in &input.variants {
        if let Some(inner) = variant.inner() {
            let ty = inner.ty;
            if params.intersects(ty) {
                bounds.insert(ty, &quote!(#private::ApiError));
            }
            continue;
        }
        for field in &variant.fields {
            if !params.intersects(field.ty) {
                continue;
            }
            let bound = match field.role {
                Role::Member | Role::Flatten => quote!(#private::Serialize),
                Role::Header(_) => quote!(#private::ToHeaderValue),
                Role::Headers => quote!(#private::WriteHeaders),
                Role::Violations => quote!(#private::ViolationList),
                Role::Skipped | Role::Internal | Role::Redacted => continue,
            };
            bounds.insert(field.ty, &bound);
        }
        if input.container.display {
            for field in variant
                .fields
                .iter()
                .filter(|f| f.is_source && params.intersects(f.ty))
            {
                bounds.insert(field.ty, &quote!(#private::Error + 'static));
            }
        }
        for used in variant.message.iter().flat_map(|m| &m.uses) {
            let ty = variant.fields[used.field].ty;
            if let (Some(bound), true) = (used.bound, params.intersects(ty)) {
                let bound = format_ident!("{}", bound.name());
                bounds.insert(ty, &quote!(::core::fmt::#bound));
            }
        }
    }
    bounds
}
