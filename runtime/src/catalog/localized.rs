//! The catalog of a type with locales: the error reference in each locale, and JSON with
//! every locale's messages and titles.

use serde_json::{Map, Value, json};

use super::Catalog;
use super::example::template_for_docs;
use crate::locale::{Localization, Translation};

impl Catalog {
    /// The error reference page ([`to_markdown`](Catalog::to_markdown)) with the messages,
    /// titles and example bodies of `locale`, one of `localization`'s (the type's
    /// [`ApiError::localization`](crate::ApiError::localization); found by RFC 4647 lookup).
    /// Codes, field names and the page's own words stay as they are; a code the locale does
    /// not translate shows the default message. For the default locale, or one the type does
    /// not have, the page is [`to_markdown`](Catalog::to_markdown)'s.
    ///
    /// ```
    /// # use apifault::ApiError;
    /// # #[derive(Debug, ApiError)]
    /// # #[api(locales = "locales", default_locale = "en", format = "errors")]
    /// # enum BookError {
    /// #     #[api(status = 404, code = "BookNotFound", message = "Book {isbn} not found")]
    /// #     NotFound { isbn: String },
    /// #     #[api(status = 409, code = "OutOfStock", message = "Only {copies} copies left")]
    /// #     OutOfStock { copies: u32 },
    /// # }
    /// let page = BookError::catalog().to_markdown_in(BookError::localization(), "de");
    /// assert!(page.contains("- Message: `Buch {isbn} nicht gefunden`"));
    /// assert!(page.contains("- Title: `Buch nicht gefunden`"));
    /// ```
    #[must_use]
    pub fn to_markdown_in(&self, localization: &Localization, locale: &str) -> String {
        match localization.lookup(locale) {
            Some(tag) if Some(tag) != localization.default_locale() => {
                self.markdown_with(Some((localization, tag)))
            }
            _ => self.to_markdown(),
        }
    }

    /// The catalog as JSON ([`to_json`](Catalog::to_json)) with every locale of
    /// `localization`: `"default_locale"` and `"locales"` (the default first) at the top, and
    /// in each error `"translations"`, an object with one member per locale,
    /// `{"message": ..., "title": ...}`: the default locale's from the attributes, each other's
    /// from its file (`null` where it gives none).
    ///
    /// ```
    /// # use apifault::ApiError;
    /// # #[derive(Debug, ApiError)]
    /// # #[api(locales = "locales", default_locale = "en", format = "errors")]
    /// # enum BookError {
    /// #     #[api(status = 404, code = "BookNotFound", message = "Book {isbn} not found")]
    /// #     NotFound { isbn: String },
    /// #     #[api(status = 409, code = "OutOfStock", message = "Only {copies} copies left")]
    /// #     OutOfStock { copies: u32 },
    /// # }
    /// let json = BookError::catalog().to_json_with_locales(BookError::localization());
    /// assert_eq!(json["locales"], serde_json::json!(["en", "de"]));
    /// let translations = &json["errors"][0]["translations"];
    /// assert_eq!(translations["en"]["message"], "Book {isbn} not found");
    /// assert_eq!(translations["de"]["message"], "Buch {isbn} nicht gefunden");
    /// assert_eq!(translations["de"]["title"], "Buch nicht gefunden");
    /// ```
    #[must_use]
    pub fn to_json_with_locales(&self, localization: &Localization) -> Value {
        let mut json = self.to_json();
        let Some(default) = localization.default_locale() else {
            return json;
        };
        let variants: Vec<_> = self.variants().collect();
        if let Some(errors) = json.get_mut("errors").and_then(Value::as_array_mut) {
            for (error, variant) in errors.iter_mut().zip(variants) {
                let mut translations = Map::new();
                translations.insert(
                    default.to_owned(),
                    json!({
                        "message": variant
                            .message_template()
                            .map_or_else(|| variant.title().to_owned(), template_for_docs),
                        "title": variant.title(),
                    }),
                );
                for table in localization.tables() {
                    let translation = localization.translation(table.tag(), variant.code());
                    translations.insert(
                        table.tag().to_owned(),
                        json!({
                            "message": translation.and_then(Translation::message),
                            "title": translation.and_then(Translation::title),
                        }),
                    );
                }
                if let Some(error) = error.as_object_mut() {
                    error.insert("translations".to_owned(), Value::Object(translations));
                }
            }
        }
        if let Some(object) = json.as_object_mut() {
            object.insert("default_locale".to_owned(), json!(default));
            object.insert(
                "locales".to_owned(),
                json!(localization.locales().collect::<Vec<_>>()),
            );
        }
        json
    }
}
