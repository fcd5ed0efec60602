//! The [`MetadataStore`] trait: what the server, engine and admin CLI need from storage.
//!
//! It lives here (not in its callers) because several crates call it and `SqliteStore` is the
//! one real implementation; callers that want a fake implement this trait.

use crate::error::Result;
use crate::types::{Connection, NewConnection, NewToken, QueryLogEntry, User};

/// Users, personal access tokens, connections and grants.
///
/// Methods are synchronous and fast (one SQLite statement or two); async callers on a tokio
/// runtime may call them directly for logins and lookups.
pub trait MetadataStore: Send + Sync {
    /// Creates a user. Emails are validated and lower-cased; [`crate::Error::AlreadyExists`]
    /// if the address exists in any letter case.
    fn create_user(&self, email: &str) -> Result<User>;

    /// Looks a user up case-insensitively; `Ok(None)` if absent or not a valid address.
    fn get_user(&self, email: &str) -> Result<Option<User>>;

    /// All users, ordered by email.
    fn list_users(&self) -> Result<Vec<User>>;

    /// Sets or clears the database chosen at login when the client names none. The name must
    /// be a valid connection name; it need not exist yet (the engine resolves it at login).
    fn set_default_database(&self, email: &str, database: Option<&str>) -> Result<()>;

    /// Creates a random token for the user. The secret is returned once and stored only as
    /// a hash.
    fn create_token(&self, email: &str) -> Result<NewToken>;

    /// Stores a caller-chosen token (16–128 characters, no whitespace), hashed like a random
    /// one. Used by the demo's `--token` so documented commands can carry a fixed password.
    fn import_token(&self, email: &str, token: &str) -> Result<NewToken>;

    /// Revokes a token by id; revoking twice is fine, an unknown id is `NotFound`.
    fn revoke_token(&self, token_id: i64) -> Result<()>;

    /// Checks a login. `Ok(None)` for an unknown user, a wrong token and a revoked token
    /// alike, so a client cannot probe which emails exist.
    fn verify_login(&self, email: &str, token: &str) -> Result<Option<User>>;

    /// Adds a connection, encrypting its API key. Names are unique case-insensitively.
    fn add_connection(&self, conn: &NewConnection) -> Result<Connection>;

    /// Looks a connection up case-insensitively, decrypting its key
    /// ([`crate::Error::Crypto`] under the wrong master key).
    fn get_connection(&self, name: &str) -> Result<Option<Connection>>;

    /// All connections with decrypted keys, ordered by name.
    fn list_connections(&self) -> Result<Vec<Connection>>;

    /// Lets a user use a connection. Idempotent; `NotFound` if either side is missing.
    fn grant(&self, email: &str, connection: &str) -> Result<()>;

    /// Canonical names of the connections a user may use, ordered by name; `NotFound` for an
    /// unknown user.
    fn granted_connections(&self, email: &str) -> Result<Vec<String>>;

    /// Records an executed batch. The default does nothing so fakes need not care.
    fn log_query(&self, entry: &QueryLogEntry) -> Result<()> {
        let _ = entry;
        Ok(())
    }
}
