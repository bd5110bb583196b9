use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/unknown-code", default_locale = "en")]
enum BookError {
    #[api(status = 404, code = "NotFound", message = "Book not found")]
    NotFound,
    #[api(status = 410, code = "BookRemoved", message = "Book removed")]
    Removed,
}

fn main() {}
