use apifault::ApiError;

#[derive(Debug, ApiError)]
enum E {
    // `region` may be shown, `shard` may not.
    #[api(status = 503, message = "{region} is overloaded (shard {shard})")]
    Overloaded {
        #[api(expose)]
        region: String,
        shard: String,
    },
}

fn main() {}
