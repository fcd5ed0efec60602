//! List endpoints over real HTTP: cursors, `created` ranges and equality filters, each checked
//! against the `objects()` oracle.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, HashSet};

use common::{get, ids, server, walk};
use serde_json::Value;

type Pred = Box<dyn Fn(i64) -> bool>;

fn created(o: &Value) -> i64 {
    o["created"].as_i64().unwrap()
}

#[tokio::test]
async fn full_walk_returns_every_object_once_in_order() {
    let srv = server(150).await;
    let sim = srv.simulator().clone();
    for resource in ["customers", "charges"] {
        // Customers on test clocks are not listed without `test_clock=`.
        let oracle = sim.listed_objects(resource);
        assert_eq!(oracle.len(), sim.listed_count(resource));
        for limit in [100, 7] {
            let got = walk(&srv, resource, "", limit).await;
            assert_eq!(
                got.len(),
                sim.listed_count(resource),
                "{resource} limit {limit}"
            );
            let unique: HashSet<String> = ids(&got).into_iter().collect();
            assert_eq!(unique.len(), got.len(), "duplicates in {resource} walk");
            assert_eq!(got, oracle, "{resource} walk differs from oracle");
        }
    }
    // Same-second customers exist, so the id tie-break is exercised across page boundaries.
    let oracle = sim.listed_objects("customers");
    assert!(oracle.windows(2).any(|w| created(&w[0]) == created(&w[1])));
    srv.shutdown().await;
}

#[tokio::test]
async fn tiny_pages_cross_every_tie() {
    let srv = server(40).await;
    let got = walk(&srv, "customers", "", 1).await;
    assert_eq!(got, srv.simulator().listed_objects("customers"));
}

#[tokio::test]
async fn default_page_and_has_more() {
    let srv = server(30).await;
    let r = get(&srv, "/v1/customers").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["data"].as_array().unwrap().len(), 10);
    assert_eq!(r.body["has_more"], true);
    let oracle = srv.simulator().listed_objects("customers");
    assert_eq!(r.body["data"].as_array().unwrap()[..], oracle[..10]);
    let r = get(&srv, "/v1/customers?limit=100").await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 30);
    assert_eq!(r.body["has_more"], false);
}

#[tokio::test]
async fn ending_before_walks_backwards() {
    let srv = server(60).await;
    let oracle = srv.simulator().listed_objects("customers");
    let all = ids(&oracle);
    let pivot = 45;
    let r = get(
        &srv,
        &format!("/v1/customers?limit=10&ending_before={}", all[pivot]),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(ids(r.body["data"].as_array().unwrap()), all[35..45]);
    assert_eq!(r.body["has_more"], true);

    // Page back to the newest object using the first id of each page as the next cursor.
    let mut collected: Vec<String> = Vec::new();
    let mut cursor = all[pivot].clone();
    for round in 0.. {
        assert!(round <= pivot, "ending_before paging does not terminate");
        let r = get(
            &srv,
            &format!("/v1/customers?limit=7&ending_before={cursor}"),
        )
        .await;
        let page = ids(r.body["data"].as_array().unwrap());
        let mut next = page.clone();
        next.extend(collected);
        collected = next;
        if r.body["has_more"] == false {
            break;
        }
        cursor = page[0].clone();
    }
    assert_eq!(collected, all[..pivot]);

    // Nothing is newer than the newest object.
    let r = get(&srv, &format!("/v1/customers?ending_before={}", all[0])).await;
    assert_eq!(r.body["data"].as_array().unwrap().len(), 0);
    assert_eq!(r.body["has_more"], false);
}

#[tokio::test]
async fn created_filters_match_oracle() {
    let srv = server(80).await;
    let sim = srv.simulator().clone();
    for resource in ["customers", "charges"] {
        let oracle = sim.listed_objects(resource);
        let t = created(&oracle[oracle.len() / 2]);
        let cases: Vec<(String, Pred)> = vec![
            (format!("created={t}"), Box::new(move |c| c == t)),
            (format!("created[gt]={t}"), Box::new(move |c| c > t)),
            (format!("created[gte]={t}"), Box::new(move |c| c >= t)),
            (format!("created[lt]={t}"), Box::new(move |c| c < t)),
            (format!("created[lte]={t}"), Box::new(move |c| c <= t)),
            (
                format!(
                    "created[gte]={}&created[lt]={}",
                    t - 5_000_000,
                    t + 5_000_000
                ),
                Box::new(move |c| c >= t - 5_000_000 && c < t + 5_000_000),
            ),
            // Brackets percent-encoded, as form encoders send them.
            (format!("created%5Blte%5D={t}"), Box::new(move |c| c <= t)),
        ];
        for (params, pred) in cases {
            let expected: Vec<Value> = oracle
                .iter()
                .filter(|o| pred(created(o)))
                .cloned()
                .collect();
            let got = walk(&srv, resource, &params, 9).await;
            assert_eq!(ids(&got), ids(&expected), "{resource}?{params}");
            assert!(
                !expected.is_empty(),
                "{resource}?{params} should not be vacuous"
            );
        }
    }
}

#[tokio::test]
async fn email_filter_is_exact_and_case_sensitive() {
    let srv = server(400).await;
    let oracle = srv.simulator().listed_objects("customers");
    let mut by_email: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in &oracle {
        if let Some(e) = c["email"].as_str() {
            by_email
                .entry(e.into())
                .or_default()
                .push(c["id"].as_str().unwrap().into());
        }
    }
    // The generator shares some emails between customers; the filter must return all of them.
    let (email, expected) = by_email.iter().max_by_key(|(_, v)| v.len()).unwrap();
    assert!(expected.len() >= 2, "dataset should contain a shared email");
    let q = format!("email={}", email.replace('@', "%40"));
    let got = walk(&srv, "customers", &q, 100).await;
    assert_eq!(&ids(&got), expected);

    let upper = email.to_uppercase();
    if !by_email.contains_key(&upper) {
        let got = walk(&srv, "customers", &format!("email={upper}"), 100).await;
        assert!(got.is_empty(), "email filter must be case-sensitive");
    }
    let got = walk(&srv, "customers", "email=nobody%40nowhere.example", 100).await;
    assert!(got.is_empty());
    let got = walk(&srv, "customers", "test_clock=clock_123", 100).await;
    assert!(got.is_empty());
}

#[tokio::test]
async fn charge_filters_match_oracle() {
    let srv = server(120).await;
    let oracle = srv.simulator().objects("charges");
    let field_eq = |field: &str, value: &str| -> Vec<String> {
        ids(&oracle
            .iter()
            .filter(|o| o[field].as_str() == Some(value))
            .cloned()
            .collect::<Vec<_>>())
    };
    let customer = oracle
        .iter()
        .filter_map(|o| o["customer"].as_str())
        .max_by_key(|c| field_eq("customer", c).len())
        .unwrap()
        .to_string();
    let expected = field_eq("customer", &customer);
    assert!(expected.len() >= 2);
    assert_eq!(
        ids(&walk(&srv, "charges", &format!("customer={customer}"), 2).await),
        expected
    );

    let pi = oracle
        .iter()
        .find_map(|o| o["payment_intent"].as_str())
        .unwrap()
        .to_string();
    let got = walk(&srv, "charges", &format!("payment_intent={pi}"), 10).await;
    assert_eq!(ids(&got), field_eq("payment_intent", &pi));
    assert_eq!(got.len(), 1);

    let group = oracle
        .iter()
        .find_map(|o| o["transfer_group"].as_str())
        .unwrap()
        .to_string();
    let got = walk(&srv, "charges", &format!("transfer_group={group}"), 10).await;
    assert_eq!(ids(&got), field_eq("transfer_group", &group));

    // Two filters and a created bound together.
    let t = oracle
        .iter()
        .filter(|o| o["customer"] == customer.as_str())
        .map(created)
        .min()
        .unwrap();
    let q = format!("customer={customer}&created[gt]={t}&payment_intent={pi}");
    let expected: Vec<String> = ids(&oracle
        .iter()
        .filter(|o| {
            o["customer"] == customer.as_str()
                && created(o) > t
                && o["payment_intent"] == pi.as_str()
        })
        .cloned()
        .collect::<Vec<_>>());
    assert_eq!(ids(&walk(&srv, "charges", &q, 3).await), expected);

    // A cursor that does not itself match the filter still marks a position.
    let all = ids(&oracle);
    let mid = &all[all.len() / 2];
    let q = format!("customer={customer}");
    let got = get(
        &srv,
        &format!("/v1/charges?{q}&limit=100&starting_after={mid}"),
    )
    .await;
    let pos = |id: &str| all.iter().position(|x| x == id).unwrap();
    let expected: Vec<&String> = field_eq("customer", &customer)
        .iter()
        .filter(|id| pos(id) > pos(mid))
        .map(|id| &all[pos(id)])
        .collect();
    let got_ids = ids(got.body["data"].as_array().unwrap());
    assert_eq!(got_ids.iter().collect::<Vec<_>>(), expected);
}
