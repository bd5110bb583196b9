use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(stauts = 400)]
    A,
}

fn main() {}
