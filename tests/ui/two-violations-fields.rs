use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400)]
    A {
        #[api(violations)]
        first: Vec<String>,
        #[api(violations)]
        second: Vec<String>,
    },
}

fn main() {}
