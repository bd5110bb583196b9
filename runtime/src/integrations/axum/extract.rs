//! axum's `Json`, `Query`, `Path` and `Form` extractors, reporting every problem at once.

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, MissingJsonContentType, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::response::IntoResponse;
use http::request::Parts;
use serde::de::DeserializeOwned;

#[cfg(feature = "garde")]
use crate::extract::Garde;
use crate::extract::Rejection;
#[cfg(feature = "validator")]
use crate::extract::Valid;
use crate::extract::input::{self, Check};

/// axum's `Json` extractor, reporting every problem of a body at once.
///
/// A valid body is read exactly as `axum::Json` reads it (the same `serde_json` call, so it
/// costs the same: BENCHMARKS.md). A body that does not fit `T` is replayed through
/// [`apifault::collect`](crate::collect), which lists every missing field, wrong type and
/// unknown field (of a `deny_unknown_fields` type) with its path, rule and FastAPI's echo of
/// the input; a body that is not JSON at all is one `json_invalid` problem. Destructure as
/// `Json(value, ..)`; name it once per API: `type Json<T> = apifault::axum::Json<T, MyError>;`.
///
/// ```
/// use apifault::axum::{Json, Rejection};
/// use apifault::{ApiError, Violation};
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail")]
/// enum Fault {
///     #[api(status = 422)]
///     Validation(#[api(violations)] Vec<Violation>),
/// }
///
/// impl From<Rejection> for Fault {
///     fn from(rejection: Rejection) -> Self {
///         Fault::Validation(rejection.into_violations())
///     }
/// }
///
/// #[derive(serde::Deserialize)]
/// struct Book { title: String, pages: u16 }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// use axum::extract::FromRequest;
/// let request = http::Request::post("/books")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from(r#"{"title":5}"#))
///     .unwrap();
/// let Err(Fault::Validation(violations)) = Json::<Book, Fault>::from_request(request, &()).await else {
///     panic!("rejected");
/// };
/// assert_eq!(violations.len(), 2);
/// assert_eq!(violations[0].path().to_string(), "title");
/// assert_eq!(violations[1].path().to_string(), "pages");
/// # });
/// ```
#[derive(Debug)]
pub struct Json<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequest<S> for Json<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request(request: Request, state: &S) -> Result<Self, E> {
        match read_json::<T, S>(request, state, None).await {
            Ok(value) => Ok(Json(value, PhantomData)),
            Err(rejection) => Err(E::from(rejection)),
        }
    }
}

/// A JSON body as `T` (then checked by `check`), or every problem with it.
async fn read_json<T: DeserializeOwned, S: Send + Sync>(
    request: Request,
    state: &S,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    let content_type = request.headers().get(http::header::CONTENT_TYPE);
    if !input::is_json(content_type.and_then(|value| value.to_str().ok())) {
        return Err(Rejection::from(JsonRejection::from(
            MissingJsonContentType::default(),
        )));
    }
    let bytes = match Bytes::from_request(request, state).await {
        Ok(bytes) => bytes,
        Err(rejection) => return Err(Rejection::from(JsonRejection::from(rejection))),
    };
    match axum::Json::<T>::from_bytes(&bytes) {
        Ok(axum::Json(value)) => input::json_rules(value, &bytes, check),
        // serde_json calls some wrong types (a number for an enum) syntax errors: a body
        // that parses as JSON is replayed either way.
        Err(rejection @ (JsonRejection::JsonDataError(_) | JsonRejection::JsonSyntaxError(_))) => {
            let message = rejection.body_text();
            Err(input::json_problems::<T>(&bytes, check, message, || {
                Rejection::from(rejection)
            }))
        }
        Err(rejection) => Err(Rejection::from(rejection)),
    }
}

/// axum's `Query` extractor, reporting every problem of a query string at once; the
/// rejected values are echoed as strings, as FastAPI does (`"input":"abc"`), and a missing
/// parameter's `input` is `null`.
#[derive(Debug)]
pub struct Query<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequestParts<S> for Query<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
        match read_query::<T, S>(parts, state, None).await {
            Ok(value) => Ok(Query(value, PhantomData)),
            Err(rejection) => Err(E::from(rejection)),
        }
    }
}

/// The query string as `T` (then checked by `check`), or every problem with it.
async fn read_query<T: DeserializeOwned, S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    match axum::extract::Query::<T>::from_request_parts(parts, state).await {
        Ok(axum::extract::Query(value)) => input::query_rules(value, parts.uri.query(), check),
        Err(rejection) => {
            let query = parts.uri.query();
            Err(input::query_problems::<T>(
                query,
                check,
                rejection.status(),
                rejection.body_text(),
                || Rejection::from_query(&rejection, query),
            ))
        }
    }
}

/// axum's `Path` extractor, reporting every problem of the path parameters at once, each at
/// its parameter's name (`["path","item_id"]`, as FastAPI), the value echoed as a string.
#[derive(Debug)]
pub struct Path<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequestParts<S> for Path<T, E>
where
    T: DeserializeOwned + Send,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
        let rejection = match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => return Ok(Path(value, PhantomData)),
            Err(rejection) => rejection,
        };
        let raw = match &rejection {
            PathRejection::FailedToDeserializePathParams(_) => {
                RawPathParams::from_request_parts(parts, state).await.ok()
            }
            _ => None,
        };
        let params: Option<Vec<(&str, &str)>> = raw.as_ref().map(|raw| raw.iter().collect());
        Err(E::from(input::path_rejection::<T>(
            params.as_deref(),
            rejection.status(),
            rejection.body_text(),
            || Rejection::from(rejection),
        )))
    }
}
/// A form body (`application/x-www-form-urlencoded`) as `T`, reporting every problem at once
/// (source `body`, as FastAPI reports form fields; a missing field's `input` is `null`).
///
/// Every value is a string, parsed as the type asks (`u32`, `bool` from `true`/`false`, ...),
/// as `serde_urlencoded` does; a name given twice keeps its first value. A body without
/// that `Content-Type` is the edge's 415.
///
/// ```
/// use apifault::axum::{Form, Rejection};
/// use apifault::{ApiError, Violation};
/// use axum::extract::FromRequest;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail")]
/// enum Fault {
///     #[api(status = 422)]
///     Validation(#[api(violations)] Vec<Violation>),
///     #[api(transparent)]
///     Edge(apifault::edge::EdgeError),
/// }
///
/// impl From<Rejection> for Fault {
///     fn from(rejection: Rejection) -> Self {
///         match rejection.edge() {
///             Some(edge) => Fault::Edge(edge),
///             None => Fault::Validation(rejection.into_violations()),
///         }
///     }
/// }
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Login { username: String, age: u8 }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = http::Request::post("/login")
///     .header("content-type", "application/x-www-form-urlencoded")
///     .body(axum::body::Body::from("username=ann&age=30"))
///     .unwrap();
/// let Ok(Form(login, ..)) = Form::<Login, Fault>::from_request(request, &()).await else {
///     panic!("accepted");
/// };
/// assert_eq!((login.username.as_str(), login.age), ("ann", 30));
/// # });
/// ```
#[derive(Debug)]
pub struct Form<T, E>(pub T, pub PhantomData<fn() -> E>);

impl<T, E, S> FromRequest<S> for Form<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + IntoResponse,
    S: Send + Sync,
{
    type Rejection = E;

    async fn from_request(request: Request, state: &S) -> Result<Self, E> {
        match read_form::<T, S>(request, state, None).await {
            Ok(value) => Ok(Form(value, PhantomData)),
            Err(rejection) => Err(E::from(rejection)),
        }
    }
}

/// A form body as `T` (then checked by `check`), or every problem with it.
async fn read_form<T: DeserializeOwned, S: Send + Sync>(
    request: Request,
    state: &S,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    let content_type = request.headers().get(http::header::CONTENT_TYPE);
    if !input::is_form(content_type.and_then(|value| value.to_str().ok())) {
        return Err(input::not_a_form());
    }
    match Bytes::from_request(request, state).await {
        Ok(bytes) => input::form_body::<T>(&bytes, check),
        Err(rejection) => Err(Rejection::from(JsonRejection::from(rejection))),
    }
}

/// Implements the extractors of a validating wrapper for [`Json`], [`Query`] and [`Form`].
#[cfg(any(feature = "validator", feature = "garde"))]
macro_rules! validating {
    ($wrapper:ident, $check:ident, $($bound:tt)+) => {
        impl<T, E, S> FromRequest<S> for $wrapper<Json<T, E>>
        where
            T: DeserializeOwned + $($bound)+,
            E: From<Rejection> + IntoResponse,
            S: Send + Sync,
        {
            type Rejection = E;

            async fn from_request(request: Request, state: &S) -> Result<Self, E> {
                match read_json::<T, S>(request, state, Some(input::$check::<T>)).await {
                    Ok(value) => Ok($wrapper(Json(value, PhantomData))),
                    Err(rejection) => Err(E::from(rejection)),
                }
            }
        }

        impl<T, E, S> FromRequest<S> for $wrapper<Form<T, E>>
        where
            T: DeserializeOwned + $($bound)+,
            E: From<Rejection> + IntoResponse,
            S: Send + Sync,
        {
            type Rejection = E;

            async fn from_request(request: Request, state: &S) -> Result<Self, E> {
                match read_form::<T, S>(request, state, Some(input::$check::<T>)).await {
                    Ok(value) => Ok($wrapper(Form(value, PhantomData))),
                    Err(rejection) => Err(E::from(rejection)),
                }
            }
        }

        impl<T, E, S> FromRequestParts<S> for $wrapper<Query<T, E>>
        where
            T: DeserializeOwned + $($bound)+,
            E: From<Rejection> + IntoResponse,
            S: Send + Sync,
        {
            type Rejection = E;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, E> {
                match read_query::<T, S>(parts, state, Some(input::$check::<T>)).await {
                    Ok(value) => Ok($wrapper(Query(value, PhantomData))),
                    Err(rejection) => Err(E::from(rejection)),
                }
            }
        }
    };
}

#[cfg(feature = "validator")]
validating!(Valid, validator_check, validator::Validate);

#[cfg(feature = "garde")]
validating!(Garde, garde_check, garde::Validate<Context: Default>);
