//! The SQLite implementation of [`crate::MetadataStore`].

mod connections;
mod grants;
mod open;
mod query_log;
mod schema;
mod store_impl;
#[cfg(test)]
mod test_util;
mod tokens;
mod users;

pub(crate) use open::now;
pub use open::SqliteStore;
