use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, rename_all = "camelCase")]
    A,
}

fn main() {}
