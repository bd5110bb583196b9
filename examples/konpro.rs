//! A KonPro-style API (the KonPro avatars API): avatars in memory, errors in KonPro's envelope
//! `{"error":{"code","message","details"},"request_id"}`.
//!
//! ```text
//! cargo run -p apifault-examples --example konpro -- --addr 127.0.0.1:3000
//! ```
//!
//! Every request needs `x-api-key`: `demo-key` may read and write, `read-only-key` may only
//! read. Each key may make 10 requests per minute; the 11th gets a 429 with `Retry-After`,
//! `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`, `RateLimit-Policy` and
//! `RateLimit`. The request id is the client's `x-request-id`, or a generated one; it comes
//! back in the `x-request-id` header and, on errors, as `request_id`.
//!
//! | route | does | errors |
//! |---|---|---|
//! | any | checks the key and its rate limit | 401 `INVALID_API_KEY`, 429 `RATE_LIMIT_EXCEEDED` |
//! | `GET /v1/avatars` | lists avatars | (the above) |
//! | `POST /v1/avatars` `{"avatar_id","name"}` | creates one (201) | 403 `INSUFFICIENT_PERMISSIONS`, 400 `INVALID_REQUEST`, 400 `VALIDATION_ERROR` |
//! | `GET /v1/avatars/{avatar_id}` | shows one | 400 `INVALID_REQUEST` (an ID not UTF-8 once percent-decoded), 404 `RESOURCE_NOT_FOUND` |
//! | any other path | | 404 `RESOURCE_NOT_FOUND` |
//! | another method on a known path | | 405 `METHOD_NOT_ALLOWED` |
//!
//! Messages are in English, or in German for a client that prefers it (`Accept-Language`, with
//! q-values; `examples/locales/konpro/de.ftl`); every error response says which in
//! `Content-Language`, and `Vary: Accept-Language`. Codes and field names are never translated.
//!
//! ```text
//! curl -si localhost:3000/v1/avatars/nope -H 'x-api-key: demo-key' -H 'accept-language: de'              # 404, Content-Language: de, "Avatar nope wurde nicht gefunden"
//! curl -si localhost:3000/v1/avatars/nope -H 'x-api-key: demo-key' -H 'accept-language: fr, de;q=0.5'    # 404 in German: no French, German next
//! curl -si localhost:3000/v1/avatars/nope -H 'x-api-key: demo-key' -H 'accept-language: ja'              # 404 in English, Content-Language: en
//! ```
//!
//! The server's OpenAPI document (`apifault_examples::konpro::openapi()`, committed as
//! `examples/openapi/konpro.json`) says the same, with the bodies' schemas.
//!
//! One curl line per error (after the create on the first line):
//!
//! ```text
//! curl -s localhost:3000/v1/avatars -H 'x-api-key: demo-key' -H 'content-type: application/json' -d '{"avatar_id":"av-1","name":"Anna"}'
//! curl -s localhost:3000/v1/avatars                                                                                                       # 401 INVALID_API_KEY
//! curl -s localhost:3000/v1/avatars -H 'x-api-key: wrong'                                                                                 # 401 INVALID_API_KEY
//! curl -s localhost:3000/v1/avatars -H 'x-api-key: read-only-key' -H 'content-type: application/json' -d '{"avatar_id":"a","name":"b"}'   # 403 INSUFFICIENT_PERMISSIONS
//! curl -s localhost:3000/v1/avatars -H 'x-api-key: demo-key' -H 'x-request-id: req-123456' -H 'content-type: application/json' -d '{"name":"Anna"}'  # 400 INVALID_REQUEST
//! curl -s localhost:3000/v1/avatars -H 'x-api-key: demo-key' -H 'content-type: application/json' -d '{}'                                 # 400 INVALID_REQUEST, two details
//! curl -s localhost:3000/v1/avatars -H 'x-api-key: demo-key' -H 'content-type: application/json' -d '{"avatar_id":'                      # 400 INVALID_REQUEST, malformed JSON
//! curl -s localhost:3000/v1/avatars -H 'x-api-key: demo-key' -H 'content-type: application/json' -d '{"avatar_id":"av-1","name":"Bo"}'   # 400 VALIDATION_ERROR
//! curl -s localhost:3000/v1/avatars/nope -H 'x-api-key: demo-key'                                                                         # 404 RESOURCE_NOT_FOUND
//! curl -s localhost:3000/v2/avatars -H 'x-api-key: demo-key'                                                                              # 404 RESOURCE_NOT_FOUND
//! curl -s -X DELETE localhost:3000/v1/avatars -H 'x-api-key: demo-key'                                                                    # 405 METHOD_NOT_ALLOWED
//! for i in $(seq 11); do curl -si localhost:3000/v1/avatars -H 'x-api-key: read-only-key'; done                                          # 429 RATE_LIMIT_EXCEEDED (the last)
//! ```

#[tokio::main]
async fn main() {
    apifault_examples::serve(apifault_examples::konpro::app()).await;
}
