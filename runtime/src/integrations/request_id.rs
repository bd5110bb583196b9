//! Request ids shared by the framework integrations: the id of the request being served, kept
//! in a task-local while the request-id middleware serves it, and put into error bodies
//! (`request_id` in the envelope, `instance` in problem+json).

use std::future::Future;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use http::header::HeaderName;

use crate::ErrorResponse;
use crate::format::BuiltinFormat;

/// The header a request id travels in.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served: the client's `x-request-id` when it is one (visible
/// ASCII, at most 128 bytes), else a fresh random one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh id: 32 hexadecimal digits from the standard library's randomly keyed hasher.
    #[must_use]
    pub fn generate() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let keys = std::hash::RandomState::new();
        let high = keys.hash_one((count, 0u8));
        let low = keys.hash_one((count, 1u8));
        RequestId(format!("{high:016x}{low:016x}"))
    }

    /// A client's id, if it is acceptable: 1 to 128 bytes of visible ASCII.
    #[must_use]
    pub fn accept(value: &str) -> Option<Self> {
        let acceptable =
            !value.is_empty() && value.len() <= 128 && value.bytes().all(|b| b.is_ascii_graphic());
        acceptable.then(|| RequestId(value.to_owned()))
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

tokio::task_local! {
    /// The current request's id and problem `instance`.
    static CURRENT: Current;
}

/// What error bodies rendered during a request say about it.
#[derive(Clone)]
pub(crate) struct Current {
    id: RequestId,
    instance: String,
}

impl Current {
    pub(crate) fn new(id: RequestId, instance_prefix: &str) -> Self {
        Current {
            instance: format!("{instance_prefix}{}", id.0),
            id,
        }
    }

    /// Runs `future` with this request as the current one.
    pub(crate) fn scope<F: Future>(self, future: F) -> impl Future<Output = F::Output> {
        CURRENT.scope(self, future)
    }
}

/// The response with the current request's id where `format` has a place for it and the
/// response has none of its own.
pub(crate) fn with_current_request_id<E>(
    response: ErrorResponse<E>,
    format: BuiltinFormat,
) -> ErrorResponse<E> {
    let Ok(current) = CURRENT.try_with(Clone::clone) else {
        return response;
    };
    match format {
        BuiltinFormat::Envelope if response.request_id().is_none() => {
            response.with_request_id(current.id.0)
        }
        BuiltinFormat::Problem if response.instance().is_none() => {
            response.with_instance(current.instance)
        }
        _ => response,
    }
}
