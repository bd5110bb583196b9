use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 500, message = "query {query} failed")]
    Database { query: String },
}

fn main() {}
