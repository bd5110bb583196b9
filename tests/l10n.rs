//! Localized messages (issue 18): translations from `locales/shop/*.ftl`, rendered in every
//! format, negotiated, and described by the catalog.

use apifault::{ApiError, BuiltinFormat, ErrorResponse};

/// Errors of the shop, in English, German and French.
#[derive(Debug, ApiError)]
#[api(format = "problem", locales = "locales/shop", default_locale = "en")]
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
