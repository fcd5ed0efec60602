//! Stripe-shaped errors over real HTTP: auth, validation, missing objects, unknown routes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{client, finish, get, get_with, server};
use serde_json::json;
use stripe_sim::DEFAULT_API_KEY;

#[tokio::test]
async fn retrieve_and_404_shape() {
    let srv = server(20).await;
    let sim = srv.simulator().clone();
    for resource in ["customers", "charges"] {
        let first = sim.objects(resource).remove(0);
        let id = first["id"].as_str().unwrap();
        let r = get(&srv, &format!("/v1/{resource}/{id}")).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.body, first);
        let r = get(&srv, &format!("/v1/{resource}/{id}?expand[]=customer")).await;
        assert_eq!(r.status, 200, "expand is accepted");
    }
    let r = get(&srv, "/v1/customers/cus_x").await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.body,
        json!({"error": {
            "code": "resource_missing",
            "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
            "message": "No such customer: 'cus_x'",
            "param": "id",
            "type": "invalid_request_error"
        }})
    );
    let r = get(&srv, "/v1/charges/ch_nope").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["error"]["message"], "No such charge: 'ch_nope'");
    assert!(r.headers.get("request-id").is_some());
}

#[tokio::test]
async fn unauthorized_shape_never_echoes_the_key() {
    let srv = server(5).await;
    let wrong = "sk_test_totally_wrong_key_9876";
    let r = get_with(&srv, "/v1/customers", Some(wrong)).await;
    assert_eq!(r.status, 401);
    assert_eq!(
        r.body,
        json!({"error": {
            "message": "Invalid API Key provided: sk_test_******************9876",
            "type": "invalid_request_error"
        }})
    );
    assert!(!r.body.to_string().contains("totally_wrong"));
    assert!(r.headers.get("request-id").is_some());

    let r = get_with(&srv, "/v1/customers", None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["error"]["type"], "invalid_request_error");
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("You did not provide an API key."));

    // Auth is checked before routing and before object lookup.
    let r = get_with(&srv, "/v1/customers/cus_x", Some(wrong)).await;
    assert_eq!(r.status, 401);

    // HTTP basic with the key as user name, like `curl -u sk_test_...:`.
    let req = client()
        .get(format!("{}/v1/customers?limit=1", srv.base_url()))
        .basic_auth(DEFAULT_API_KEY, Some(""));
    assert_eq!(finish(req).await.status, 200);
}

#[tokio::test]
async fn extra_api_keys_are_accepted() {
    let srv = common::server_with(stripe_sim::SimConfig {
        customers: 3,
        api_keys: vec!["sk_test_other_account_key".into()],
        ..Default::default()
    })
    .await;
    let r = get_with(&srv, "/v1/customers", Some("sk_test_other_account_key")).await;
    assert_eq!(r.status, 200);
    let r = get(&srv, "/v1/customers").await;
    assert_eq!(
        r.status, 401,
        "the default key is not accepted when keys are configured"
    );
}

#[tokio::test]
async fn limit_validation() {
    let srv = server(5).await;
    for (q, msg) in [
        ("limit=0", "This value must be greater than or equal to 1."),
        ("limit=101", "This value must be less than or equal to 100."),
        ("limit=ten", "Invalid integer: ten"),
    ] {
        let r = get(&srv, &format!("/v1/customers?{q}")).await;
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.body["error"]["param"], "limit", "{q}");
        assert_eq!(r.body["error"]["type"], "invalid_request_error", "{q}");
        assert_eq!(r.body["error"]["message"], msg, "{q}");
    }
    for q in ["limit=1", "limit=100"] {
        assert_eq!(
            get(&srv, &format!("/v1/charges?{q}")).await.status,
            200,
            "{q}"
        );
    }
    let r = get(&srv, "/v1/charges?created[gt]=yesterday").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"]["code"], "parameter_invalid_integer");
}

#[tokio::test]
async fn unknown_parameter() {
    let srv = server(5).await;
    let r = get(&srv, "/v1/customers?foo=bar").await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body,
        json!({"error": {
            "code": "parameter_unknown",
            "doc_url": "https://stripe.com/docs/error-codes/parameter-unknown",
            "message": "Received unknown parameter: foo",
            "param": "foo",
            "type": "invalid_request_error"
        }})
    );
    // A filter of another resource is unknown here.
    let r = get(&srv, "/v1/customers?customer=cus_1").await;
    assert_eq!(r.body["error"]["code"], "parameter_unknown");
    let r = get(&srv, "/v1/charges?email=a%40b.example").await;
    assert_eq!(
        r.body["error"]["message"],
        "Received unknown parameter: email"
    );
    let r = get(&srv, "/v1/customers/cus_x?limit=3").await;
    assert_eq!(r.body["error"]["code"], "parameter_unknown");
}

#[tokio::test]
async fn cursor_errors() {
    let srv = server(5).await;
    let r = get(&srv, "/v1/customers?starting_after=cus_missing").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"]["code"], "resource_missing");
    assert_eq!(r.body["error"]["param"], "starting_after");
    assert_eq!(
        r.body["error"]["message"],
        "No such customer: 'cus_missing'"
    );
    let r = get(&srv, "/v1/charges?ending_before=ch_missing").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"]["param"], "ending_before");
    let r = get(&srv, "/v1/customers?starting_after=a&ending_before=b").await;
    assert_eq!(r.status, 400);
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Received both starting_after and ending_before"));
}

#[tokio::test]
async fn unknown_routes() {
    let srv = server(5).await;
    for path in [
        "/v1/widgets",
        "/v1/customers/cus_1/sources/x",
        "/v1/customers/",
        "/nope",
    ] {
        let r = get(&srv, path).await;
        assert_eq!(r.status, 404, "{path}");
        let msg = r.body["error"]["message"].as_str().unwrap();
        assert!(
            msg.starts_with(&format!("Unrecognized request URL (GET: {path}).")),
            "{msg}"
        );
        assert_eq!(r.body["error"]["type"], "invalid_request_error");
        assert!(r.headers.get("request-id").is_some(), "{path}");
    }
    let req = client()
        .post(format!("{}/v1/customers", srv.base_url()))
        .bearer_auth(DEFAULT_API_KEY);
    let r = finish(req).await;
    assert_eq!(r.status, 404);
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Unrecognized request URL (POST: /v1/customers)."));
}
