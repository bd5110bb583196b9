//! A Konnect-style API (Kong Konnect control planes): control planes in memory, errors as
//! RFC 9457 problem+json in Konnect's profile (`instance` is `kong:trace:<request id>`,
//! field problems in `invalid_parameters`).
//!
//! ```text
//! cargo run -p apifault-examples --example konnect -- --addr 127.0.0.1:3000
//! ```
//!
//! Every route needs `Authorization: Bearer <token>`; any token is accepted, but `read-only`
//! may not create. A token may send 5 create requests in any 60 seconds (refused ones aside).
//! Send `x-request-id` to choose the request id that `instance` and the `x-request-id`
//! response header carry.
//!
//! | route | does | errors |
//! |---|---|---|
//! | `POST /v2/control-planes` `{"name","description"?,"cluster_type"?}` | creates one (201) | 400 `InvalidRequestFormat`, 400 `UnknownProperty`, 400 `InvalidParameters`, 401 `Unauthorized`, 403 `PermissionDenied`, 409 `Conflict`, 415 `UnsupportedMediaType`, 429 `RateLimited` |
//! | `GET /v2/control-planes/{id}` | shows one | 400 `InvalidRequestFormat` (an id not UTF-8 once percent-decoded), 400 `InvalidIdFormat`, 401 `Unauthorized`, 404 `ControlPlaneNotFound` |
//! | any other path | | 404 `RouteNotFound` |
//! | another method on a route | | 405 `MethodNotAllowed` (with `Allow`) |
//!
//! The server's OpenAPI document (`apifault_examples::konnect::openapi()`, committed as
//! `examples/openapi/konnect.json`) says the same, with the bodies' schemas.
//!
//! One curl line per error (after the create and the read on the first two lines; the lines
//! use three tokens so that the rate limit is only reached by the last one):
//!
//! ```text
//! curl -s localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_demo' -H 'content-type: application/json' -d '{"name":"prod","cluster_type":"CLUSTER_TYPE_CONTROL_PLANE"}'  # 201
//! curl -s localhost:3000/v2/control-planes/00000000-0000-4000-8000-000000000001 -H 'authorization: Bearer read-only'                # 200
//! curl -s localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_dev' -H 'content-type: application/json' -d '{"name":'    # 400 InvalidRequestFormat
//! curl -s localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_dev' -H 'content-type: application/json' -d '{"name":"dev","id":"x"}'  # 400 UnknownProperty
//! curl -s localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_dev' -H 'content-type: application/json' -d '{"name":" ","cluster_type":"CLUSTER_TYPE_HYBRID"}'  # 400 InvalidParameters
//! curl -s localhost:3000/v2/control-planes/nope -H 'authorization: Bearer kpat_demo'                                                # 400 InvalidIdFormat
//! curl -si localhost:3000/v2/control-planes -H 'x-request-id: demo-1' -H 'content-type: application/json' -d '{"name":"dev"}'       # 401 Unauthorized, WWW-Authenticate: Bearer
//! curl -s localhost:3000/v2/control-planes -H 'authorization: Bearer read-only' -H 'content-type: application/json' -d '{"name":"dev"}'  # 403 PermissionDenied
//! curl -s localhost:3000/v2/control-planes/00000000-0000-4000-8000-0000000000ff -H 'authorization: Bearer kpat_demo'                # 404 ControlPlaneNotFound
//! curl -s localhost:3000/v2/gateways -H 'authorization: Bearer kpat_demo'                                                           # 404 RouteNotFound
//! curl -si -X DELETE localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_demo'                                          # 405 MethodNotAllowed, Allow: POST
//! curl -s localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_demo' -H 'content-type: application/json' -d '{"name":"prod"}'  # 409 Conflict
//! curl -s localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_dev' -d '{"name":"dev"}'                                  # 415 UnsupportedMediaType (curl -d sends a form type)
//! for i in 1 2 3 4 5 6; do curl -si localhost:3000/v2/control-planes -H 'authorization: Bearer kpat_burst' -H 'content-type: application/json' -d "{\"name\":\"cp$i\"}"; done  # the sixth: 429 RateLimited, Retry-After: 60
//! ```

#[tokio::main]
async fn main() {
    apifault_examples::serve(apifault_examples::konnect::app()).await;
}
