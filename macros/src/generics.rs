//! Where-clause inference: a bound is added only for a field whose type mentions one of the
//! type's generic parameters, and only for what the generated code needs from it.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Generics, Type};

/// The type parameters in scope, by name.
pub(crate) struct ParamsInScope(BTreeSet<String>);

impl ParamsInScope {
    pub(crate) fn new(generics: &Generics) -> Self {
        ParamsInScope(
            generics
                .type_params()
                .map(|param| param.ident.to_string())
                .collect(),
        )
    }

    /// Whether `ty` names a type parameter anywhere, for example `Vec<T>` or `T::Assoc`.
    pub(crate) fn intersects(&self, ty: &Type) -> bool {
        !self.0.is_empty() && mentions(ty.to_token_stream(), &self.0)
    }
}

fn mentions(tokens: TokenStream, params: &BTreeSet<String>) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.contains(&ident.to_string()),
        TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

/// Predicates to add to the impl's where clause, without repeats, in first-seen order.
#[derive(Default)]
pub(crate) struct InferredBounds {
    predicates: Vec<TokenStream>,
    seen: BTreeSet<String>,
}

impl InferredBounds {
    pub(crate) fn insert(&mut self, ty: &Type, bound: &TokenStream) {
        let predicate = quote!(#ty: #bound);
        if self.seen.insert(predicate.to_string()) {
            self.predicates.push(predicate);
        }
    }

    /// The user's predicates followed by the inferred ones, each followed by a comma.
    pub(crate) fn predicates(&self, generics: &Generics) -> TokenStream {
        let existing = generics
            .where_clause
            .iter()
            .flat_map(|clause| &clause.predicates);
        let inferred = &self.predicates;
        quote!(#(#existing,)* #(#inferred,)*)
    }

    /// `where` and [`predicates`](Self::predicates), or nothing when there are none.
    pub(crate) fn where_clause(&self, generics: &Generics) -> TokenStream {
        let predicates = self.predicates(generics);
        if predicates.is_empty() {
            TokenStream::new()
        } else {
            quote!(where #predicates)
        }
    }
}
