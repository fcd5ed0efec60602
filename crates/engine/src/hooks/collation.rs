//! Case-insensitive strings for columns marked so (the catalog views, connector columns), like
//! SQL Server's default collation: `=`/`<>`/`<`/… compare `lower()`ed values, `IN` lists likewise,
//! `LIKE` becomes `ILIKE`; ORDER BY (of a query, a window or an ordered aggregate) and PARTITION BY
//! use `lower()`ed keys; GROUP BY, DISTINCT and COUNT(DISTINCT …) group by them (see
//! [`super::collation_group`]).
//!
//! An analyzer rule sees every comparison after type coercion, whatever SQL shape produced it
//! (IN lists and LIKE never reach the expression planner's binary-operator hook).

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TransformedResult, TreeNode};
use datafusion::common::DFSchema;
use datafusion::error::Result;
use datafusion::functions::string::expr_fn::lower;
use datafusion::logical_expr::expr::{InList, Sort};
use datafusion::logical_expr::expr_rewriter::{NamePreserver, SavedName};
use datafusion::logical_expr::{BinaryExpr, Distinct, Expr, ExprSchemable, LogicalPlan, Operator};
use datafusion::optimizer::AnalyzerRule;

use super::collation_group::{fold_aggregate, fold_distinct};
use crate::catalog::CASE_INSENSITIVE_KEY;

/// The analyzer rule.
#[derive(Debug, Default)]
pub(crate) struct CaseInsensitiveStrings;

fn marked(e: &Expr, schema: &DFSchema) -> bool {
    e.metadata(schema)
        .is_ok_and(|m| m.inner().contains_key(CASE_INSENSITIVE_KEY))
}

/// The operators that compare two values (ordering, equality, IS [NOT] DISTINCT FROM): where
/// a collation or a literal's type matters.
pub(crate) fn is_comparison(op: Operator) -> bool {
    matches!(
        op,
        Operator::Eq
            | Operator::NotEq
            | Operator::Lt
            | Operator::LtEq
            | Operator::Gt
            | Operator::GtEq
            | Operator::IsDistinctFrom
            | Operator::IsNotDistinctFrom
    )
}

fn is_string(e: &Expr, schema: &DFSchema) -> bool {
    e.get_type(schema).is_ok_and(|t| {
        matches!(
            t,
            datafusion::arrow::datatypes::DataType::Utf8
                | datafusion::arrow::datatypes::DataType::LargeUtf8
                | datafusion::arrow::datatypes::DataType::Utf8View
        )
    })
}

/// A marked string: sorted, partitioned and grouped by its `lower()`ed value.
pub(super) fn is_key(e: &Expr, schema: &DFSchema) -> bool {
    marked(e, schema) && is_string(e, schema)
}

/// `lower(e)` for a marked string, else `e`; says whether it changed anything.
fn fold(e: Expr, schema: &DFSchema, changed: &mut bool) -> Expr {
    if is_key(&e, schema) {
        *changed = true;
        lower(e)
    } else {
        e
    }
}

fn fold_sorts(sorts: Vec<Sort>, schema: &DFSchema, changed: &mut bool) -> Vec<Sort> {
    sorts
        .into_iter()
        .map(|s| Sort {
            expr: fold(s.expr, schema, changed),
            ..s
        })
        .collect()
}

fn rewrite(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    let mut changed = false;
    let e = match e {
        Expr::BinaryExpr(b)
            if is_comparison(b.op)
                && (marked(&b.left, schema) || marked(&b.right, schema))
                && is_string(&b.left, schema)
                && is_string(&b.right, schema) =>
        {
            changed = true;
            Expr::BinaryExpr(BinaryExpr::new(
                Box::new(lower(*b.left)),
                b.op,
                Box::new(lower(*b.right)),
            ))
        }
        Expr::InList(il) if is_key(&il.expr, schema) => {
            changed = true;
            let list = il.list.into_iter().map(lower).collect();
            Expr::InList(InList::new(Box::new(lower(*il.expr)), list, il.negated))
        }
        Expr::Like(mut l) if !l.case_insensitive && marked(&l.expr, schema) => {
            changed = true;
            l.case_insensitive = true;
            Expr::Like(l)
        }
        Expr::WindowFunction(mut w) => {
            let p = &mut w.params;
            p.partition_by = std::mem::take(&mut p.partition_by)
                .into_iter()
                .map(|e| fold(e, schema, &mut changed))
                .collect();
            p.order_by = fold_sorts(std::mem::take(&mut p.order_by), schema, &mut changed);
            Expr::WindowFunction(w)
        }
        Expr::AggregateFunction(mut a) => {
            let p = &mut a.params;
            p.order_by = fold_sorts(std::mem::take(&mut p.order_by), schema, &mut changed);
            // COUNT(DISTINCT name) counts spellings once; other aggregates see the values as is.
            if p.distinct && a.func.name() == "count" {
                p.args = std::mem::take(&mut p.args)
                    .into_iter()
                    .map(|e| fold(e, schema, &mut changed))
                    .collect();
            }
            Expr::AggregateFunction(a)
        }
        other => other,
    };
    Ok(if changed {
        Transformed::yes(e)
    } else {
        Transformed::no(e)
    })
}

/// Rewrites one node whose children are done.
fn analyze_node(node: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
    // Expressions of a node refer to its input; joins see both sides in their schema.
    let schema = match node.inputs().as_slice() {
        [one] => Arc::clone(one.schema()),
        _ => Arc::clone(node.schema()),
    };
    let is_sort = matches!(node, LogicalPlan::Sort(_));
    // Projections, aggregates and windows keep their cached schemas, and parents refer to
    // their outputs by name: a rewritten expression keeps its old name through an alias.
    let names = NamePreserver::new(&node);
    let node = node.map_expressions(|e| {
        let saved = if is_sort {
            SavedName::None
        } else {
            names.save(&e)
        };
        let mut t = e.transform_up(|e| rewrite(e, &schema))?;
        // A Sort's expressions are its keys; the sort's output is its input, so no extra
        // column appears.
        if is_sort && is_key(&t.data, &schema) {
            t = Transformed::yes(lower(t.data));
        }
        Ok(if t.transformed {
            t.update_data(|e| saved.restore(e))
        } else {
            t
        })
    })?;
    node.transform_data(|node| match node {
        LogicalPlan::Aggregate(agg) => fold_aggregate(agg),
        LogicalPlan::Distinct(Distinct::All(input)) => fold_distinct(input),
        other => Ok(Transformed::no(other)),
    })
}

impl AnalyzerRule for CaseInsensitiveStrings {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(analyze_node).data()
    }

    fn name(&self) -> &str {
        "vtds_case_insensitive_strings"
    }
}
