//! A deterministic Stripe API simulator for tests, demos and benchmarks.
