use apifault::ApiError;

#[derive(ApiError)]
enum E {
    #[api(status = 400)]
    A {
        #[api(violations)]
        problems: Vec<String>,
    },
}

fn main() {}
