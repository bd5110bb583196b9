//! The example servers over real HTTP: each starts on an ephemeral loopback port and a reqwest
//! client triggers every error its docs list, checking status, headers, `Content-Type` and
//! the exact body. A server started with `spawn_checked` passes every response it sends
//! through the contract check against its own OpenAPI document, so that a test fails on an
//! undocumented status, a missing content type or a body that breaks its schema.

#[path = "servers/connect.rs"]
mod connect;
#[path = "servers/konnect.rs"]
mod konnect;
#[path = "servers/konpro.rs"]
mod konpro;
#[path = "servers/kubeadapt.rs"]
mod kubeadapt;

/// What the servers' tests share.
mod common {
    use std::sync::{Arc, Mutex, PoisonError};

    use apifault::utoipa::contract::ContractCheck;
    use axum::Router;
    use axum::body::Body;
    use axum::extract::Request;
    use axum::middleware::Next;
    use axum::response::Response;

    /// The contract mismatches of each running checked server, by port.
    static MISMATCHES: Mutex<Vec<(u16, String)>> = Mutex::new(Vec::new());

    /// The mismatches recorded for the server on `port`.
    fn mismatches(port: u16) -> Vec<String> {
        MISMATCHES
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|(on, _)| *on == port)
            .map(|(_, mismatch)| mismatch.clone())
            .collect()
    }

    /// A running server whose every response is checked against its OpenAPI document. It
    /// reads as its base URL (`&server` is a `&str`, `{server}` its URL); when it is dropped
    /// at the end of a test, the test fails if any response broke the document (and
    /// [`Answer::from`] fails it at once, on the response that did).
    pub(crate) struct Checked {
        base: String,
        port: u16,
    }

    impl std::ops::Deref for Checked {
        type Target = str;

        fn deref(&self) -> &str {
            &self.base
        }
    }

    impl std::fmt::Display for Checked {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.base)
        }
    }

    impl Drop for Checked {
        fn drop(&mut self) {
            let found = mismatches(self.port);
            MISMATCHES
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .retain(|(on, _)| *on != self.port);
            assert!(
                found.is_empty() || std::thread::panicking(),
                "responses the OpenAPI document does not allow:\n{}",
                found.join("\n")
            );
        }
    }

    /// Serves `app` on `127.0.0.1:0` in the background, passing every response it sends
    /// (status, headers and body, for the request's method and path) through `ContractCheck`
    /// against `document`. Every server test starts its server so; there is no unchecked one.
    pub(crate) async fn spawn_checked(app: Router, document: &utoipa::openapi::OpenApi) -> Checked {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let port = addr.port();
        let check = Arc::new(ContractCheck::new(document));
        // Around the whole application, so that the fallbacks and the edge are checked too.
        let checked = Router::new()
            .fallback_service(app)
            .layer(axum::middleware::from_fn(
                move |request: Request, next: Next| {
                    let check = Arc::clone(&check);
                    async move { checked_response(&check, port, request, next).await }
                },
            ));
        tokio::spawn(async move { axum::serve(listener, checked).await.unwrap() });
        Checked {
            base: format!("http://{addr}"),
            port,
        }
    }

    /// The application's response to `request`, checked against the document, unchanged.
    async fn checked_response(
        check: &ContractCheck,
        port: u16,
        request: Request,
        next: Next,
    ) -> Response {
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let (parts, body) = next.run(request).await.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        if let Err(mismatch) = check.check(&method, &path, parts.status, &parts.headers, &body) {
            MISMATCHES
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((port, format!("{mismatch}")));
        }
        Response::from_parts(parts, Body::from(body))
    }

    /// A response's status, one header and body, read at once.
    pub(crate) struct Answer {
        pub(crate) status: u16,
        pub(crate) headers: reqwest::header::HeaderMap,
        pub(crate) body: String,
    }

    impl Answer {
        /// Reads `response`; fails at once if its server is checked and the response broke
        /// the server's OpenAPI document.
        pub(crate) async fn from(response: reqwest::Response) -> Self {
            if let Some(port) = response.url().port() {
                let found = mismatches(port);
                assert!(
                    found.is_empty(),
                    "responses the OpenAPI document does not allow:\n{}",
                    found.join("\n")
                );
            }
            Answer {
                status: response.status().as_u16(),
                headers: response.headers().clone(),
                body: response.text().await.unwrap(),
            }
        }

        pub(crate) fn header(&self, name: &str) -> &str {
            self.headers
                .get(name)
                .unwrap_or_else(|| panic!("no `{name}` header in {:?}", self.headers))
                .to_str()
                .unwrap()
        }
    }
}

/// The check is on: a response the document does not allow fails the test that receives it,
/// here a problem+json 404 checked against a document whose unknown routes answer in the
/// `errors` format.
#[tokio::test]
#[should_panic(expected = "Content-Type `application/problem+json` is not documented")]
async fn a_response_the_document_does_not_allow_fails_the_test() {
    let base = common::spawn_checked(
        apifault_examples::konnect::app(),
        &apifault_examples::connect::openapi(),
    )
    .await;
    let response = reqwest::get(format!("{base}/nowhere")).await.unwrap();
    common::Answer::from(response).await;
}
