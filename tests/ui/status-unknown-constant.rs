use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = CONFICT)]
    A,
}

fn main() {}
