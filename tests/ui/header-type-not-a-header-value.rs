use apifault::ApiError;

struct Opaque;

#[derive(ApiError)]
enum E {
    #[api(status = 429)]
    A {
        #[api(header = "Retry-After")]
        retry_after: Opaque,
    },
}

fn main() {}
