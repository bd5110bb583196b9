use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, code = "First")]
    #[api(code = "Second")]
    A,
}

fn main() {}
