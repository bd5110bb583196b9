use apifault::ApiError;

struct Query(String);

impl serde::Serialize for Query {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

// A 5xx's fields are not sent, so a client cannot decode `query` (it has no `Default`).
#[derive(ApiError)]
enum E {
    #[api(status = 500)]
    Database { query: Query },
}

fn main() {}
