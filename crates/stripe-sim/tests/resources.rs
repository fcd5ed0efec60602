//! Every served resource over real HTTP: full pagination walks equal the `objects()` oracle,
//! required filters, `status=all`, nested lists and retrieves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{get, ids, server, walk};
use serde_json::Value;

#[tokio::test]
async fn every_resource_walks_completely() {
    let srv = server(25).await;
    let sim = srv.simulator().clone();
    let resources = sim.resources();
    assert!(resources.len() >= 70, "{}", resources.len());
    assert!(resources.contains(&"test_helpers/test_clocks"));
    for resource in resources {
        // Customers, subscriptions and quotes on test clocks are not listed by default.
        let oracle = sim.listed_objects(resource);
        assert_eq!(oracle.len(), sim.listed_count(resource), "{resource}");
        let hidden = sim.count(resource) - oracle.len();
        assert_eq!(
            hidden > 0,
            ["customers", "subscriptions", "quotes"].contains(&resource),
            "{resource}: {hidden} hidden"
        );
        let probe = get(&srv, &format!("/v1/{resource}?limit=1")).await;
        let got = if probe.status == 400 {
            // A required filter (`subscription_items?subscription=`): walk every value.
            assert_eq!(
                probe.body["error"]["code"], "parameter_missing",
                "{resource}"
            );
            let param = probe.body["error"]["param"].as_str().unwrap().to_string();
            // Object-valued filters (`apps/secrets?scope[type]=`) are keyed by their type.
            let key = |o: &Value| match &o[param.as_str()] {
                Value::Object(m) => format!("{param}[type]={}", m["type"].as_str().unwrap()),
                v => format!("{param}={}", v.as_str().unwrap()),
            };
            let values: BTreeSet<String> = oracle.iter().map(key).collect();
            let mut all = Vec::new();
            for v in values {
                let part = walk(&srv, resource, &v, 7).await;
                assert!(part.iter().all(|o| key(o) == v));
                all.extend(part);
            }
            let mut want = ids(&oracle);
            let mut have = ids(&all);
            want.sort();
            have.sort();
            assert_eq!(have, want, "{resource}");
            continue;
        } else if resource == "subscriptions" {
            walk(&srv, resource, "status=all", 7).await
        } else {
            assert_eq!(probe.status, 200, "{resource}: {}", probe.body);
            walk(&srv, resource, "", 7).await
        };
        assert_eq!(got, oracle, "{resource} walk differs from oracle");
        if let Some(first) = oracle.first() {
            let id = first["id"].as_str().unwrap();
            let r = get(&srv, &format!("/v1/{resource}/{id}")).await;
            assert_eq!(r.status, 200, "{resource}/{id}");
            assert_eq!(&r.body, first);
        }
    }
    srv.shutdown().await;
}

#[tokio::test]
async fn filters_and_subscription_status() {
    let srv = server(60).await;
    let sim = srv.simulator().clone();
    let invoices = sim.objects("invoices");
    let customer = invoices[0]["customer"].as_str().unwrap();
    let got = walk(&srv, "invoices", &format!("customer={customer}"), 3).await;
    let want: Vec<Value> = invoices
        .iter()
        .filter(|i| i["customer"] == customer)
        .cloned()
        .collect();
    assert_eq!(got, want);
    let status = invoices[0]["status"].as_str().unwrap();
    let got = walk(&srv, "invoices", &format!("status={status}"), 100).await;
    assert_eq!(
        got.len(),
        invoices.iter().filter(|i| i["status"] == status).count()
    );

    let subs = sim.listed_objects("subscriptions");
    let live: Vec<Value> = subs
        .iter()
        .filter(|s| s["status"] != "canceled")
        .cloned()
        .collect();
    assert!(
        live.len() < subs.len(),
        "some subscriptions must be canceled"
    );
    assert_eq!(walk(&srv, "subscriptions", "", 100).await, live);
    let canceled = walk(&srv, "subscriptions", "status=canceled", 100).await;
    assert_eq!(canceled.len() + live.len(), subs.len());

    let r = get(&srv, "/v1/subscription_items").await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["error"]["message"],
        "Missing required param: subscription."
    );
    let r = get(&srv, "/v1/events?types[]=a").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"]["param"], "types");
    let r = get(&srv, "/v1/country_specs?created[gt]=1").await;
    assert_eq!(r.body["error"]["code"], "parameter_unknown");
    srv.shutdown().await;
}

#[tokio::test]
async fn nested_lists_page_the_children() {
    let srv = server(30).await;
    let sim = srv.simulator().clone();
    let nested = sim.nested_resources();
    for expected in [
        "invoices/{id}/lines",
        "customers/{id}/balance_transactions",
        "customers/{id}/tax_ids",
        "customers/{id}/payment_methods",
        "application_fees/{id}/refunds",
        "transfers/{id}/reversals",
        "credit_notes/{id}/lines",
        "checkout/sessions/{id}/line_items",
    ] {
        assert!(
            nested.iter().any(|n| n == expected),
            "{expected} not served"
        );
    }
    for name in &nested {
        let (parent, segment) = name.split_once("/{id}/").unwrap();
        let parents = sim.objects(parent);
        let mut total = 0;
        for p in parents.iter().take(12) {
            let id = p["id"].as_str().unwrap();
            let path = format!("{parent}/{id}/{segment}");
            let got = walk(&srv, &path, "", 2).await;
            assert_eq!(got, sim.children(name, id), "{path}");
            total += got.len();
        }
        if parents.len() <= 12 && !name.starts_with("customers/{id}/") {
            assert_eq!(total, sim.count(name), "{name}");
        }
    }
    let stats = sim.stats();
    assert!(stats.get("GET /v1/invoices/{id}/lines") > 0);
    let r = get(&srv, "/v1/invoices/in_nope/lines").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["error"]["message"], "No such invoice: 'in_nope'");
    let r = get(&srv, "/v1/invoices/in_nope").await;
    assert_eq!(r.status, 404);
    assert!(sim.stats().get("GET /v1/invoices/{id}") > 0);
    srv.shutdown().await;
}
