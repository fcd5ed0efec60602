//! The crate's one error type.
//!
//! Messages name the *kind* of thing (a user's email, a connection's name) but never a secret:
//! callers log these errors and show them to administrators.

/// Everything that can go wrong in the metadata store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A user or connection with that (case-insensitive) name already exists.
    #[error("{0} already exists")]
    AlreadyExists(String),
    /// The named user, token, or connection does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// Input failed validation; the text says which rule, never echoes a secret.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A stored secret could not be decrypted: wrong master key or a tampered row.
    #[error("cannot decrypt stored secret (wrong master key or corrupted data)")]
    Crypto,
    /// Creating the database file failed (before SQLite took over).
    #[error("metadata database file: {0}")]
    Io(#[from] std::io::Error),
    /// The SQLite layer failed. rusqlite errors carry SQL text and constraint names, not bound
    /// parameter values, so secrets passed as parameters cannot leak through them.
    #[error("metadata database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// True when `e` is a UNIQUE (or PRIMARY KEY) constraint failure, which we report as
/// [`Error::AlreadyExists`] rather than a raw SQLite error.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}
