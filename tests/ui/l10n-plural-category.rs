use apifault::ApiError;

// German has no `few`; a select chooses by number.
#[derive(Debug, ApiError)]
#[api(format = "errors", locales = "ui/locales/plural", default_locale = "en")]
enum CartError {
    #[api(status = 409, code = "TooMany", message = "{count} books are too many")]
    TooMany { count: u32 },
    #[api(status = 409, code = "ByTitle", message = "{title} is sold out")]
    ByTitle { title: String },
}

fn main() {}
