//! Request ids shared by the framework integrations: the id of the request being served, kept
//! in a task-local while the request-id middleware serves it, and put into error bodies
//! (`request_id` in the envelope, `instance` in problem+json).

use std::fmt::Write as _;
use std::future::Future;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ErrorResponse;
use crate::format::BuiltinFormat;
use crate::report::Hook;

/// The header a request id travels in.
#[cfg(feature = "axum")]
pub const REQUEST_ID_HEADER: http::header::HeaderName =
    http::header::HeaderName::from_static(REQUEST_ID);

/// The name of [`REQUEST_ID_HEADER`], for frameworks of other `http` versions.
pub(crate) const REQUEST_ID: &str = "x-request-id";

/// The id of the request being served: the client's `x-request-id` when it is a safe token,
/// else a fresh random one.
///
/// A safe token is 1 to 128 bytes of letters, digits and `-._~:`, the characters that are
/// the same in a header, a JSON string, a URI and a log line; a W3C `traceparent`
/// (`00-<trace-id>-<parent-id>-<flags>`) is one. Anything else (quotes, backslashes, spaces,
/// markup, non-ASCII, a 10 KB value) is replaced, never echoed.
///
/// A response repeats the id in its `x-request-id` header. A request that comes without one
/// gets an id when something needs it (an error response, its log event, a handler extracting
/// `RequestId`), and the header then; axum's `Contract::ids_on_every_response` (and the
/// request-id middleware of either framework) gives every request one.
#[derive(Clone, PartialEq, Eq)]
pub struct RequestId(Repr);

/// A made id is kept inline: making one, and cloning it into a log event, allocates nothing.
#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Made([u8; 32]),
    Client(Box<str>),
}

/// splitmix64's finalizer: every bit of the input reaches every bit of the output.
fn mix(mut value: u64) -> u64 {
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// The longest client id that is used as it is.
const MAX_CLIENT_ID: usize = 128;

impl RequestId {
    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Hexadecimal digits, always UTF-8.
            Repr::Made(digits) => std::str::from_utf8(digits).unwrap_or_default(),
            Repr::Client(id) => id,
        }
    }

    /// A fresh id: 32 hexadecimal digits, unique in the process and unpredictable across
    /// processes (a counter mixed with a key drawn once from the standard library's random
    /// hasher keys; cheap enough for every request).
    #[must_use]
    pub fn generate() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        static KEYS: std::sync::OnceLock<(u64, u64)> = std::sync::OnceLock::new();
        let &(high_key, low_key) = KEYS.get_or_init(|| {
            let keys = std::hash::RandomState::new();
            (keys.hash_one(0u8), keys.hash_one(1u8))
        });
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut digits = [0; 32];
        // By hand rather than through `core::fmt`: this runs for every request.
        let halves = [mix(count ^ high_key), mix(count.wrapping_add(low_key))];
        for (at, digit) in digits.iter_mut().enumerate() {
            let shift = 60 - (at % 16) * 4;
            let nibble = (halves[at / 16] >> shift) & 0xf;
            *digit = b"0123456789abcdef"[usize::try_from(nibble).unwrap_or(0)];
        }
        RequestId(Repr::Made(digits))
    }

    /// A client's id, if it is a safe token (see [`RequestId`]).
    ///
    /// ```
    /// # #[cfg(feature = "axum")] {
    /// use apifault::axum::RequestId;
    ///
    /// assert!(RequestId::accept("req-123456").is_some());
    /// assert!(RequestId::accept("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").is_some());
    /// assert!(RequestId::accept(r#"a"b\c</x>"#).is_none());
    /// assert!(RequestId::accept(&"a".repeat(129)).is_none());
    /// # }
    /// ```
    #[must_use]
    pub fn accept(value: &str) -> Option<Self> {
        let is_safe = |b: u8| b.is_ascii_alphanumeric() || b"-._~:".contains(&b);
        let acceptable =
            !value.is_empty() && value.len() <= MAX_CLIENT_ID && value.bytes().all(is_safe);
        acceptable.then(|| RequestId(Repr::Client(value.into())))
    }

    /// The client's id if it sent an acceptable one, else a fresh one.
    pub(crate) fn from_client(value: Option<&str>) -> Self {
        value
            .and_then(RequestId::accept)
            .unwrap_or_else(RequestId::generate)
    }

    /// The id for a request with this `x-request-id`: the client's if acceptable, a fresh one
    /// if refused; `None` for a request without the header, which gets one only if it needs one.
    #[cfg(feature = "axum")]
    pub(crate) fn from_header(value: Option<&http::HeaderValue>) -> Option<Self> {
        value.map(|value| RequestId::from_client(value.to_str().ok()))
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RequestId").field(&self.as_str()).finish()
    }
}

tokio::task_local! {
    /// The current request's id and problem `instance`.
    static CURRENT: Current;
}

/// The id of the request being served, if a request-id middleware serves it (made now if the
/// request came without one and none was needed yet).
#[cfg(feature = "axum")]
pub(crate) fn current_id() -> Option<RequestId> {
    CURRENT.try_with(|current| current.id().clone()).ok()
}

/// The `x-request-id` header of the response to the request being served: on an error
/// response its id (made now if it has none yet); on a success its id if it has one (the
/// client's, or one made because a log event or the handler needed it, or made now unless
/// ids are made only when needed). Written straight from the task-local: no copy of the id.
#[cfg(feature = "axum")]
pub(crate) fn response_header(error: bool) -> Option<http::HeaderValue> {
    CURRENT
        .try_with(|current| {
            let id = if error || !current.lazy {
                Some(current.id())
            } else {
                current.id.get()
            };
            // The id is a safe token (checked or generated), so it is a valid header value.
            id.and_then(|id| http::HeaderValue::from_str(id.as_str()).ok())
        })
        .ok()
        .flatten()
}

/// What error bodies rendered during a request say about it. (A clone made before the id is
/// needed makes its own id: clone only a `Current` that has one, as actix-web's middleware
/// does.)
#[derive(Clone)]
pub(crate) struct Current {
    /// The request's id: set from the client's header, or made the first time it is needed.
    id: std::cell::OnceCell<RequestId>,
    /// The application's prefix of problem+json's `instance`, as given: it is made a URI
    /// reference only when a problem is rendered, so that requests that succeed pay nothing.
    instance_prefix: Prefix,
    /// The application's reporting of error responses.
    hook: Option<Arc<Hook>>,
    /// Whether a request that came without an id gets one only when something needs it.
    #[cfg_attr(
        not(feature = "axum"),
        allow(dead_code, reason = "actix-web's middleware gives every request an id")
    )]
    lazy: bool,
}

/// An `instance` prefix, shared by every request without a copy.
#[derive(Clone)]
pub(crate) enum Prefix {
    Static(&'static str),
    /// A prefix made at run time (axum's layers take one).
    #[cfg(feature = "axum")]
    Shared(Arc<str>),
}

impl Prefix {
    #[cfg(feature = "axum")]
    pub(crate) fn from_cow(prefix: std::borrow::Cow<'static, str>) -> Self {
        match prefix {
            std::borrow::Cow::Borrowed(prefix) => Prefix::Static(prefix),
            std::borrow::Cow::Owned(prefix) => Prefix::Shared(Arc::from(prefix)),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            Prefix::Static(prefix) => prefix,
            #[cfg(feature = "axum")]
            Prefix::Shared(prefix) => prefix,
        }
    }
}

impl Default for Prefix {
    fn default() -> Self {
        Prefix::Static("")
    }
}

impl std::fmt::Debug for Prefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl Current {
    /// `id` is the client's (or one made because the client's was refused); `None` makes one
    /// when it is first needed, and with `lazy` only then (else at the latest for the
    /// response's header).
    pub(crate) fn new(
        id: Option<RequestId>,
        instance_prefix: Prefix,
        hook: Option<Arc<Hook>>,
        lazy: bool,
    ) -> Self {
        let cell = std::cell::OnceCell::new();
        if let Some(id) = id {
            let _ = cell.set(id);
        }
        Current {
            id: cell,
            instance_prefix,
            hook,
            lazy,
        }
    }

    fn id(&self) -> &RequestId {
        self.id.get_or_init(RequestId::generate)
    }

    /// Runs `future` with this request as the current one.
    pub(crate) fn scope<F: Future>(self, future: F) -> impl Future<Output = F::Output> {
        CURRENT.scope(self, future)
    }
}

/// Logs one error response (feature `tracing`) with the current request's id, and hands it
/// to the application's hook, if it set one.
pub(crate) fn report(status: http::StatusCode, code: &str, detail: crate::report::Detail<'_>) {
    let hook = CURRENT
        .try_with(|current| current.hook.clone())
        .ok()
        .flatten();
    #[cfg(not(feature = "tracing"))]
    if hook.is_none() {
        return;
    }
    let request_id = CURRENT
        .try_with(|current| current.id().as_str().to_owned())
        .ok();
    #[cfg(feature = "tracing")]
    crate::report::response(status, code, request_id.as_deref(), detail);
    if let Some(hook) = hook {
        hook(&crate::report::ErrorReport {
            status,
            code,
            request_id: request_id.as_deref(),
            debug: detail.debug,
            error: detail.error,
        });
    }
}

/// The response with the current request's id where `format` has a place for it and the
/// response has none of its own.
pub(crate) fn with_current_request_id<E>(
    response: ErrorResponse<E>,
    format: BuiltinFormat,
) -> ErrorResponse<E> {
    match format {
        BuiltinFormat::Envelope if response.request_id().is_none() => {
            match CURRENT.try_with(|current| current.id().as_str().to_owned()) {
                Ok(id) => response.with_request_id(id),
                Err(_) => response,
            }
        }
        BuiltinFormat::Problem if response.instance().is_none() => {
            let instance = CURRENT.try_with(|current| {
                // The id is a safe token; the prefix is the application's.
                let mut instance = uri_reference(current.instance_prefix.as_str());
                instance.push_str(current.id().as_str());
                instance
            });
            match instance {
                Ok(instance) => response.with_instance(instance),
                Err(_) => response,
            }
        }
        _ => response,
    }
}

/// `text` with every byte a URI reference cannot hold percent-encoded (RFC 3986: unreserved
/// and reserved characters stay, and so does a `%` that starts an escape).
fn uri_reference(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (at, &byte) in bytes.iter().enumerate() {
        let is_escape = byte == b'%'
            && bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit);
        let keeps = byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&byte);
        if keeps || is_escape {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{RequestId, uri_reference};

    #[test]
    fn prefixes_become_uri_references() {
        assert_eq!(uri_reference("kong:trace:"), "kong:trace:");
        assert_eq!(
            uri_reference("a b\"c<%zz%41é"),
            "a%20b%22c%3C%25zz%41%C3%A9"
        );
    }

    #[test]
    fn only_safe_tokens_are_accepted() {
        for id in [
            "a",
            "req-1",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            &"x".repeat(128),
        ] {
            assert!(RequestId::accept(id).is_some(), "{id}");
        }
        for id in [
            "",
            "a b",
            "a\"b",
            "a\\b",
            "<x>",
            "é",
            "a/b",
            &"x".repeat(129),
            "a\tb",
        ] {
            assert!(RequestId::accept(id).is_none(), "{id}");
        }
    }
}
