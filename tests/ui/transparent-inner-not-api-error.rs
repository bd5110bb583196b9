use apifault::ApiError;

#[derive(Debug)]
struct NotAnApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(transparent)]
    A(NotAnApiError),
}

fn main() {}
