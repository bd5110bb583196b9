use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400, message = "bad")]
enum E {
    A,
}

fn main() {}
