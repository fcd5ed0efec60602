//! T-SQL implicit conversions DataFusion's type coercion lacks, applied before it runs:
//!
//! - `bit` is a number: `CASE WHEN … THEN 1 ELSE dtb.is_distributor END` (SMO's IsSystemObject)
//!   is an int, where DataFusion refuses to unify Int32 with Boolean; the same for
//!   `bitcol IN (0, 1)` and `SELECT CAST(1 AS BIT) UNION ALL SELECT 0` (int wins by T-SQL's
//!   type precedence; COALESCE is typed while planning, see `coalesce`);
//! - date-time literals in SQL Server's spellings (see `datetime_literals`);
//! - an empty string converts to 0: mssql-jdbc's getColumns has
//!   `CASE SS_IS_IDENTITY WHEN 0 THEN 'NO' WHEN 1 THEN 'YES' WHEN '' THEN '' END`.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TransformedResult, TreeNode};
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::error::Result;
use datafusion::logical_expr::expr::{Case, InList};
use datafusion::logical_expr::{Cast, Expr, ExprSchemable, LogicalPlan, LogicalPlanBuilder, Union};
use datafusion::optimizer::AnalyzerRule;

use super::coalesce::mixes_bit_and_int;

/// The analyzer rule.
#[derive(Debug, Default)]
pub(crate) struct TsqlConversions;

fn cast_bit(e: Box<Expr>, schema: &DFSchema) -> Box<Expr> {
    if e.get_type(schema).is_ok_and(|t| t == DataType::Boolean) {
        Box::new(Expr::Cast(Cast::new(e, DataType::Int32)))
    } else {
        e
    }
}

/// A blank string literal as the 0 T-SQL converts it to, when compared with a number.
fn blank_as_zero(e: Box<Expr>, other: &DataType) -> Box<Expr> {
    match e.as_ref() {
        Expr::Literal(ScalarValue::Utf8(Some(s)), _)
            if other.is_numeric() && s.trim().is_empty() =>
        {
            Box::new(Expr::Literal(ScalarValue::Int32(Some(0)), None))
        }
        _ => e,
    }
}

/// `bitcol IN (0, 1)` compares the bit as an int.
fn rewrite_in_list(list: InList, schema: &DFSchema) -> Transformed<Expr> {
    let types: Vec<DataType> = std::iter::once(list.expr.as_ref())
        .chain(&list.list)
        .filter_map(|e| e.get_type(schema).ok())
        .collect();
    if !mixes_bit_and_int(&types) {
        return Transformed::no(Expr::InList(list));
    }
    Transformed::yes(Expr::InList(InList {
        expr: cast_bit(list.expr, schema),
        list: list
            .list
            .into_iter()
            .map(|e| *cast_bit(Box::new(e), schema))
            .collect(),
        negated: list.negated,
    }))
}

/// A UNION whose column mixes bit and int branches: the bit branches are cast to int first.
fn rewrite_union(union: Union) -> Result<Transformed<LogicalPlan>> {
    let width = union.schema.fields().len();
    let mixed: Vec<bool> = (0..width)
        .map(|i| {
            mixes_bit_and_int(
                union
                    .inputs
                    .iter()
                    .filter_map(|p| p.schema().fields().get(i).map(|f| f.data_type())),
            )
        })
        .collect();
    if !mixed.contains(&true) {
        return Ok(Transformed::no(LogicalPlan::Union(union)));
    }
    let inputs = union
        .inputs
        .into_iter()
        .map(|input| {
            let schema = Arc::clone(input.schema());
            let columns = schema.iter().zip(&mixed).map(|((q, f), mix)| {
                let column = Expr::Column((q, f).into());
                if *mix && *f.data_type() == DataType::Boolean {
                    Expr::Cast(Cast::new(Box::new(column), DataType::Int32)).alias(f.name())
                } else {
                    column
                }
            });
            LogicalPlanBuilder::from(Arc::unwrap_or_clone(input))
                .project(columns)?
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Transformed::yes(LogicalPlan::Union(
        Union::try_new_with_loose_types(inputs)?,
    )))
}

fn rewrite(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    let e = match super::datetime_literals::rewrite(e, schema) {
        Ok(respelt) => return Ok(Transformed::yes(respelt)),
        Err(untouched) => untouched,
    };
    let mut case = match e {
        Expr::Case(case) => case,
        Expr::InList(list) => return Ok(rewrite_in_list(list, schema)),
        other => return Ok(Transformed::no(other)),
    };
    if let Some(operand) = &case.expr {
        if let Ok(t) = operand.get_type(schema) {
            case.when_then_expr = case
                .when_then_expr
                .into_iter()
                .map(|(w, then)| (blank_as_zero(w, &t), then))
                .collect();
        }
    }
    let results = case
        .when_then_expr
        .iter()
        .map(|(_, then)| then.as_ref())
        .chain(case.else_expr.as_deref());
    let types: Vec<DataType> = results.filter_map(|r| r.get_type(schema).ok()).collect();
    if !mixes_bit_and_int(&types) {
        // The blank-string fix-up may have changed it; reporting "yes" is always safe.
        return Ok(Transformed::yes(Expr::Case(case)));
    }
    let Case {
        expr,
        when_then_expr,
        else_expr,
    } = case;
    Ok(Transformed::yes(Expr::Case(Case {
        expr,
        when_then_expr: when_then_expr
            .into_iter()
            .map(|(w, t)| (w, cast_bit(t, schema)))
            .collect(),
        else_expr: else_expr.map(|e| cast_bit(e, schema)),
    })))
}

impl AnalyzerRule for TsqlConversions {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(|node| {
            let node = match node {
                LogicalPlan::Union(union) => return rewrite_union(union),
                other => other,
            };
            let schema = match node.inputs().as_slice() {
                [one] => Arc::clone(one.schema()),
                _ => Arc::clone(node.schema()),
            };
            node.map_expressions(|e| e.transform_up(|e| rewrite(e, &schema)))
        })
        .data()
    }

    fn name(&self) -> &str {
        "vtds_tsql_conversions"
    }
}

#[cfg(test)]
mod tests {
    use crate::tests::harness::{one, session};

    #[tokio::test]
    async fn case_mixing_bit_and_int_is_int() {
        let mut s = session();
        let r = one(
            &mut s,
            "SELECT CAST(CASE WHEN name IN ('master') THEN 1 ELSE is_read_only END AS bit) AS sys, \
             CASE WHEN 1 = 0 THEN 2 ELSE is_read_only END AS n FROM sys.databases WHERE name = 'Stripe1'",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["false", "0"]]);
        let r = one(
            &mut s,
            "SELECT CASE database_id WHEN 5 THEN 'five' WHEN '' THEN 'zero' END FROM sys.databases \
             WHERE name = 'Stripe1'",
        )
        .await;
        assert_eq!(r.rows(), &vec![vec!["five"]]);
    }
}
