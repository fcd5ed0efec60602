//! `test_helpers.test_clock` objects (`GET /v1/test_helpers/test_clocks`).
//!
//! Test clocks matter to a reader of the API because objects on one are left out of the
//! customer, subscription and quote lists unless the request names the clock: a connector that
//! only walks those lists never sees them. The dataset therefore has a few clocks
//! (`SimConfig::test_clocks`) with some customers on each (see `customers.rs`).

use serde_json::{json, Value};

use super::END;
use crate::registry::{Dataset, FixedSpec, GenCtx, Row};
use crate::rng::Rng;

/// Registry entry: the list has no filters and no `created` parameter.
pub(crate) static SPEC: FixedSpec = FixedSpec {
    path: "test_helpers/test_clocks",
    object: "test_helpers.test_clock",
    filters: &[],
    created_filter: false,
    generate,
    render,
};

/// Purpose tag for a clock's fields.
const TAG_FIELDS: u64 = 11;
/// Stripe deletes a test clock 30 days after creating it.
const LIFETIME: i64 = 30 * 86_400;
const DAY: i64 = 86_400;

fn generate(ctx: &mut GenCtx<'_>) -> Vec<Row> {
    (0..ctx.config.test_clocks)
        .map(|_| {
            let seed = ctx.rng.next_u64();
            let id = ctx.fresh_id("clock_", 24);
            // Created recently, so none has reached its `deletes_after` at the dataset's "now".
            let created = END - ctx.rng.range(DAY, 20 * DAY);
            Row {
                id,
                created,
                seed,
                refs: Box::new([]),
            }
        })
        .collect()
}

/// The clock's frozen time: up to a year before its creation (clocks simulate the past
/// here, so every object on one is created before the dataset's "now").
pub(crate) fn frozen_time(row: &Row) -> i64 {
    row.created - Rng::derive(row.seed, TAG_FIELDS).range(0, 365 * DAY)
}

fn render(_ds: &Dataset, row: &Row) -> Value {
    let mut r = Rng::derive(row.seed, TAG_FIELDS);
    // Same first draw as `frozen_time`.
    let _ = r.range(0, 365 * DAY);
    let name = r.chance(70).then(|| {
        r.pick(&[
            "Annual renewal",
            "Trial conversion",
            "Dunning flow",
            "Proration check",
            "Invoice reminders",
        ])
    });
    json!({
        "created": row.created,
        "deletes_after": row.created + LIFETIME,
        "frozen_time": frozen_time(row),
        "id": &*row.id,
        "livemode": false,
        "name": name,
        "object": "test_helpers.test_clock",
        "status": "ready",
    })
}
