use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400)]
enum E {
    #[api(code = "Invalid")]
    First,
    #[api(code = "Invalid")]
    Second,
}

fn main() {}
