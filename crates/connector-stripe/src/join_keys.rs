//! Join keys learned at run time: a hash join whose build side is small pushes a dynamic filter
//! (`probe_key IN (build keys…)`) into the probe-side scan. When the probe side is a Stripe
//! table, those keys become retrieves (`Id IN …`), per-value list walks (`CustomerId IN …`) or
//! per-parent child lists, instead of a walk of the whole list. The join still applies its own
//! condition, so the narrowed scan only has to keep every row that can match.
//!
//! The probe side is polled only once the build side is complete, so the filter is read at
//! the scan's first poll and never waited for (a TopK's dynamic filter is never complete while
//! its input runs; waiting on it would deadlock).

use std::sync::Arc;

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::logical_expr::expr::InList;
use datafusion::logical_expr::{Expr, Operator};
use datafusion::physical_expr::expressions::{
    BinaryExpr, Column, DynamicFilterPhysicalExpr, InListExpr, Literal,
};
use datafusion::physical_expr::PhysicalExpr;

use crate::plan::{Fetch, ScanRequest};

/// More keys than this are not worth one request each: the scan walks the list as planned.
pub const MAX_JOIN_KEYS: usize = 20;

/// Whether `filter` is a dynamic filter a join keeps up to date.
pub fn is_dynamic(filter: &Arc<dyn PhysicalExpr>) -> bool {
    filter.downcast_ref::<DynamicFilterPhysicalExpr>().is_some()
}

/// The scan to run now that the join's keys are known, if they make it cheaper than `planned`.
/// `pushed` are the logical filters the plan was built from; `schema` is the scan's output.
pub fn narrowed(
    planned: &ScanRequest,
    pushed: &[Expr],
    dynamic: &Arc<dyn PhysicalExpr>,
    schema: &SchemaRef,
) -> Option<ScanRequest> {
    // Retrieves and per-value walks would not come in list order.
    if planned.newest_first || !matches!(planned.fetch, Fetch::List { .. }) {
        return None;
    }
    let current = dynamic
        .downcast_ref::<DynamicFilterPhysicalExpr>()?
        .current()
        .ok()?;
    let mut lists = Vec::new();
    key_lists(&current, schema, &mut lists);
    if lists.is_empty() {
        return None;
    }
    let filters: Vec<Expr> = pushed.iter().cloned().chain(lists).collect();
    let narrowed = ScanRequest::new(planned.resource, &filters, planned.limit);
    let cheaper = narrowed.fetch != planned.fetch || narrowed.parents != planned.parents;
    (cheaper && narrowed.missing_param().is_none()).then_some(narrowed)
}

/// `column IN (literals…)` conjuncts of `expr` (through ANDs only: under an OR they would not
/// restrict the rows), as logical filters on the scan's columns.
fn key_lists(expr: &Arc<dyn PhysicalExpr>, schema: &SchemaRef, out: &mut Vec<Expr>) {
    if let Some(b) = expr.downcast_ref::<BinaryExpr>() {
        if *b.op() == Operator::And {
            key_lists(b.left(), schema, out);
            key_lists(b.right(), schema, out);
        }
        return;
    }
    let Some(list) = expr.downcast_ref::<InListExpr>() else {
        return;
    };
    if list.negated() || list.len() > MAX_JOIN_KEYS {
        return;
    }
    let Some(column) = list.expr().downcast_ref::<Column>() else {
        return;
    };
    let Some(field) = schema.fields().get(column.index()) else {
        return;
    };
    let values: Option<Vec<Expr>> = list
        .list()
        .iter()
        .map(|e| {
            e.downcast_ref::<Literal>()
                .filter(|l| !l.value().is_null())
                .map(|l| Expr::Literal(l.value().clone(), None))
        })
        .collect();
    if let Some(values) = values {
        out.push(Expr::InList(InList::new(
            Box::new(Expr::Column(datafusion::common::Column::new_unqualified(
                field.name(),
            ))),
            values,
            false,
        )));
    }
}
