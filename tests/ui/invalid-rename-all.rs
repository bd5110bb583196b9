use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(rename_all = "camel_case", status = 400)]
enum E {
    A { field_name: u8 },
}

fn main() {}
