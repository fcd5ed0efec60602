//! Row generation for the catalogue-driven tables: ids shaped like the fixture's, `created`
//! after the parent's, and slot values (parent, customer, filters, references) drawn so that
//! every reference names an existing object of an earlier table.

use std::sync::Arc;

use super::{customers, END, SPAN_SECONDS, START};
use crate::plan::{Fill, Plan, Size};
use crate::registry::{Dataset, GenCtx, ResourceSpec, Row};
use crate::table::Table;

/// Creates the rows of a generic table.
pub(crate) fn generate(ctx: &mut GenCtx<'_>, spec: &ResourceSpec, plan: &Plan) -> Vec<Row> {
    let parent = spec.parent.and_then(|(p, _)| Some((p, ctx.dataset.at(p)?)));
    let mut rows = Vec::new();
    match (&plan.size, parent) {
        (Size::PerParent(lo, hi), Some((p, parent))) => {
            for prow in generation_order(ctx.dataset, p, parent) {
                let n = lo + ctx.rng.below(hi.saturating_sub(*lo) + 1);
                for _ in 0..n {
                    let created = ctx.rng.range(prow.created + 1, END).max(prow.created);
                    let id = new_id(ctx, plan);
                    rows.push(row(ctx, spec, plan, id, created, Some(prow)));
                }
            }
        }
        (Size::FromParentSlot(slot), Some((p, parent))) => {
            for prow in generation_order(ctx.dataset, p, parent) {
                if let Some(id) = prow.refs.get(*slot).cloned().flatten() {
                    rows.push(row(ctx, spec, plan, id, prow.created, Some(prow)));
                }
            }
        }
        (Size::Fixed(n), _) => {
            for _ in 0..*n {
                let created = START + ctx.rng.range(0, SPAN_SECONDS);
                let id = new_id(ctx, plan);
                rows.push(row(ctx, spec, plan, id, created, None));
            }
        }
        // A parent table that failed to build leaves its children empty.
        (_, None) => {}
    }
    rows
}

/// The rows of the parent (table `index`) in list order, except that those tied to a test
/// clock come last: children are drawn in this order (see [`Dataset::unclocked`]).
fn generation_order<'t>(ds: &Dataset, index: usize, parent: &'t Table) -> Vec<&'t Row> {
    let plain = ds.unclocked(index);
    let mut is_plain = vec![false; parent.len()];
    for &i in plain {
        if let Some(p) = is_plain.get_mut(i as usize) {
            *p = true;
        }
    }
    let rows = parent.rows();
    let first = plain.iter().filter_map(|&i| rows.get(i as usize));
    let rest = rows
        .iter()
        .zip(is_plain)
        .filter(|(_, p)| !p)
        .map(|(r, _)| r);
    first.chain(rest).collect()
}

/// Whether `row` belongs to a test clock: it has a `test_clock`, its customer is on one, or
/// (up to a few levels) its parent object belongs to one.
pub(crate) fn on_test_clock(ds: &Dataset, table: &Table, row: &Row, depth: usize) -> bool {
    let spec = table.spec;
    if spec
        .slot("test_clock")
        .is_some_and(|s| row.filter_value(s).is_some())
    {
        return true;
    }
    let customer = spec
        .slot("customer")
        .and_then(|s| row.filter_value(s))
        .and_then(|id| ds.table(customers::SPEC.path)?.get(id));
    if let Some(c) = customer {
        return customers::test_clock(c).is_some();
    }
    let parent = spec.parent.and_then(|(p, slot)| {
        let t = ds.at(p)?;
        Some((t, t.get(row.filter_value(slot)?)?))
    });
    match parent {
        Some((t, p)) if depth < 4 => on_test_clock(ds, t, p, depth + 1),
        _ => false,
    }
}

/// An id shaped like the fixture's: same prefix and length, base62; natural ids (coupon
/// codes, country codes) keep the fixture's length and character class.
fn new_id(ctx: &mut GenCtx<'_>, plan: &Plan) -> Arc<str> {
    let fixture = plan.def.id.as_deref().unwrap_or("");
    let prefix = plan.def.prefix.as_str();
    if !prefix.is_empty() {
        let len = fixture.len().saturating_sub(prefix.len()).clamp(8, 64);
        return ctx.fresh_id(prefix, len);
    }
    let upper = !fixture.is_empty()
        && fixture
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let len = fixture.len().max(4);
    let alphabet: &[u8] = if upper {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    } else {
        b"abcdefghijklmnopqrstuvwxyz"
    };
    ctx.fresh_with(|r| r.chars(alphabet, len))
}

fn row(
    ctx: &mut GenCtx<'_>,
    spec: &ResourceSpec,
    plan: &Plan,
    id: Arc<str>,
    created: i64,
    parent: Option<&Row>,
) -> Row {
    let seed = ctx.rng.next_u64();
    let customer_slot = spec.slot("customer");
    let mut refs: Vec<Option<Arc<str>>> = Vec::with_capacity(plan.fills.len());
    for fill in &plan.fills {
        let customer = customer_slot.and_then(|s| refs.get(s).cloned().flatten());
        let value = match fill {
            Fill::Parent => parent.map(|p| Arc::clone(&p.id)),
            Fill::Inherit(s) => parent.and_then(|p| p.refs.get(*s).cloned().flatten()),
            Fill::Pick { table, nullable } => pick(ctx, *table, customer.as_deref(), *nullable),
            Fill::Enum(values) => {
                let i = ctx.rng.below(values.len() as u64) as usize;
                values.get(i).map(|v| v.as_str().into())
            }
            Fill::Bool => Some((if ctx.rng.chance(50) { "true" } else { "false" }).into()),
            Fill::Const(v) => v.clone(),
            Fill::Null => None,
        };
        refs.push(value);
    }
    Row {
        id,
        created,
        seed,
        refs: refs.into_boxed_slice(),
    }
}

/// A row of table `target` to reference: one of the same customer's when both sides have a
/// customer (an invoice's subscription belongs to the invoice's customer), else any row not
/// tied to a test clock.
fn pick(
    ctx: &mut GenCtx<'_>,
    target: usize,
    customer: Option<&str>,
    nullable: bool,
) -> Option<Arc<str>> {
    let ds = ctx.dataset;
    let table = ds.at(target)?;
    let r = &mut ctx.rng;
    let same_customer = match (customer, table.spec.slot("customer")) {
        (Some(c), Some(slot)) => Some(table.matching(slot, c)),
        _ => None,
    };
    if nullable && r.chance(20) {
        return None;
    }
    let choice = match same_customer {
        Some(rows) if !rows.is_empty() => rows.get(r.below(rows.len() as u64) as usize).copied(),
        Some(_) if nullable => None,
        _ => ds.pick_unclocked(target, r),
    };
    choice.map(|row| Arc::clone(&row.id))
}
