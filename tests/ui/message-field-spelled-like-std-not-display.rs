use apifault::ApiError;

/// A user's own type that shares the name of a standard one but has no `Display`.
#[derive(Debug, Default)]
struct String;

#[derive(Debug, ApiError)]
#[api(status = 400, message = "bad {name}")]
struct E {
    #[api(skip)]
    name: String,
}

fn main() {}
