//! Whole-dataset checks over every table: references resolve, ids are unique and prefixed,
//! generation is deterministic and lazy.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::catalog::CATALOG;
use crate::registry::{Kind, REGISTRY};
use crate::{SimConfig, Simulator};

fn sim(seed: u64, customers: usize) -> Simulator {
    Simulator::new(SimConfig {
        seed,
        customers,
        ..SimConfig::default()
    })
}

/// Ids of every object of every table, by object name.
fn ids_by_object(sim: &Simulator) -> HashMap<&'static str, HashSet<String>> {
    let mut out: HashMap<&'static str, HashSet<String>> = HashMap::new();
    for spec in &REGISTRY.specs {
        for o in sim.objects(&spec.path) {
            out.entry(spec.object)
                .or_default()
                .insert(o["id"].as_str().unwrap().to_string());
        }
    }
    out
}

#[test]
fn every_table_is_populated_with_prefixed_unique_ids() {
    let sim = sim(5, 40);
    for spec in &REGISTRY.specs {
        let objects = sim.objects(&spec.path);
        assert_eq!(objects.len(), sim.count(&spec.path), "{}", spec.path);
        let ids: HashSet<&str> = objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), objects.len(), "{}: duplicate ids", spec.path);
        if spec.path != "payment_intents" {
            if let Some(def) = CATALOG.objects.get(spec.object) {
                assert!(
                    ids.iter().all(|id| id.starts_with(&def.prefix)),
                    "{}",
                    spec.path
                );
            }
        }
        if spec.top_level {
            assert!(!objects.is_empty(), "{} is empty", spec.path);
        }
    }
    assert!(sim.resources().len() >= 70, "{}", sim.resources().len());
}

#[test]
fn references_resolve_to_existing_objects() {
    let sim = sim(6, 40);
    let ids = ids_by_object(&sim);
    let mut checked = 0;
    for spec in &REGISTRY.specs {
        // Hand-written customers and charges keep their frozen shapes; checked below.
        let (Kind::Generic(_), Some(def)) = (&spec.kind, CATALOG.objects.get(spec.object)) else {
            continue;
        };
        for o in sim.objects(&spec.path) {
            for (field, f) in &def.fields {
                if f.k != "ref" {
                    continue;
                }
                let Some(value) = o[field.as_str()].as_str() else {
                    continue;
                };
                let served: Vec<&String> =
                    f.to.iter()
                        .filter(|t| ids.contains_key(t.as_str()))
                        .collect();
                if served.is_empty() {
                    continue;
                }
                assert!(
                    served.iter().any(|t| ids[t.as_str()].contains(value)),
                    "{}.{field} = {value} names no existing {served:?}",
                    spec.path
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
    for ch in sim.objects("charges") {
        for (field, object) in [
            ("customer", "customer"),
            ("payment_intent", "payment_intent"),
        ] {
            if let Some(id) = ch[field].as_str() {
                assert!(ids[object].contains(id), "charge.{field} {id}");
            }
        }
    }
}

#[test]
fn children_agree_with_their_parents() {
    let sim = sim(7, 40);
    let mut lines = 0;
    for inv in sim.objects("invoices") {
        let id = inv["id"].as_str().unwrap();
        let children = sim.children("invoices/{id}/lines", id);
        assert!(!children.is_empty(), "invoice {id} has no lines");
        let embedded = inv["lines"]["data"].as_array().unwrap();
        assert_eq!(embedded[..], children[..children.len().min(10)]);
        assert_eq!(inv["lines"]["has_more"], children.len() > 10);
        lines += children.len();
        for item in sim.objects("invoiceitems") {
            if item["invoice"] == id {
                assert_eq!(item["customer"], inv["customer"]);
            }
        }
    }
    assert_eq!(lines, sim.count("invoices/{id}/lines"));
    for refund in sim.objects("refunds") {
        let charge = sim
            .object("charges", refund["charge"].as_str().unwrap())
            .unwrap();
        assert_eq!(refund["payment_intent"], charge["payment_intent"]);
    }
    for sub in sim.objects("subscriptions") {
        let items = sim.objects("subscription_items");
        let mine: Vec<&Value> = items
            .iter()
            .filter(|i| i["subscription"] == sub["id"])
            .collect();
        assert!(!mine.is_empty());
        assert_eq!(
            sub["items"]["data"].as_array().unwrap().len(),
            mine.len().min(10)
        );
    }
}

#[test]
fn deterministic_and_lazy() {
    let a = sim(9, 30);
    let b = sim(9, 30);
    assert_eq!(a.generated_tables(), 0);
    assert_eq!(
        a.objects("invoices/{id}/lines"),
        b.objects("invoices/{id}/lines")
    );
    assert!(a.generated_tables() < REGISTRY.specs.len());
    assert_eq!(a.objects("invoices"), b.objects("invoices"));
    assert_ne!(a.objects("invoices"), sim(10, 30).objects("invoices"));
    a.warm();
    assert_eq!(a.generated_tables(), REGISTRY.specs.len());
}

#[test]
fn objects_are_on_their_customers_test_clock() {
    let sim = sim(11, 100);
    let clock_of: HashMap<String, Value> = sim
        .objects("customers")
        .into_iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["test_clock"].clone(),
            )
        })
        .collect();
    let mut on_clock = HashSet::new();
    for spec in &REGISTRY.specs {
        for o in sim.objects(&spec.path) {
            let (Some(clock), Some(customer)) = (o.get("test_clock"), o["customer"].as_str())
            else {
                continue;
            };
            assert_eq!(clock, &clock_of[customer], "{} {}", spec.path, o["id"]);
            if !clock.is_null() {
                on_clock.insert(spec.path.as_str());
            }
        }
    }
    for path in ["invoices", "invoiceitems", "subscriptions", "quotes"] {
        assert!(on_clock.contains(path), "no {path} on a test clock");
    }
    let hiding: Vec<&str> = REGISTRY
        .specs
        .iter()
        .filter(|s| s.test_clock_slot.is_some())
        .map(|s| s.path.as_str())
        .collect();
    assert_eq!(hiding, ["customers", "subscriptions", "quotes"]);
}
