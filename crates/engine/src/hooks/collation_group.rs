//! GROUP BY and DISTINCT on case-insensitive strings: 'A' and 'a' fall into one group, as under
//! SQL Server's default collation.
//!
//! A marked key `k` is grouped by `lower(k)`, and the group shows one of its spellings,
//! `min(k)`, under `k`'s own name: a projection over the new aggregate rebuilds the old output
//! schema field for field (qualifiers, names, types, nullability, metadata), so the plan above,
//! built against that schema, stays valid. Where that cannot be guaranteed the aggregate is left
//! as it was.

use std::sync::Arc;

use datafusion::common::metadata::FieldMetadata;
use datafusion::common::tree_node::Transformed;
use datafusion::common::{Column, DFSchema, ScalarValue};
use datafusion::error::Result;
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::functions::string::expr_fn::lower;
use datafusion::functions_aggregate::expr_fn::min;
use datafusion::logical_expr::{Aggregate, Distinct, Expr, LogicalPlan, Projection};

use super::collation::is_key;

/// Output names of the added group keys and spellings; internal, never shown.
const KEY_PREFIX: &str = "__vtds_ci_key";
const VALUE_PREFIX: &str = "__vtds_ci_value";

/// The same fields, qualifiers, nullability and metadata included.
fn same_fields(a: &DFSchema, b: &DFSchema) -> bool {
    a.fields().len() == b.fields().len() && a.iter().eq(b.iter())
}

/// `agg` grouping its marked keys case-insensitively, or `agg` unchanged.
pub(super) fn fold_aggregate(agg: Aggregate) -> Result<Transformed<LogicalPlan>> {
    match folded(&agg)? {
        Some(plan) => Ok(Transformed::yes(plan)),
        None => Ok(Transformed::no(LogicalPlan::Aggregate(agg))),
    }
}

fn folded(agg: &Aggregate) -> Result<Option<LogicalPlan>> {
    let input = agg.input.schema();
    // GROUPING SETS / ROLLUP / CUBE carry a grouping id and nullable keys: left alone.
    if agg
        .group_expr
        .iter()
        .any(|e| matches!(e, Expr::GroupingSet(_)))
    {
        return Ok(None);
    }
    let keys: Vec<bool> = agg.group_expr.iter().map(|e| is_key(e, input)).collect();
    if !keys.contains(&true) {
        return Ok(None);
    }
    let mut group_expr = Vec::with_capacity(keys.len());
    let mut aggr_expr = agg.aggr_expr.clone();
    for (i, (e, &key)) in agg.group_expr.iter().zip(&keys).enumerate() {
        if key {
            group_expr.push(lower(e.clone()).alias(format!("{KEY_PREFIX}{i}")));
            aggr_expr.push(min(e.clone()).alias(format!("{VALUE_PREFIX}{i}")));
        } else {
            group_expr.push(e.clone());
        }
    }
    let new_agg = Aggregate::try_new(Arc::clone(&agg.input), group_expr, aggr_expr)?;
    let mut exprs = Vec::with_capacity(agg.schema.fields().len());
    for (i, (qualifier, field)) in agg.schema.iter().enumerate() {
        let old = Expr::Column(Column::from((qualifier, field)));
        if !keys.get(i).copied().unwrap_or(false) {
            exprs.push(old);
            continue;
        }
        let mut spelling = Expr::Column(Column::new_unqualified(format!("{VALUE_PREFIX}{i}")));
        if !field.is_nullable() {
            // `min` is nullable even over a NOT NULL key; COALESCE with a non-null fallback (never
            // taken: every group holds a value) keeps the key NOT NULL for the plan above.
            let empty = ScalarValue::try_from_string(String::new(), field.data_type())?;
            spelling = coalesce(vec![spelling, Expr::Literal(empty, None)]);
        }
        exprs.push(spelling.alias_qualified_with_metadata(
            qualifier.cloned(),
            field.name(),
            Some(FieldMetadata::from(field.as_ref())),
        ));
    }
    let projection = Projection::try_new(exprs, Arc::new(LogicalPlan::Aggregate(new_agg)))?;
    if !same_fields(&projection.schema, &agg.schema) {
        return Ok(None);
    }
    Ok(Some(LogicalPlan::Projection(projection)))
}

/// `SELECT DISTINCT` over marked strings: an aggregate grouping by every column, folded.
/// UNION (a DISTINCT over a Union) and INTERSECT / EXCEPT (over a semi / anti join, whose join
/// keys compare as written) are left alone.
pub(super) fn fold_distinct(input: Arc<LogicalPlan>) -> Result<Transformed<LogicalPlan>> {
    let unchanged = |input| Ok(Transformed::no(LogicalPlan::Distinct(Distinct::All(input))));
    if matches!(input.as_ref(), LogicalPlan::Union(_) | LogicalPlan::Join(_)) {
        return unchanged(input);
    }
    let schema = input.schema();
    let columns: Vec<Expr> = schema.columns().into_iter().map(Expr::Column).collect();
    if !columns.iter().any(|c| is_key(c, schema)) {
        return unchanged(input);
    }
    let agg = Aggregate::try_new(Arc::clone(&input), columns, vec![])?;
    match folded(&agg)? {
        Some(plan) if same_fields(plan.schema(), schema) => Ok(Transformed::yes(plan)),
        _ => unchanged(input),
    }
}
