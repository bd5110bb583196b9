//! One description per built-in format: its name, its `Content-Type`, the members it writes.
//!
//! The runtime and the derive both read this file (the macro crate links it in as
//! `macros/src/builtin.rs`, the way serde's derive shares its internals), so a format is
//! described once: the derive's `format = "..."`, its check that an extra field does not repeat
//! a member the format writes, the client's decoder (which members are the format's own and
//! which are the error's extra fields), `BuiltinFormat::name` and `content_type`, and the tests
//! that every member a format renders is declared here. It uses nothing but `core`.
//!
//! Adding a format is its description here, a `BuiltinFormat` variant at the same position
//! in `ALL`, and what is particular to its shape: its renderer (`format/<name>.rs`), its
//! reading in the client (`client/parse.rs`) and its JSON Schema (`integrations/utoipa`). The
//! compiler points at each `match` on `BuiltinFormat` that needs the new arm.

/// What one built-in format is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Description {
    /// The name `#[api(format = "...")]` takes.
    pub name: &'static str,
    /// The runtime's `BuiltinFormat` variant, as the derive writes it.
    pub variant: &'static str,
    /// The `Content-Type` of its bodies.
    pub content_type: &'static str,
    /// The members it writes into an error object (problem+json: the top-level object), which
    /// an extra field may not repeat.
    pub members: &'static [&'static str],
    /// The members it also writes into the object of a violation, when a variant has some and
    /// writes one error object per violation.
    pub violation_members: &'static [&'static str],
    /// Whether every body names the error's code, so that bodies of different codes exclude
    /// each other (OpenAPI's `oneOf`); problem+json's do when each variant has a type URI.
    pub names_code: bool,
}

pub(crate) const JSON: &str = "application/json";
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// commercetools' `{"statusCode","message","errors":[{"code","message",...}]}`.
pub(crate) const ERRORS: Description = Description {
    name: "errors",
    variant: "Errors",
    content_type: JSON,
    members: &["code", "message"],
    violation_members: &["field"],
    names_code: true,
};

/// RFC 9457 problem+json as Kong Konnect profiles it.
pub(crate) const PROBLEM: Description = Description {
    name: "problem",
    variant: "Problem",
    content_type: PROBLEM_JSON,
    members: &[
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "request_id",
        "invalid_parameters",
        "errors",
    ],
    violation_members: &[],
    names_code: false,
};

/// KonPro's `{"error":{"code","message","details"},"request_id"}`.
pub(crate) const ENVELOPE: Description = Description {
    name: "envelope",
    variant: "Envelope",
    content_type: JSON,
    members: &["code", "message", "details"],
    violation_members: &[],
    names_code: true,
};

/// FastAPI's `{"detail": ...}`: a string, or Pydantic's list of problems. Extra fields have no
/// object to go into, so it reserves nothing.
pub(crate) const DETAIL: Description = Description {
    name: "detail",
    variant: "Detail",
    content_type: JSON,
    members: &[],
    violation_members: &[],
    names_code: false,
};

/// Every built-in format, in `BuiltinFormat`'s order (`BuiltinFormat::description` indexes it
/// by variant, and a test checks that the two agree).
pub(crate) const ALL: [Description; 4] = [ERRORS, PROBLEM, ENVELOPE, DETAIL];
