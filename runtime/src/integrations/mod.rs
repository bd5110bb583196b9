//! Framework glue, one file per framework, each behind its cargo feature.
//!
//! A blanket `impl<E: ApiError> IntoResponse for E` is impossible (orphan rule), so the derive
//! emits one `__private::integrations!` call per type, and this module defines that macro to
//! expand to the impls of the enabled features, and to nothing otherwise.

#[cfg(feature = "actix-web")]
pub mod actix_web;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "garde")]
mod garde;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod language;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod request_id;
#[cfg(feature = "utoipa")]
pub mod utoipa;
#[cfg(feature = "validator")]
mod validator;

/// Called by the derive once per type: `impl [<generics>] for [Type<..>] where [bounds,]`.
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_integrations {
    (impl [$($generics:tt)*] for [$($ty:tt)*] where [$($bounds:tt)*]) => {
        $crate::__apifault_axum! { impl [$($generics)*] for [$($ty)*] where [$($bounds)*] }
        $crate::__apifault_actix_web! { impl [$($generics)*] for [$($ty)*] where [$($bounds)*] }
        $crate::__apifault_utoipa! { impl [$($generics)*] for [$($ty)*] where [$($bounds)*] }
    };
}

/// The client's `Decode` impl, written by the derive and kept only with the `client` feature:
/// without it, the tokens are dropped unchecked, so types that cannot be decoded still build.
#[cfg(feature = "client")]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_client {
    ($($impl:tt)*) => { $($impl)* };
}

#[cfg(not(feature = "client"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_client {
    ($($impl:tt)*) => {};
}

/// `IntoResponses` for a derived type: one response per status, schemas by `$ref`.
#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_utoipa {
    (impl [$($generics:tt)*] for [$($ty:tt)*] where [$($bounds:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::utoipa::IntoResponses for $($ty)* where $($bounds)* {
            fn responses() -> $crate::__private::utoipa::Responses {
                $crate::__private::utoipa::type_responses::<Self>()
            }
        }
    };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_utoipa {
    ($($tokens:tt)*) => {};
}

/// What the derive writes for OpenAPI beyond `IntoResponses` (example values, the marker
/// module of per-operation lists), kept only with the `utoipa` feature: without it, the
/// tokens are dropped unchecked.
#[cfg(feature = "utoipa")]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_utoipa_impl {
    ($($impl:tt)*) => { $($impl)* };
}

#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_utoipa_impl {
    ($($impl:tt)*) => {};
}

/// `IntoResponse` for a derived type: it answers as a one-error [`ErrorResponse`].
///
/// [`ErrorResponse`]: crate::ErrorResponse
#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_axum {
    (impl [$($generics:tt)*] for [$($ty:tt)*] where [$($bounds:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::axum::IntoResponse for $($ty)* where $($bounds)* {
            fn into_response(self) -> $crate::__private::axum::Response {
                // The most specific of these finds the `Debug` and `Error` of the concrete type,
                // for the logs (see `report::Probe`).
                #[allow(unused_imports)]
                use $crate::__private::report::{ViaDebug as _, ViaError as _, ViaNothing as _};
                let __detail = (&&&$crate::__private::report::Probe(&self)).detail();
                $crate::__private::axum::respond($crate::ErrorResponse::new(&self), __detail)
            }
        }
    };
}

#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_axum {
    ($($tokens:tt)*) => {};
}

/// `ResponseError` for a derived type that is also `Display` (actix-web requires it): the
/// higher-ranked bound makes the impl exist only then, instead of failing to compile for a
/// type without `Display`.
#[cfg(feature = "actix-web")]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_actix_web {
    (impl [$($generics:tt)*] for [$($ty:tt)*] where [$($bounds:tt)*]) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::actix_web::ResponseError for $($ty)*
        where
            $($bounds)*
            for<'__apifault> Self: $crate::__private::Display + $crate::__private::Debug,
        {
            fn status_code(&self) -> $crate::__private::actix_web::StatusCode {
                $crate::__private::actix_web::status_code(self)
            }

            fn error_response(&self) -> $crate::__private::actix_web::HttpResponse {
                // The most specific of these finds the `Error` of the concrete type, for the
                // logs (see `report::Probe`).
                #[allow(unused_imports)]
                use $crate::__private::report::{ViaDebug as _, ViaError as _, ViaNothing as _};
                $crate::__private::actix_web::error_response(self, (&&&$crate::__private::report::Probe(self)).detail())
            }
        }
    };
}

#[cfg(not(feature = "actix-web"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __apifault_actix_web {
    ($($tokens:tt)*) => {};
}
