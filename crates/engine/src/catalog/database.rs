//! One database: a connector plus the table dictionary used for case-insensitive names; and
//! the system databases every session also sees.

use std::fmt;
use std::sync::{Arc, OnceLock};

use connector::{Connector, TableDef};
use datafusion::catalog::TableProvider;

use super::{information_schema, routines, sys, sys_dm, sys_extra, sys_objects};

/// Schema of the ISO catalog views.
pub(crate) const INFORMATION_SCHEMA: &str = "INFORMATION_SCHEMA";
/// Schema of SQL Server's system views.
pub(crate) const SYS: &str = "sys";

/// A database as sessions see it. Built once per configured connection and shared by every
/// session (the connector inside holds the account's rate budget).
pub(crate) struct Database {
    /// Canonical database name (the connection name), e.g. `Stripe1`.
    pub name: String,
    /// The data source.
    pub connector: Arc<dyn Connector>,
    user_schemas: Vec<String>,
    user_tables: Vec<TableDef>,
    system_tables: Vec<TableDef>,
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Database")
            .field("name", &self.name)
            .field("tables", &self.user_tables.len())
            .finish()
    }
}

impl Database {
    /// Reads the connector's table definitions once; they are static for a connector.
    pub(crate) fn new(name: &str, connector: Arc<dyn Connector>) -> Self {
        let user_schemas = connector.schemas();
        let user_tables = user_schemas
            .iter()
            .flat_map(|s| connector.tables(s))
            .collect();
        let mut system_tables = information_schema::definitions();
        system_tables.extend(sys::definitions());
        system_tables.extend(sys_objects::definitions());
        system_tables.extend(sys_extra::definitions());
        system_tables.extend(sys_dm::definitions());
        system_tables.push(routines::definition());
        Database {
            name: name.to_string(),
            connector,
            user_schemas,
            user_tables,
            system_tables,
        }
    }

    /// The connector's schemas, canonical spelling.
    pub(crate) fn user_schemas(&self) -> &[String] {
        &self.user_schemas
    }

    /// Every connector table, in the connector's order.
    pub(crate) fn user_tables(&self) -> &[TableDef] {
        &self.user_tables
    }

    /// Every schema name, including the catalog views' schemas.
    pub(crate) fn schema_names(&self) -> Vec<String> {
        let mut names = self.user_schemas.clone();
        names.push(INFORMATION_SCHEMA.to_string());
        names.push(SYS.to_string());
        names
    }

    /// Canonical spelling of a schema name, case-insensitively.
    pub(crate) fn find_schema(&self, name: &str) -> Option<String> {
        self.schema_names()
            .into_iter()
            .find(|s| s.eq_ignore_ascii_case(name))
    }

    /// Whether `schema` (canonical) holds catalog views rather than connector tables.
    pub(crate) fn is_system_schema(schema: &str) -> bool {
        schema == INFORMATION_SCHEMA || schema == SYS
    }

    /// Tables of one schema (any spelling).
    pub(crate) fn tables_in(&self, schema: &str) -> impl Iterator<Item = &TableDef> {
        let schema = schema.to_string();
        self.user_tables
            .iter()
            .chain(self.system_tables.iter())
            .filter(move |t| t.schema.eq_ignore_ascii_case(&schema))
    }

    /// A table by schema and name, both case-insensitive.
    pub(crate) fn find_table(&self, schema: &str, table: &str) -> Option<&TableDef> {
        self.tables_in(schema)
            .find(|t| t.name.eq_ignore_ascii_case(table))
    }

    /// A one-part name: SQL Server looks in the user's default schema; vtds has no `dbo` tables,
    /// so the connector's schemas are searched in order.
    /// Compatibility views (`sysdatabases`) are found without a schema too, as in SQL Server.
    pub(crate) fn find_unqualified(&self, table: &str) -> Option<&TableDef> {
        self.user_tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(table))
            .or_else(|| {
                sys_extra::is_compatibility_view(table)
                    .then(|| self.find_table(SYS, table))
                    .flatten()
            })
    }
}

// SQL Server's system databases: master, tempdb, model and msdb (database_id 1–4, listed before
// the Stripe databases in `sys.databases`, as SSMS and ADS expect). They hold no tables, only
// the catalog views, so `USE master` and `master.sys.databases` work as on SQL Server.

/// The system databases in `database_id` order (1 to 4).
pub(crate) const SYSTEM_DATABASES: [&str; 4] = ["master", "tempdb", "model", "msdb"];

/// The first `database_id` of the Stripe databases.
pub(crate) const FIRST_USER_DATABASE_ID: i64 = 5;

/// A data source with no tables.
#[derive(Debug)]
struct NoTables;

impl Connector for NoTables {
    fn schemas(&self) -> Vec<String> {
        Vec::new()
    }

    fn tables(&self, _schema: &str) -> Vec<TableDef> {
        Vec::new()
    }

    fn table_provider(&self, _schema: &str, _table: &str) -> Option<Arc<dyn TableProvider>> {
        None
    }
}

/// The system databases, built once and shared by every session.
pub(crate) fn system_databases() -> &'static [Arc<Database>] {
    static DATABASES: OnceLock<Vec<Arc<Database>>> = OnceLock::new();
    DATABASES.get_or_init(|| {
        SYSTEM_DATABASES
            .iter()
            .map(|name| Arc::new(Database::new(name, Arc::new(NoTables))))
            .collect()
    })
}

/// `database_id` of a system database (case-insensitive name).
pub(crate) fn system_database_id(name: &str) -> Option<i64> {
    SYSTEM_DATABASES
        .iter()
        .position(|s| s.eq_ignore_ascii_case(name))
        .map(|i| i as i64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::fake::fake_connector;

    #[test]
    fn finds_tables_in_any_case() {
        let db = Database::new("Stripe1", fake_connector());
        assert_eq!(db.find_schema("stripe").as_deref(), Some("Stripe"));
        assert_eq!(
            db.find_schema("information_schema").as_deref(),
            Some(INFORMATION_SCHEMA)
        );
        assert_eq!(
            db.find_table("STRIPE", "customers")
                .map(|t| t.name.as_str()),
            Some("Customers")
        );
        assert_eq!(
            db.find_unqualified("CHARGES").map(|t| t.schema.as_str()),
            Some("Stripe")
        );
        assert!(db.find_table("INFORMATION_SCHEMA", "columns").is_some());
        assert!(db.find_table("Stripe", "Nope").is_none());
    }
}
