use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400)]
struct Inner;

#[derive(Debug, ApiError)]
enum E {
    #[api(transparent, status = 404, message = "not found")]
    A(Inner),
}

fn main() {}
