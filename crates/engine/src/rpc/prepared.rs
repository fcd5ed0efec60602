//! Prepared statements of one session: sp_prepare / sp_prepexec store the text and declaration
//! under an integer handle, sp_execute runs it, sp_unprepare forgets it.

use std::collections::HashMap;

use tds_server::{ErrorKind, SqlError};

use super::declare::Declared;

/// A bound on handles per session, so a client that never unprepares cannot grow it forever.
const MAX_PREPARED: usize = 10_000;

/// One prepared statement.
#[derive(Debug, Clone)]
pub(crate) struct PreparedStatement {
    /// The statement text.
    pub sql: String,
    /// Its parameter declarations.
    pub declared: Vec<Declared>,
}

/// The session's handle table.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    statements: HashMap<i32, PreparedStatement>,
    next: i32,
}

impl Prepared {
    /// Stores a statement; returns its handle (1, 2, … like SQL Server's small handles).
    pub(crate) fn insert(&mut self, stmt: PreparedStatement) -> Result<i32, SqlError> {
        if self.statements.len() >= MAX_PREPARED {
            return Err(SqlError::new(
                ErrorKind::NotSupported,
                "Too many prepared statements on this connection; unprepare some first.",
            ));
        }
        loop {
            self.next = self.next.checked_add(1).unwrap_or(1);
            if !self.statements.contains_key(&self.next) {
                break;
            }
        }
        self.statements.insert(self.next, stmt);
        Ok(self.next)
    }

    /// The statement of a handle, or 8179.
    pub(crate) fn get(&self, handle: i32) -> Result<&PreparedStatement, SqlError> {
        self.statements.get(&handle).ok_or_else(|| {
            SqlError::new(
                ErrorKind::UnknownPreparedHandle,
                format!("Could not find prepared statement with handle {handle}."),
            )
        })
    }

    /// Forgets a handle; `false` when it was unknown.
    pub(crate) fn remove(&mut self, handle: i32) -> bool {
        self.statements.remove(&handle).is_some()
    }

    /// Forgets everything (RESETCONNECTION).
    pub(crate) fn clear(&mut self) {
        self.statements.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_small_and_unique() {
        let mut p = Prepared::default();
        let s = || PreparedStatement {
            sql: "SELECT 1".into(),
            declared: vec![],
        };
        let a = p.insert(s()).unwrap();
        let b = p.insert(s()).unwrap();
        assert_eq!((a, b), (1, 2));
        assert_eq!(p.get(1).unwrap().sql, "SELECT 1");
        assert!(p.remove(1));
        assert!(!p.remove(1));
        assert_eq!(p.get(1).unwrap_err().number(), 8179);
        p.clear();
        assert!(p.get(2).is_err());
    }
}
