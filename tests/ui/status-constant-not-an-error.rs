use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = OK)]
    A,
}

fn main() {}
