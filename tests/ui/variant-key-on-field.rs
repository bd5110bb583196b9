use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400)]
    A {
        #[api(status = 404)]
        field: u8,
    },
}

fn main() {}
