use apifault::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum E {
    #[error("database: {0}")]
    #[api(status = 503, message("database said: {}", .0))]
    Database(#[from] std::io::Error),
}

fn main() {}
