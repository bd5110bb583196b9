use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(code_case = "SHOUTING", status = 400)]
enum E {
    A,
}

fn main() {}
