//! DataFusion catalog and schema providers over a [`Database`].
//!
//! The engine canonicalises names before planning, so lookups here normally hit the exact
//! spelling; they still match case-insensitively because SQL Server names are.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{CatalogProvider, SchemaProvider, TableProvider};
use datafusion::datasource::MemTable;
use datafusion::error::Result;

use super::database::{Database, INFORMATION_SCHEMA};
use super::{information_schema, sys};
use crate::state::SessionInfo;

/// One database as a DataFusion catalog, registered per session under the database's name.
#[derive(Debug)]
pub(crate) struct DatabaseCatalog {
    db: Arc<Database>,
    info: Arc<SessionInfo>,
}

impl DatabaseCatalog {
    /// `info` is the session: the databases its login may use (rows of `sys.databases`) and
    /// what `sys.dm_exec_sessions` shows.
    pub(crate) fn new(db: Arc<Database>, info: Arc<SessionInfo>) -> Self {
        DatabaseCatalog { db, info }
    }
}

impl CatalogProvider for DatabaseCatalog {
    fn schema_names(&self) -> Vec<String> {
        self.db.schema_names()
    }

    fn schema(&self, name: &str) -> Option<Arc<dyn SchemaProvider>> {
        let schema = self.db.find_schema(name)?;
        Some(Arc::new(DatabaseSchema {
            db: Arc::clone(&self.db),
            schema,
            info: Arc::clone(&self.info),
        }))
    }
}

/// One schema of a database: connector tables, or catalog views built on demand.
#[derive(Debug)]
struct DatabaseSchema {
    db: Arc<Database>,
    schema: String,
    info: Arc<SessionInfo>,
}

#[async_trait]
impl SchemaProvider for DatabaseSchema {
    fn table_names(&self) -> Vec<String> {
        self.db
            .tables_in(&self.schema)
            .map(|t| t.name.clone())
            .collect()
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        let Some(def) = self.db.find_table(&self.schema, name) else {
            return Ok(None);
        };
        if !Database::is_system_schema(&self.schema) {
            return Ok(self.db.connector.table_provider(&def.schema, &def.name));
        }
        // Catalog views are small and must reflect the session (sys.databases): build per query.
        let batch = if self.schema == INFORMATION_SCHEMA {
            information_schema::batch(&self.db, def)?
        } else {
            sys::batch(&self.db, def, &self.info)?
        };
        let table = MemTable::try_new(batch.schema(), vec![vec![batch]])?;
        Ok(Some(Arc::new(table)))
    }

    fn table_exist(&self, name: &str) -> bool {
        self.db.find_table(&self.schema, name).is_some()
    }
}
