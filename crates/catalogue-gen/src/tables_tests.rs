//! Table detection on a small synthetic spec shaped like Stripe's.

use super::*;
use serde_json::json;

fn list_op(item: &str, params: Value) -> Value {
    json!({"get": {
        "description": "<p>List them.</p>",
        "parameters": params,
        "responses": {"200": {"content": {"application/json": {"schema": {
            "type": "object",
            "properties": {
                "object": {"type": "string", "enum": ["list"]},
                "data": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
                "has_more": {"type": "boolean"}
            }
        }}}}}
    }})
}

fn q(name: &str, schema: Value, required: bool) -> Value {
    json!({"in": "query", "name": name, "required": required, "schema": schema})
}

fn object(name: &str, extra: Value) -> Value {
    let mut props = json!({
        "id": {"type": "string", "description": "Unique identifier for the object."},
        "object": {"type": "string", "enum": [name]},
        "created": {"type": "integer", "format": "unix-time"}
    });
    for (k, v) in extra.as_object().unwrap() {
        props[k] = v.clone();
    }
    json!({"x-resourceId": name, "type": "object", "description": format!("A {name}. More."), "properties": props})
}

fn spec() -> Value {
    let expandable = |target: &str| json!({"anyOf": [{"type": "string"}, {"$ref": format!("#/components/schemas/{target}")}]});
    let created = q(
        "created",
        json!({"anyOf": [{"type": "object"}, {"type": "integer"}]}),
        false,
    );
    json!({
        "info": {"version": "2099-01-01"},
        "components": {"schemas": {
            "customer": object("customer", json!({"email": {"type": "string"}})),
            "invoice": object("invoice", json!({
                "customer": expandable("customer"),
                "status": {"type": "string", "enum": ["draft", "paid"]}
            })),
            "line_item": {"type": "object", "properties": {"id": {"type": "string"}, "amount": {"type": "integer"}}},
            "subscription": object("subscription", json!({"status": {"type": "string", "enum": ["active"]}})),
            "subscription_item": object("subscription_item", json!({"subscription": {"type": "string"}})),
            "balance_transaction": object("balance_transaction", json!({})),
            "test_helpers.test_clock": object("test_helpers.test_clock", json!({})),
            "apps.secret": object("apps.secret", json!({}))
        }},
        "paths": {
            "/v1/customers": list_op("customer", json!([created, q("email", json!({"type": "string"}), false)])),
            "/v1/customers/{customer}": {"get": {}},
            "/v1/invoices": list_op("invoice", json!([
                q("customer", json!({"type": "string"}), false),
                q("status", json!({"type": "string", "enum": ["draft", "paid"]}), false),
                q("limit", json!({"type": "integer"}), false)
            ])),
            "/v1/invoices/{invoice}": {"get": {}},
            "/v1/invoices/{invoice}/lines": list_op("line_item", json!([])),
            "/v1/invoices/upcoming/lines": list_op("line_item", json!([])),
            "/v1/subscriptions": list_op("subscription", json!([q("status", json!({"type": "string"}), false)])),
            "/v1/subscription_items": list_op("subscription_item", json!([q("subscription", json!({"type": "string"}), true)])),
            "/v1/balance_transactions": list_op("balance_transaction", json!([])),
            "/v1/balance/history": list_op("balance_transaction", json!([])),
            "/v1/test_helpers/test_clocks": list_op("test_helpers.test_clock", json!([])),
            "/v1/apps/secrets": list_op("apps.secret", json!([q("scope", json!({"type": "object"}), true)]))
        }
    })
}

fn by_name(tables: &[Table], name: &str) -> Table {
    tables
        .iter()
        .find(|t| t.name == name)
        .cloned()
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn top_level_tables_skip_aliases_previews_and_test_helpers() {
    let tables = tables(&spec()).unwrap();
    let names: Vec<_> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "AppsSecrets",
            "BalanceTransactions",
            "Customers",
            "InvoiceLineItems",
            "Invoices",
            "SubscriptionItems",
            "Subscriptions",
            "TestClocks"
        ]
    );
    let customers = by_name(&tables, "Customers");
    assert_eq!(customers.path, "/v1/customers");
    assert_eq!(customers.description, "A customer.");
    assert!(customers.created_filter && customers.retrieve);
    assert_eq!(
        customers.filters,
        [Filter {
            column: "Email".into(),
            param: "email".into(),
            case_sensitive: true
        }]
    );
    let invoices = by_name(&tables, "Invoices");
    assert!(!invoices.created_filter, "no created parameter");
    let filters: Vec<_> = invoices
        .filters
        .iter()
        .map(|f| (f.column.as_str(), f.param.as_str(), f.case_sensitive))
        .collect();
    assert_eq!(
        filters,
        [
            ("CustomerId", "customer", true),
            ("Status", "status", false)
        ]
    );
    assert!(!by_name(&tables, "BalanceTransactions").retrieve);
}

#[test]
fn children_parents_and_complete_scans() {
    let tables = tables(&spec()).unwrap();
    let lines = by_name(&tables, "InvoiceLineItems");
    assert_eq!(lines.path, "/v1/invoices/{invoice}/lines");
    assert!(!lines.retrieve);
    let parent = lines.parent.clone().unwrap();
    assert_eq!(
        (
            parent.table.as_str(),
            parent.column.as_str(),
            parent.key.as_str(),
            parent.in_path
        ),
        ("Invoices", "InvoiceId", "invoice", true)
    );
    assert_eq!(
        lines.columns[1].name, "InvoiceId",
        "synthetic parent column"
    );
    assert_eq!(
        lines.description, "List them.",
        "falls back to the endpoint's description"
    );
    let items = by_name(&tables, "SubscriptionItems");
    let parent = items.parent.clone().unwrap();
    assert_eq!(
        (
            parent.table.as_str(),
            parent.column.as_str(),
            parent.in_path
        ),
        ("Subscriptions", "SubscriptionId", false)
    );
    assert!(
        items.column("Subscription").is_none(),
        "renamed to the parent column"
    );
    assert_eq!(
        items.column("SubscriptionId").map(|c| c.path.clone()),
        Some(vec!["subscription".to_string()])
    );
    assert!(items.required_params.is_empty() && items.filters.is_empty());
    assert_eq!(
        by_name(&tables, "Subscriptions").default_params,
        [("status".to_string(), "all".to_string())]
    );
    let secrets = by_name(&tables, "AppsSecrets");
    assert_eq!(secrets.required_params, ["scope"]);
    assert!(secrets.parent.is_none());
}

#[test]
fn output_is_deterministic_and_complete() {
    let spec = spec();
    let a = crate::generate(&spec).unwrap();
    assert_eq!(a, crate::generate(&spec).unwrap());
    assert!(a.starts_with("// @generated"));
    assert!(a.contains("pub static INVOICE_LINE_ITEMS: ResourceSpec"));
    assert!(a.contains("parent: Some(ParentSpec { resource: &INVOICES, column: \"InvoiceId\", key: \"invoice\", in_path: true }),"));
    assert!(a.contains("col(\"CustomerId\", &[\"customer\"], K::ExpandableId, \"\"),"));
    assert!(a.contains("pub const SPEC_VERSION: &str = \"2099-01-01\";"));
    let md = crate::generate_markdown(&spec).unwrap();
    assert!(
        md.contains("| Customers | `GET /v1/customers` | `Id`, `Created`, `Email` | 4 |"),
        "{md}"
    );
    assert!(tables(&json!({})).is_err());
}

#[test]
fn test_clock_hiding_is_read_from_the_parameter_docs() {
    let param = |doc: &str| json!({"name": "test_clock", "in": "query", "description": doc});
    let customers = param("Provides a list of customers that are associated with the specified test clock. The response will not include customers with test clocks if this parameter is not set.");
    let subscriptions = param("Filter for subscriptions that are associated with the specified test clock. The response will not include subscriptions with test clocks if this and the customer parameter is not set.");
    let plain = param("Filter by test clock.");
    assert_eq!(super::test_clock_unhide(&[&customers]), ["test_clock"]);
    assert_eq!(
        super::test_clock_unhide(&[&subscriptions]),
        ["test_clock", "customer"]
    );
    assert!(super::test_clock_unhide(&[&plain]).is_empty());
    assert!(super::test_clock_unhide(&[]).is_empty());
}
