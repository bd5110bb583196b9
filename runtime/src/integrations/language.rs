//! The `Accept-Language` of the request being served, kept in a task-local while a contract
//! (axum's `Contract`, actix-web's `contract`) serves it, so that an error response rendered
//! anywhere inside, by `IntoResponse` or `ResponseError`, is in the language the client asked
//! for (see [`crate::locale`]).
//!
//! A contract keeps the header only when its own error type has locales: an application
//! without translations pays nothing per request.

use std::future::Future;

use crate::{ApiError, ErrorResponse};

/// A request's `Accept-Language`, as the framework gives it (a clone shares the bytes).
#[derive(Clone)]
pub(crate) enum Header {
    #[cfg(feature = "axum")]
    Http(http::HeaderValue),
    #[cfg(feature = "actix-web")]
    Actix(actix_web::http::header::HeaderValue),
    /// The request sent none: the default locale, still negotiated.
    Absent,
}

impl Header {
    /// The header of an axum request.
    #[cfg(feature = "axum")]
    pub(crate) fn from_http(headers: &http::HeaderMap) -> Self {
        headers
            .get(http::header::ACCEPT_LANGUAGE)
            .map_or(Header::Absent, |value| Header::Http(value.clone()))
    }

    /// The header of an actix-web request.
    #[cfg(feature = "actix-web")]
    pub(crate) fn from_actix(headers: &actix_web::http::header::HeaderMap) -> Self {
        headers
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .map_or(Header::Absent, |value| Header::Actix(value.clone()))
    }

    /// The header's text; empty (the default locale) if absent or not visible ASCII.
    fn as_str(&self) -> &str {
        match self {
            #[cfg(feature = "axum")]
            Header::Http(value) => value.to_str().unwrap_or_default(),
            #[cfg(feature = "actix-web")]
            Header::Actix(value) => value.to_str().unwrap_or_default(),
            Header::Absent => "",
        }
    }
}

tokio::task_local! {
    /// The current request's `Accept-Language`.
    static ACCEPT_LANGUAGE: Header;
}

/// Runs `future` with `header` as the current request's `Accept-Language`.
pub(crate) fn scope<F: Future>(header: Header, future: F) -> impl Future<Output = F::Output> {
    ACCEPT_LANGUAGE.scope(header, future)
}

/// `response` in the locale the current request asks for, unless it has a locale of its own,
/// its type has none, or no contract serves the request.
pub(crate) fn with_current_language<E: ApiError>(response: ErrorResponse<E>) -> ErrorResponse<E> {
    let localization = E::localization();
    if response.has_locale() || !localization.is_localized() {
        return response;
    }
    match ACCEPT_LANGUAGE.try_with(|header| localization.negotiate(header.as_str())) {
        Ok(Some(locale)) => response.with_accept_language(locale),
        _ => response,
    }
}
