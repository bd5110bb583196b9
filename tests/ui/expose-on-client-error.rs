use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 404, expose, message = "no {id}")]
    A { id: u32 },
}

fn main() {}
