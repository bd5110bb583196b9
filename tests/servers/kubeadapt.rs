//! `examples/kubeadapt.rs`: placeholder, being written.
