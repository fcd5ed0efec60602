//! The Stripe table catalogue: one static [`ResourceSpec`] per table.
//!
//! `generated.rs` is written by `crates/catalogue-gen` from Stripe's OpenAPI spec and checked in
//! (the project builds without the spec); `tests/catalogue_drift.rs` proves it still matches.

// The generator owns the layout (one line per column); rustfmt would reflow 3000 lines.
#[rustfmt::skip]
mod generated;
mod spec;

pub use generated::*;
pub use spec::{
    col, ColumnKind, ColumnSpec, FilterSpec, ParentSpec, ResourceSpec, DECIMAL_PRECISION,
    DECIMAL_SCALE, EMAIL_LEN, ENUM_LEN, ID_LEN, PHONE_LEN, SCHEMA,
};

/// The resource behind a table name (exact, canonical spelling).
pub fn resource(table: &str) -> Option<&'static ResourceSpec> {
    RESOURCES.iter().copied().find(|r| r.table == table)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
