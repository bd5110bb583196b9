//! The example servers over real HTTP: each starts on an ephemeral loopback port and a reqwest
//! client triggers every error its docs list, checking status, headers, `Content-Type` and
//! the exact body.

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
    use axum::Router;

    /// Serves `app` on `127.0.0.1:0` in the background; its base URL, such as
    /// `http://127.0.0.1:41234`.
    pub(crate) async fn spawn(app: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    /// A response's status, one header and body, read at once.
    pub(crate) struct Answer {
        pub(crate) status: u16,
        pub(crate) headers: reqwest::header::HeaderMap,
        pub(crate) body: String,
    }

    impl Answer {
        pub(crate) async fn from(response: reqwest::Response) -> Self {
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
