use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400)]
struct Inner;

#[derive(Debug, ApiError)]
enum E {
    #[api(transparent, no_decode, code = "X")]
    A(Inner),
}

fn main() {}
