//! Transaction statements. Nothing is transactional (every Stripe write is final), but clients
//! wrap work in BEGIN/COMMIT and read `@@TRANCOUNT`, so the nesting level is tracked.

use sqlparser::ast::Statement;

use crate::state::Dynamic;

/// Applies BEGIN / COMMIT / ROLLBACK; returns false for other statements.
pub(crate) fn apply(stmt: &Statement, state: &mut Dynamic) -> bool {
    match stmt {
        Statement::StartTransaction { .. } => state.trancount = state.trancount.saturating_add(1),
        // A COMMIT without BEGIN would be 3902 on SQL Server; clients with autocommit off send
        // it unconditionally, so it is tolerated.
        Statement::Commit { .. } => state.trancount = (state.trancount - 1).max(0),
        Statement::Rollback { .. } => state.trancount = 0,
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted() {
        let mut d = Dynamic::default();
        for stmt in crate::parse::parse_batch("BEGIN TRAN BEGIN TRANSACTION COMMIT").unwrap() {
            assert!(apply(&stmt, &mut d));
        }
        assert_eq!(d.trancount, 1);
        let rollback = crate::parse::parse_batch("ROLLBACK").unwrap();
        assert!(apply(&rollback[0], &mut d));
        assert_eq!(d.trancount, 0);
    }
}
