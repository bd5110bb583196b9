//! A Connect-style API (commercetools Connect): deployments in memory, errors in the `errors`
//! shape.
//!
//! ```text
//! cargo run -p apifault-examples --example connect -- --addr 127.0.0.1:3000
//! ```
//!
//! | route | does | errors |
//! |---|---|---|
//! | `GET /deployments?limit=&offset=` | lists deployments | 400 `InvalidQueryParam` |
//! | `POST /deployments` `{"key","region"}` | creates one (version 1) | 400 `InvalidJsonInput`, 400 `DuplicateField` |
//! | `GET /deployments/key={key}` | shows one | 400 `InvalidJsonInput` (a key not UTF-8 once percent-decoded, also on the two routes below), 404 `ResourceNotFound` |
//! | `POST /deployments/key={key}` `{"version","actions":[...]}` | applies the actions in order, all or none; one new version if there were any | 400 `InvalidJsonInput`, 400 `InvalidOperation` (one per unknown action), 404 `ResourceNotFound`, 409 `ConcurrentModification` |
//! | `DELETE /deployments/key={key}?version=` | deletes one | 400 `InvalidQueryParam`, 404, 409 |
//!
//! The server's OpenAPI document (`apifault_examples::connect::openapi()`, committed as
//! `examples/openapi/connect.json`) says the same, with the bodies' schemas.
//!
//! Updates take commercetools' shape, so commercetools' clients (and their retry on a 409 with
//! `currentVersion`) work against it; the one action is `{"action":"setRegion","region":"..."}`,
//! and an empty `actions` list is valid. `/deployments/{key}` is an alias of
//! `/deployments/key={key}` for every method.
//!
//! One curl line per error (after the create on the first line):
//!
//! ```text
//! curl -s localhost:3000/deployments -H 'content-type: application/json' -d '{"key":"shop","region":"europe-west1"}'
//! curl -s localhost:3000/deployments -H 'content-type: application/json' -d '{"key":'                      # 400 InvalidJsonInput
//! curl -s localhost:3000/deployments -H 'content-type: application/json' -d '{"key":"shop","region":"x"}'  # 400 DuplicateField
//! curl -s 'localhost:3000/deployments?limit=many'                                                         # 400 InvalidQueryParam
//! curl -s localhost:3000/deployments/key=nope                                                             # 404 ResourceNotFound
//! curl -s localhost:3000/deployments/key=shop -H 'content-type: application/json' -d '{"version":1,"actions":[{"action":"rename"}]}'  # 400 InvalidOperation
//! curl -s localhost:3000/deployments/key=shop -H 'content-type: application/json' -d '{"version":7,"actions":[{"action":"setRegion","region":"x"}]}'  # 409 ConcurrentModification
//! curl -s -X DELETE 'localhost:3000/deployments/key=shop?version=7'                                       # 409 ConcurrentModification
//! curl -s localhost:3000/nowhere                                                                          # 404 NotFound
//! curl -s -X PUT localhost:3000/deployments                                                               # 405 MethodNotAllowed
//! ```

#[tokio::main]
async fn main() {
    apifault_examples::serve(apifault_examples::connect::app()).await;
}
