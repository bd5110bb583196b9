//! `examples/konpro.rs`: placeholder, being written.
