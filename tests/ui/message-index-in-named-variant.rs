use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, message = "bad {0}")]
    A { name: String },
}

fn main() {}
