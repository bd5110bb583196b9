use apifault::ApiError;

#[derive(ApiError)]
#[api(status = 400)]
union U {
    a: u32,
    b: f32,
}

fn main() {}
