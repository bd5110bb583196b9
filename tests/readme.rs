//! The README's Rust examples, compiled and run as doctests.

#[doc = include_str!("../README.md")]
#[allow(
    clippy::doc_markdown,
    reason = "README prose names products such as OpenAPI, not items"
)]
mod readme {}
