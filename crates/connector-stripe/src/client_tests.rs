//! Tests of [`StripeClient`] against a scripted HTTP server.

use super::*;
use crate::error::ApiErrorCategory;
use crate::test_server::{Scripted, ScriptedServer};
use serde_json::json;

const KEY: &str = "sk_test_SuperSecretKey123";

fn config(base: &str) -> ClientConfig {
    ClientConfig {
        api_base: base.to_string(),
        api_key: KEY.to_string(),
        user_agent: "vtds-test/1".into(),
        retry: RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(4),
            max_retry_after: Duration::from_millis(10),
        },
        requests_per_second: None,
        timeout: Duration::from_secs(10),
        scan_concurrency: 1,
    }
}

fn list_body(ids: &[&str], has_more: bool) -> serde_json::Value {
    let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
    json!({"object": "list", "data": data, "has_more": has_more, "url": "/v1/customers"})
}

#[tokio::test]
async fn sends_auth_version_agent_and_form_params() {
    let srv = ScriptedServer::start(vec![Scripted::json(200, list_body(&["cus_1"], true))]).await;
    let c = StripeClient::new(&config(&srv.base_url)).unwrap();
    let params = vec![
        ("created[gte]".to_string(), "1700000000".to_string()),
        ("email".to_string(), "a+b@example.com".to_string()),
        ("limit".to_string(), "100".to_string()),
    ];
    let page = c.list("/v1/customers", &params, 1).await.unwrap();
    assert_eq!(page.data.len(), 1);
    assert!(page.has_more);
    let r = srv.request(0);
    assert_eq!(
        r.target,
        "/v1/customers?created%5Bgte%5D=1700000000&email=a%2Bb%40example.com&limit=100"
    );
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(r.header("stripe-version"), Some("2023-08-16"));
    assert_eq!(r.header("user-agent"), Some("vtds-test/1"));
}

#[tokio::test]
async fn retrieve_encodes_the_id_and_maps_404_and_deleted_to_none() {
    let missing = json!({"error": {"type": "invalid_request_error", "code": "resource_missing",
        "message": "No such customer", "param": "id"}});
    let srv = ScriptedServer::start(vec![
        Scripted::json(200, json!({"id": "cus_1", "object": "customer"})),
        Scripted::json(404, missing),
        Scripted::json(
            200,
            json!({"id": "cus_3", "object": "customer", "deleted": true}),
        ),
    ])
    .await;
    let c = StripeClient::new(&config(&srv.base_url)).unwrap();
    assert!(c
        .retrieve("/v1/customers", "cus_1")
        .await
        .unwrap()
        .is_some());
    assert!(c
        .retrieve("/v1/customers", "../x?y")
        .await
        .unwrap()
        .is_none());
    assert!(c
        .retrieve("/v1/customers", "cus_3")
        .await
        .unwrap()
        .is_none());
    assert_eq!(srv.request(0).target, "/v1/customers/cus_1");
    assert_eq!(srv.request(1).target, "/v1/customers/..%2Fx%3Fy");
    assert_eq!(srv.count(), 3, "404 is not retried");
}

#[tokio::test]
async fn retries_5xx_429_and_truncated_bodies() {
    let mut truncated = Scripted::json(200, list_body(&["cus_1"], false));
    truncated.truncate = true;
    let srv = ScriptedServer::start(vec![
        Scripted::json(
            503,
            json!({"error": {"type": "api_error", "message": "down"}}),
        ),
        Scripted::json(
            429,
            json!({"error": {"type": "invalid_request_error", "code": "rate_limit",
            "message": "slow down"}}),
        )
        .header("Retry-After", "0"),
        Scripted::json(200, list_body(&["cus_1"], false)),
        truncated,
        Scripted::json(200, list_body(&["cus_2"], false)),
    ])
    .await;
    let c = StripeClient::new(&config(&srv.base_url)).unwrap();
    let page = c.list("/v1/customers", &[], 1).await.unwrap();
    assert_eq!(page.data[0]["id"], "cus_1");
    assert_eq!(srv.count(), 3);
    let page = c.list("/v1/customers", &[], 1).await.unwrap();
    assert_eq!(page.data[0]["id"], "cus_2");
    assert_eq!(srv.count(), 5);
}

#[tokio::test]
async fn gives_up_after_max_retries_and_obeys_stripe_should_retry() {
    let down = || {
        Scripted::json(
            500,
            json!({"error": {"type": "api_error", "message": "boom"}}),
        )
    };
    let srv = ScriptedServer::start(vec![
        down(),
        down(),
        down(),
        down().header("Stripe-Should-Retry", "false"),
        Scripted::json(400, json!({"error": {"type": "invalid_request_error",
            "code": "parameter_unknown", "param": "foo", "message": "Received unknown parameter: foo"}}))
        .header("Request-Id", "req_abc"),
    ])
    .await;
    let c = StripeClient::new(&config(&srv.base_url)).unwrap();
    let err = c.list("/v1/customers", &[], 1).await.unwrap_err();
    assert_eq!(srv.count(), 3, "1 attempt + 2 retries");
    assert!(
        matches!(&err, Error::Api(e) if e.category() == ApiErrorCategory::Server),
        "{err}"
    );
    c.list("/v1/customers", &[], 1).await.unwrap_err();
    assert_eq!(srv.count(), 4, "Stripe-Should-Retry: false stops retries");
    let err = c.list("/v1/customers", &[], 1).await.unwrap_err();
    assert_eq!(srv.count(), 5, "400 is not retried");
    let text = err.to_string();
    assert!(
        text.contains("parameter_unknown") && text.contains("param foo"),
        "{text}"
    );
    assert!(text.contains("req_abc"), "{text}");
}

#[tokio::test]
async fn transport_errors_are_retried_then_reported_without_the_url_or_key() {
    // A port nobody listens on: bind, read the port, drop the listener.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = StripeClient::new(&config(&format!("http://127.0.0.1:{port}"))).unwrap();
    let err = c
        .list("/v1/customers", &[("email".into(), "x".into())], 1)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::Transport { .. }), "{text}");
    assert!(text.contains("/v1/customers"), "{text}");
    assert!(!text.contains(KEY), "{text}");
}

#[tokio::test]
async fn the_key_never_appears_in_debug_or_errors() {
    // Logs are checked in tests/secrets.rs, whose process-wide subscriber avoids tracing's
    // per-thread callsite-interest races between parallel unit tests.
    let echo = format!("Invalid API Key provided: {KEY}");
    let srv = ScriptedServer::start(vec![Scripted::json(
        401,
        json!({"error": {"type": "invalid_request_error", "message": echo}}),
    )])
    .await;
    let cfg = config(&srv.base_url);
    let c = StripeClient::new(&cfg).unwrap();
    let err = c.list("/v1/customers", &[], 1).await.unwrap_err();
    let texts = [
        format!("{c:?}"),
        format!("{cfg:?}"),
        format!("{err}"),
        format!("{err:?}"),
        datafusion::error::DataFusionError::from(err).to_string(),
    ];
    for t in &texts {
        assert!(!t.contains("SuperSecret"), "key leaked: {t}");
    }
    assert!(texts[2].contains("HTTP 401"), "{}", texts[2]);
    assert_eq!(srv.count(), 1, "401 is not retried");
}
