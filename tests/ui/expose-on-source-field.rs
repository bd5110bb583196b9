use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 500, no_decode)]
    Database {
        #[api(expose)]
        source: std::io::Error,
    },
}

fn main() {}
