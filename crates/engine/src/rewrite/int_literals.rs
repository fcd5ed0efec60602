//! Integer literals in select lists are `int` in T-SQL; DataFusion types them bigint. Clients
//! unbox such values with exact casts (SMO reads `SELECT case … then 2 else 1 end AS
//! DatabaseEngineType` as `(int)`), so literals that fit are cast to int. Only select-list
//! expressions and `VALUES` rows change (`AVG(x) FROM (VALUES (1), (2)) t(x)` is an int):
//! ORDER BY / GROUP BY ordinals and TOP/OFFSET counts must stay literals.

use std::ops::ControlFlow;

use sqlparser::ast::{
    CastKind, DataType, Expr, GroupByExpr, Query, Select, SetExpr, Statement, Value, ValueWithSpan,
    VisitMut, VisitorMut, WindowFrameBound, WindowType,
};
use tds_server::SqlError;

use super::{for_each_select_item, RewriteContext, RewriteRule};

/// Types small integer literals in select lists as int.
pub(crate) struct IntLiterals;

/// Rewrites the literals of one select item, not descending into subqueries (their own select
/// lists are visited separately; their LIMITs must stay literals).
struct InItem {
    depth: usize,
}

impl VisitorMut for InItem {
    type Break = ();

    fn pre_visit_query(&mut self, _q: &mut Query) -> ControlFlow<()> {
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _q: &mut Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        if let Expr::Function(f) = e {
            if let Some(WindowType::WindowSpec(spec)) = &mut f.over {
                if let Some(frame) = &mut spec.window_frame {
                    keep_literal(&mut frame.start_bound);
                    frame.end_bound.iter_mut().for_each(keep_literal);
                }
            }
        }
        if let Expr::Value(ValueWithSpan {
            value: Value::Number(n, false),
            ..
        }) = e
        {
            if n.parse::<i32>().is_ok() {
                as_int(e);
            }
        }
        ControlFlow::Continue(())
    }
}

/// Window frame offsets (`ROWS 1 PRECEDING`) must stay plain literals: the cast its literal got
/// as part of the select item is undone.
fn keep_literal(bound: &mut WindowFrameBound) {
    if let WindowFrameBound::Preceding(Some(e)) | WindowFrameBound::Following(Some(e)) = bound {
        if let Expr::Cast { expr, .. } = e.as_ref() {
            if matches!(expr.as_ref(), Expr::Value(_)) {
                *e = expr.clone();
            }
        }
    }
}

/// `n`, `-n` or `+n` for an integer `n` that fits int.
fn is_int_literal(e: &Expr) -> bool {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, false),
            ..
        }) => n.parse::<i32>().is_ok(),
        Expr::UnaryOp { expr, .. } => is_int_literal(expr),
        Expr::Nested(e) => is_int_literal(e),
        _ => false,
    }
}

fn is_null(e: &Expr) -> bool {
    matches!(
        e,
        Expr::Value(ValueWithSpan {
            value: Value::Null,
            ..
        })
    )
}

fn as_int(e: &mut Expr) {
    *e = Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(e.clone()),
        data_type: DataType::Int(None),
        array: false,
        format: None,
    };
}

/// A `VALUES` column of int literals (and NULLs) becomes int, every cell cast alike: DataFusion
/// requires the rows of a column to agree on their field metadata.
fn values_columns(v: &mut sqlparser::ast::Values) {
    let width = v.rows.first().map_or(0, |r| r.content.len());
    for col in 0..width {
        let cells = || v.rows.iter().filter_map(|r| r.content.get(col));
        let ints = cells().all(|e| is_int_literal(e) || is_null(e)) && cells().any(is_int_literal);
        if ints {
            v.rows
                .iter_mut()
                .filter_map(|r| r.content.get_mut(col))
                .for_each(as_int);
        }
    }
}

/// Every `VALUES` in a query body (also the branches of a UNION).
fn values_in(body: &mut SetExpr) {
    match body {
        SetExpr::Values(v) => values_columns(v),
        SetExpr::SetOperation { left, right, .. } => {
            values_in(left);
            values_in(right);
        }
        _ => {}
    }
}

struct InValues;

impl VisitorMut for InValues {
    type Break = ();
    fn pre_visit_query(&mut self, q: &mut Query) -> ControlFlow<()> {
        values_in(&mut q.body);
        ControlFlow::Continue(())
    }
}

impl RewriteRule for IntLiterals {
    fn name(&self) -> &'static str {
        "int_literals"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        for_each_select_item(stmt, |e| {
            let _ = e.visit(&mut InItem { depth: 0 });
        });
        let _ = stmt.visit(&mut InGroupBy);
        let _ = stmt.visit(&mut InValues);
        Ok(())
    }
}

/// GROUP BY expressions get the same casts as the select list, or `SELECT n + 2 … GROUP BY
/// n + 2` would no longer find its select expression among the groups. A bare literal (not
/// T-SQL, but harmless) is left alone.
struct InGroupBy;

impl VisitorMut for InGroupBy {
    type Break = ();
    fn pre_visit_select(&mut self, s: &mut Select) -> ControlFlow<()> {
        if let GroupByExpr::Expressions(exprs, _) = &mut s.group_by {
            for e in exprs.iter_mut().filter(|e| !is_int_literal(e)) {
                let _ = e.visit(&mut InItem { depth: 0 });
            }
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    #[test]
    fn only_select_list_literals_become_int() {
        assert_eq!(
            with_rule(
                &IntLiterals,
                "SELECT 1, a * 2, 3000000000 FROM t WHERE b = 1 ORDER BY 1"
            )
            .unwrap(),
            "SELECT CAST(1 AS INT), a * CAST(2 AS INT), 3000000000 FROM t WHERE b = 1 ORDER BY 1"
        );
        assert_eq!(
            with_rule(
                &IntLiterals,
                "SELECT SUM(a + 1) OVER (ORDER BY b ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM t"
            )
            .unwrap(),
            "SELECT SUM(a + CAST(1 AS INT)) OVER (ORDER BY b ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM t"
        );
        assert_eq!(
            with_rule(
                &IntLiterals,
                "SELECT a + 2, COUNT(*) FROM t GROUP BY a + 2, CASE WHEN b = 'x' THEN 1 ELSE 0 END"
            )
            .unwrap(),
            "SELECT a + CAST(2 AS INT), COUNT(*) FROM t GROUP BY a + CAST(2 AS INT), \
             CASE WHEN b = 'x' THEN CAST(1 AS INT) ELSE CAST(0 AS INT) END"
        );
        assert_eq!(
            with_rule(
                &IntLiterals,
                "SELECT (SELECT TOP 1 x FROM t ORDER BY 2) FROM u"
            )
            .unwrap(),
            "SELECT (SELECT TOP 1 x FROM t ORDER BY 2) FROM u"
        );
        assert_eq!(
            with_rule(
                &IntLiterals,
                "SELECT x FROM (VALUES (1, 'a', 1), (-2, 'b', NULL), (NULL, 'c', 3000000000)) t(x, y, z)"
            )
            .unwrap(),
            "SELECT x FROM (VALUES (CAST(1 AS INT), 'a', 1), (CAST(-2 AS INT), 'b', NULL), \
             (CAST(NULL AS INT), 'c', 3000000000)) t (x, y, z)"
        );
    }
}
