use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(format = "problm", status = 400)]
enum E {
    A,
}

fn main() {}
