use apifault::ApiError;

#[derive(ApiError)]
enum E {
    #[api(status = 429)]
    A {
        #[api(headers)]
        limits: u64,
    },
}

fn main() {}
