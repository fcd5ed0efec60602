//! Errors raised while building connectors.

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a connector could not be created.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The stored settings are unusable (bad URL, wrong key type, …).
    #[error("invalid connection settings: {0}")]
    InvalidConfig(String),
    /// No factory is registered for the connection's kind.
    #[error("unknown connection kind '{0}'")]
    UnknownKind(String),
}
