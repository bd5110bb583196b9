use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/incomplete", default_locale = "en", locales_complete)]
enum BookError {
    #[api(status = 404, code = "NotFound", message = "Book not found")]
    NotFound,
    #[api(status = 410, code = "Removed", message = "Book removed")]
    Removed,
}

fn main() {}
