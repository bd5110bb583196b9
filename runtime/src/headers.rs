//! Response headers from error fields: `#[api(header = "Retry-After")]` fields
//! ([`ToHeaderValue`]), `#[api(headers)]` fields ([`WriteHeaders`]) such as [`RateLimit`].
//!
//! Every value is checked before it is written: only visible ASCII, spaces and tabs pass, so a
//! CR or LF from user data can never split a response. A bad value is never sent; the caller
//! gets a [`HeaderError`] instead.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{Entry, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};

/// A header value that cannot be sent, and the header it was meant for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderError {
    name: HeaderName,
    reason: InvalidHeaderValue,
}

impl HeaderError {
    /// An error about the value of header `name`.
    #[must_use]
    pub fn new(name: HeaderName, reason: InvalidHeaderValue) -> Self {
        HeaderError { name, reason }
    }

    /// The header whose value was rejected.
    #[must_use]
    pub fn name(&self) -> &HeaderName {
        &self.name
    }

    /// Why it was rejected.
    #[must_use]
    pub fn reason(&self) -> &InvalidHeaderValue {
        &self.reason
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid value for header `{}`: {}",
            self.name, self.reason
        )
    }
}

impl std::error::Error for HeaderError {}

/// Why a value cannot be a header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidHeaderValue {
    reason: Cow<'static, str>,
}

impl InvalidHeaderValue {
    /// A rejection with this explanation.
    pub fn new(reason: impl Into<Cow<'static, str>>) -> Self {
        InvalidHeaderValue {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for InvalidHeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for InvalidHeaderValue {}

/// `text` as a header value, if every byte is visible ASCII, a space or a tab.
///
/// # Errors
///
/// Names the first byte that is not allowed (CR, LF, other control characters, non-ASCII).
///
/// # Examples
///
/// ```
/// use apifault::headers::checked_value;
///
/// assert_eq!(checked_value("42").unwrap(), "42");
/// assert!(checked_value("42\r\nSet-Cookie: x=1").is_err());
/// ```
pub fn checked_value(text: &str) -> Result<HeaderValue, InvalidHeaderValue> {
    check_bytes(text.as_bytes())?;
    HeaderValue::from_str(text).map_err(|_| InvalidHeaderValue::new("not a valid header value"))
}

fn check_bytes(bytes: &[u8]) -> Result<(), InvalidHeaderValue> {
    match bytes
        .iter()
        .position(|&b| !(b == b'\t' || (b' '..=b'~').contains(&b)))
    {
        None => Ok(()),
        Some(at) => Err(InvalidHeaderValue::new(format!(
            "byte 0x{:02x} at position {at} is not visible ASCII (CR, LF and other control characters are never written)",
            bytes[at]
        ))),
    }
}

/// A value that can be sent as one response header: the type of a
/// `#[api(header = "...")]` field.
///
/// Integers are written in decimal, [`Duration`] as delay-seconds (rounded up), [`SystemTime`]
/// as an HTTP-date (1970 to 9999), strings after the visible-ASCII check; `None` sends no
/// header.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written as a header value",
    label = "not a header value",
    note = "#[api(header = \"...\")] takes integers, `&str`, `String`, `Duration` (delay-seconds), `SystemTime` (HTTP-date), `HeaderValue`, or an `Option` of one",
    note = "for another type, implement `apifault::headers::ToHeaderValue`"
)]
pub trait ToHeaderValue {
    /// The header value, or `None` to send no header.
    ///
    /// # Errors
    ///
    /// When the value cannot be sent, for example because it holds a control character.
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue>;
}

macro_rules! integer_header_values {
    ($($int:ty),*) => {$(
        impl ToHeaderValue for $int {
            fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
                Ok(Some(HeaderValue::from(*self)))
            }
        }
    )*};
}

integer_header_values!(u16, u32, u64, usize, i16, i32, i64, isize);

impl ToHeaderValue for u8 {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        Ok(Some(HeaderValue::from(u16::from(*self))))
    }
}

impl ToHeaderValue for str {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        checked_value(self).map(Some)
    }
}

impl ToHeaderValue for String {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        checked_value(self).map(Some)
    }
}

impl ToHeaderValue for Cow<'_, str> {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        checked_value(self).map(Some)
    }
}

impl ToHeaderValue for HeaderValue {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        check_bytes(self.as_bytes())?;
        Ok(Some(self.clone()))
    }
}

/// Delay-seconds (RFC 9110 section 10.2.3), rounded up so a client never retries early (and
/// at most `u64::MAX`).
impl ToHeaderValue for Duration {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        let seconds = self
            .as_secs()
            .saturating_add(u64::from(self.subsec_nanos() > 0));
        Ok(Some(HeaderValue::from(seconds)))
    }
}

/// An HTTP-date (IMF-fixdate), such as `Sun, 06 Nov 1994 08:49:37 GMT`. A time before 1970 or
/// after 9999 (an HTTP-date's year has four digits) is refused.
impl ToHeaderValue for SystemTime {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        /// 10000-01-01T00:00:00Z, in seconds since the Unix epoch.
        const YEAR_10000: u64 = 253_402_300_800;
        match self.duration_since(UNIX_EPOCH) {
            // `httpdate` panics outside these bounds.
            Ok(since) if since.as_secs() < YEAR_10000 => {
                checked_value(&httpdate::fmt_http_date(*self)).map(Some)
            }
            _ => Err(InvalidHeaderValue::new(
                "an HTTP-date can only express times from 1970 to 9999",
            )),
        }
    }
}

impl<T: ToHeaderValue> ToHeaderValue for Option<T> {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        match self {
            Some(value) => value.to_header_value(),
            None => Ok(None),
        }
    }
}

impl<T: ToHeaderValue + ?Sized> ToHeaderValue for &T {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        (**self).to_header_value()
    }
}

impl<T: ToHeaderValue + ?Sized> ToHeaderValue for Box<T> {
    fn to_header_value(&self) -> Result<Option<HeaderValue>, InvalidHeaderValue> {
        (**self).to_header_value()
    }
}

/// A value that contributes several response headers: the type of a `#[api(headers)]` field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot write response headers",
    label = "not a set of headers",
    note = "#[api(headers)] takes `apifault::RateLimit`, an `http::HeaderMap`, or an `Option` of one; implement `apifault::headers::WriteHeaders` for other types"
)]
pub trait WriteHeaders {
    /// Adds this value's headers to `headers`. A header already present is kept: the first
    /// error of a response to set a header decides its value.
    ///
    /// # Errors
    ///
    /// When a value cannot be sent.
    fn write_headers(&self, headers: &mut HeaderMap) -> Result<(), HeaderError>;
}

/// Sets `name` unless it is already set (the first error to set a header wins).
///
/// # Errors
///
/// When `value` cannot be sent.
pub fn set_header<T: ToHeaderValue + ?Sized>(
    headers: &mut HeaderMap,
    name: HeaderName,
    value: &T,
) -> Result<(), HeaderError> {
    let value = match value.to_header_value() {
        Ok(Some(value)) => value,
        Ok(None) => return Ok(()),
        Err(reason) => return Err(HeaderError::new(name, reason)),
    };
    if let Entry::Vacant(entry) = headers.entry(name) {
        entry.insert(value);
    }
    Ok(())
}

impl WriteHeaders for HeaderMap {
    fn write_headers(&self, headers: &mut HeaderMap) -> Result<(), HeaderError> {
        for (name, value) in self {
            set_header(headers, name.clone(), value)?;
        }
        Ok(())
    }
}

impl<T: WriteHeaders> WriteHeaders for Option<T> {
    fn write_headers(&self, headers: &mut HeaderMap) -> Result<(), HeaderError> {
        match self {
            Some(value) => value.write_headers(headers),
            None => Ok(()),
        }
    }
}

impl<T: WriteHeaders + ?Sized> WriteHeaders for &T {
    fn write_headers(&self, headers: &mut HeaderMap) -> Result<(), HeaderError> {
        (**self).write_headers(headers)
    }
}

/// The state of a rate limit, written as `Retry-After` and `X-RateLimit-Limit`,
/// `X-RateLimit-Remaining`, `X-RateLimit-Reset` (Unix seconds), and optionally the IETF
/// `RateLimit` and `RateLimit-Policy` fields.
///
/// # Examples
///
/// ```
/// use apifault::headers::WriteHeaders;
/// use apifault::RateLimit;
/// use http::HeaderMap;
///
/// let limit = RateLimit::new(100, 0, 1_741_910_460).with_retry_after(42);
/// let mut headers = HeaderMap::new();
/// limit.write_headers(&mut headers).unwrap();
/// assert_eq!(headers["retry-after"], "42");
/// assert_eq!(headers["x-ratelimit-limit"], "100");
/// assert_eq!(headers["x-ratelimit-remaining"], "0");
/// assert_eq!(headers["x-ratelimit-reset"], "1741910460");
///
/// let mut headers = HeaderMap::new();
/// RateLimit::new(100, 0, 1_741_910_460)
///     .with_retry_after(42)
///     .with_ietf_policy("default", 60)
///     .write_headers(&mut headers)
///     .unwrap();
/// assert_eq!(headers["ratelimit-policy"], "\"default\";q=100;w=60");
/// assert_eq!(headers["ratelimit"], "\"default\";r=0;t=42");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    limit: u64,
    remaining: u64,
    reset: u64,
    retry_after: Option<u64>,
    ietf_policy: Option<IetfPolicy>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct IetfPolicy {
    name: Cow<'static, str>,
    window: u64,
}

impl RateLimit {
    /// `limit` requests per window, `remaining` of them left, the window resetting at `reset`
    /// (Unix seconds).
    #[must_use]
    pub fn new(limit: u64, remaining: u64, reset: u64) -> Self {
        RateLimit {
            limit,
            remaining,
            reset,
            retry_after: None,
            ietf_policy: None,
        }
    }

    /// Also send `Retry-After` with this many seconds.
    #[must_use]
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Also send the IETF `RateLimit-Policy: "name";q=limit;w=window` and
    /// `RateLimit: "name";r=remaining;t=seconds-to-reset` fields
    /// (draft-ietf-httpapi-ratelimit-headers).
    #[must_use]
    pub fn with_ietf_policy(
        mut self,
        name: impl Into<Cow<'static, str>>,
        window_seconds: u64,
    ) -> Self {
        self.ietf_policy = Some(IetfPolicy {
            name: name.into(),
            window: window_seconds,
        });
        self
    }

    /// The number of requests per window.
    #[must_use]
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The requests left in this window.
    #[must_use]
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// When the window resets, in Unix seconds.
    #[must_use]
    pub fn reset(&self) -> u64 {
        self.reset
    }

    /// The seconds to wait before retrying, if set.
    #[must_use]
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// Seconds until the reset: `retry_after` if set, else from the clock.
    fn seconds_to_reset(&self) -> u64 {
        self.retry_after.unwrap_or_else(|| {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_secs());
            self.reset.saturating_sub(now)
        })
    }
}

impl WriteHeaders for RateLimit {
    fn write_headers(&self, headers: &mut HeaderMap) -> Result<(), HeaderError> {
        set_header(headers, RETRY_AFTER, &self.retry_after)?;
        set_header(
            headers,
            HeaderName::from_static("x-ratelimit-limit"),
            &self.limit,
        )?;
        set_header(
            headers,
            HeaderName::from_static("x-ratelimit-remaining"),
            &self.remaining,
        )?;
        set_header(
            headers,
            HeaderName::from_static("x-ratelimit-reset"),
            &self.reset,
        )?;
        if let Some(policy) = &self.ietf_policy {
            // The policy name is a structured-field string: no quotes, backslashes or controls.
            let name = &policy.name;
            if name.bytes().any(|b| b == b'"' || b == b'\\') {
                return Err(HeaderError::new(
                    HeaderName::from_static("ratelimit-policy"),
                    InvalidHeaderValue::new("the policy name must not contain `\"` or `\\`"),
                ));
            }
            let policy_value = format!("\"{name}\";q={};w={}", self.limit, policy.window);
            let state_value = format!(
                "\"{name}\";r={};t={}",
                self.remaining,
                self.seconds_to_reset()
            );
            set_header(
                headers,
                HeaderName::from_static("ratelimit-policy"),
                &policy_value,
            )?;
            set_header(headers, HeaderName::from_static("ratelimit"), &state_value)?;
        }
        Ok(())
    }
}
