//! Per-operation error lists, schema components and real examples (part of `apifault::utoipa`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::sync::Arc;

use serde_json::{Map, Value, json};
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{OpenApi, RefOr, Response};

use super::{summary, variant_schema};
use crate::catalog::{Catalog, VariantMeta, example_body};
use crate::edge::EdgeError;
use crate::error::ApiError;
use crate::format::{BuiltinFormat, Format as _};
use crate::response::ErrorResponse;
use crate::violation::Violation;

/// One variant as a response documents it: its metadata, the format its body is in and an
/// example body.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Entry {
    /// The Rust name of the type that declares the variant.
    type_name: &'static str,
    /// That type's default format: a component in it needs no format suffix.
    type_format: BuiltinFormat,
    meta: &'static VariantMeta,
    format: BuiltinFormat,
    example: Value,
}

impl Entry {
    /// The name of the variant's schema in `components.schemas`: `Type.Variant`, followed by
    /// `.format` when the body is not in the type's own default format.
    fn component(&self) -> String {
        component_name(
            self.type_name,
            self.meta.name(),
            self.type_format,
            self.format,
        )
    }
}

fn component_name(
    type_name: &str,
    variant: &str,
    type_format: BuiltinFormat,
    format: BuiltinFormat,
) -> String {
    if type_format == format {
        format!("{type_name}.{variant}")
    } else {
        format!("{type_name}.{variant}.{format}")
    }
}

/// What the derive implements (with the `utoipa` feature) for a type without generic
/// parameters: a value of each variant built from example values of its fields, so that
/// examples are what the server sends.
#[doc(hidden)]
pub trait Documented: ApiError + Sized {
    /// A value of own variant `index` (in the order of `catalog().own_variants()`) whose
    /// fields are example values, or `None` when a field's type has none.
    fn example(index: usize) -> Option<Self>;

    /// Pushes the entries of transparent variant `index` (in the order of
    /// `catalog().transparent()`): every variant of the type it wraps, in `format`.
    fn document_transparent(index: usize, format: BuiltinFormat, out: &mut Vec<Entry>);
}

/// Example values of field types, for example bodies.
///
/// Implemented for the standard types an error field usually has; a field of another type
/// takes its `Default`, and a variant with a field that has neither is documented with its
/// message template and sample values instead (see [`example_body`]).
pub trait Example {
    /// A realistic value.
    fn example() -> Self;
}

macro_rules! examples {
    ($($ty:ty => $value:expr),* $(,)?) => {$(
        impl Example for $ty {
            fn example() -> Self {
                $value
            }
        }
    )*};
}

examples! {
    String => "example".to_owned(),
    Box<str> => "example".into(),
    Arc<str> => "example".into(),
    char => 'x',
    bool => true,
    i8 => 1, i16 => 1, i32 => 1, i64 => 1, i128 => 1, isize => 1,
    u8 => 1, u16 => 1, u32 => 1, u64 => 1, u128 => 1, usize => 1,
    f32 => 1.5, f64 => 1.5,
    std::time::Duration => std::time::Duration::from_secs(30),
    std::io::Error => std::io::Error::other("example"),
    Violation => Violation::new("name", "must not be blank"),
    // DESIGN's 429: 100 requests a window, none left, reset at a fixed time, retry in 42 s.
    crate::RateLimit => crate::RateLimit::new(100, 0, 1_741_910_460).with_retry_after(42),
    http::Method => http::Method::GET,
}

// Any lifetime: the impl is chosen before lifetimes are checked, so a `&'static str` impl
// would reject a field `&'a str` of a generic type.
impl Example for &str {
    fn example() -> Self {
        "example"
    }
}

impl Example for Cow<'_, str> {
    fn example() -> Self {
        Cow::Borrowed("example")
    }
}

impl<T: Example> Example for Option<T> {
    fn example() -> Self {
        Some(T::example())
    }
}

impl<T: Example> Example for Vec<T> {
    fn example() -> Self {
        vec![T::example()]
    }
}

impl<T: Example> Example for Box<T> {
    fn example() -> Self {
        Box::new(T::example())
    }
}

/// Finds a field type's example value where the derive writes `(&&&Probe::<T>::NEW).example()`:
/// the most specific of [`ViaExample`], [`ViaDefault`] and [`ViaNothing`] applies.
#[doc(hidden)]
pub struct Probe<T>(PhantomData<fn() -> T>);

impl<T> Probe<T> {
    pub const NEW: Self = Probe(PhantomData);
}

#[doc(hidden)]
pub trait ViaExample<T> {
    fn example(&self) -> Option<T>;
}

impl<T: Example> ViaExample<T> for &&Probe<T> {
    fn example(&self) -> Option<T> {
        Some(T::example())
    }
}

#[doc(hidden)]
pub trait ViaDefault<T> {
    fn example(&self) -> Option<T>;
}

impl<T: Default> ViaDefault<T> for &Probe<T> {
    fn example(&self) -> Option<T> {
        Some(T::default())
    }
}

#[doc(hidden)]
pub trait ViaNothing<T> {
    fn example(&self) -> Option<T>;
}

impl<T> ViaNothing<T> for Probe<T> {
    fn example(&self) -> Option<T> {
        None
    }
}

/// Finds whether a wrapped type is [`Documented`] where the derive writes
/// `(&&&TypeProbe::<T>::NEW).document(format, out)`: its real examples, else its catalog's,
/// else (not an `ApiError` at all, which the derive reports already) nothing.
#[doc(hidden)]
pub struct TypeProbe<T>(PhantomData<fn() -> T>);

impl<T> TypeProbe<T> {
    pub const NEW: Self = TypeProbe(PhantomData);
}

#[doc(hidden)]
pub trait ViaDocumented {
    fn document(&self, format: BuiltinFormat, out: &mut Vec<Entry>);
}

impl<T: Documented> ViaDocumented for &&TypeProbe<T> {
    fn document(&self, format: BuiltinFormat, out: &mut Vec<Entry>) {
        document_all::<T>(format, out);
    }
}

#[doc(hidden)]
pub trait ViaCatalog {
    fn document(&self, format: BuiltinFormat, out: &mut Vec<Entry>);
}

impl<T: ApiError> ViaCatalog for &TypeProbe<T> {
    fn document(&self, format: BuiltinFormat, out: &mut Vec<Entry>) {
        document_catalog(&T::catalog(), format, out);
    }
}

#[doc(hidden)]
pub trait ViaNoCatalog {
    fn document(&self, format: BuiltinFormat, out: &mut Vec<Entry>);
}

impl<T> ViaNoCatalog for TypeProbe<T> {
    fn document(&self, _: BuiltinFormat, _: &mut Vec<Entry>) {}
}

/// The example body of a value in `format`, as JSON.
fn rendered<E: ApiError>(value: &E, format: BuiltinFormat) -> Option<Value> {
    let mut body = Vec::new();
    ErrorResponse::new(value)
        .render_as(&format, &mut body)
        .ok()?;
    serde_json::from_slice(&body).ok()
}

/// The body of a variant documented without a value: its template and sample values.
fn from_template(meta: &'static VariantMeta, format: BuiltinFormat) -> Value {
    let body = example_body(meta, format);
    serde_json::from_str(&body).unwrap_or(Value::String(body))
}

/// Pushes own variant `index` of `E`, in `format`.
#[doc(hidden)]
pub fn document_own<E: Documented>(index: usize, format: BuiltinFormat, out: &mut Vec<Entry>) {
    let catalog = E::catalog();
    let Some(meta) = catalog.own_variants().get(index) else {
        return;
    };
    let example = E::example(index)
        .and_then(|value| rendered(&value, format))
        .unwrap_or_else(|| from_template(meta, format));
    out.push(Entry {
        type_name: catalog.type_name(),
        type_format: catalog.default_format(),
        meta,
        format,
        example,
    });
}

/// Pushes every variant of `E` (those its transparent variants wrap included), in `format`.
fn document_all<E: Documented>(format: BuiltinFormat, out: &mut Vec<Entry>) {
    let catalog = E::catalog();
    for index in 0..catalog.own_variants().len() {
        document_own::<E>(index, format, out);
    }
    for index in 0..catalog.transparent().len() {
        E::document_transparent(index, format, out);
    }
}

/// Pushes every variant of a catalog with examples from its templates (for a type that is not
/// [`Documented`]: generic, or with a hand-written `ApiError` impl).
fn document_catalog(catalog: &Catalog, format: BuiltinFormat, out: &mut Vec<Entry>) {
    for meta in catalog.own_variants() {
        out.push(Entry {
            type_name: catalog.type_name(),
            type_format: catalog.default_format(),
            meta,
            format,
            example: from_template(meta, format),
        });
    }
    for transparent in catalog.transparent() {
        document_catalog(&transparent.inner(), format, out);
    }
}

/// A marker type of one variant, generated by the derive (with the `utoipa` feature) in the
/// module named after the type: `book_error::NotFound` for `BookError::NotFound`.
#[doc(hidden)]
pub trait Marker {
    /// Pushes the variant (for a transparent variant, every variant it wraps), in its type's
    /// default format.
    fn document(out: &mut Vec<Entry>);
}

/// What [`Errors`] lists: a variant marker, or a tuple of them (nested tuples too).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a variant of an `ApiError` type",
    label = "not a variant marker",
    note = "list variants by their markers, which the derive writes in a module named after the type in snake_case: `Errors<(book_error::NotFound, book_error::Conflict)>` for `BookError`"
)]
pub trait Variants {
    /// Pushes every listed variant.
    #[doc(hidden)]
    fn document(out: &mut Vec<Entry>);
}

impl<T: Marker> Variants for T {
    fn document(out: &mut Vec<Entry>) {
        T::document(out);
    }
}

macro_rules! tuple_variants {
    ($($name:ident)+) => {
        impl<$($name: Variants),+> Variants for ($($name,)+) {
            fn document(out: &mut Vec<Entry>) {
                $($name::document(out);)+
            }
        }
    };
}

tuple_variants!(A);
tuple_variants!(A B);
tuple_variants!(A B C);
tuple_variants!(A B C D);
tuple_variants!(A B C D E);
tuple_variants!(A B C D E F);
tuple_variants!(A B C D E F G);
tuple_variants!(A B C D E F G H);
tuple_variants!(A B C D E F G H I);
tuple_variants!(A B C D E F G H I J);
tuple_variants!(A B C D E F G H I J K);
tuple_variants!(A B C D E F G H I J K L);
tuple_variants!(A B C D E F G H I J K L M);
tuple_variants!(A B C D E F G H I J K L M N);
tuple_variants!(A B C D E F G H I J K L M N O);
tuple_variants!(A B C D E F G H I J K L M N O P);

/// The error responses of one operation, checked by the compiler: the variants listed in `T`
/// (a marker such as `book_error::NotFound`, or a tuple of markers), one response per
/// status, each variant's body schema a `$ref` to its component, with a named example per
/// code. Register the components with [`ErrorComponents`].
///
/// ```
/// use apifault::ApiError;
/// use apifault::utoipa::{ErrorComponents, Errors};
/// use utoipa::OpenApi;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "detail")]
/// pub enum BookError {
///     #[api(status = 404, message = "Book {id} was not found")]
///     NotFound { id: u64 },
///     #[api(status = 409, message = "Book {id} is already lent")]
///     Lent { id: u64 },
///     #[api(status = 404, message = "Author {0} was not found")]
///     NoAuthor(String),
/// }
///
/// #[utoipa::path(get, path = "/books/{id}",
///     responses((status = 200, description = "The book"), Errors<(book_error::NotFound, book_error::NoAuthor)>))]
/// fn show() {}
///
/// // utoipa's `modifiers(...)` takes `&NAME`: a constant.
/// const COMPONENTS: ErrorComponents<BookError> = ErrorComponents::new();
///
/// #[derive(OpenApi)]
/// #[openapi(paths(show), modifiers(&COMPONENTS))]
/// struct Api;
///
/// let document = serde_json::to_value(Api::openapi()).unwrap();
/// let responses = &document["paths"]["/books/{id}"]["get"]["responses"];
/// // Only what this route can send: no 409.
/// assert_eq!(responses.as_object().unwrap().keys().collect::<Vec<_>>(), ["200", "404"]);
/// let content = &responses["404"]["content"]["application/json"];
/// assert_eq!(
///     content["schema"]["anyOf"][0]["$ref"],
///     "#/components/schemas/BookError.NotFound"
/// );
/// // The body the server sends for example values, message interpolated.
/// assert_eq!(
///     content["examples"]["NotFound"]["value"],
///     serde_json::json!({ "detail": "Book 1 was not found" })
/// );
/// assert!(document["components"]["schemas"]["BookError.Lent"].is_object());
/// ```
pub struct Errors<T>(PhantomData<fn() -> T>);

impl<T: Variants> utoipa::IntoResponses for Errors<T> {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut entries = Vec::new();
        T::document(&mut entries);
        ref_responses(entries)
    }
}

/// The `IntoResponses` of one marker: its variant's responses.
#[doc(hidden)]
#[must_use]
pub fn marker_responses<M: Marker>() -> BTreeMap<String, RefOr<Response>> {
    let mut entries = Vec::new();
    M::document(&mut entries);
    ref_responses(entries)
}

/// The derived `IntoResponses` of a type: every variant, by `$ref`.
#[doc(hidden)]
#[must_use]
pub fn type_responses<E: Documented>() -> BTreeMap<String, RefOr<Response>> {
    let mut entries = Vec::new();
    document_all::<E>(E::catalog().default_format(), &mut entries);
    ref_responses(entries)
}

/// Responses whose schemas are `$ref`s to components, one per status.
fn ref_responses(entries: Vec<Entry>) -> BTreeMap<String, RefOr<Response>> {
    group(entries)
        .into_iter()
        .map(|(status, entries)| (status.to_string(), RefOr::T(response(&entries))))
        .collect()
}

/// Entries by status, each variant once.
fn group(entries: Vec<Entry>) -> BTreeMap<u16, Vec<Entry>> {
    let mut by_status: BTreeMap<u16, Vec<Entry>> = BTreeMap::new();
    for entry in entries {
        let same = by_status.entry(entry.meta.status().as_u16()).or_default();
        if !same
            .iter()
            .any(|other| other.component() == entry.component())
        {
            same.push(entry);
        }
    }
    by_status
}

/// One response listing `entries`: per content type, the schema (one `$ref`, or `oneOf`/
/// `anyOf` of them) and a named example per code.
fn response(entries: &[Entry]) -> Response {
    let mut content = Map::new();
    for format in BuiltinFormat::ALL {
        let of_format: Vec<&Entry> = entries.iter().filter(|e| e.format == format).collect();
        if of_format.is_empty() {
            continue;
        }
        let refs: Vec<Value> = of_format
            .iter()
            .map(|entry| schema_ref(&entry.component()))
            .collect();
        let schema = match refs.as_slice() {
            [single] => single.clone(),
            _ if super::distinct(format, of_format.iter().map(|e| e.meta.type_uri())) => {
                json!({ "oneOf": refs })
            }
            _ => json!({ "anyOf": refs }),
        };
        let mut examples = Map::new();
        for entry in &of_format {
            let mut key = entry.meta.code().to_owned();
            if examples.contains_key(&key) {
                key = format!("{}.{key}", entry.type_name);
            }
            let example = json!({ "summary": summary(entry.meta), "value": entry.example });
            examples.insert(key, example);
        }
        let media = json!({ "schema": schema, "examples": examples });
        // Two formats may share a content type (`errors` and `envelope` are both JSON):
        // then the alternatives of both are listed.
        match content.get_mut(format.content_type()) {
            Some(existing) => merge_media(existing, &media),
            None => {
                content.insert(format.content_type().to_owned(), media);
            }
        }
    }
    let description = entries
        .iter()
        .map(|entry| format!("`{}`: {}", entry.meta.code(), summary(entry.meta)))
        .collect::<Vec<_>>()
        .join("\n\n");
    // Every piece above is a valid OpenAPI object, so this conversion cannot fail; an empty
    // response is the honest fallback if utoipa's model ever disagrees.
    serde_json::from_value(json!({ "description": description, "content": content }))
        .unwrap_or_default()
}

fn schema_ref(component: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{component}") })
}

/// Adds the alternatives and examples of `more` to a media type object.
fn merge_media(existing: &mut Value, more: &Value) {
    let alternatives = |schema: &Value| -> Vec<Value> {
        match schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
        {
            Some(items) => items.clone(),
            None => vec![schema.clone()],
        }
    };
    let mut all = alternatives(&existing["schema"]);
    for alternative in alternatives(&more["schema"]) {
        if !all.contains(&alternative) {
            all.push(alternative);
        }
    }
    existing["schema"] = if all.len() == 1 {
        all.remove(0)
    } else {
        json!({ "anyOf": all })
    };
    if let (Some(target), Value::Object(examples)) = (
        existing["examples"].as_object_mut(),
        more["examples"].clone(),
    ) {
        for (key, example) in examples {
            target.entry(key).or_insert(example);
        }
    }
}

/// The schema components of every variant of a catalog (those its transparent variants wrap
/// included), in the catalog's default format: what the `$ref`s of [`Errors`] and the derived
/// `IntoResponses` point at. Add them with utoipa's `ComponentsBuilder::schemas_from_iter`,
/// or use [`ErrorComponents`].
///
/// ```
/// use apifault::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "errors")]
/// enum ConnectError {
///     #[api(status = 404, code = "ResourceNotFound")]
///     NotFound,
///     #[api(transparent)]
///     Edge(apifault::edge::EdgeError),
/// }
///
/// let schemas = apifault::utoipa::schemas(&ConnectError::catalog());
/// let names: Vec<&str> = schemas.iter().map(|(name, _)| name.as_str()).collect();
/// assert_eq!(names[0], "ConnectError.NotFound");
/// // The edge's errors as this API sends them: in its format.
/// assert!(names.contains(&"EdgeError.PayloadTooLarge.errors"));
/// ```
#[must_use]
pub fn schemas(catalog: &Catalog) -> Vec<(String, RefOr<Schema>)> {
    let mut out = Vec::new();
    schemas_in(catalog, catalog.default_format(), &mut out);
    out
}

fn schemas_in(catalog: &Catalog, format: BuiltinFormat, out: &mut Vec<(String, RefOr<Schema>)>) {
    for meta in catalog.own_variants() {
        let name = component_name(
            catalog.type_name(),
            meta.name(),
            catalog.default_format(),
            format,
        );
        out.push((name, to_schema(variant_schema(format, meta))));
    }
    for transparent in catalog.transparent() {
        schemas_in(&transparent.inner(), format, out);
    }
}

fn to_schema(schema: Value) -> RefOr<Schema> {
    serde_json::from_value(schema).unwrap_or_else(|_| RefOr::T(Schema::default()))
}

fn components_of(openapi: &mut OpenApi) -> &mut utoipa::openapi::Components {
    openapi.components.get_or_insert_with(Default::default)
}

/// A utoipa `Modify` that registers the schema components of `E`'s variants (see
/// [`schemas`]). utoipa's `modifiers(&NAME)` takes a constant:
/// `const COMPONENTS: ErrorComponents<MyError> = ErrorComponents::new();` and
/// `#[openapi(modifiers(&COMPONENTS))]`. See [`Errors`] for an example.
pub struct ErrorComponents<E>(PhantomData<fn() -> E>);

impl<E> ErrorComponents<E> {
    /// The modifier.
    #[must_use]
    pub const fn new() -> Self {
        ErrorComponents(PhantomData)
    }
}

impl<E> Default for ErrorComponents<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: ApiError> utoipa::Modify for ErrorComponents<E> {
    fn modify(&self, openapi: &mut OpenApi) {
        components_of(openapi)
            .schemas
            .extend(schemas(&E::catalog()));
    }
}

/// A utoipa `Modify` that documents the edge: the failures any route can produce before or
/// around its handler, as the server sends them (an `apifault::edge::EdgeError` in `E`'s
/// format, or the application's own error where [`EdgeResponses::map`] gives one, as the
/// framework integration's `map` does).
///
/// Each is a response in `components.responses`, named `Edge.<status>`:
///
/// | response | status | placed on |
/// |---|---|---|
/// | unknown route | 404 | no operation: a request no path matches (`Edge.404`) |
/// | wrong method | 405 | no operation: a request to a path without that method (`Edge.405`) |
/// | body too large | 413 | every operation with a request body, or with `POST`, `PUT` or `PATCH` |
/// | missing or wrong `Content-Type` | 415 | the same operations |
/// | handler panic, a body that cannot be rendered | 500 | every operation |
///
/// An operation without a response of that status gets a `$ref` to the component; one with
/// its own response of that status gets the edge's alternative and example merged into it.
/// The contract check (`contract`, feature `contract-test`) answers a request no operation
/// matches with `Edge.404` or `Edge.405`, or with a response [`EdgeResponses::unmatched`]
/// adds.
///
/// ```
/// use apifault::ApiError;
/// use apifault::utoipa::{EdgeResponses, ErrorComponents, Errors};
/// use utoipa::OpenApi;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = "errors")]
/// pub enum ConnectError {
///     #[api(status = 404, code = "ResourceNotFound", message = "Not found: {0}")]
///     NotFound(String),
/// }
///
/// #[utoipa::path(post, path = "/carts/{id}", responses((status = 200, description = "The cart"), Errors<connect_error::NotFound>))]
/// fn update() {}
///
/// const COMPONENTS: ErrorComponents<ConnectError> = ErrorComponents::new();
/// const EDGE: EdgeResponses<ConnectError> = EdgeResponses::new();
///
/// #[derive(OpenApi)]
/// #[openapi(paths(update), modifiers(&COMPONENTS, &EDGE))]
/// struct Api;
///
/// let document = serde_json::to_value(Api::openapi()).unwrap();
/// let responses = &document["paths"]["/carts/{id}"]["post"]["responses"];
/// assert_eq!(responses["413"]["$ref"], "#/components/responses/Edge.413");
/// assert_eq!(responses["500"]["$ref"], "#/components/responses/Edge.500");
/// let not_found = &document["components"]["responses"]["Edge.404"]["content"]["application/json"];
/// assert_eq!(
///     not_found["examples"]["NotFound"]["value"],
///     serde_json::json!({"statusCode": 404, "message": "No route matches the request's path.",
///         "errors": [{"code": "NotFound", "message": "No route matches the request's path."}]})
/// );
/// ```
pub struct EdgeResponses<E> {
    map: Option<fn(&EdgeError) -> Option<E>>,
    unmatched: Option<fn(&mut Vec<Entry>)>,
}

/// The extension marking a response of `components.responses` as one a request no operation
/// matches can get: `Edge.404` and `Edge.405`, and those [`EdgeResponses::unmatched`] adds.
pub(crate) const UNMATCHED_EXTENSION: &str = "x-apifault-unmatched";

impl<E> EdgeResponses<E> {
    /// The edge's built-in errors, in `E`'s format.
    #[must_use]
    pub const fn new() -> Self {
        EdgeResponses {
            map: None,
            unmatched: None,
        }
    }

    /// Documents the variants `V` lists (as [`Errors`] does) as answers to a request no
    /// operation matches, besides the 404 and 405: for a server whose fallbacks check the
    /// credentials first, say, and answer 401 for an unknown path without them. Each status
    /// is the response `Edge.<status>` (merged into the edge's own of that status, if any),
    /// marked with the extension `x-apifault-unmatched`, which the contract check reads.
    ///
    /// ```
    /// use apifault::ApiError;
    /// use apifault::utoipa::EdgeResponses;
    /// use utoipa::Modify as _;
    ///
    /// #[derive(Debug, ApiError)]
    /// #[api(format = "envelope")]
    /// pub enum AppError {
    ///     #[api(status = 401, code = "INVALID_API_KEY")]
    ///     InvalidApiKey,
    /// }
    ///
    /// const EDGE: EdgeResponses<AppError> = EdgeResponses::new().unmatched::<app_error::InvalidApiKey>();
    /// let edge = EDGE;
    /// let mut openapi = utoipa::openapi::OpenApi::default();
    /// edge.modify(&mut openapi);
    /// let document = serde_json::to_value(openapi).unwrap();
    /// let response = &document["components"]["responses"]["Edge.401"];
    /// assert_eq!(response["x-apifault-unmatched"], true);
    /// assert!(response["content"]["application/json"]["examples"]["INVALID_API_KEY"].is_object());
    /// ```
    #[must_use]
    pub const fn unmatched<V: Variants>(mut self) -> Self {
        self.unmatched = Some(V::document);
        self
    }

    /// Documents an edge failure as the application's own error where `map` gives one: the
    /// same choice as the framework integration's `map` makes (which also sees the request),
    /// as a function a `const` can hold, for utoipa's `modifiers(&NAME)`.
    ///
    /// ```
    /// use apifault::ApiError;
    /// use apifault::edge::EdgeError;
    /// use apifault::utoipa::EdgeResponses;
    /// use utoipa::Modify as _;
    ///
    /// #[derive(Debug, ApiError)]
    /// #[api(code_case = "kebab-case")]
    /// enum KonnectError {
    ///     #[api(status = 404, message = "Not Found")]
    ///     RouteNotFound,
    /// }
    ///
    /// fn edge(error: &EdgeError) -> Option<KonnectError> {
    ///     match error {
    ///         EdgeError::NotFound => Some(KonnectError::RouteNotFound),
    ///         _ => None,
    ///     }
    /// }
    ///
    /// const EDGE: EdgeResponses<KonnectError> = EdgeResponses::new().map(edge);
    /// let edge = EDGE;
    /// let mut openapi = utoipa::openapi::OpenApi::default();
    /// edge.modify(&mut openapi);
    /// let document = serde_json::to_value(openapi).unwrap();
    /// let content = &document["components"]["responses"]["Edge.404"]["content"]["application/problem+json"];
    /// assert_eq!(content["examples"]["route-not-found"]["value"]["detail"], "Not Found");
    /// assert_eq!(content["schema"]["$ref"], "#/components/schemas/KonnectError.RouteNotFound");
    /// ```
    #[must_use]
    pub const fn map(mut self, map: fn(&EdgeError) -> Option<E>) -> Self {
        self.map = Some(map);
        self
    }
}

impl<E> Default for EdgeResponses<E> {
    fn default() -> Self {
        Self::new()
    }
}

/// Marks a response as one a request no operation matches can get.
fn mark_unmatched(response: Response) -> Response {
    let Ok(mut json) = serde_json::to_value(&response) else {
        return response;
    };
    json[UNMATCHED_EXTENSION] = Value::Bool(true);
    serde_json::from_value(json).unwrap_or(response)
}

/// The edge failures documented, with their example values.
fn edge_failures() -> [EdgeError; 5] {
    [
        EdgeError::NotFound,
        EdgeError::MethodNotAllowed {
            allow: Some("GET, POST".to_owned()),
        },
        EdgeError::PayloadTooLarge,
        EdgeError::UnsupportedMediaType,
        EdgeError::InternalServerError,
    ]
}

/// The name of an edge response in `components.responses`.
#[must_use]
pub fn edge_response_name(status: u16) -> String {
    format!("Edge.{status}")
}

impl<E: ApiError> EdgeResponses<E> {
    /// The entry documenting one edge failure, and the schema its `$ref` points at.
    fn entry(&self, edge: &EdgeError) -> (Entry, (String, RefOr<Schema>)) {
        let format = E::catalog().default_format();
        let mapped = self.map.as_ref().and_then(|map| map(edge));
        let (catalog, meta, example) = match &mapped {
            Some(own) => (E::catalog(), own.metadata(), rendered(own, format)),
            None => (
                EdgeError::catalog(),
                edge.metadata(),
                rendered(edge, format),
            ),
        };
        let entry = Entry {
            type_name: catalog.type_name(),
            type_format: catalog.default_format(),
            meta,
            format,
            example: example.unwrap_or_else(|| from_template(meta, format)),
        };
        let schema = (entry.component(), to_schema(variant_schema(format, meta)));
        (entry, schema)
    }
}

impl<E: ApiError> utoipa::Modify for EdgeResponses<E> {
    fn modify(&self, openapi: &mut OpenApi) {
        let mut edge = BTreeMap::new();
        for failure in edge_failures() {
            let (entry, (name, schema)) = self.entry(&failure);
            components_of(openapi).schemas.insert(name, schema);
            edge.insert(failure.status().as_u16(), entry);
        }
        let mut unmatched = Vec::new();
        if let Some(document) = self.unmatched {
            document(&mut unmatched);
        }
        for entry in &unmatched {
            let schema = to_schema(variant_schema(entry.format, entry.meta));
            components_of(openapi)
                .schemas
                .insert(entry.component(), schema);
        }
        let mut unmatched = group(unmatched);
        for (status, entry) in &edge {
            let mut entries = vec![entry.clone()];
            let mut marked = *status == 404 || *status == 405;
            if let Some(more) = unmatched.remove(status) {
                entries.extend(more);
                marked = true;
            }
            let mut response =
                response(&group(entries).into_values().flatten().collect::<Vec<_>>());
            if marked {
                response = mark_unmatched(response);
            }
            components_of(openapi)
                .responses
                .insert(edge_response_name(*status), RefOr::T(response));
        }
        for (status, entries) in unmatched {
            components_of(openapi).responses.insert(
                edge_response_name(status),
                RefOr::T(mark_unmatched(response(&entries))),
            );
        }
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                (HttpMethod::Get, &mut item.get),
                (HttpMethod::Put, &mut item.put),
                (HttpMethod::Post, &mut item.post),
                (HttpMethod::Delete, &mut item.delete),
                (HttpMethod::Options, &mut item.options),
                (HttpMethod::Head, &mut item.head),
                (HttpMethod::Patch, &mut item.patch),
                (HttpMethod::Trace, &mut item.trace),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation else {
                    continue;
                };
                let has_body = operation.request_body.is_some()
                    || matches!(
                        method,
                        HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch
                    );
                let statuses: &[u16] = if has_body { &[413, 415, 500] } else { &[500] };
                for status in statuses {
                    if let Some(entry) = edge.get(status) {
                        add_edge_response(operation, *status, entry);
                    }
                }
            }
        }
    }
}

/// Puts an edge response on an operation: a `$ref` when it has none of that status, else the
/// edge's alternative and example merged into its own.
fn add_edge_response(operation: &mut Operation, status: u16, entry: &Entry) {
    let key = status.to_string();
    let Some(existing) = operation.responses.responses.get_mut(&key) else {
        let reference = utoipa::openapi::Ref::new(format!(
            "#/components/responses/{}",
            edge_response_name(status)
        ));
        operation
            .responses
            .responses
            .insert(key, RefOr::Ref(reference));
        return;
    };
    let RefOr::T(own) = existing else {
        // A response the user references by name is theirs to complete.
        return;
    };
    let (Ok(mut own_json), Ok(edge_json)) = (
        serde_json::to_value(&*own),
        serde_json::to_value(response(std::slice::from_ref(entry))),
    ) else {
        return;
    };
    let content_type = entry.format.content_type();
    let edge_media = edge_json["content"][content_type].clone();
    match own_json["content"].get_mut(content_type) {
        Some(media) => merge_media(media, &edge_media),
        None => {
            if let Some(content) = own_json["content"].as_object_mut() {
                content.insert(content_type.to_owned(), edge_media);
            } else {
                own_json["content"] = json!({ content_type: edge_media });
            }
        }
    }
    let description = format!(
        "{}\n\n{}",
        own_json["description"].as_str().unwrap_or_default(),
        edge_json["description"].as_str().unwrap_or_default()
    );
    own_json["description"] = description.into();
    if let Ok(merged) = serde_json::from_value(own_json) {
        *own = merged;
    }
}
