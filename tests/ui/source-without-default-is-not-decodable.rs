use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 503)]
    Database { source: std::io::Error },
}

fn main() {}
