//! `#[derive(thiserror::Error, ApiError)]` side by side: thiserror's attributes are left alone.
//! Sources without a default are marked `no_decode` for the `client` feature.

use apifault::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
pub enum AppError {
    #[error("io: {0}")]
    #[api(status = 503, code = "Unavailable", message = "Try again later", no_decode)]
    Io(#[from] std::io::Error),
    #[error("parse")]
    #[api(status = 400, message = "bad number", no_decode)]
    Parse {
        #[source]
        cause: std::num::ParseIntError,
    },
    #[error(transparent)]
    #[api(status = 500)]
    Other { source: std::fmt::Error },
}

fn main() {
    let error: AppError = std::io::Error::other("x").into();
    assert_eq!(error.message().to_string(), "Try again later");
}
