use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, code)]
    A,
}

fn main() {}
