use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = "409")]
    A,
}

fn main() {}
