//! Case-insensitive string comparison for columns marked so (the catalog views), like SQL
//! Server's default collation: `=`/`<>`/`<`/… compare `lower()`ed values, `IN` lists likewise,
//! `LIKE` becomes `ILIKE`.
//!
//! An analyzer rule sees every comparison after type coercion, whatever SQL shape produced it
//! (IN lists and LIKE never reach the expression planner's binary-operator hook).

use std::sync::Arc;

use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TransformedResult, TreeNode};
use datafusion::common::DFSchema;
use datafusion::error::Result;
use datafusion::functions::string::expr_fn::lower;
use datafusion::logical_expr::expr::InList;
use datafusion::logical_expr::{BinaryExpr, Expr, ExprSchemable, LogicalPlan, Operator};
use datafusion::optimizer::AnalyzerRule;

use crate::catalog::CASE_INSENSITIVE_KEY;

/// The analyzer rule.
#[derive(Debug, Default)]
pub(crate) struct CaseInsensitiveStrings;

fn marked(e: &Expr, schema: &DFSchema) -> bool {
    e.metadata(schema)
        .is_ok_and(|m| m.inner().contains_key(CASE_INSENSITIVE_KEY))
}

fn is_comparison(op: Operator) -> bool {
    matches!(
        op,
        Operator::Eq
            | Operator::NotEq
            | Operator::Lt
            | Operator::LtEq
            | Operator::Gt
            | Operator::GtEq
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

fn rewrite(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    Ok(match e {
        Expr::BinaryExpr(b)
            if is_comparison(b.op)
                && (marked(&b.left, schema) || marked(&b.right, schema))
                && is_string(&b.left, schema)
                && is_string(&b.right, schema) =>
        {
            Transformed::yes(Expr::BinaryExpr(BinaryExpr::new(
                Box::new(lower(*b.left)),
                b.op,
                Box::new(lower(*b.right)),
            )))
        }
        Expr::InList(il) if marked(&il.expr, schema) && is_string(&il.expr, schema) => {
            let list = il.list.into_iter().map(lower).collect();
            Transformed::yes(Expr::InList(InList::new(
                Box::new(lower(*il.expr)),
                list,
                il.negated,
            )))
        }
        Expr::Like(mut l) if !l.case_insensitive && marked(&l.expr, schema) => {
            l.case_insensitive = true;
            Transformed::yes(Expr::Like(l))
        }
        other => Transformed::no(other),
    })
}

impl AnalyzerRule for CaseInsensitiveStrings {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(|node| {
            // Expressions of a node refer to its input; joins see both sides in their schema.
            let schema = match node.inputs().as_slice() {
                [one] => Arc::clone(one.schema()),
                _ => Arc::clone(node.schema()),
            };
            node.map_expressions(|e| e.transform_up(|e| rewrite(e, &schema)))
        })
        .data()
    }

    fn name(&self) -> &str {
        "vtds_case_insensitive_strings"
    }
}
