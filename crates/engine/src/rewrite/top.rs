//! `TOP n` and `OFFSET … FETCH NEXT n ROWS ONLY` become DataFusion's LIMIT/OFFSET (DataFusion
//! rejects both T-SQL forms).

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, LimitClause, Query, SetExpr, Statement, TopQuantity, Value, VisitMut, VisitorMut,
};
use tds_server::{ErrorKind, SqlError};

use super::{RewriteContext, RewriteRule};

/// Moves TOP and FETCH into the query's limit clause.
pub(crate) struct TopToLimit;

struct Limits;

impl VisitorMut for Limits {
    type Break = SqlError;
    fn pre_visit_query(&mut self, q: &mut Query) -> ControlFlow<SqlError> {
        match rewrite_query(q) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => ControlFlow::Break(e),
        }
    }
}

fn not_supported(what: &str) -> SqlError {
    SqlError::new(
        ErrorKind::NotSupported,
        format!("{what} is not supported by vtds."),
    )
}

fn rewrite_query(q: &mut Query) -> Result<(), SqlError> {
    if let Some(fetch) = q.fetch.take() {
        if fetch.percent || fetch.with_ties {
            return Err(not_supported("FETCH … PERCENT / WITH TIES"));
        }
        set_limit(q, fetch.quantity);
    }
    if let SetExpr::Select(select) = q.body.as_mut() {
        if let Some(top) = select.top.take() {
            if top.percent && !top.with_ties {
                let percent = match top.quantity {
                    Some(TopQuantity::Expr(e)) => e,
                    Some(TopQuantity::Constant(n)) => {
                        Expr::value(Value::Number(n.to_string(), false))
                    }
                    None => return Err(not_supported("TOP PERCENT without a value")),
                };
                return super::top_percent::rewrite(q, percent);
            }
            let n = top_limit(top)?;
            set_limit(q, n);
        }
    } else {
        lift_nested_tops(q.body.as_mut())?;
    }
    Ok(())
}

fn top_limit(top: sqlparser::ast::Top) -> Result<Option<Expr>, SqlError> {
    if top.percent || top.with_ties {
        return Err(not_supported("TOP … PERCENT / WITH TIES"));
    }
    Ok(top.quantity.map(|q| match q {
        TopQuantity::Expr(e) => e,
        TopQuantity::Constant(n) => Expr::value(Value::Number(n.to_string(), false)),
    }))
}

/// `SELECT TOP 1 … UNION SELECT TOP 2 …`: each branch's TOP limits that branch only, so the
/// branch becomes a parenthesised query with its own LIMIT.
fn lift_nested_tops(body: &mut SetExpr) -> Result<(), SqlError> {
    match body {
        SetExpr::SetOperation { left, right, .. } => {
            lift_nested_tops(left)?;
            lift_nested_tops(right)
        }
        SetExpr::Select(select) if select.top.is_some() => {
            let top = select.top.take();
            let limit = match top {
                Some(t) => top_limit(t)?,
                None => None,
            };
            let inner = std::mem::replace(body, SetExpr::Values(empty_values()));
            let mut query = bare_query(inner);
            set_limit(&mut query, limit);
            *body = SetExpr::Query(Box::new(query));
            Ok(())
        }
        _ => Ok(()),
    }
}

fn empty_values() -> sqlparser::ast::Values {
    sqlparser::ast::Values {
        explicit_row: false,
        value_keyword: false,
        rows: vec![],
    }
}

/// A query with only a body.
pub(super) fn bare_query(body: SetExpr) -> Query {
    Query {
        with: None,
        body: Box::new(body),
        order_by: None,
        limit_clause: None,
        fetch: None,
        locks: vec![],
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: vec![],
    }
}

fn set_limit(q: &mut Query, n: Option<Expr>) {
    match &mut q.limit_clause {
        Some(LimitClause::LimitOffset { limit, .. }) => {
            if limit.is_none() {
                *limit = n;
            }
        }
        Some(LimitClause::OffsetCommaLimit { .. }) => {}
        None => {
            q.limit_clause = Some(LimitClause::LimitOffset {
                limit: n,
                offset: None,
                limit_by: vec![],
            })
        }
    }
}

impl RewriteRule for TopToLimit {
    fn name(&self) -> &'static str {
        "top_to_limit"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        match stmt.visit(&mut Limits) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    fn r(sql: &str) -> String {
        with_rule(&TopToLimit, sql).unwrap()
    }

    #[test]
    fn top_and_fetch_become_limit() {
        assert_eq!(r("SELECT TOP 5 a FROM t"), "SELECT a FROM t LIMIT 5");
        assert_eq!(
            r("SELECT TOP (3) a FROM t ORDER BY a"),
            "SELECT a FROM t ORDER BY a LIMIT 3"
        );
        assert_eq!(
            r("SELECT a FROM t ORDER BY a OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY"),
            "SELECT a FROM t ORDER BY a LIMIT 3 OFFSET 2 ROWS"
        );
        assert_eq!(
            r("SELECT a FROM (SELECT TOP 1 a FROM t) x"),
            "SELECT a FROM (SELECT a FROM t LIMIT 1) x"
        );
        assert_eq!(
            r("SELECT TOP 1 a FROM t UNION ALL SELECT TOP 2 a FROM u"),
            "(SELECT a FROM t LIMIT 1) UNION ALL (SELECT a FROM u LIMIT 2)"
        );
        assert_eq!(
            with_rule(
                &TopToLimit,
                "SELECT TOP 5 PERCENT WITH TIES a FROM t ORDER BY a"
            )
            .unwrap_err()
            .number(),
            40517
        );
        assert_eq!(
            r("SELECT TOP (50) PERCENT a AS x FROM t WHERE b = 1 ORDER BY x DESC"),
            "SELECT * EXCLUDE (__vtds_rn, __vtds_n) FROM (SELECT a AS x, \
             row_number() OVER (ORDER BY a DESC) AS __vtds_rn, count(*) OVER () AS __vtds_n \
             FROM t WHERE b = 1) AS __vtds_top WHERE __vtds_rn <= ceil(__vtds_n * (50) / 100.0) \
             ORDER BY __vtds_rn"
        );
        assert_eq!(
            with_rule(&TopToLimit, "SELECT TOP 101 PERCENT a FROM t")
                .unwrap_err()
                .number(),
            1031
        );
    }
}
