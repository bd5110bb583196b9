//! `examples/konnect.rs`: placeholder, being written.
