//! [`ErrorResponse`]: the errors of one HTTP response, with what surrounds them.

use std::borrow::Cow;

use http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use http::{Response, StatusCode};

use crate::ApiError;
use crate::format::Format;
use crate::headers::{HeaderError, InvalidHeaderValue};
use crate::json::RenderError;

/// One error, or several of one type, to be sent as one HTTP response.
///
/// The response's status is the first error's: an API that sends several errors at once sends
/// errors of one kind (several validation problems, say), and a client reads the first.
///
/// # Examples
///
/// ```
/// use apifault::{ApiError, ErrorResponse};
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "errors")]
/// enum ConnectError {
///     #[api(status = 404, code = "ResourceNotFound",
///           message = "The Resource with key '{0}' was not found.")]
///     NotFound(String),
/// }
///
/// let response = ErrorResponse::new(ConnectError::NotFound("resource-key".into()));
/// let http = response.to_http_response().unwrap();
/// assert_eq!(http.status(), 404);
/// assert_eq!(http.headers()["content-type"], "application/json");
/// assert_eq!(
///     String::from_utf8(http.into_body()).unwrap(),
///     r#"{"statusCode":404,"message":"The Resource with key 'resource-key' was not found.","errors":[{"code":"ResourceNotFound","message":"The Resource with key 'resource-key' was not found."}]}"#
/// );
/// ```
#[derive(Debug, Clone)]
pub struct ErrorResponse<E> {
    errors: OneOrMany<E>,
    request_id: Option<Cow<'static, str>>,
    instance: Option<Cow<'static, str>>,
    headers: HeaderMap,
    /// The locale chosen for the messages, if one was (`with_locale`, `with_accept_language`).
    language: Option<Language>,
}

/// A locale of the error type, and how it was chosen.
#[derive(Debug, Clone, Copy)]
struct Language {
    tag: &'static str,
    /// Chosen from `Accept-Language`: the response says `Vary: Accept-Language`.
    negotiated: bool,
}

/// One error needs no allocation; several are collected once, when the response is built.
#[derive(Debug, Clone)]
enum OneOrMany<E> {
    One(E),
    Many(Vec<E>),
}

impl<E> ErrorResponse<E> {
    /// A response carrying one error.
    pub fn new(error: E) -> Self {
        ErrorResponse {
            errors: OneOrMany::One(error),
            request_id: None,
            instance: None,
            headers: HeaderMap::new(),
            language: None,
        }
    }

    /// A response carrying every error of `errors`, in order; `None` if there are none.
    pub fn from_errors(errors: impl IntoIterator<Item = E>) -> Option<Self> {
        let mut errors: Vec<E> = errors.into_iter().collect();
        let errors = match errors.len() {
            0 => return None,
            1 => OneOrMany::One(errors.pop()?),
            _ => OneOrMany::Many(errors),
        };
        Some(ErrorResponse {
            errors,
            request_id: None,
            instance: None,
            headers: HeaderMap::new(),
            language: None,
        })
    }

    /// An identifier of the request, for support and logs (`request_id` in the body).
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<Cow<'static, str>>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// A URI reference identifying this occurrence (problem+json `instance`), such as Konnect's
    /// `kong:trace:<id>`.
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<Cow<'static, str>>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// An extra response header; it replaces one the errors set.
    #[must_use]
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// The errors, in order; never empty.
    pub fn errors(&self) -> &[E] {
        match &self.errors {
            OneOrMany::One(error) => core::slice::from_ref(error),
            OneOrMany::Many(errors) => errors,
        }
    }

    /// The first error: the one that decides the status.
    pub fn first(&self) -> &E {
        match &self.errors {
            OneOrMany::One(error) => error,
            // `from_errors` never builds an empty `Many`.
            OneOrMany::Many(errors) => &errors[0],
        }
    }

    /// The request identifier, if one was given.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The occurrence URI, if one was given.
    pub fn instance(&self) -> Option<&str> {
        self.instance.as_deref()
    }

    /// The same response, borrowing its errors (to render from a `&self`).
    #[cfg(feature = "actix-web")]
    pub(crate) fn by_ref(&self) -> ErrorResponse<&E> {
        let errors = match &self.errors {
            OneOrMany::One(error) => OneOrMany::One(error),
            OneOrMany::Many(errors) => OneOrMany::Many(errors.iter().collect()),
        };
        ErrorResponse {
            errors,
            request_id: self.request_id.clone(),
            instance: self.instance.clone(),
            headers: self.headers.clone(),
            language: self.language,
        }
    }

    /// The extra headers given with [`with_header`](Self::with_header).
    pub fn extra_headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<E: ApiError> ErrorResponse<E> {
    /// The HTTP status: the first error's.
    pub fn status(&self) -> StatusCode {
        self.first().status()
    }

    /// The messages (and problem+json titles) in `locale`, chosen by the application: the
    /// type's locale that RFC 4647 lookup finds for it (`de-CH` finds `de`), else the default
    /// locale. The response says `Content-Language`. For a type without locales, nothing
    /// changes.
    ///
    /// ```
    /// # use apifault::{ApiError, ErrorResponse};
    /// # #[derive(Debug, ApiError)]
    /// # #[api(locales = "locales", default_locale = "en", format = "errors")]
    /// # enum BookError {
    /// #     #[api(status = 404, code = "BookNotFound", message = "Book {isbn} not found")]
    /// #     NotFound { isbn: String },
    /// #     #[api(status = 409, code = "OutOfStock", message = "Only {copies} copies left")]
    /// #     OutOfStock { copies: u32 },
    /// # }
    /// // runtime/locales/de.ftl: BookNotFound = Buch { $isbn } nicht gefunden
    /// let response = ErrorResponse::new(BookError::NotFound { isbn: "978-3".into() })
    ///     .with_locale("de-CH");
    /// assert_eq!(response.locale(), Some("de"));
    /// let http = response.to_http_response().unwrap();
    /// assert_eq!(http.headers()["content-language"], "de");
    /// assert!(String::from_utf8(http.into_body()).unwrap().contains("Buch 978-3 nicht gefunden"));
    /// ```
    #[must_use]
    pub fn with_locale(mut self, locale: &str) -> Self {
        let localization = E::localization();
        if let Some(default) = localization.default_locale() {
            self.language = Some(Language {
                tag: localization.lookup(locale).unwrap_or(default),
                negotiated: false,
            });
        }
        self
    }

    /// The messages in the locale a request's `Accept-Language` asks for
    /// ([`Localization::negotiate`](crate::locale::Localization::negotiate): q-values, RFC 4647
    /// lookup, else the default locale). The response says `Content-Language` and
    /// `Vary: Accept-Language`. For a type without locales, nothing changes.
    #[must_use]
    pub fn with_accept_language(mut self, accept_language: &str) -> Self {
        if let Some(tag) = E::localization().negotiate(accept_language) {
            self.language = Some(Language {
                tag,
                negotiated: true,
            });
        }
        self
    }

    /// The locale of the messages: the chosen one, else the type's default locale; `None` for
    /// a type without locales.
    pub fn locale(&self) -> Option<&'static str> {
        match self.language {
            Some(language) => Some(language.tag),
            None => E::localization().default_locale(),
        }
    }

    /// Whether the locale was chosen, explicitly or from `Accept-Language`.
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn has_locale(&self) -> bool {
        self.language.is_some()
    }

    /// Writes the message of `error` (one of this response's) as a JSON string, in the
    /// response's locale: what a [`Format`] writes as the message.
    ///
    /// # Errors
    ///
    /// When a field's `Display` fails.
    #[inline]
    pub fn write_message_json(&self, error: &E, out: &mut Vec<u8>) -> Result<(), RenderError> {
        match self.language {
            Some(language) => error.write_message_json_in(language.tag, out),
            None => error.write_message_json(out),
        }
    }

    /// The problem+json title of `error` (one of this response's), in the response's locale.
    #[inline]
    pub fn title(&self, error: &E) -> &'static str {
        match self.language {
            Some(language) => error.title_in(language.tag),
            None => error.title(),
        }
    }

    /// Appends the body in the error type's format (`#[api(format = "...")]`, else `problem`)
    /// to `out`. Nothing is allocated but `out`'s growth: reuse one buffer to allocate nothing.
    ///
    /// # Errors
    ///
    /// When a field's `Serialize` or a message's `Display` fails; `out` may then hold part of
    /// a body.
    pub fn render(&self, out: &mut Vec<u8>) -> Result<(), RenderError> {
        self.render_as(&E::catalog().default_format(), out)
    }

    /// Appends the body in `format` to `out`.
    ///
    /// # Errors
    ///
    /// As [`render`](Self::render).
    pub fn render_as<F: Format + ?Sized>(
        &self,
        format: &F,
        out: &mut Vec<u8>,
    ) -> Result<(), RenderError> {
        format.render(self, out)
    }

    /// Writes the body in `format` to any writer (through one buffer of its own).
    ///
    /// # Errors
    ///
    /// As [`render`](Self::render), and when the writer fails.
    pub fn write_to<F: Format + ?Sized>(
        &self,
        format: &F,
        mut writer: impl std::io::Write,
    ) -> Result<(), WriteError> {
        // Room for a typical error body, so it is rarely grown.
        let mut body = Vec::with_capacity(256);
        self.render_as(format, &mut body)
            .map_err(WriteError::Render)?;
        writer.write_all(&body).map_err(WriteError::Io)
    }

    /// The response headers: those of every error (where two set one header, the first
    /// error's value is kept), then the extra headers, which replace them. `Content-Type` is
    /// not among them.
    ///
    /// # Errors
    ///
    /// When a header value from an error cannot be sent (see
    /// [`HeaderError`](crate::headers::HeaderError)).
    pub fn headers(&self) -> Result<HeaderMap, RenderError> {
        let mut headers = HeaderMap::new();
        for error in self.errors() {
            error.write_headers(&mut headers)?;
        }
        for (name, value) in &self.headers {
            headers.insert(name, value.clone());
        }
        Ok(headers)
    }

    /// The whole HTTP response in the error type's format: status, `Content-Type`, headers
    /// and body.
    ///
    /// # Errors
    ///
    /// As [`render`](Self::render) and [`headers`](Self::headers).
    pub fn to_http_response(&self) -> Result<Response<Vec<u8>>, RenderError> {
        self.to_http_response_as(&E::catalog().default_format())
    }

    /// The whole HTTP response in `format`.
    ///
    /// # Errors
    ///
    /// As [`render`](Self::render) and [`headers`](Self::headers).
    pub fn to_http_response_as<F: Format + ?Sized>(
        &self,
        format: &F,
    ) -> Result<Response<Vec<u8>>, RenderError> {
        // Room for a typical error body, so it is rarely grown.
        let mut body = Vec::with_capacity(256);
        self.render_as(format, &mut body)?;
        let mut response = Response::new(body);
        *response.status_mut() = self.status();
        let headers = response.headers_mut();
        *headers = self.headers()?;
        let content_type = HeaderValue::from_str(format.content_type()).map_err(|_| {
            HeaderError::new(
                CONTENT_TYPE,
                InvalidHeaderValue::new("the format's content type is not a valid header value"),
            )
        })?;
        headers.insert(CONTENT_TYPE, content_type);
        if let Some(locale) = self.locale() {
            crate::locale::set_language_headers(
                headers,
                locale,
                self.language.is_some_and(|language| language.negotiated),
            );
        }
        Ok(response)
    }
}

/// The first error's client-facing message.
impl<E: ApiError> core::fmt::Display for ErrorResponse<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.language {
            Some(language) => self.first().fmt_message_in(language.tag, f),
            None => self.first().fmt_message(f),
        }
    }
}

impl<E> From<E> for ErrorResponse<E> {
    fn from(error: E) -> Self {
        ErrorResponse::new(error)
    }
}

/// Why [`ErrorResponse::write_to`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum WriteError {
    /// The body could not be rendered.
    Render(RenderError),
    /// The writer failed.
    Io(std::io::Error),
}

impl core::fmt::Display for WriteError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            WriteError::Render(error) => error.fmt(f),
            // The writer's own error is the `source()`, not repeated here.
            WriteError::Io(_) => f.write_str("cannot write the error body"),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Transparent: its message is this error's, so its cause is this error's too.
            WriteError::Render(error) => error.source(),
            WriteError::Io(error) => Some(error),
        }
    }
}
