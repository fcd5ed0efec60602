//! Joins narrow the probe-side scan with the build side's keys at run time: a customer looked
//! up by the charge's `CustomerId`, invoices listed per customer. Results stay exact when the
//! keys are many, none, or on the preserved side of an outer join.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{fixture, rows};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use serde_json::Value;

fn column(batches: &[RecordBatch], col: usize) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let a = b.column(col).as_string::<i32>();
            (0..a.len()).map(move |i| a.is_valid(i).then(|| a.value(i).to_string()))
        })
        .collect()
}

fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap()
}

#[tokio::test]
async fn the_build_sides_keys_become_retrieves() {
    let f = fixture(150, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    let customers = f.sim.simulator().objects("customers");
    let charge = charges.iter().find(|c| c["customer"].is_string()).unwrap();
    let owner = customers
        .iter()
        .find(|c| c["id"] == charge["customer"])
        .unwrap();
    let sql = format!(
        "SELECT ch.Id, c.Id, c.Email FROM Charges ch JOIN Customers c ON c.Id = ch.CustomerId \
         WHERE ch.Id = '{}'",
        id(charge)
    );
    assert!(f.explain(&sql).await.contains("narrowed-by=join keys"));
    f.reset();
    let b = f.query(&sql).await;
    assert_eq!(column(&b, 1), vec![Some(id(owner).to_string())]);
    assert_eq!(
        column(&b, 2),
        vec![owner["email"].as_str().map(str::to_string)]
    );
    let stats = f.sim.simulator().stats();
    assert_eq!(stats.get("GET /v1/customers/{id}"), 1, "{stats:?}");
    assert_eq!(stats.total, 2, "{stats:?}");

    // No charge matches: the customers are never listed.
    f.reset();
    let b = f
        .query(
            "SELECT c.Email FROM Charges ch JOIN Customers c ON c.Id = ch.CustomerId \
             WHERE ch.Id = 'ch_none'",
        )
        .await;
    assert_eq!(rows(&b), 0);
    assert_eq!(f.sim.simulator().stats().get("GET /v1/customers"), 0);
}

#[tokio::test]
async fn many_keys_fall_back_to_the_planned_scan_and_stay_exact() {
    let f = fixture(120, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    let customers = f.sim.simulator().objects("customers");
    let known: BTreeSet<&str> = customers.iter().map(id).collect();
    // Every charge: far more distinct customers than MAX_JOIN_KEYS.
    let want = charges
        .iter()
        .filter(|c| c["customer"].as_str().is_some_and(|k| known.contains(k)))
        .count();
    let b = f
        .query("SELECT ch.Id, c.Email FROM Charges ch JOIN Customers c ON c.Id = ch.CustomerId")
        .await;
    assert_eq!(rows(&b), want);
    // A full customer scan: list pages, no retrieves.
    assert_eq!(f.sim.simulator().stats().get("GET /v1/customers/{id}"), 0);
}

#[tokio::test]
async fn outer_joins_keep_their_unmatched_rows() {
    let f = fixture(100, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    let customers = f.sim.simulator().objects("customers");
    let charge = charges.iter().find(|c| c["customer"].is_string()).unwrap();
    // Customers is the preserved side: all of them come back, one with the charge.
    let b = f
        .query(&format!(
            "SELECT c.Id, ch.Id FROM Customers c LEFT JOIN Charges ch \
             ON ch.CustomerId = c.Id AND ch.Id = '{}'",
            id(charge)
        ))
        .await;
    assert_eq!(rows(&b), customers.len());
    let matched: Vec<_> = column(&b, 1).into_iter().flatten().collect();
    assert_eq!(matched, vec![id(charge).to_string()]);
}

#[tokio::test]
async fn child_tables_and_list_filters_take_the_keys() {
    let f = fixture(200, Duration::ZERO).await;
    let invoices = f.sim.simulator().objects("invoices");
    let invoice = invoices.first().expect("invoices");
    let customer = invoice["customer"].as_str().unwrap();
    let want = invoices
        .iter()
        .filter(|i| i["customer"] == customer)
        .count();
    f.reset();
    let b = f
        .query(&format!(
            "SELECT i.Id FROM Customers c JOIN Invoices i ON i.CustomerId = c.Id \
             WHERE c.Id = '{customer}'"
        ))
        .await;
    assert_eq!(rows(&b), want);
    // The equality on the join key reaches Invoices at plan time already.
    assert_eq!(f.sim.simulator().stats().total, 2);

    // Charges picked by id, their refunds listed per charge.
    let charges = f.sim.simulator().objects("charges");
    let charge = charges
        .iter()
        .find(|c| c["amount_refunded"].as_i64().unwrap_or(0) > 0)
        .expect("a refunded charge");
    f.reset();
    let b = f
        .query(&format!(
            "SELECT r.Id FROM Charges ch JOIN Refunds r ON r.ChargeId = ch.Id \
             WHERE ch.Id = '{}'",
            id(charge)
        ))
        .await;
    let want = f
        .sim
        .simulator()
        .objects("refunds")
        .iter()
        .filter(|r| r["charge"] == charge["id"])
        .count();
    assert_eq!(rows(&b), want);
    assert_eq!(f.sim.simulator().stats().total, 2);
}
