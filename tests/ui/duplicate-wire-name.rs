use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
enum E {
    #[api(status = 400)]
    A {
        field_name: u8,
        #[api(rename = "fieldName")]
        other: u8,
    },
}

fn main() {}
