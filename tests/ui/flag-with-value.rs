use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400)]
struct Inner;

#[derive(Debug, ApiError)]
enum E {
    #[api(transparent = true)]
    A(Inner),
}

fn main() {}
