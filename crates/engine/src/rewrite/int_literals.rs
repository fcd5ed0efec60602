//! Integer literals in select lists are `int` in T-SQL; DataFusion types them bigint. Clients
//! unbox such values with exact casts (SMO reads `SELECT case … then 2 else 1 end AS
//! DatabaseEngineType` as `(int)`), so literals that fit are cast to int. Only select-list
//! expressions change: ORDER BY / GROUP BY ordinals and TOP/OFFSET counts must stay literals.

use std::ops::ControlFlow;

use sqlparser::ast::{
    CastKind, DataType, Expr, Query, Statement, Value, ValueWithSpan, VisitMut, VisitorMut,
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
        if let Expr::Value(ValueWithSpan {
            value: Value::Number(n, false),
            ..
        }) = e
        {
            if n.parse::<i32>().is_ok() {
                *e = Expr::Cast {
                    kind: CastKind::Cast,
                    expr: Box::new(e.clone()),
                    data_type: DataType::Int(None),
                    array: false,
                    format: None,
                };
            }
        }
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
        Ok(())
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
                "SELECT (SELECT TOP 1 x FROM t ORDER BY 2) FROM u"
            )
            .unwrap(),
            "SELECT (SELECT TOP 1 x FROM t ORDER BY 2) FROM u"
        );
    }
}
