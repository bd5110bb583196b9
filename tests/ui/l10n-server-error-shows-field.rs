use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(locales = "ui/locales/server-error", default_locale = "en")]
enum StoreError {
    #[api(status = 500, code = "Database")]
    Database { query: String },
    #[api(status = 503, code = "Unavailable", message = "Retry in {retry_after}s")]
    Unavailable {
        #[api(expose)]
        retry_after: u32,
        upstream: String,
    },
}

fn main() {}
