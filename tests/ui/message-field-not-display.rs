use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, message = "bad {items}")]
    A { items: Vec<u8> },
}

fn main() {}
