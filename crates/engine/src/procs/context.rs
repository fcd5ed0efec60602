//! What a catalog procedure sees of the session: the current database, the databases the login
//! may use, and the session's identity.

use connector::TableDef;

use super::args::matches;
use crate::catalog::Database;
use crate::state::SessionInfo;

/// The session as procedures see it.
pub(crate) struct Ctx<'a> {
    /// The current database.
    pub db: &'a Database,
    /// Session identity and state.
    pub info: &'a SessionInfo,
    /// `SET FMTONLY ON`: result sets carry metadata only.
    pub fmtonly: bool,
}

impl Ctx<'_> {
    /// Whether an optional `@table_qualifier` names the current database (SQL Server only answers
    /// for the current one).
    pub(crate) fn is_current(&self, qualifier: Option<&str>) -> bool {
        qualifier.is_none_or(|q| q.eq_ignore_ascii_case(&self.db.name))
    }

    /// Every table and view of the current database whose owner (schema) and name pass the
    /// filters, ordered by owner then name (case-insensitively, as the default collation sorts).
    pub(crate) fn tables(
        &self,
        owner: Option<&str>,
        name: Option<&str>,
        use_pattern: bool,
    ) -> Vec<&TableDef> {
        let mut out: Vec<&TableDef> = self
            .db
            .schema_names()
            .iter()
            .flat_map(|s| self.db.tables_in(s).collect::<Vec<_>>())
            .filter(|t| {
                matches(owner, &t.schema, use_pattern) && matches(name, &t.name, use_pattern)
            })
            .collect();
        out.sort_by_key(|t| (t.schema.to_lowercase(), t.name.to_lowercase()));
        out
    }

    /// Connector (user) tables only: the ones with a primary key and statistics.
    pub(crate) fn user_tables(&self, owner: Option<&str>, name: Option<&str>) -> Vec<&TableDef> {
        self.db
            .user_tables()
            .iter()
            .filter(|t| matches(owner, &t.schema, false) && matches(name, &t.name, false))
            .collect()
    }
}

/// Text cut to `max` characters (REMARKS is `varchar(254)`).
pub(crate) fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}
