use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 429)]
    A {
        #[api(skip, header = "Retry-After")]
        retry_after: u64,
    },
}

fn main() {}
