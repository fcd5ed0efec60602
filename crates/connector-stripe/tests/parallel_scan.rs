//! Parallel created-range scans against the simulator: every object exactly once, few extra
//! requests, and the sequential order kept whenever a scan may stop early.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{fixture, rows};
use datafusion::arrow::array::{Array, RecordBatch, StringArray};

const CHARGES: &str = "GET /v1/charges";

fn ids(batches: &[RecordBatch]) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let col = b.column(0).as_any().downcast_ref::<StringArray>().unwrap();
            (0..col.len())
                .map(|i| col.value(i).to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn sql_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .unwrap()
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn sim_ids(f: &common::Fixture, resource: &str) -> Vec<String> {
    f.sim
        .simulator()
        .objects(resource)
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_scan_returns_every_charge_exactly_once() {
    let f = fixture(500, Duration::ZERO).await;
    let want = sim_ids(&f, "charges");
    assert!(want.len() > 1_000, "{}", want.len());
    let got = ids(&f.query("SELECT Id FROM Charges").await);
    assert_eq!(got.len(), want.len(), "no duplicates, nothing missing");
    let got: HashSet<String> = got.into_iter().collect();
    assert_eq!(got, want.iter().cloned().collect::<HashSet<_>>());
    // Each walk ends with one partial page: the splits may cost a few requests, not many.
    let minimal = want.len().div_ceil(100) as u64;
    let made = f.count(CHARGES);
    assert!(
        made >= minimal && made <= minimal + minimal / 5 + 4,
        "{made} requests for {minimal} pages"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_created_range_scan_splits_only_inside_the_range() {
    let f = fixture(500, Duration::ZERO).await;
    let all = f.sim.simulator().objects("charges");
    let created: Vec<i64> = all.iter().map(|o| o["created"].as_i64().unwrap()).collect();
    // The middle half of the charges by time.
    let (hi, lo) = (created[all.len() / 4], created[all.len() * 3 / 4]);
    let want: HashSet<String> = all
        .iter()
        .filter(|o| (lo..=hi).contains(&o["created"].as_i64().unwrap()))
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let sql = format!(
        "SELECT Id FROM Charges WHERE Created >= '{}' AND Created <= '{}'",
        sql_time(lo),
        sql_time(hi)
    );
    let got = ids(&f.query(&sql).await);
    assert_eq!(got.len(), want.len());
    assert_eq!(got.into_iter().collect::<HashSet<_>>(), want);
}

#[tokio::test(flavor = "multi_thread")]
async fn top_n_walks_once_in_list_order() {
    let f = fixture(500, Duration::ZERO).await;
    let want = sim_ids(&f, "charges");
    let got = ids(&f.query("SELECT Id FROM Charges LIMIT 250").await);
    assert_eq!(got, want[..250]);
    assert_eq!(f.count(CHARGES), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filtered_scan_with_few_rows_makes_the_minimal_requests() {
    let f = fixture(500, Duration::ZERO).await;
    let all = f.sim.simulator().objects("charges");
    let customer = all
        .iter()
        .find_map(|o| o["customer"].as_str())
        .unwrap()
        .to_string();
    let want = all
        .iter()
        .filter(|o| o["customer"] == customer.as_str())
        .count();
    let b = f
        .query(&format!(
            "SELECT Id FROM Charges WHERE CustomerId = '{customer}'"
        ))
        .await;
    assert_eq!(rows(&b), want);
    assert_eq!(f.count(CHARGES), 1);
}
