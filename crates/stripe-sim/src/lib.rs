//! A deterministic Stripe API simulator for tests, demos and benchmarks.
//!
//! It serves seeded, spec-shaped Stripe objects over the real HTTP API (list with cursors and
//! filters, retrieve, Stripe-shaped errors, auth by key, test clocks whose customers the lists
//! hide as Stripe's do) and counts requests, so it can act as an independent oracle for the
//! Stripe connector. It can also rate-limit (429) and inject seeded 500s, to exercise a
//! client's retries. It deliberately shares no code with any other workspace crate.
//!
//! It also serves the Search API, `GET /v1/<resource>/search?query=…` for customers, charges,
//! invoices, payment intents, prices, products and subscriptions: a subset of Stripe's query
//! language (grammar in `search_query.rs`, searchable fields in `search_eval.rs`), all
//! matches including test-clock objects, newest first, paged by opaque `next_page` tokens.
//!
//! Resources are described by a registry (`registry.rs`): each has a URL segment, an object
//! name, its list filters, a generator and a renderer. Objects are stored as compact rows (sort
//! key, filter values, seed) and rendered to JSON on demand.

// serde_json::json! recurses once per token; a full charge object needs more than 128.
#![recursion_limit = "256"]
// Tests may unwrap: a panic there is a test failure with a location, which is what we want.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod auth;
mod catalog;
mod config;
#[cfg(test)]
mod consistency;
mod error;
mod faults;
mod http;
mod params;
mod plan;
mod plan_generic;
mod registry;
mod resources;
mod rng;
mod route;
mod search;
mod search_eval;
mod search_fields;
mod search_query;
mod server;
mod simulator;
mod stats;
mod table;

pub use config::{SimConfig, DEFAULT_API_KEY};
pub use error::{Error, Result};
pub use server::SimServer;
pub use simulator::Simulator;
pub use stats::Stats;
