use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 409)]
    Conflict {
        #[api(expose)]
        current_version: u32,
    },
}

fn main() {}
