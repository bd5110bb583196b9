//! Placeholder.

#[tokio::main]
async fn main() {
    apifault_examples::serve(apifault_examples::kubeadapt::app()).await;
}
