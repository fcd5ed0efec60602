//! `EXISTS (…)` outside WHERE, as in `CASE WHEN EXISTS (SELECT … FROM sys.foreign_keys fk WHERE
//! fk.parent_object_id = o.object_id) THEN 1 ELSE 0 END` (Power BI's navigator, ADS's version
//! probe): DataFusion only decorrelates EXISTS in filters, so in a select list it becomes
//! `(SELECT COUNT(*) …) > 0`, a scalar aggregate DataFusion decorrelates into a join.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, Expr, GroupByExpr, Query, Select, SelectItem, SetExpr, Statement, Value,
    VisitMut, VisitorMut,
};
use tds_server::SqlError;

use super::functions::call;
use super::{for_each_select_item, RewriteContext, RewriteRule};
use crate::parse::parse_batch;

/// Rewrites EXISTS in select lists.
pub(crate) struct ExistsInSelectList;

fn count_star() -> Expr {
    match parse_batch("SELECT COUNT(*)")
        .ok()
        .and_then(|mut s| s.pop())
    {
        Some(Statement::Query(q)) => match *q.body {
            SetExpr::Select(s) => match s.projection.into_iter().next() {
                Some(SelectItem::UnnamedExpr(e)) => e,
                _ => call("count", vec![]),
            },
            _ => call("count", vec![]),
        },
        _ => call("count", vec![]),
    }
}

/// Whether the projection of `s` can simply be replaced by `COUNT(*)`.
fn plain(s: &Select) -> bool {
    s.distinct.is_none()
        && s.having.is_none()
        && matches!(&s.group_by, GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty())
}

/// `subquery` counting its rows.
fn counting(mut q: Box<Query>) -> Box<Query> {
    if let SetExpr::Select(s) = q.body.as_mut() {
        if plain(s) {
            s.projection = vec![SelectItem::UnnamedExpr(count_star())];
            q.order_by = None;
            return q;
        }
    }
    let sql = format!("SELECT COUNT(*) FROM ({q}) AS __vtds_exists");
    match parse_batch(&sql).ok().and_then(|mut s| s.pop()) {
        Some(Statement::Query(wrapped)) => wrapped,
        _ => q,
    }
}

struct Convert;

impl VisitorMut for Convert {
    type Break = ();

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::Exists { subquery, negated } = e {
            let op = if *negated {
                BinaryOperator::Eq
            } else {
                BinaryOperator::Gt
            };
            *e = Expr::Nested(Box::new(Expr::BinaryOp {
                left: Box::new(Expr::Subquery(counting(subquery.clone()))),
                op,
                right: Box::new(Expr::value(Value::Number("0".into(), false))),
            }));
        }
        ControlFlow::Continue(())
    }
}

impl RewriteRule for ExistsInSelectList {
    fn name(&self) -> &'static str {
        "exists_in_select_list"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        for_each_select_item(stmt, |e| {
            let _ = e.visit(&mut Convert);
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;
    use crate::tests::harness::{one, session};

    #[test]
    fn exists_in_a_select_list_counts() {
        let out = with_rule(
            &ExistsInSelectList,
            "SELECT CASE WHEN EXISTS (SELECT * FROM t WHERE t.a = o.a) THEN 1 ELSE 0 END FROM o WHERE EXISTS (SELECT 1 FROM u)",
        )
        .unwrap();
        assert_eq!(
            out,
            "SELECT CASE WHEN ((SELECT COUNT(*) FROM t WHERE t.a = o.a) > 0) THEN 1 ELSE 0 END FROM o WHERE EXISTS (SELECT 1 FROM u)"
        );
        let out = with_rule(
            &ExistsInSelectList,
            "SELECT NOT EXISTS (SELECT DISTINCT a FROM t)",
        )
        .unwrap();
        assert!(
            out.contains("FROM (SELECT DISTINCT a FROM t) AS __vtds_exists) = 0"),
            "{out}"
        );
    }

    #[tokio::test]
    async fn correlated_and_plain_exists_run() {
        let mut s = session();
        let r = one(
            &mut s,
            "SELECT t.name, CASE WHEN EXISTS (SELECT * FROM sys.indexes i WHERE i.object_id = t.object_id) \
             THEN 1 ELSE 0 END AS has_pk, (SELECT CASE WHEN EXISTS (SELECT TOP 1 1 FROM sys.all_columns \
             WHERE name = N'xml_index_type') THEN 1 ELSE 0 END) AS sxi FROM sys.tables t ORDER BY t.name",
        )
        .await;
        assert_eq!(
            r.rows(),
            &vec![vec!["Charges", "1", "0"], vec!["Customers", "1", "0"]]
        );
    }
}
