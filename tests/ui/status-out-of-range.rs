use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 200)]
    A,
    #[api(status = 600)]
    B,
}

fn main() {}
