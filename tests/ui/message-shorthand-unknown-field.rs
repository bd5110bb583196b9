use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 400, message("{} bytes", .sise))]
    A { size: u64 },
}

fn main() {}
