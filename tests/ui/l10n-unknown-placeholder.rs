use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/placeholder", default_locale = "en")]
enum BookError {
    #[api(status = 404, code = "NotFound", message = "Book {isbn} not found")]
    NotFound { isbn: String },
}

fn main() {}
