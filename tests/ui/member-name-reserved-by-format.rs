use apifault::ApiError;

#[derive(Debug, ApiError)]
#[api(format = "problem")]
enum E {
    #[api(status = 400)]
    A { status: u16, #[api(rename = "title")] heading: String },
}

fn main() {}
