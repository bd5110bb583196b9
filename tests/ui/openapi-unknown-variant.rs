use apifault::ApiError;
use apifault::utoipa::Errors;

#[derive(Debug, ApiError)]
pub enum BookError {
    #[api(status = 404)]
    NotFound,
}

#[utoipa::path(get, path = "/books", responses(Errors<(book_error::NotFund,)>))]
fn list() {}

fn main() {}
