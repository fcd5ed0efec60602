//! Test clocks over real HTTP: the clock endpoints, and customers, subscriptions and quotes on
//! a clock hidden from their lists unless the request names the clock (or the customer), as
//! Stripe does; other lists and retrieves are unaffected.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{get, ids, server, server_with, walk};
use serde_json::Value;
use stripe_sim::{SimConfig, Simulator};

const CLOCKS: &str = "test_helpers/test_clocks";

fn clock_of(o: &Value) -> Option<&str> {
    o["test_clock"].as_str()
}

#[tokio::test]
async fn clock_endpoints_list_and_retrieve() {
    let srv = server(50).await;
    let sim = srv.simulator().clone();
    let clocks = sim.objects(CLOCKS);
    assert_eq!(clocks.len(), 2, "default config has two clocks");
    assert_eq!(ids(&clocks), sim.test_clocks());
    assert_eq!(walk(&srv, CLOCKS, "", 1).await, clocks);
    for c in &clocks {
        let id = c["id"].as_str().unwrap();
        assert!(id.starts_with("clock_") && id.len() == 30, "{id}");
        assert_eq!(c["object"], "test_helpers.test_clock");
        assert_eq!(c["status"], "ready");
        let frozen = c["frozen_time"].as_i64().unwrap();
        assert!(frozen <= c["created"].as_i64().unwrap());
        assert_eq!(
            c["deletes_after"].as_i64().unwrap(),
            c["created"].as_i64().unwrap() + 30 * 86_400
        );
        let r = get(&srv, &format!("/v1/{CLOCKS}/{id}")).await;
        assert_eq!(r.status, 200);
        assert_eq!(&r.body, c);
    }
    let r = get(&srv, &format!("/v1/{CLOCKS}/clock_nope")).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.body["error"]["message"],
        "No such test_helpers.test_clock: 'clock_nope'"
    );
    // The clock list has no `created` filter on Stripe.
    let r = get(&srv, &format!("/v1/{CLOCKS}?created=1")).await;
    assert_eq!(r.body["error"]["code"], "parameter_unknown");
    let stats = sim.stats();
    assert_eq!(stats.get("GET /v1/test_helpers/test_clocks"), 3);
    assert_eq!(stats.get("GET /v1/test_helpers/test_clocks/{id}"), 3);
    srv.shutdown().await;
}

#[tokio::test]
async fn customers_on_clocks_are_listed_only_by_clock() {
    let srv = server(100).await;
    let sim = srv.simulator().clone();
    let all = sim.objects("customers");
    let clocks = sim.test_clocks();
    let mut by_clock: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for c in &all {
        if let Some(clock) = clock_of(c) {
            by_clock.entry(clock).or_default().push(c.clone());
        }
    }
    // 100 customers: 4 more on clocks, every clock has some.
    assert_eq!(all.len(), 104);
    assert_eq!(by_clock.len(), 2);
    assert!(clocks.iter().all(|c| by_clock.contains_key(c.as_str())));

    let listed = walk(&srv, "customers", "", 9).await;
    assert_eq!(listed.len(), 100);
    assert!(listed.iter().all(|c| clock_of(c).is_none()));
    assert_eq!(listed, sim.listed_objects("customers"));
    assert_eq!(sim.listed_count("customers"), 100);
    assert!(sim.hides_test_clock_objects("customers"));

    for (clock, want) in &by_clock {
        let got = walk(&srv, "customers", &format!("test_clock={clock}"), 1).await;
        assert_eq!(&got, want, "{clock}");
        // A retrieve returns any customer.
        let id = want[0]["id"].as_str().unwrap();
        let r = get(&srv, &format!("/v1/customers/{id}")).await;
        assert_eq!(r.status, 200);
        assert_eq!(&r.body, &want[0]);
        // Another filter alone does not reveal it (only `test_clock` does).
        if let Some(email) = want[0]["email"].as_str() {
            let q = format!("email={}", email.replace('@', "%40"));
            let got = walk(&srv, "customers", &q, 10).await;
            assert!(got.iter().all(|c| clock_of(c).is_none()), "{q}");
            let got = walk(&srv, "customers", &format!("{q}&test_clock={clock}"), 10).await;
            assert!(got.iter().any(|c| c["id"] == id), "{q}");
        }
    }
    let got = walk(&srv, "customers", "test_clock=clock_unknown", 10).await;
    assert!(got.is_empty());
    srv.shutdown().await;
}

#[tokio::test]
async fn subscriptions_and_quotes_follow_their_customer() {
    let srv = server(100).await;
    let sim = srv.simulator().clone();
    let customers: BTreeMap<String, Value> = sim
        .objects("customers")
        .into_iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c))
        .collect();
    for (resource, unfiltered) in [("subscriptions", "status=all"), ("quotes", "")] {
        assert!(sim.hides_test_clock_objects(resource));
        let all = sim.objects(resource);
        for o in &all {
            let customer = &customers[o["customer"].as_str().unwrap()];
            assert_eq!(o["test_clock"], customer["test_clock"], "{resource}");
        }
        let on_clock: Vec<&Value> = all.iter().filter(|o| clock_of(o).is_some()).collect();
        assert!(!on_clock.is_empty(), "{resource}: none on a clock");
        let listed = walk(&srv, resource, unfiltered, 25).await;
        assert_eq!(listed, sim.listed_objects(resource), "{resource}");
        assert_eq!(listed.len() + on_clock.len(), all.len(), "{resource}");
        assert!(listed.iter().all(|o| clock_of(o).is_none()));

        let sep = if unfiltered.is_empty() { "" } else { "&" };
        let o = on_clock[0];
        let clock = clock_of(o).unwrap();
        let got = walk(
            &srv,
            resource,
            &format!("{unfiltered}{sep}test_clock={clock}"),
            5,
        )
        .await;
        let want: Vec<Value> = all
            .iter()
            .filter(|x| clock_of(x) == Some(clock))
            .cloned()
            .collect();
        assert_eq!(got, want, "{resource}?test_clock");
        // `customer=` reveals that customer's objects, clock or not.
        let customer = o["customer"].as_str().unwrap();
        let got = walk(
            &srv,
            resource,
            &format!("{unfiltered}{sep}customer={customer}"),
            5,
        )
        .await;
        let want: Vec<Value> = all
            .iter()
            .filter(|x| x["customer"] == customer)
            .cloned()
            .collect();
        assert_eq!(got, want, "{resource}?customer");
        assert!(got.iter().any(|x| x["id"] == o["id"]));
    }
    srv.shutdown().await;
}

#[tokio::test]
async fn other_lists_show_objects_of_clock_customers() {
    let srv = server(100).await;
    let sim = srv.simulator().clone();
    let clocked: BTreeSet<String> = sim
        .objects("customers")
        .iter()
        .filter(|c| clock_of(c).is_some())
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let of_clocked = |o: &Value| o["customer"].as_str().is_some_and(|c| clocked.contains(c));
    let charges = walk(&srv, "charges", "", 100).await;
    assert_eq!(charges, sim.objects("charges"));
    assert!(
        charges.iter().any(of_clocked),
        "no charge of a clock customer"
    );
    assert!(!sim.hides_test_clock_objects("charges"));
    let invoices = walk(&srv, "invoices", "", 100).await;
    assert_eq!(invoices, sim.objects("invoices"));
    let mut on_clock = 0;
    for inv in &invoices {
        assert_eq!(of_clocked(inv), clock_of(inv).is_some(), "{}", inv["id"]);
        on_clock += usize::from(of_clocked(inv));
    }
    assert!(on_clock > 0, "no invoice of a clock customer");
    srv.shutdown().await;
}

/// Adding test clocks only adds objects: every object of the same seed without clocks is
/// still there, byte for byte (other crates' tests know these datasets).
#[test]
fn clocks_only_add_objects() {
    for (seed, customers) in [(7, 120), (42, 60), (3, 1)] {
        let config = |test_clocks| SimConfig {
            seed,
            customers,
            test_clocks,
            ..SimConfig::default()
        };
        let without = Simulator::new(config(0));
        let with = Simulator::new(config(3));
        assert!(without.test_clocks().is_empty());
        assert_eq!(without.count("customers"), customers);
        assert_eq!(with.test_clocks().len(), 3);
        assert_eq!(with.count("customers"), customers + (customers / 25).max(3));
        assert_eq!(
            with.listed_objects("customers"),
            without.objects("customers"),
            "seed {seed}"
        );
        let mut tables: Vec<String> = with.resources().iter().map(|r| r.to_string()).collect();
        tables.extend(with.nested_resources());
        let mut added = 0;
        for table in &tables {
            let new: BTreeMap<String, Value> = with
                .objects(table)
                .into_iter()
                .map(|o| (o["id"].as_str().unwrap().to_string(), o))
                .collect();
            for o in without.objects(table) {
                let id = o["id"].as_str().unwrap();
                assert_eq!(new.get(id), Some(&o), "seed {seed}: {table} {id}");
            }
            added += new.len() - without.count(table);
        }
        assert!(
            added > customers / 25,
            "seed {seed}: only {added} objects added"
        );
        // The new charges are all the clock customers'.
        for c in with.objects("charges") {
            let id = c["id"].as_str().unwrap();
            if without.object("charges", id).is_none() {
                let customer = with.object("customers", c["customer"].as_str().unwrap());
                assert!(clock_of(&customer.unwrap()).is_some(), "{id}");
            }
        }
    }
    let empty = Simulator::new(SimConfig {
        customers: 0,
        ..SimConfig::default()
    });
    assert_eq!(empty.count("customers"), 0);
    assert_eq!(empty.test_clocks().len(), 2);
}

#[tokio::test]
async fn no_clocks_hides_nothing() {
    let srv = server_with(SimConfig {
        customers: 40,
        test_clocks: 0,
        ..SimConfig::default()
    })
    .await;
    let sim = srv.simulator().clone();
    let r = get(&srv, &format!("/v1/{CLOCKS}")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["data"], Value::Array(Vec::new()));
    assert_eq!(
        walk(&srv, "customers", "", 100).await,
        sim.objects("customers")
    );
    assert_eq!(sim.listed_count("customers"), 40);
    srv.shutdown().await;
}
