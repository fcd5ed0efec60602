//! Determinism, counters, latency injection and server lifecycle.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{client, finish, get, server, server_with, LOCAL};
use stripe_sim::{SimConfig, SimServer, Simulator, Stats, DEFAULT_API_KEY};

fn json_of(sim: &Simulator, resource: &str) -> String {
    serde_json::to_string(&sim.objects(resource)).unwrap()
}

#[test]
fn same_seed_same_bytes_different_seed_differs() {
    let cfg = |seed| SimConfig {
        seed,
        customers: 50,
        ..SimConfig::default()
    };
    let a = Simulator::new(cfg(7));
    let b = Simulator::new(cfg(7));
    let c = Simulator::new(cfg(8));
    for resource in [
        "customers",
        "charges",
        "invoices",
        "invoices/{id}/lines",
        "tax_rates",
    ] {
        assert_eq!(json_of(&a, resource), json_of(&b, resource), "{resource}");
        assert_ne!(json_of(&a, resource), json_of(&c, resource), "{resource}");
    }
    assert_eq!(a.resources()[..2], ["customers", "charges"]);
}

#[tokio::test]
async fn same_seed_same_http_bytes() {
    let a = server(30).await;
    let b = server(30).await;
    let body = |srv: &SimServer| {
        let req = client()
            .get(format!("{}/v1/charges?limit=25", srv.base_url()))
            .bearer_auth(DEFAULT_API_KEY);
        async move { req.send().await.unwrap().bytes().await.unwrap() }
    };
    assert_eq!(body(&a).await, body(&b).await);
}

#[tokio::test]
async fn stats_count_every_v1_request_per_endpoint() {
    let srv = server(5).await;
    let sim = srv.simulator().clone();
    let cus = sim.objects("customers")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    get(&srv, "/v1/customers").await;
    get(&srv, "/v1/customers?limit=0").await; // failed requests count too
    get(&srv, &format!("/v1/customers/{cus}")).await;
    get(&srv, "/v1/customers/cus_missing").await;
    get(&srv, "/v1/charges").await;
    common::get_with(&srv, "/v1/charges", None).await; // unauthenticated
    get(&srv, "/v1/widgets").await;
    get(&srv, "/not-v1").await; // not counted

    let stats = sim.stats();
    assert_eq!(stats.total, 7);
    assert_eq!(stats.get("GET /v1/customers"), 2);
    assert_eq!(stats.get("GET /v1/customers/{id}"), 2);
    assert_eq!(stats.get("GET /v1/charges"), 2);
    assert_eq!(stats.get("GET /v1/(unknown)"), 1);
    assert_eq!(stats.by_endpoint.len(), 4);

    // The control endpoints: no auth, not counted.
    let res = client()
        .get(format!("{}/_sim/stats", srv.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("request-id").is_some());
    let served: Stats = res.json().await.unwrap();
    assert_eq!(served, stats);

    let r = finish(client().post(format!("{}/_sim/reset", srv.base_url()))).await;
    assert_eq!(r.status, 200);
    assert_eq!(sim.stats(), Stats::default());
    get(&srv, "/v1/charges").await;
    assert_eq!(sim.stats().total, 1);
    sim.reset_stats();
    assert_eq!(sim.stats().total, 0);
}

#[tokio::test]
async fn latency_is_injected_before_answering() {
    let latency = Duration::from_millis(250);
    let srv = server_with(SimConfig {
        customers: 3,
        latency,
        ..SimConfig::default()
    })
    .await;
    for path in ["/v1/customers", "/v1/customers/cus_missing"] {
        let start = Instant::now();
        let r = get(&srv, path).await;
        assert!(r.status == 200 || r.status == 404);
        assert!(start.elapsed() >= latency, "{path}: {:?}", start.elapsed());
    }
}

#[tokio::test]
async fn request_ids_are_unique_and_shaped() {
    let srv = server(3).await;
    let a = get(&srv, "/v1/customers").await;
    let b = get(&srv, "/v1/customers").await;
    let id = |r: &common::Resp| r.headers["request-id"].to_str().unwrap().to_string();
    assert!(id(&a).starts_with("req_"));
    assert_ne!(id(&a), id(&b));
    assert_eq!(a.headers["content-type"], "application/json");
}

#[tokio::test]
async fn serve_shares_data_and_shutdown_stops() {
    let sim = Simulator::new(SimConfig {
        customers: 4,
        ..SimConfig::default()
    });
    let srv = SimServer::serve(sim.clone(), LOCAL.parse().unwrap())
        .await
        .unwrap();
    assert!(srv.base_url().starts_with("http://127.0.0.1:"));
    assert_ne!(srv.addr().port(), 0);
    get(&srv, "/v1/customers").await;
    assert_eq!(sim.stats().total, 1, "the served simulator shares counters");
    let url = format!("{}/v1/customers", srv.base_url());
    srv.shutdown().await;
    let fresh = reqwest::Client::new();
    assert!(
        fresh.get(url).send().await.is_err(),
        "server still answering"
    );
}
