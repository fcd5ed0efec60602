use super::*;
use serde_json::json;

fn customer() -> Value {
    json!({
        "id": "cus_1",
        "object": "customer",
        "created": 1_700_000_000,
        "email": "Jenny.Rosen@Example.com",
        "name": "Jenny Rosen",
        "phone": null,
        "metadata": {"plan": "Pro", "order id": "42"},
        "test_clock": "clock_1",
    })
}

fn charge() -> Value {
    json!({
        "id": "ch_1",
        "object": "charge",
        "amount": 2000,
        "created": 1_700_000_100,
        "currency": "usd",
        "customer": "cus_1",
        "refunded": false,
        "disputed": true,
        "billing_details": {"address": {"postal_code": "94110"}},
        "payment_method_details": {"card": {"last4": "4242"}},
        "metadata": {},
        "status": "succeeded",
    })
}

fn hit(resource: &str, query: &str, obj: &Value) -> bool {
    compile(resource, query)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .matches(obj)
}

fn error(resource: &str, query: &str) -> String {
    let e = compile(resource, query).unwrap_err();
    let j = e.to_json();
    assert_eq!(j["error"]["param"], "query", "{query}");
    assert_eq!(j["error"]["type"], "invalid_request_error", "{query}");
    e.to_string()
}

#[test]
fn exact_and_substring_ignore_case() {
    let c = customer();
    assert!(hit("customers", "email:'jenny.rosen@example.com'", &c));
    assert!(hit("customers", "email~\"ROSEN@ex\"", &c));
    assert!(hit("customers", "name~\"jen\"", &c));
    assert!(!hit("customers", "email:\"jenny\"", &c));
    assert!(!hit("customers", "name~\"jenx\"", &c));
    assert!(hit("customers", "-name~\"jenx\"", &c));
    assert!(hit("customers", "test_clock:\"clock_1\"", &c));
}

#[test]
fn null_metadata_and_negation() {
    let c = customer();
    assert!(hit("customers", "phone:null", &c));
    assert!(!hit("customers", "email:null", &c));
    assert!(hit("customers", "-email:null", &c));
    assert!(hit("customers", "metadata['plan']:\"pro\"", &c));
    assert!(hit("customers", "metadata[\"order id\"]:42", &c));
    assert!(hit("customers", "metadata[\"missing\"]:null", &c));
    assert!(!hit("customers", "metadata[\"missing\"]:\"x\"", &c));
    // A negated clause on a null field holds.
    assert!(hit("customers", "-phone:\"555\"", &c));
}

#[test]
fn numbers_booleans_and_paths() {
    let ch = charge();
    assert!(hit("charges", "amount:2000", &ch));
    assert!(hit("charges", "amount:\"2000\"", &ch));
    assert!(hit("charges", "amount>1999 amount<2001", &ch));
    assert!(hit("charges", "amount>=2000 AND amount<=2000", &ch));
    assert!(!hit("charges", "amount>2000", &ch));
    assert!(hit("charges", "created>1699999999", &ch));
    assert!(hit("charges", "refunded:false disputed:'TRUE'", &ch));
    assert!(!hit("charges", "refunded:true", &ch));
    assert!(hit(
        "charges",
        "billing_details.address.postal_code:94110",
        &ch
    ));
    assert!(hit(
        "charges",
        "payment_method_details.card.last4:\"4242\"",
        &ch
    ));
    assert!(hit("charges", "customer:\"CUS_1\"", &ch));
    assert!(hit("charges", "status:\"succeeded\" currency:\"USD\"", &ch));
}

#[test]
fn and_or() {
    let c = customer();
    assert!(hit("customers", "name:\"nobody\" OR email~\"jenny\"", &c));
    assert!(!hit("customers", "name:\"nobody\" AND email~\"jenny\"", &c));
    assert!(!hit("customers", "name:\"nobody\" email~\"jenny\"", &c));
}

#[test]
fn unsupported_fields() {
    assert_eq!(
        error("customers", "foo:\"x\""),
        "Field `foo` is an unsupported search field for resource `customers`. See \
         http://stripe.com/docs/search#query-fields-for-customers for a list of supported \
         fields."
    );
    assert!(error("payment_intents", "email:\"x\"").contains("query-fields-for-payment-intents"));
    // Fields of another resource, nested paths and metadata without a key.
    assert!(error("charges", "email:\"x\"").contains("unsupported"));
    assert!(error("charges", "billing_details.address:\"x\"").contains("unsupported"));
    assert!(error("customers", "metadata:\"x\"").contains("needs a key"));
    assert!(error("customers", "metadata.plan:\"x\"").contains("unsupported"));
}

#[test]
fn operator_errors() {
    assert!(error("customers", "email~\"ab\"").contains("at least 3 characters"));
    assert!(error("charges", "currency~\"usd\"").contains("substring operator"));
    assert!(error("customers", "metadata[\"k\"]~\"abc\"").contains("substring operator"));
    assert!(error("prices", "lookup_key~\"abc\"").contains("no `prices` field"));
    assert!(error("customers", "email>\"a\"").contains("range operators"));
    assert!(error("charges", "amount>\"lots\"").contains("numeric"));
    assert!(error("charges", "amount>null").contains("numeric"));
    assert!(error("customers", "email~null").contains("quoted string"));
    assert!(error("customers", "email:\"a\" AND name:\"b\" OR phone:\"c\"").contains("AND and OR"));
    assert!(error("customers", "email:jenny").contains("must be quoted"));
    // Numeric fields take quoted numbers and null.
    assert!(hit("charges", "amount>\"10\"", &charge()));
    assert!(!hit("charges", "amount:null", &charge()));
}
