use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api]
    A,
    #[api = "status"]
    B,
}

fn main() {}
