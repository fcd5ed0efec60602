//! Case-insensitive resolution of object names against the session's databases.

use std::sync::Arc;

use connector::TableDef;

use super::database::Database;

/// A table reference resolved to canonical names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResolvedTable<'a> {
    /// The database holding the table.
    pub db: &'a Database,
    /// The table's definition (canonical schema and name, columns).
    pub def: &'a TableDef,
}

/// Resolves names against the databases a session may use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolver<'a> {
    databases: &'a [Arc<Database>],
    current: Option<&'a Database>,
}

impl<'a> Resolver<'a> {
    /// `current` should be one of `databases`; without one only 3-part names resolve.
    pub(crate) fn new(databases: &'a [Arc<Database>], current: Option<&'a Database>) -> Self {
        Resolver { databases, current }
    }

    /// A database by name, case-insensitively.
    pub(crate) fn database(&self, name: &str) -> Option<&'a Database> {
        self.databases
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
            .map(|d| d.as_ref())
    }

    /// Resolves a 1- to 4-part object name (`[server.][db.][schema.]table`; empty parts as in
    /// `db..table` mean "default").
    pub(crate) fn resolve(&self, parts: &[&str]) -> Option<ResolvedTable<'a>> {
        let (db, schema, table) = match parts {
            [t] => (self.current?, "", *t),
            [s, t] => (self.current?, *s, *t),
            [d, s, t] | [_, d, s, t] => (self.database_for(d)?, *s, *t),
            _ => return None,
        };
        let def = if schema.is_empty() || schema.eq_ignore_ascii_case("dbo") {
            db.find_unqualified(table)?
        } else {
            db.find_table(schema, table)?
        };
        Some(ResolvedTable { db, def })
    }

    /// The database of a 3-part name; empty (`db..table`) is the current one. The system
    /// databases (`master.sys.databases`) are among the session's databases.
    fn database_for(&self, db: &str) -> Option<&'a Database> {
        if db.is_empty() {
            return self.current;
        }
        self.database(db)
    }

    /// Canonical spelling of a schema name in any database, for qualifiers in expressions.
    pub(crate) fn schema_name(&self, name: &str) -> Option<String> {
        self.current
            .and_then(|c| c.find_schema(name))
            .or_else(|| self.databases.iter().find_map(|d| d.find_schema(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::fake::fake_connector;

    #[test]
    fn resolves_every_spelling() {
        let mut dbs = vec![Arc::new(Database::new("Stripe1", fake_connector()))];
        dbs.extend(crate::catalog::system_databases().iter().cloned());
        let r = Resolver::new(&dbs, Some(&dbs[0]));
        let name = |p: &[&str]| {
            r.resolve(p)
                .map(|t| format!("{}.{}.{}", t.db.name, t.def.schema, t.def.name))
        };
        let full = Some("Stripe1.Stripe.Customers".to_string());
        assert_eq!(name(&["customers"]), full);
        assert_eq!(name(&["STRIPE", "Customers"]), full);
        assert_eq!(name(&["stripe1", "stripe", "customers"]), full);
        assert_eq!(name(&["stripe1", "", "customers"]), full);
        assert_eq!(name(&["srv", "Stripe1", "Stripe", "Customers"]), full);
        assert_eq!(name(&["dbo", "Customers"]), full);
        assert_eq!(
            name(&["master", "sys", "databases"]),
            Some("master.sys.databases".to_string())
        );
        assert_eq!(
            name(&["MASTER", "", "sysdatabases"]),
            Some("master.sys.sysdatabases".to_string())
        );
        assert_eq!(name(&["master", "Stripe", "Customers"]), None);
        assert_eq!(name(&["Stripe", "Nope"]), None);
        assert_eq!(name(&["Other", "Stripe", "Customers"]), None);
    }
}
