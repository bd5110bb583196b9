use apifault::ApiError;

struct NotSerialize;

#[derive(ApiError)]
enum E {
    #[api(status = 400)]
    A { value: NotSerialize },
}

fn main() {}
