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
//! | `GET /deployments/{key}` | shows one | 404 `ResourceNotFound` |
//! | `POST /deployments/{key}` `{"version","region"}` | updates one | 400 `InvalidJsonInput`, 404 `ResourceNotFound`, 409 `ConcurrentModification` |
//! | `DELETE /deployments/{key}?version=` | deletes one | 400 `InvalidQueryParam`, 404, 409 |
//!
//! One curl line per error (after the create on the first line):
//!
//! ```text
//! curl -s localhost:3000/deployments -H 'content-type: application/json' -d '{"key":"shop","region":"europe-west1"}'
//! curl -s localhost:3000/deployments -H 'content-type: application/json' -d '{"key":'                      # 400 InvalidJsonInput
//! curl -s localhost:3000/deployments -H 'content-type: application/json' -d '{"key":"shop","region":"x"}'  # 400 DuplicateField
//! curl -s 'localhost:3000/deployments?limit=many'                                                         # 400 InvalidQueryParam
//! curl -s localhost:3000/deployments/nope                                                                 # 404 ResourceNotFound
//! curl -s localhost:3000/deployments/shop -H 'content-type: application/json' -d '{"version":7,"region":"x"}'  # 409 ConcurrentModification
//! ```

#[tokio::main]
async fn main() {
    apifault_examples::serve(apifault_examples::connect::app()).await;
}
