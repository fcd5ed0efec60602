//! `charge` objects (`GET /v1/charges`), shaped like the API version 2023-08-16 fixture.
//!
//! Charges belong to a customer of this dataset (about 10% are guest charges with
//! `customer: null`), are created after their customer, and bill that customer's identity.
//! About 90% come from a PaymentIntent; like on Stripe, such a charge's id shares its suffix
//! with the PaymentIntent's (`ch_3X…` ↔ `pi_3X…`).

use std::sync::Arc;

use serde_json::{json, Value};

use super::profile::{empty_address, Profile};
use super::{customers, END};
use crate::registry::{Dataset, FixedSpec, GenCtx, Row};
use crate::rng::Rng;

/// Registry entry. Filter order is the order of `Row::refs`.
pub(crate) static SPEC: FixedSpec = FixedSpec {
    path: "charges",
    object: "charge",
    filters: &["customer", "payment_intent", "transfer_group"],
    created_filter: true,
    generate,
    render,
};

const F_CUSTOMER: usize = 0;
const F_PAYMENT_INTENT: usize = 1;
const F_TRANSFER_GROUP: usize = 2;
/// Purpose tag for a charge's fields.
const TAG_FIELDS: u64 = 3;
/// Purpose tag of the stream the charges of customers on test clocks are drawn from.
const TAG_CLOCK_CHARGES: u64 = 13;

fn generate(ctx: &mut GenCtx<'_>) -> Vec<Row> {
    let ds = ctx.dataset;
    let Some(customers) = ds.table(customers::SPEC.path) else {
        return Vec::new();
    };
    let (clocked, plain): (Vec<&Row>, Vec<&Row>) = customers
        .rows()
        .iter()
        .partition(|c| customers::test_clock(c).is_some());
    let groups = (plain.len() / 20).max(1) as u64;
    let mut rows = Vec::with_capacity(customers.len() * 3);
    for customer in plain {
        charges_of(ctx, customer, false, groups, &mut rows);
    }
    // Customers on test clocks pay too, from their own stream after everyone else's charges,
    // so a seed's other charges are exactly what they were before test clocks existed.
    if !clocked.is_empty() {
        let stream = Rng::derive(ctx.rng.next_u64(), TAG_CLOCK_CHARGES);
        let normal = std::mem::replace(&mut ctx.rng, stream);
        for customer in clocked {
            charges_of(ctx, customer, true, groups, &mut rows);
        }
        ctx.rng = normal;
    }
    rows
}

/// Appends 0..=6 charges of `customer`: 3 on average, and one customer in seven has none.
/// About 10% are guest charges (no customer), except on a test clock, where every charge
/// bills the customer (so it is recognisably the clock's).
fn charges_of(
    ctx: &mut GenCtx<'_>,
    customer: &Row,
    on_clock: bool,
    groups: u64,
    rows: &mut Vec<Row>,
) {
    for _ in 0..ctx.rng.below(7) {
        let seed = ctx.rng.next_u64();
        let created = ctx.rng.range(customer.created + 1, END);
        let guest = ctx.rng.chance(10);
        let from_intent = ctx.rng.chance(90);
        let id = ctx.fresh_id(if from_intent { "ch_3" } else { "ch_1" }, 23);
        let payment_intent: Option<Arc<str>> =
            from_intent.then(|| format!("pi_{}", id.get(3..).unwrap_or_default()).into());
        let transfer_group: Option<Arc<str>> = ctx
            .rng
            .chance(4)
            .then(|| format!("group_ord_{:05}", ctx.rng.below(groups)).into());
        let customer_ref = (on_clock || !guest).then(|| Arc::clone(&customer.id));
        rows.push(Row {
            id,
            created,
            seed,
            refs: vec![customer_ref, payment_intent, transfer_group].into_boxed_slice(),
        });
    }
}

/// Failure modes: (failure_code, failure_message, outcome reason).
const FAILURES: &[(&str, &str, &str)] = &[
    (
        "card_declined",
        "Your card was declined.",
        "generic_decline",
    ),
    (
        "insufficient_funds",
        "Your card has insufficient funds.",
        "insufficient_funds",
    ),
    ("expired_card", "Your card has expired.", "expired_card"),
    (
        "incorrect_cvc",
        "Your card's security code is incorrect.",
        "incorrect_cvc",
    ),
];

fn amount(r: &mut Rng, currency: &str) -> i64 {
    let cents = if r.chance(50) {
        r.pick(&[500, 999, 1500, 2000, 2900, 4900, 9900, 14_900, 29_900])
    } else {
        r.range(100, 100_000)
    };
    // JPY is zero-decimal: amounts are whole yen, about 1.5 yen per cent.
    if currency == "jpy" {
        cents * 3 / 2
    } else {
        cents
    }
}

fn card(r: &mut Rng, country: &str, cvc_failed: bool) -> Value {
    let brand = match r.below(100) {
        0..=49 => "visa",
        50..=79 => "mastercard",
        80..=94 => "amex",
        _ => "discover",
    };
    let funding = match r.below(100) {
        0..=69 => "credit",
        70..=97 => "debit",
        _ => "prepaid",
    };
    let address_check = r.chance(60).then_some("pass");
    json!({
        "brand": brand,
        "checks": {
            "address_line1_check": address_check,
            "address_postal_code_check": address_check,
            "cvc_check": (if cvc_failed { "fail" } else { "pass" }),
        },
        "country": country,
        "exp_month": r.range(1, 13),
        "exp_year": r.range(2024, 2031),
        "fingerprint": r.base62(16),
        "funding": funding,
        "installments": null,
        "last4": format!("{:04}", r.below(10_000)),
        "mandate": null,
        "network": brand,
        "network_token": { "used": false },
        "three_d_secure": null,
        "wallet": null,
    })
}

fn render(ds: &Dataset, row: &Row) -> Value {
    let mut r = Rng::derive(row.seed, TAG_FIELDS);
    let customer = row
        .filter_value(F_CUSTOMER)
        .and_then(|id| ds.table(customers::SPEC.path)?.get(id));
    let (payer, email) = match customer {
        Some(c) => (
            Profile::from_seed(c.seed),
            customers::email(c).map(str::to_string),
        ),
        None => {
            let guest = Profile::from_seed(row.seed);
            let email = r.chance(70).then(|| guest.email(&mut r));
            (guest, email)
        }
    };
    let currency = payer.place.currency;
    let amount = amount(&mut r, currency);
    let status = match r.below(100) {
        0..=84 => "succeeded",
        85..=94 => "failed",
        _ => "pending",
    };
    let failure = (status == "failed").then(|| r.pick(FAILURES));
    let blocked = failure.is_some() && r.chance(15);
    let captured = match status {
        "succeeded" => r.chance(95),
        "pending" => true,
        _ => false,
    };
    let settled = status == "succeeded" && captured;
    let amount_refunded = match (settled, r.below(100)) {
        (true, 0..=4) => amount,
        (true, 5..=8) => r.range(1, amount),
        _ => 0,
    };
    let payment_intent = row.filter_value(F_PAYMENT_INTENT);
    let refunds: Vec<Value> = if amount_refunded > 0 {
        vec![json!({
            "amount": amount_refunded,
            "balance_transaction": r.object_id("txn_"),
            "charge": &*row.id,
            "created": row.created + r.range(3_600, 30 * 86_400),
            "currency": currency,
            "id": r.object_id("re_"),
            "metadata": {},
            "object": "refund",
            "payment_intent": payment_intent,
            "reason": r.pick(&[None, Some("requested_by_customer"), Some("duplicate")]),
            "receipt_number": null,
            "source_transfer_reversal": null,
            "status": "succeeded",
            "transfer_reversal": null,
        })]
    } else {
        Vec::new()
    };
    let outcome = match (failure, blocked) {
        (Some(_), true) => json!({
            "network_status": "not_sent_to_network",
            "reason": "highest_risk_level",
            "risk_level": "highest",
            "risk_score": r.range(90, 100),
            "seller_message": "Stripe blocked this payment as too risky.",
            "type": "blocked",
        }),
        (Some((_, _, reason)), false) => json!({
            "network_status": "declined_by_network",
            "reason": reason,
            "risk_level": "normal",
            "risk_score": r.range(0, 65),
            "seller_message": "The bank did not return any further details with this decline.",
            "type": "issuer_declined",
        }),
        (None, _) => json!({
            "network_status": "approved_by_network",
            "reason": null,
            "risk_level": (if r.chance(5) { "elevated" } else { "normal" }),
            "risk_score": r.range(0, 75),
            "seller_message": "Payment complete.",
            "type": "authorized",
        }),
    };
    let (failure_code, failure_message) = match (failure, blocked) {
        (Some(_), true) => (Some("card_declined"), Some("Your card was declined.")),
        (Some((code, message, _)), false) => (Some(code), Some(message)),
        (None, _) => (None, None),
    };
    let cvc_failed = failure_code == Some("incorrect_cvc");
    let description = r.pick(&[
        None,
        None,
        None,
        Some("Subscription creation"),
        Some("Subscription update"),
        Some("Payment for Invoice"),
    ]);
    let invoice = description
        .filter(|d| d.starts_with("Subscription") || d.starts_with("Payment for"))
        .map(|_| r.object_id("in_"));
    let receipt_email = email.clone().filter(|_| r.chance(60));
    let receipt_number = (status == "succeeded" && receipt_email.is_some())
        .then(|| format!("{:04}-{:04}", r.below(10_000), r.below(10_000)));
    let receipt_url = (status != "failed")
        .then(|| format!("https://pay.stripe.com/receipts/payment/{}", r.base62(64)));
    let metadata = if r.chance(30) {
        json!({ "order_id": format!("ORD-{:07}", r.below(10_000_000)) })
    } else {
        json!({})
    };
    let shipping = (customer.is_some() && r.chance(10)).then(|| {
        json!({
            "address": payer.address(),
            "carrier": r.pick(&[None, Some("USPS"), Some("UPS"), Some("DHL")]),
            "name": payer.full_name(),
            "phone": payer.phone,
            "tracking_number": null,
        })
    });
    let billing_address = if payer.has_address {
        payer.address()
    } else {
        empty_address()
    };
    let billing_email = email.filter(|_| r.chance(50));
    json!({
        "amount": amount,
        "amount_captured": (if settled { amount } else { 0 }),
        "amount_refunded": amount_refunded,
        "application": null,
        "application_fee": null,
        "application_fee_amount": null,
        "balance_transaction": (settled || status == "pending").then(|| r.object_id("txn_")),
        "billing_details": {
            "address": billing_address,
            "email": billing_email,
            "name": payer.full_name(),
            "phone": payer.phone,
        },
        "calculated_statement_descriptor": (status != "failed").then_some("VTDS SIMULATOR"),
        "captured": captured,
        "created": row.created,
        "currency": currency,
        "customer": row.filter_value(F_CUSTOMER),
        "description": description,
        "disputed": settled && r.chance(1),
        "failure_balance_transaction": null,
        "failure_code": failure_code,
        "failure_message": failure_message,
        "fraud_details": (if blocked { json!({"stripe_report": "fraudulent"}) } else { json!({}) }),
        "id": &*row.id,
        "invoice": invoice,
        "livemode": false,
        "metadata": metadata,
        "object": "charge",
        "on_behalf_of": null,
        "outcome": outcome,
        "paid": status == "succeeded",
        "payment_intent": payment_intent,
        "payment_method": r.object_id("pm_"),
        "payment_method_details": { "card": card(&mut r, payer.place.country, cvc_failed), "type": "card" },
        "receipt_email": receipt_email,
        "receipt_number": receipt_number,
        "receipt_url": receipt_url,
        "refunded": amount_refunded > 0 && amount_refunded == amount,
        "refunds": {
            "data": refunds,
            "has_more": false,
            "object": "list",
            "url": format!("/v1/charges/{}/refunds", row.id),
        },
        "review": null,
        "shipping": shipping,
        "source_transfer": null,
        "statement_descriptor": null,
        "statement_descriptor_suffix": null,
        "status": status,
        "transfer_data": null,
        "transfer_group": row.filter_value(F_TRANSFER_GROUP),
    })
}
