use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, colour = "red")]
    A,
}

fn main() {}
