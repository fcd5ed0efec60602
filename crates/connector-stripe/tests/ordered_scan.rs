//! `ORDER BY Created DESC` is Stripe's own list order: a scan that can keep that order takes
//! the sort over, so the newest rows cost one page; every other order stays correct.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::fixture;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::TimestampMillisecondType;
use serde_json::Value;

const CHARGES: &str = "GET /v1/charges";

fn ids(batches: &[RecordBatch]) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let a = b.column(0).as_string::<i32>();
            (0..a.len()).map(move |i| a.value(i).to_string())
        })
        .collect()
}

/// `created` of each row, in seconds, from column `col`.
fn created(batches: &[RecordBatch], col: usize) -> Vec<i64> {
    batches
        .iter()
        .flat_map(|b| {
            let a = b.column(col).as_primitive::<TimestampMillisecondType>();
            (0..a.len()).map(move |i| a.value(i) / 1000)
        })
        .collect()
}

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn newest_first_with_a_limit_reads_one_page() {
    let f = fixture(200, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    assert!(charges.len() > 300, "enough charges for several pages");
    let sql = "SELECT Id FROM Charges ORDER BY Created DESC LIMIT 20";
    let plan = f.explain(sql).await;
    assert!(plan.contains("order=newest-first"), "{plan}");
    assert!(!plan.contains("SortExec"), "{plan}");
    assert!(plan.contains("limit=20"), "{plan}");
    f.reset();
    let got = ids(&f.query(sql).await);
    let want: Vec<String> = charges[..20].iter().map(id).collect();
    assert_eq!(got, want);
    assert_eq!(f.count(CHARGES), 1);
    assert_eq!(f.sim.simulator().stats().total, 1);

    // OFFSET/FETCH: the skipped rows are read too, still without a split walk.
    f.reset();
    let got = ids(&f
        .query("SELECT Id FROM Charges ORDER BY Created DESC LIMIT 10 OFFSET 150")
        .await);
    let want: Vec<String> = charges[150..160].iter().map(id).collect();
    assert_eq!(got, want);
    assert_eq!(f.count(CHARGES), 2);
}

#[tokio::test]
async fn newest_first_without_a_limit_is_every_row_in_order() {
    let f = fixture(120, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    let b = f
        .query("SELECT Id, Created FROM Charges ORDER BY Created DESC")
        .await;
    assert_eq!(ids(&b), charges.iter().map(id).collect::<Vec<_>>());
    let c = created(&b, 1);
    assert!(c.windows(2).all(|w| w[0] >= w[1]));
}

#[tokio::test]
async fn other_orders_and_filtered_or_swept_scans_stay_correct() {
    let f = fixture(150, Duration::ZERO).await;
    let charges = f.sim.simulator().objects("charges");
    let secs = |v: &Value| v["created"].as_i64().unwrap();

    // Ascending is not the list order: DataFusion sorts.
    let sql = "SELECT Id, Created FROM Charges ORDER BY Created ASC LIMIT 5";
    assert!(!f.explain(sql).await.contains("newest-first"));
    let mut oldest: Vec<i64> = charges.iter().map(secs).collect();
    oldest.sort();
    assert_eq!(created(&f.query(sql).await, 1), oldest[..5]);

    // A second sort key: ties within a second must follow Id, which the list does not.
    let sql = "SELECT Id FROM Charges ORDER BY Created DESC, Id LIMIT 5";
    assert!(!f.explain(sql).await.contains("newest-first"));

    // A filter DataFusion re-checks sits between the sort and the scan: the limit counts
    // matching rows only.
    let sql = "SELECT Id FROM Charges WHERE Description LIKE '%a%' ORDER BY Created DESC LIMIT 3";
    let want: Vec<String> = charges
        .iter()
        .filter(|c| c["description"].as_str().is_some_and(|d| d.contains('a')))
        .take(3)
        .map(id)
        .collect();
    assert_eq!(ids(&f.query(sql).await), want);

    // Customers on test clocks come from other walks, so the sort stays with DataFusion and
    // they are ranked by their own `created`.
    let sql = "SELECT Id, Created FROM Customers ORDER BY Created DESC LIMIT 400";
    assert!(!f.explain(sql).await.contains("newest-first"));
    let mut all: Vec<i64> = f
        .sim
        .simulator()
        .objects("customers")
        .iter()
        .map(secs)
        .collect();
    all.sort_by(|a, b| b.cmp(a));
    all.truncate(400);
    assert_eq!(created(&f.query(sql).await, 1), all);
}
