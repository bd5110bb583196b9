use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400)]
    A {
        #[api(skip, rename = "other")]
        field: u8,
    },
}

fn main() {}
