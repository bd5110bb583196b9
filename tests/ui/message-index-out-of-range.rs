use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, message = "{0} and {2}")]
    A(u8, u8),
}

fn main() {}
