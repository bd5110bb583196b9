use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(message = "no status")]
struct E;

fn main() {}
