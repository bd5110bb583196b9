use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/syntax", default_locale = "en")]
enum BookError {
    #[api(status = 404, code = "NotFound", message = "Book not found")]
    NotFound,
    #[api(status = 410, code = "Removed", message = "Book removed {when}")]
    Removed { when: String },
}

// Without a directory, or without the default locale.
#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/none-such", default_locale = "en")]
enum Missing {
    #[api(status = 404, message = "Missing")]
    NotFound,
}

#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/syntax")]
enum NoDefault {
    #[api(status = 404, message = "Missing")]
    NotFound,
}

fn main() {}
