//! Generated objects conform to Stripe's OpenAPI spec (types, nullability, enums, required and
//! unknown fields, recursively) and carry exactly the top-level fields of the spec version's
//! fixture. Uses the shared spec files; skipped (with a message) where they are not checked out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use stripe_sim::{SimConfig, Simulator};

fn shared(file: &str) -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/stripe-openapi")
        .join(file);
    let text = std::fs::read_to_string(&path).ok()?;
    Some(serde_json::from_str(&text).unwrap())
}

fn check(v: &Value, schema: &Value, spec: &Value, path: &str, errs: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &spec["components"]["schemas"][name];
        return check(v, target, spec, path, errs);
    }
    if v.is_null() {
        if schema["nullable"] != true {
            errs.push(format!("{path}: null but not nullable"));
        }
        return;
    }
    if let Some(variants) = schema["anyOf"].as_array() {
        let ok = variants.iter().any(|s| {
            let mut local = Vec::new();
            check(v, s, spec, path, &mut local);
            local.is_empty()
        });
        if !ok {
            errs.push(format!("{path}: matches no anyOf variant: {v}"));
        }
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(v) {
            errs.push(format!("{path}: {v} not in enum {allowed:?}"));
        }
    }
    let type_ok = match schema["type"].as_str() {
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        Some("array") => {
            for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                check(item, &schema["items"], spec, &format!("{path}[{i}]"), errs);
            }
            v.is_array()
        }
        Some("object") => {
            check_object(v, schema, spec, path, errs);
            v.is_object()
        }
        _ => true,
    };
    if !type_ok {
        errs.push(format!("{path}: {v} is not a {}", schema["type"]));
    }
}

fn check_object(v: &Value, schema: &Value, spec: &Value, path: &str, errs: &mut Vec<String>) {
    let Some(obj) = v.as_object() else { return };
    for req in schema["required"].as_array().into_iter().flatten() {
        if !obj.contains_key(req.as_str().unwrap()) {
            errs.push(format!("{path}: missing required {req}"));
        }
    }
    for (k, child) in obj {
        let sub = format!("{path}.{k}");
        match schema["properties"].get(k) {
            Some(s) => check(child, s, spec, &sub, errs),
            None if schema["additionalProperties"].is_object() => {
                check(child, &schema["additionalProperties"], spec, &sub, errs)
            }
            None if schema["properties"].is_object() => errs.push(format!("{sub}: not in spec")),
            None => {}
        }
    }
}

#[test]
fn objects_conform_to_spec_and_fixture_fields() {
    let (Some(spec), Some(fixtures)) = (shared("spec3.json"), shared("fixtures3.2023-08-16.json"))
    else {
        eprintln!("shared/stripe-openapi not present; spec conformance not checked");
        return;
    };
    let sim = Simulator::new(SimConfig {
        customers: 300,
        test_clocks: 8,
        ..SimConfig::default()
    });
    for (resource, schema_name) in [
        ("customers", "customer"),
        ("charges", "charge"),
        ("test_helpers/test_clocks", "test_helpers.test_clock"),
    ] {
        let schema = &spec["components"]["schemas"][schema_name];
        let fixture_keys: BTreeSet<&String> = fixtures["resources"][schema_name]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        let objects = sim.objects(resource);
        assert!(!objects.is_empty());
        let mut errs = Vec::new();
        for o in &objects {
            check(o, schema, &spec, o["id"].as_str().unwrap(), &mut errs);
            let keys: BTreeSet<&String> = o.as_object().unwrap().keys().collect();
            assert_eq!(keys, fixture_keys, "{resource} top-level fields");
        }
        errs.truncate(20);
        assert!(errs.is_empty(), "{resource}: {errs:#?}");
    }

    // The checker itself must be able to fail.
    let mut bad = sim.objects("customers").remove(0);
    bad["balance"] = "12".into();
    bad["invented_field"] = 1.into();
    bad["tax_exempt"] = "sometimes".into();
    bad["address"]["city"] = 3.into();
    bad.as_object_mut().unwrap().remove("id");
    let mut errs = Vec::new();
    check(
        &bad,
        &spec["components"]["schemas"]["customer"],
        &spec,
        "bad",
        &mut errs,
    );
    assert_eq!(errs.len(), 5, "{errs:#?}");
}

#[test]
fn data_is_varied() {
    let sim = Simulator::new(SimConfig {
        customers: 500,
        ..SimConfig::default()
    });
    let customers = sim.objects("customers");
    let share = |pred: &dyn Fn(&Value) -> bool| {
        customers.iter().filter(|c| pred(c)).count() * 100 / customers.len()
    };
    assert!((4..=18).contains(&share(&|c| !c["discount"].is_null())));
    assert!(share(&|c| c["metadata"]["plan"] == "pro") > 0);
    assert!(share(&|c| c["address"].is_null()) > 10);
    assert!(share(&|c| c["email"].is_null()) > 0);
    let charges = sim.objects("charges");
    let per_customer = charges.len() as f64 / customers.len() as f64;
    assert!((2.5..=3.5).contains(&per_customer), "{per_customer}");
    let statuses: BTreeSet<&str> = charges
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, BTreeSet::from(["failed", "pending", "succeeded"]));
    let guests = charges.iter().filter(|c| c["customer"].is_null()).count() * 100 / charges.len();
    assert!((5..=15).contains(&guests), "{guests}");
    assert!(charges.iter().any(|c| c["refunded"] == true));
    assert!(charges
        .iter()
        .any(|c| c["amount_refunded"].as_i64() > Some(0) && c["refunded"] == false));
}
