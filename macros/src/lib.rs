//! Implementation detail of the [`apifault`](https://docs.rs/apifault) crate: the
//! `#[derive(ApiError)]` macro. Its documentation lives there.
//!
//! The expansion runs in phases, one file each: `attr` parses the `#[api(...)]` keys, `ast`
//! builds the model, `fmt` checks and rewrites message templates, `valid` applies the rules
//! across variants, `expand` writes the impls (a folder, one file per concern; `localize`
//! those of `#[api(locales = "...")]`); on any error,
//! `fallback` emits the errors and stub impls. `names` holds the names and span rules of the
//! locals generated code binds.

mod ast;
mod attr;
mod builtin;
mod case;
mod ctxt;
mod expand;
mod fallback;
mod fmt;
mod generics;
mod layout;
mod localize;
mod names;
mod suggest;
mod valid;

use proc_macro::TokenStream;

/// Derives `apifault::ApiError` from `#[api(...)]` attributes. See the `apifault` crate.
#[proc_macro_derive(ApiError, attributes(api))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    expand::derive(input.into()).into()
}
