use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 500)]
    A {
        #[api(header = "X-Cause")]
        source: std::io::Error,
    },
}

fn main() {}
