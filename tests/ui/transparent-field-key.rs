use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400)]
struct Inner;

#[derive(Debug, ApiError)]
enum E {
    #[api(transparent)]
    A(#[api(skip)] Inner),
}

fn main() {}
