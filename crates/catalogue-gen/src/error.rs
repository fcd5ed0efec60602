//! Errors of the catalogue generator.

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why the catalogue could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec lacks something every Stripe spec has (`paths`, `components.schemas`, a `$ref`
    /// target), so it is not a Stripe OpenAPI document.
    #[error("malformed OpenAPI spec: {0}")]
    Spec(String),
}
