//! Generates connector-stripe's table catalogue from Stripe's OpenAPI spec (`spec3.json`).
//!
//! STRIPE.md forbids hand-typing ~70 tables: [`generate`] turns the spec into the Rust source of
//! `connector-stripe/src/catalogue/generated.rs` (checked in, so the project builds without the
//! spec), and a drift test regenerates it to prove the file still matches. The generator is a pure
//! function of the spec, deterministic and independent of the spec's version.

mod columns;
mod emit;
mod error;
mod markdown;
mod model;
mod naming;
mod schema;
mod tables;

pub use emit::rust_source;
pub use error::{Error, Result};
pub use markdown::markdown;
pub use model::{Column, Filter, Kind, Parent, StrLen, Table};
pub use naming::{const_name, pascal_case, plain_description};
pub use tables::{tables, CHILD_TABLES};

/// The Rust source of the catalogue for `spec` (the parsed `spec3.json`).
pub fn generate(spec: &serde_json::Value) -> Result<String> {
    Ok(rust_source(&tables(spec)?, &api_version(spec)))
}

/// The `docs/tables.md` text for `spec`.
pub fn generate_markdown(spec: &serde_json::Value) -> Result<String> {
    Ok(markdown(&tables(spec)?, &api_version(spec)))
}

/// `info.version` of the spec (Stripe's API version, e.g. `2023-08-16`).
pub fn api_version(spec: &serde_json::Value) -> String {
    spec.pointer("/info/version")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("unknown")
        .to_string()
}
