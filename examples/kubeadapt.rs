//! A Kubeadapt-style API (the clusters API of Kubeadapt's older docs): clusters in memory,
//! errors in FastAPI's `detail` shape.
//!
//! ```text
//! cargo run -p apifault-examples --example kubeadapt -- --addr 127.0.0.1:3000
//! ```
//!
//! Every route needs `Authorization: Bearer <api_key>`: `demo-key` may do everything,
//! `no-recs-key` may only read clusters (no `clusters:write`, no `recommendations:read`). Each
//! key may make 100 requests per minute. A cluster id is `c-` followed by 8 lowercase hex
//! digits; the keys' tenant owns `c-1a2b3c4d` and `c-5e6f7a8b`, and `c-0badf00d` belongs to
//! another tenant.
//!
//! | route | does | errors |
//! |---|---|---|
//! | every route | authenticates the key, counts the request | 401 `ApiKeyRequired`, 401 `InvalidApiKey`, 429 `RateLimited` |
//! | `GET /v1/clusters` | lists the tenant's clusters | |
//! | `POST /v1/clusters` `{"name","node_count"}` | creates one (`node_count` in 1..=5000) | 403 `MissingPermission`, 413 `PayloadTooLarge`, 422 `Validation` (also for a body not sent as JSON: no 415) |
//! | `GET /v1/clusters/{cluster_id}` | shows one | 400 `InvalidClusterId`, 403 `ClusterAccessDenied`, 404 `ClusterNotFound`, 422 `Validation` (an id not UTF-8 once percent-decoded) |
//! | `GET /v1/clusters/{cluster_id}/recommendations?timeframe=<days>` | rightsizing over 1..=90 days (default 30) | 403 `MissingPermission`, 422 `Validation`, 400, 403, 404 |
//! | any other path, or method | | 404 `RouteNotFound`, 405 `MethodNotAllowed` |
//!
//! The request types are the FastAPI app's, and a 422 is its body, byte for byte: every
//! problem of the request in one list, type problems and bounds alike, in field order (the
//! bounds are validator rules on the Rust types, checked by `apifault::axum::Valid`):
//!
//! ```python
//! class ClusterDraft(BaseModel):                   # the body of POST /v1/clusters
//!     name: str = Field(min_length=1)
//!     node_count: int = Field(ge=1, le=5000)
//!
//! timeframe: Annotated[int, Query(ge=1, le=90)] = 30   # GET .../recommendations
//! ```
//!
//! The server's OpenAPI document (`apifault_examples::kubeadapt::openapi()`, committed as
//! `examples/openapi/kubeadapt.json`) says the same, with the bodies' schemas and the bearer
//! security scheme.
//!
//! One curl line per error (`-H "$K"` after `K='Authorization: Bearer demo-key'`):
//!
//! ```text
//! curl -s localhost:3000/v1/clusters                                                            # 401 API key required
//! curl -s localhost:3000/v1/clusters -H 'Authorization: Bearer nope'                            # 401 Invalid API key
//! curl -s localhost:3000/v1/clusters/cluster-1 -H "$K"                                          # 400 Invalid cluster ID format
//! curl -s localhost:3000/v1/clusters/c-0badf00d -H "$K"                                         # 403 Access to this cluster is not allowed
//! curl -s localhost:3000/v1/clusters/c-00000099 -H "$K"                                         # 404 Cluster not found
//! curl -s localhost:3000/v1/clusters/c-1a2b3c4d/recommendations -H 'Authorization: Bearer no-recs-key'  # 403 Missing required permission: recommendations:read
//! curl -s 'localhost:3000/v1/clusters/c-1a2b3c4d/recommendations?timeframe=abc' -H "$K"         # 422 int_parsing
//! curl -s 'localhost:3000/v1/clusters/c-1a2b3c4d/recommendations?timeframe=0' -H "$K"           # 422 greater_than_equal
//! curl -s 'localhost:3000/v1/clusters/c-1a2b3c4d/recommendations?timeframe=91' -H "$K"          # 422 less_than_equal
//! curl -s localhost:3000/v1/clusters -H 'Authorization: Bearer no-recs-key' -H 'content-type: application/json' -d '{"name":"a","node_count":1}'  # 403 Missing required permission: clusters:write
//! curl -s localhost:3000/v1/clusters -H "$K" -H 'content-type: application/json' -d '{"name":"a","node_count":"three"}'  # 422 int_parsing
//! curl -s localhost:3000/v1/clusters -H "$K" -H 'content-type: application/json' -d '{"name":"a"}'                       # 422 missing
//! curl -s localhost:3000/v1/clusters -H "$K" -H 'content-type: application/json' -d '{"name" "a"}'                       # 422 json_invalid
//! curl -s localhost:3000/v1/clusters -H "$K" -H 'content-type: application/json' -d '{"name":"","node_count":0}'         # 422 string_too_short, greater_than_equal
//! curl -s localhost:3000/v1/clusters -H "$K" -H 'content-type: application/json' -d '{"name":"a","node_count":5001}'     # 422 less_than_equal
//! curl -s localhost:3000/v1/clusters -H "$K" -H 'content-type: application/json' -d '{"name":"","node_count":"three"}'   # 422 string_too_short, int_parsing
//! curl -s localhost:3000/v1/nope -H "$K"                                                        # 404 Not Found
//! curl -s -X DELETE localhost:3000/v1/clusters -H "$K"                                          # 405 Method Not Allowed
//! for i in $(seq 100); do curl -so /dev/null localhost:3000/v1/clusters -H "$K"; done; curl -si localhost:3000/v1/clusters -H "$K"  # 429 Rate limit exceeded, Retry-After, X-RateLimit-*
//! ```

#[tokio::main]
async fn main() {
    apifault_examples::serve(apifault_examples::kubeadapt::app()).await;
}
