//! Injected trouble over real HTTP: the rate limit (429) and seeded server failures (500),
//! their Stripe-shaped bodies and headers, and exact counters at `/_sim/stats`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use common::{client, get, server_with, Resp};
use serde_json::json;
use stripe_sim::{SimConfig, SimServer, Stats};

async fn served_stats(srv: &SimServer) -> Stats {
    let res = client()
        .get(format!("{}/_sim/stats", srv.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "control endpoints are never limited");
    res.json().await.unwrap()
}

fn assert_rate_limited(r: &Resp) {
    assert_eq!(r.status, 429);
    assert_eq!(
        r.body,
        json!({"error": {
            "code": "rate_limit",
            "doc_url": "https://stripe.com/docs/error-codes/rate-limit",
            "message": "Request rate limit exceeded. You can learn more about rate limits here \
                        https://stripe.com/docs/rate-limits.",
            "type": "invalid_request_error"
        }})
    );
    assert_eq!(r.headers["stripe-rate-limited-reason"], "global-rate");
    assert!(r.headers.get("stripe-should-retry").is_none());
    assert!(r.headers["request-id"]
        .to_str()
        .unwrap()
        .starts_with("req_"));
}

#[tokio::test]
async fn zero_rate_limits_every_request_and_counts_them() {
    let srv = server_with(SimConfig {
        customers: 5,
        rate_limit: Some(0),
        ..SimConfig::default()
    })
    .await;
    for path in [
        "/v1/customers",
        "/v1/customers/cus_x",
        "/v1/test_helpers/test_clocks",
        "/v1/customers",
    ] {
        assert_rate_limited(&get(&srv, path).await);
    }
    // Limited before authentication, as Stripe's edge limiter is.
    assert_rate_limited(&common::get_with(&srv, "/v1/charges", None).await);
    let stats = served_stats(&srv).await;
    assert_eq!(stats, srv.simulator().stats());
    assert_eq!(
        (stats.total, stats.rate_limited, stats.server_errors),
        (5, 5, 0)
    );
    assert_eq!(stats.get("GET /v1/customers"), 2);
    assert_eq!(stats.get("GET /v1/customers/{id}"), 1);
    assert_eq!(stats.get("GET /v1/test_helpers/test_clocks"), 1);
    assert_eq!(stats.get("GET /v1/charges"), 1);
    srv.shutdown().await;
}

#[tokio::test]
async fn rate_limit_admits_a_burst_then_refuses() {
    let rate = 3;
    let srv = server_with(SimConfig {
        customers: 5,
        rate_limit: Some(rate),
        ..SimConfig::default()
    })
    .await;
    let start = Instant::now();
    let mut ok = 0;
    for _ in 0..10 {
        let r = get(&srv, "/v1/customers?limit=1").await;
        if r.status == 429 {
            assert_rate_limited(&r);
        } else {
            assert_eq!(r.status, 200, "{}", r.body);
            ok += 1;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    // A full bucket admits `rate` at once, then `rate` more per second.
    let most = f64::from(rate) * (1.0 + elapsed) + 1.0;
    assert!(
        ok >= rate && f64::from(ok) <= most,
        "{ok} admitted in {elapsed}s"
    );
    let stats = srv.simulator().stats();
    assert_eq!(stats.total, 10);
    assert_eq!(stats.get("GET /v1/customers"), 10);
    assert_eq!(stats.rate_limited, u64::from(10 - ok));
    // A reset refills the bucket.
    srv.simulator().reset_stats();
    assert_eq!(get(&srv, "/v1/customers?limit=1").await.status, 200);
    srv.shutdown().await;
}

/// Statuses of `n` sequential requests cycling over a few endpoints.
async fn statuses(srv: &SimServer, n: usize) -> Vec<u16> {
    let cus = srv.simulator().object_at("customers", 0).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let paths = [
        "/v1/customers".to_string(),
        format!("/v1/customers/{cus}"),
        "/v1/charges?limit=3".to_string(),
        "/v1/test_helpers/test_clocks".to_string(),
    ];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let r = get(srv, &paths[i % paths.len()]).await;
        if r.status == 500 {
            assert_eq!(
                r.body,
                json!({"error": {"message": "An unknown error occurred", "type": "api_error"}})
            );
            assert_eq!(r.headers["stripe-should-retry"], "true");
            assert!(r.headers.get("request-id").is_some());
        } else {
            assert_eq!(r.status, 200, "{}", r.body);
        }
        out.push(r.status);
    }
    out
}

#[tokio::test]
async fn failures_are_seeded_repeatable_and_counted() {
    let config = |seed| SimConfig {
        seed,
        customers: 10,
        fail_rate: 0.3,
        ..SimConfig::default()
    };
    let a = server_with(config(5)).await;
    let b = server_with(config(5)).await;
    let c = server_with(config(6)).await;
    let run = statuses(&a, 40).await;
    let failed = run.iter().filter(|s| **s == 500).count();
    assert!((4..=20).contains(&failed), "{failed} of 40 failed");
    assert_eq!(statuses(&b, 40).await, run, "same seed, same failures");
    assert_ne!(
        statuses(&c, 40).await,
        run,
        "another seed fails other requests"
    );

    let stats = served_stats(&a).await;
    assert_eq!(stats.total, 40);
    assert_eq!(stats.server_errors, failed as u64);
    assert_eq!(stats.rate_limited, 0);
    for endpoint in [
        "GET /v1/customers",
        "GET /v1/customers/{id}",
        "GET /v1/charges",
        "GET /v1/test_helpers/test_clocks",
    ] {
        assert_eq!(stats.get(endpoint), 10, "{endpoint}");
    }
    // After a reset the schedule starts over.
    a.simulator().reset_stats();
    assert_eq!(statuses(&a, 40).await, run);
}

#[tokio::test]
async fn every_request_fails_at_rate_one() {
    let srv = server_with(SimConfig {
        customers: 3,
        fail_rate: 1.0,
        ..SimConfig::default()
    })
    .await;
    assert_eq!(statuses(&srv, 8).await, vec![500; 8]);
    assert_eq!(srv.simulator().stats().server_errors, 8);
}
