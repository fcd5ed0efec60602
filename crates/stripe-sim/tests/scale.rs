//! A benchmark-sized dataset generates quickly and deep pages are served by index.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{get, server};

#[tokio::test]
async fn hundred_thousand_customers() {
    let start = Instant::now();
    let srv = server(100_000).await;
    let generated = start.elapsed();
    // Generous bound for a shared debug build; it takes ~3 s on one core.
    assert!(
        generated < Duration::from_secs(60),
        "generation took {generated:?}"
    );
    let sim = srv.simulator().clone();
    // 4% more customers are on the two test clocks.
    assert_eq!(sim.count("customers"), 104_000);
    assert_eq!(sim.listed_count("customers"), 100_000);
    let n = sim.count("charges");
    assert!((250_000..=350_000).contains(&n), "{n}");

    let cursor = sim.object_at("charges", n - 150).unwrap();
    let started = Instant::now();
    let r = get(
        &srv,
        &format!(
            "/v1/charges?limit=100&starting_after={}",
            cursor["id"].as_str().unwrap()
        ),
    )
    .await;
    let page_time = started.elapsed();
    assert_eq!(r.status, 200);
    let data = r.body["data"].as_array().unwrap();
    let expected: Vec<_> = (n - 149..n - 49)
        .map(|i| sim.object_at("charges", i).unwrap())
        .collect();
    assert_eq!(data, &expected);
    assert_eq!(r.body["has_more"], true);
    assert!(
        page_time < Duration::from_secs(10),
        "deep page took {page_time:?}"
    );

    // The oldest objects through a created bound (customers on clocks are all recent).
    let oldest = sim.object_at("customers", 103_999).unwrap();
    assert!(oldest["test_clock"].is_null());
    let t = oldest["created"].as_i64().unwrap();
    let r = get(&srv, &format!("/v1/customers?limit=100&created[lte]={t}")).await;
    let data = r.body["data"].as_array().unwrap();
    assert_eq!(data.last().unwrap(), &oldest);
    assert_eq!(r.body["has_more"], false);
    assert!(sim.object_at("customers", 104_000).is_none());
    srv.shutdown().await;
}
