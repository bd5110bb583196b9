use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(format = "json")]
enum E {
    #[api(status = 200)]
    A,
    #[api(status = 400, mesage = "x")]
    B,
    #[api(status = 400, message = "{missing}")]
    C,
}

fn main() {}
