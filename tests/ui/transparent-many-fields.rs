use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400)]
struct Inner;

#[derive(Debug, ApiError)]
enum E {
    #[api(transparent)]
    A(Inner, u8),
}

fn main() {}
