use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400)]
    A,
    #[api(code = "NoStatus")]
    B,
}

fn main() {}
