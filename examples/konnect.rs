//! Placeholder.

#[tokio::main]
async fn main() {
    apifault_examples::serve(apifault_examples::konnect::app()).await;
}
