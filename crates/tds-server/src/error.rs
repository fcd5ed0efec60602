//! Errors of the listener itself (configuration, binding, TLS setup). Per-connection failures
//! never surface here: they close that connection and are logged at debug level.

/// A listener or configuration failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Socket-level failure (bind, accept).
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The certificate or key could not be loaded, or rustls rejected them.
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// The configuration is inconsistent (e.g. encryption required without a certificate).
    #[error("invalid server configuration: {0}")]
    Config(String),
    /// A malformed TDS structure (connection-level; used internally).
    #[error("protocol error: {0}")]
    Protocol(#[from] tds_proto::Error),
}

/// Result of the listener.
pub type Result<T, E = Error> = std::result::Result<T, E>;
