use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 409.0)]
    A,
    #[api(status = 70000)]
    B,
    #[api(status = 409u16)]
    C,
}

fn main() {}
