//! Connector traits: the boundary between the engine and data sources.
//!
//! The engine sees a database as one [`Connector`] (for example one Stripe account). A connector
//! describes its tables with [`TableDef`]s, which feed the SQL Server catalog views, and hands out
//! DataFusion [`TableProvider`]s, which do the I/O. Connectors are created once per configured
//! connection by a [`ConnectorFactory`] and shared by every session on that database, so anything
//! per-account (rate budgets, HTTP pools) lives in the connector.

mod config;
mod error;
mod table;

pub use config::ConnectionConfig;
pub use error::{Error, Result};
pub use table::{
    ColumnDef, SqlType, TableDef, CASE_INSENSITIVE_METADATA_KEY, SQL_TYPE_METADATA_KEY,
};

use std::sync::Arc;

use datafusion::catalog::TableProvider;

/// One live data source: the tables of one database.
pub trait Connector: Send + Sync + std::fmt::Debug {
    /// Schema names this connector serves, e.g. `["Stripe"]`.
    fn schemas(&self) -> Vec<String>;

    /// Every table of one schema (canonical spelling), in a stable order.
    fn tables(&self, schema: &str) -> Vec<TableDef>;

    /// The provider for one table. `schema` and `table` are canonical names as returned by
    /// [`Connector::tables`]; the engine resolves case-insensitive spellings before calling.
    /// Must not do I/O: scans start only when the plan executes.
    fn table_provider(&self, schema: &str, table: &str) -> Option<Arc<dyn TableProvider>>;
}

/// Creates connectors of one kind (e.g. `stripe`) from stored connection settings.
pub trait ConnectorFactory: Send + Sync {
    /// The connection kind this factory serves, lower case (`stripe`).
    fn kind(&self) -> &str;

    /// Builds the connector for one connection. Must not do network I/O.
    fn connect(&self, config: &ConnectionConfig) -> Result<Arc<dyn Connector>>;
}
