use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 404, code_case = "SCREAMING_SNAKE_CASE")]
enum E {
    NotFound,
    #[api(code = "NOT_FOUND")]
    Missing,
}

fn main() {}
