//! Split points and the test-clock sweep, against a scripted server (one walk at a time, so the
//! request sequence is exact). Concurrent splitting is tested against the simulator in
//! `tests/parallel_scan.rs`.

use super::*;
use crate::catalogue::{CHARGES, CUSTOMERS, SUBSCRIPTIONS};
use crate::client::ClientConfig;
use crate::retry::RetryPolicy;
use crate::test_server::{Scripted, ScriptedServer};
use serde_json::json;
use std::time::Duration;

fn client(base: &str, key: &str) -> Arc<StripeClient> {
    client_with(base, key, 1)
}

fn client_with(base: &str, key: &str, scan_concurrency: usize) -> Arc<StripeClient> {
    let config = ClientConfig {
        api_base: base.to_string(),
        api_key: key.into(),
        user_agent: "t".into(),
        retry: RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        },
        requests_per_second: None,
        timeout: Duration::from_secs(10),
        scan_concurrency,
    };
    Arc::new(StripeClient::new(&config).unwrap())
}

fn page(objects: Value, has_more: bool) -> Scripted {
    Scripted::json(
        200,
        json!({"object": "list", "data": objects, "has_more": has_more}),
    )
}

/// Every page of a sequential walk; returns the ids and the request targets.
async fn walk_all(
    srv: &ScriptedServer,
    key: &str,
    resource: &'static ResourceSpec,
    params: &[(&str, &str)],
) -> (Vec<String>, Vec<String>) {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut walks = Walks::new(client(&srv.base_url, key), resource, &params, None, 100, 1);
    let mut ids = Vec::new();
    while let Some(data) = walks.next_page().await.unwrap() {
        ids.extend(data.iter().map(|o| o["id"].as_str().unwrap().to_string()));
    }
    let targets = (0..srv.count()).map(|i| srv.request(i).target).collect();
    (ids, targets)
}

#[tokio::test]
async fn customers_on_test_clocks_are_listed_per_clock() {
    let srv = ScriptedServer::start(vec![
        page(json!([{"id": "cus_1"}, {"id": "cus_2"}]), false),
        page(json!([{"id": "clock_a"}]), true),
        page(json!([{"id": "cus_a1"}]), false),
        page(json!([{"id": "clock_b"}]), false),
        page(json!([{"id": "cus_b1"}, {"id": "cus_b2"}]), false),
    ])
    .await;
    let (ids, targets) = walk_all(&srv, "sk_test_x", &CUSTOMERS, &[("email", "a@b.c")]).await;
    assert_eq!(ids, ["cus_1", "cus_2", "cus_a1", "cus_b1", "cus_b2"]);
    assert_eq!(
        targets,
        [
            "/v1/customers?email=a%40b.c&limit=100",
            "/v1/test_helpers/test_clocks?limit=100",
            "/v1/customers?email=a%40b.c&test_clock=clock_a&limit=100",
            "/v1/test_helpers/test_clocks?starting_after=clock_a&limit=100",
            "/v1/customers?email=a%40b.c&test_clock=clock_b&limit=100",
        ]
    );
}

#[tokio::test]
async fn no_sweep_when_a_parameter_shows_clock_objects_or_in_live_mode() {
    for (key, resource, params) in [
        ("sk_test_x", &CUSTOMERS, &[("test_clock", "clock_a")][..]),
        ("sk_test_x", &SUBSCRIPTIONS, &[("customer", "cus_1")][..]),
        ("sk_live_x", &CUSTOMERS, &[][..]),
        ("sk_test_x", &CHARGES, &[][..]),
    ] {
        let srv = ScriptedServer::start(vec![page(json!([{"id": "x_1"}]), false)]).await;
        let (ids, targets) = walk_all(&srv, key, resource, params).await;
        assert_eq!(ids, ["x_1"], "{}", resource.table);
        assert_eq!(targets.len(), 1, "{}: {targets:?}", resource.table);
    }
}

#[test]
fn created_parameters_become_the_range() {
    let params = [
        ("created[gte]", "10"),
        ("customer", "cus_1"),
        ("created[lte]", "20"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()));
    let (range, rest) = split_created(&params);
    assert_eq!(
        range,
        CreatedRange {
            gte: Some(10),
            lte: Some(20)
        }
    );
    assert_eq!(rest, [("customer".to_string(), "cus_1".to_string())]);
}

#[test]
fn split_points_halve_the_remainder_when_it_is_worth_a_walk() {
    let lo = 1_600_000_000;
    let bounded = CreatedRange {
        gte: Some(lo),
        lte: None,
    };
    // 100 rows in 100 s: the older half of 10,000 s holds ~5,000 rows.
    let at = split_point(bounded, lo + 10_100, lo + 10_000, 100).unwrap();
    assert_eq!(at, lo + 5_000);
    // The same page over a 100 s remainder: ~50 rows below, not worth a walk.
    assert_eq!(split_point(bounded, lo + 200, lo + 100, 100), None);
    // Nothing below the page.
    assert_eq!(split_point(bounded, lo + 10, lo, 100), None);
    // Unbounded below: the floor picks the point; the range itself stays open.
    let open = CreatedRange::default();
    let at = split_point(open, 1_700_000_100, 1_700_000_000, 100).unwrap();
    assert!(at > SPLIT_FLOOR && at < 1_700_000_000, "{at}");
}

#[tokio::test]
async fn a_split_walk_continues_with_its_cursor_above_the_cut() {
    let srv = ScriptedServer::start(vec![]).await;
    let client = client_with(&srv.base_url, "sk_test_x", 4);
    let mut walks = Walks::new(client, &CHARGES, &[], None, 100, 4);
    let data: Vec<Value> = (0..100)
        .map(|i| json!({"id": format!("ch_{i}"), "created": 1_700_000_000 - i}))
        .collect();
    let mut walk = Walk {
        target: Target::Rows,
        params: Vec::new(),
        range: CreatedRange::default(),
        cursor: Some("ch_99".into()),
    };
    let older = walks.split(&mut walk, &data).unwrap();
    let at = walk.range.gte.unwrap();
    assert_eq!(
        older.range,
        CreatedRange {
            gte: None,
            lte: Some(at - 1)
        }
    );
    assert_eq!(older.cursor, None);
    assert_eq!(walk.cursor.as_deref(), Some("ch_99"));
    assert!(at <= 1_700_000_000 - 99);
    // Concurrency 1 never splits.
    walks.concurrency = 1;
    assert!(walks.split(&mut walk.clone(), &data).is_none());
    drop(walks);
}
