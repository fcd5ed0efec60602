//! Users, personal access tokens, connections and grants in SQLite.
//!
//! A client logs in to vtds with its email as user name and a personal access token (PAT) as
//! password; [`MetadataStore::verify_login`] checks that on every connection. Connections
//! (Stripe accounts) carry API keys encrypted under a [`MasterKey`] that the `vtds` binary
//! keeps in a key file; this crate never reads files or the environment beyond the SQLite
//! path it is given.

// Tests may unwrap; the plain (non-test) lib build still denies it, so production code is
// checked. A workspace `clippy.toml` with `allow-unwrap-in-tests` would make this redundant.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod crypto;
mod error;
mod sqlite;
mod store;
mod token;
mod types;
mod validate;

pub use crypto::MasterKey;
pub use error::{Error, Result};
pub use sqlite::SqliteStore;
pub use store::MetadataStore;
pub use types::{Connection, NewConnection, NewToken, QueryLogEntry, TokenInfo, User};
