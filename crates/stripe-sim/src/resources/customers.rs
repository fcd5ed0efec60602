//! `customer` objects (`GET /v1/customers`), shaped like the API version 2023-08-16 fixture:
//! every field Stripe returns by default. The includable fields (`cash_balance`,
//! `invoice_credit_balance`, `sources`, `subscriptions`, `tax`, `tax_ids`) are left out, as
//! Stripe leaves them out unless expanded.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::profile::Profile;
use super::{test_clocks, SPAN_SECONDS, START};
use crate::registry::{Dataset, FixedSpec, GenCtx, Row};
use crate::rng::Rng;

/// Registry entry. Filter order is the order of `Row::refs`.
pub(crate) static SPEC: FixedSpec = FixedSpec {
    path: "customers",
    object: "customer",
    filters: &["email", "test_clock"],
    created_filter: true,
    generate,
    render,
};

const F_EMAIL: usize = 0;
const F_TEST_CLOCK: usize = 1;
/// Purpose tag of the stream the customers on test clocks are drawn from.
const TAG_CLOCK_CUSTOMERS: u64 = 12;
/// Purpose tag for the rest of a customer's fields.
const TAG_FIELDS: u64 = 2;

fn generate(ctx: &mut GenCtx<'_>) -> Vec<Row> {
    let n = ctx.config.customers;
    let mut rows: Vec<Row> = Vec::with_capacity(n);
    for _ in 0..n {
        let seed = ctx.rng.next_u64();
        let id = ctx.fresh_id("cus_", 14);
        let prev = rows.last();
        // A few customers share a second with the previous one (imports, bulk sign-ups), so
        // the id tie-break of the list order is exercised.
        let created = match prev {
            Some(p) if ctx.rng.chance(5) => p.created,
            _ => START + ctx.rng.range(0, SPAN_SECONDS),
        };
        let email: Option<Arc<str>> = if ctx.rng.chance(8) {
            None
        } else if let Some(shared) = prev
            .and_then(|p| p.refs.get(F_EMAIL).cloned().flatten())
            .filter(|_| ctx.rng.chance(2))
        {
            // Stripe allows several customers with one email; the email filter returns all.
            Some(shared)
        } else {
            Some(Profile::from_seed(seed).email(&mut ctx.rng).into())
        };
        rows.push(Row {
            id,
            created,
            seed,
            refs: vec![email, None].into_boxed_slice(),
        });
    }
    add_clock_customers(ctx, &mut rows);
    rows
}

/// Customers on a test clock: about one per 25 others and at least one per clock, drawn
/// from their own stream after all the others, so a seed's other customers (and everything
/// other crates' tests know about them) are exactly what they were before clocks existed.
/// Each is created at its clock's frozen time, as Stripe does.
fn add_clock_customers(ctx: &mut GenCtx<'_>, rows: &mut Vec<Row>) {
    let ds = ctx.dataset;
    let Some(clocks) = ds.table(test_clocks::SPEC.path) else {
        return;
    };
    let n = ctx.config.customers;
    if n == 0 || clocks.rows().is_empty() {
        return;
    }
    let stream = Rng::derive(ctx.rng.next_u64(), TAG_CLOCK_CUSTOMERS);
    let normal = std::mem::replace(&mut ctx.rng, stream);
    for (i, clock) in clocks.rows().iter().cycle().enumerate() {
        if i == (n / 25).max(clocks.len()) {
            break;
        }
        let seed = ctx.rng.next_u64();
        let id = ctx.fresh_id("cus_", 14);
        let created = test_clocks::frozen_time(clock) + ctx.rng.range(0, 3_600);
        let email: Option<Arc<str>> =
            (!ctx.rng.chance(8)).then(|| Profile::from_seed(seed).email(&mut ctx.rng).into());
        rows.push(Row {
            id,
            created,
            seed,
            refs: vec![email, Some(Arc::clone(&clock.id))].into_boxed_slice(),
        });
    }
    ctx.rng = normal;
}

/// The id of the test clock the customer is on, if any.
pub(crate) fn test_clock(row: &Row) -> Option<&str> {
    row.filter_value(F_TEST_CLOCK)
}

/// The customer's email (the `email` filter value), as rendered.
pub(crate) fn email(row: &Row) -> Option<&str> {
    row.filter_value(F_EMAIL)
}

/// A coupon a discount can carry.
#[derive(Clone, Copy)]
struct Coupon {
    id: &'static str,
    name: &'static str,
    percent_off: Option<f64>,
    amount_off: Option<i64>,
    duration: &'static str,
    months: Option<i64>,
}

const fn coupon(
    id: &'static str,
    name: &'static str,
    percent_off: Option<f64>,
    amount_off: Option<i64>,
    duration: &'static str,
    months: Option<i64>,
) -> Coupon {
    Coupon {
        id,
        name,
        percent_off,
        amount_off,
        duration,
        months,
    }
}

const COUPONS: &[Coupon] = &[
    coupon("SUMMER20", "Summer sale", Some(20.0), None, "once", None),
    coupon(
        "WELCOME10",
        "Welcome 10% off",
        Some(10.0),
        None,
        "repeating",
        Some(3),
    ),
    coupon("LOYAL25", "25.5% off", Some(25.5), None, "forever", None),
    coupon("FIVEOFF", "$5 off", None, Some(500), "once", None),
];

fn discount(r: &mut Rng, customer: &str, created: i64) -> Value {
    let Coupon {
        id,
        name,
        percent_off,
        amount_off,
        duration,
        months,
    } = r.pick(COUPONS);
    let start = (created + r.range(0, 30 * 86_400)).min(START + SPAN_SECONDS);
    let end = months.map(|m| start + m * 30 * 86_400);
    json!({
        "checkout_session": null,
        "coupon": {
            "amount_off": amount_off,
            "created": START - 86_400,
            "currency": amount_off.map(|_| "usd"),
            "duration": duration,
            "duration_in_months": months,
            "id": id,
            "livemode": false,
            "max_redemptions": null,
            "metadata": {},
            "name": name,
            "object": "coupon",
            "percent_off": percent_off,
            "redeem_by": null,
            "times_redeemed": 0,
            "valid": true,
        },
        "customer": customer,
        "end": end,
        "id": r.object_id("di_"),
        "invoice": null,
        "invoice_item": null,
        "object": "discount",
        "promotion_code": null,
        "start": start,
        "subscription": null,
    })
}

fn metadata(r: &mut Rng) -> Value {
    let mut m = Map::new();
    if r.chance(35) {
        let plan = r.pick(&["free", "starter", "pro", "pro", "enterprise"]);
        m.insert("plan".into(), plan.into());
    }
    if r.chance(15) {
        let source = r.pick(&["web", "mobile", "sales", "partner"]);
        m.insert("signup_source".into(), source.into());
    }
    if r.chance(10) {
        m.insert(
            "crm_id".into(),
            format!("CRM-{:06}", r.below(1_000_000)).into(),
        );
    }
    Value::Object(m)
}

fn render(_ds: &Dataset, row: &Row) -> Value {
    let p = Profile::from_seed(row.seed);
    let mut r = Rng::derive(row.seed, TAG_FIELDS);
    let address = p.has_address.then(|| p.address());
    let balance = if r.chance(15) {
        r.range(-5_000, 5_000)
    } else {
        0
    };
    let currency = r.chance(75).then_some(p.place.currency);
    let default_source = r.chance(15).then(|| r.object_id("card_"));
    let delinquent = r.chance(4);
    let description = r.chance(20).then(|| {
        r.pick(&[
            "Enterprise account",
            "Migrated from legacy billing",
            "VIP",
            "Trial user",
            "Reseller",
        ])
    });
    let discount = r.chance(10).then(|| discount(&mut r, &row.id, row.created));
    let invoice_prefix = r.chars(b"0123456789ABCDEF", 8);
    let default_pm = r.chance(40).then(|| r.object_id("pm_"));
    let metadata = metadata(&mut r);
    let next_invoice_sequence = r.range(1, 25);
    let locales: Vec<&str> = if r.chance(20) {
        vec![r.pick(&["en", "en-GB", "fr-FR", "de", "es", "ja"])]
    } else {
        Vec::new()
    };
    let shipping = r.chance(25).then(|| {
        json!({
            "address": p.address(),
            "carrier": null,
            "name": p.full_name(),
            "phone": p.phone,
            "tracking_number": null,
        })
    });
    let tax_exempt = match r.below(100) {
        0..=91 => "none",
        92..=96 => "exempt",
        _ => "reverse",
    };
    json!({
        "address": address,
        "balance": balance,
        "created": row.created,
        "currency": currency,
        "default_source": default_source,
        "delinquent": delinquent,
        "description": description,
        "discount": discount,
        "email": row.filter_value(F_EMAIL),
        "id": &*row.id,
        "invoice_prefix": invoice_prefix,
        "invoice_settings": {
            "custom_fields": null,
            "default_payment_method": default_pm,
            "footer": null,
            "rendering_options": null,
        },
        "livemode": false,
        "metadata": metadata,
        "name": p.name(),
        "next_invoice_sequence": next_invoice_sequence,
        "object": "customer",
        "phone": p.phone,
        "preferred_locales": locales,
        "shipping": shipping,
        "tax_exempt": tax_exempt,
        "test_clock": row.filter_value(F_TEST_CLOCK),
    })
}
