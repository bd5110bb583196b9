use apifault::ApiError;

// `de_DE.ftl`: BCP 47 joins subtags with `-`.
#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/bad-tag", default_locale = "en")]
enum BookError {
    #[api(status = 404, code = "NotFound", message = "Book not found")]
    NotFound,
}

// A directory per locale (`de_AT/errors.ftl`) is named after its tag too.
#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/bad-dir", default_locale = "en")]
enum ShelfError {
    #[api(status = 404, code = "NotFound", message = "Shelf not found")]
    NotFound,
}

// So is the default locale.
#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/incomplete", default_locale = "en_US")]
enum RoomError {
    #[api(status = 404, code = "NotFound", message = "Room not found")]
    NotFound,
}

fn main() {}
