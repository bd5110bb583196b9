//! Placeholder: being written.

/// The server.
pub fn app() -> axum::Router {
    axum::Router::new()
}
