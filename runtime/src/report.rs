//! Logging of error responses (feature `tracing`): one event per response, with what the
//! client sees (status, code, request id) and, for the logs only, the error's internal detail.
//!
//! A 5xx is an `error` event with the error's `Debug` and its `source()` chain, which the body
//! never shows; a 4xx is a `debug` event (a client's mistake is not the server's), or of the
//! level [`set_client_error_level`] chose. Field names
//! follow OpenTelemetry's HTTP conventions where they apply: `http.response.status_code`, and
//! `error.type` for the code.

use core::fmt;

/// What the logs may say about an error beyond its response: its `Debug` and its causes,
/// found where the error's type has them (see [`Probe`]).
#[derive(Clone, Copy, Default)]
pub struct Detail<'a> {
    /// The error's `Debug`, when its type has one.
    pub debug: Option<&'a dyn fmt::Debug>,
    /// The error as a `std::error::Error`, when its type is one: its `source()` chain.
    pub error: Option<&'a (dyn core::error::Error + 'a)>,
}

/// Finds the `Detail` of a value whose type may or may not be `Debug` or `Error`, without
/// requiring either: `(&&Probe(&value)).detail()` picks the most specific of the traits below
/// (autoref specialization), at the concrete type where a derived impl calls it.
pub struct Probe<'a, T>(pub &'a T);

/// `Debug` and `Error`: both.
pub trait ViaError<'a> {
    /// The detail.
    fn detail(&self) -> Detail<'a>;
}

/// `Debug` only.
pub trait ViaDebug<'a> {
    /// The detail.
    fn detail(&self) -> Detail<'a>;
}

/// Neither: nothing beyond the response.
pub trait ViaNothing<'a> {
    /// The detail.
    fn detail(&self) -> Detail<'a>;
}

impl<'a, T: fmt::Debug + core::error::Error> ViaError<'a> for &&Probe<'a, T> {
    fn detail(&self) -> Detail<'a> {
        Detail {
            debug: Some(self.0),
            error: Some(self.0),
        }
    }
}

impl<'a, T: fmt::Debug> ViaDebug<'a> for &Probe<'a, T> {
    fn detail(&self) -> Detail<'a> {
        Detail {
            debug: Some(self.0),
            error: None,
        }
    }
}

impl<'a, T> ViaNothing<'a> for Probe<'a, T> {
    fn detail(&self) -> Detail<'a> {
        Detail::default()
    }
}

/// One error response as the application's own reporting sees it: what the client was sent
/// and, for the logs only, the error's internal detail. Given to the hook of
/// `axum::Contract::on_error` or actix-web's `OnError`, for every error response rendered while
/// a request is served.
#[non_exhaustive]
pub struct ErrorReport<'a> {
    /// The response's status.
    pub status: http::StatusCode,
    /// The code of its first error, as sent: for a body that could not be rendered, the
    /// `InternalServerError` the client got instead, with the render failure as [`error`].
    ///
    /// [`error`]: ErrorReport::error
    pub code: &'a str,
    /// The request's id, as the client sees it.
    pub request_id: Option<&'a str>,
    /// The error's `Debug`, when its type has one.
    pub debug: Option<&'a dyn fmt::Debug>,
    /// The error as a `std::error::Error`, when its type is one: walk its `source()` chain.
    pub error: Option<&'a (dyn core::error::Error + 'a)>,
}

impl fmt::Debug for ErrorReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorReport")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("request_id", &self.request_id)
            .field("debug", &self.debug)
            .field("error", &self.error.map(ToString::to_string))
            .finish()
    }
}

/// The application's own reporting of error responses.
pub(crate) type Hook = dyn Fn(&ErrorReport<'_>) + Send + Sync;

/// The `source()` chain of an error, as `cause: cause: ...`.
#[cfg(feature = "tracing")]
struct Chain<'a>(&'a (dyn core::error::Error + 'a));

#[cfg(feature = "tracing")]
impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut source = self.0.source();
        let mut first = true;
        while let Some(cause) = source {
            if !first {
                f.write_str(": ")?;
            }
            first = false;
            fmt::Display::fmt(cause, f)?;
            source = cause.source();
        }
        Ok(())
    }
}

/// The level of 4xx events, as [`level_code`] encodes it.
#[cfg(feature = "tracing")]
static CLIENT_ERROR_LEVEL: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

#[cfg(feature = "tracing")]
fn level_code(level: tracing::Level) -> u8 {
    match level {
        tracing::Level::TRACE => 0,
        tracing::Level::DEBUG => 1,
        tracing::Level::INFO => 2,
        tracing::Level::WARN => 3,
        tracing::Level::ERROR => 4,
    }
}

/// Sets the level of the events for 4xx responses, for the whole process (`debug` unless
/// set); 5xx responses are always `error` events.
///
/// ```
/// apifault::set_client_error_level(tracing::Level::INFO);
/// ```
#[cfg(feature = "tracing")]
pub fn set_client_error_level(level: tracing::Level) {
    CLIENT_ERROR_LEVEL.store(level_code(level), std::sync::atomic::Ordering::Relaxed);
}

/// Emits the event for one error response.
#[cfg(feature = "tracing")]
pub(crate) fn response(
    status: http::StatusCode,
    code: &str,
    request_id: Option<&str>,
    detail: Detail<'_>,
) {
    let request_id = request_id.unwrap_or("");
    // Not named `debug` or `display`: tracing's macros bring functions of those names into
    // scope, which would shadow them.
    let internal = detail.debug.map(tracing::field::debug);
    let chain = detail
        .error
        .map(|error| tracing::field::display(Chain(error)));
    let level = if status.is_server_error() {
        4
    } else {
        CLIENT_ERROR_LEVEL.load(std::sync::atomic::Ordering::Relaxed)
    };
    // tracing's macros need the level as a constant: one call per level.
    macro_rules! event {
        ($level:expr) => {
            tracing::event!(
                $level,
                http.response.status_code = status.as_u16(),
                error.type = code,
                request_id,
                error.debug = internal,
                error.causes = chain,
                "error response"
            )
        };
    }
    match level {
        0 => event!(tracing::Level::TRACE),
        1 => event!(tracing::Level::DEBUG),
        2 => event!(tracing::Level::INFO),
        3 => event!(tracing::Level::WARN),
        _ => event!(tracing::Level::ERROR),
    }
}
