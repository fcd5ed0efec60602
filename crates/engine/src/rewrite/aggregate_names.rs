//! Aggregates that differ only by casts: `SELECT AVG(x), AVG(CAST(x AS FLOAT))`. DataFusion names
//! an aggregate after its arguments with casts left out (as Postgres does), so both are
//! `avg(x)` and the plan is rejected for a duplicate field, although SQL Server leaves such
//! columns unnamed and runs it. Each later call that would collide gets its arguments wrapped in
//! a no-op that shows in the name (`CASE WHEN 1 = 1 THEN arg END`, a distinct number per call);
//! the optimizer folds the wrapper away.

use std::collections::HashMap;
use std::ops::ControlFlow;

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::{
    BinaryOperator, CaseWhen, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments,
    Select, SelectItem, Statement, Value, VisitMut, VisitorMut,
};
use tds_server::SqlError;

use super::{RewriteContext, RewriteRule};

/// Makes colliding aggregate names distinct.
pub(crate) struct DistinctAggregateNames;

/// The text of `e` with every CAST removed, lower-cased: what DataFusion's name depends on.
fn name_key(e: &Expr) -> String {
    let mut e = e.clone();
    let _ = e.visit(&mut StripCasts);
    e.to_string().to_lowercase()
}

struct StripCasts;

impl VisitorMut for StripCasts {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::Cast { expr, .. } = e {
            *e = expr.as_ref().clone();
        }
        ControlFlow::Continue(())
    }
}

/// `CASE WHEN n = n THEN e END`.
fn tagged(e: Expr, n: usize) -> Expr {
    let num = || Expr::value(Value::Number(n.to_string(), false));
    Expr::Case {
        case_token: AttachedToken::empty(),
        end_token: AttachedToken::empty(),
        operand: None,
        conditions: vec![CaseWhen {
            condition: Expr::BinaryOp {
                left: Box::new(num()),
                op: BinaryOperator::Eq,
                right: Box::new(num()),
            },
            result: e,
        }],
        else_result: None,
    }
}

/// The calls of one SELECT: name key → the full texts seen under it.
#[derive(Default)]
struct Calls {
    seen: HashMap<String, Vec<String>>,
    tags: usize,
}

impl Calls {
    fn visit(&mut self, f: &mut Function) {
        let text = f.to_string().to_lowercase();
        let key = name_key(&Expr::Function(f.clone()));
        let FunctionArguments::List(list) = &mut f.args else {
            return;
        };
        let texts = self.seen.entry(key).or_default();
        if texts.is_empty() || texts.contains(&text) {
            if texts.is_empty() {
                texts.push(text);
            }
            return;
        }
        texts.push(text);
        self.tags += 1;
        for arg in &mut list.args {
            if let FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) = arg {
                *e = tagged(e.clone(), self.tags);
            }
        }
    }
}

struct PerSelect;

impl VisitorMut for PerSelect {
    type Break = ();
    fn pre_visit_select(&mut self, s: &mut Select) -> ControlFlow<()> {
        let mut calls = Calls::default();
        let mut items: Vec<&mut Expr> = s
            .projection
            .iter_mut()
            .filter_map(|item| match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
                _ => None,
            })
            .collect();
        items.extend(s.having.as_mut());
        for e in items {
            let _ = e.visit(&mut InItem(&mut calls));
        }
        ControlFlow::Continue(())
    }
}

/// Visits the function calls of one select item (subqueries have their own SELECTs).
struct InItem<'a>(&'a mut Calls);

impl VisitorMut for InItem<'_> {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        if let Expr::Function(f) = e {
            self.0.visit(f);
        }
        ControlFlow::Continue(())
    }
}

impl RewriteRule for DistinctAggregateNames {
    fn name(&self) -> &'static str {
        "distinct_aggregate_names"
    }

    fn rewrite(&self, stmt: &mut Statement, _cx: &RewriteContext<'_>) -> Result<(), SqlError> {
        let _ = stmt.visit(&mut PerSelect);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::test_support::with_rule;

    fn r(sql: &str) -> String {
        with_rule(&DistinctAggregateNames, sql).unwrap()
    }

    #[test]
    fn only_colliding_calls_are_tagged() {
        assert_eq!(
            r("SELECT AVG(x), AVG(CAST(x AS FLOAT)), avg(x), MAX(x) FROM t"),
            "SELECT AVG(x), AVG(CASE WHEN 1 = 1 THEN CAST(x AS FLOAT) END), avg(x), MAX(x) FROM t"
        );
        assert_eq!(
            r("SELECT SUM(CAST(a AS INT)), SUM(CAST(a AS BIGINT)) FROM t HAVING SUM(a) > 1"),
            "SELECT SUM(CAST(a AS INT)), SUM(CASE WHEN 1 = 1 THEN CAST(a AS BIGINT) END) FROM t \
             HAVING SUM(CASE WHEN 2 = 2 THEN a END) > 1"
        );
    }
}
