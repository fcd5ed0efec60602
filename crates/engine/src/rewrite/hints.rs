//! Table hints (`WITH (NOLOCK)`) are about locking; vtds has no locks, and DataFusion rejects them.

use std::ops::ControlFlow;

use sqlparser::ast::{Statement, TableFactor, VisitMut, VisitorMut};
use tds_server::SqlError;

use super::{RewriteContext, RewriteRule};

/// Drops `WITH (…)` table hints.
pub(crate) struct StripTableHints;

struct Strip;

impl VisitorMut for Strip {
    type Break = ();
    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        if let TableFactor::Table { with_hints, .. } = factor {
            with_hints.clear();
        }
        ControlFlow::Continue(())
    }
}

impl RewriteRule for StripTableHints {
    fn name(&self) -> &'static str {
        "strip_table_hints"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        let _ = stmt.visit(&mut Strip);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    #[test]
    fn nolock_disappears() {
        assert_eq!(
            with_rule(&StripTableHints, "SELECT * FROM t WITH (NOLOCK)").unwrap(),
            "SELECT * FROM t"
        );
    }
}
