use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 503, expose)]
    Unavailable {
        #[api(expose)]
        retry_after_seconds: u32,
    },
}

fn main() {}
