use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    #[api(status = 4000)]
    A,
}

fn takes(_: &impl ApiError) {}

fn main() {
    takes(&E::A);
    let _ = E::catalog();
}
