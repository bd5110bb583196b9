//! Localized messages (issue 18): translations from `locales/shop/*.ftl`, rendered in every
//! format, negotiated, and described by the catalog.

use apifault::{ApiError, BuiltinFormat, ErrorResponse};

/// Errors of the shop, in English, German and French.
#[derive(Debug, ApiError)]
#[api(
    format = "problem",
    locales = "locales/shop",
    default_locale = "en",
    display
)]
pub enum ShopError {
    /// No item has this SKU.
    #[api(
        status = 404,
        code = "ItemNotFound",
        message = "Item {sku} was not found"
    )]
    NotFound {
        /// The item's stock-keeping unit.
        sku: String,
    },
    /// The cart cannot take another item.
    #[api(
        status = 409,
        code = "CartFull",
        message = "Your cart holds {count} items, the most it can"
    )]
    CartFull {
        /// How many items the cart holds.
        count: u32,
    },
    /// The store is down for a while.
    #[api(
        status = 503,
        code = "Unavailable",
        message = "Retry in {retry_after_seconds}s"
    )]
    Unavailable {
        /// When to try again.
        #[api(expose)]
        retry_after_seconds: u64,
        /// The service that is down (internal).
        upstream: String,
    },
    /// A message no locale translates.
    #[api(status = 400, code = "OnlyEnglish", message = "Only in English")]
    OnlyEnglish,
    /// No message: its title, which German translates.
    #[api(status = 401, code = "Unauthorized")]
    Unauthorized,
}

fn body(response: &ErrorResponse<ShopError>, format: BuiltinFormat) -> String {
    let mut out = Vec::new();
    response.render_as(&format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn messages_in_each_locale() {
    let error = ShopError::NotFound { sku: "A-1".into() };
    assert_eq!(error.message().to_string(), "Item A-1 was not found");
    assert_eq!(error.message_in("en").to_string(), "Item A-1 was not found");
    assert_eq!(
        error.message_in("de").to_string(),
        "Artikel A-1 wurde nicht gefunden"
    );
    assert_eq!(
        error.message_in("fr").to_string(),
        "L'article « A-1 » est introuvable, dit \"la boutique\""
    );
    assert_eq!(error.title_in("de"), "Artikel nicht gefunden");
    assert_eq!(error.title_in("fr"), "Not Found");
    assert_eq!(
        ShopError::OnlyEnglish.message_in("de").to_string(),
        "Only in English"
    );
    assert_eq!(
        ShopError::Unauthorized.message_in("de").to_string(),
        "Nicht angemeldet"
    );
    assert_eq!(
        ShopError::Unauthorized.message_in("fr").to_string(),
        "Unauthorized"
    );
}

#[test]
fn plurals_follow_cldr() {
    let de = |count| ShopError::CartFull { count }.message_in("de").to_string();
    assert_eq!(de(0), "Ihr Warenkorb ist leer");
    assert_eq!(
        de(1),
        "Ihr Warenkorb enthält einen Artikel, mehr geht nicht"
    );
    assert_eq!(de(7), "Ihr Warenkorb enthält 7 Artikel, mehr geht nicht");
    let fr = |count| ShopError::CartFull { count }.message_in("fr").to_string();
    // French: 0 and 1 are `one`, millions are `many`.
    assert_eq!(fr(0), "Votre panier contient 0 article");
    assert_eq!(fr(1), "Votre panier contient 1 article");
    assert_eq!(fr(2), "Votre panier contient 2 articles");
    assert_eq!(fr(2_000_000), "Votre panier contient 2000000 d’articles");
}

#[test]
fn every_format_renders_the_locale() {
    let response = ErrorResponse::new(ShopError::NotFound { sku: "A-1".into() }).with_locale("de");
    assert_eq!(
        body(&response, BuiltinFormat::Problem),
        r#"{"title":"Artikel nicht gefunden","status":404,"detail":"Artikel A-1 wurde nicht gefunden","sku":"A-1"}"#
    );
    assert_eq!(
        body(&response, BuiltinFormat::Errors),
        r#"{"statusCode":404,"message":"Artikel A-1 wurde nicht gefunden","errors":[{"code":"ItemNotFound","message":"Artikel A-1 wurde nicht gefunden","sku":"A-1"}]}"#
    );
    assert_eq!(
        body(&response, BuiltinFormat::Envelope),
        r#"{"error":{"code":"ItemNotFound","message":"Artikel A-1 wurde nicht gefunden","sku":"A-1"}}"#
    );
    assert_eq!(
        body(&response, BuiltinFormat::Detail),
        r#"{"detail":"Artikel A-1 wurde nicht gefunden"}"#
    );
    let fr = ErrorResponse::new(ShopError::NotFound { sku: "A\"1".into() }).with_locale("fr-CA");
    assert_eq!(fr.locale(), Some("fr"));
    assert_eq!(
        body(&fr, BuiltinFormat::Detail),
        r#"{"detail":"L'article « A\"1 » est introuvable, dit \"la boutique\""}"#
    );
}

#[test]
fn headers_say_the_language() {
    let explicit = ErrorResponse::new(ShopError::OnlyEnglish).with_locale("de");
    let http = explicit.to_http_response().unwrap();
    assert_eq!(http.headers()["content-language"], "de");
    assert!(http.headers().get("vary").is_none());

    let negotiated =
        ErrorResponse::new(ShopError::OnlyEnglish).with_accept_language("ja, fr;q=0.5");
    let http = negotiated.to_http_response().unwrap();
    assert_eq!(http.headers()["content-language"], "fr");
    assert_eq!(http.headers()["vary"], "accept-language");

    let unknown = ErrorResponse::new(ShopError::OnlyEnglish).with_accept_language("ja");
    assert_eq!(unknown.locale(), Some("en"));
    let plain = ErrorResponse::new(ShopError::OnlyEnglish)
        .to_http_response()
        .unwrap();
    assert_eq!(plain.headers()["content-language"], "en");
}

#[test]
fn codes_and_field_names_are_never_translated() {
    let error = || ShopError::Unavailable {
        retry_after_seconds: 30,
        upstream: "db".into(),
    };
    let de = body(
        &ErrorResponse::new(error()).with_locale("de"),
        BuiltinFormat::Errors,
    );
    let en = body(&ErrorResponse::new(error()), BuiltinFormat::Errors);
    assert_eq!(
        de,
        r#"{"statusCode":503,"message":"Bitte in 30 s erneut versuchen","errors":[{"code":"Unavailable","message":"Bitte in 30 s erneut versuchen","retryAfterSeconds":30}]}"#.replace("retryAfterSeconds", "retry_after_seconds")
    );
    assert_eq!(
        de.replace("Bitte in 30 s erneut versuchen", "Retry in 30s"),
        en
    );
}

#[test]
fn the_localization_lists_every_locale() {
    let localization = ShopError::localization();
    assert_eq!(
        localization.locales().collect::<Vec<_>>(),
        ["en", "de", "fr"]
    );
    let translation = localization.translation("de", "CartFull").unwrap();
    assert_eq!(
        translation.message(),
        Some("Ihr Warenkorb enthält {count} Artikel, mehr geht nicht")
    );
    assert_eq!(
        localization
            .translation("de", "ItemNotFound")
            .unwrap()
            .title(),
        Some("Artikel nicht gefunden")
    );
    assert!(localization.translation("fr", "OnlyEnglish").is_none());
}

/// What a test needs of a response.
struct Answer {
    status: u16,
    language: Option<String>,
    vary: Option<String>,
    body: String,
}

async fn get(url: &str, accept_language: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new()
        .get(url)
        .header("x-request-id", "req-1");
    if let Some(accept_language) = accept_language {
        request = request.header("accept-language", accept_language);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    Answer {
        status: response.status().as_u16(),
        language: header("content-language"),
        vary: header("vary"),
        body: response.text().await.unwrap(),
    }
}

/// The same checks against either framework's server, which answers `GET /items/{sku}` with
/// `ItemNotFound` and `GET /cart` with `CartFull { count: 1 }`.
async fn negotiates(base: &str) {
    let german = get(&format!("{base}/items/A-1"), Some("de")).await;
    assert_eq!(german.status, 404);
    assert_eq!(german.language.as_deref(), Some("de"));
    assert_eq!(german.vary.as_deref(), Some("accept-language"));
    assert_eq!(
        german.body,
        r#"{"title":"Artikel nicht gefunden","status":404,"detail":"Artikel A-1 wurde nicht gefunden","instance":"req-1","sku":"A-1"}"#
    );

    // An unknown language, and none at all: the default locale, still varying by the header.
    for accept_language in [Some("ja, zh;q=0.5"), None] {
        let english = get(&format!("{base}/items/A-1"), accept_language).await;
        assert_eq!(
            english.language.as_deref(),
            Some("en"),
            "{accept_language:?}"
        );
        assert_eq!(english.vary.as_deref(), Some("accept-language"));
        assert_eq!(
            english.body,
            r#"{"title":"Not Found","status":404,"detail":"Item A-1 was not found","instance":"req-1","sku":"A-1"}"#
        );
    }

    // q-values: French is preferred over German here, German over French there; a region
    // finds its language; q=0 refuses one.
    let cases = [
        (
            "de;q=0.5, fr;q=0.9",
            "fr",
            "Votre panier contient 1 article",
        ),
        (
            "fr;q=0.5, de-AT;q=0.9",
            "de",
            "Ihr Warenkorb enthält einen Artikel, mehr geht nicht",
        ),
        (
            "de;q=0, en-GB;q=0.1",
            "en",
            "Your cart holds 1 items, the most it can",
        ),
        ("*", "en", "Your cart holds 1 items, the most it can"),
    ];
    for (accept_language, language, message) in cases {
        let answer = get(&format!("{base}/cart"), Some(accept_language)).await;
        assert_eq!(answer.status, 409);
        assert_eq!(
            answer.language.as_deref(),
            Some(language),
            "{accept_language}"
        );
        assert!(
            answer.body.contains(&format!(r#""detail":"{message}""#)),
            "{accept_language}: {}",
            answer.body
        );
    }
}

mod axum_server {
    use apifault::ErrorResponse;
    use apifault::axum::Contract;
    use axum::Router;
    use axum::extract::Path;
    use axum::routing::get;

    use super::ShopError;

    async fn item(Path(sku): Path<String>) -> Result<String, ShopError> {
        Err(ShopError::NotFound { sku })
    }

    async fn cart() -> ErrorResponse<ShopError> {
        ErrorResponse::new(ShopError::CartFull { count: 1 })
    }

    /// An explicit locale wins over the header.
    async fn french() -> ErrorResponse<ShopError> {
        ErrorResponse::new(ShopError::CartFull { count: 1 }).with_locale("fr")
    }

    async fn spawn() -> String {
        let app = Router::new()
            .route("/items/{sku}", get(item))
            .route("/cart", get(cart))
            .route("/french", get(french))
            .layer(Contract::<ShopError>::new());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn accept_language_is_negotiated() {
        let base = spawn().await;
        super::negotiates(&base).await;
        let french = super::get(&format!("{base}/french"), Some("de")).await;
        assert_eq!(french.language.as_deref(), Some("fr"));
        assert_eq!(
            french.vary, None,
            "chosen by the application, not by the header"
        );
        assert!(french.body.contains("Votre panier"), "{}", french.body);
    }
}

mod actix_server {
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpServer, web};
    use apifault::ErrorResponse;
    use apifault::actix_web::contract;

    use super::ShopError;

    async fn item(sku: web::Path<String>) -> Result<String, ShopError> {
        Err(ShopError::NotFound {
            sku: sku.into_inner(),
        })
    }

    async fn cart() -> Result<String, ErrorResponse<ShopError>> {
        Err(ErrorResponse::new(ShopError::CartFull { count: 1 }))
    }

    fn spawn() -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let server = HttpServer::new(|| {
            App::new()
                .route("/items/{sku}", web::get().to(item))
                .route("/cart", web::get().to(cart))
                .wrap(from_fn(contract::<ShopError, _>))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        std::thread::spawn(move || actix_web::rt::System::new().block_on(server));
        format!("http://{addr}")
    }

    #[tokio::test]
    async fn accept_language_is_negotiated() {
        super::negotiates(&spawn()).await;
    }
}

/// A localized response decodes to its variant: by code where the format sends one, by the
/// translated title or message where it does not.
#[test]
fn localized_responses_decode_to_their_variants() {
    use apifault::client::Decoder;
    let cases = [
        (
            ShopError::NotFound { sku: "A-1".into() },
            BuiltinFormat::Problem,
        ),
        (
            ShopError::NotFound { sku: "A-1".into() },
            BuiltinFormat::Errors,
        ),
        (
            ShopError::NotFound { sku: "A-1".into() },
            BuiltinFormat::Envelope,
        ),
        // `detail` sends neither the code nor the members: the status and the translated
        // message tell the variant.
        (ShopError::Unauthorized, BuiltinFormat::Detail),
        (ShopError::CartFull { count: 3 }, BuiltinFormat::Errors),
        (ShopError::Unauthorized, BuiltinFormat::Problem),
    ];
    for (error, format) in cases {
        let code = error.code();
        let response = ErrorResponse::new(error).with_locale("de");
        let http = response.to_http_response_as(&format).unwrap();
        assert_eq!(http.headers()["content-language"], "de");
        let decoded = Decoder::new()
            .decode_as::<ShopError>(format, http.status(), http.headers(), http.body())
            .unwrap();
        let known = decoded.errors[0]
            .known()
            .unwrap_or_else(|| panic!("{code} in {format}: {:?}", decoded.errors));
        assert_eq!(known.code(), code, "{format}");
        if let ShopError::NotFound { sku } = known {
            assert_eq!(sku, "A-1", "{format}");
        }
    }
}

#[test]
fn the_catalog_in_each_locale() {
    let catalog = ShopError::catalog();
    let german = catalog.to_markdown_in(ShopError::localization(), "de-DE");
    assert!(german.contains("Messages in `de`"), "{german}");
    assert!(
        german.contains("- Message: `Artikel {sku} wurde nicht gefunden`"),
        "{german}"
    );
    assert!(
        german.contains("- Title: `Artikel nicht gefunden`"),
        "{german}"
    );
    // The example body is in German too; the code and member names are not.
    assert!(
        german.contains(r#""title":"Artikel nicht gefunden","status":404,"detail":"Artikel {sku} wurde nicht gefunden","sku":"string""#),
        "{german}"
    );
    // A code German does not translate keeps its English message.
    assert!(german.contains("- Message: `Only in English`"), "{german}");
    assert_eq!(
        catalog.to_markdown_in(ShopError::localization(), "en"),
        catalog.to_markdown()
    );
    assert_eq!(
        catalog.to_markdown_in(ShopError::localization(), "ja"),
        catalog.to_markdown()
    );

    let json = catalog.to_json_with_locales(ShopError::localization());
    assert_eq!(json["default_locale"], "en");
    assert_eq!(json["locales"], serde_json::json!(["en", "de", "fr"]));
    let cart = &json["errors"][1];
    assert_eq!(cart["code"], "CartFull");
    assert_eq!(
        cart["translations"],
        serde_json::json!({
            "en": {"message": "Your cart holds {count} items, the most it can", "title": "Conflict"},
            "de": {"message": "Ihr Warenkorb enthält {count} Artikel, mehr geht nicht", "title": null},
            "fr": {"message": "Votre panier contient {count} articles", "title": null},
        })
    );
    // Everything `to_json` says is still there.
    let mut without = json.clone();
    let object = without.as_object_mut().unwrap();
    object.remove("default_locale");
    object.remove("locales");
    for error in object["errors"].as_array_mut().unwrap() {
        error.as_object_mut().unwrap().remove("translations");
    }
    assert_eq!(without, catalog.to_json());
}
