//! Header fields read back: the inverse of `headers::ToHeaderValue` and `WriteHeaders`.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue};

use crate::headers::RateLimit;

/// A `header` field's type, read back from the header's value (`None` when it is absent).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read back from a header value",
    note = "clients read #[api(header = \"...\")] fields of integers, `String`, `Duration`, `SystemTime`, `HeaderValue`, or an `Option` of one"
)]
pub trait FromHeaderValue: Sized {
    /// The value, or `None` when the header is absent or does not parse.
    fn from_header_value(value: Option<&HeaderValue>) -> Option<Self>;
}

macro_rules! parsed {
    ($($ty:ty),*) => {$(
        impl FromHeaderValue for $ty {
            fn from_header_value(value: Option<&HeaderValue>) -> Option<Self> {
                value?.to_str().ok()?.trim().parse().ok()
            }
        }
    )*};
}

parsed!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, String);

impl FromHeaderValue for HeaderValue {
    fn from_header_value(value: Option<&HeaderValue>) -> Option<Self> {
        value.cloned()
    }
}

/// Delay-seconds.
impl FromHeaderValue for Duration {
    fn from_header_value(value: Option<&HeaderValue>) -> Option<Self> {
        u64::from_header_value(value).map(Duration::from_secs)
    }
}

/// An HTTP-date.
impl FromHeaderValue for SystemTime {
    fn from_header_value(value: Option<&HeaderValue>) -> Option<Self> {
        httpdate::parse_http_date(value?.to_str().ok()?).ok()
    }
}

/// `None` when the header is absent; a present header must parse.
impl<T: FromHeaderValue> FromHeaderValue for Option<T> {
    fn from_header_value(value: Option<&HeaderValue>) -> Option<Self> {
        match value {
            None => Some(None),
            Some(_) => T::from_header_value(value).map(Some),
        }
    }
}

/// A `headers` field's type, read back from the response headers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read back from response headers",
    note = "clients read #[api(headers)] fields of `apifault::RateLimit`, `http::HeaderMap`, or an `Option` of one"
)]
pub trait FromHeaders: Sized {
    /// The value, or `None` when the headers do not carry it.
    fn from_headers(headers: &HeaderMap) -> Option<Self>;
}

/// From `X-RateLimit-Limit`, `-Remaining`, `-Reset` and `Retry-After`, and the IETF
/// `RateLimit-Policy` (`"name";q=...;w=...`) when present.
impl FromHeaders for RateLimit {
    fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let number = |name: &str| u64::from_header_value(headers.get(name));
        let mut limit = RateLimit::new(
            number("x-ratelimit-limit")?,
            number("x-ratelimit-remaining")?,
            number("x-ratelimit-reset")?,
        );
        if let Some(seconds) = number("retry-after") {
            limit = limit.with_retry_after(seconds);
        }
        if let Some(policy) = headers
            .get("ratelimit-policy")
            .and_then(|value| value.to_str().ok())
        {
            let mut parts = policy.split(';');
            let name = parts.next()?.trim().trim_matches('"').to_owned();
            let window = parts
                .find_map(|part| part.trim().strip_prefix("w="))?
                .parse()
                .ok()?;
            limit = limit.with_ietf_policy(name, window);
        }
        Some(limit)
    }
}

impl FromHeaders for HeaderMap {
    fn from_headers(headers: &HeaderMap) -> Option<Self> {
        Some(headers.clone())
    }
}

/// `None` when the headers do not carry the value.
impl<T: FromHeaders> FromHeaders for Option<T> {
    fn from_headers(headers: &HeaderMap) -> Option<Self> {
        Some(T::from_headers(headers))
    }
}
