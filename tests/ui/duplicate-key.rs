use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, status = 404)]
    A,
}

fn main() {}
