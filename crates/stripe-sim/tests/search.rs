//! The Search API over real HTTP: results checked against the `objects()` oracle, paging by
//! `next_page`, test-clock objects, Stripe-shaped errors and request counting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashSet;

use common::{get, ids, server, Resp};
use serde_json::Value;
use stripe_sim::{SimConfig, SimServer};

const SEARCHABLE: [&str; 7] = [
    "customers",
    "charges",
    "invoices",
    "payment_intents",
    "prices",
    "products",
    "subscriptions",
];

/// GET `/v1/<resource>/search` with form-encoded `params`.
async fn search(srv: &SimServer, resource: &str, params: &[(&str, &str)]) -> Resp {
    let qs = serde_urlencoded::to_string(params).unwrap();
    get(srv, &format!("/v1/{resource}/search?{qs}")).await
}

/// Every result of `query`, following `next_page` with pages of `limit`.
async fn search_all(srv: &SimServer, resource: &str, query: &str, limit: usize) -> Vec<Value> {
    let limit_s = limit.to_string();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut page: Option<String> = None;
    loop {
        let mut params = vec![("query", query), ("limit", limit_s.as_str())];
        if let Some(p) = &page {
            params.push(("page", p.as_str()));
        }
        let r = search(srv, resource, &params).await;
        assert_eq!(r.status, 200, "{resource} {query}: {}", r.body);
        assert_eq!(r.body["object"], "search_result");
        assert_eq!(r.body["url"], format!("/v1/{resource}/search"));
        let data = r.body["data"].as_array().unwrap().clone();
        let has_more = r.body["has_more"].as_bool().unwrap();
        assert_eq!(has_more, r.body["next_page"].is_string(), "{}", r.body);
        if has_more {
            assert_eq!(data.len(), limit, "a non-final page must be full");
        }
        for id in ids(&data) {
            assert!(seen.insert(id.clone()), "{query}: {id} returned twice");
        }
        out.extend(data);
        if !has_more {
            return out;
        }
        page = r.body["next_page"].as_str().map(String::from);
    }
}

fn filtered(objects: &[Value], pred: impl Fn(&Value) -> bool) -> Vec<String> {
    ids(&objects
        .iter()
        .filter(|o| pred(o))
        .cloned()
        .collect::<Vec<_>>())
}

fn lower(o: &Value, field: &str) -> String {
    o[field].as_str().unwrap_or("").to_lowercase()
}

#[tokio::test]
async fn substring_and_exact_email_search_match_the_oracle() {
    let srv = server(300).await;
    let customers = srv.simulator().objects("customers");
    // A mixed-case email exercises case-insensitivity of both operators.
    let email = customers
        .iter()
        .filter_map(|c| c["email"].as_str())
        .find(|e| e.chars().any(|c| c.is_ascii_uppercase()))
        .unwrap()
        .to_string();
    let local = email.split('@').next().unwrap();
    let part = &local[..local.len().min(5)];
    let expected = filtered(&customers, |c| {
        lower(c, "email").contains(&part.to_lowercase())
    });
    assert!(!expected.is_empty());
    for needle in [part.to_string(), part.to_uppercase(), part.to_lowercase()] {
        let got = search_all(&srv, "customers", &format!("email~\"{needle}\""), 100).await;
        assert_eq!(ids(&got), expected, "email~{needle}");
    }
    // Full objects, exactly as rendered, in list order.
    let got = search_all(&srv, "customers", &format!("email~'{part}'"), 100).await;
    let oracle: Vec<Value> = customers
        .iter()
        .filter(|c| expected.contains(&c["id"].as_str().unwrap().to_string()))
        .cloned()
        .collect();
    assert_eq!(got, oracle);

    let exact = filtered(&customers, |c| lower(c, "email") == email.to_lowercase());
    let got = search_all(
        &srv,
        "customers",
        &format!("email:\"{}\"", email.to_lowercase()),
        10,
    )
    .await;
    assert_eq!(ids(&got), exact);
    assert!(!exact.is_empty());
}

#[tokio::test]
async fn metadata_amount_ranges_and_conjunctions() {
    let srv = server(200).await;
    let sim = srv.simulator().clone();
    let customers = sim.objects("customers");
    let expected = filtered(&customers, |c| c["metadata"]["plan"] == "pro");
    assert!(expected.len() >= 2);
    let got = search_all(&srv, "customers", "metadata[\"plan\"]:\"PRO\"", 100).await;
    assert_eq!(ids(&got), expected);
    let without = filtered(&customers, |c| c["metadata"].get("plan").is_none());
    let got = search_all(&srv, "customers", "metadata['plan']:null", 100).await;
    assert_eq!(ids(&got), without);

    let charges = sim.objects("charges");
    let mut amounts: Vec<i64> = charges
        .iter()
        .map(|c| c["amount"].as_i64().unwrap())
        .collect();
    amounts.sort_unstable();
    let (lo, hi) = (amounts[amounts.len() / 4], amounts[amounts.len() * 3 / 4]);
    let amount = |c: &Value| c["amount"].as_i64().unwrap();
    let expected = filtered(&charges, |c| amount(c) >= lo && amount(c) < hi);
    assert!(expected.len() >= 5);
    let got = search_all(&srv, "charges", &format!("amount>={lo} AND amount<{hi}"), 7).await;
    assert_eq!(ids(&got), expected);

    // Three clauses joined by whitespace, one negated.
    let q = format!("amount>{lo} status:\"succeeded\" -refunded:true");
    let expected = filtered(&charges, |c| {
        amount(c) > lo && c["status"] == "succeeded" && c["refunded"] != true
    });
    assert!(!expected.is_empty());
    assert_eq!(ids(&search_all(&srv, "charges", &q, 100).await), expected);

    // OR.
    let q = format!("amount<{lo} OR amount>{hi}");
    let expected = filtered(&charges, |c| amount(c) < lo || amount(c) > hi);
    assert_eq!(ids(&search_all(&srv, "charges", &q, 100).await), expected);
}

#[tokio::test]
async fn paging_and_test_clock_objects() {
    let srv = server(40).await;
    let sim = srv.simulator().clone();
    let all = sim.objects("customers");
    // Search, unlike the list, includes customers on test clocks.
    assert!(all.len() > sim.listed_count("customers"));
    let got = search_all(&srv, "customers", "created>0", 2).await;
    assert_eq!(got, all);
    let clock = sim.test_clocks()[0].clone();
    let on_clock = filtered(&all, |c| c["test_clock"] == clock.as_str());
    assert!(!on_clock.is_empty());
    let got = search_all(&srv, "customers", &format!("test_clock:\"{clock}\""), 2).await;
    assert_eq!(ids(&got), on_clock);
    let got = search_all(&srv, "customers", "-test_clock:null", 1).await;
    assert_eq!(ids(&got), filtered(&all, |c| !c["test_clock"].is_null()));

    // The default page is 10; `expand[]=total_count` counts every match.
    let r = search(
        &srv,
        "customers",
        &[("query", "created>0"), ("expand[]", "total_count")],
    )
    .await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 10);
    assert_eq!(r.body["total_count"], all.len());
    let r = search(
        &srv,
        "customers",
        &[("query", "email:\"nobody@nowhere.test\"")],
    )
    .await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 0);
    assert_eq!(
        (&r.body["has_more"], &r.body["next_page"]),
        (&false.into(), &Value::Null)
    );
    assert!(r.body.get("total_count").is_none());
}

#[tokio::test]
async fn every_searchable_resource_answers() {
    let srv = server(30).await;
    let sim = srv.simulator().clone();
    for resource in SEARCHABLE {
        // A metadata key nobody has matches every object.
        let got = search_all(&srv, resource, "metadata[\"sim_none\"]:null", 100).await;
        assert_eq!(got, sim.objects(resource), "{resource}");
    }
    // Other resources have no search: `search` is just an id that does not exist.
    assert_eq!(get(&srv, "/v1/refunds/search").await.status, 404);
}

async fn assert_error(srv: &SimServer, params: &[(&str, &str)], param: &str, needle: &str) {
    let r = search(srv, "customers", params).await;
    assert_eq!(r.status, 400, "{params:?}: {}", r.body);
    let e = &r.body["error"];
    assert_eq!(e["type"], "invalid_request_error");
    assert_eq!(e["param"], param, "{params:?}");
    let msg = e["message"].as_str().unwrap();
    assert!(msg.contains(needle), "{params:?}: {msg}");
}

#[tokio::test]
async fn errors_and_stats() {
    let srv = server(10).await;
    assert_error(
        &srv,
        &[("query", "foo:\"x\"")],
        "query",
        "Field `foo` is an unsupported search field for resource `customers`. See \
         http://stripe.com/docs/search#query-fields-for-customers",
    )
    .await;
    assert_error(&srv, &[("query", "email~\"ab\"")], "query", "at least 3").await;
    let mixed = "email:\"a\" AND name:\"b\" OR phone:\"c\"";
    assert_error(&srv, &[("query", mixed)], "query", "AND and OR").await;
    assert_error(&srv, &[("query", "email:\"a")], "query", "closing quote").await;
    assert_error(
        &srv,
        &[("limit", "3")],
        "query",
        "Missing required param: query.",
    )
    .await;
    let bad_page = [("query", "created>0"), ("page", "garbage")];
    assert_error(&srv, &bad_page, "page", "page token").await;
    assert_error(
        &srv,
        &[("query", "created>0"), ("limit", "0")],
        "limit",
        "1",
    )
    .await;
    let r = search(&srv, "customers", &[("query", "created>0"), ("bogus", "1")]).await;
    assert_eq!(r.body["error"]["code"], "parameter_unknown");
    let r = search(&srv, "customers", &[]).await;
    assert_eq!(r.body["error"]["code"], "parameter_missing");

    // A token only works with the query it was issued for.
    let r = search(&srv, "customers", &[("query", "created>0"), ("limit", "1")]).await;
    let page = r.body["next_page"].as_str().unwrap().to_string();
    let other = [("query", "created>1"), ("page", page.as_str())];
    assert_error(&srv, &other, "page", "different search query").await;

    // Auth applies as to every endpoint; the endpoint is counted under its template.
    let r = common::get_with(&srv, "/v1/customers/search?query=created>0", None).await;
    assert_eq!(r.status, 401);
    let stats = srv.simulator().stats();
    assert_eq!(stats.get("GET /v1/customers/search"), 12, "{stats:?}");
    let served: Value = common::client()
        .get(format!("{}/_sim/stats", srv.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["by_endpoint"]["GET /v1/customers/search"], 12);
}

#[tokio::test]
async fn faults_apply_to_search() {
    let srv = common::server_with(SimConfig {
        customers: 5,
        rate_limit: Some(0),
        ..SimConfig::default()
    })
    .await;
    let r = search(&srv, "charges", &[("query", "amount>0")]).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body["error"]["code"], "rate_limit");
    assert_eq!(srv.simulator().stats().get("GET /v1/charges/search"), 1);
}
