use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, message = "bad {}")]
    A { name: String },
}

fn main() {}
