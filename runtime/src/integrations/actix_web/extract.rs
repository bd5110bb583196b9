//! actix-web's `Json`, `Query`, `Path` and `Form` extractors, reporting every problem of an
//! input at once: the same [`Rejection`] as axum's extractors give for the same input.

use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, ResponseError};
use futures_util::future::{LocalBoxFuture, Ready, ready};
use http::StatusCode;
use serde::de::DeserializeOwned;

#[cfg(feature = "garde")]
use crate::extract::Garde;
use crate::extract::Rejection;
#[cfg(feature = "validator")]
use crate::extract::Valid;
use crate::extract::input::{self, Check};
use crate::violation::Source;

/// A JSON body as `T`, reporting every problem at once, as
/// [`apifault::axum::Json`](crate::axum::Json) does: every missing field, wrong type and
/// unknown field (of a `deny_unknown_fields` type) with its path, rule and FastAPI's echo of
/// the input; a body that is not JSON is one `json_invalid` problem, a missing or other
/// `Content-Type` a 415 and a body over `PayloadConfig`'s limit (256 KiB unless the app data
/// says otherwise) a 413, each a [`Rejection`] that `E` is made from. A valid body costs one
/// `serde_json::from_slice`, as `actix_web::web::Json` does.
///
/// `E` is the API's error type (`ResponseError`: derived with `#[api(display)]` or thiserror).
///
/// ```
/// use actix_web::{App, HttpResponse, test, web};
/// use apifault::actix_web::{Json, Rejection};
/// use apifault::{ApiError, Violation};
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail", display)]
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
/// #[derive(serde::Deserialize)]
/// struct Book { title: String, pages: u16 }
///
/// async fn create(Json(book, ..): Json<Book, Fault>) -> HttpResponse {
///     HttpResponse::Created().body(book.title)
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().route("/books", web::post().to(create))).await;
/// let request = test::TestRequest::post()
///     .uri("/books")
///     .insert_header(("content-type", "application/json"))
///     .set_payload(r#"{"title":5}"#)
///     .to_request();
/// let response = test::call_service(&app, request).await;
/// assert_eq!(response.status(), 422);
/// let body = test::read_body(response).await;
/// assert_eq!(
///     body,
///     concat!(
///         r#"{"detail":[{"type":"string_type","loc":["body","title"],"msg":"Input should be a valid string","input":5},"#,
///         r#"{"type":"missing","loc":["body","pages"],"msg":"Field required","input":{"title":5}}]}"#,
///     )
/// );
/// # });
/// ```
#[derive(Debug)]
pub struct Json<T, E>(pub T, pub PhantomData<fn() -> E>);

/// A query string as `T`, reporting every problem at once; the rejected values are echoed as
/// strings, as FastAPI does (`"input":"abc"`), and a missing parameter's `input` is `null`.
#[derive(Debug)]
pub struct Query<T, E>(pub T, pub PhantomData<fn() -> E>);

/// The path parameters as `T` (a struct of them by name, a tuple of them in order, or the one
/// parameter), reporting every problem at once, each at its parameter's name
/// (`["path","item_id"]`, as FastAPI). actix-web's own `Path` answers 404 for a parameter
/// that does not fit; this one gives a [`Rejection`] (status 400) that `E` is made from.
#[derive(Debug)]
pub struct Path<T, E>(pub T, pub PhantomData<fn() -> E>);

/// A form body (`application/x-www-form-urlencoded`) as `T`, reporting every problem at once
/// (source `body`, as FastAPI reports form fields), as
/// [`apifault::axum::Form`](crate::axum::Form) does; another `Content-Type` is a 415.
#[derive(Debug)]
pub struct Form<T, E>(pub T, pub PhantomData<fn() -> E>);

/// A JSON body as `T` (then checked by `check`), or every problem with it.
fn read_json<T: DeserializeOwned + 'static>(
    request: &HttpRequest,
    payload: &mut Payload,
    check: Option<Check<T>>,
) -> LocalBoxFuture<'static, Result<T, Rejection>> {
    if !input::is_json(content_type(request)) {
        let message = "Expected request with `Content-Type: application/json`".to_owned();
        return Box::pin(ready(Err(Rejection::media_type(
            message,
            "application/json",
        ))));
    }
    let body = Bytes::from_request(request, payload);
    Box::pin(async move {
        let bytes = body.await.map_err(unreadable)?;
        match serde_json::from_slice::<T>(&bytes) {
            Ok(value) => input::json_rules(value, &bytes, check),
            Err(error) => {
                let not_json = error.is_syntax() || error.is_eof();
                let message = if not_json {
                    format!("Failed to parse the request body as JSON: {error}")
                } else {
                    format!("Failed to deserialize the JSON body into the target type: {error}")
                };
                let fallback = || {
                    if not_json {
                        Rejection::json_syntax(StatusCode::BAD_REQUEST, message.clone())
                    } else {
                        let status = StatusCode::UNPROCESSABLE_ENTITY;
                        Rejection::unexplained(
                            Source::Body,
                            status,
                            &error.to_string(),
                            message.clone(),
                        )
                    }
                };
                Err(input::json_problems::<T>(
                    &bytes,
                    check,
                    message.clone(),
                    fallback,
                ))
            }
        }
    })
}

/// A form body as `T` (then checked by `check`), or every problem with it.
fn read_form<T: DeserializeOwned + 'static>(
    request: &HttpRequest,
    payload: &mut Payload,
    check: Option<Check<T>>,
) -> LocalBoxFuture<'static, Result<T, Rejection>> {
    if !input::is_form(content_type(request)) {
        return Box::pin(ready(Err(input::not_a_form())));
    }
    let body = Bytes::from_request(request, payload);
    Box::pin(async move {
        let bytes = body.await.map_err(unreadable)?;
        input::form_body::<T>(&bytes, check)
    })
}

/// The query string as `T` (then checked by `check`), or every problem with it.
fn read_query<T: DeserializeOwned>(
    request: &HttpRequest,
    check: Option<Check<T>>,
) -> Result<T, Rejection> {
    let query = request.query_string();
    match actix_web::web::Query::<T>::from_query(query) {
        Ok(value) => input::query_rules(value.into_inner(), Some(query), check),
        Err(error) => {
            let message = format!("Failed to deserialize query string: {error}");
            let status = StatusCode::BAD_REQUEST;
            Err(input::query_problems::<T>(
                Some(query),
                check,
                status,
                message.clone(),
                || Rejection::unexplained(Source::Query, status, &error.to_string(), message),
            ))
        }
    }
}

/// The path parameters as `T`, or every problem with them.
fn read_path<T: DeserializeOwned>(request: &HttpRequest) -> Result<T, Rejection> {
    let error = match request.match_info().load::<T>() {
        Ok(value) => return Ok(value),
        Err(error) => error.to_string(),
    };
    let params: Vec<(&str, &str)> = request.match_info().iter().collect();
    let message = format!("Failed to deserialize path parameters: {error}");
    let status = StatusCode::BAD_REQUEST;
    Err(input::path_rejection::<T>(
        Some(&params),
        status,
        message.clone(),
        || Rejection::unexplained(Source::Path, status, &error, message),
    ))
}

fn content_type(request: &HttpRequest) -> Option<&str> {
    request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
}

/// A body actix-web could not read (over `PayloadConfig`'s limit: a 413).
#[allow(clippy::needless_pass_by_value, reason = "called through `map_err`")]
fn unreadable(error: actix_web::Error) -> Rejection {
    let status = StatusCode::from_u16(error.as_response_error().status_code().as_u16())
        .unwrap_or(StatusCode::BAD_REQUEST);
    Rejection::unreadable(status, error.to_string())
}

impl<T, E> FromRequest for Json<T, E>
where
    T: DeserializeOwned + 'static,
    E: From<Rejection> + ResponseError + 'static,
{
    type Error = E;
    type Future = LocalBoxFuture<'static, Result<Self, E>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_json::<T>(request, payload, None);
        Box::pin(async move {
            body.await
                .map(|value| Json(value, PhantomData))
                .map_err(E::from)
        })
    }
}

impl<T, E> FromRequest for Form<T, E>
where
    T: DeserializeOwned + 'static,
    E: From<Rejection> + ResponseError + 'static,
{
    type Error = E;
    type Future = LocalBoxFuture<'static, Result<Self, E>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_form::<T>(request, payload, None);
        Box::pin(async move {
            body.await
                .map(|value| Form(value, PhantomData))
                .map_err(E::from)
        })
    }
}

impl<T, E> FromRequest for Query<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + ResponseError + 'static,
{
    type Error = E;
    type Future = Ready<Result<Self, E>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            read_query::<T>(request, None)
                .map(|value| Query(value, PhantomData))
                .map_err(E::from),
        )
    }
}

impl<T, E> FromRequest for Path<T, E>
where
    T: DeserializeOwned,
    E: From<Rejection> + ResponseError + 'static,
{
    type Error = E;
    type Future = Ready<Result<Self, E>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            read_path::<T>(request)
                .map(|value| Path(value, PhantomData))
                .map_err(E::from),
        )
    }
}

/// Implements the extractors of a validating wrapper for [`Json`], [`Query`] and [`Form`].
#[cfg(any(feature = "validator", feature = "garde"))]
macro_rules! validating {
    ($wrapper:ident, $check:ident, $($bound:tt)+) => {
        impl<T, E> FromRequest for $wrapper<Json<T, E>>
        where
            T: DeserializeOwned + 'static + $($bound)+,
            E: From<Rejection> + ResponseError + 'static,
        {
            type Error = E;
            type Future = LocalBoxFuture<'static, Result<Self, E>>;

            fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let body = read_json::<T>(request, payload, Some(input::$check::<T>));
                Box::pin(async move {
                    body.await
                        .map(|value| $wrapper(Json(value, PhantomData)))
                        .map_err(E::from)
                })
            }
        }

        impl<T, E> FromRequest for $wrapper<Form<T, E>>
        where
            T: DeserializeOwned + 'static + $($bound)+,
            E: From<Rejection> + ResponseError + 'static,
        {
            type Error = E;
            type Future = LocalBoxFuture<'static, Result<Self, E>>;

            fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let body = read_form::<T>(request, payload, Some(input::$check::<T>));
                Box::pin(async move {
                    body.await
                        .map(|value| $wrapper(Form(value, PhantomData)))
                        .map_err(E::from)
                })
            }
        }

        impl<T, E> FromRequest for $wrapper<Query<T, E>>
        where
            T: DeserializeOwned + $($bound)+,
            E: From<Rejection> + ResponseError + 'static,
        {
            type Error = E;
            type Future = Ready<Result<Self, E>>;

            fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
                ready(
                    read_query::<T>(request, Some(input::$check::<T>))
                        .map(|value| $wrapper(Query(value, PhantomData)))
                        .map_err(E::from),
                )
            }
        }
    };
}

#[cfg(feature = "validator")]
validating!(Valid, validator_check, validator::Validate);

#[cfg(feature = "garde")]
validating!(Garde, garde_check, garde::Validate<Context: Default>);
