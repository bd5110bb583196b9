use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, code = "not found")]
    A,
    #[api(status = 400, code = "")]
    B,
}

fn main() {}
