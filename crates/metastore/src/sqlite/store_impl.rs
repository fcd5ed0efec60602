//! `MetadataStore` for `SqliteStore`, plus admin-only extras not every store needs.

use super::{connections, grants, query_log, tokens, users, SqliteStore};
use crate::error::Result;
use crate::store::MetadataStore;
use crate::token;
use crate::types::{Connection, NewConnection, NewToken, QueryLogEntry, TokenInfo, User};

impl MetadataStore for SqliteStore {
    fn create_user(&self, email: &str) -> Result<User> {
        users::create(&self.conn(), email)
    }

    fn get_user(&self, email: &str) -> Result<Option<User>> {
        users::get(&self.conn(), email)
    }

    fn list_users(&self) -> Result<Vec<User>> {
        users::list(&self.conn())
    }

    fn set_default_database(&self, email: &str, database: Option<&str>) -> Result<()> {
        users::set_default_database(&self.conn(), email, database)
    }

    fn create_token(&self, email: &str) -> Result<NewToken> {
        tokens::insert(&self.conn(), email, token::generate())
    }

    fn import_token(&self, email: &str, token: &str) -> Result<NewToken> {
        token::validate_import(token)?;
        tokens::insert(&self.conn(), email, token.to_owned())
    }

    fn revoke_token(&self, token_id: i64) -> Result<()> {
        tokens::revoke(&self.conn(), token_id)
    }

    fn verify_login(&self, email: &str, token: &str) -> Result<Option<User>> {
        tokens::verify(&self.conn(), email, token)
    }

    fn add_connection(&self, conn: &NewConnection) -> Result<Connection> {
        connections::add(&self.conn(), &self.key, conn)
    }

    fn get_connection(&self, name: &str) -> Result<Option<Connection>> {
        connections::get(&self.conn(), &self.key, name)
    }

    fn list_connections(&self) -> Result<Vec<Connection>> {
        connections::list(&self.conn(), &self.key)
    }

    fn grant(&self, email: &str, connection: &str) -> Result<()> {
        grants::grant(&self.conn(), email, connection)
    }

    fn granted_connections(&self, email: &str) -> Result<Vec<String>> {
        grants::granted(&self.conn(), email)
    }

    fn log_query(&self, entry: &QueryLogEntry) -> Result<()> {
        query_log::insert(&self.conn(), entry)
    }
}

impl SqliteStore {
    /// A user's tokens (never the secrets), oldest first; `NotFound` for an unknown user.
    pub fn list_tokens(&self, email: &str) -> Result<Vec<TokenInfo>> {
        tokens::list(&self.conn(), email)
    }

    /// Withdraws a grant. Idempotent; `NotFound` if the user or connection is missing.
    pub fn revoke_grant(&self, email: &str, connection: &str) -> Result<()> {
        grants::revoke(&self.conn(), email, connection)
    }

    /// The newest `limit` query-log entries, newest first.
    pub fn recent_queries(&self, limit: usize) -> Result<Vec<QueryLogEntry>> {
        query_log::recent(&self.conn(), limit)
    }
}
