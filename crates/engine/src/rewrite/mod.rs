//! AST rewrites from T-SQL to what DataFusion plans, one [`RewriteRule`] per concern.
//!
//! Rules run in a fixed order on each query statement. Output naming runs first because it must
//! see the names as the user spelled them; identifier canonicalisation runs last because earlier
//! rules may introduce expressions.

mod aggregate_names;
mod dates;
mod exists;
mod functions;
mod hints;
mod identifiers;
mod int_literals;
mod literals;
mod openjson;
mod openjson_columns;
mod output_names;
mod scalar_subquery;
mod top;
mod top_percent;
mod variables;

pub(crate) use output_names::OutputNames;

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Select, SelectItem, Statement, VisitMut, VisitorMut};
use tds_server::SqlError;

use crate::catalog::Resolver;
use crate::hooks::locals::Locals;
use crate::hooks::table_vars::TableVars;

/// What rules may consult: the names and variables the session can see.
pub(crate) struct RewriteContext<'a> {
    /// Resolves table, schema and database names case-insensitively.
    pub resolver: Resolver<'a>,
    /// The batch's local variables (`DECLARE @v`).
    pub locals: &'a Locals,
    /// The batch's table variables (`DECLARE @t TABLE (…)`).
    pub table_vars: &'a TableVars,
}

/// One rewrite of the statement AST.
pub(crate) trait RewriteRule {
    /// Short name for traces and tests.
    fn name(&self) -> &'static str;

    /// Rewrites `stmt` in place, or rejects it with the error the client should see.
    fn rewrite(&self, stmt: &mut Statement, cx: &RewriteContext<'_>) -> Result<(), SqlError>;
}

/// The rules after output naming, in order.
fn rules() -> [&'static dyn RewriteRule; 11] {
    [
        &hints::StripTableHints,
        &top::TopToLimit,
        &variables::CheckVariables,
        &openjson::OpenJson,
        &exists::ExistsInSelectList,
        &scalar_subquery::CorrelatedScalarSubquery,
        &literals::PostgresLiterals,
        &int_literals::IntLiterals,
        &functions::TsqlFunctions,
        &aggregate_names::DistinctAggregateNames,
        &identifiers::CanonicalNames,
    ]
}

/// Rewrites one query statement; returns the client-visible names of its result columns.
pub(crate) fn rewrite_query(
    stmt: &mut Statement,
    cx: &RewriteContext<'_>,
) -> Result<OutputNames, SqlError> {
    let names = output_names::assign(stmt);
    for rule in rules() {
        rule.rewrite(stmt, cx)?;
        tracing::trace!(rule = rule.name(), sql = %stmt, "rewritten");
    }
    Ok(names)
}

/// Runs `f` on every expression (children after parents), stopping at the first error.
pub(crate) fn for_each_expr(
    stmt: &mut Statement,
    f: impl FnMut(&mut Expr) -> Result<(), SqlError>,
) -> Result<(), SqlError> {
    struct V<F>(F);
    impl<F: FnMut(&mut Expr) -> Result<(), SqlError>> VisitorMut for V<F> {
        type Break = SqlError;
        fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<SqlError> {
            match (self.0)(expr) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => ControlFlow::Break(e),
            }
        }
    }
    match stmt.visit(&mut V(f)) {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(e) => Err(e),
    }
}

/// Calls `f` on every top-level select-list expression of every SELECT in the statement
/// (subqueries' SELECTs included, each once).
pub(crate) fn for_each_select_item(stmt: &mut Statement, f: impl FnMut(&mut Expr)) {
    struct V<F>(F);
    impl<F: FnMut(&mut Expr)> VisitorMut for V<F> {
        type Break = ();
        fn pre_visit_select(&mut self, s: &mut Select) -> ControlFlow<()> {
            for item in &mut s.projection {
                if let SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } = item
                {
                    (self.0)(e);
                }
            }
            ControlFlow::Continue(())
        }
    }
    let _ = stmt.visit(&mut V(f));
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Parses, rewrites and prints a statement for rule tests.
    use std::sync::Arc;

    use super::*;
    use crate::catalog::Database;
    use crate::tests::fake::fake_connector;

    /// `sql` after every rule (or the error).
    pub(crate) fn rewritten(sql: &str) -> Result<String, SqlError> {
        let dbs = vec![Arc::new(Database::new("Stripe1", fake_connector()))];
        let locals = Locals::default();
        let table_vars = TableVars::default();
        let cx = RewriteContext {
            resolver: Resolver::new(&dbs, Some(&dbs[0])),
            locals: &locals,
            table_vars: &table_vars,
        };
        let mut stmts = crate::parse::parse_batch(sql)?;
        let mut stmt = stmts.remove(0);
        rewrite_query(&mut stmt, &cx)?;
        Ok(stmt.to_string())
    }

    /// `sql` after one rule.
    pub(crate) fn with_rule(rule: &dyn RewriteRule, sql: &str) -> Result<String, SqlError> {
        let dbs = vec![Arc::new(Database::new("Stripe1", fake_connector()))];
        let locals = Locals::default();
        let table_vars = TableVars::default();
        let cx = RewriteContext {
            resolver: Resolver::new(&dbs, Some(&dbs[0])),
            locals: &locals,
            table_vars: &table_vars,
        };
        let mut stmts = crate::parse::parse_batch(sql)?;
        let mut stmt = stmts.remove(0);
        rule.rewrite(&mut stmt, &cx)?;
        Ok(stmt.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::rewritten;

    #[test]
    fn rules_compose() {
        assert_eq!(
            rewritten("SELECT TOP 1 id, ISNULL(email, N'-') FROM stripe.customers WITH (NOLOCK) ORDER BY ID")
                .unwrap(),
            "SELECT Id AS __vtds_0, coalesce(Email, '-') AS __vtds_1 \
             FROM \"Stripe1\".\"Stripe\".\"Customers\" ORDER BY __vtds_0 LIMIT 1"
        );
        assert_eq!(rewritten("SELECT @@nope").unwrap_err().number(), 137);
    }
}
