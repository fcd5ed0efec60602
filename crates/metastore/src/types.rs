//! Plain data types handed across the [`crate::MetadataStore`] boundary.
//!
//! `Debug` is hand-written for every type that carries a secret so that a stray `{:?}` in a
//! log line can never print a PAT or a Stripe key.

use std::fmt;

/// A person who may log in. `email` is stored lower-cased; it is the TDS login name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Row id.
    pub id: i64,
    /// Lower-cased email address.
    pub email: String,
    /// Database (connection name) selected at login when the client names none.
    pub default_database: Option<String>,
}

/// A freshly created or imported personal access token. The secret exists only here: the
/// store keeps its SHA-256, so this is the one chance to show it to the user.
pub struct NewToken {
    /// Token row id, used to revoke it.
    pub id: i64,
    /// The secret the client sends as its TDS password.
    pub token: String,
}

impl fmt::Debug for NewToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewToken")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Metadata about one token, for listing; the secret itself is never recoverable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Token row id.
    pub id: i64,
    /// Owner's (lower-cased) email.
    pub email: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last successful login, updated at most once a minute.
    pub last_used_at: Option<i64>,
    /// Revoked tokens never verify again.
    pub revoked: bool,
}

/// A connection (one database) to be added.
#[derive(Clone)]
pub struct NewConnection {
    /// Database name clients use, e.g. `Stripe1`; 1–128 chars of `[A-Za-z0-9_]`.
    pub name: String,
    /// Connector kind; only `stripe` for now.
    pub kind: String,
    /// Stripe secret (`sk_…`) or restricted (`rk_…`) key.
    pub api_key: String,
    /// API base URL override (e.g. a local stripe-sim); `None` means Stripe itself.
    pub api_base: Option<String>,
}

impl fmt::Debug for NewConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewConnection")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("api_key", &"<redacted>")
            .field("api_base", &self.api_base)
            .finish()
    }
}

/// A stored connection with its API key decrypted.
#[derive(Clone, PartialEq, Eq)]
pub struct Connection {
    /// Row id.
    pub id: i64,
    /// Canonical name (the spelling used when it was added).
    pub name: String,
    /// Connector kind, e.g. `stripe`.
    pub kind: String,
    /// Decrypted API key.
    pub api_key: String,
    /// API base URL override.
    pub api_base: Option<String>,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("api_key", &"<redacted>")
            .field("api_base", &self.api_base)
            .finish()
    }
}

/// One executed batch, for the optional query log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLogEntry {
    /// Unix seconds when the batch started.
    pub started_at: i64,
    /// Who ran it.
    pub email: String,
    /// Current database at the time, if any.
    pub database: Option<String>,
    /// Batch text (truncated by the store to 16 KiB).
    pub sql: String,
    /// Wall time in milliseconds.
    pub duration_ms: i64,
    /// Rows returned or affected, when known.
    pub row_count: Option<i64>,
    /// Error text sent to the client, if the batch failed.
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "sk_test_SuperSecret123";

    #[test]
    fn debug_of_secret_bearing_types_hides_secrets() {
        let t = NewToken {
            id: 7,
            token: "vtds_TopSecretTokenValue".into(),
        };
        let s = format!("{t:?} {t:#?}");
        assert!(!s.contains("TopSecret"), "{s}");
        assert!(s.contains('7'));

        let nc = NewConnection {
            name: "Stripe1".into(),
            kind: "stripe".into(),
            api_key: SECRET.into(),
            api_base: None,
        };
        let s = format!("{nc:?} {nc:#?}");
        assert!(!s.contains("SuperSecret"), "{s}");
        assert!(s.contains("Stripe1"));

        let c = Connection {
            id: 1,
            name: "Stripe1".into(),
            kind: "stripe".into(),
            api_key: SECRET.into(),
            api_base: Some("http://127.0.0.1:1".into()),
        };
        let s = format!("{c:?} {c:#?}");
        assert!(!s.contains("SuperSecret"), "{s}");
        assert!(s.contains("127.0.0.1"));
    }
}
